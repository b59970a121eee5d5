/**
 * The CLIs as a user runs them: a real process, real arguments, exit code, stdout and stderr.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');
const NOT_FOUND = "I couldn't find that in the corpus.";
const TRT_URL = 'https://www.trtworld.com/article/dd1e752e64e0';

// The user's environment, minus any corpus override: the CLIs must find ./corpus on their own.
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.CORPUS_DIR;

/** `node --import tsx script`, or `npx tsx script` where tsx cannot be imported directly. */
function command(script: string): [string, string[]] {
  try {
    createRequire(path.join(ROOT, 'package.json')).resolve('tsx');
    return [process.execPath, ['--import', 'tsx', script]];
  } catch {
    return ['npx', ['tsx', script]];
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[]): Promise<Run> {
  const [cmd, pre] = command(script);
  return new Promise((resolve) => {
    execFile(cmd, [...pre, ...args], { cwd: ROOT, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const ask = (...args: string[]) => run('src/cli/ask.ts', args);
const reindex = (...args: string[]) => run('src/cli/reindex.ts', args);

const corpusText = (article: string) => readFileSync(path.join(ROOT, 'corpus', `${article}.md`), 'utf8');

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

describe.concurrent('ask CLI', () => {
  it('answers "When did Colombia join BRI?" in text with quote, resolved date, source, ¶ and url', async () => {
    const { code, stdout, stderr } = await ask('When did Colombia join BRI?');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^1\. “/);
    expect(stdout).toContain('TRT World');
    expect(stdout).toMatch(/Mon 12 May 2025|Wed 14 May 2025/);
    expect(stdout).toMatch(/¶\d+/);
    expect(stdout).toContain(TRT_URL);
    expect(stdout).toContain('Sources:');
    expect(stdout).not.toContain(NOT_FOUND);
  });

  it('--json prints one JSON object with question, answered, quotes with dates and citations, and ms', async () => {
    const { code, stdout } = await ask('--json', 'When did Colombia join BRI?');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ question: 'When did Colombia join BRI?', answered: true });
    expect(typeof answer.ms).toBe('number');
    expect(answer.ms).toBeGreaterThanOrEqual(0);
    expect(answer.quotes.length).toBeGreaterThanOrEqual(1);
    expect(answer.quotes.length).toBeLessThanOrEqual(3);
    for (const quote of answer.quotes) {
      expect(typeof quote.text).toBe('string');
      expect(Array.isArray(quote.dates)).toBe(true);
      for (const d of quote.dates) expect(Object.keys(d).sort()).toEqual(['phrase', 'value']);
      expect(Object.keys(quote.citation).sort()).toEqual(['article', 'date', 'paragraph', 'source', 'title', 'url']);
      expect(Number.isInteger(quote.citation.paragraph) && quote.citation.paragraph >= 1).toBe(true);
      // Quotes are exact sentences of the cited article.
      expect(corpusText(quote.citation.article)).toContain(quote.text);
    }
    const top = answer.quotes[0];
    expect(top.citation).toMatchObject({ source: 'TRT World', date: '2025-05-14', url: TRT_URL, title: 'China and Colombia deepen ties with Belt and Road pact' });
    expect(top.dates).toEqual(expect.arrayContaining([{ phrase: 'On Monday', value: '2025-05-12' }]));
  });

  it('--max 1 gives at most one quote', async () => {
    const { code, stdout } = await ask('--json', '--max', '1', 'When did Colombia join BRI?');
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer.answered).toBe(true);
    expect(answer.quotes.length).toBe(1);
  });

  it('--max 0 is refused with exit 2', async () => {
    const { code, stdout, stderr } = await ask('--max', '0', 'When did Colombia join BRI?');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--max/);
  });

  it('--questions FILE.jsonl prints one JSON object per line, in order, carrying the ids', async () => {
    const file = path.join(tempDir('cli-questions-'), 'questions.jsonl');
    writeFileSync(file, [
      JSON.stringify({ id: 'q1', question: 'When did Colombia join BRI?' }),
      JSON.stringify({ id: 2, question: 'Who won the 2022 World Cup?' }),
      JSON.stringify({ id: 'q3', question: 'When did Petro arrive in Beijing?' }),
      '',
    ].join('\n'));
    const { code, stdout } = await ask('--questions', file);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const answers = lines.map((l) => JSON.parse(l));
    expect(answers.map((a) => a.id)).toEqual(['q1', 2, 'q3']);
    expect(answers.map((a) => a.question)).toEqual(['When did Colombia join BRI?', 'Who won the 2022 World Cup?', 'When did Petro arrive in Beijing?']);
    expect(answers.map((a) => a.answered)).toEqual([true, false, true]);
    expect(answers[1].message).toBe(NOT_FOUND);
    expect(answers[2].quotes[0].dates).toEqual([{ phrase: 'on Tuesday', value: '2023-10-24' }]);
    for (const a of answers) expect(typeof a.ms).toBe('number');
  });

  it.each([
    ['empty', '', /empty/],
    ['white space only', '   ', /empty/],
    ['301 characters', 'x'.repeat(301), /301 characters.*limit is 300/],
  ])('rejects a question that is %s: exit 2, one line on stderr', async (_what, question, problem) => {
    const { code, stdout, stderr } = await ask(question);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/question/);
    expect(lines[0]).toMatch(problem);
  });

  it.each([['what is the'], ['🙂🙂'], ['Что случилось?']])('abstains on %j: exit 0 and the not-found message', async (question) => {
    const { code, stdout } = await ask(question);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(NOT_FOUND);
  });

  it('--corpus /nonexistent exits 1 naming the directory', async () => {
    const { code, stdout, stderr } = await ask('--corpus', '/nonexistent', 'When did Colombia join BRI?');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('/nonexistent');
    expect(stderr).toMatch(/does not exist/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help exits 0 and prints usage', async () => {
    const { code, stdout } = await ask('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage:/);
    expect(stdout).toContain('--questions');
    expect(stdout).toContain('--json');
  });
});

describe.concurrent('reindex CLI', () => {
  it('--json reports the shipped corpus: 2 articles, counts, time, no problems', async () => {
    const { code, stdout } = await reindex('--json');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ articles: 2, problems: [] });
    expect(report.paragraphs).toBeGreaterThanOrEqual(2);
    expect(report.sentences).toBeGreaterThanOrEqual(report.paragraphs);
    expect(typeof report.ms).toBe('number');
  });

  it('--corpus DIR lists a bad file with its problem and still indexes the good one', async () => {
    const dir = tempDir('cli-corpus-');
    writeFileSync(path.join(dir, 'good.md'), '---\ntitle: "Good article"\ndate: 2025-05-14\n---\n\nColombia joined the pact on Monday. It was signed in Beijing.\n');
    writeFileSync(path.join(dir, 'bad.md'), '---\ntitle: "Bad article"\ndate: 2025-13-45\n---\n\nSome text here.\n');
    const { code, stdout } = await reindex('--json', '--corpus', dir);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ articles: 1, paragraphs: 1, sentences: 2 });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0].file).toBe('bad.md');
    expect(report.problems[0].message).toContain('date');
    expect(report.problems[0].message).toContain('2025-13-45');
  });
});
