/**
 * Follow-up questions (issue 35) on the test set of eval/follow-ups: for each half (dev, tuned on; held-out,
 * written before any tuning and never changed), the rewrite's exact match with the gold standalone question, and
 * how often the top quote holds the expected answer when each follow-up is answered in its conversation (rewritten,
 * the previous answer's articles preferred), asked alone as typed, and (the ceiling) as the gold rewrite; then the
 * rewrite's own latency, p50 and p95 over every follow-up, after the names lexicon is loaded (the bot loads it at
 * start).
 *
 *   npx tsx bench/follow-ups.ts [--verbose] [--json]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { preloadNames } from '../src/language/names.js';
import { answerQuestion, type Answer } from '../src/qa/answer.js';
import { answerFollowUp, contextOf, rewriteFollowUp, type FollowUpContext } from '../src/qa/follow-up.js';

const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
const ROOT = path.join(import.meta.dirname, '..');
const AS_OF = '2026-01-01';

interface Turn {
  conversation: string;
  corpus: string;
  question: string;
  rewrite: string;
  answer: string;
}

const indexes = new Map<string, NewsIndex>();
async function indexOf(corpus: string): Promise<NewsIndex> {
  if (!indexes.has(corpus)) indexes.set(corpus, (await buildIndex(path.join(ROOT, corpus))).index);
  return indexes.get(corpus)!;
}

const holds = (answer: Answer, expected: string) => answer.quotes[0]?.text.includes(expected) ?? false;

interface HalfReport {
  conversations: number;
  followUps: number;
  rewriteExact: number;
  topQuoteWithContext: number;
  topQuoteAlone: number;
  topQuoteGoldRewrite: number;
  needingNoRewrite: number;
}

const samples: { context: FollowUpContext; followUp: string }[] = [];

async function half(name: string): Promise<HalfReport> {
  const turns = readFileSync(path.join(ROOT, 'eval', 'follow-ups', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Turn);
  const report: HalfReport = {
    conversations: new Set(turns.map((t) => t.conversation)).size,
    followUps: 0,
    rewriteExact: 0,
    topQuoteWithContext: 0,
    topQuoteAlone: 0,
    topQuoteGoldRewrite: 0,
    needingNoRewrite: 0,
  };
  const contexts = new Map<string, FollowUpContext>();
  for (const turn of turns) {
    const index = await indexOf(turn.corpus);
    const context = contexts.get(turn.conversation);
    if (!context) {
      const first = answerQuestion(index, turn.question, { asOf: AS_OF });
      contexts.set(turn.conversation, contextOf(turn.question, first));
      continue;
    }
    samples.push({ context, followUp: turn.question });
    const { reading, answer } = answerFollowUp(index, context, turn.question, { asOf: AS_OF });
    contexts.set(turn.conversation, contextOf(reading.question, answer));
    const alone = answerQuestion(index, turn.question, { asOf: AS_OF });
    const gold = answerQuestion(index, turn.rewrite, { asOf: AS_OF });
    report.followUps++;
    if (turn.rewrite === turn.question) report.needingNoRewrite++;
    const exact = reading.question === turn.rewrite;
    if (exact) report.rewriteExact++;
    if (holds(answer, turn.answer)) report.topQuoteWithContext++;
    if (holds(alone, turn.answer)) report.topQuoteAlone++;
    if (holds(gold, turn.answer)) report.topQuoteGoldRewrite++;
    if (values.verbose && (!exact || !holds(answer, turn.answer)))
      console.log(
        `${name} ${turn.conversation}: "${turn.question}" → "${reading.question}" (${reading.rule})${exact ? '' : ` ≠ gold "${turn.rewrite}"`}` +
          `${holds(answer, turn.answer) ? '' : `; top quote lacks "${turn.answer}": ${answer.quotes[0]?.text ?? '(none)'}`}`,
      );
  }
  return report;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

preloadNames();
const dev = await half('dev');
const heldOut = await half('heldout');
// The rewrite alone, as /ask would add it: each follow-up read 200 times, each read timed.
for (const s of samples) rewriteFollowUp(s.context, s.followUp);
const times: number[] = [];
for (let round = 0; round < 200; round++)
  for (const s of samples) {
    const t = performance.now();
    rewriteFollowUp(s.context, s.followUp);
    times.push(performance.now() - t);
  }
times.sort((a, b) => a - b);
const latency = { p50: percentile(times, 50), p95: percentile(times, 95), reads: times.length };

if (values.json) console.log(JSON.stringify({ dev, heldOut, latencyMs: latency }));
else {
  const pct = (n: number, of: number) => `${n}/${of} (${Math.round((100 * n) / of)}%)`;
  for (const [name, r] of [
    ['dev', dev],
    ['held-out', heldOut],
  ] as const) {
    console.log(
      `${name}: ${r.conversations} conversations, ${r.followUps} follow-ups (${r.needingNoRewrite} needing no rewrite)\n` +
        `  rewrite exact match with gold:         ${pct(r.rewriteExact, r.followUps)}\n` +
        `  top quote holds the answer, in context: ${pct(r.topQuoteWithContext, r.followUps)}\n` +
        `  top quote holds the answer, alone:      ${pct(r.topQuoteAlone, r.followUps)}\n` +
        `  top quote holds the answer, gold rewrite: ${pct(r.topQuoteGoldRewrite, r.followUps)}`,
    );
  }
  console.log(`rewrite latency: p50 ${latency.p50.toFixed(4)} ms, p95 ${latency.p95.toFixed(4)} ms over ${latency.reads} reads`);
}
