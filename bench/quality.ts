/**
 * `npm run bench:quality`: answer quality of the project next to a plain-minisearch baseline, on the same data,
 * in one run. The baseline indexes the same paragraphs with minisearch's defaults and quotes, from each of the
 * top paragraphs, the sentence sharing the most words with the question — what a first version would do.
 *
 *   npm run bench:quality                      seed QA dev set + SQuAD slice (shipped in eval/)
 *   npm run bench:quality -- --news DIR        also the news-2022 quiz (DIR holds corpus/ and questions.jsonl)
 *   npm run bench:quality -- --json            machine-readable results
 *   npm run bench:quality -- --verbose         print each miss
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { answerQuestion, type Answer } from '../src/answer.js';
import { buildIndex } from '../src/engine.js';
import { buildTimeline } from '../src/timeline.js';
import type { NewsIndex } from '../src/search-index.js';

const { values } = parseArgs({
  options: {
    news: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    eval: { type: 'string', default: path.join(import.meta.dirname, '..', 'eval') },
    corpus: { type: 'string', default: path.join(import.meta.dirname, '..', 'corpus') },
    limit: { type: 'string' },
  },
});

interface SimpleQuote {
  text: string;
  article: string;
  paragraph: number;
  dates: string[];
}

type Answerer = (question: string) => { answered: boolean; quotes: SimpleQuote[] };

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

function projectAnswerer(index: NewsIndex): Answerer {
  return (question) => {
    const a: Answer = answerQuestion(index, question);
    return {
      answered: a.answered,
      quotes: a.quotes.map((q) => ({ text: q.text, article: q.citation.article, paragraph: q.citation.paragraph, dates: q.dates.map((d) => d.value) })),
    };
  };
}

/** minisearch defaults over the same paragraphs; the sentence with most question words from each top paragraph. */
function baselineAnswerer(index: NewsIndex): Answerer {
  const ms = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  ms.addAll(index.paragraphs.map((p, id) => ({ id, text: p.text })));
  const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  return (question) => {
    const qWords = words(question);
    const quotes = ms.search(question).slice(0, 3).map((hit) => {
      const id = hit.id as number;
      const p = index.paragraphs[id];
      let best = 0;
      let bestCount = -1;
      p.sentences.forEach((_, s) => {
        const count = [...words(index.sentenceText(id, s))].filter((w) => qWords.has(w)).length;
        if (count > bestCount) [best, bestCount] = [s, count];
      });
      return { text: index.sentenceText(id, best), article: index.articles[p.article].id, paragraph: p.number, dates: index.sentenceDates(id, best).map((d) => d.value) };
    });
    return { answered: quotes.length > 0, quotes };
  };
}

interface Row {
  set: string;
  metric: string;
  baseline: number;
  project: number;
  n: number;
}

const rows: Row[] = [];
const misses: string[] = [];

function rate(xs: boolean[]): number {
  return xs.length ? xs.filter(Boolean).length / xs.length : 0;
}

interface SeedQuestion { id: string; question: string; gold: string[]; avoid?: string[]; dates?: string[]; unanswerable?: boolean }

function seedPass(q: SeedQuestion, a: ReturnType<Answerer>): boolean {
  if (q.unanswerable) return !a.answered;
  const top = a.quotes[0];
  if (!a.answered || !top) return false;
  if (!q.gold.some((g) => top.text.includes(g))) return false;
  if ((q.avoid ?? []).some((g) => top.text.includes(g))) return false;
  if (q.dates && !q.dates.some((d) => top.dates.includes(d))) return false;
  return true;
}

async function seedSection() {
  const { index } = await buildIndex(values.corpus!);
  const qs = readJsonl<SeedQuestion>(path.join(values.eval!, 'seed-qa-dev.jsonl'));
  const project = projectAnswerer(index);
  const baseline = baselineAnswerer(index);
  const p = qs.map((q) => seedPass(q, project(q.question)));
  const b = qs.map((q) => seedPass(q, baseline(q.question)));
  qs.forEach((q, i) => { if (!p[i]) misses.push(`seed ${q.id}: ${q.question}`); });
  rows.push({ set: 'seed QA dev', metric: 'pass', baseline: rate(b), project: rate(p), n: qs.length });
}

interface SquadQuestion { id: string; question: string; answers: string[]; article: string; paragraph: number }

async function squadSection() {
  const dir = path.join(values.eval!, 'squad-slice');
  const { index } = await buildIndex(path.join(dir, 'corpus'));
  let qs = readJsonl<SquadQuestion>(path.join(dir, 'questions.jsonl'));
  if (values.limit) qs = qs.slice(0, Number(values.limit));
  const right = (q: SquadQuestion, quote: SimpleQuote) => quote.article === q.article.replace(/ /g, '_') && quote.paragraph === q.paragraph
    && q.answers.some((ans) => quote.text.includes(ans));
  const inGoldParagraph = (q: SquadQuestion, quote: SimpleQuote) => quote.article === q.article.replace(/ /g, '_') && quote.paragraph === q.paragraph;
  for (const [name, answerer] of [['baseline', baselineAnswerer(index)], ['project', projectAnswerer(index)]] as const) {
    const acc1: boolean[] = [];
    const hit3: boolean[] = [];
    const para1: boolean[] = [];
    const abstained: boolean[] = [];
    for (const q of qs) {
      const a = answerer(q.question);
      acc1.push(!!a.quotes[0] && right(q, a.quotes[0]));
      hit3.push(a.quotes.slice(0, 3).some((quote) => right(q, quote)));
      para1.push(!!a.quotes[0] && inGoldParagraph(q, a.quotes[0]));
      abstained.push(!a.answered);
      if (name === 'project' && !acc1.at(-1)) misses.push(`squad ${q.id}: ${q.question} [${q.answers[0]}] → ${a.quotes[0]?.text.slice(0, 120) ?? '(abstained)'}`);
    }
    const set = (metric: string, v: number) => {
      let row = rows.find((r) => r.set === 'SQuAD slice' && r.metric === metric);
      if (!row) rows.push(row = { set: 'SQuAD slice', metric, baseline: 0, project: 0, n: qs.length });
      row[name] = v;
    };
    set('acc@1', rate(acc1));
    set('hit@3', rate(hit3));
    set('top quote in gold paragraph', rate(para1));
    set('abstained', rate(abstained));
  }
}

interface NewsQuestion { id: string; question: string; answers: string[] }

async function newsSection(dir: string) {
  const { index } = await buildIndex(path.join(dir, 'corpus'));
  let qs = readJsonl<NewsQuestion>(path.join(dir, 'questions.jsonl'));
  if (values.limit) qs = qs.slice(0, Number(values.limit));
  const right = (q: NewsQuestion, text: string) => q.answers.some((ans) => text.toLowerCase().includes(ans.toLowerCase()));
  for (const [name, answerer] of [['baseline', baselineAnswerer(index)], ['project', projectAnswerer(index)]] as const) {
    const acc1: boolean[] = [];
    const hit3: boolean[] = [];
    for (const q of qs) {
      const a = answerer(q.question);
      acc1.push(!!a.quotes[0] && right(q, a.quotes[0].text));
      hit3.push(a.quotes.slice(0, 3).some((quote) => right(q, quote.text)));
    }
    for (const [metric, v] of [['acc@1', rate(acc1)], ['hit@3', rate(hit3)]] as const) {
      let row = rows.find((r) => r.set === 'news-2022 quiz' && r.metric === metric);
      if (!row) rows.push(row = { set: 'news-2022 quiz', metric, baseline: 0, project: 0, n: qs.length });
      row[name] = v;
    }
  }
}

interface TimelineExpectation { id?: string; date: string; key: string }

/**
 * Timeline on the seed corpus: the dev expectations (eval/seed-timeline-dev.jsonl) and, for spurious events,
 * the full hand-checked list of the seed's dated events (tests/fixtures/seed-timeline-gold.jsonl).
 */
async function timelineSection() {
  const { index } = await buildIndex(values.corpus!);
  const { events } = buildTimeline(index);
  const dev = readJsonl<TimelineExpectation>(path.join(values.eval!, 'seed-timeline-dev.jsonl'));
  const gold = readJsonl<TimelineExpectation>(path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'seed-timeline-gold.jsonl'));
  const found = dev.filter((x) => events.some((e) => e.date === x.date && e.text.includes(x.key)));
  const wrong = dev.filter((x) => !found.includes(x) && events.some((e) => e.text.includes(x.key)));
  const spurious = events.filter((e) => !gold.some((g) => g.date === e.date && e.text.startsWith(g.key)));
  const goldFound = gold.filter((g) => events.some((e) => e.date === g.date && e.text.startsWith(g.key)));
  for (const x of dev) if (!found.includes(x)) misses.push(`timeline ${x.id}: ${x.date} ${x.key}`);
  timelineRows.push(
    { metric: 'dev events found (date and sentence right)', value: `${found.length}/${dev.length}` },
    { metric: 'dev events with a wrong date', value: String(wrong.length) },
    { metric: 'all seed events found', value: `${goldFound.length}/${gold.length}` },
    { metric: 'spurious events', value: String(spurious.length) },
  );
}

const timelineRows: { metric: string; value: string }[] = [];

await seedSection();
await timelineSection();
await squadSection();
if (values.news) await newsSection(values.news);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
if (values.json) {
  console.log(JSON.stringify({ answers: rows, timeline: timelineRows }));
} else {
  console.log('| set | metric | n | plain minisearch | project | Δ (points) |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.set} | ${r.metric} | ${r.n} | ${pct(r.baseline)} | ${pct(r.project)} | ${((r.project - r.baseline) * 100).toFixed(1)} |`);
  }
  console.log('\n| timeline (seed corpus) | value |\n|---|---|');
  for (const r of timelineRows) console.log(`| ${r.metric} | ${r.value} |`);
  if (values.verbose) for (const m of misses) console.log(m);
}
