/**
 * `npm run ask -- --questions FILE`: one line out per question in, in order, whatever happens to the others. A
 * question that throws (here made to, through the CLI's test hook) costs its own line only: an error line in
 * its place, exit code 2, the count and the stack once on stderr.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as ask, type AnswerFunction } from '../src/cli/ask.js';
import { answerQuestion } from '../src/qa/answer.js';
import { runMain } from './support/cli.js';

const QUESTIONS = [
  'When did Colombia join BRI?',
  'How much credit did Xi pledge?',
  'Who won the 2022 World Cup?',
  'What does CHEC stand for?',
];

/**
 * answerQuestion, except that `bad` throws a TypeError, as a bug in the core would. Each distinct question is
 * answered once and its answer reused, so 10,000 lines test the batch, not the reader's speed.
 */
function throwingOn(bad: string): AnswerFunction {
  const answers = new Map<string, ReturnType<AnswerFunction>>();
  return (index, question, options) => {
    if (question === bad) throw new TypeError('t.split is not a function');
    const key = `${options.asOf} ${question}`;
    if (!answers.has(key)) answers.set(key, answerQuestion(index, question, options));
    return answers.get(key)!;
  };
}

function writeQuestions(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ask-batch-')), 'questions.jsonl');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('ask --questions', () => {
  it('10,000 questions, one of which throws: 10,000 lines in order, one error line, exit 2, the stack once', async () => {
    const bad = 'Which constructor builds the metro?';
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ id: `q${i}`, question: i === 19 ? bad : QUESTIONS[i % QUESTIONS.length] }),
    );
    const file = writeQuestions(lines);
    const run = await runMain((argv, io) => ask(argv, io, throwingOn(bad)), ['--questions', file, '--as-of', '2026-01-01']);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(10_000);
    expect(out.map((l) => l.id)).toEqual(lines.map((_, i) => `q${i}`));
    const errors = out.filter((l) => l.error);
    expect(errors).toEqual([
      {
        id: 'q19',
        question: bad,
        answered: false,
        quotes: [],
        error: { code: 'INTERNAL', message: 'the question could not be answered (a bug: t.split is not a function)' },
      },
    ]);
    expect(out[20].answered).toBe(true);
    expect(out[9_999].question).toBe(QUESTIONS[9_999 % QUESTIONS.length]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: 1 of 10000 lines failed');
    expect(run.stderr.match(/TypeError: t\.split is not a function/g)).toHaveLength(1);
  });

  it('the same failure on many lines prints its stack once; bad lines and failures are counted together', async () => {
    const bad = 'Which prototype builds the metro?';
    const file = writeQuestions([
      JSON.stringify({ id: 1, question: bad }),
      'not json',
      JSON.stringify({ id: 3, question: QUESTIONS[0] }),
      JSON.stringify({ id: 4, question: bad }),
      JSON.stringify({ id: 5, question: '' }),
    ]);
    const run = await runMain((argv, io) => ask(argv, io, throwingOn(bad)), ['--questions', file]);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((l) => l.error?.code ?? 'answered')).toEqual([
      'INTERNAL',
      'QUESTION_INVALID',
      'answered',
      'INTERNAL',
      'QUESTION_INVALID',
    ]);
    expect(out[1].error.message).toMatch(/^line 2 of .* is not a JSON object/);
    expect(out[4].error.message).toMatch(/^the question is empty/);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: 4 of 5 lines failed');
    expect(run.stderr.match(/TypeError: t\.split is not a function/g)).toHaveLength(1);
  });
});
