/**
 * `npm run train`: fit the reader's weights (src/qa/reader.ts) to questions with known answers, and report how
 * they do on questions they were not fitted on, next to the hand-tuned weights, through the whole answering
 * pipeline.
 *
 *   npm run train -- --news ../shared/news-2022 --squad eval/squad-slice --seed-qa ../shared/eval/seed-qa-dev.jsonl
 *   npm run train -- … --out FILE      write the weights there (default src/qa/reader-weights.json)
 *   npm run train -- … --dry-run       report only
 *   npm run train -- … --ablate        also refit without each feature in turn and report the held-out change
 *
 * The data, by path (nothing is copied into the repository):
 * - `--news DIR`: DIR/corpus and DIR/questions.jsonl ({id, question, answers[], date}); the id's first 8
 *   characters name the quiz week. Each question is asked as of its date. Weeks are split into `--folds`
 *   contiguous blocks: each block is held out in turn (fitted on the others and on the other sets), which gives
 *   the k-fold figures; the shipped weights are then fitted on every week.
 * - `--squad DIR`: DIR/corpus and DIR/questions.jsonl ({question, answers[]}): the first ⌈n/2⌉ questions (the
 *   tuning half) are fitted on; the rest (the held-out half) never are, and are reported.
 * - `--seed-qa FILE`: the seed dev questions ({question, gold[]}) over `--seed-corpus` (default ./corpus).
 *
 * How: every candidate sentence the reader weighs for a question (readerCandidates: the same retrieval and
 * features as /ask) is a row, labelled 1 when it holds a gold answer; per question the 400 best by the
 * hand-tuned score are kept, and questions where all or none answer are dropped. Each row's features are
 * multiplied by its time weight, as the reader scores them. A conditional logit (per question, a softmax over
 * its sentences; `fitListwise`, Newton steps solved with ml-matrix, from zero weights, so the same data gives
 * the same weights) is fitted on columns scaled to unit spread. The weights are scaled back, then scaled so that
 * the scores they give the rows spread as far as the hand-tuned reader's, and offset to the same mean (coverage
 * units, which the quote cutoff and the band of near-equals read). A logistic regression over pairs of
 * sentences was tried first: it spends its effort on pairs far down the list, and scored below the hand-tuned
 * weights even on the data it was fitted on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Matrix, solve } from 'ml-matrix';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { answerQuestion, readerCandidates } from '../src/qa/answer.js';
import { askedKind, weighedSpans, type WeighedSpan } from '../src/qa/answer-phrase.js';
import { HAND_TUNED_PHRASE_WEIGHTS, PHRASE_FEATURES, type PhraseFeatureVector } from '../src/qa/phrase-features.js';
import { HAND_TUNED_WEIGHTS, READER_FEATURES, READER_WEIGHTS_FILE, type ReaderFeature, type ReaderWeights } from '../src/qa/reader.js';
import { exactMatch, tokenF1 } from './quality.js';

export interface Example {
  set: string;
  /** News: the quiz week; SQuAD: the half; seed: "seed". */
  group: string;
  question: string;
  asOf?: string;
  answers: string[];
  index: NewsIndex;
}

export interface TrainOptions {
  /** Candidates kept per question, best first by the hand-tuned score. */
  candidates: number;
  /** L2 penalty on the weights (of features scaled to unit spread), against overfitting. */
  ridge: number;
  /** Features left out (weight 0), for ablation. */
  without?: readonly ReaderFeature[];
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { candidates: 400, ridge: 1 };

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Does `text` hold one of the answers (case aside)? How the quiz and the bench judge a quote. */
export function holdsAnswer(text: string, answers: readonly string[]): boolean {
  const t = text.toLowerCase();
  return answers.some((a) => t.includes(a.toLowerCase()));
}

interface Rows {
  x: number[][];
  y: number[];
  /** The question each row belongs to (rows of one question are consecutive). */
  question: number[];
}

/** The labelled rows of one question, or none when no candidate holds an answer. */
export function rowsOf(example: Example, options: TrainOptions): Rows {
  const candidates = readerCandidates(example.index, example.question, { asOf: example.asOf, weights: HAND_TUNED_WEIGHTS }).slice(
    0,
    options.candidates,
  );
  const y = candidates.map((c) => (holdsAnswer(c.text, example.answers) ? 1 : 0));
  if (!y.includes(1) || !y.includes(0)) return { x: [], y: [], question: [] };
  const x = candidates.map((c) => READER_FEATURES.map((f) => c.features[f] * c.timeWeight));
  return { x, y, question: y.map(() => 0) };
}

/**
 * Fit the conditional logit on `columns` of the rows, each scaled to unit spread (so the ridge weighs every
 * feature alike), and return the weights in the columns' own units; none when no question has rows.
 */
function fitScaled(rows: Rows, columns: readonly number[], ridge: number): number[] | undefined {
  const spread = columns.map((j) => {
    const sd = meanAndSpread(rows.x.map((r) => r[j])).sd;
    return sd > 1e-9 ? sd : 1;
  });
  const groups: { x: number[][]; y: number[] }[] = [];
  rows.x.forEach((r, i) => {
    if (i === 0 || rows.question[i] !== rows.question[i - 1]) groups.push({ x: [], y: [] });
    groups.at(-1)!.x.push(columns.map((j, k) => r[j] / spread[k]));
    groups.at(-1)!.y.push(rows.y[i]);
  });
  if (!groups.length) return undefined;
  const started = performance.now();
  const fitted = fitListwise(groups, ridge);
  if (process.env.TRAIN_VERBOSE)
    console.error(`fitted ${groups.length} questions, ${rows.y.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return fitted.map((w, k) => w / spread[k]);
}

/** Fit weights to labelled rows (see the head of this file). */
export function fitWeights(rows: Rows, options: TrainOptions, description: string): ReaderWeights {
  const columns = READER_FEATURES.map((_, j) => j).filter((j) => !options.without?.includes(READER_FEATURES[j]));
  const fitted = fitScaled(rows, columns, options.ridge) ?? columns.map(() => 0);
  const raw = new Map<ReaderFeature, number>(READER_FEATURES.map((f) => [f, 0]));
  columns.forEach((j, k) => raw.set(READER_FEATURES[j], fitted[k]));
  // Scores in coverage units: as spread out over the rows as the hand-tuned reader's, and at the same mean.
  const scoresOf = (w: (f: ReaderFeature) => number) =>
    meanAndSpread(rows.x.map((r) => READER_FEATURES.reduce((a, f, j) => a + r[j] * w(f), 0)));
  const hand = scoresOf((f) => HAND_TUNED_WEIGHTS.weights[f]);
  const scale = scoresOf((f) => raw.get(f)!).sd / hand.sd;
  if (!(scale > 0))
    throw new Error(
      `the fitted weights score every row alike (${[...raw].map(([f, v]) => `${f} ${v.toFixed(3)}`).join(', ')}): the data or the options are wrong`,
    );
  const weights = Object.fromEntries(READER_FEATURES.map((f) => [f, round(raw.get(f)! / scale)])) as ReaderWeights['weights'];
  const offset = round(hand.mean - scoresOf((f) => weights[f]).mean);
  return { version: 2, description, weights, offset, phrase: HAND_TUNED_PHRASE_WEIGHTS };
}

/** The short answer a span gives, as /ask shows it: a number written in words as its value. */
export function spanAnswer(w: WeighedSpan): string {
  const shown = w.span.shown ?? w.words;
  return typeof w.span.value === 'number' && !/\d/.test(shown) ? String(w.span.value) : shown;
}

/**
 * The labelled spans of one question: the spans of the first of its top 3 quotes (hand-tuned reader) that holds
 * an answer, each labelled 1 when its short answer's token F1 against the answers is the best of them (and at
 * least 0.5); none when no quote holds an answer, the question asks for no phrase, or no span comes close.
 */
export function phraseRowsOf(example: Example): Rows {
  const kind = askedKind(example.question);
  if (!kind) return { x: [], y: [], question: [] };
  const a = answerQuestion(example.index, example.question, { asOf: example.asOf, weights: HAND_TUNED_WEIGHTS });
  const quote = a.quotes.slice(0, 3).find((q) => holdsAnswer(q.text, example.answers));
  const spans = quote && weighedSpans(a.question, kind, quote);
  if (!spans) return { x: [], y: [], question: [] };
  const f1 = spans.map((w) => tokenF1(spanAnswer(w), example.answers));
  const top = Math.max(...f1);
  const y = f1.map((v) => (v === top ? 1 : 0));
  if (top < 0.5 || !y.includes(0)) return { x: [], y: [], question: [] };
  return { x: spans.map((w) => PHRASE_FEATURES.map((f) => w.features[f])), y, question: y.map(() => 0) };
}

/** Fit the phrase model to labelled spans: the same conditional logit (the hand-tuned rules when there are none). */
export function fitPhraseWeights(rows: Rows, options: TrainOptions): PhraseFeatureVector {
  const fitted = fitScaled(
    rows,
    PHRASE_FEATURES.map((_, j) => j),
    options.ridge,
  );
  return Object.fromEntries(
    PHRASE_FEATURES.map((f, j) => [f, fitted ? round(fitted[j]) : HAND_TUNED_PHRASE_WEIGHTS[f]]),
  ) as PhraseFeatureVector;
}

/**
 * A listwise ranking model, the conditional logit: per question, the probability that the sentences that
 * answer are chosen among all its sentences, softmax(w · x), is maximised over all questions, less
 * `ridge`/2 · |w|². Newton steps with the expected Hessian (the softmax covariance of the features, plus the
 * ridge), solved with ml-matrix, each halved until the objective rises; from zero weights, so the same data
 * gives the same weights. This is the loss of acc@1 itself, smoothed: a pairwise loss spends its effort on
 * pairs far down the list.
 */
export function fitListwise(groups: readonly { x: number[][]; y: number[] }[], ridge: number): number[] {
  const d = groups[0]?.x[0]?.length ?? 0;
  const objective = (w: number[]) => {
    let total = -0.5 * ridge * w.reduce((a, v) => a + v * v, 0);
    for (const g of groups) {
      const s = g.x.map((r) => r.reduce((a, v, j) => a + v * w[j], 0));
      const top = Math.max(...s);
      let all = 0;
      let pos = 0;
      s.forEach((v, i) => {
        const e = Math.exp(v - top);
        all += e;
        if (g.y[i]) pos += e;
      });
      total += Math.log(pos) - Math.log(all);
    }
    return total;
  };
  let w = new Array<number>(d).fill(0);
  let current = objective(w);
  for (let step = 0; step < 100; step++) {
    const gradient = w.map((v) => -ridge * v);
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? ridge : 0)));
    for (const g of groups) {
      const s = g.x.map((r) => r.reduce((a, v, j) => a + v * w[j], 0));
      const top = Math.max(...s);
      const e = s.map((v) => Math.exp(v - top));
      const all = e.reduce((a, b) => a + b, 0);
      const pos = e.reduce((a, v, i) => a + (g.y[i] ? v : 0), 0);
      const meanAll = new Array<number>(d).fill(0);
      const meanPos = new Array<number>(d).fill(0);
      g.x.forEach((r, i) => {
        for (let j = 0; j < d; j++) {
          meanAll[j] += (e[i] / all) * r[j];
          if (g.y[i]) meanPos[j] += (e[i] / pos) * r[j];
        }
      });
      for (let j = 0; j < d; j++) gradient[j] += meanPos[j] - meanAll[j];
      g.x.forEach((r, i) => {
        const p = e[i] / all;
        for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) hessian[a][b] += p * (r[a] - meanAll[a]) * (r[b] - meanAll[b]);
      });
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[b][a] = hessian[a][b];
    const delta = solve(new Matrix(hessian), Matrix.columnVector(gradient)).to1DArray();
    let t = 1;
    let next = w.map((v, i) => v + delta[i]);
    let value = objective(next);
    while (value < current && t > 1e-4) {
      t /= 2;
      next = w.map((v, i) => v + t * delta[i]);
      value = objective(next);
    }
    if (value < current) break;
    const gain = value - current;
    w = next;
    current = value;
    if (gain < 1e-9) break;
  }
  return w;
}

function meanAndSpread(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export interface Scores {
  questions: number;
  acc1: number;
  hit3: number;
  em: number;
  f1: number;
}

/** Answer each question through the whole pipeline with `weights`: top quote holds an answer, any of 3, short answer EM/F1. */
export function evaluate(examples: readonly Example[], weights: ReaderWeights): Scores {
  let acc1 = 0;
  let hit3 = 0;
  let em = 0;
  let f1 = 0;
  for (const e of examples) {
    const a = answerQuestion(e.index, e.question, { asOf: e.asOf, weights });
    const good = a.quotes.slice(0, 3).map((q) => holdsAnswer(q.text, e.answers));
    if (good[0]) acc1++;
    if (good.some(Boolean)) hit3++;
    const short = a.answer
      ? a.answer.value !== undefined && !/\d/.test(a.answer.text)
        ? String(a.answer.value)
        : a.answer.text
      : undefined;
    em += exactMatch(short, e.answers);
    f1 += tokenF1(short, e.answers);
  }
  const n = Math.max(1, examples.length);
  return { questions: examples.length, acc1: acc1 / n, hit3: hit3 / n, em: em / n, f1: f1 / n };
}

function allRows(
  examples: readonly Example[],
  options: TrainOptions,
  cache: Map<Example, Rows>,
  of: (e: Example) => Rows = (e) => rowsOf(e, options),
): Rows {
  const out: Rows = { x: [], y: [], question: [] };
  examples.forEach((e, q) => {
    let rows = cache.get(e);
    if (!rows) cache.set(e, (rows = of(e)));
    out.x.push(...rows.x);
    out.y.push(...rows.y);
    out.question.push(...rows.y.map(() => q));
  });
  return out;
}

/** News weeks in `folds` contiguous blocks. */
export function weekFolds(examples: readonly Example[], folds: number): string[][] {
  const weeks = [...new Set(examples.map((e) => e.group))].sort();
  const size = Math.ceil(weeks.length / folds);
  return Array.from({ length: folds }, (_, k) => weeks.slice(k * size, (k + 1) * size)).filter((f) => f.length);
}

async function loadSets(
  values: Record<string, string | boolean | undefined>,
): Promise<{ news: Example[]; squadTune: Example[]; squadHeld: Example[]; seed: Example[] }> {
  const news: Example[] = [];
  const squadTune: Example[] = [];
  const squadHeld: Example[] = [];
  const seed: Example[] = [];
  if (typeof values.news === 'string') {
    const { index } = await buildIndex(path.join(values.news, 'corpus'));
    for (const q of readJsonl<{ id: string; question: string; answers: string[]; date?: string }>(
      path.join(values.news, 'questions.jsonl'),
    )) {
      news.push({
        set: 'news',
        group: q.id.slice(0, 8),
        question: q.question,
        asOf: q.date?.replaceAll('/', '-'),
        answers: q.answers,
        index,
      });
    }
  }
  if (typeof values.squad === 'string') {
    const { index } = await buildIndex(path.join(values.squad, 'corpus'));
    const qs = readJsonl<{ question: string; answers: string[] }>(path.join(values.squad, 'questions.jsonl'));
    const half = Math.ceil(qs.length / 2);
    qs.forEach((q, i) =>
      (i < half ? squadTune : squadHeld).push({
        set: 'squad',
        group: i < half ? 'tuning' : 'held-out',
        question: q.question,
        answers: q.answers,
        index,
      }),
    );
  }
  if (typeof values['seed-qa'] === 'string') {
    const { index } = await buildIndex(typeof values['seed-corpus'] === 'string' ? values['seed-corpus'] : 'corpus');
    for (const q of readJsonl<{ question: string; gold: string[] }>(values['seed-qa']))
      seed.push({ set: 'seed', group: 'seed', question: q.question, answers: q.gold, index });
  }
  return { news, squadTune, squadHeld, seed };
}

const pct = (n: number) => `${(100 * n).toFixed(1)}%`;
const line = (name: string, s: Scores) =>
  `| ${name} | ${s.questions} | ${pct(s.acc1)} | ${pct(s.hit3)} | ${pct(s.em)} | ${(100 * s.f1).toFixed(1)} |`;
const HEAD = '| set | questions | acc@1 | hit@3 | short EM | short F1 |\n|:--|--:|--:|--:|--:|--:|';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      news: { type: 'string' },
      squad: { type: 'string' },
      'seed-qa': { type: 'string' },
      'seed-corpus': { type: 'string' },
      out: { type: 'string', default: READER_WEIGHTS_FILE },
      folds: { type: 'string', default: '4' },
      'dry-run': { type: 'boolean' },
      ablate: { type: 'boolean' },
    },
  });
  if (!values.news && !values.squad && !values['seed-qa']) {
    console.error('usage: npm run train -- [--news DIR] [--squad DIR] [--seed-qa FILE] [--out FILE] [--folds K] [--dry-run] [--ablate]');
    process.exitCode = 2;
    return;
  }
  const options = DEFAULT_TRAIN_OPTIONS;
  const { news, squadTune, squadHeld, seed } = await loadSets(values);
  const cache = new Map<Example, Rows>();
  const phraseCache = new Map<Example, Rows>();
  // The sentence weights and the phrase model, fitted on the same questions.
  const fitReader = (examples: readonly Example[], opts: TrainOptions, description: string): ReaderWeights => ({
    ...fitWeights(allRows(examples, opts, cache), opts, description),
    phrase: fitPhraseWeights(allRows(examples, opts, phraseCache, phraseRowsOf), opts),
  });
  const always = [...squadTune, ...seed];
  const report: string[] = [];

  // k-fold over news weeks: fitted on the other weeks (and the other sets), judged on the held-out weeks.
  const folds = news.length ? weekFolds(news, Number(values.folds)) : [];
  const heldNews: { hand: Scores; learned: Scores }[] = [];
  if (folds.length > 1) {
    report.push(
      `\nnews weeks, ${folds.length} folds of contiguous weeks (each fitted on the other weeks, SQuAD's tuning half and the seed questions)\n`,
      HEAD,
    );
    for (const weeks of folds) {
      const held = news.filter((e) => weeks.includes(e.group));
      const fitted = fitReader([...news.filter((e) => !weeks.includes(e.group)), ...always], options, 'fold');
      const scores = { hand: evaluate(held, HAND_TUNED_WEIGHTS), learned: evaluate(held, fitted) };
      heldNews.push(scores);
      report.push(line(`${weeks[0]}–${weeks.at(-1)} hand-tuned`, scores.hand), line(`${weeks[0]}–${weeks.at(-1)} learned`, scores.learned));
    }
    const mean = (k: 'hand' | 'learned', m: keyof Scores) => heldNews.reduce((a, s) => a + s[k][m] * s[k].questions, 0) / news.length;
    for (const k of ['hand', 'learned'] as const) {
      const accs = heldNews.map((s) => s[k].acc1);
      report.push(
        `| all held-out weeks, ${k === 'hand' ? 'hand-tuned' : 'learned'} | ${news.length} | ${pct(mean(k, 'acc1'))} (folds ${pct(Math.min(...accs))}–${pct(Math.max(...accs))}) | ${pct(mean(k, 'hit3'))} | ${pct(mean(k, 'em'))} | ${(100 * mean(k, 'f1')).toFixed(1)} |`,
      );
    }
  }

  const sets = [
    news.length ? `the news quiz in ${String(values.news)} (every week)` : '',
    squadTune.length ? `the tuning half of ${String(values.squad)}` : '',
    seed.length ? `the seed dev questions in ${String(values['seed-qa'])}` : '',
  ].filter(Boolean);
  const heldOut = squadHeld.length ? evaluate(squadHeld, HAND_TUNED_WEIGHTS) : undefined;
  const learned = fitReader([...news, ...always], options, `fitted by npm run train on ${sets.join(', ')}`);
  const heldOutLearned = squadHeld.length ? evaluate(squadHeld, learned) : undefined;
  if (heldOut && heldOutLearned) {
    report.push(`\nSQuAD held-out half (never fitted on)\n`, HEAD, line('hand-tuned', heldOut), line('learned', heldOutLearned));
    learned.description += `; SQuAD held-out half acc@1 ${pct(heldOutLearned.acc1)} (hand-tuned ${pct(heldOut.acc1)})`;
  }
  if (heldNews.length) {
    const acc = heldNews.reduce((a, s) => a + s.learned.acc1 * s.learned.questions, 0) / news.length;
    const hand = heldNews.reduce((a, s) => a + s.hand.acc1 * s.hand.questions, 0) / news.length;
    learned.description += `; news weeks held out in ${folds.length} folds acc@1 ${pct(acc)} (hand-tuned ${pct(hand)})`;
  }
  report.push(`\nfitted parts (the shipped weights were fitted on these: not a measure of quality)\n`, HEAD);
  for (const [name, set] of [
    ['news quiz, every week', news],
    ["SQuAD's tuning half", squadTune],
    ['seed dev questions', seed],
  ] as const) {
    if (set.length)
      report.push(line(`${name}, hand-tuned`, evaluate(set, HAND_TUNED_WEIGHTS)), line(`${name}, learned`, evaluate(set, learned)));
  }

  if (values.ablate && squadHeld.length) {
    report.push(
      `\nablation: refitted without each feature, SQuAD held-out half (and news held-out weeks)\n`,
      '| without | SQuAD acc@1 | Δ | news acc@1 | Δ |\n|:--|--:|--:|--:|--:|',
    );
    for (const f of READER_FEATURES) {
      const opts = { ...options, without: [f] };
      const w = fitReader([...news, ...always], opts, 'ablation');
      const squad = evaluate(squadHeld, w).acc1;
      let newsAcc = NaN;
      if (folds.length > 1) {
        let right = 0;
        for (const weeks of folds) {
          const held = news.filter((e) => weeks.includes(e.group));
          const fw = fitReader([...news.filter((e) => !weeks.includes(e.group)), ...always], opts, 'fold');
          right += evaluate(held, fw).acc1 * held.length;
        }
        newsAcc = right / news.length;
      }
      const base = heldNews.length ? heldNews.reduce((a, s) => a + s.learned.acc1 * s.learned.questions, 0) / news.length : NaN;
      report.push(
        `| ${f} | ${pct(squad)} | ${(100 * (squad - heldOutLearned!.acc1)).toFixed(1)} | ${pct(newsAcc)} | ${(100 * (newsAcc - base)).toFixed(1)} |`,
      );
    }
  }

  console.log(report.join('\n'));
  console.log(`\nweights (offset ${learned.offset}):\n${JSON.stringify(learned.weights)}\nphrase:\n${JSON.stringify(learned.phrase)}`);
  if (!values['dry-run']) {
    writeFileSync(values.out!, `${JSON.stringify(learned, null, 2)}\n`);
    console.log(`\nwritten to ${values.out}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) await main();
