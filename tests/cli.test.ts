/**
 * The CLIs as a user runs them: arguments in; exit code, stdout and stderr out. Most cases call the CLI's
 * `main` in this process, which is what the script runs; two start the real script with tsx, to keep the
 * entry point itself tested (and check it prints exactly what `main` does).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main as askMain } from '../src/cli/ask.js';
import { main as reindexMain } from '../src/cli/reindex.js';
import { main as timelineMain } from '../src/cli/timeline.js';
import { ROOT, runMain, runScript, userEnv } from './support/cli.js';
import { shippedReaderWeights } from '../src/qa/reader.js';

const NOT_FOUND = "I couldn't find that in the corpus.";
const TRT_URL = 'https://www.trtworld.com/article/dd1e752e64e0';
const MISSING_CORPUS = '/nonexistent/news';

const ask = (...args: string[]) => runMain(askMain, args);
const reindex = (...args: string[]) => runMain(reindexMain, args);

const corpusText = (article: string) => readFileSync(path.join(ROOT, 'corpus', `${article}.md`), 'utf8');

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('ask CLI', () => {
  it('answers "When did Colombia join BRI?" in text, as the bot would post it: quote, resolved date, source, ¶ and url', async () => {
    const { code, stdout, stderr } = await ask('When did Colombia join BRI?');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    // The short answer first, the day "On Monday" means, then the quote it comes from.
    expect(stdout).toMatch(
      /^Answer: Mon 12 May 2025 \(“Monday”\) \[1\]\nConfidence: \d+%\n\n1\. “On Monday Petro said Colombia would join the Belt and Road Initiative/,
    );
    expect(stdout).toContain('(On Monday = Mon 12 May 2025; in 2013)');
    expect(stdout).toMatch(/Mon 12 May 2025|Wed 14 May 2025/);
    expect(stdout).toMatch(/¶\d+/);
    expect(stdout).toContain('TRT World');
    expect(stdout).toContain(TRT_URL);
    expect(stdout).toContain('Sources:');
    expect(stdout).toContain(`[1] China and Colombia deepen ties with Belt and Road pact — TRT World, Wed 14 May 2025, ¶9, ${TRT_URL}`);
    expect(stdout).toContain('earlier report, Wed 25 Oct 2023');
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
    expect(top.citation).toMatchObject({
      source: 'TRT World',
      date: '2025-05-14',
      url: TRT_URL,
      title: 'China and Colombia deepen ties with Belt and Road pact',
    });
    expect(top.dates).toEqual(expect.arrayContaining([{ phrase: 'On Monday', value: '2025-05-12' }]));
    // The short answer, stated, with its confidence (two decimals).
    expect(answer.answer).toMatchObject({ text: 'Mon 12 May 2025', kind: 'date', value: '2025-05-12', quote: 0, shown: true });
    expect(answer.answer.confidence).toBe(Math.round(answer.answer.confidence * 100) / 100);
    expect(answer.answer.confidence).toBeGreaterThan(0);
    expect(answer.answer.confidence).toBeLessThanOrEqual(1);
  });

  it('--json keeps the best candidate of a factoid question it does not state, with shown false; the text leaves it out', async () => {
    const question = 'Who is the president of Colombia?';
    const json = JSON.parse((await ask('--json', question)).stdout);
    expect(json.answer).toMatchObject({ kind: 'person', shown: false, text: expect.any(String) });
    expect(json.answer.confidence).toBeLessThan(shippedReaderWeights().answer!.threshold);
    const { code, stdout } = await ask(question);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^Answer:/m);
    expect(stdout.split('\n')[0]).toBe('No short answer I can state with confidence; these are the passages that match the question best:');
    expect(stdout).toMatch(/^1\. “/m);
  });

  it('--explain lists the five best candidate answers with their support and the confidence, then the reader’s sentences', async () => {
    const { code, stdout } = await ask('--explain', 'When did Colombia join BRI?');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('The best candidate answers (confidence '));
    expect(head).toBeGreaterThan(0);
    expect(lines[head]).toMatch(
      /^The best candidate answers \(confidence 0\.\d+ that the first is right; stated, the threshold is 0\.\d+\):$/,
    );
    expect(lines[head + 1]).toMatch(/^1\. Mon 12 May 2025: share 0\.\d+, \d+ sentences? in \d+ articles?; \w+ /);
    const listed = lines.slice(head + 1).filter((l) => /^\d\. /.test(l) && !l.includes('“'));
    expect(listed.length).toBeGreaterThan(1);
    expect(listed.length).toBeLessThanOrEqual(5);
    expect(stdout).toContain('How the reader scored its 5 best sentences');
    const json = JSON.parse((await ask('--json', '--explain', 'When did Colombia join BRI?')).stdout);
    expect(json.candidates).toMatchObject({ shown: true, best: expect.any(Array) });
    expect(json.candidates.best[0]).toMatchObject({ text: 'Mon 12 May 2025', sentences: expect.any(Number), articles: expect.any(Number) });
  });

  it('--max 1 gives exactly one quote, with the documented JSON fields', async () => {
    const { code, stdout } = await ask('--json', '--max', '1', 'How much credit did Xi pledge?');
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ question: 'How much credit did Xi pledge?', answered: true });
    expect(typeof answer.ms).toBe('number');
    expect(answer.quotes).toHaveLength(1);
    expect(answer.quotes[0].text).toContain('Xi also pledged $9.2 billion in credit');
    expect(answer.quotes[0].citation).toEqual({
      article: '002_db386d23d8a38732',
      title: 'China and Colombia deepen ties with Belt and Road pact',
      source: 'TRT World',
      date: '2025-05-14',
      paragraph: 7,
      url: TRT_URL,
    });
    expect(answer.quotes[0].dates).toEqual([]);
  });

  it('--max 0 is refused with exit 2', async () => {
    const { code, stdout, stderr } = await ask('--max', '0', 'When did Colombia join BRI?');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--max/);
  });

  it('--questions FILE.jsonl prints one JSON object per line, in order, carrying the ids (none when a line has none)', async () => {
    const file = path.join(tempDir('cli-questions-'), 'questions.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'q1', question: 'When did Colombia join BRI?' }),
        JSON.stringify({ id: 'a', question: 'What does CHEC stand for?' }),
        JSON.stringify({ id: 7, question: 'Who won the 2022 World Cup?' }),
        JSON.stringify({ question: 'When did Petro arrive in Beijing?' }),
        '',
      ].join('\n'),
    );
    const { code, stdout } = await ask('--questions', file);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    const answers = lines.map((l) => JSON.parse(l));
    expect(answers.map((a) => a.id)).toEqual(['q1', 'a', 7, undefined]);
    expect('id' in answers[3]).toBe(false);
    expect(answers.map((a) => a.question)).toEqual([
      'When did Colombia join BRI?',
      'What does CHEC stand for?',
      'Who won the 2022 World Cup?',
      'When did Petro arrive in Beijing?',
    ]);
    expect(answers.map((a) => a.answered)).toEqual([true, true, false, true]);
    expect(answers[2].message).toBe(NOT_FOUND);
    expect(answers[3].quotes[0].dates).toEqual([{ phrase: 'on Tuesday', value: '2023-10-24' }]);
    for (const a of answers) expect(typeof a.ms).toBe('number');
  });

  it.each([
    ['empty', '', /^error: bad question: the question is empty/],
    ['white space only', '   ', /^error: bad question: the question is empty/],
    ['301 characters', 'x'.repeat(301), /^error: bad question: the question is 301 characters long; the limit is 300/],
  ])('rejects a question that is %s: exit 2, one line on stderr', async (_what, question, problem) => {
    const { code, stdout, stderr } = await ask(question);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(problem);
  });

  it.each([['what is the'], ['🙂🙂'], ['Что случилось?']])('abstains on %j: exit 0 and the not-found message', async (question) => {
    const { code, stdout } = await ask(question);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(NOT_FOUND);
  });

  it('--corpus /nonexistent/news exits 1 naming the directory, in one line', async () => {
    const { code, stdout, stderr } = await ask('--corpus', MISSING_CORPUS, 'When did Colombia join BRI?');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`corpus directory ${MISSING_CORPUS} does not exist`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help exits 0 and prints usage', async () => {
    const { code, stdout } = await ask('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run ask/);
    expect(stdout).toContain('--questions');
    expect(stdout).toContain('--json');
  });
});

describe('reindex CLI', () => {
  it('--json reports the shipped corpus: 2 articles, 30 paragraphs, counts, time, no problems', async () => {
    const { code, stdout } = await reindex('--json');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ articles: 2, paragraphs: 30, problems: [] });
    expect(report.sentences).toBeGreaterThanOrEqual(report.paragraphs);
    expect(typeof report.ms).toBe('number');
  });

  it('an empty corpus, or one whose files are all skipped, is an empty index: reindex lists the problems, ask and timeline say the corpus is empty, exit 0', async () => {
    const dir = tempDir('cli-empty-');
    const empty = await reindex('--json', '--corpus', dir);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toMatchObject({ articles: 0, paragraphs: 0, problems: [] });
    writeFileSync(path.join(dir, 'bad.md'), 'garbage');
    const skipped = await reindex('--json', '--corpus', dir);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ articles: 0, problems: [{ file: 'bad.md' }] });
    const asked = await ask('--corpus', dir, 'When did Colombia join BRI?');
    expect(asked.code).toBe(0);
    expect(asked.stdout.trim()).toBe(
      'The corpus is empty: no articles are indexed yet. Moderators can add one with /article add; the operator can put article files in the corpus directory and run /reindex.',
    );
    expect(asked.stderr).toContain('skipped bad.md');
    const timeline = await runMain(timelineMain, ['--corpus', dir, '--topic', 'BRI']);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout.trim()).toBe(asked.stdout.trim());
  });

  it('--corpus DIR lists a bad file with its problem and still indexes the good one', async () => {
    const dir = tempDir('cli-corpus-');
    writeFileSync(
      path.join(dir, 'good.md'),
      '---\ntitle: "Good article"\ndate: 2025-05-14\n---\n\nColombia joined the pact on Monday. It was signed in Beijing.\n',
    );
    writeFileSync(path.join(dir, 'bad.md'), '---\ntitle: "Bad article"\ndate: 2025-13-45\n---\n\nSome text here.\n');
    const { code, stdout } = await reindex('--json', '--corpus', dir);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ articles: 1, paragraphs: 1, sentences: 2 });
    expect(typeof report.ms).toBe('number');
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0].file).toBe('bad.md');
    expect(report.problems[0].message).toContain('date');
    expect(report.problems[0].message).toContain('2025-13-45');
  });
});

describe('reindex CLI and the bot’s index snapshot', () => {
  const lastLine = (run: { stdout: string }) => run.stdout.trim().split('\n').at(-1);

  it('saves INDEX_SNAPSHOT as the bot reads it (--snapshot wins over it, "" saves none), saying where and when a running bot loads it', async () => {
    const dir = tempDir('cli-snapshot-');
    const file = path.join(dir, 'data', 'index.snapshot');
    const env = { ...userEnv(), INDEX_SNAPSHOT: file, SNAPSHOT_POLL_SECONDS: '30' };
    const saved = await runMain(reindexMain, [], env);
    expect(saved.code).toBe(0);
    expect(lastLine(saved)).toBe(
      `Saved the index snapshot ${file}: a running bot whose INDEX_SNAPSHOT is this file loads it within 30 s (SNAPSHOT_POLL_SECONDS).`,
    );
    expect(existsSync(file)).toBe(true);
    expect(lastLine(await runMain(reindexMain, [], env))).toBe(
      `The corpus is unchanged since the index snapshot ${file} was saved, so it is left as it was.`,
    );
    expect(JSON.parse((await runMain(reindexMain, ['--json'], env)).stdout)).toMatchObject({ snapshot: file, savedSnapshot: false });

    const other = path.join(dir, 'other.snapshot');
    expect(lastLine(await runMain(reindexMain, ['--snapshot', other], { ...env, SNAPSHOT_POLL_SECONDS: '0' }))).toBe(
      `Saved the index snapshot ${other}: a running bot whose INDEX_SNAPSHOT is this file loads it when it next starts (SNAPSHOT_POLL_SECONDS=0 never checks for a newer one).`,
    );
    expect(lastLine(await runMain(reindexMain, [], { ...env, INDEX_SNAPSHOT: '' }))).toBe(
      `No index snapshot saved (INDEX_SNAPSHOT is ""): a running bot serves these articles after a moderator's /reindex.`,
    );
    expect(JSON.parse((await runMain(reindexMain, ['--json'], { ...env, INDEX_SNAPSHOT: '' })).stdout)).toMatchObject({
      snapshot: null,
      savedSnapshot: false,
    });
  });

  it('an empty corpus leaves the snapshot as it was, and says why', async () => {
    const dir = tempDir('cli-snapshot-empty-');
    const file = path.join(dir, 'index.snapshot');
    const run = await runMain(reindexMain, ['--corpus', dir], { ...userEnv(), INDEX_SNAPSHOT: file });
    expect(run.code).toBe(0);
    expect(lastLine(run)).toBe(
      `The index snapshot ${file} is left as it was: an index without articles is never saved, so a running bot keeps the articles it has.`,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('an INDEX_SNAPSHOT it cannot write: exit 1, one line naming the setting, why and the way out', async () => {
    const dir = tempDir('cli-snapshot-refused-');
    writeFileSync(path.join(dir, 'a-file'), '');
    const file = path.join(dir, 'a-file', 'index.snapshot');
    const run = await runMain(reindexMain, [], { ...userEnv(), INDEX_SNAPSHOT: file });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: INDEX_SNAPSHOT ${file} cannot be written: the directory ${path.join(dir, 'a-file')} cannot be made: a file stands where a directory of the path should be (ENOTDIR); point INDEX_SNAPSHOT (in the environment or .env) at a file in a directory you may write to, pass --snapshot F, or set INDEX_SNAPSHOT="" to index without saving\n`,
    });
    const flagged = await runMain(reindexMain, ['--snapshot', file], userEnv());
    expect(flagged.stderr).toBe(
      `error: --snapshot ${file} cannot be written: the directory ${path.join(dir, 'a-file')} cannot be made: a file stands where a directory of the path should be (ENOTDIR); pass --snapshot with a file in a directory you may write to\n`,
    );
  });

  it('--help says where the snapshot goes and when a running bot loads it', async () => {
    const { stdout } = await reindex('--help');
    expect(stdout).toContain('It then saves the index snapshot the bot reads (INDEX_SNAPSHOT, ./data/index.snapshot by default),');
    expect(stdout).toContain('a running bot whose INDEX_SNAPSHOT is that file loads it within SNAPSHOT_POLL_SECONDS');
  });
});

// Each starts Node with tsx and builds the index: seconds normally, far more on a loaded machine.
describe.concurrent('the scripts themselves (a child process each)', { timeout: 180_000 }, () => {
  it('`node --import tsx src/cli/ask.ts` with a question: exit 0, nothing on stderr, the same answer text as main()', async () => {
    const [child, inProcess] = await Promise.all([
      runScript('src/cli/ask.ts', ['When did Colombia join BRI?']),
      ask('When did Colombia join BRI?'),
    ]);
    expect(child).toEqual({ code: 0, stdout: inProcess.stdout, stderr: '' });
    expect(child.stdout).toMatch(
      /^Answer: Mon 12 May 2025 \(“Monday”\) \[1\]\nConfidence: \d+%\n\n1\. “On Monday Petro said Colombia would join the Belt and Road Initiative/,
    );
  });

  it('`tsx src/cli/reindex.ts` (what npm run reindex runs) on a missing corpus: exit 1, one error line on stderr, nothing on stdout', async () => {
    const child = await runScript('src/cli/reindex.ts', ['--corpus', MISSING_CORPUS], { via: 'tsx' });
    expect(child).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: corpus directory ${MISSING_CORPUS} does not exist; create it (mkdir -p ${MISSING_CORPUS}) and add articles, or pass --corpus DIR with the directory that holds them\n`,
    });
    expect(await reindex('--corpus', MISSING_CORPUS)).toEqual(child);
  });
});
