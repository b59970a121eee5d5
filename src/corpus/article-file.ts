/**
 * Writing an article into the corpus, as `/article add` and `npm run add` do: Markdown with front matter under a
 * stable name (the title's words and a hash of the canonical address, so adding the same address again updates
 * that file instead of making a second), checked by the same parser that indexes it, and written whole or not at
 * all (a temporary dot-file the corpus loader skips, then a rename).
 */
import { createHash, randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { articleIdOf, assertArticleSize, decodeArticleBytes, parseArticle, type Article } from './article.js';
import { listCorpusFiles } from './directory.js';
import { makeDirectoriesAsync } from '../files.js';
import type { ExtractedArticle } from './extract-article.js';

/** Lower-case words of `title`, hyphen-joined, at most 60 characters, cut between words. */
export function slugOf(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const w of words) {
    if (slug && slug.length + 1 + w.length > 60) break;
    slug = slug ? `${slug}-${w}` : w.slice(0, 60);
  }
  return slug || 'article';
}

/** The file name of an article from `key` (its canonical address, or its title when it has none). */
export function articleFileName(title: string, key: string, extension = '.md'): string {
  return `${slugOf(title)}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}${extension}`;
}

/** An extracted page as the corpus's Markdown with front matter. */
export function articleMarkdown(a: ExtractedArticle): string {
  const front: Record<string, unknown> = { title: a.title, source: a.source };
  if (a.date) front.date = a.date;
  if (a.url) front.url = a.url;
  front.authors = a.authors;
  if (a.standfirst) front.standfirst = a.standfirst;
  if (a.fetchedFrom) front.fetched_from = a.fetchedFrom;
  // Quoted strings throughout: a title such as "Yes: no" or a date-like source stays a string.
  const yaml = toYaml(front, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
  return `---\n${yaml}---\n\n${a.paragraphs.join('\n\n')}\n`;
}

export interface SavedArticle {
  /** The file, relative to CORPUS_DIR. */
  file: string;
  /** True when a file of that name was there (the same address added again) and is now replaced. */
  updated: boolean;
  /** The article as the index will read it. */
  article: Article;
}

/**
 * Write `text` as `name` under `corpusDir`/`subdir`, after checking it parses as an article (CorpusFileError
 * otherwise, and nothing is written). Never leaves a partial file: a failure removes the temporary one.
 */
export async function saveArticleFile(corpusDir: string, subdir: string, name: string, text: string): Promise<SavedArticle> {
  const bytes = Buffer.from(text, 'utf8');
  assertArticleSize(bytes.length);
  const relative = path.join(subdir, name);
  // The same checks as at indexing: a file the index would skip is refused now, with the same reason.
  const article = parseArticle(relative, decodeArticleBytes(bytes));
  const dir = path.join(corpusDir, subdir);
  await makeDirectoriesAsync(dir);
  const target = path.join(dir, name);
  const updated = await stat(target).then(
    (s) => s.isFile(),
    () => false,
  );
  const temporary = path.join(dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  return { file: relative, updated, article };
}

/**
 * Delete a server's own article, named as its file without the extension; the file removed (relative to
 * CORPUS_DIR), or undefined when the server has no such article.
 */
export async function removeServerArticle(corpusDir: string, server: string, name: string): Promise<string | undefined> {
  const { files } = await listCorpusFiles(corpusDir, { server });
  const file = files.find((f) => articleIdOf(path.basename(f)) === name);
  if (!file) return undefined;
  await rm(path.join(corpusDir, file));
  return file;
}
