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

export { READER_FEATURES, type FeatureVector, type ReaderFeature } from './reader-features.js';

/** The weights file that ships with the product. */
export const READER_WEIGHTS_FILE = fileURLToPath(new URL('./reader-weights.json', import.meta.url));

export interface ReaderWeights {
  /** Format of the file; a file of another version is refused. */
  version: 2;
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
}

/** The ranking the product used before weights were learned: coverage, plus small bonuses set by hand. */
export const HAND_TUNED_WEIGHTS: ReaderWeights = {
  version: 2,
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
  version: z.literal(2),
  description: z.string(),
  weights: z.record(z.string(), z.number().finite()),
  offset: z.number().finite(),
  phrase: z.record(z.string(), z.number().finite()),
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
  const given = new Map(Object.entries(parsed.data.weights));
  const phrase = new Map(Object.entries(parsed.data.phrase));
  const problem =
    mismatch(given, READER_FEATURES, "reader's features") ?? mismatch(phrase, PHRASE_FEATURES, "phrase model's features (phrase)");
  if (problem) throw new ReaderWeightsError(file, problem);
  return {
    version: 2,
    description: parsed.data.description,
    offset: parsed.data.offset,
    weights: Object.fromEntries(READER_FEATURES.map((f) => [f, given.get(f)!])) as FeatureVector,
    phrase: Object.fromEntries(PHRASE_FEATURES.map((f) => [f, phrase.get(f)!])) as PhraseFeatureVector,
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
