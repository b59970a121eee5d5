/**
 * Corpus files that once stalled the bot or lost articles, through the CLIs as a moderator would meet them:
 * every one is either indexed or reported by name with the fix, and none delays the rest.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as ask } from '../src/cli/ask.js';
import { main as reindex } from '../src/cli/reindex.js';
import { runMain } from './support/cli.js';

const article = (title: string, body: string, extra = '') =>
  `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: 2024-03-05\n${extra}---\n\n${body}\n`;
const LONG_SENTENCE = 'Another sentence pads the one long line of this file.';

describe('corpus faults, through reindex --json and ask --json', () => {
  let base: string;
  let corpus: string;
  let report: { articles: number; problems: { file: string; message: string }[]; warnings: { file: string; message: string }[] };
  let answers: { id: string; answered: boolean; quotes: { text: string; citation: { article: string; url: string | null } }[] }[];
  const problem = (file: string) => report.problems.find((p) => p.file === file)?.message;
  const warning = (file: string) =>
    report.warnings
      .filter((w) => w.file === file)
      .map((w) => w.message)
      .join('\n');

  beforeAll(async () => {
    base = mkdtempSync(path.join(tmpdir(), 'corpus-faults-'));
    corpus = path.join(base, 'corpus');
    mkdirSync(path.join(corpus, 'folder'), { recursive: true });
    const put = (file: string, content: string | Buffer) => writeFileSync(path.join(corpus, file), content);
    // 8,000 sentences on one line: 16.5 s to index before sentences were split in windows.
    put('long.md', article('One long line', `${LONG_SENTENCE} `.repeat(8000).trim() + ' The lighthouse keeper retired in 1999.'));
    put('x.md', article('The markdown one', 'The harbour of Vigo opened a new quay on Monday.'));
    put('x.txt', 'The text one\ndate 2024-03-06\n\nThe harbour of Cadiz closed its old quay on Tuesday.\n');
    put('unclosed.md', '---\ntitle: "Never closed"\ndate: 2024-03-05\n\nBody of an article whose front matter never ends.\n');
    put('empty-front.md', '---\n---\n\nBody of an article with empty front matter.\n');
    put('js-url.md', article('Scripted link', 'The mayor of Bogotá opened the cable car on Monday.', 'url: "javascript:alert(1)"\n'));
    put('decomposed.md', article('Decomposed accents', 'The festival in Co\u0301rdoba drew a record crowd of 40,000 people.'));
    put('future.md', article('From the future', 'The colony on Titan elected its first mayor.').replace('2024-03-05', '2999-01-01'));
    put(
      'utf16.md',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(article('Wide', 'Saved as UTF-16 by a Windows editor.'), 'utf16le')]),
    );
    put('utf16-nobom.md', Buffer.from(article('Wide too', 'Saved as UTF-16 without a byte-order mark.'), 'utf16le'));
    const outside = path.join(base, 'kept-elsewhere.md');
    writeFileSync(outside, article('Linked from outside', 'The ferry to Tangier resumed service on Friday.'));
    symlinkSync(outside, path.join(corpus, 'linked.md'));
    symlinkSync(path.join(base, 'gone.md'), path.join(corpus, 'dangling.md'));
    symlinkSync('loop.md', path.join(corpus, 'loop.md'));
    symlinkSync(base, path.join(corpus, 'folder', 'dirlink'));

    const questions = path.join(base, 'questions.jsonl');
    writeFileSync(
      questions,
      [
        { id: 'long', question: 'When did the lighthouse keeper retire?' },
        { id: 'x-md', question: 'Which harbour opened a new quay?' },
        { id: 'x-txt', question: 'Which harbour closed its old quay?' },
        { id: 'linked', question: 'When did the ferry to Tangier resume service?' },
        { id: 'js-url', question: 'Who opened the cable car in Bogo\u0301ta?' },
        { id: 'nfc', question: 'How many people did the festival in Córdoba draw?' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const r = await runMain(reindex, ['--json', '--corpus', corpus]);
    const a = await runMain(ask, ['--corpus', corpus, '--questions', questions]);
    expect(r.code).toBe(0);
    expect(a.code).toBe(0);
    report = JSON.parse(r.stdout);
    answers = a.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  }, 120_000);

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('indexes a one-line article of 8,000 sentences, says its paragraph was cut, and answers from it', () => {
    expect(warning('long.md')).toMatch(
      /^paragraph 1 is 43\d,\d{3} characters long \(8001 sentences\): it is indexed as paragraphs 1–14, each at most 32,000 characters\. Separate its paragraphs with blank lines$/,
    );
    const long = answers.find((x) => x.id === 'long')!;
    expect(long.quotes[0].text).toBe('The lighthouse keeper retired in 1999.');
    expect(long.quotes[0].citation.article).toBe('long');
  });

  it('reports the second of two files with the same id, and answers from the first under that id', () => {
    expect(problem('x.txt')).toBe('has the same article id "x" as x.md (ids are file names without the extension); rename one of them');
    expect(answers.find((x) => x.id === 'x-md')!.quotes[0]).toMatchObject({
      text: 'The harbour of Vigo opened a new quay on Monday.',
      citation: { article: 'x' },
    });
    expect(answers.find((x) => x.id === 'x-txt')!.quotes.some((q) => q.text.includes('Cadiz'))).toBe(false);
  });

  it('reports front matter that is never closed, or empty, with the fix', () => {
    expect(problem('unclosed.md')).toBe(
      'front matter opened on line 1 is never closed: add a line `---` after its last key (title, date…), before the article text',
    );
    expect(problem('empty-front.md')).toMatch(/^front matter is empty: put at least `title: "…"`/);
  });

  it('follows a link to a file outside the corpus, and reports broken links, loops and links to directories by name', () => {
    expect(report.problems.map((p) => p.file)).not.toContain('linked.md');
    expect(answers.find((x) => x.id === 'linked')!.quotes[0].citation.article).toBe('linked');
    expect(problem('dangling.md')).toBe(`a broken link: ${path.join(base, 'gone.md')} does not exist; fix or delete the link`);
    expect(problem('loop.md')).toMatch(/^a link loop \(loop\.md leads back to itself\)/);
    expect(problem(path.join('folder', 'dirlink'))).toMatch(/^a link to the directory .*; only links to files are followed/);
  });

  it('drops a url that is not http(s) from citations, with a warning', () => {
    expect(warning('js-url.md')).toBe(
      'url "javascript:alert(1)" is not an http(s) address; it is left out of citations. Use a link that starts with https://',
    );
    const q = answers.find((x) => x.id === 'js-url')!;
    expect(q.quotes[0].citation).toMatchObject({ article: 'js-url', url: null });
  });

  it('matches accented words whichever way the accent was typed, in the question or in the article', () => {
    expect(answers.find((x) => x.id === 'js-url')!.answered).toBe(true);
    expect(answers.find((x) => x.id === 'nfc')!.quotes[0].text).toBe('The festival in Córdoba drew a record crowd of 40,000 people.');
  });

  it('warns about a publication date after today, and still indexes the article', () => {
    expect(warning('future.md')).toMatch(/^publication date 2999-01-01 is after today \(\d{4}-\d{2}-\d{2}\): check `date:`/);
    expect(problem('future.md')).toBeUndefined();
  });

  it('tells a UTF-16 file to be saved as UTF-8, with or without a byte-order mark', () => {
    expect(problem('utf16.md')).toBe('UTF-16 text: save the file as UTF-8');
    expect(problem('utf16-nobom.md')).toBe('UTF-16 text: save the file as UTF-8');
  });

  it('reports exactly these files, each once, in path order', () => {
    expect(report.problems.map((p) => p.file)).toEqual([
      'dangling.md',
      'empty-front.md',
      path.join('folder', 'dirlink'),
      'loop.md',
      'unclosed.md',
      'utf16-nobom.md',
      'utf16.md',
      'x.txt',
    ]);
    expect(report.articles).toBe(6);
  });
});

describe('the first thing actually wrong with a file, as npm run reindex says it', () => {
  it('names the line where broken front matter goes wrong, as reindex and the CLIs print it: an unclosed quote, a tab, a key given twice', async () => {
    const corpus = mkdtempSync(path.join(tmpdir(), 'corpus-yaml-'));
    try {
      const put = (file: string, front: string) =>
        writeFileSync(path.join(corpus, file), `---\n${front}\n---\n\nThe port of Callao opened a new berth.\n`);
      writeFileSync(path.join(corpus, 'good.md'), article('A good one', 'The port of Callao opened a new berth on Monday.'));
      // The parser gives up lines below the quote, where the front matter ends: the quote's own line is named.
      put('quote.md', 'source: "Test Wire"\ntitle: "Callao opens a berth\ndate: 2024-03-05\nauthors: [Ana Ruiz]');
      put('single-quote.md', "title: 'Callao opens a berth\ndate: 2024-03-05");
      put('tab.md', 'title: Callao opens a berth\nauthors:\n\t- Ana Ruiz\ndate: 2024-03-05');
      put('twice.md', 'title: Callao opens a berth\ndate: 2024-03-05\ntitle: Callao berth opens');
      put('bracket.md', 'title: Callao opens a berth\nauthors: [Ana Ruiz, Luis Paz\ndate: 2024-03-05');
      put('after-quote.md', 'title: "Callao" opens a berth\ndate: 2024-03-05');
      put('reserved.md', 'title: @callao opens a berth\ndate: 2024-03-05');
      const run = await runMain(reindex, ['--corpus', corpus]);
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n').filter((l) => l.startsWith('  '))).toEqual([
        '  after-quote.md: front matter is not valid YAML: line 2 (`title: "Callao" opens a berth`) goes on after its value\'s closing quote; put the value in quotes: title: \'"Callao" opens a berth\'',
        '  bracket.md: front matter is not valid YAML: the [ opened on line 3 (`authors: [Ana Ruiz, Luis Paz`) is never closed; end the list with ] on that line, or put the value in quotes if the [ is part of its text',
        '  quote.md: front matter is not valid YAML: the quote " opened on line 3 (`title: "Callao opens a berth`) is never closed; end the value with " on that line',
        '  reserved.md: front matter is not valid YAML: line 2 (`title: @callao opens a berth`) starts its value with @, which YAML reserves; put the value in quotes: title: "@callao opens a berth"',
        "  single-quote.md: front matter is not valid YAML: the quote ' opened on line 2 (`title: 'Callao opens a berth`) is never closed; end the value with ' on that line",
        '  tab.md: front matter is not valid YAML: line 4 (`- Ana Ruiz`) is indented with a tab; indent it with spaces',
        '  twice.md: front matter is not valid YAML: title is given twice, on line 2 (`title: Callao opens a berth`) and line 4 (`title: Callao berth opens`); keep one',
      ]);
      // The bot's and the other CLIs' corpus loader says the same, one line per file on stderr.
      const asked = await runMain(ask, ['--corpus', corpus, 'When did the port of Callao open a new berth?']);
      expect(asked.stderr).toContain(
        'skipped quote.md: front matter is not valid YAML: the quote " opened on line 3 (`title: "Callao opens a berth`) is never closed; end the value with " on that line\n',
      );
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  });

  it('names the YAML line at fault without a dangling "at line …:", and why a file gave no paragraph', async () => {
    const corpus = mkdtempSync(path.join(tmpdir(), 'corpus-messages-'));
    try {
      writeFileSync(path.join(corpus, 'good.md'), article('A good one', 'The port of Callao opened a new berth on Monday.'));
      writeFileSync(path.join(corpus, 'colon.md'), '---\ntitle: Peru: a new port\nsource: x\n---\n\nText of it.\n');
      writeFileSync(path.join(corpus, 'no-blank.txt'), 'A title\nThe body starts here and goes on.\nAnother line of the body.\n');
      writeFileSync(path.join(corpus, 'only-front.md'), '---\ntitle: Only front matter\n---\n');
      const run = await runMain(reindex, ['--corpus', corpus]);
      const skipped = run.stdout.split('\n').filter((l) => l.startsWith('  '));
      expect(skipped).toEqual([
        '  colon.md: front matter is not valid YAML: line 2 (`title: Peru: a new port`) holds a second ": " in its value; put the value in quotes: title: "Peru: a new port"',
        '  no-blank.txt: no body paragraphs found: without front matter, the first line is the title and the lines after it up to the first blank line its byline and header; leave a blank line between the header and the text, or add front matter (---, title: …, ---)',
        "  only-front.md: no body paragraphs found: there is no text after the front matter; put the article's paragraphs below the closing ---, separated by blank lines",
      ]);
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  });
});
