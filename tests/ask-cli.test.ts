import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');
const { CORPUS_DIR: _unset, ...cleanEnv } = process.env;

/** Run a CLI as a user would; resolves with exit code, stdout and stderr. */
async function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: cleanEnv });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const ask = (...args: string[]) => run('src/cli/ask.ts', args);

describe.concurrent('npm run ask', () => {
  it('prints the answer as the bot would post it', async () => {
    const { code, stdout } = await ask('When did Colombia join BRI?');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1\. “On Monday Petro said Colombia would join the Belt and Road Initiative/);
    expect(stdout).toContain('(On Monday = Mon 12 May 2025; in 2013)');
    expect(stdout).toContain('[1] China and Colombia deepen ties with Belt and Road pact — TRT World, Wed 14 May 2025, ¶9, https://www.trtworld.com/article/dd1e752e64e0');
    expect(stdout).toContain('earlier report, Wed 25 Oct 2023');
  });

  it('--json prints one object with the documented fields; --max limits quotes', async () => {
    const { code, stdout } = await ask('--json', '--max', '1', 'How much credit did Xi pledge?');
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ question: 'How much credit did Xi pledge?', answered: true });
    expect(typeof answer.ms).toBe('number');
    expect(answer.quotes).toHaveLength(1);
    expect(answer.quotes[0].text).toContain('Xi also pledged $9.2 billion in credit');
    expect(answer.quotes[0].citation).toEqual({ article: '002_db386d23d8a38732', title: 'China and Colombia deepen ties with Belt and Road pact', source: 'TRT World', date: '2025-05-14', paragraph: 7, url: 'https://www.trtworld.com/article/dd1e752e64e0' });
    expect(answer.quotes[0].dates).toEqual([]);
  });

  it('--questions answers every line in order, carrying ids', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'q-')), 'q.jsonl');
    writeFileSync(file, ['{"id":"a","question":"What does CHEC stand for?"}', '{"id":7,"question":"Who won the 2022 World Cup?"}', '{"question":"When did Petro arrive in Beijing?"}', ''].join('\n'));
    const { code, stdout } = await ask('--questions', file);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 7, undefined]);
    expect(lines.map((l) => l.answered)).toEqual([true, false, true]);
    expect(lines[1].message).toBe("I couldn't find that in the corpus.");
    expect(lines[2].quotes[0].dates).toEqual([{ phrase: 'on Tuesday', value: '2023-10-24' }]);
  });

  it.each([[''], ['   '], ['x'.repeat(301)]])('rejects the bad question %j with a one-line message and exit 2', async (q) => {
    const { code, stdout, stderr } = await ask(q);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: bad question: the question (is empty|is 301 characters long; the limit is 300)/);
  });

  it.each([['what is the'], ['🙂🙂'], ['Что случилось?']])('abstains on %j without crashing', async (q) => {
    const { code, stdout } = await ask(q);
    expect(code).toBe(0);
    expect(stdout).toContain("I couldn't find that in the corpus.");
  });

  it('a missing corpus directory exits 1 naming it', async () => {
    const { code, stderr } = await ask('--corpus', '/nonexistent/news', 'When?');
    expect(code).toBe(1);
    expect(stderr).toContain('corpus directory /nonexistent/news does not exist');
  });

  it('--help explains usage', async () => {
    const { code, stdout } = await ask('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run ask/);
  });
});

describe.concurrent('npm run reindex', () => {
  it('--json reports counts and problems', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'c-'));
    writeFileSync(path.join(dir, 'ok.md'), '---\ntitle: "A"\ndate: 2025-01-02\n---\n\nOne paragraph here. Two sentences here.\n');
    writeFileSync(path.join(dir, 'bad.md'), '---\ntitle: "B"\ndate: 2025-13-45\n---\n\nText.\n');
    const { code, stdout } = await run('src/cli/reindex.ts', ['--json', '--corpus', dir]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ articles: 1, paragraphs: 1, sentences: 2, problems: [{ file: 'bad.md', message: expect.stringContaining('2025-13-45') }] });
    expect(typeof report.ms).toBe('number');
  });

  it('indexes the shipped corpus', async () => {
    const { stdout } = await run('src/cli/reindex.ts', ['--json']);
    expect(JSON.parse(stdout)).toMatchObject({ articles: 2, paragraphs: 30, problems: [] });
  });
});
