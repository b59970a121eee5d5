import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusDirectoryError, MAX_FILE_BYTES, parseArticle } from '../src/corpus/article.js';
import { loadCorpus } from '../src/corpus/directory.js';

const SEEDS = path.join(import.meta.dirname, '..', 'corpus');

describe('front-matter articles', () => {
  it('reads the seed corpus with metadata, body paragraphs counted from 1, dateline and credits removed', async () => {
    const { articles, problems, warnings } = await loadCorpus(SEEDS);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    const [reuters, trt] = articles;
    expect(reuters).toMatchObject({
      id: '000_1dd15791cc7c8380',
      title: 'China upgrades diplomatic ties with close US ally Colombia',
      source: 'Reuters',
      date: '2023-10-25',
      authors: ['Liz Lee', 'Ryan Woo'],
    });
    expect(reuters.paragraphs[0].text.startsWith('China elevated diplomatic relations')).toBe(true);
    expect(reuters.paragraphs).toHaveLength(19);
    expect(reuters.paragraphs.at(-1)!.text).toMatch(/^Argentina, Venezuela/);
    expect(trt).toMatchObject({ source: 'TRT World', date: '2025-05-14', url: 'https://www.trtworld.com/article/dd1e752e64e0' });
    // The subheading ‘$9.2 billion in credit’ is not a paragraph a reader would count.
    expect(trt.paragraphs.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(trt.paragraphs.some((p) => p.text.includes('‘$9.2 billion in credit’'))).toBe(false);
  });
});

describe('raw news files', () => {
  it('infers title, byline, dateline source and a missing date (warning)', () => {
    const warnings: string[] = [];
    const a = parseArticle(
      'raw.txt',
      'Big headline here\n\nBy Ana Diaz and Bo Li\n\nBOGOTA (Reuters) -The mayor said on Monday that the line opens.\n\nSecond paragraph, with more.',
      '',
      (w) => warnings.push(w),
    );
    expect(a).toMatchObject({ title: 'Big headline here', authors: ['Ana Diaz', 'Bo Li'], source: 'Reuters', date: undefined });
    expect(a.paragraphs[0].text).toBe('The mayor said on Monday that the line opens.');
    expect(warnings[0]).toMatch(/no publication date/);
  });

  it('reads a header block with a date line, standfirst, photo credit and a "May 14, 2025" line', () => {
    const a = parseArticle(
      'raw2.txt',
      'date 2025-05-14 BIZTECH\nThe title\nA standfirst sentence about it.\nA caption for the photo. / AP\nMay 14, 2025\n\nFirst body paragraph.\n\nSecond body paragraph.',
    );
    expect(a).toMatchObject({ title: 'The title', date: '2025-05-14', standfirst: 'A standfirst sentence about it.' });
    expect(a.paragraphs.map((p) => p.text)).toEqual(['First body paragraph.', 'Second body paragraph.']);
    expect(parseArticle('raw3.txt', 'Title\nMay 14, 2025\n\nBody text here.').date).toBe('2025-05-14');
  });
});

describe('bad files are reported by name and skipped', () => {
  it('loads the good file and names each problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corpus-'));
    writeFileSync(path.join(dir, 'good.md'), readFileSync(path.join(SEEDS, '002_db386d23d8a38732.md')));
    writeFileSync(path.join(dir, 'empty.md'), '');
    writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    writeFileSync(path.join(dir, 'huge.md'), Buffer.alloc(MAX_FILE_BYTES + 1, 'a'));
    writeFileSync(path.join(dir, 'bad-date.md'), '---\ntitle: "T"\ndate: 2025-13-45\n---\n\nText.\n');
    writeFileSync(path.join(dir, 'list-title.md'), '---\ntitle: [a, b]\n---\n\nText.\n');
    writeFileSync(path.join(dir, 'bad-yaml.md'), '---\ntitle: "unclosed\n  : : :\n---\n\nText.\n');
    writeFileSync(path.join(dir, 'scan.pdf'), '%PDF-1.4');
    const unreadable = path.join(dir, 'locked.md');
    writeFileSync(unreadable, '---\ntitle: "T"\n---\n\nText.\n');
    chmodSync(unreadable, 0o000);
    const { articles, problems } = await loadCorpus(dir);
    expect(articles.map((a) => a.id)).toEqual(process.getuid?.() === 0 ? ['good', 'locked'] : ['good']);
    const byFile = Object.fromEntries(problems.map((p) => [p.file, p.message]));
    expect(byFile['empty.md']).toMatch(/empty/);
    expect(byFile['binary.md']).toMatch(/binary/);
    expect(byFile['latin1.txt']).toMatch(/UTF-8/);
    expect(byFile['huge.md']).toMatch(/limit is 5 MB/);
    expect(byFile['bad-date.md']).toBe('bad front matter: date: not a real calendar date (got "2025-13-45")');
    expect(byFile['list-title.md']).toBe('bad front matter: title: expected string (got a list)');
    expect(byFile['bad-yaml.md']).toMatch(/front matter is not valid YAML/);
    expect(byFile['scan.pdf']).toMatch(/not an article file \(\.pdf\)/);
    if (process.getuid?.() !== 0) expect(byFile['locked.md']).toMatch(/EACCES/);
  });

  it('a missing corpus directory is a clear error', async () => {
    await expect(loadCorpus('/nonexistent/corpus')).rejects.toThrow(CorpusDirectoryError);
    await expect(loadCorpus('/nonexistent/corpus')).rejects.toThrow(/does not exist/);
  });
});
