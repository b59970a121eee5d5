/**
 * What the answer ranker sees in a candidate answer: the support it has across the sentences the reader ranked
 * best (qa/answer-candidates.ts gathers them). In news the true answer is usually stated by several sentences
 * and several articles, while a wrong phrase is stated once (redundancy, as in AskMSR; strength- and
 * coverage-based re-ranking, Wang et al. 2018). Each feature is a named function of the candidate's mentions.
 */

import { PHRASE_FEATURES, type PhraseFeature, type PhraseFeatureVector } from './phrase-features.js';

/** The features of a candidate's support, in the order weights files and `--explain` list them. */
const SUPPORT_FEATURES = [
  /** How many distinct sentences state it, on a log scale (1 sentence 0.23, 20 sentences 1). */
  'sentences',
  /** How many distinct articles state it, on the same scale. */
  'articles',
  /** The reader's best sentence states it. */
  'leadSentence',
  /**
   * It is the phrase model's pick in the best sentence that holds a span of the asked kind: the short answer as
   * it was read before candidates were gathered across sentences.
   */
  'leadPick',
  /** How many sentences' phrase-model pick it is, on the log scale of `sentences`: a vote across sentences (AskMSR). */
  'picks',
  /** The share of the sentences' weight in which it is the phrase model's pick. */
  'pickMass',
  /** 1 / (1 + the rank of the best sentence that states it). */
  'bestRank',
  /** Σ 1 / (1 + rank) over the sentences that state it (rank-decayed support), capped at 2. */
  'rankDecay',
  /** The reader's score of its best sentence, less the best sentence's (0 when it is the best). */
  'bestReader',
  /** The share of the sentences' weight (exp of the reader's score, relative to the best) that states it. */
  'readerMass',
  /** The phrase model's share of its best sentence (softmax over that sentence's spans), at its best. */
  'phraseBest',
  /** Σ over sentences of the sentence's weight × the phrase model's share: the chance it is the answer, read across all. */
  'phraseMass',
  /** The phrase model's raw score at its best, over 5 (how well it sits, not only against its neighbours). */
  'phraseScore',
  /** How close it sits to the question's words (answer-phrase's closeness over 3, capped at 1), at its best. */
  'nearQuestion',
  /** How recent its newest report is against the as-of day: 2^(−days / 7); 0 without an as-of day or a date. */
  'recency',
  /** It says one of the question's own words. */
  'questionWord',
  /** The share of its words that are the question's own ("Yellowstone National Park" for "which national park": 2 of 3). */
  'questionShare',
  /**
   * The headline of an article that states it names it too, when the sentences read come from several articles:
   * news puts the subject of a story in its title.
   */
  'inTitle',
  /**
   * How rare its words are in the corpus: their mean IDF over the IDF of a word no paragraph has (0 to 1). The
   * subject every paragraph names (Warsaw, in articles on Warsaw) is seldom what a question about it asks for.
   */
  'rarity',
  /** Share of its mentions that are a name of the kind asked (a person for "who"). */
  'nameOfAskedKind',
  /** Every mention is a part of a longer phrase (a name inside a noun phrase, a number without "about"). */
  'partOnly',
] as const;

export type SupportFeature = (typeof SUPPORT_FEATURES)[number];
/**
 * A candidate's features: its support, and the phrase model's features of its mentions (qa/phrase-features.ts)
 * averaged by the mentions' strength (`phrase.capitalised`, `phrase.closeness`…): what kind of span it is.
 */
export type CandidateFeature = SupportFeature | `phrase.${PhraseFeature}`;
export type CandidateFeatureVector = Record<CandidateFeature, number>;

/** Every candidate feature, in the order weights files and `--explain` list them. */
export const CANDIDATE_FEATURES: readonly CandidateFeature[] = [...SUPPORT_FEATURES, ...PHRASE_FEATURES.map((f) => `phrase.${f}` as const)];

/** One sentence's statement of a candidate, as the features read it. */
export interface MentionSupport {
  /** The sentence's rank among the sentences read for candidates (0: the reader's best). */
  rank: number;
  /** The sentence's article (index position). */
  article: number;
  /** The reader's score of the sentence, less the best sentence's (≤ 0). */
  readerGap: number;
  /** The sentence's weight: exp(READER_TEMPERATURE × readerGap). */
  weight: number;
  /** The phrase model's share of this span among the sentence's spans. */
  phraseShare: number;
  /** The phrase model's raw score of this span. */
  phraseScore: number;
  /** answer-phrase's closeness of the span to the question's words. */
  closeness: number;
  nameOfAskedKind: boolean;
  part: boolean;
  /** The phrase model's best span of its sentence. */
  pick: boolean;
  /** The phrase model's best span of the best sentence that has spans. */
  leadPick: boolean;
  /** Days from the article's date to the as-of day, or undefined when either is unknown. */
  ageDays?: number;
  /** The article's headline names the span's words (and the sentences read come from several articles). */
  inTitle: boolean;
  /** The phrase model's features of the span. */
  phrase: PhraseFeatureVector;
}

/** How sharply a sentence's weight falls with its reader score below the best: e^(−1) at 0.2 below. */
export const READER_TEMPERATURE = 5;

const LOG_SCALE = Math.log(21);

/** One per distinct sentence: the best mention of each rank. */
function bySentence(mentions: readonly MentionSupport[]): MentionSupport[] {
  const best = new Map<number, MentionSupport>();
  for (const m of mentions) {
    const seen = best.get(m.rank);
    if (!seen || m.phraseShare > seen.phraseShare) best.set(m.rank, m);
  }
  return [...best.values()];
}

/** How many distinct sentences the mentions are in. */
export function distinctSentences(mentions: readonly MentionSupport[]): number {
  return new Set(mentions.map((m) => m.rank)).size;
}

/** How many distinct articles the mentions are in. */
export function distinctArticles(mentions: readonly MentionSupport[]): number {
  return new Set(mentions.map((m) => m.article)).size;
}

export function sentencesFeature(mentions: readonly MentionSupport[]): number {
  return Math.min(1, Math.log1p(distinctSentences(mentions)) / LOG_SCALE);
}

export function articlesFeature(mentions: readonly MentionSupport[]): number {
  return Math.min(1, Math.log1p(distinctArticles(mentions)) / LOG_SCALE);
}

export function leadSentenceFeature(mentions: readonly MentionSupport[]): number {
  return mentions.some((m) => m.rank === 0) ? 1 : 0;
}

export function leadPickFeature(mentions: readonly MentionSupport[]): number {
  return mentions.some((m) => m.leadPick) ? 1 : 0;
}

export function picksFeature(mentions: readonly MentionSupport[]): number {
  return Math.min(1, Math.log1p(new Set(mentions.filter((m) => m.pick).map((m) => m.rank)).size) / LOG_SCALE);
}

export function pickMassFeature(mentions: readonly MentionSupport[], totalWeight: number): number {
  if (!(totalWeight > 0)) return 0;
  const picked = new Map<number, number>();
  for (const m of mentions) if (m.pick) picked.set(m.rank, m.weight);
  return [...picked.values()].reduce((a, w) => a + w, 0) / totalWeight;
}

export function bestRankFeature(mentions: readonly MentionSupport[]): number {
  return 1 / (1 + Math.min(...mentions.map((m) => m.rank)));
}

export function rankDecayFeature(mentions: readonly MentionSupport[]): number {
  return Math.min(
    2,
    bySentence(mentions).reduce((a, m) => a + 1 / (1 + m.rank), 0),
  );
}

export function bestReaderFeature(mentions: readonly MentionSupport[]): number {
  return Math.max(...mentions.map((m) => m.readerGap));
}

/** `totalWeight`: the sum of the weights of every sentence read for candidates. */
export function readerMassFeature(mentions: readonly MentionSupport[], totalWeight: number): number {
  return totalWeight > 0 ? bySentence(mentions).reduce((a, m) => a + m.weight, 0) / totalWeight : 0;
}

export function phraseBestFeature(mentions: readonly MentionSupport[]): number {
  return Math.max(...mentions.map((m) => m.phraseShare));
}

export function phraseMassFeature(mentions: readonly MentionSupport[], totalWeight: number): number {
  if (!(totalWeight > 0)) return 0;
  let mass = 0;
  for (const m of bySentence(mentions)) mass += m.weight * m.phraseShare;
  return mass / totalWeight;
}

export function phraseScoreFeature(mentions: readonly MentionSupport[]): number {
  return Math.max(-1, Math.min(1, Math.max(...mentions.map((m) => m.phraseScore)) / 5));
}

export function nearQuestionFeature(mentions: readonly MentionSupport[]): number {
  return Math.min(1, Math.max(...mentions.map((m) => m.closeness)) / 3);
}

export function recencyFeature(mentions: readonly MentionSupport[]): number {
  const ages = mentions.map((m) => m.ageDays).filter((d): d is number => d !== undefined);
  return ages.length ? 2 ** (-Math.max(0, Math.min(...ages)) / 7) : 0;
}

export function inTitleFeature(mentions: readonly MentionSupport[]): number {
  return mentions.some((m) => m.inTitle) ? 1 : 0;
}

/** The mean of `idf` over the words (index terms), over `maxIdf`; 1 for none (a number: rare as it comes). */
export function rarityFeature(words: readonly string[], idf: (term: string) => number, maxIdf: number): number {
  if (!words.length || !(maxIdf > 0)) return 1;
  return Math.min(1, words.reduce((a, t) => a + idf(t), 0) / words.length / maxIdf);
}

export function nameOfAskedKindFeature(mentions: readonly MentionSupport[]): number {
  return mentions.filter((m) => m.nameOfAskedKind).length / mentions.length;
}

export function partOnlyFeature(mentions: readonly MentionSupport[]): number {
  return mentions.every((m) => m.part) ? 1 : 0;
}

/** The share of `words` (index terms) that the question says. */
export function questionShareFeature(words: readonly string[], questionTerms: ReadonlySet<string>): number {
  return words.length ? words.filter((t) => questionTerms.has(t)).length / words.length : 0;
}

/** The phrase model's features of the mentions, each averaged with the mention's strength (weight × phrase share). */
export function meanPhraseFeatures(mentions: readonly MentionSupport[]): Record<`phrase.${PhraseFeature}`, number> {
  let total = 0;
  const sums = new Float64Array(PHRASE_FEATURES.length);
  for (const m of mentions) {
    const strength = m.weight * m.phraseShare;
    total += strength;
    PHRASE_FEATURES.forEach((f, j) => (sums[j] += strength * m.phrase[f]));
  }
  const out = {} as Record<`phrase.${PhraseFeature}`, number>;
  PHRASE_FEATURES.forEach((f, j) => (out[`phrase.${f}`] = total > 0 ? sums[j] / total : 0));
  return out;
}

/** What the features of a question's candidates read besides their mentions. */
export interface CandidateContext {
  /** The sum of the weights of every sentence read for candidates. */
  totalWeight: number;
  questionTerms: ReadonlySet<string>;
  /** A term's IDF in the corpus, and the IDF of a term no paragraph has. */
  idf: (term: string) => number;
  maxIdf: number;
}

/** Every feature of a candidate from its mentions and its words (index terms). */
export function candidateFeatures(
  mentions: readonly MentionSupport[],
  words: readonly string[],
  context: CandidateContext,
): CandidateFeatureVector {
  const { totalWeight, questionTerms } = context;
  return {
    sentences: sentencesFeature(mentions),
    articles: articlesFeature(mentions),
    leadSentence: leadSentenceFeature(mentions),
    leadPick: leadPickFeature(mentions),
    picks: picksFeature(mentions),
    pickMass: pickMassFeature(mentions, totalWeight),
    bestRank: bestRankFeature(mentions),
    rankDecay: rankDecayFeature(mentions),
    bestReader: bestReaderFeature(mentions),
    readerMass: readerMassFeature(mentions, totalWeight),
    phraseBest: phraseBestFeature(mentions),
    phraseMass: phraseMassFeature(mentions, totalWeight),
    phraseScore: phraseScoreFeature(mentions),
    nearQuestion: nearQuestionFeature(mentions),
    recency: recencyFeature(mentions),
    questionWord: words.some((t) => questionTerms.has(t)) ? 1 : 0,
    questionShare: questionShareFeature(words, questionTerms),
    inTitle: inTitleFeature(mentions),
    rarity: rarityFeature(words, context.idf, context.maxIdf),
    nameOfAskedKind: nameOfAskedKindFeature(mentions),
    partOnly: partOnlyFeature(mentions),
    ...meanPhraseFeatures(mentions),
  };
}
