/**
 * A question that names only a time ("What happened this week?", "Any news yesterday?", "What was reported in
 * May?") asks what the articles of that time say: it is answered with their leading sentences, newest first,
 * rather than searched for words it does not have.
 */
import { terms } from '../language/analyzer.js';
import { dayNumber } from '../language/dates.js';
import type { CorpusIndex } from '../index/news-index.js';
import type { AnalyzedQuestion } from './question.js';

/** Words that ask for the news itself, with no topic. */
const NEWS_WORDS = new Set(
  terms(
    'happen happened happening news latest new newest going on update updates story stories headline headlines report reports reported say said event events anything any',
  ),
);

/** The question asks what the news of a time was, naming no topic. */
export function asksOnlyForTime(q: AnalyzedQuestion): boolean {
  return !!q.time?.window && q.searchTerms.every((t) => NEWS_WORDS.has(t));
}

/**
 * The first paragraph of each article published in the question's window, newest first (same day: index order);
 * when none is, those of the articles nearest to it published by `asOf`, nearest first.
 */
export function leadParagraphsOfWindow(index: CorpusIndex, q: AnalyzedQuestion, asOf: string, limit: number): number[] {
  const window = q.time?.window;
  if (!window) return [];
  const dated: { article: number; date: string; distance: number }[] = [];
  for (let a = 0; a < index.articleCount; a++) {
    const { date, paragraphCount } = index.article(a);
    if (!date || paragraphCount === 0 || date > asOf) continue;
    const distance =
      date < window.from ? dayNumber(window.from) - dayNumber(date) : date > window.to ? dayNumber(date) - dayNumber(window.to) : 0;
    dated.push({ article: a, date, distance });
  }
  const inWindow = dated.filter((d) => d.distance === 0);
  const chosen = inWindow.length ? inWindow : dated;
  chosen.sort((x, y) => x.distance - y.distance || (x.date < y.date ? 1 : x.date > y.date ? -1 : x.article - y.article));
  return chosen.slice(0, limit).map(({ article }) => index.article(article).firstParagraph);
}
