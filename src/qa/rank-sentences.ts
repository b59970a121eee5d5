/**
 * Stage 3 of answering: the reader scores every sentence read (its features weighed, times its article's time
 * weight; qa/reader.ts), reads the short answer of the sentences that lead (the slow part), scores those again,
 * and ranks them all, best first. For questions about change, the newest report comes first among near-equals.
 */
import { compareValues } from '../language/dates.js';
import type { CorpusIndex } from '../index/news-index.js';
import { phraseFit, weighedSpans, type PhraseKind, type WeighedSpan } from './answer-phrase.js';
import { scoreFeatures, type ReaderWeights } from './reader.js';
import { DEFAULT_MIN_COVERAGE, type SentenceReading } from './sentence-reading.js';

/** How many of the best sentences (before their short answer is read) have their short answer read. */
const PHRASE_READ_SENTENCES = 10;

/** A sentence with the reader's score. */
export interface ScoredSentence extends SentenceReading {
  /** The reader's score: its features weighed, times the article's time weight. */
  score: number;
}

/**
 * What the reader needs to read a sentence's short answer: the question as searched, the kind it asks for, and
 * the spans of that kind in a sentence (`weighedSpans`, the slow part), read once per sentence: the reader reads
 * them for its leading sentences, the candidates for the best ones, mostly the same.
 */
export interface AskedPhrase {
  question: string;
  kind: PhraseKind;
  spansOf(sentence: SentenceReading): readonly WeighedSpan[] | undefined;
}

/** An AskedPhrase for one question, reading each sentence's spans once. */
export function askedPhrase(index: CorpusIndex, question: string, kind: PhraseKind): AskedPhrase {
  const read = new Map<string, readonly WeighedSpan[] | undefined>();
  return {
    question,
    kind,
    spansOf(c) {
      const key = `${c.paragraph}:${c.sentence}`;
      if (!read.has(key)) {
        const dates = kind === 'date' ? index.sentenceDates(c.paragraph, c.sentence) : [];
        read.set(key, weighedSpans(question, kind, { text: c.text, dates }));
      }
      return read.get(key);
    },
  };
}

/**
 * Score every sentence and rank them, best first. With `asked`, the short answer a sentence would give is read
 * (dates, names, noun phrases: the slow part) only for the sentences that could be quoted and lead the ranking
 * without it, which are then scored again.
 */
export function rankSentences(
  index: CorpusIndex,
  readings: readonly SentenceReading[],
  weights: ReaderWeights,
  asked?: AskedPhrase,
): ScoredSentence[] {
  const scored = readings.map((r) => ({ ...r, score: scoreFeatures(r.features, r.timeWeight, weights) }));
  if (asked) {
    const leading = scored
      .filter((c) => c.coverage >= DEFAULT_MIN_COVERAGE)
      .sort(byScore(index))
      .slice(0, PHRASE_READ_SENTENCES);
    for (const c of leading) {
      const spans = asked.spansOf(c);
      if (!spans) continue;
      const fit = phraseFit(spans);
      c.features = { ...c.features, answerPhrase: 1, answerPhraseFit: Math.min(1, fit / 3) };
      c.score = scoreFeatures(c.features, c.timeWeight, weights);
    }
  }
  return scored.sort(byScore(index));
}

/**
 * Best score first; equal scores in the corpus's order (article id, paragraph, sentence), not the order the
 * articles were indexed in, so an incremental reindex ranks as a full one.
 */
function byScore(index: CorpusIndex): (a: ScoredSentence, b: ScoredSentence) => number {
  const articleId = (c: ScoredSentence) => index.article(index.paragraph(c.paragraph).article).id;
  return (a, b) =>
    b.score - a.score ||
    compareValues(articleId(a), articleId(b)) ||
    index.paragraph(a.paragraph).number - index.paragraph(b.paragraph).number ||
    a.sentence - b.sentence;
}

/**
 * For questions whose answer changes over time, among sentences that say about as much, the newest report
 * comes first: "has yet to join" (2023) must not outrank "signed" (2025).
 */
export function rankByRecency(ranked: ScoredSentence[]): ScoredSentence[] {
  const dated = ranked.filter((c) => c.articleDate);
  if (dated.length < 2) return ranked;
  const best = ranked[0];
  const band = ranked.filter((c) => c.coverage >= best.coverage - 0.15 && c.score >= best.score - 0.25 && (c.typeMatch || !best.typeMatch));
  const inBand = new Set(band);
  const rest = ranked.filter((c) => !inBand.has(c)); // a Set: the band can be thousands of sentences
  band.sort((a, b) => compareValues(b.articleDate ?? '', a.articleDate ?? '') || b.score - a.score);
  return [...band, ...rest];
}
