/**
 * The reader: how much a candidate sentence looks like the one that answers, as a weighted sum of named
 * features (qa/reader-features.ts), multiplied by its article's time weight. The weights are fitted to data by
 * `npm run train` (bench/train.ts) and ship in reader-weights.json beside this file, read once at start; the
 * hand-tuned weights the product used before are kept here for comparison (`npm run bench:quality` runs both).
 *
 * Scores are in "coverage units": the fitted weights are scaled so that `coverage` weighs 1, as it does in the
 * hand-tuned reader, so the rules that read a score's size (a later quote must score 60% of the best, the band
 * of near-equals in which newer reports come first) mean the same whichever weights are in use.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { NewsdeskError } from '../errors.js';
import { HAND_TUNED_PHRASE_WEIGHTS, PHRASE_FEATURES, type PhraseFeatureVector } from './phrase-features.js';
import { READER_FEATURES, type FeatureVector } from './reader-features.js';
import { CANDIDATE_FEATURES } from './candidate-features.js';
import { CONFIDENCE_FEATURES, type AnswerModel } from './confidence.js';

export { READER_FEATURES, type FeatureVector, type ReaderFeature } from './reader-features.js';

/** The weights file that ships with the product. */
export const READER_WEIGHTS_FILE = fileURLToPath(new URL('./reader-weights.json', import.meta.url));

export interface ReaderWeights {
  /** Format of the file; a file of another version is refused. */
  version: 3;
  /** What the weights were fitted on, and how they scored on what they were not fitted on. */
  description: string;
  weights: FeatureVector;
  /**
   * Added to every score after the time weight: it changes no ranking, but puts scores at the level of the
   * hand-tuned reader's, which the quote cutoff (a later quote must score 60% of the best) reads.
   */
  offset: number;
  /** The phrase model's weights: how the short answer is chosen among a quote's spans (qa/phrase-features.ts). */
  phrase: PhraseFeatureVector;
  /**
   * The answer ranker and the confidence model (qa/confidence.ts): which candidate answers, across all the
   * evidence, and whether it is sure enough to state. Every weights file has them; without them (the
   * hand-tuned weights, for comparison) the short answer is the phrase of the first quote that holds one, always
   * stated, as before the answer was judged.
   */
  answer?: AnswerModel;
}

/** The ranking the product used before weights were learned: coverage, plus small bonuses set by hand. */
export const HAND_TUNED_WEIGHTS: ReaderWeights = {
  version: 3,
  description:
    'hand-tuned: coverage + 0.1 × (asked kind, counted unit, time named, retrieval), the asked kind 0.6 when the question states the news first',
  offset: 0,
  weights: {
    ...(Object.fromEntries(READER_FEATURES.map((f) => [f, 0])) as FeatureVector),
    coverage: 1,
    askedKind: 0.1,
    askedKindStated: 0.5,
    countedUnit: 0.1,
    inTime: 0.1,
    retrieval: 0.1,
  },
  phrase: HAND_TUNED_PHRASE_WEIGHTS,
};

/** The weights file is missing or not what this version reads. */
export class ReaderWeightsError extends NewsdeskError {
  constructor(file: string, problem: string) {
    super(
      'READER_WEIGHTS',
      `the reader's weights file ${file} ${problem}`,
      import.meta.url.includes('/dist/')
        ? 'it ships with the product: copy src/qa/reader-weights.json from the repository to dist/src/qa/ (npm run build does this)'
        : 'it ships with the product (src/qa/reader-weights.json): restore it from the repository (git checkout -- src/qa/reader-weights.json), or refit it with npm run train',
    );
  }
}

const WeightsFile = z.object({
  version: z.literal(3),
  description: z.string(),
  weights: z.record(z.string(), z.number().finite()),
  offset: z.number().finite(),
  phrase: z.record(z.string(), z.number().finite()),
  answer: z.object(
    {
      ranker: z.record(z.string(), z.number().finite()),
      confidence: z.record(z.string(), z.number().finite()),
      calibration: z.object({ scale: z.number().finite(), shift: z.number().finite() }),
      threshold: z.number().min(0).max(1),
    },
    {
      error: (issue) =>
        issue.input === undefined ? 'the answer ranker and confidence model are missing (refit with npm run train)' : undefined,
    },
  ),
});

/** What a table of weights lacks and has too many of, against the features named. */
function mismatch(given: ReadonlyMap<string, number>, names: readonly string[], what: string): string | undefined {
  const missing = names.filter((f) => !given.has(f));
  const unknown = [...given.keys()].filter((f) => !names.includes(f));
  if (!missing.length && !unknown.length) return undefined;
  return `does not match the ${what}${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`;
}

/** Read and check a weights file: every feature this version computes must have a weight, and no other. */
export function readReaderWeights(file: string): ReaderWeights {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReaderWeightsError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let parsed;
  try {
    parsed = WeightsFile.safeParse(JSON.parse(text));
  } catch {
    throw new ReaderWeightsError(file, 'is not JSON');
  }
  if (!parsed.success)
    throw new ReaderWeightsError(
      file,
      `is not a weights file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const { data } = parsed;
  const tables = [
    [new Map(Object.entries(data.weights)), READER_FEATURES, "reader's features"],
    [new Map(Object.entries(data.phrase)), PHRASE_FEATURES, "phrase model's features (phrase)"],
    [new Map(Object.entries(data.answer.ranker)), CANDIDATE_FEATURES, "answer ranker's features (answer.ranker)"],
    [new Map(Object.entries(data.answer.confidence)), CONFIDENCE_FEATURES, "confidence model's features (answer.confidence)"],
  ] as const;
  for (const [given, names, what] of tables) {
    const problem = mismatch(given, names, what);
    if (problem) throw new ReaderWeightsError(file, problem);
  }
  const ordered = <F extends string>(table: Record<string, number>, names: readonly F[]) =>
    Object.fromEntries(names.map((f) => [f, table[f]])) as Record<F, number>;
  return {
    version: 3,
    description: data.description,
    offset: data.offset,
    weights: ordered(data.weights, READER_FEATURES),
    phrase: ordered(data.phrase, PHRASE_FEATURES),
    answer: {
      ranker: ordered(data.answer.ranker, CANDIDATE_FEATURES),
      confidence: ordered(data.answer.confidence, CONFIDENCE_FEATURES),
      calibration: data.answer.calibration,
      threshold: data.answer.threshold,
    },
  };
}

let shipped: ReaderWeights | undefined;

/** The weights that ship with the product, read on first use (the bot reads them at start). */
export function shippedReaderWeights(): ReaderWeights {
  shipped ??= readReaderWeights(READER_WEIGHTS_FILE);
  return shipped;
}

/** A sentence's score: the weighted sum of its features, times its article's time weight, plus the offset. */
export function scoreFeatures(features: FeatureVector, timeWeight: number, weights: ReaderWeights): number {
  let score = 0;
  for (const f of READER_FEATURES) score += features[f] * weights.weights[f];
  return score * timeWeight + weights.offset;
}
