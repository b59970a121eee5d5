/**
 * Loading a corpus directory into a ready index: the one entry point the CLI and the bot share.
 */
import { loadCorpus, type CorpusProblem, type CorpusWarning } from './corpus.js';
import { NewsIndex, type IndexStats } from './search-index.js';

export interface BuildReport extends IndexStats {
  /** Wall time to read, parse and index, in milliseconds. */
  ms: number;
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
}

export async function buildIndex(corpusDir: string): Promise<{ index: NewsIndex; report: BuildReport }> {
  const started = performance.now();
  const { articles, problems, warnings } = await loadCorpus(corpusDir);
  const index = NewsIndex.build(articles);
  const ms = Math.round(performance.now() - started);
  return { index, report: { ...index.stats, ms, problems, warnings } };
}
