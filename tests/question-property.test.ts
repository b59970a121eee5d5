/**
 * Any question is read as written: random questions of English words, JavaScript's built-in property names
 * ("constructor", "__proto__", "valueOf"…), stop words and random Unicode are answered without throwing, one
 * answer each, every quote text of the paragraph it cites. A fixed seed and a bounded number of runs keep this
 * quick; `npm run bench:fuzz` runs the same property at length.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { main as ask } from '../src/cli/ask.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { answerQuestion, NOT_FOUND_MESSAGE } from '../src/qa/answer.js';
import { runMain } from './support/cli.js';
import { answerProblem, answersAnyQuestion, BUILT_IN_NAMES, builtInNameQuestions, questionArbitrary } from './support/question-property.js';

const SEED = 20261206;
let index: NewsIndex;

beforeAll(async () => {
  ({ index } = await buildIndex('corpus'));
});

describe('any question', () => {
  it('is answered without throwing, every quote the text of the paragraph it cites (fast-check, fixed seed)', () => {
    // Every built-in name is tried for sure, whatever the random questions happen to hold.
    const examples = builtInNameQuestions().map((q): [string] => [q]);
    fc.assert(answersAnyQuestion(index, '2026-01-01'), { seed: SEED, numRuns: 300, examples });
  });

  it('with a built-in property name in place of a word, answers or says it is not in the corpus', () => {
    expect(BUILT_IN_NAMES).toEqual(
      expect.arrayContaining(['constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype', 'caller']),
    );
    for (const name of BUILT_IN_NAMES) {
      const answer = answerQuestion(index, `Which ${name} builds the metro?`);
      expect(answerProblem(index, answer), name).toBeUndefined();
      if (!answer.answered) expect(answer.message, name).toBe(NOT_FOUND_MESSAGE);
    }
  });

  it('a batch of random questions gets one line per question, in order, none an error (the CLI)', async () => {
    const questions = fc.sample(questionArbitrary, { seed: SEED, numRuns: 150 });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'property-batch-')), 'questions.jsonl');
    writeFileSync(file, questions.map((question, id) => JSON.stringify({ id, question })).join('\n'));
    const run = await runMain(ask, ['--questions', file, '--as-of', '2026-01-01']);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(questions.map((_, id) => id));
    expect(lines.filter((l) => l.error)).toEqual([]);
    expect(run.code).toBe(0);
  });
});

describe('npm run ask', () => {
  it('"Which constructor builds the metro?" is answered, exit 0', async () => {
    const run = await runMain(ask, ['Which constructor builds the metro?']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Bogota Metro/);
  });
});
