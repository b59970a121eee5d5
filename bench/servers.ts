/**
 * `npm run bench -- --servers N --corpus DIR`: what servers with articles of their own cost beside the shared
 * corpus, with the shared-only baseline in the same run. N servers get 3 articles each (copies of the corpus's
 * own articles, so their text is real news); each asks a question once (its index is made then) and again.
 * Reported: heap and RSS with the shared index alone and with the N servers' indexes, per server; a server's first
 * question against its later one; and /ask for a server with articles of its own against one without,
 * interleaved, p50/p95/p99.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listCorpusFiles } from '../src/corpus/directory.js';
import { IndexService } from '../src/index/index-service.js';
import { answerQuestion } from '../src/qa/answer.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { serverVersionsIn } from '../src/store/state-store.js';

export interface ServersBenchOptions {
  corpusDir: string;
  servers: number;
  questions: readonly string[];
  /** Articles per server (default 3). */
  articlesPerServer?: number;
  log: (line: string) => void;
  /** Collect garbage and wait until the heap settles. */
  settle: () => void;
}

interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export interface ServersBenchResult {
  servers: number;
  sharedArticles: number;
  memory: {
    heapSharedMb: number;
    rssSharedMb: number;
    heapWithServersMb: number;
    rssWithServersMb: number;
    heapPerServerMb: number;
    rssPerServerMb: number;
  };
  firstQuestion: Latency;
  laterQuestion: Latency;
  /** First minus later, per server. */
  firstExtra: Latency;
  withOwn: Latency;
  withoutOwn: Latency;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
function latency(times: readonly number[]): Latency {
  const s = [...times].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}
const mb = (bytes: number) => bytes / 1024 / 1024;

/** The id of the i-th server: 18 digits, as Discord's. */
const serverId = (i: number) => String(100_000_000_000_000_000n + BigInt(i));

export async function benchServers(o: ServersBenchOptions): Promise<ServersBenchResult> {
  const per = o.articlesPerServer ?? 3;
  const work = mkdtempSync(path.join(tmpdir(), 'newsdesk-servers-'));
  try {
    // The shared corpus by links to its files; the servers' articles written into their folders.
    const corpus = path.join(work, 'corpus');
    mkdirSync(corpus);
    const { files } = await listCorpusFiles(o.corpusDir);
    for (const f of files) {
      mkdirSync(path.dirname(path.join(corpus, f)), { recursive: true });
      symlinkSync(path.join(path.resolve(o.corpusDir), f), path.join(corpus, f));
    }
    o.log(`servers: writing ${o.servers} servers × ${per} articles…`);
    for (let s = 0; s < o.servers; s++) {
      const dir = path.join(corpus, 'servers', serverId(s));
      mkdirSync(dir, { recursive: true });
      for (let k = 0; k < per; k++) {
        const file = files[(s * per + k) % files.length];
        writeFileSync(path.join(dir, path.basename(file)), readFileSync(path.join(o.corpusDir, file)));
      }
    }
    const store = await SqliteStore.open(path.join(work, 'state.sqlite'));
    const service = await IndexService.open(corpus, {}, { versions: serverVersionsIn(store), budgetBytes: Number.POSITIVE_INFINITY });
    const asOf = '2030-01-01';
    const timed = async (server: string | null, q: string) => {
      const started = performance.now();
      const index = await service.forServer(server);
      answerQuestion(index, q, { asOf });
      return performance.now() - started;
    };
    // The shared index warmed by the questions as a server without articles of its own asks them.
    for (const q of o.questions.slice(0, 50)) await timed(null, q);
    o.settle();
    const heapShared = process.memoryUsage().heapUsed;
    const rssShared = process.memoryUsage().rss;

    o.log(`servers: each of ${o.servers} servers asks a question twice…`);
    const first: number[] = [];
    const later: number[] = [];
    for (let s = 0; s < o.servers; s++) {
      const q = o.questions[s % o.questions.length];
      first.push(await timed(serverId(s), q));
      later.push(await timed(serverId(s), q));
    }
    o.settle();
    const heapServers = process.memoryUsage().heapUsed;
    const rssServers = process.memoryUsage().rss;

    o.log(`servers: /ask as a server with articles of its own and one without, interleaved…`);
    const withOwn: number[] = [];
    const withoutOwn: number[] = [];
    const none = '999999999999999999';
    for (const [i, q] of o.questions.entries()) {
      const own = serverId(i % o.servers);
      if (i % 2) {
        withOwn.push(await timed(own, q));
        withoutOwn.push(await timed(none, q));
      } else {
        withoutOwn.push(await timed(none, q));
        withOwn.push(await timed(own, q));
      }
    }
    await store.close();
    return {
      servers: o.servers,
      sharedArticles: service.index.articleCount,
      memory: {
        heapSharedMb: mb(heapShared),
        rssSharedMb: mb(rssShared),
        heapWithServersMb: mb(heapServers),
        rssWithServersMb: mb(rssServers),
        heapPerServerMb: mb(heapServers - heapShared) / o.servers,
        rssPerServerMb: mb(rssServers - rssShared) / o.servers,
      },
      firstQuestion: latency(first),
      laterQuestion: latency(later),
      firstExtra: latency(first.map((f, i) => f - later[i])),
      withOwn: latency(withOwn),
      withoutOwn: latency(withoutOwn),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The result as a Markdown table. */
export function renderServersBench(r: ServersBenchResult): string {
  const ms = (l: Latency) => `${l.p50.toFixed(1)} / ${l.p95.toFixed(1)} / ${l.p99.toFixed(1)}`;
  const m = r.memory;
  return [
    `Servers with articles of their own: ${r.servers} servers beside ${r.sharedArticles.toLocaleString('en')} shared articles`,
    '',
    '| | shared only (baseline) | with the servers | per server |',
    '|---|---:|---:|---:|',
    `| heap (MB) | ${m.heapSharedMb.toFixed(1)} | ${m.heapWithServersMb.toFixed(1)} | ${m.heapPerServerMb.toFixed(3)} |`,
    `| RSS (MB) | ${m.rssSharedMb.toFixed(1)} | ${m.rssWithServersMb.toFixed(1)} | ${m.rssPerServerMb.toFixed(3)} |`,
    '',
    '| /ask, ms p50 / p95 / p99 | |',
    '|---|---:|',
    `| a server's first question (its index made) | ${ms(r.firstQuestion)} |`,
    `| the same question again | ${ms(r.laterQuestion)} |`,
    `| first minus later, per server | ${ms(r.firstExtra)} |`,
    `| a server without articles of its own (baseline) | ${ms(r.withoutOwn)} |`,
    `| a server with articles of its own | ${ms(r.withOwn)} |`,
    `| ratio at p95 | ${(r.withOwn.p95 / r.withoutOwn.p95).toFixed(2)} |`,
  ].join('\n');
}
