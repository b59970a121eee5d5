/**
 * Loading a corpus directory into a ready index: the one entry point the CLI and the bot share. With a
 * snapshot path, an unchanged corpus is served from the saved index, and a rebuilt one is saved.
 */
import { fingerprintCorpus, loadCorpus, type CorpusProblem, type CorpusWarning } from './corpus.js';
import { NewsIndex, type IndexStats } from './search-index.js';
import { readSnapshot, sameFingerprint, writeSnapshot } from './snapshot.js';

export interface BuildReport extends IndexStats {
  /** Wall time to read, parse and index (or to load the snapshot), in milliseconds. */
  ms: number;
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
  /** Where the index came from. */
  source: 'built' | 'snapshot';
}

export interface BuildOptions {
  /** Snapshot file to start from when the corpus is unchanged, and to save a rebuilt index to. */
  snapshot?: string;
}

export async function buildIndex(corpusDir: string, options: BuildOptions = {}): Promise<{ index: NewsIndex; report: BuildReport }> {
  const started = performance.now();
  const fingerprint = options.snapshot ? await fingerprintCorpus(corpusDir) : undefined;
  if (options.snapshot && fingerprint) {
    const saved = await readSnapshot(options.snapshot);
    if (saved && sameFingerprint(saved.fingerprint, fingerprint)) {
      try {
        const index = NewsIndex.fromSnapshot(saved.index);
        const ms = Math.round(performance.now() - started);
        return { index, report: { ...index.stats, ms, problems: saved.problems, warnings: saved.warnings, source: 'snapshot' } };
      } catch {
        // A snapshot from another version of the code: rebuild below, and overwrite it.
      }
    }
  }
  const { articles, problems, warnings } = await loadCorpus(corpusDir);
  const index = NewsIndex.build(articles);
  if (options.snapshot && fingerprint) await writeSnapshot(options.snapshot, { fingerprint, problems, warnings, index: index.toSnapshot() });
  const ms = Math.round(performance.now() - started);
  return { index, report: { ...index.stats, ms, problems, warnings, source: 'built' } };
}
