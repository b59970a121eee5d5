/**
 * The learned reader: its text features, one by one; the weights file it reads at start (every feature
 * weighed, nothing else; a missing or bad file named in the error); `npm run train` reproducing its weights
 * exactly on a tiny fixture; and the shipped weights relying on features that carry the answer, so that
 * switching one off changes what is quoted.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { answerQuestion } from '../src/qa/answer.js';
import { renderAnswerText } from '../src/qa/render-answer-text.js';
import { bigramOverlap, lengthFeature, novelty, quotedSpeech, termPairs } from '../src/qa/reader-features.js';
import {
  HAND_TUNED_WEIGHTS,
  READER_FEATURES,
  READER_WEIGHTS_FILE,
  readReaderWeights,
  ReaderWeightsError,
  shippedReaderWeights,
  type ReaderWeights,
} from '../src/qa/reader.js';
import { ROOT, runScript } from './support/cli.js';

function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'reader-')), name);
  writeFileSync(file, text);
  return file;
}

describe('text features', () => {
  it('bigramOverlap: the share of the question’s word pairs side by side in the sentence', () => {
    const question = termPairs(['belt', 'road', 'initi']);
    expect(bigramOverlap(question, termPairs(['join', 'belt', 'road', 'initi']))).toBe(1);
    expect(bigramOverlap(question, termPairs(['road', 'belt', 'initi']))).toBe(0);
    expect(bigramOverlap(question, termPairs(['belt', 'road', 'plan']))).toBe(0.5);
    expect(bigramOverlap(termPairs(['belt']), termPairs(['belt', 'road']))).toBe(0);
  });

  it('novelty: the share of the sentence’s words the question does not use', () => {
    expect(novelty(new Set(['colombia', 'join', 'monday']), new Set(['colombia', 'join']))).toBeCloseTo(1 / 3);
    expect(novelty(new Set(), new Set(['colombia']))).toBe(0);
  });

  it('quotedSpeech and length', () => {
    expect(quotedSpeech('“We will join,” Petro said.')).toBe(1);
    expect(quotedSpeech('Petro told reporters it would join.')).toBe(1);
    expect(quotedSpeech('Colombia joined the initiative on Monday.')).toBe(0);
    expect(lengthFeature('one two three four')).toBe(0.1);
    expect(lengthFeature('word '.repeat(100))).toBe(1);
  });
});

describe('the weights file', () => {
  it('ships with a weight for every feature the reader computes', () => {
    const shipped = shippedReaderWeights();
    expect(Object.keys(shipped.weights)).toEqual([...READER_FEATURES]);
    expect(readReaderWeights(READER_WEIGHTS_FILE)).toEqual(shipped);
  });

  it('a missing, broken or mismatched file is refused with its name and what is wrong', () => {
    const missing = path.join(tmpdir(), 'no-such-dir', 'reader-weights.json');
    expect(() => readReaderWeights(missing)).toThrow(ReaderWeightsError);
    expect(() => readReaderWeights(missing)).toThrow(`the reader's weights file ${missing} cannot be read (ENOENT)`);
    const broken = tempFile('broken.json', '{"version": 1,');
    expect(() => readReaderWeights(broken)).toThrow(`the reader's weights file ${broken} is not JSON`);
    const { coverage: _dropped, ...rest } = HAND_TUNED_WEIGHTS.weights;
    const partial = tempFile('partial.json', JSON.stringify({ ...HAND_TUNED_WEIGHTS, weights: { ...rest, shoeSize: 1 } }));
    expect(() => readReaderWeights(partial)).toThrow(`does not match the reader's features; missing: coverage; unknown: shoeSize`);
    const v2 = tempFile('v2.json', JSON.stringify({ ...HAND_TUNED_WEIGHTS, version: 2 }));
    expect(() => readReaderWeights(v2)).toThrow(/is not a weights file: version/);
  });
});

describe('npm run train', () => {
  it('reproduces the fixture’s weights exactly', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'train-')), 'weights.json');
    const run = await runScript('bench/train.ts', ['--news', 'tests/fixtures/train', '--folds', '2', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('| all held-out weeks, learned | 10 |');
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(ROOT, 'tests/fixtures/train/expected-weights.json'), 'utf8'));
  });
});

describe('the shipped weights', () => {
  let index: NewsIndex;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reader-corpus-'));
    const article = (title: string, ...paragraphs: string[]) =>
      `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: 2024-05-01\n---\n\n${paragraphs.join('\n\n')}\n`;
    writeFileSync(
      path.join(dir, 'senator.md'),
      article(
        'Senator seeks another term',
        'Senator Kay Lund announced her campaign on Tuesday.',
        'Lund, 74, has served in the state senate since 1999 and chairs its budget committee, where she has led talks on the new rail line.',
      ),
    );
    writeFileSync(
      path.join(dir, 'coast.md'),
      article(
        'Coast guard stops smugglers',
        'The coast guard seized three boats off the coast on Monday.',
        'A dozen fishermen were detained.',
      ),
    );
    ({ index } = await buildIndex(dir));
  });

  const without = (feature: (typeof READER_FEATURES)[number]): ReaderWeights => {
    const shipped = shippedReaderWeights();
    return { ...shipped, weights: { ...shipped.weights, [feature]: 0 } };
  };

  it('quote the sentence that gives the age asked for, where the hand-tuned weights quote the one that names her', () => {
    const question = 'How old is Lund?';
    const learned = answerQuestion(index, question, { asOf: '2024-05-02' });
    expect(learned.quotes[0].text).toMatch(/^Lund, 74, has served/);
    expect(learned.answer).toMatchObject({ text: '74', kind: 'age', quote: 0 });
    const hand = answerQuestion(index, question, { asOf: '2024-05-02', weights: HAND_TUNED_WEIGHTS });
    expect(hand.quotes[0].text).toBe('Senator Kay Lund announced her campaign on Tuesday.');
    // Switched off, the feature that sees an answer of the asked kind no longer lifts its sentence.
    const off = answerQuestion(index, question, { asOf: '2024-05-02', weights: without('answerPhrase') });
    expect(off.quotes[0].text).toBe('Senator Kay Lund announced her campaign on Tuesday.');
  });

  it('a number written in words is the short answer, with its value', () => {
    const boats = answerQuestion(index, 'How many boats did the coast guard seize?', { asOf: '2024-05-02' });
    expect(boats.answer).toMatchObject({ text: 'three', kind: 'count', value: 3 });
    expect(renderAnswerText(boats).split('\n')[0]).toBe('Answer: three (3) [1]');
    const detained = answerQuestion(index, 'How many fishermen were detained?', { asOf: '2024-05-02' });
    expect(detained.answer).toMatchObject({ text: 'A dozen', value: 12 });
  });
});
