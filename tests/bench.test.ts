/**
 * `npm run bench` (bench/scale.ts) as a user runs it, on a small generated corpus: a Markdown table on stdout
 * with every measurement and a number in every cell that has one, then a small one of the time to index a
 * one-paragraph article of 0.25 to 4 MB.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');

function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/scale.ts', ...args],
      { cwd: ROOT, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

const ROWS = [
  'index build (s)',
  'snapshot save (s)',
  'snapshot load / start (s)',
  'snapshot size (MB)',
  'heap (MB)',
  'RSS (MB)',
  '/ask p50 (ms)',
  '/ask p95 (ms)',
  '/ask p99 (ms)',
  '/ask p50, before the answer model (ms)',
  '/ask p95, before the answer model (ms)',
  '/ask p99, before the answer model (ms)',
  '/timeline p50 (ms)',
  '/timeline p95 (ms)',
  '/timeline p99 (ms)',
];
const REINDEX_ROWS = [
  'reindex wall (s)',
  '/ask p50 during reindex (ms)',
  '/ask p95 during reindex (ms)',
  '/ask p99 during reindex (ms)',
  'longest stall (ms)',
  'reindex wall, /ask every 100 ms (s)',
  '/ask p50 during it (ms)',
  '/ask p95 during it (ms)',
  '/ask p99 during it (ms)',
];

const LONG_ROWS = ['0.25 MB', '0.5 MB', '1 MB', '2 MB', '4 MB'];

const NUMBER = /^\d+(\.\d+)?$/;
const RATIO = /^\d+(\.\d+)?×$/;

/** Each table's body rows by label (the cells after the label), in the order the tables are printed. */
function tables(stdout: string): Map<string, string[]>[] {
  const out: Map<string, string[]>[] = [];
  let rows: Map<string, string[]> | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('|')) {
      rows = undefined;
      continue;
    }
    if (!rows) out.push((rows = new Map()));
    if (!/[a-z]/i.test(line)) continue; // the --- line
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells[0]) rows.set(cells[0], cells.slice(1));
  }
  return out;
}

/** The main table's body rows by label. */
function tableRows(stdout: string): Map<string, string[]> {
  return tables(stdout)[0] ?? new Map();
}

describe('npm run bench', () => {
  it('prints the table of every measurement for ours, both baselines and the ratios, then the one-paragraph article', async () => {
    const { code, stdout, stderr } = await bench(['--articles', '60', '-n', '10', '--baseline-n', '10', '--long-runs', '1']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Corpus: generated \(seed 1, --articles 60\) — 60 articles, [\d,]+ paragraphs, [\d,]+ sentences\. Node v\d+/);
    const lines = stdout.split('\n');
    expect(
      lines
        .find((l) => l.startsWith('|'))
        ?.split('|')
        .map((c) => c.trim())
        .filter(Boolean),
    ).toEqual(['ours', 'minisearch defaults', 'ratio', 'minisearch stem+stop', 'ratio']);
    const rows = tableRows(stdout);
    for (const label of ROWS) {
      const cells = rows.get(label);
      expect(cells, `row "${label}"`).toBeDefined();
      const [ours, defaults, r1, stem, r2] = cells!;
      expect(ours, label).toMatch(NUMBER);
      // Per process, or ours without a part: ours only.
      if (label === 'RSS (MB)' || label.includes('before the answer model')) continue;
      expect(defaults, label).toMatch(NUMBER);
      expect(stem, label).toMatch(NUMBER);
      expect(r1, label).toMatch(RATIO);
      expect(r2, label).toMatch(RATIO);
    }
    expect([...rows.keys()].filter((l) => l !== '')).toEqual(ROWS);
    expect(stdout).toContain('retrieval only');
    // The second table: one row per size, each with its time, its time per MB and the ratio to the smallest.
    const all = tables(stdout);
    expect(all).toHaveLength(2);
    expect(all[1].get('one-paragraph article')).toEqual(['index (ms)', 'ms per MB', 'ms per MB vs 0.25 MB']);
    expect([...all[1].keys()].slice(1)).toEqual(LONG_ROWS);
    for (const label of LONG_ROWS) {
      const [ms, perMb, ratio] = all[1].get(label)!;
      expect(ms, label).toMatch(NUMBER);
      expect(perMb, label).toMatch(NUMBER);
      expect(ratio, label).toMatch(RATIO);
    }
    expect(all[1].get('0.25 MB')![2]).toBe('1.00×');
    expect(stdout).toContain('median of 1 run after');
    // Progress goes to stderr, never into the table.
    expect(stderr).toContain('ours: building the index');
    expect(stdout).not.toContain('ours: building the index');
  }, 120_000); // a whole bench run (one-paragraph articles included) on a loaded two-core machine

  it('--reindex adds the reindex rows; --json is machine-readable', async () => {
    const { code, stdout, stderr } = await bench([
      '--articles',
      '30',
      '-n',
      '5',
      '--skip-baselines',
      '--reindex',
      '--json',
      '--long-runs',
      '1',
      '--long-max-mb',
      '0.5',
    ]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as {
      corpus: { articles: number };
      snapshotSource: string;
      rows: { label: string; ours: number; minisearchDefaults: number | null }[];
      longParagraph: {
        runs: number;
        sizes: {
          mb: number;
          bytes: number;
          paragraphs: number;
          sentences: number;
          ms: number;
          runsMs: number[];
          msPerMb: number;
          ratio: number;
        }[];
      };
    };
    expect(result.corpus.articles).toBe(30);
    expect(result.snapshotSource).toBe('snapshot');
    expect(result.rows.map((r) => r.label)).toEqual([...ROWS, ...REINDEX_ROWS, 'incremental reindex, 1 changed file (s)']);
    for (const row of result.rows) {
      expect(Number.isFinite(row.ours), row.label).toBe(true);
      expect(row.ours, row.label).toBeGreaterThanOrEqual(0);
      expect(row.minisearchDefaults).toBeNull();
    }
    expect(result.longParagraph.runs).toBe(1);
    expect(result.longParagraph.sizes.map((s) => s.mb)).toEqual([0.25, 0.5]);
    for (const s of result.longParagraph.sizes) {
      // Each article is about its size, one paragraph cut into pieces of at most 32,000 characters.
      expect(s.bytes, `${s.mb} MB`).toBeLessThanOrEqual(s.mb * 1048576);
      expect(s.bytes, `${s.mb} MB`).toBeGreaterThan(s.mb * 1048576 - 1000);
      expect(s.paragraphs, `${s.mb} MB`).toBeGreaterThanOrEqual(Math.ceil(s.bytes / 32_000));
      expect(s.sentences, `${s.mb} MB`).toBeGreaterThan(s.paragraphs);
      expect(s.runsMs, `${s.mb} MB`).toHaveLength(1);
      expect(s.ms, `${s.mb} MB`).toBeGreaterThan(0);
      expect(s.msPerMb, `${s.mb} MB`).toBeCloseTo(s.ms / (s.bytes / 1048576), 6);
      expect(Number.isFinite(s.ratio), `${s.mb} MB`).toBe(true);
    }
    expect(result.longParagraph.sizes[0].ratio).toBe(1);
  }, 120_000); // a whole bench run (one-paragraph articles included) on a loaded two-core machine
});
