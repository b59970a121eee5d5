/**
 * `npm run bench`: how the project scales, next to plain minisearch on the same corpus in the same run. One
 * Markdown table: index build, snapshot save and load, heap and RSS, /ask and /timeline p50/p95/p99 over a
 * fixed question set, each with minisearch's defaults and with stemming + stopwords, and the ratios. A second
 * small table: the time to index one article written as a single paragraph of 0.25 to 4 MB, per MB and against
 * the smallest, so any step that grows faster than the text shows as a ratio above 1.
 *
 *   npm run bench                                   a generated corpus (2,000 articles, deterministic)
 *   npm run bench -- --articles 5000                a bigger generated corpus
 *   npm run bench -- --corpus DIR                   real articles; questions from DIR/../questions.jsonl
 *   npm run bench -- --reindex                      also /ask back to back during a /reindex in the worker
 *   npm run bench -- --servers 1000 --corpus DIR    servers with 3 articles each beside DIR (bench/servers.ts)
 *   npm run bench -- --json                         machine-readable results
 *
 * Progress goes to stderr, so stdout is only the table (or the JSON).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import type { NewsIndex } from '../src/index/news-index.js';
import { answerQuestion } from '../src/qa/answer.js';
import { shippedReaderWeights } from '../src/qa/reader.js';
import { decodeArticleBytes, parseArticle } from '../src/corpus/article.js';
import { fingerprintCorpus, listCorpusFiles } from '../src/corpus/directory.js';
import { renderAnswer, renderTimelinePage } from '../src/discord/render.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import { IndexService } from '../src/index/index-service.js';
import { buildPart } from '../src/index/news-index.js';
import { readSnapshot, writeSnapshot } from '../src/index/snapshot-file.js';
import { buildTimeline } from '../src/qa/timeline.js';
import { benchServers, renderServersBench } from './servers.js';

const USAGE = `usage: npm run bench -- [options]

  --corpus DIR       real corpus directory (default: a generated corpus)
  --articles N       size of the generated corpus (default 2000)
  --seed N           seed of the generated corpus (default 1)
  --questions FILE   JSONL with a "question" field (default DIR/../questions.jsonl, else generated)
  --topics FILE      timeline topics, one per line or JSONL with a "topic" field (default: derived)
  -n N               questions to time (default 200)
  --baseline-n N     questions to time on the baselines (default 100)
  --skip-baselines   ours only
  --long-runs N      timed runs per size of the one-paragraph article, median kept (default 3)
  --long-max-mb N    largest one-paragraph article (default 4: sizes 0.25, 0.5, 1, 2, 4 MB)
  --reindex          also time /ask back to back during a /reindex in the worker
  --servers N        instead: N servers with 3 articles of their own each beside the corpus, their memory and
                     /ask against the shared index alone (bench/servers.ts)
  --keep             keep the generated corpus (its directory is printed on stderr)
  --json             machine-readable output
`;

const { values: opts } = (() => {
  try {
    return parseArgs({
      options: {
        corpus: { type: 'string' },
        articles: { type: 'string', default: '2000' },
        seed: { type: 'string', default: '1' },
        questions: { type: 'string' },
        topics: { type: 'string' },
        n: { type: 'string', short: 'n', default: '200' },
        'baseline-n': { type: 'string', default: '100' },
        'skip-baselines': { type: 'boolean', default: false },
        'long-runs': { type: 'string', default: '3' },
        'long-max-mb': { type: 'string', default: '4' },
        reindex: { type: 'boolean', default: false },
        servers: { type: 'string' },
        keep: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();
if (opts.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`${flag} must be a whole number of at least 1, not "${value}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}
const ARTICLES = positiveInt('--articles', opts.articles!);
const SEED = positiveInt('--seed', opts.seed!);
const N = positiveInt('-n', opts.n!);
const BASELINE_N = positiveInt('--baseline-n', opts['baseline-n']!);
const LONG_RUNS = positiveInt('--long-runs', opts['long-runs']!);
const TOPIC_COUNT = 20;

const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------------------
// Measuring

/** A full collection, so heap figures are live data only. Works without --expose-gc too, as a fallback. */
const gc: () => void = (() => {
  if (globalThis.gc) return globalThis.gc;
  setFlagsFromString('--expose-gc');
  const fn = runInNewContext('gc') as () => void;
  log('note: run with node --expose-gc (npm run bench does); heap figures use a gc obtained at run time');
  return fn;
})();

function settle(): void {
  gc();
  gc();
}

/** Live memory: V8's used heap plus memory outside it (typed arrays' buffers), which an index may hold too. */
const heapUsed = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
const rss = () => process.memoryUsage().rss;

async function time<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Nearest-rank percentile of `sorted` (ascending), p in (0, 1]. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

function latency(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
}

/** Time `fn` once per input, after one untimed warm-up call. */
function timeEach(
  inputs: readonly string[],
  fn: (input: string) => void,
  hooks: { onError?: (input: string, err: unknown) => void; afterWarmUp?: () => void } = {},
): number[] {
  const { onError, afterWarmUp } = hooks;
  if (inputs.length) {
    try {
      fn(inputs[0]);
    } catch {
      /* reported below when timed */
    }
  }
  afterWarmUp?.();
  const times: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    try {
      fn(input);
    } catch (err) {
      onError?.(input, err);
      continue;
    }
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * Time `fn` and `baseline` once per input each, after one untimed warm-up call of each, taking turns at going
 * first (caches one warms, such as the index's sentence dates, help each as often).
 */
function timeInterleaved(
  inputs: readonly string[],
  fn: (input: string) => void,
  baseline: (input: string) => void,
  hooks: { onError?: (input: string, err: unknown) => void; afterWarmUp?: () => void } = {},
): { times: number[]; baseline: number[] } {
  const times: number[] = [];
  const baselineTimes: number[] = [];
  const timed = (f: (input: string) => void, input: string, into: number[]): boolean => {
    const started = performance.now();
    try {
      f(input);
    } catch (err) {
      hooks.onError?.(input, err);
      return false;
    }
    into.push(performance.now() - started);
    return true;
  };
  if (inputs.length) {
    for (const f of [fn, baseline])
      try {
        f(inputs[0]);
      } catch {
        /* reported below when timed */
      }
  }
  hooks.afterWarmUp?.();
  inputs.forEach((input, i) => {
    if (i % 2 === 0) {
      if (timed(fn, input, times)) timed(baseline, input, baselineTimes);
    } else if (timed(baseline, input, baselineTimes)) timed(fn, input, times);
  });
  return { times, baseline: baselineTimes };
}

// ---------------------------------------------------------------------------------------------------------
// The generated corpus: deterministic, news-like (Zipf vocabulary with stopwords, names, places, dates)

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;

const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const between = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Draws from `items` with probability ∝ 1 / rank^s (rank 1 = items[0]). */
function zipf<T>(rand: Rand, items: readonly T[], s = 1): () => T {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) cumulative[i] = total += 1 / Math.pow(i + 1, s);
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

function shuffle<T>(rand: Rand, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

const STOPWORDS = (
  'the of to and a in that for on is was with he it as at by from his an be has have are but not were they this who ' +
  'had which its will their been after also more would she or than about up one over into her all we there could can ' +
  'out so what other some when if no them while just most only before since such because during those these through ' +
  'any between against under both very our where how then now two first last new'
).split(' ');

const NOUNS = (
  'government minister president officials police market prices election court company deal talks troops vaccine ' +
  'inflation bank rates energy gas oil climate budget tax workers union strike border refugees aid trade exports ' +
  'imports shares investors profit debt loan reform law bill parliament vote campaign protest report study hospital ' +
  'patients doctors school students city region province farmers crops drought flood storm fire ceasefire sanctions ' +
  'embassy treaty summit agreement project plant factory port airport railway bridge pipeline network satellite ' +
  'rocket mission data software chips phones cars batteries power grid water food wheat fuel coal emissions forest ' +
  'wildlife museum festival team match season league coach players title record fans stadium film album award prize ' +
  'author book judge trial jury prosecutors lawyers suspect arrest charges sentence prison army navy missile drone ' +
  'attack soldiers village residents housing rent wages jobs unemployment growth economy recession currency dollar ' +
  'bonds stocks regulators merger contract plan proposal policy strategy committee council agency ministry commission ' +
  'panel inquiry investigation scandal resignation spokesperson statement interview survey poll figures'
).split(' ');

const ADJECTIVES = (
  'former local national federal international foreign economic political military public private senior major key ' +
  'annual early late recent large small global regional rural urban official independent opposition ruling emergency ' +
  'temporary final second third previous next legal financial digital nuclear renewable domestic joint'
).split(' ');

/** [base, past]; the irregular ones matter: the project maps them to their base, plain stemming does not. */
const REAL_VERBS: [string, string][] = [
  ['announce', 'announced'],
  ['agree', 'agreed'],
  ['reject', 'rejected'],
  ['sign', 'signed'],
  ['launch', 'launched'],
  ['approve', 'approved'],
  ['warn', 'warned'],
  ['raise', 'raised'],
  ['open', 'opened'],
  ['close', 'closed'],
  ['block', 'blocked'],
  ['delay', 'delayed'],
  ['expand', 'expanded'],
  ['suspend', 'suspended'],
  ['confirm', 'confirmed'],
  ['deny', 'denied'],
  ['criticise', 'criticised'],
  ['back', 'backed'],
  ['unveil', 'unveiled'],
  ['propose', 'proposed'],
  ['extend', 'extended'],
  ['ban', 'banned'],
  ['restore', 'restored'],
  ['withdraw', 'withdrew'],
  ['win', 'won'],
  ['lose', 'lost'],
  ['meet', 'met'],
  ['send', 'sent'],
  ['hold', 'held'],
  ['build', 'built'],
  ['sell', 'sold'],
  ['buy', 'bought'],
  ['lead', 'led'],
  ['leave', 'left'],
  ['cut', 'cut'],
  ['seek', 'sought'],
];

const FIRST_NAMES = (
  'Maria Ahmed Olga Kenji Amara Lucas Priya Tomas Fatima Diego Ingrid Kwame Mei Rafael Anika Omar Elena Sipho Hana ' +
  'Mateo Leila Pavel Nadia Jonas Chloe Ravi Yusuf Greta Akira Zainab Bruno Sofia Emeka Lin Marta Hugo Aisha Viktor ' +
  'Noor Felix Carmen Daniel Irene Kofi Yara Ivan Rosa Samuel Lena Tariq'
).split(' ');
const LAST_NAMES = (
  'Kovac Mensah Tanaka Okafor Lindqvist Haddad Moreau Petrov Alvarez Nakamura Osei Brandt Castillo Reyes Nguyen Singh ' +
  'Abadi Horvat Ferreira Kowalski Adeyemi Larsen Rossi Yilmaz Novak Chen Dubois Mwangi Sato Ortega Varga Bauer Hassan ' +
  'Silva Ivanova Kim Lopez Marsh Quist Ramos Sokolov Toure Ueda Volkov Walsh Zeller Achebe Bianchi Costa Duarte'
).split(' ');
const REAL_PLACES = (
  'Lagos Nairobi Manila Lima Oslo Kyiv Hanoi Quito Dhaka Accra Riga Tbilisi Bogota Santiago Jakarta Karachi Cairo Tunis ' +
  'Ankara Warsaw Lisbon Madrid Dublin Glasgow Toronto Denver Phoenix Houston Sydney Perth Osaka Busan Seoul Taipei ' +
  'Mumbai Chennai Geneva Brussels Vienna Marseille'
).split(' ');
const ORG_SUFFIXES = [
  'Bank',
  'Group',
  'Holdings',
  'Council',
  'Alliance',
  'Union',
  'Institute',
  'Authority',
  'Energy',
  'Airlines',
  'Party',
  'Foundation',
];
const SOURCES = [
  'Reuters',
  'Associated Press',
  'The Daily Ledger',
  'Harbour Times',
  'Northern Star',
  'Metro Wire',
  'Global Desk',
  'The Courier',
  'Evening Post',
  'Capital Report',
  'Coastal News',
  'Plains Herald',
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Pronounceable made-up words, unique and not clashing with the real ones. */
function madeUpWords(rand: Rand, count: number, taken: Set<string>): string[] {
  const onsets = [
    'b',
    'd',
    'f',
    'g',
    'k',
    'l',
    'm',
    'n',
    'p',
    'r',
    's',
    't',
    'v',
    'z',
    'br',
    'dr',
    'fl',
    'gr',
    'pl',
    'st',
    'tr',
    'sk',
    'ch',
    'sh',
  ];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io'];
  const codas = ['', '', 'n', 'r', 'l', 'm', 'st', 'nd', 'k', 'x', 'th'];
  const words: string[] = [];
  while (words.length < count) {
    let w = '';
    const syllables = between(rand, 2, 3);
    for (let s = 0; s < syllables; s++) w += pick(rand, onsets) + pick(rand, vowels);
    w += pick(rand, codas);
    if (w.length < 5 || taken.has(w)) continue;
    taken.add(w);
    words.push(w);
  }
  return words;
}

interface QuestionSeed {
  name: string;
  verb: [string, string];
  object: string;
  place?: string;
  dated: boolean;
}

interface GeneratedCorpus {
  dir: string;
  questions: string[];
  topics: string[];
}

/** Writes ~`articles` articles to a temporary directory; returns it with questions and timeline topics. */
const askedOnCache = new WeakMap<NewsIndex, string>();
/** Questions are asked as a live bot gets them: as of the day of the newest article. */
function askedOn(index: NewsIndex): string {
  let day = askedOnCache.get(index);
  if (!day) askedOnCache.set(index, (day = index.articles.reduce((max, a) => (a.date && a.date > max ? a.date : max), '0000-01-01')));
  return day;
}

function generateCorpus(articles: number, seed: number): GeneratedCorpus {
  const rand = mulberry32(seed);
  const sample = mulberry32(seed ^ 0x9e3779b9); // questions: kept apart so the corpus does not depend on them
  const taken = new Set<string>([...STOPWORDS, ...NOUNS, ...ADJECTIVES, ...REAL_VERBS.flat()].map((w) => w.toLowerCase()));
  const invented = madeUpWords(rand, 3400, taken);
  // Content vocabulary: real words interleaved with made-up ones, then a long made-up tail (Zipf: a few words
  // are everywhere, most are rare).
  const content = zipf(rand, shuffle(rand, [...NOUNS, ...ADJECTIVES, ...invented.slice(0, 400)]).concat(invented.slice(400, 3000)), 1);
  const stop = zipf(rand, STOPWORDS, 1);
  const noun = zipf(rand, shuffle(rand, [...NOUNS, ...invented.slice(3000, 3200)]), 0.9);
  const adjective = zipf(rand, ADJECTIVES, 0.8);
  const verbs: [string, string][] = shuffle(rand, [
    ...REAL_VERBS,
    ...invented.slice(3200, 3260).map((w): [string, string] => [w, `${w}ed`]),
  ]);
  const verb = zipf(rand, verbs, 0.9);

  // Named entities, each Zipf-distributed and about as concentrated as in real news (the most frequent name in
  // a few percent of the paragraphs).
  const people = new Set<string>();
  while (people.size < 1500) people.add(`${pick(rand, FIRST_NAMES)} ${pick(rand, LAST_NAMES)}`);
  const places = shuffle(rand, [...REAL_PLACES, ...invented.slice(3260, 3400).map(capitalise)]);
  const orgs = new Set<string>();
  while (orgs.size < 200)
    orgs.add(`${rand() < 0.4 ? pick(rand, places) : capitalise(pick(rand, invented.slice(0, 3000)))} ${pick(rand, ORG_SUFFIXES)}`);
  const person = zipf(rand, shuffle(rand, [...people]), 0.8);
  const place = zipf(rand, places, 0.9);
  const org = zipf(rand, [...orgs], 0.9);

  const mentions = new Map<string, number>();
  const mention = (name: string) => {
    mentions.set(name, (mentions.get(name) ?? 0) + 1);
    return name;
  };
  const reservoir: QuestionSeed[] = [];
  const RESERVOIR = Math.max(1000, N);
  let candidates = 0;

  function datePhrase(published: Date): string {
    const r = rand();
    const year = published.getUTCFullYear() - (rand() < 0.7 ? 0 : between(rand, 1, 3));
    if (r < 0.45) return `on ${between(rand, 1, 28)} ${pick(rand, MONTHS)} ${year}`;
    if (r < 0.6) return `in ${pick(rand, MONTHS)} ${year}`;
    if (r < 0.8) return `in ${year}`;
    if (r < 0.9) return `on ${pick(rand, WEEKDAYS)}`;
    return pick(rand, ['last year', 'last week', 'last month', 'this year']);
  }

  const PREPOSITIONS = [
    'of',
    'in',
    'for',
    'on',
    'with',
    'at',
    'from',
    'by',
    'over',
    'into',
    'about',
    'against',
    'under',
    'between',
    'during',
    'through',
  ];
  const AUXILIARIES = ['had been', 'was', 'would be', 'could be', 'has been', 'will be'];
  /** One phrase of a sentence's tail: function words where English puts them, content words from the Zipf list. */
  function phrase(): string {
    switch (between(rand, 0, 11)) {
      case 0:
      case 1:
        return `${pick(rand, PREPOSITIONS)} the ${content()}`;
      case 2:
        return `${pick(rand, PREPOSITIONS)} ${content()} ${content()}`;
      case 3:
        return `and the ${adjective()} ${noun()}`;
      case 4:
        return `that ${content()} ${verb()[1]} the ${noun()}`;
      case 5:
        return `after ${between(rand, 2, 950)} ${noun()}`;
      case 6:
        return `as ${content()} ${stop()} ${content()}`;
      case 7:
        return `to ${verb()[0]} ${content()}`;
      case 8:
        return `which ${pick(rand, AUXILIARIES)} ${verb()[1]} by ${mention(person())}`;
      case 9:
        return `${between(rand, 1, 99)} percent ${stop()} the ${noun()}`;
      case 10:
        return `while ${stop()} ${content()} ${content()}`;
      default:
        return `${stop()} ${content()}`;
    }
  }

  function sentence(published: Date): { text: string; seed?: QuestionSeed } {
    const r = rand();
    let subject: string;
    let named: string | undefined;
    if (r < 0.25) subject = named = mention(person());
    else if (r < 0.37) subject = named = mention(org());
    else subject = `the ${rand() < 0.4 ? `${adjective()} ` : ''}${noun()}`;
    const v = verb();
    const object = [rand() < 0.5 ? adjective() : undefined, noun(), rand() < 0.5 ? content() : undefined].filter(Boolean).join(' ');
    const where = rand() < 0.2 ? mention(place()) : undefined;
    const when = rand() < 0.3 ? datePhrase(published) : undefined;
    const words = [subject, v[1], 'the', object];
    for (let i = between(rand, 1, 4); i > 0; i--) words.push(phrase());
    if (where) words.push('in', where);
    let text: string;
    if (when && rand() < 0.25) text = `${capitalise(when)}, ${words.join(' ')}.`;
    else text = `${capitalise([...words, ...(when ? [when] : [])].join(' '))}.`;
    return {
      text,
      seed: named ? { name: named, verb: v, object, place: where, dated: when !== undefined && /\d{4}/.test(when) } : undefined,
    };
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-bench-corpus-'));
  const start = Date.UTC(2020, 0, 1);
  const days = Math.round((Date.UTC(2023, 11, 31) - start) / 86_400_000);
  for (let a = 0; a < articles; a++) {
    const published = new Date(start + between(rand, 0, days) * 86_400_000);
    const paragraphs: string[] = [];
    let title = '';
    const count = between(rand, 20, 40);
    for (let p = 0; p < count; p++) {
      const sentences: string[] = [];
      const n = between(rand, 1, 3);
      for (let s = 0; s < n; s++) {
        const { text, seed: q } = sentence(published);
        if (!title) title = capitalise(text.replace(/[.,]/g, '').split(' ').slice(0, 9).join(' '));
        sentences.push(text);
        if (q) {
          // Reservoir sampling: a uniform sample of the sentences a question can be asked about.
          candidates++;
          if (reservoir.length < RESERVOIR) reservoir.push(q);
          else {
            const j = Math.floor(sample() * candidates);
            if (j < RESERVOIR) reservoir[j] = q;
          }
        }
      }
      paragraphs.push(sentences.join(' '));
    }
    const source = pick(rand, SOURCES);
    const date = published.toISOString().slice(0, 10);
    const id = String(a).padStart(6, '0');
    const url = `https://news.example/${source.toLowerCase().replace(/[^a-z]+/g, '-')}/${date.slice(0, 7).replace('-', '/')}/${id}`;
    const authors = rand() < 0.7 ? `["${pick(rand, FIRST_NAMES)} ${pick(rand, LAST_NAMES)}"]` : '[]';
    const front = `---\ntitle: "${title}"\nsource: "${source}"\ndate: ${date}\nurl: "${url}"\nauthors: ${authors}\n---\n\n`;
    writeFileSync(path.join(dir, `${id}.md`), `${front}${paragraphs.join('\n\n')}\n`);
  }

  const questions = shuffle(sample, reservoir).map((q) => {
    const r = sample();
    if (q.dated && r < 0.6) return `When did ${q.name} ${q.verb[0]} the ${q.object}?`;
    if (q.place && r < 0.5) return `Where did ${q.name} ${q.verb[0]} the ${q.object}?`;
    if (r < 0.75) return `Who ${q.verb[1]} the ${q.object}${q.place ? ` in ${q.place}` : ''}?`;
    return `What did ${q.name} ${q.verb[0]}${q.place ? ` in ${q.place}` : ''}?`;
  });
  const topics = [...mentions]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, TOPIC_COUNT)
    .map(([name]) => name);
  return { dir, questions, topics };
}

// ---------------------------------------------------------------------------------------------------------
// Questions and topics for a real corpus

function readQuestions(file: string): string[] {
  const out: string[] = [];
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line.trim()) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const q = (row as { question?: unknown }).question;
    if (typeof q === 'string' && q.trim()) out.push(q);
  }
  return out;
}

function readTopics(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => {
      const t = line.trim();
      if (t.startsWith('{')) {
        const topic = (JSON.parse(t) as { topic?: unknown }).topic;
        return typeof topic === 'string' ? topic.trim() : '';
      }
      return t;
    })
    .filter(Boolean);
}

/** Words that start a question or a clause, not a name ("In", "After", "Which"…); "New" in "New York" stays. */
const LEADING = new Set(
  (
    'a an the this that these those last in on at of to for from with by as after before since during while if and but or ' +
    'what which who whom whose why how when where according despite amid following about over under into between'
  ).split(' '),
);

/** Names the questions mention (runs of capitalised words), most frequent first: multiword ones, then single. */
function topicsFromQuestions(questions: readonly string[]): string[] {
  const multi = new Map<string, number>();
  const single = new Map<string, number>();
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const q of questions) {
    const tokens = q.split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/[’']s$/u, ''));
    const boundaries = q.split(/\s+/).map((t) => /[.,;:?!)"”]$/.test(t));
    let run: string[] = [];
    const flush = () => {
      while (run.length && LEADING.has(run[0].toLowerCase())) run.shift();
      if (run.length >= 2) count(multi, run.join(' '));
      else if (run.length === 1 && run[0].length > 2) count(single, run[0]);
      run = [];
    };
    tokens.forEach((t, i) => {
      // The question's first word is capitalised for grammar, not because it is a name.
      const capitalised = /^\p{Lu}[\p{L}\p{N}.-]*$/u.test(t) && !(i === 0 && LEADING.has(t.toLowerCase()));
      if (capitalised && !(i === 0 && !multiStart(tokens))) run.push(t);
      else flush();
      if (boundaries[i]) flush();
    });
    flush();
  }
  const rank = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const out = rank(multi).slice(0, TOPIC_COUNT);
  for (const s of rank(single)) {
    if (out.length >= TOPIC_COUNT) break;
    if (!out.some((t) => t.split(' ').includes(s))) out.push(s);
  }
  return out;
}

/** Whether a question's capitalised first word starts a name ("Joe Biden said…"), i.e. the next is capitalised. */
function multiStart(tokens: readonly string[]): boolean {
  return tokens.length > 1 && /^\p{Lu}/u.test(tokens[1]);
}

// ---------------------------------------------------------------------------------------------------------
// The baselines: plain minisearch over the same paragraphs

interface BaselineResult {
  buildMs: number;
  saveMs: number | null;
  loadMs: number | null;
  sizeMb: number | null;
  /** The index alone, then (once measured) plus the paragraph texts a plain bot keeps to quote from. */
  heapMb: number;
  ask: Latency;
  timeline: Latency;
}

const STOP = new Set(eng.map((w) => w.toLowerCase()));

function baselineOptions(kind: 'defaults' | 'stem'): ConstructorParameters<typeof MiniSearch>[0] {
  if (kind === 'defaults') return { fields: ['text'], storeFields: [] };
  return {
    fields: ['text'],
    storeFields: [],
    processTerm: (term: string) => {
      const t = term.toLowerCase();
      return t && !STOP.has(t) ? stemmer(t) : null;
    },
  };
}

async function runBaseline(
  kind: 'defaults' | 'stem',
  texts: readonly string[],
  paragraphDate: readonly string[],
  questions: readonly string[],
  topics: readonly string[],
): Promise<BaselineResult> {
  const label = kind === 'defaults' ? 'minisearch defaults' : 'minisearch stem+stop';
  log(`${label}: indexing ${texts.length} paragraphs`);
  const options = baselineOptions(kind);
  settle();
  const heapBefore = heapUsed();
  const built = await time(() => {
    const ms = new MiniSearch(options);
    ms.addAll(texts.map((text, id) => ({ id, text })));
    return ms;
  });
  let ms: MiniSearch | undefined = built.value;
  settle();
  const heapMb = (heapUsed() - heapBefore) / 1e6;

  let saveMs: number | null = null;
  let loadMs: number | null = null;
  let sizeMb: number | null = null;
  try {
    const saved = await time(() => JSON.stringify(ms));
    saveMs = saved.ms;
    sizeMb = Buffer.byteLength(saved.value) / 1e6;
    let json: string | undefined = saved.value;
    const loaded = await time(() => MiniSearch.loadJSON(json!, options));
    loadMs = loaded.ms;
    json = undefined;
    ms = loaded.value; // the loaded copy answers from here, so only one index is alive
  } catch (err) {
    log(`${label}: JSON save/load failed (${(err as Error).message}); left out`);
  }
  settle();

  log(`${label}: /ask × ${questions.length}, /timeline × ${topics.length}`);
  const index = ms!;
  const ask = timeEach(questions, (q) => {
    index.search(q).slice(0, 12);
  });
  const timeline = timeEach(topics, (t) => {
    index
      .search(t)
      .map((h) => ({ id: h.id as number, date: paragraphDate[h.id as number] }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  });
  return { buildMs: built.ms, saveMs, loadMs, sizeMb, heapMb, ask: latency(ask), timeline: latency(timeline) };
}

// ---------------------------------------------------------------------------------------------------------
// The run

const generated = opts.corpus
  ? undefined
  : (() => {
      log(`generating ${ARTICLES} articles (seed ${SEED})…`);
      const started = performance.now();
      const g = generateCorpus(ARTICLES, SEED);
      log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s: ${g.dir}`);
      return g;
    })();
const corpusDir = path.resolve(opts.corpus ?? generated!.dir);
if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
  process.stderr.write(`corpus directory ${corpusDir} does not exist\n`);
  process.exit(1);
}

let allQuestions: string[];
let questionSource: string;
const defaultQuestions = path.join(corpusDir, '..', 'questions.jsonl');
if (opts.questions) [allQuestions, questionSource] = [readQuestions(opts.questions), opts.questions];
else if (opts.corpus && existsSync(defaultQuestions))
  [allQuestions, questionSource] = [readQuestions(defaultQuestions), path.relative(process.cwd(), defaultQuestions) || defaultQuestions];
else if (generated) [allQuestions, questionSource] = [generated.questions, 'generated from the corpus'];
else {
  process.stderr.write(`no questions: pass --questions FILE (JSONL with a "question" field) or put questions.jsonl next to ${corpusDir}\n`);
  process.exit(1);
}
const questions = allQuestions.slice(0, N);
const baselineQuestions = questions.slice(0, BASELINE_N);
const topics = opts.topics ? readTopics(opts.topics) : generated ? generated.topics : topicsFromQuestions(allQuestions);
if (questions.length === 0 || topics.length === 0) {
  process.stderr.write(`need at least one question and one topic (have ${questions.length} and ${topics.length})\n`);
  process.exit(1);
}
log(`questions: ${questions.length} (${questionSource}); topics: ${topics.join(', ')}`);

if (opts.servers) {
  const result = await benchServers({ corpusDir, servers: positiveInt('--servers', opts.servers), questions: allQuestions, log, settle });
  process.stdout.write(`${opts.json ? JSON.stringify(result) : renderServersBench(result)}\n`);
  process.exit(0);
}

const work = mkdtempSync(path.join(tmpdir(), 'newsdesk-bench-'));
const snapshotFile = path.join(work, 'index.snapshot');
const cleanup = () => {
  rmSync(work, { recursive: true, force: true });
  if (generated && !opts.keep) rmSync(generated.dir, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

/** Ours, end to end in the core; returns numbers only (and the paragraphs for the baselines), so the index dies here. */
async function measureOurs(heapStart: number, keepTexts: boolean) {
  log('ours: building the index (no snapshot)…');
  const built = await time(() => buildIndex(corpusDir, {}));
  const { index, report } = built.value;
  const stats = index.stats;
  log(
    `ours: built in ${(built.ms / 1000).toFixed(2)} s — ${stats.articles} articles, ${stats.paragraphs} paragraphs, ${stats.sentences} sentences${report.problems.length ? `, ${report.problems.length} files skipped` : ''}`,
  );
  settle();
  const heapMb = (heapUsed() - heapStart) / 1e6;
  const rssMb = rss() / 1e6;

  log(`ours: /ask × ${questions.length}, each also without the answer ranker and confidence model (the path before them)`);
  let askErrors = 0;
  let answered = 0;
  const before = { ...shippedReaderWeights(), answer: undefined };
  const { times: ask, baseline: askBefore } = timeInterleaved(
    questions,
    (q) => {
      const answer = answerQuestion(index, q, { asOf: askedOn(index) });
      renderAnswer(answer, 'bench');
      if (answer.answered) answered++;
    },
    (q) => renderAnswer(answerQuestion(index, q, { asOf: askedOn(index), weights: before }), 'bench'),
    {
      afterWarmUp: () => {
        answered = 0;
      },
      onError: (q, err) => {
        askErrors++;
        log(`  /ask failed, left out (${(err as Error).name}: ${(err as Error).message}): ${q.slice(0, 80)}`);
      },
    },
  );
  log(`ours: answered ${answered} of ${ask.length} (the rest abstained)`);
  log(`ours: /timeline × ${topics.length}`);
  let events = 0;
  const timeline = timeEach(
    topics,
    (topic) => {
      const t = buildTimeline(index, { topic });
      renderTimelinePage(t, 0, 'bench', topic);
      events += t.events.length;
    },
    {
      afterWarmUp: () => {
        events = 0;
      },
    },
  );
  log(`ours: ${Math.round(events / topics.length)} timeline events per topic on average`);

  // Snapshot save: what buildIndex does after a build — serialise the index and write the file.
  log('ours: saving the snapshot…');
  const fingerprint = await fingerprintCorpus(corpusDir, (await listCorpusFiles(corpusDir)).files);
  const saved = await time(() =>
    writeSnapshot(snapshotFile, { fingerprint, problems: report.problems, warnings: report.warnings, index: index.toSnapshot() }),
  );

  // The same paragraphs, for the baselines.
  const texts = keepTexts ? index.paragraphs.map((p) => p.text) : [];
  const dates = keepTexts ? index.paragraphs.map((p) => index.articles[p.article].date ?? '') : [];
  return {
    buildMs: built.ms,
    saveMs: saved.ms,
    heapMb,
    rssMb,
    stats,
    skipped: report.problems.length,
    ask: latency(ask),
    askBefore: latency(askBefore),
    timeline: latency(timeline),
    askErrors,
    texts,
    dates,
  };
}

/** Start from the snapshot, as the bot does on a restart with an unchanged corpus. */
async function measureLoad(buildMs: number): Promise<{ loadMs: number; source: string; saveMs?: number }> {
  log('ours: starting from the snapshot…');
  let loaded = await time(() => buildIndex(corpusDir, { snapshot: snapshotFile }));
  let saveMs: number | undefined;
  if (loaded.value.report.source !== 'snapshot') {
    // The file written above is not what buildIndex reads any more: let it build and save from scratch, count
    // the save as (build with snapshot − build), and start again.
    log(`ours: the snapshot was not used (source ${loaded.value.report.source}); save = build-with-snapshot − build`);
    await rm(snapshotFile, { force: true });
    const rebuilt = await time(() => buildIndex(corpusDir, { snapshot: snapshotFile }));
    saveMs = Math.max(0, rebuilt.ms - buildMs);
    loaded = await time(() => buildIndex(corpusDir, { snapshot: snapshotFile }));
  }
  const source = loaded.value.report.source;
  log(`ours: started from the ${source} in ${(loaded.ms / 1000).toFixed(2)} s`);
  return { loadMs: loaded.ms, source, saveMs };
}

/** One question every this many ms during the second reindex: a busy server, not a flood. */
const PACED_ASK_EVERY_MS = 100;

/** /ask on the serving index while /reindex rebuilds in the worker, then an incremental reindex. */
/** A full rebuild in the worker while /ask runs on the serving index: back to back (everyMs 0), or one question every `everyMs`. */
async function timeFullReindex(service: IndexService, everyMs: number) {
  const label = everyMs ? `reindex (/ask every ${everyMs} ms)` : 'reindex (/ask back to back)';
  // Without its snapshot the worker rebuilds, as after a corpus change (unchanged, it would only reload it).
  await rm(snapshotFile, { force: true });
  const state = { done: false };
  const times: number[] = [];
  let longestStall = 0;
  let asked = 0;
  const started = performance.now();
  const running = service
    .reindex((stage) => log(`${label}: ${stage}`))
    .finally(() => {
      state.done = true;
    });
  running.catch(() => {}); // awaited below; this only keeps the rejection from being unhandled meanwhile
  let last = performance.now();
  let due = performance.now();
  while (!state.done) {
    if (everyMs) {
      due += everyMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    } else {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const now = performance.now();
    // Back to back: the longest gap between two questions; paced: how late the question was let through.
    longestStall = Math.max(longestStall, everyMs ? now - due : now - last);
    if (state.done) break;
    const q = questions[asked++ % questions.length];
    try {
      renderAnswer(answerQuestion(service.index, q, { asOf: askedOn(service.index) }), 'bench');
      times.push(performance.now() - now);
    } catch {
      /* an invalid question, reported in the /ask phase */
    }
    last = performance.now();
  }
  const result = await running;
  const wallMs = performance.now() - started;
  log(
    `${label}: ${result.report.source} in ${(wallMs / 1000).toFixed(2)} s; ${times.length} questions answered meanwhile, longest stall ${longestStall.toFixed(0)} ms`,
  );
  return { wallMs, source: result.report.source, ask: latency(times), longestStallMs: longestStall };
}

async function measureReindex() {
  log('reindex: opening the service from the snapshot…');
  const service = await IndexService.open(corpusDir, { snapshot: snapshotFile });
  log(`reindex: serving from the ${service.report.source}`);
  const busy = await timeFullReindex(service, 0);
  const paced = await timeFullReindex(service, PACED_ASK_EVERY_MS);
  // Incremental: 1% of the files marked changed in the saved snapshot (the corpus itself may be read-only),
  // so the worker reads only those and reuses the rest of the saved index.
  const saved = await readSnapshot(snapshotFile);
  let incrementalMs: number | null = null;
  let incrementalFiles = 0;
  if (saved) {
    const files = Object.keys(saved.fingerprint);
    const step = Math.max(1, Math.round(files.length / Math.max(1, Math.round(files.length / 100))));
    for (let i = 0; i < files.length; i += step) saved.fingerprint[files[i]] = 'changed';
    await writeSnapshot(snapshotFile, saved);
    const t = performance.now();
    const again = await service.reindex((stage) => log(`reindex (incremental): ${stage}`));
    incrementalMs = performance.now() - t;
    incrementalFiles = again.report.filesRead;
    log(`reindex (incremental): ${again.report.source}, ${incrementalFiles} files read, in ${(incrementalMs / 1000).toFixed(2)} s`);
  }
  return { busy, paced, incrementalMs, incrementalFiles };
}

settle();
const heapStart = heapUsed();
const wantBaselines = !opts['skip-baselines'];

const oursRun = await measureOurs(heapStart, wantBaselines);
let texts: string[] = oursRun.texts;
let dates: string[] = oursRun.dates;
oursRun.texts = [];
oursRun.dates = [];
settle();
const load = await measureLoad(oursRun.buildMs);
const snapshotMb = statSync(snapshotFile).size / 1e6;
settle();
const reindex = opts.reindex ? await measureReindex() : undefined;
settle();

let defaults: BaselineResult | undefined;
let stem: BaselineResult | undefined;
if (wantBaselines) {
  settle();
  const withTexts = heapUsed();
  defaults = await runBaseline('defaults', texts, dates, baselineQuestions, topics);
  settle();
  stem = await runBaseline('stem', texts, dates, baselineQuestions, topics);
  texts = [];
  dates = [];
  settle();
  // What the paragraph texts (and their dates) take, measured by letting them go.
  const textsMb = Math.max(0, (withTexts - heapUsed()) / 1e6);
  log(`baselines: the paragraph texts take ${textsMb.toFixed(1)} MB; added to both baselines' heap`);
  defaults.heapMb += textsMb;
  stem.heapMb += textsMb;
}

// ---------------------------------------------------------------------------------------------------------
// One article written as a single paragraph, 0.25 to 4 MB: indexing time should grow with the text, no faster

const LONG_MAX_MB = Number(opts['long-max-mb']);
if (!(LONG_MAX_MB >= 0.25)) {
  console.error(`bench: --long-max-mb must be a number of MB, at least 0.25 (got ${JSON.stringify(opts['long-max-mb'])})`);
  process.exit(2);
}
const LONG_SIZES_MB = [0.25, 0.5, 1, 2, 4].filter((mb) => mb <= LONG_MAX_MB);

/**
 * Varied news sentences, `bytes` of them in all (ASCII, so characters = bytes, counting a space between two),
 * deterministic: names, places, dates, amounts, quotes, acronyms and abbreviations ("Mr.", "U.S."), so sentence
 * splitting and acronyms have work to do.
 */
function longParagraphSentences(bytes: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const taken = new Set<string>([...STOPWORDS, ...NOUNS, ...ADJECTIVES, ...REAL_VERBS.flat()].map((w) => w.toLowerCase()));
  const content = zipf(rand, shuffle(rand, [...NOUNS, ...ADJECTIVES, ...madeUpWords(rand, 2000, taken)]), 1);
  const noun = () => pick(rand, NOUNS);
  const adjective = () => pick(rand, ADJECTIVES);
  const verb = () => pick(rand, REAL_VERBS);
  const last = () => pick(rand, LAST_NAMES);
  const person = () => `${pick(rand, FIRST_NAMES)} ${last()}`;
  const place = () => pick(rand, REAL_PLACES);
  const year = () => between(rand, 1990, 2025);
  const sentences = [
    () => `${person()} ${verb()[1]} the ${adjective()} ${noun()} in ${place()} on ${pick(rand, WEEKDAYS)}.`,
    () =>
      `The ${noun()} ${verb()[1]} ${between(rand, 2, 99)} percent of the ${content()} ${noun()} in ${pick(rand, MONTHS)} ${year()}, officials said.`,
    () =>
      `"We will ${verb()[0]} the ${noun()} and the ${content()}," said Mr. ${last()}, the ${adjective()} head of the U.S. ${capitalise(content())} ${pick(rand, ORG_SUFFIXES)}.`,
    () =>
      `In ${year()}, ${place()} ${verb()[1]} $${between(rand, 1, 99)}.${between(rand, 1, 9)} billion for ${content()} ${content()} ${pick(rand, STOPWORDS)} ${content()}.`,
    () =>
      `${capitalise(content())} ${content()} and ${content()} ${pick(rand, STOPWORDS)} the ${noun()} after ${between(rand, 2, 950)} ${noun()} ${verb()[1]} the ${content()}.`,
    () =>
      `Dr. ${last()} of the ${capitalise(content())} ${capitalise(noun())} Agency (${String.fromCharCode(65 + between(rand, 0, 25))}${String.fromCharCode(65 + between(rand, 0, 25))}A) ${verb()[1]} it on ${pick(rand, MONTHS).slice(0, 3)}. ${between(rand, 1, 28)}.`,
  ];
  const out: string[] = [];
  for (let length = 0; length < bytes;) {
    const next = pick(rand, sentences)();
    out.push(next);
    length += 1 + next.length;
  }
  return out;
}

/** The first sentences of `sentences` that fit in `bytes`, as one line. */
function lineOf(sentences: readonly string[], bytes: number): string {
  let length = -1;
  let n = 0;
  while (n < sentences.length && length + 1 + sentences[n].length <= bytes) length += 1 + sentences[n++].length;
  return sentences.slice(0, n).join(' ');
}

interface LongParagraphRun {
  mb: number;
  bytes: number;
  paragraphs: number;
  sentences: number;
  /** Median over the timed runs, and every run. */
  ms: number;
  runsMs: number[];
  msPerMb: number;
  /** ms per MB divided by that of the smallest article: 1 for growth in proportion to the text. */
  ratio: number;
}

/** Untimed runs on the smallest article first: the first few runs are slower while V8 optimises the code. */
const LONG_WARM_UP_RUNS = 3;

/**
 * Index each size as the product does one file (decode, parseArticle, buildPart), after a warm-up, and keep
 * the median of `runs` timed runs. Each article is the start of the same stream of sentences. Articles over
 * 32,000 characters are cut into several paragraphs by parseArticle; that cut is part of what is timed.
 */
function measureLongParagraph(runs: number): LongParagraphRun[] {
  const front = '---\ntitle: "One paragraph"\nsource: "Bench"\ndate: 2024-03-10\n---\n\n';
  const room = (mb: number) => Math.round(mb * 1048576) - front.length - 1;
  const sentences = longParagraphSentences(room(Math.max(...LONG_SIZES_MB)), SEED);
  const files = LONG_SIZES_MB.map((mb) => ({ mb, file: Buffer.from(`${front}${lineOf(sentences, room(mb))}\n`) }));
  const index = (file: Buffer, mb: number) => buildPart([parseArticle(`long-${mb}.md`, decodeArticleBytes(file), '', () => {})]);
  for (let r = 0; r < LONG_WARM_UP_RUNS; r++) index(files[0].file, files[0].mb);
  const out: LongParagraphRun[] = [];
  for (const { mb, file } of files) {
    const times: number[] = [];
    let part: ReturnType<typeof buildPart> | undefined;
    for (let r = 0; r < runs; r++) {
      settle();
      const started = performance.now();
      part = index(file, mb);
      times.push(performance.now() - started);
    }
    const ms = [...times].sort((a, b) => a - b)[Math.floor((times.length - 1) / 2)];
    const realMb = file.length / 1048576;
    const sentences = part!.text.spans.length / 2;
    out.push({
      mb,
      bytes: file.length,
      paragraphs: part!.articles[0].paragraphCount,
      sentences,
      ms,
      runsMs: times,
      msPerMb: ms / realMb,
      ratio: NaN,
    });
    log(
      `one-paragraph article, ${mb} MB: ${ms.toFixed(0)} ms (median of ${runs}), ${(ms / realMb).toFixed(0)} ms per MB, ${sentences} sentences`,
    );
  }
  for (const run of out) run.ratio = run.msPerMb / out[0].msPerMb;
  return out;
}

log(`one-paragraph article: ${LONG_SIZES_MB.join(', ')} MB, ${LONG_RUNS} runs each`);
const longParagraphRuns = measureLongParagraph(LONG_RUNS);
settle();

// ---------------------------------------------------------------------------------------------------------
// Output

type Unit = 's' | 'MB' | 'ms';
interface Row {
  label: string;
  unit: Unit;
  ours: number;
  defaults: number | null;
  stem: number | null;
}

const ms2s = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : ms / 1000);
const rows: Row[] = [
  { label: 'index build (s)', unit: 's', ours: oursRun.buildMs / 1000, defaults: ms2s(defaults?.buildMs), stem: ms2s(stem?.buildMs) },
  {
    label: 'snapshot save (s)',
    unit: 's',
    ours: (load.saveMs ?? oursRun.saveMs) / 1000,
    defaults: ms2s(defaults?.saveMs),
    stem: ms2s(stem?.saveMs),
  },
  { label: 'snapshot load / start (s)', unit: 's', ours: load.loadMs / 1000, defaults: ms2s(defaults?.loadMs), stem: ms2s(stem?.loadMs) },
  { label: 'snapshot size (MB)', unit: 'MB', ours: snapshotMb, defaults: defaults?.sizeMb ?? null, stem: stem?.sizeMb ?? null },
  { label: 'heap (MB)', unit: 'MB', ours: oursRun.heapMb, defaults: defaults?.heapMb ?? null, stem: stem?.heapMb ?? null },
  { label: 'RSS (MB)', unit: 'MB', ours: oursRun.rssMb, defaults: null, stem: null },
  ...(['p50', 'p95', 'p99'] as const).map((p): Row => ({
    label: `/ask ${p} (ms)`,
    unit: 'ms',
    ours: oursRun.ask[p],
    defaults: defaults?.ask[p] ?? null,
    stem: stem?.ask[p] ?? null,
  })),
  ...(['p50', 'p95', 'p99'] as const).map((p): Row => ({
    label: `/ask ${p}, before the answer model (ms)`,
    unit: 'ms',
    ours: oursRun.askBefore[p],
    defaults: null,
    stem: null,
  })),
  ...(['p50', 'p95', 'p99'] as const).map((p): Row => ({
    label: `/timeline ${p} (ms)`,
    unit: 'ms',
    ours: oursRun.timeline[p],
    defaults: defaults?.timeline[p] ?? null,
    stem: stem?.timeline[p] ?? null,
  })),
  ...(reindex
    ? [
        { label: 'reindex wall (s)', unit: 's', ours: reindex.busy.wallMs / 1000, defaults: null, stem: null } as Row,
        ...(['p50', 'p95', 'p99'] as const).map((p): Row => ({
          label: `/ask ${p} during reindex (ms)`,
          unit: 'ms',
          ours: reindex.busy.ask[p],
          defaults: null,
          stem: null,
        })),
        { label: 'longest stall (ms)', unit: 'ms', ours: reindex.busy.longestStallMs, defaults: null, stem: null } as Row,
        {
          label: `reindex wall, /ask every ${PACED_ASK_EVERY_MS} ms (s)`,
          unit: 's',
          ours: reindex.paced.wallMs / 1000,
          defaults: null,
          stem: null,
        } as Row,
        ...(['p50', 'p95', 'p99'] as const).map((p): Row => ({
          label: `/ask ${p} during it (ms)`,
          unit: 'ms',
          ours: reindex.paced.ask[p],
          defaults: null,
          stem: null,
        })),
        ...(reindex.incrementalMs !== null
          ? [
              {
                label: `incremental reindex, ${reindex.incrementalFiles} changed file${reindex.incrementalFiles === 1 ? '' : 's'} (s)`,
                unit: 's',
                ours: reindex.incrementalMs / 1000,
                defaults: null,
                stem: null,
              } as Row,
            ]
          : []),
      ]
    : []),
];

function fmt(v: number | null, unit: Unit): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (unit === 's') return v < 1 ? v.toFixed(3) : v.toFixed(2);
  if (unit === 'MB') return v < 10 ? v.toFixed(1) : v.toFixed(0);
  return v < 1 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
}

function ratio(ours: number, base: number | null): number | null {
  return base === null || !Number.isFinite(base) || base <= 0 || !Number.isFinite(ours) ? null : ours / base;
}

function fmtRatio(r: number | null): string {
  if (r === null) return '—';
  const digits = r >= 10 ? 0 : r >= 1 ? 1 : r >= 0.1 ? 2 : r >= 0.01 ? 3 : 4;
  return `${r.toFixed(digits)}×`;
}

/** The one-paragraph article's table and its note. */
function longParagraphTable(runs: readonly LongParagraphRun[]): string[] {
  const head = ['one-paragraph article', 'index (ms)', 'ms per MB', 'ms per MB vs 0.25 MB'];
  const body = runs.map((r) => [`${r.mb} MB`, fmt(r.ms, 'ms'), fmt(r.msPerMb, 'ms'), `${r.ratio.toFixed(2)}×`]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, c) => (c === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...body.map(line),
    '',
    `One article whose body is a single line of varied news sentences (generated, seed ${SEED}), indexed as one file is: decode, ` +
      `parseArticle (sentences split, cut into paragraphs of at most 32,000 characters) and buildPart; median of ${LONG_RUNS} run${LONG_RUNS === 1 ? '' : 's'} after ` +
      `${LONG_WARM_UP_RUNS} untimed ones on the smallest. A ratio near 1× means the time grows in proportion to the text.`,
  ];
}

const corpusLabel = generated ? `generated (seed ${SEED}, --articles ${ARTICLES})` : corpusDir;
const cpuCount = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
const s = oursRun.stats;

if (opts.json) {
  process.stdout.write(
    `${JSON.stringify(
      {
        corpus: {
          source: generated ? 'generated' : corpusDir,
          seed: generated ? SEED : undefined,
          articles: s.articles,
          paragraphs: s.paragraphs,
          sentences: s.sentences,
          skippedFiles: oursRun.skipped,
        },
        node: process.version,
        cpus: cpuCount,
        cpuModel: cpus()[0]?.model,
        questions: { source: questionSource, n: oursRun.ask.n, baselineN: defaults?.ask.n ?? 0, errors: oursRun.askErrors },
        topics,
        snapshotSource: load.source,
        rows: rows.map((r) => ({
          label: r.label,
          ours: r.ours,
          minisearchDefaults: r.defaults,
          ratioDefaults: ratio(r.ours, r.defaults),
          minisearchStemStop: r.stem,
          ratioStemStop: ratio(r.ours, r.stem),
        })),
        ours: { ...oursRun, texts: undefined, dates: undefined, loadMs: load.loadMs, snapshotMb, reindex },
        longParagraph: { runs: LONG_RUNS, sizes: longParagraphRuns },
        baselines: wantBaselines ? { defaults, stemStop: stem } : undefined,
      },
      null,
      2,
    )}\n`,
  );
} else {
  const header = wantBaselines ? ['', 'ours', 'minisearch defaults', 'ratio', 'minisearch stem+stop', 'ratio'] : ['', 'ours'];
  const body = rows.map((r) =>
    wantBaselines
      ? [
          r.label,
          fmt(r.ours, r.unit),
          fmt(r.defaults, r.unit),
          fmtRatio(ratio(r.ours, r.defaults)),
          fmt(r.stem, r.unit),
          fmtRatio(ratio(r.ours, r.stem)),
        ]
      : [r.label, fmt(r.ours, r.unit)],
  );
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const n = (x: number) => x.toLocaleString('en-US');
  const out = [
    `Corpus: ${corpusLabel} — ${n(s.articles)} articles, ${n(s.paragraphs)} paragraphs, ${n(s.sentences)} sentences${oursRun.skipped ? ` (${oursRun.skipped} files skipped)` : ''}. ` +
      `Node ${process.version}, ${cpuCount} CPUs. /ask: ${oursRun.ask.n} questions (${questionSource})${wantBaselines ? `, baselines ${defaults!.ask.n}` : ''}; /timeline: ${topics.length} topics.`,
    '',
    line(header),
    `|${widths.map((w, c) => (c === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...body.map(line),
    '',
    'Ratio = ours / baseline. Ours: build = read, parse, sentence-split and index the files; save = serialise the index ' +
      `and write the snapshot; start = hash the corpus files, read the snapshot and load it (the index came from the ${load.source}); heap = used heap + external buffers after gc ` +
      "minus the process's at start; /ask = answerQuestion + renderAnswer, /timeline = buildTimeline + renderTimelinePage " +
      '(first page); percentiles are nearest-rank after one warm-up call.',
    ...(wantBaselines
      ? [
          'Baselines (minisearch over the same paragraphs, `storeFields: []`; stem+stop = Porter `stemmer` + `stopword` ' +
            'English list, lowercased) do retrieval only — /ask = search + top 12, /timeline = search + sort the hits by article date; ' +
            'no sentences, dates, answer or rendering — so the ratios flatter them. Their build is `addAll` over paragraphs already ' +
            'in memory; save/load = JSON.stringify / MiniSearch.loadJSON in memory (size = the JSON); heap = the index (delta over ' +
            '`addAll`, after gc) plus the paragraph texts they would quote from. RSS is per process, so only ours is shown (measured first).',
        ]
      : []),
    ...(reindex
      ? [
          `Reindex: the service starts from the snapshot, which is then removed so the worker rebuilds in full (as after a corpus change; ` +
            `new index source: ${reindex.busy.source}), twice: with /ask back to back on the serving index, setImmediate between questions ` +
            `(${reindex.busy.ask.n} answered; longest stall = the longest gap between two questions), then with one /ask every ${PACED_ASK_EVERY_MS} ms ` +
            `(${reindex.paced.ask.n} answered). Incremental: 1% of the files marked changed in the saved snapshot, so only they are read again.`,
        ]
      : []),
    ...(oursRun.askErrors ? [`${oursRun.askErrors} questions were refused by /ask (invalid input) and left out.`] : []),
    '',
    ...longParagraphTable(longParagraphRuns),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
