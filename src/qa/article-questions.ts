/**
 * Questions about the articles themselves, answered from their front matter rather than their text: "Who wrote
 * the Reuters article?" (authors), "When was the TRT World piece published?" (date), "Which outlets covered
 * this?" (sources). The article is the one the question's remaining words find, among those from the source it
 * names and published by the as-of day.
 */
import { terms } from '../language/analyzer.js';
import { dayNumber, displayDate } from '../language/dates.js';
import type { CorpusIndex } from '../index/news-index.js';

type Field = 'author' | 'published' | 'source';

const AUTHORS =
  /\bwho (?:wrote|authored|penned|bylined)\b|\b(?:who (?:is|was|are|were) the|the|which) (?:authors?|writers?|reporters?|journalists?)\b|\bwritten by (?:whom|who)\b|\bby-?line\b/i;
const PUBLISHED =
  /\bwhen (?:was|were|did)\b.*\b(?:published|posted|released|come out|came out|appear|appeared|printed|written|run)\b|\b(?:publication|publishing) date\b/i;
const SOURCES =
  /\b(?:which|what) (?:outlets?|sources?|publications?|newspapers?|news (?:outlets?|sites?|organi[sz]ations?|agencies)|media)\b|\bwho (?:published|covered|has covered|reported on)\b/i;
// Authors and dates are asked of an article; "Who wrote the letter?" or "When was the report released?" are not.
const AN_ARTICLE = /\b(?:article|articles|piece|pieces|story|stories|coverage|reporting|op-ed|column|editorial)\b/i;
const FRAME_WORDS = new Set(
  terms(
    'who wrote written authored penned author authors writer writers reporter reporters journalist journalists byline by-line published publish posted released came come out appeared appear printed run ran article articles piece pieces story stories report reports reporting coverage covered cover outlet outlets source sources publication publications newspaper newspapers news media site sites agency agencies organisation organization when date day which what this that these op-ed column editorial',
  ),
);
/** Sources listed at most for "Which outlets covered…". */
const MAX_SOURCES = 10;
const MAX_ARTICLES = 3;

/** What the question asks of the articles, if it asks of them; `namesSource` is read only when needed. */
function fieldOf(question: string, namesSource: () => boolean): Field | undefined {
  if (SOURCES.test(question)) return 'source';
  const field = AUTHORS.test(question) ? 'author' : PUBLISHED.test(question) ? 'published' : undefined;
  return field && (AN_ARTICLE.test(question) || namesSource()) ? field : undefined;
}

/** The corpus's sources the question names, as whole words ("AP" is not in "apple"). */
function namedSources(index: CorpusIndex, question: string): Set<string> {
  const distinct = new Set<string>();
  for (const a of index.allArticles()) if (a.source) distinct.add(a.source);
  const named = new Set<string>();
  for (const source of distinct) {
    const escaped = source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(question)) named.add(source);
  }
  return named;
}

/** "Liz Lee and Ryan Woo", "A, B and C". */
function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** What the front matter answers: the phrase, and the articles (positions in the index) it comes from. */
export interface ArticleFacts {
  kind: 'author' | 'published' | 'source';
  /** Undefined when the front matter lacks it (an article without authors); `notice` says so. */
  text?: string;
  value?: string;
  articles: number[];
  notice?: string;
}

/**
 * What the front matter says in answer to a question about the articles themselves, or undefined when the
 * question is not one (or no article fits it): then it is answered from the articles' text as usual.
 */
export function answerFromFrontMatter(index: CorpusIndex, question: string, asOf?: string): ArticleFacts | undefined {
  let named: Set<string> | undefined;
  const field = fieldOf(question, () => (named ??= namedSources(index, question)).size > 0);
  if (!field) return undefined;
  const sources = named ?? namedSources(index, question);
  const last = asOf ? dayNumber(asOf) : Infinity;
  const allowed = (i: number) => {
    const a = index.article(i);
    return !(index.articleDay(i) > last) && (!sources.size || (a.source !== undefined && sources.has(a.source)));
  };
  const sourceTerms = new Set([...sources].flatMap((s) => terms(s)));
  const topic = terms(question).filter((t) => !FRAME_WORDS.has(t) && !sourceTerms.has(t) && index.documentFrequency(t) > 0);
  let ranked: number[];
  if (topic.length) {
    const weights = new Float32Array(index.articleCount);
    for (let i = 0; i < weights.length; i++) weights[i] = allowed(i) ? 1 : 0;
    ranked = [];
    for (const hit of index.searchParagraphs(topic, 50, weights)) {
      const a = index.paragraph(hit.paragraph).article;
      if (allowed(a) && !ranked.includes(a)) ranked.push(a);
    }
  } else {
    // Nothing but the source named: its articles, newest first.
    ranked = index
      .allArticles()
      .map((_, i) => i)
      .filter(allowed);
    ranked.sort((x, y) => (index.articleDay(y) || 0) - (index.articleDay(x) || 0));
  }
  if (!ranked.length) return undefined;
  if (field === 'source') {
    // One article per source, in order of relevance.
    const bySource = new Map<string, number>();
    for (const i of ranked) {
      const s = index.article(i).source;
      if (s && !bySource.has(s) && bySource.size < MAX_SOURCES) bySource.set(s, i);
    }
    if (!bySource.size) return { kind: 'source', articles: ranked.slice(0, MAX_ARTICLES), notice: 'These articles name no source.' };
    return { kind: 'source', text: joinNames([...bySource.keys()]), articles: [...bySource.values()] };
  }
  const articles = ranked.slice(0, MAX_ARTICLES);
  const first = index.article(articles[0]);
  const which = first.source ? `The ${first.source} article` : 'The article';
  if (field === 'author') {
    return first.authors.length
      ? { kind: 'author', text: joinNames(first.authors), articles }
      : { kind: 'author', articles, notice: `${which} names no author.` };
  }
  return first.date
    ? { kind: 'published', text: displayDate(first.date), value: first.date, articles }
    : { kind: 'published', articles, notice: `${which} carries no publication date.` };
}
