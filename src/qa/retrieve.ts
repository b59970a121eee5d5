/**
 * Stage 1 of answering: the paragraphs to read. Each article gets a time weight (0 after the as-of day, less
 * outside the time the question names, less the older it is), paragraphs are ranked by BM25 times that weight,
 * and the paragraphs next to each hit are read too, for part of its score.
 */
import { dayNumber } from '../language/dates.js';
import type { CorpusIndex } from '../index/news-index.js';
import type { AnalyzedQuestion } from './question.js';

/**
 * Articles dated up to this many days after the as-of day still count. None: a day's tolerance for late
 * publication dates measured no gain on the news-2022 quiz (see README).
 */
export const FUTURE_TOLERANCE_DAYS = 0;
/** Paragraphs whose sentences are scored: enough to pool evidence, few enough to stay fast. */
const CANDIDATE_PARAGRAPHS = 12;
/** Weight of an article outside the time the question names ("this week"): used only when nothing inside answers. */
const OUT_OF_WINDOW = 0.3;
/** Weight of an article just outside that time; it falls to OUT_OF_WINDOW, halving the gap every half-life. */
const WINDOW_EDGE = 0.6;
const WINDOW_EDGE_HALF_LIFE_DAYS = 7;
/** Weight of an undated article when the question names a time: it may or may not be from then. */
const UNDATED_IN_WINDOW = 0.5;
/** With no time named, older articles weigh down to this floor, halving their lead over it every half-life. */
const RECENCY_FLOOR = 0.6;
const RECENCY_HALF_LIFE_DAYS = 30;
/**
 * Share of a hit's retrieval score its neighbouring paragraphs get; also the share of a concept's weight earned
 * when the sentence next to one names it (qa/sentence-reading.ts).
 */
export const NEIGHBOUR_CREDIT = 0.5;

/** A paragraph to read, with its retrieval score. */
export interface ParagraphVisit {
  paragraph: number;
  score: number;
  /** Read as the neighbour of a retrieved paragraph, not retrieved itself. */
  neighbour?: boolean;
}

export interface Retrieved {
  /** The retrieved paragraphs, best first (the closest articles of an abstention are read from them). */
  hits: readonly ParagraphVisit[];
  /** The hits, then their neighbours not retrieved themselves. */
  visits: readonly ParagraphVisit[];
  /** Each article's time weight, when the question is asked as of a day. */
  timeWeights?: Float32Array;
}

/**
 * How much an article counts for a question asked as of `asOf`: 0 when published after it, less outside the
 * time the question names, and, when it names none, less the older it is.
 */
export function timeWeights(index: CorpusIndex, q: AnalyzedQuestion, asOf: string): Float32Array {
  const now = dayNumber(asOf);
  const window = q.time?.window;
  const from = window ? dayNumber(window.from) : 0;
  const to = window ? dayNumber(window.to) : 0;
  const weightOf = (article: number) => {
    const day = index.articleDay(article);
    if (Number.isNaN(day)) return window ? UNDATED_IN_WINDOW : 1;
    if (day > now + FUTURE_TOLERANCE_DAYS) return 0;
    if (window) {
      if (day >= from && day <= to) return 1;
      // Just outside the window is nearly in it (a report a day early or late); far outside, the floor.
      const distance = day < from ? from - day : day - to;
      return OUT_OF_WINDOW + (WINDOW_EDGE - OUT_OF_WINDOW) * 2 ** (-distance / WINDOW_EDGE_HALF_LIFE_DAYS);
    }
    const age = Math.max(0, now - day);
    return RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 2 ** (-age / RECENCY_HALF_LIFE_DAYS);
  };
  // Once per article, not once per matching paragraph (a common word matches hundreds of thousands).
  const weights = new Float32Array(index.articleCount);
  for (let a = 0; a < weights.length; a++) weights[a] = weightOf(a);
  return weights;
}

/**
 * How much more an article of the previous answer counts when a follow-up is answered (issue 35): the same story
 * is likelier, but a paragraph of another article that matches the follow-up better still comes first.
 */
export const FOLLOW_UP_PREFERENCE = 1.15;

/**
 * The time weights with the preferred articles (a follow-up's previous answer) weighing FOLLOW_UP_PREFERENCE times
 * more; the weights unchanged (undefined stays undefined) when none of them is in the index.
 */
export function preferArticles(index: CorpusIndex, weights: Float32Array | undefined, prefer: readonly string[]): Float32Array | undefined {
  const numbers = articleNumbers(index);
  let out: Float32Array | undefined;
  for (const id of new Set(prefer)) {
    const a = numbers.get(id);
    if (a === undefined) continue;
    out ??= weights ? Float32Array.from(weights) : new Float32Array(index.articleCount).fill(1);
    out[a] *= FOLLOW_UP_PREFERENCE;
  }
  return out ?? weights;
}

/**
 * Each index's article numbers by id, made the first time a follow-up needs them (not once per follow-up: a
 * corpus of 160,000 articles), and again should its article count change.
 */
const numbersOf = new WeakMap<CorpusIndex, { count: number; numbers: Map<string, number> }>();

function articleNumbers(index: CorpusIndex): Map<string, number> {
  const known = numbersOf.get(index);
  if (known && known.count === index.articleCount) return known.numbers;
  const numbers = new Map<string, number>();
  for (let a = 0; a < index.articleCount; a++) numbers.set(index.article(a).id, a);
  numbersOf.set(index, { count: index.articleCount, numbers });
  return numbers;
}

/**
 * The paragraphs to read for a question, as of `asOf` when given; the articles in `prefer` (a follow-up's previous
 * answer) count a little more, never required.
 */
export function retrieveParagraphs(index: CorpusIndex, q: AnalyzedQuestion, asOf?: string, prefer: readonly string[] = []): Retrieved {
  const timed = asOf ? timeWeights(index, q, asOf) : undefined;
  const weights = prefer.length ? preferArticles(index, timed, prefer) : timed;
  const hits = index.searchParagraphs(q.searchTerms, CANDIDATE_PARAGRAPHS, weights);
  // The paragraphs next to each hit are read too: a quiz paraphrases one sentence, and the answer is often the
  // next one, which may share no word with the question.
  const visits: ParagraphVisit[] = [...hits];
  const seen = new Set(hits.map((h) => h.paragraph));
  for (const hit of hits) {
    const article = index.paragraph(hit.paragraph).article;
    for (const p of [hit.paragraph - 1, hit.paragraph + 1]) {
      if (seen.has(p) || !inArticle(index, p, article)) continue;
      seen.add(p);
      visits.push({ paragraph: p, score: NEIGHBOUR_CREDIT * hit.score, neighbour: true });
    }
  }
  return { hits, visits, ...(weights ? { timeWeights: weights } : {}) };
}

/** Is `paragraph` a paragraph of `article`? */
export function inArticle(index: CorpusIndex, paragraph: number, article: number): boolean {
  return paragraph >= 0 && paragraph < index.paragraphCount && index.paragraph(paragraph).article === article;
}

/** Is any article dated on or before `asOf` (or undated)? */
export function publishedBy(index: CorpusIndex, asOf: string): boolean {
  const last = dayNumber(asOf) + FUTURE_TOLERANCE_DAYS;
  return index.allArticles().some((_, i) => !(index.articleDay(i) > last));
}
