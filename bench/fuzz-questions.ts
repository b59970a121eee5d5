/**
 * `npm run bench:fuzz`: the answering core's property (tests/support/question-property.ts) at length: random
 * questions of English words, JavaScript's built-in names, stop words and random Unicode, answered without a
 * throw, each quote the text of the paragraph it cites. `npm test` runs 300 with a fixed seed; this runs as many
 * as asked, on any corpus.
 *
 *   npm run bench:fuzz                                   10,000 questions on ./corpus, a random seed
 *   npm run bench:fuzz -- --runs 100000 --seed 42 --corpus DIR --as-of 2022-06-01
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { buildIndex } from '../src/index/build/pipeline.js';
import { answersAnyQuestion } from '../tests/support/question-property.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    corpus: { type: 'string', default: 'corpus' },
    'as-of': { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1 (got ${values.runs})`);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const { index } = await buildIndex(values.corpus!);
console.log(`corpus ${values.corpus}: ${index.articles.length} articles; ${runs} questions, seed ${seed}`);
const started = performance.now();
const details = fc.check(answersAnyQuestion(index, values['as-of']), { seed, numRuns: runs });
const seconds = (performance.now() - started) / 1000;
console.log(
  `${details.numRuns} questions in ${seconds.toFixed(1)} s (${((seconds * 1000) / Math.max(1, details.numRuns)).toFixed(2)} ms each)`,
);
if (details.failed) {
  console.log(`FAILED on ${JSON.stringify(details.counterexample)} (seed ${seed}, path ${details.counterexamplePath}):`);
  console.log(details.errorInstance);
  process.exitCode = 1;
} else {
  console.log('no question threw or quoted text its citation does not hold');
}
