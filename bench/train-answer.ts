/**
 * Fitting the answer ranker and the confidence model (src/qa/confidence.ts) for `npm run train`.
 *
 * Rows: every candidate answer of a factoid question (answerCandidates: the same reading as /ask), labelled 1
 * when it is right (SQuAD exact match against a gold answer). The ranker is the conditional logit over a
 * question's candidates (questions where none or all are right are left out). The confidence model is a logistic
 * regression over one row per question (confidenceFeatures of its ranked candidates), labelled by whether the
 * best candidate is right; its raw scores on folds it was not fitted on are calibrated by Platt scaling, and the
 * threshold is the lowest at which the answers above it reach the precision target.
 */
import { answerCandidates, type CandidateReading } from '../src/qa/answer.js';
import { CANDIDATE_FEATURES, type CandidateFeature } from '../src/qa/candidate-features.js';
import {
  CONFIDENCE_FEATURES,
  confidenceFeatures,
  rankCandidates,
  type ConfidenceFeature,
  type ConfidenceFeatureVector,
} from '../src/qa/confidence.js';
import type { ReaderWeights } from '../src/qa/reader.js';
import { fitListwise, fitLogistic, meanAndSpread } from './fit.js';
import { isRightAnswer } from './squad-metrics.js';

/** A question as the answer model is fitted on it (the fields of train.ts's Example it reads). */
export interface AnswerExample {
  question: string;
  asOf?: string;
  answers: string[];
  index: Parameters<typeof answerCandidates>[0];
}

/** A question's candidates and whether each is right; no reading when it asks for no short answer. */
export interface AnswerRows {
  reading?: CandidateReading;
  right: boolean[];
}

/** The candidates of one question, read with `weights` (the reader of the fold it is held out of). */
export function answerRowsOf(example: AnswerExample, weights: ReaderWeights): AnswerRows {
  const reading = answerCandidates(example.index, example.question, { asOf: example.asOf, weights });
  if (!reading) return { right: [] };
  return { reading, right: reading.candidates.map((c) => isRightAnswer(c.text, c.value, example.answers)) };
}

/** Fit the ranker on the questions' candidates; features in `without` get weight 0 (ablation). */
export function fitRanker(
  rows: readonly AnswerRows[],
  ridge: number,
  without: readonly CandidateFeature[] = [],
): Record<CandidateFeature, number> {
  const columns = CANDIDATE_FEATURES.filter((f) => !without.includes(f));
  const groups = rows
    .filter((r) => r.reading && r.right.includes(true) && r.right.includes(false))
    .map((r) => ({ x: r.reading!.candidates.map((c) => columns.map((f) => c.features[f])), y: r.right.map((b) => (b ? 1 : 0)) }));
  const weights = Object.fromEntries(CANDIDATE_FEATURES.map((f) => [f, 0])) as Record<CandidateFeature, number>;
  if (!groups.length) return weights;
  // Each column scaled to unit spread, so the ridge weighs every feature alike.
  const spread = columns.map((_, j) => {
    const sd = meanAndSpread(groups.flatMap((g) => g.x.map((r) => r[j]))).sd;
    return sd > 1e-9 ? sd : 1;
  });
  const fitted = fitListwise(
    groups.map((g) => ({ x: g.x.map((r) => r.map((v, j) => v / spread[j])), y: g.y })),
    ridge,
  );
  columns.forEach((f, j) => (weights[f] = round(fitted[j] / spread[j])));
  return weights;
}

/** One question, judged: the confidence model's features and whether the best candidate is right. */
export interface ConfidenceRow {
  features: ConfidenceFeatureVector;
  right: boolean;
  /** The best candidate's words. */
  answer: string;
}

/** The confidence rows of the questions with candidates, ranked by `ranker`; undefined for the others. */
export function confidenceRows(rows: readonly AnswerRows[], ranker: Record<CandidateFeature, number>): (ConfidenceRow | undefined)[] {
  return rows.map((r) => {
    if (!r.reading?.candidates.length) return undefined;
    const ranked = rankCandidates(r.reading.candidates, ranker);
    const best = ranked[0];
    const right = r.right[r.reading.candidates.findIndex((c) => c.text === best.text && c.mentions === best.mentions)];
    return { features: confidenceFeatures(ranked, r.reading.evidence), right, answer: best.text };
  });
}

/** Fit the confidence model's raw scores (log-odds) on judged questions; features in `without` get weight 0. */
export function fitConfidence(
  rows: readonly ConfidenceRow[],
  ridge: number,
  without: readonly ConfidenceFeature[] = [],
): ConfidenceFeatureVector {
  const columns = CONFIDENCE_FEATURES.filter((f) => !without.includes(f));
  const weights = Object.fromEntries(CONFIDENCE_FEATURES.map((f) => [f, 0])) as ConfidenceFeatureVector;
  if (!rows.length) return weights;
  const spread = columns.map((f) => {
    const sd = meanAndSpread(rows.map((r) => r.features[f])).sd;
    return f === 'base' || sd <= 1e-9 ? 1 : sd;
  });
  const fitted = fitLogistic(
    rows.map((r) => columns.map((f, j) => r.features[f] / spread[j])),
    rows.map((r) => (r.right ? 1 : 0)),
    ridge,
    new Set([columns.indexOf('base')]),
  );
  columns.forEach((f, j) => (weights[f] = round(fitted[j] / spread[j])));
  return weights;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
