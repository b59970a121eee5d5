/**
 * When the bot says "not in the corpus": the coverage rule (the best sentence must hold 30% of the question's
 * weight) and names the corpus never uses, capitalised or not. Pairs sit just either side of the threshold, so
 * moving it in either direction fails a test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, DEFAULT_MIN_COVERAGE, NOT_FOUND_MESSAGE } from '../src/qa/answer.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';

// Every question word below occurs in exactly one sentence of the corpus, so all weigh the same and a
// sentence's coverage is simply the share of the question's words it holds: 1 of 3 = 0.333, 2 of 7 = 0.286.
const SENTENCES = [
  'The lantern was lit at dusk.',
  'A walnut fell from the tree.',
  'The saddle was left in the barn.',
  'The quilt and the kettle stayed at home.',
  'A pebble rolled down the hill.',
  'The violin played all evening.',
  'The candle burned out by midnight.',
  'The teapot whistled on the stove.',
  'A thimble shone on the table.',
];

let dir: string;
let index: NewsIndex;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'abstain-'));
  SENTENCES.forEach((s, i) => writeFileSync(path.join(dir, `a${i}.md`), `---\ntitle: "Item ${i}"\ndate: 2024-01-0${i + 1}\n---\n\n${s}\n`));
  ({ index } = await buildIndex(dir, { threads: 1 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the coverage rule', () => {
  it('sits between the two pairs below (0.286 < threshold ≤ 0.333)', () => {
    expect(DEFAULT_MIN_COVERAGE).toBeGreaterThan(2 / 7);
    expect(DEFAULT_MIN_COVERAGE).toBeLessThanOrEqual(1 / 3);
  });

  it('answers when the best sentence holds a third of the question (1 of 3 words)', () => {
    const answer = answerQuestion(index, 'Lantern, walnut or saddle?');
    expect(answer.answered).toBe(true);
    expect(SENTENCES.slice(0, 3)).toContain(answer.quotes[0].text);
  });

  it('abstains when the best sentence holds 2 of 7 words, and lists the closest articles', () => {
    const answer = answerQuestion(index, 'Quilt, kettle, pebble, violin, candle, teapot or thimble?');
    expect(answer).toMatchObject({ answered: false, quotes: [], message: NOT_FOUND_MESSAGE });
    expect(answer.closest[0].title).toBe('Item 3');
  });

  it('each of the pair moves with the threshold: the first abstains above 1/3, the second answers below 2/7', () => {
    expect(answerQuestion(index, 'Lantern, walnut or saddle?', { minCoverage: 0.34 }).answered).toBe(false);
    expect(answerQuestion(index, 'Quilt, kettle, pebble, violin, candle, teapot or thimble?', { minCoverage: 0.28 }).answered).toBe(true);
  });
});

describe('a name the corpus never uses', () => {
  let seed: NewsIndex;
  beforeAll(async () => {
    ({ index: seed } = await buildIndex(path.join(import.meta.dirname, '..', 'corpus'), { threads: 1 }));
  });

  it.each(['When did Petro visit Moscow?', 'when did petro visit moscow?', 'WHEN DID PETRO VISIT MOSCOW?'])(
    'abstains on %j, however it is capitalised',
    (question) => {
      const answer = answerQuestion(seed, question);
      expect(answer.answered).toBe(false);
      expect(answer.message).toBe(NOT_FOUND_MESSAGE);
    },
  );

  it.each([
    ['when did petro visit beijing?', 'Petro met his Chinese counterpart Xi Jinping on a visit to Beijing'],
    ['when did colombia join bri?', 'On Monday Petro said Colombia would join the Belt and Road Initiative'],
  ])('still answers the lower-case %j from the corpus', (question, expected) => {
    const answer = answerQuestion(seed, question);
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0].text).toContain(expected);
  });
});
