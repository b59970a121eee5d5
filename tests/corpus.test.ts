import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorpusDirectoryError,
  CorpusFileError,
  inferRawLayout,
  MAX_FILE_BYTES,
  MAX_PARAGRAPH_CHARS,
  parseArticle,
} from '../src/corpus/article.js';
import { loadCorpus } from '../src/corpus/directory.js';
import { ROOT, type Run, runScript } from './support/cli.js';

const SEED_CORPUS = path.join(import.meta.dirname, '..', 'corpus');

const FRONT_MATTER_ARTICLE = `---
title: "China upgrades diplomatic ties with close US ally Colombia"
source: "Reuters"
date: 2023-10-25
url: "https://example.com/china-colombia"
authors: ["Liz Lee", "Ryan Woo"]
---

BEIJING (Reuters) -China elevated diplomatic relations with Colombia to a strategic partnership on Wednesday, deepening a push with one of the oldest U.S. allies.

The two countries upgraded their relations, first established in 1980, as Colombian President Gustavo Petro met Xi Jinping.

‘$9.2 billion in credit’

The agreement came on the sidelines of a gathering in Beijing during which Xi also pledged $9.2 billion in credit.

(Reporting by Liz Lee and Ryan Woo; Additional reporting by Ellen Zhang; Editing by Bernadette Baum)
`;

describe('parseArticle: front matter articles', () => {
  const article = parseArticle('000_reuters.md', FRONT_MATTER_ARTICLE, 'abc123');

  it('reads title, source, date, url and authors from the front matter', () => {
    expect(article).toMatchObject({
      id: '000_reuters',
      file: '000_reuters.md',
      title: 'China upgrades diplomatic ties with close US ally Colombia',
      source: 'Reuters',
      date: '2023-10-25',
      url: 'https://example.com/china-colombia',
      authors: ['Liz Lee', 'Ryan Woo'],
      hash: 'abc123',
    });
  });

  it('numbers body paragraphs from 1, skipping the short heading and the trailing credits', () => {
    expect(article.paragraphs.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(article.paragraphs[1].text).toMatch(/^The two countries upgraded/);
    expect(article.paragraphs[2].text).toMatch(/^The agreement came on the sidelines/);
    expect(article.paragraphs.some((p) => p.text.includes('‘$9.2 billion in credit’'))).toBe(false);
    expect(article.paragraphs.some((p) => /Reporting by|Editing by/.test(p.text))).toBe(false);
  });

  it('strips the "BEIJING (Reuters) -" dateline from paragraph 1', () => {
    expect(article.paragraphs[0].text).toBe(
      'China elevated diplomatic relations with Colombia to a strategic partnership on Wednesday, deepening a push with one of the oldest U.S. allies.',
    );
  });

  it('takes the source from the dateline when the front matter has none', () => {
    const a = parseArticle('a.md', FRONT_MATTER_ARTICLE.replace('source: "Reuters"\n', ''));
    expect(a.source).toBe('Reuters');
    expect(a.paragraphs[0].text).toMatch(/^China elevated/);
  });

  it('keeps the front matter source over the dateline agency', () => {
    const a = parseArticle('a.md', FRONT_MATTER_ARTICLE.replace('source: "Reuters"', 'source: "TRT World"'));
    expect(a.source).toBe('TRT World');
    expect(a.paragraphs[0].text).toMatch(/^China elevated/);
  });

  it('strips other dateline styles: "WIMBLEDON, England (AP) —"', () => {
    const a = parseArticle(
      'ap.md',
      '---\ntitle: "Final"\ndate: 2024-07-14\n---\n\nWIMBLEDON, England (AP) — The match began at noon.\n\nIt ended late.\n',
    );
    expect(a.source).toBe('AP');
    expect(a.paragraphs.map((p) => p.text)).toEqual(['The match began at noon.', 'It ended late.']);
  });

  it('takes the source from a dateline alone on its line, with or without its dash, in the header or the body', () => {
    const body = 'Ships began crossing the canal again on Monday after rains refilled the lakes.';
    for (const text of [
      `Canal traffic resumes\nPANAMA CITY (Isthmus Post) -\n\n${body}\n`,
      `Canal traffic resumes\n\nPANAMA CITY (Isthmus Post)\n\n${body}\n`,
      `Canal traffic resumes\n\nPANAMA CITY (Isthmus Post) -\n\n${body}\n`,
      `---\ntitle: "Canal traffic resumes"\n---\n\nPANAMA CITY (Isthmus Post) -\n${body}\n`,
    ]) {
      const a = parseArticle('canal.md', text);
      expect(a.source, JSON.stringify(text)).toBe('Isthmus Post');
      expect(a.standfirst, JSON.stringify(text)).toBeUndefined();
      expect(
        a.paragraphs.map((p) => p.text),
        JSON.stringify(text),
      ).toEqual([body]);
    }
  });

  it('joins a paragraph written over several lines with single spaces', () => {
    const a = parseArticle('wrap.md', '---\ntitle: "T"\ndate: 2024-01-02\n---\n\nThe first line\nof one paragraph.\n\nAnother one.\n');
    expect(a.paragraphs.map((p) => p.text)).toEqual(['The first line of one paragraph.', 'Another one.']);
  });

  it('splits an authors string from the front matter into names', () => {
    const a = parseArticle('by.md', '---\ntitle: "T"\ndate: 2024-01-02\nauthors: "By Ana Diaz, Bo Li and Cy Wu"\n---\n\nBody text here.\n');
    expect(a.authors).toEqual(['Ana Diaz', 'Bo Li', 'Cy Wu']);
  });

  it('gives each paragraph sentence spans that slice its text', () => {
    for (const p of article.paragraphs) {
      expect(p.sentences.length).toBeGreaterThan(0);
      for (const s of p.sentences) expect(p.text.slice(s.start, s.end).trim()).toBe(p.text.slice(s.start, s.end));
    }
  });

  it('throws CorpusFileError for front matter without a title', () => {
    expect(() => parseArticle('t.md', '---\nsource: "X"\n---\n\nBody text here.\n')).toThrow(CorpusFileError);
    expect(() => parseArticle('t.md', '---\nsource: "X"\n---\n\nBody text here.\n')).toThrow(/title/);
  });

  it('throws CorpusFileError when there is no body', () => {
    expect(() => parseArticle('t.md', '---\ntitle: "X"\n---\n\n')).toThrow(/no body paragraphs/);
  });
});

describe('parseArticle / inferRawLayout: raw news files without front matter', () => {
  const RAW_REUTERS = [
    'China upgrades diplomatic ties with close US ally Colombia',
    '',
    'By Liz Lee and Ryan Woo',
    '',
    'BEIJING (Reuters) -China elevated diplomatic relations with Colombia to a strategic partnership on Wednesday.',
    '',
    'The two countries upgraded their relations, first established in 1980.',
    '',
    '(Reporting by Liz Lee and Ryan Woo; Editing by Bernadette Baum)',
    '',
  ].join('\n');

  it('title line, byline and dateline: title, authors, source; no date gives a warning but still parses', () => {
    const warnings: string[] = [];
    const a = parseArticle('raw.txt', RAW_REUTERS, '', (m) => warnings.push(m));
    expect(a.title).toBe('China upgrades diplomatic ties with close US ally Colombia');
    expect(a.authors).toEqual(['Liz Lee', 'Ryan Woo']);
    expect(a.source).toBe('Reuters');
    expect(a.date).toBeUndefined();
    expect(a.paragraphs.map((p) => [p.number, p.text])).toEqual([
      [1, 'China elevated diplomatic relations with Colombia to a strategic partnership on Wednesday.'],
      [2, 'The two countries upgraded their relations, first established in 1980.'],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no publication date/);
    expect(warnings[0]).toContain('date: YYYY-MM-DD');
  });

  const RAW_TRT = [
    'date 2025-05-14 BIZTECH',
    'China and Colombia deepen ties with Belt and Road pact',
    'China pledges $9.2 billion in credit as Colombia enters the Belt and Road Initiative, reshaping regional dynamics in Latin America.',
    'Beijing pledged to import more high-quality Colombian products. / AP',
    'May 14, 2025',
    '',
    'China and Colombia have signed a joint cooperation plan on the Belt and Road Initiative, state media said on Wednesday after their leaders met in Beijing.',
    '',
    '‘$9.2 billion in credit’',
    '',
    'Colombia\'s foreign ministry on Wednesday hailed a "historic" deal with China.',
    '',
  ].join('\n');

  it('header block with date line, title, standfirst, photo caption and date: each read for what it is', () => {
    const warnings: string[] = [];
    const a = parseArticle('raw2.txt', RAW_TRT, '', (m) => warnings.push(m));
    expect(a.date).toBe('2025-05-14');
    expect(a.title).toBe('China and Colombia deepen ties with Belt and Road pact');
    expect(a.standfirst).toBe(
      'China pledges $9.2 billion in credit as Colombia enters the Belt and Road Initiative, reshaping regional dynamics in Latin America.',
    );
    expect(a.paragraphs.map((p) => p.text)).toEqual([
      'China and Colombia have signed a joint cooperation plan on the Belt and Road Initiative, state media said on Wednesday after their leaders met in Beijing.',
      'Colombia\'s foreign ministry on Wednesday hailed a "historic" deal with China.',
    ]);
    expect(a.paragraphs.some((p) => p.text.includes('/ AP'))).toBe(false);
    expect(a.standfirst).not.toContain('/ AP');
    expect(warnings).toEqual([]);
  });

  it('inferRawLayout separates the header from the body', () => {
    const { meta, body } = inferRawLayout(RAW_TRT);
    expect(meta).toMatchObject({ title: 'China and Colombia deepen ties with Belt and Road pact', date: '2025-05-14', authors: [] });
    expect(body.startsWith('China and Colombia have signed')).toBe(true);
    expect(body).not.toContain('BIZTECH');
  });

  it('a "May 14, 2025" line alone under the title is the date', () => {
    const warnings: string[] = [];
    const a = parseArticle(
      'raw3.txt',
      'Colombia joins the Belt and Road\nMay 14, 2025\n\nColombia signed the plan on Wednesday.\n',
      '',
      (m) => warnings.push(m),
    );
    expect(a).toMatchObject({ title: 'Colombia joins the Belt and Road', date: '2025-05-14' });
    expect(a.paragraphs.map((p) => p.text)).toEqual(['Colombia signed the plan on Wednesday.']);
    expect(warnings).toEqual([]);
  });

  it('an impossible "February 30, 2025" line is not taken as a date', () => {
    const a = parseArticle('raw4.txt', 'Title here\nFebruary 30, 2025\n\nBody text here.\n');
    expect(a.date).toBeUndefined();
  });
});

describe('loadCorpus', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof loadCorpus>>;
  const isRoot = process.getuid?.() === 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corpus-test-'));
    const put = (file: string, content: string | Buffer) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    };
    put('good.md', FRONT_MATTER_ARTICLE);
    put(
      'crlf.md',
      '\uFEFF---\r\ntitle: "Windows file"\r\ndate: 2024-03-01\r\n---\r\n\r\nFirst paragraph here.\r\n\r\nSecond paragraph here.\r\n',
    );
    put('sub/nested.txt', 'Nested headline\nMay 14, 2025\n\nA nested article body.\n');
    put('empty.md', '');
    put('binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    put('latin1.txt', Buffer.from('Caf\xe9 headline\n\nUn caf\xe9 noir.\n', 'latin1'));
    put('huge.md', Buffer.alloc(MAX_FILE_BYTES + 1, 'a'));
    put('bad-date.md', '---\ntitle: "Bad date"\ndate: 2025-13-45\n---\n\nBody text here.\n');
    put('list-title.md', '---\ntitle:\n  - one\n  - two\n---\n\nBody text here.\n');
    put('bad-yaml.md', '---\ntitle: [unclosed\n---\n\nBody text here.\n');
    put('scan.pdf', '%PDF-1.4 not an article');
    put('README.md', '# About this corpus\n');
    put('.draft.md', '');
    if (!isRoot) {
      put('locked.md', FRONT_MATTER_ARTICLE);
      chmodSync(path.join(dir, 'locked.md'), 0o000);
    }
    result = await loadCorpus(dir);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const problem = (file: string) => result.problems.find((p) => p.file === file)?.message;

  it('indexes the good files, in path order, with ids relative to the corpus directory', () => {
    expect(result.articles.map((a) => a.id)).toEqual(['crlf', 'good', 'sub/nested']);
    const good = result.articles.find((a) => a.id === 'good')!;
    expect(good).toMatchObject({
      title: 'China upgrades diplomatic ties with close US ally Colombia',
      source: 'Reuters',
      date: '2023-10-25',
    });
    expect(good.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a file with a BOM and Windows line endings', () => {
    const crlf = result.articles.find((a) => a.id === 'crlf')!;
    expect(crlf).toMatchObject({ title: 'Windows file', date: '2024-03-01' });
    expect(crlf.paragraphs.map((p) => p.text)).toEqual(['First paragraph here.', 'Second paragraph here.']);
  });

  it('reports each bad file by name, and nothing else', () => {
    const expected = ['bad-date.md', 'bad-yaml.md', 'binary.md', 'empty.md', 'huge.md', 'latin1.txt', 'list-title.md', 'scan.pdf'];
    if (!isRoot) expected.push('locked.md');
    expect(result.problems.map((p) => p.file).sort()).toEqual(expected.sort());
  });

  it('names the exact problem of each bad file', () => {
    expect(problem('empty.md')).toMatch(/empty/);
    expect(problem('binary.md')).toMatch(/binary/);
    expect(problem('binary.md')).toMatch(/UTF-8/);
    expect(problem('latin1.txt')).toMatch(/not valid UTF-8/);
    expect(problem('huge.md')).toContain('5 MB');
    expect(problem('bad-date.md')).toContain('date');
    expect(problem('bad-date.md')).toContain('2025-13-45');
    expect(problem('list-title.md')).toContain('title');
    expect(problem('list-title.md')).toContain('list');
    expect(problem('bad-yaml.md')).toMatch(/front matter is not valid YAML/);
    expect(problem('scan.pdf')).toMatch(/not an article file \(\.pdf\)/);
  });

  // Root reads a file whatever its mode, so as root (here and in CI) the case runs the reindex CLI as the
  // unprivileged user nobody on a corpus it can read all of but the locked file. That starts Node with tsx:
  // seconds normally, far more on a loaded machine.
  it('reports an unreadable file with the reason', { timeout: isRoot ? 180_000 : undefined }, async (ctx) => {
    if (!isRoot) {
      expect(problem('locked.md')).toMatch(/EACCES/);
      return;
    }
    const NOBODY = 65534;
    // The unprivileged process must reach the project (tsx, the sources): in a checkout under a private
    // directory (mktemp's are 0700) it cannot, and the test would fail for a reason that is not the corpus's.
    const closed = ancestors(ROOT).find((d) => (statSync(d).mode & 0o001) === 0);
    if (closed) {
      const reason = `cannot test an unreadable file as root: uid ${NOBODY} cannot enter ${closed}, so it cannot run the CLI`;
      console.warn(`skipped: ${reason}`);
      return ctx.skip(reason);
    }
    const locked = mkdtempSync(path.join(tmpdir(), 'corpus-locked-'));
    try {
      chmodSync(locked, 0o755);
      for (const file of ['good.md', 'locked.md']) writeFileSync(path.join(locked, file), FRONT_MATTER_ARTICLE);
      chmodSync(path.join(locked, 'good.md'), 0o644);
      chmodSync(path.join(locked, 'locked.md'), 0o000);
      let run: Run;
      try {
        run = await runScript('src/cli/reindex.ts', ['--json', '--corpus', locked], { uid: NOBODY, gid: NOBODY });
      } catch (err) {
        // E.g. a container without the capability to change user: say so rather than pass or skip silently.
        const reason = `cannot start a process as uid ${NOBODY} to test an unreadable file as root: ${(err as Error).message}`;
        console.warn(`skipped: ${reason}`);
        return ctx.skip(reason);
      }
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.problems).toEqual([{ file: 'locked.md', message: expect.stringMatching(/EACCES/) }]);
      expect(report.articles).toBe(1);
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  });

  it('skips README and hidden files silently', () => {
    expect(result.problems.some((p) => /readme|draft/i.test(p.file))).toBe(false);
    expect(result.articles.some((a) => /readme|draft/i.test(a.id))).toBe(false);
  });

  it('gives no warnings when every good file is dated', () => {
    expect(result.warnings).toEqual([]);
  });

  it('throws CorpusDirectoryError naming a missing directory', async () => {
    const missing = path.join(dir, 'does-not-exist');
    await expect(loadCorpus(missing)).rejects.toThrow(CorpusDirectoryError);
    await expect(loadCorpus(missing)).rejects.toThrow(`corpus directory ${missing} does not exist`);
  });

  it('throws CorpusDirectoryError when the path is a file', async () => {
    await expect(loadCorpus(path.join(dir, 'good.md'))).rejects.toThrow(CorpusDirectoryError);
    await expect(loadCorpus(path.join(dir, 'good.md'))).rejects.toThrow(/not a directory/);
  });
});

describe('loadCorpus on the shipped corpus', () => {
  it('every sentence is an exact slice of the article file, so quotes are verbatim', async () => {
    const { articles, problems } = await loadCorpus(SEED_CORPUS);
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(2);
    for (const a of articles) {
      const raw = readFileSync(path.join(SEED_CORPUS, a.file), 'utf8');
      for (const p of a.paragraphs) {
        for (const s of p.sentences) expect(raw).toContain(p.text.slice(s.start, s.end));
      }
    }
  });
});

describe('parseArticle: a paragraph too long to serve as one', () => {
  const sentence = 'Another sentence pads the one long line of this file.';
  const body = `${sentence} `.repeat(2000).trim();
  const warnings: string[] = [];
  const article = parseArticle(
    'long.md',
    `---\ntitle: "Long"\ndate: 2024-03-05\n---\n\nA first paragraph.\n\n${body}\n\nThe last paragraph.\n`,
    '',
    (m) => warnings.push(m),
  );

  it('is indexed as consecutive paragraphs of whole sentences, each within the limit, numbered on', () => {
    const cut = article.paragraphs.slice(1, -1);
    expect(cut.length).toBe(Math.ceil(body.length / MAX_PARAGRAPH_CHARS));
    for (const p of cut) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
      expect(p.sentences.map((s) => p.text.slice(s.start, s.end)).every((t) => t === sentence)).toBe(true);
    }
    expect(cut.flatMap((p) => p.sentences)).toHaveLength(2000);
    expect(cut.map((p) => p.text).join(' ')).toBe(body);
    expect(article.paragraphs.map((p) => p.number)).toEqual(article.paragraphs.map((_, i) => i + 1));
    expect(article.paragraphs.at(-1)!.text).toBe('The last paragraph.');
  });

  it('says so in a warning that names the paragraph and the fix', () => {
    expect(warnings).toEqual([
      `paragraph 2 is ${body.length.toLocaleString('en')} characters long (2000 sentences): it is indexed as paragraphs 2–${article.paragraphs.length - 1}, each at most 32,000 characters. Separate its paragraphs with blank lines`,
    ]);
  });

  it('cuts a sentence longer than the limit at white space, losing no word', () => {
    const words = Array.from({ length: 12_000 }, (_, i) => `w${i}`).join(' ');
    const a = parseArticle('words.md', `---\ntitle: "Words"\ndate: 2024-03-05\n---\n\n${words}\n`, '', () => {});
    expect(a.paragraphs.length).toBeGreaterThan(1);
    expect(a.paragraphs.every((p) => p.text.length <= MAX_PARAGRAPH_CHARS)).toBe(true);
    expect(a.paragraphs.map((p) => p.text).join(' ')).toBe(words);
  });
});

describe('parseArticle: shapes that were quadratic', () => {
  it('joins lines around a 1 MB run of spaces at once, and keeps the text', () => {
    const a = parseArticle(
      'spaces.md',
      `---\ntitle: "Spaces"\ndate: 2024-03-05\n---\n\nStart.${' '.repeat(1_000_000)}\nEnd.\n`,
      '',
      () => {},
    );
    expect(a.paragraphs[0].text.startsWith('Start.')).toBe(true);
    expect(a.paragraphs.at(-1)!.text.endsWith('End.')).toBe(true);
  }, 60_000);

  it('refuses front matter over 64 KB before parsing it, naming its size', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join('\n');
    expect(() => parseArticle('keys.md', `---\ntitle: "Keys"\n${keys}\n---\n\nBody text here.\n`)).toThrow(
      /^front matter is [\d,]+ characters long; the limit is 65,536/,
    );
  });
});

/** `dir` and every directory above it. */
function ancestors(dir: string): string[] {
  const out = [dir];
  while (path.dirname(out.at(-1)!) !== out.at(-1)) out.push(path.dirname(out.at(-1)!));
  return out;
}
