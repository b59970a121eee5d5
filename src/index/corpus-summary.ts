/**
 * What the serving index holds, in figures a member can check: articles, paragraphs, sentences, acronyms (the
 * same counts `npm run reindex -- --json` prints), the sources with their article counts, and the range of
 * publication dates.
 */
import type { IndexStats, CorpusIndex } from './news-index.js';

export interface CorpusSummary extends IndexStats {
  /** Sources by number of articles, most first (ties by name). */
  sources: { source: string; articles: number }[];
  /** Articles with no source in their front matter or dateline. */
  withoutSource: number;
  /** Earliest and latest publication dates (YYYY-MM-DD), when any article is dated. */
  from?: string;
  to?: string;
  undated: number;
}

export function summarizeCorpus(index: CorpusIndex): CorpusSummary {
  const counts = new Map<string, number>();
  let withoutSource = 0;
  let undated = 0;
  let from: string | undefined;
  let to: string | undefined;
  for (const a of index.allArticles()) {
    if (a.source) counts.set(a.source, (counts.get(a.source) ?? 0) + 1);
    else withoutSource++;
    if (!a.date) undated++;
    else {
      if (!from || a.date < from) from = a.date;
      if (!to || a.date > to) to = a.date;
    }
  }
  const sources = [...counts].map(([source, articles]) => ({ source, articles }));
  sources.sort((x, y) => y.articles - x.articles || (x.source < y.source ? -1 : 1));
  return { ...index.stats, sources, withoutSource, undated, ...(from ? { from, to } : {}) };
}
