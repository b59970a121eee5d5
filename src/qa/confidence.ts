/**
 * Stage 5 of answering: which candidate answers, and how sure that is. The answer ranker (a conditional logit
 * over a question's candidates, fitted by `npm run train`) scores each candidate by its features; the best one is
 * the answer. The confidence model (a logistic regression over the ranker's own view of the question: how far
 * ahead the best is, its support, the kind asked), calibrated by Platt scaling on folds it was not fitted on,
 * gives the probability that the answer is right (SQuAD exact match). The answer is stated only when that
 * probability reaches the threshold the weights file names, chosen on held-out folds for a precision target
 * (Kamath et al. 2020, "Selective Question Answering under Domain Shift").
 */
import type { PhraseKind } from './answer-phrase.js';
import { CANDIDATE_FEATURES, type CandidateFeature, type CandidateFeatureVector } from './candidate-features.js';

/** The confidence model's features, in the order weights files and `--explain` list them. */
export const CONFIDENCE_FEATURES = [
  /** The ranker's probability of the best candidate among all (softmax of their scores). */
  'share',
  /** Its logarithm: a share of 0.9 against 0.99 matters as much as 0.1 against 0.01. */
  'logShare',
  /** How far the best candidate's score is ahead of the second's, over 5, capped at 1 (1 when it is alone). */
  'margin',
  /** How many candidates there are, log(1 + n) / 5. */
  'candidates',
  /** How many words the answer has, over 6, capped at 1: a long span is rarely the exact answer. */
  'answerWords',
  /** The reader's best sentence's share of the question's weight (its coverage). */
  'leadCoverage',
  /** The reader's score of its best sentence (coverage units). */
  'leadScore',
  /** How many distinct articles the candidates were read from, log(1 + n) / log(21): one story told once, or many times. */
  'articlesRead',
  /** The question asks for a date. */
  'dateAsked',
  /** The question asks for a number: an amount, a count, a duration, a distance or an age. */
  'numberAsked',
  /** The question asks for a name: a person, a place or an organisation. */
  'nameAsked',
  /** The question asks for a thing ("what", "which"): a noun phrase. */
  'thingAsked',
  /** The ranker's share when a date is asked (0 otherwise): how much a share says depends on the kind. */
  'dateShare',
  /** The ranker's share when a number is asked. */
  'numberShare',
  /** The ranker's share when a name is asked. */
  'nameShare',
  /** The ranker's share when a thing is asked. */
  'thingShare',
  /** How many distinct sentences state the answer (the candidate's own feature). */
  'sentences',
  /** How many distinct articles state it. */
  'articles',
  /** The reader's best sentence states it. */
  'leadSentence',
  /** It is the phrase model's pick in the first sentence that holds a span: the answer as read before candidates. */
  'leadPick',
  /** How many sentences' phrase-model pick it is. */
  'picks',
  /** The reader's score of its best sentence, less the best sentence's. */
  'bestReader',
  /** The share of the sentences' weight that states it. */
  'readerMass',
  /** The chance it is the answer read across all sentences (sentence weight × phrase share, summed). */
  'phraseMass',
  /** The phrase model's share of its best sentence, at its best. */
  'phraseBest',
  /** The phrase model's raw score at its best. */
  'phraseScore',
  /** How recent its newest report is. */
  'recency',
  /** The share of its words that are the question's own. */
  'questionShare',
  /** 1: the model's intercept. */
  'base',
] as const;

export type ConfidenceFeature = (typeof CONFIDENCE_FEATURES)[number];
export type ConfidenceFeatureVector = Record<ConfidenceFeature, number>;

/** What the confidence model reads of the question and its evidence besides the candidates. */
export interface QuestionEvidence {
  /** The kind of short answer asked for. */
  kind: PhraseKind;
  /** The reader's best sentence's coverage of the question, and its score. */
  leadCoverage: number;
  leadScore: number;
  /** How many distinct articles the sentences the candidates were read from belong to. */
  articlesRead: number;
}

/** The answer ranker's and the confidence model's weights, as the weights file holds them. */
export interface AnswerModel {
  /** The ranker's weight of each candidate feature. */
  ranker: Record<CandidateFeature, number>;
  /** The confidence model's weight of each feature (its raw score, before calibration). */
  confidence: ConfidenceFeatureVector;
  /** Platt scaling: the probability is σ(scale × raw + shift), both fitted on folds the model did not see. */
  calibration: { scale: number; shift: number };
  /** The answer is stated when its probability is at least this. */
  threshold: number;
}

/** What the ranker and the confidence model read of a candidate answer (qa/answer-candidates.ts gathers them). */
export interface Judgeable {
  /** The words shown. */
  text: string;
  features: CandidateFeatureVector;
}

/** A candidate with the ranker's score and its share of the question's candidates. */
export type RankedCandidate<C extends Judgeable = Judgeable> = C & {
  score: number;
  share: number;
};

/** The candidates ranked, best first, and the probability that the best is right. */
export interface Judgement<C extends Judgeable = Judgeable> {
  ranked: RankedCandidate<C>[];
  confidence: number;
  features: ConfidenceFeatureVector;
  /** The confidence reaches the threshold: the answer is stated. */
  shown: boolean;
}

/** The ranker's score of a candidate. */
function rankerScore(features: CandidateFeatureVector, weights: Record<CandidateFeature, number>): number {
  let score = 0;
  for (const f of CANDIDATE_FEATURES) score += features[f] * weights[f];
  return score;
}

/** Rank a question's candidates by the ranker: best first, each with its softmax share. */
export function rankCandidates<C extends Judgeable>(
  candidates: readonly C[],
  weights: Record<CandidateFeature, number>,
): RankedCandidate<C>[] {
  const scored = candidates.map((c) => ({ ...c, score: rankerScore(c.features, weights), share: 0 }));
  // Equal scores keep the order the candidates were read in (the reader's), so the same corpus ranks alike.
  scored.sort((a, b) => b.score - a.score);
  const top = scored[0]?.score ?? 0;
  const sum = scored.reduce((a, c) => a + Math.exp(c.score - top), 0);
  for (const c of scored) c.share = Math.exp(c.score - top) / sum;
  return scored;
}

const NUMBER_KINDS: ReadonlySet<PhraseKind> = new Set(['amount', 'count', 'duration', 'distance', 'age']);
const NAME_KINDS: ReadonlySet<PhraseKind> = new Set(['person', 'place', 'organization']);

/** The confidence model's features of a question whose candidates are ranked (at least one). */
export function confidenceFeatures(ranked: readonly RankedCandidate<Judgeable>[], evidence: QuestionEvidence): ConfidenceFeatureVector {
  const { kind } = evidence;
  const best = ranked[0];
  const f = best.features;
  const margin = ranked.length > 1 ? best.score - ranked[1].score : 5;
  return {
    share: best.share,
    logShare: Math.log(Math.max(best.share, 1e-6)),
    margin: Math.min(1, margin / 5),
    candidates: Math.log1p(ranked.length) / 5,
    answerWords: Math.min(1, best.text.split(/\s+/).filter(Boolean).length / 6),
    leadCoverage: evidence.leadCoverage,
    leadScore: evidence.leadScore,
    articlesRead: Math.min(1, Math.log1p(evidence.articlesRead) / Math.log(21)),
    dateAsked: kind === 'date' ? 1 : 0,
    numberAsked: NUMBER_KINDS.has(kind) ? 1 : 0,
    nameAsked: NAME_KINDS.has(kind) ? 1 : 0,
    thingAsked: kind === 'thing' ? 1 : 0,
    dateShare: kind === 'date' ? best.share : 0,
    numberShare: NUMBER_KINDS.has(kind) ? best.share : 0,
    nameShare: NAME_KINDS.has(kind) ? best.share : 0,
    thingShare: kind === 'thing' ? best.share : 0,
    sentences: f.sentences,
    articles: f.articles,
    leadSentence: f.leadSentence,
    leadPick: f.leadPick,
    picks: f.picks,
    bestReader: f.bestReader,
    readerMass: f.readerMass,
    phraseMass: f.phraseMass,
    phraseBest: f.phraseBest,
    phraseScore: f.phraseScore,
    recency: f.recency,
    questionShare: f.questionShare,
    base: 1,
  };
}

/** The confidence model's raw score (a log-odds, before calibration). */
export function rawConfidence(features: ConfidenceFeatureVector, weights: ConfidenceFeatureVector): number {
  let z = 0;
  for (const f of CONFIDENCE_FEATURES) z += features[f] * weights[f];
  return z;
}

/** A raw score as a probability, by Platt scaling. */
export function calibrated(raw: number, calibration: AnswerModel['calibration']): number {
  return 1 / (1 + Math.exp(-(calibration.scale * raw + calibration.shift)));
}

/**
 * Rank the candidates and judge the best: its probability of being right, and whether it is stated.
 * Undefined when there are none.
 */
export function judgeCandidates<C extends Judgeable>(
  candidates: readonly C[],
  evidence: QuestionEvidence,
  model: AnswerModel,
): Judgement<C> | undefined {
  if (!candidates.length) return undefined;
  const ranked = rankCandidates(candidates, model.ranker);
  const features = confidenceFeatures(ranked, evidence);
  const confidence = calibrated(rawConfidence(features, model.confidence), model.calibration);
  return { ranked, confidence, features, shown: confidence >= model.threshold };
}
