/**
 * `npm run bench` (bench/scale.ts) as a user runs it, on a small generated corpus: one Markdown table on stdout
 * with every measurement and a number in every cell that has one.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');

function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/scale.ts', ...args], { cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const ROWS = [
  'index build (s)', 'snapshot save (s)', 'snapshot load / start (s)', 'snapshot size (MB)', 'heap (MB)', 'RSS (MB)',
  '/ask p50 (ms)', '/ask p95 (ms)', '/ask p99 (ms)', '/timeline p50 (ms)', '/timeline p95 (ms)', '/timeline p99 (ms)',
];
const REINDEX_ROWS = ['reindex wall (s)', '/ask p50 during reindex (ms)', '/ask p95 during reindex (ms)', '/ask p99 during reindex (ms)', 'longest stall (ms)',
  'reindex wall, /ask every 100 ms (s)', '/ask p50 during it (ms)', '/ask p95 during it (ms)', '/ask p99 during it (ms)'];

const NUMBER = /^\d+(\.\d+)?$/;
const RATIO = /^\d+(\.\d+)?×$/;

/** The table's body rows by label: the cells after the label. */
function tableRows(stdout: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('|') || !/[a-z]/i.test(line)) continue; // not the table, or its --- line
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0]) rows.set(cells[0], cells.slice(1));
  }
  return rows;
}

describe('npm run bench', () => {
  it('prints one table: every measurement for ours, both baselines and the ratios', async () => {
    const { code, stdout, stderr } = await bench(['--articles', '60', '-n', '10', '--baseline-n', '10']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Corpus: generated \(seed 1, --articles 60\) — 60 articles, [\d,]+ paragraphs, [\d,]+ sentences\. Node v\d+/);
    const lines = stdout.split('\n');
    expect(lines.find((l) => l.startsWith('|'))?.split('|').map((c) => c.trim()).filter(Boolean))
      .toEqual(['ours', 'minisearch defaults', 'ratio', 'minisearch stem+stop', 'ratio']);
    const rows = tableRows(stdout);
    for (const label of ROWS) {
      const cells = rows.get(label);
      expect(cells, `row "${label}"`).toBeDefined();
      const [ours, defaults, r1, stem, r2] = cells!;
      expect(ours, label).toMatch(NUMBER);
      if (label === 'RSS (MB)') continue; // per process: ours only
      expect(defaults, label).toMatch(NUMBER);
      expect(stem, label).toMatch(NUMBER);
      expect(r1, label).toMatch(RATIO);
      expect(r2, label).toMatch(RATIO);
    }
    expect([...rows.keys()].filter((l) => l !== '')).toEqual(ROWS);
    expect(stdout).toContain('retrieval only');
    // Progress goes to stderr, never into the table.
    expect(stderr).toContain('ours: building the index');
    expect(stdout).not.toContain('ours: building the index');
  });

  it('--reindex adds the reindex rows; --json is machine-readable', async () => {
    const { code, stdout, stderr } = await bench(['--articles', '30', '-n', '5', '--skip-baselines', '--reindex', '--json']);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { corpus: { articles: number }; snapshotSource: string; rows: { label: string; ours: number; minisearchDefaults: number | null }[] };
    expect(result.corpus.articles).toBe(30);
    expect(result.snapshotSource).toBe('snapshot');
    expect(result.rows.map((r) => r.label)).toEqual([...ROWS, ...REINDEX_ROWS, 'incremental reindex, 1 changed file (s)']);
    for (const row of result.rows) {
      expect(Number.isFinite(row.ours), row.label).toBe(true);
      expect(row.ours, row.label).toBeGreaterThanOrEqual(0);
      expect(row.minisearchDefaults).toBeNull();
    }
  });
});
