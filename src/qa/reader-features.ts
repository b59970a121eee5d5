/**
 * The reader's features: what a candidate sentence is measured by. Each is a number, mostly in [0, 1]; the
 * reader (qa/reader.ts) weighs them with fitted weights. The ones computed from the question's concepts live
 * in qa/answer.ts, where the concepts are matched; the ones computed from the text alone are here, each a named
 * function with its own test.
 */

/** Every feature, in the order weights files and `--explain` list them. */
export const READER_FEATURES = [
  /** Share of the question's IDF weight the sentence holds (its neighbours at half, its paragraph at 0.3): what abstention reads. */
  'coverage',
  /** Share of the question's weight named only by the sentence before or after it (a correction to coverage's half). */
  'neighbourShare',
  /** Share of the question's weight named only elsewhere in its paragraph or headline (a correction to coverage's 0.3). */
  'contextShare',
  /** Share of the question's weight in its article's headline. */
  'headlineShare',
  /** Share of the question's word pairs that the sentence has side by side. */
  'bigramOverlap',
  /**
   * Share of the weight of the question's other words (not the names it asks about: "first established",
   * "join", "pledge") in the sentence itself: the sentence that answers says what happened, not only who.
   */
  'predicateShare',
  /**
   * Share of the weight of those words that the sentence says only another way, by a word WordNet relates to
   * them ("pulled out" asked, "withdrawing" written): a paraphrase.
   */
  'relatedShare',
  /** The question's rarest concept (highest IDF) is in the sentence. */
  'rarestConcept',
  /** Share of the asking sentence's weight in the sentence, for a question that states the news first (else 0). */
  'focusShare',
  /** Share of the sentence's words that the question does not use: what it adds. */
  'novelty',
  /** The sentence holds the kind of thing asked for (a date, an amount, a name of the asked kind…) that the question does not. */
  'askedKind',
  /** The same, when the question states the news first and asks after it. */
  'askedKindStated',
  /**
   * The sentence holds a short answer of the kind asked for (answer-phrase's candidates: dates, amounts, counts
   * in digits or words, ages, durations, names of the asked kind, noun phrases) that the question does not say.
   * Read only for the 10 best sentences that could be quoted, ranked without it (the slow part of a sentence).
   */
  'answerPhrase',
  /** How well that phrase sits among the question's words in the sentence (answer-phrase's closeness, over 3, capped at 1). */
  'answerPhraseFit',
  /** A number next to the unit asked about ("63 days" for "how many days"). */
  'countedUnit',
  /** The sentence dates something in the time the question names. */
  'inTime',
  /** Its paragraph's retrieval score, relative to the best paragraph's (half that for a paragraph read as a neighbour). */
  'retrieval',
  /** Its paragraph was read as the neighbour of a retrieved one, not retrieved itself. */
  'neighbourParagraph',
  /** It is in the article's first paragraph. */
  'leadParagraph',
  /** It opens its paragraph. */
  'firstSentence',
  /** It quotes someone ("…," she said). */
  'quotedSpeech',
  /** Its length, in words, over 40 (capped at 1). */
  'length',
  /** 1 for every sentence: times the time weight, what an article's age (or distance from the time asked) costs. */
  'base',
] as const;

export type ReaderFeature = (typeof READER_FEATURES)[number];
/** A sentence's value of every feature. */
export type FeatureVector = Record<ReaderFeature, number>;

/** Adjacent pairs of terms, as "a b" keys. */
export function termPairs(termsInOrder: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < termsInOrder.length; i++) out.add(`${termsInOrder[i - 1]} ${termsInOrder[i]}`);
  return out;
}

/** Share of `questionPairs` that `sentencePairs` holds; 0 for a question of one word. */
export function bigramOverlap(questionPairs: ReadonlySet<string>, sentencePairs: ReadonlySet<string>): number {
  if (questionPairs.size === 0) return 0;
  let held = 0;
  for (const p of questionPairs) if (sentencePairs.has(p)) held++;
  return held / questionPairs.size;
}

const QUOTATION = /[“"”]|\b(?:said|says|told|added|according to)\b/;

/** Share of `sentenceTerms` not in `questionTerms`; 0 for a sentence with no terms. */
export function novelty(sentenceTerms: ReadonlySet<string>, questionTerms: ReadonlySet<string>): number {
  if (sentenceTerms.size === 0) return 0;
  let fresh = 0;
  for (const t of sentenceTerms) if (!questionTerms.has(t)) fresh++;
  return fresh / sentenceTerms.size;
}

/** Whether the sentence quotes or reports someone's words: a claim, rather than the reporter's own statement. */
export function quotedSpeech(text: string): number {
  return QUOTATION.test(text) ? 1 : 0;
}

/** The sentence's length in words over 40, capped at 1. */
export function lengthFeature(text: string): number {
  let words = 0;
  for (const _ of text.matchAll(/\S+/g)) words++;
  return Math.min(1, words / 40);
}
