/**
 * One way in for an article, from Discord (`/article add`) or the terminal (`npm run add`): a file (Markdown,
 * text, or a saved HTML page) or a web address, checked and written into the corpus as a file the index reads
 * like any other. What was added, or the precise reason it was not; the corpus is never left with a partial file.
 */
import path from 'node:path';
import { articleFileName, articleMarkdown, saveArticleFile, type SavedArticle } from './article-file.js';
import { serverDirectory } from './directory.js';
import { ARTICLE_EXTENSIONS, CorpusFileError, decodeArticleBytes, parseArticle } from './article.js';
import { extractArticle } from './extract-article.js';
import { fetchPage, FetchRefused, type FetchPolicy } from './fetch-page.js';

/** Files an article can be added from: the corpus's own kinds, and a saved web page. */
export const ADDABLE_EXTENSIONS = [...ARTICLE_EXTENSIONS, '.html', '.htm'];

export type ArticleSource = { url: string } | { file: string; bytes: Buffer };

export interface AddOptions {
  corpusDir: string;
  /** The server whose moderators add it (their own articles); undefined: the operator's, shared by every server. */
  server?: string;
  fetch?: Partial<FetchPolicy>;
}

export interface AddedArticle extends SavedArticle {
  /** The page or file it came from. */
  from: string;
}

/** Add an article; FetchRefused, NoArticleError or CorpusFileError (each with a message a moderator can act on). */
export async function addArticle(source: ArticleSource, options: AddOptions): Promise<AddedArticle> {
  const subdir = serverDirectory(options.server);
  if ('url' in source) {
    const page = await fetchPage(source.url, { ...options.fetch, accept: ['html', 'text'] });
    const text = decodeArticleBytes(page.body);
    if (page.kind === 'html') return { ...(await savePage(options.corpusDir, subdir, text, page.url)), from: source.url };
    // Plain text or Markdown served as text: an article file by another road.
    const name = path.basename(new URL(page.url).pathname) || 'article.txt';
    return { ...(await saveFile(options.corpusDir, subdir, ARTICLE_EXTENSIONS.includes(path.extname(name)) ? name : `${name}.txt`, text)), from: source.url };
  }
  const extension = path.extname(source.file).toLowerCase();
  if (!ADDABLE_EXTENSIONS.includes(extension))
    throw new CorpusFileError(
      `${path.basename(source.file)} is not an article file: add a ${ADDABLE_EXTENSIONS.join(', ')} file, or a link to the page`,
    );
  const text = decodeArticleBytes(source.bytes);
  const saved = extension === '.html' || extension === '.htm' ? await savePage(options.corpusDir, subdir, text) : await saveFile(options.corpusDir, subdir, source.file, text);
  return { ...saved, from: source.file };
}

function savePage(corpusDir: string, subdir: string, html: string, pageUrl?: string): Promise<SavedArticle> {
  const extracted = extractArticle(html, pageUrl);
  return saveArticleFile(corpusDir, subdir, articleFileName(extracted.title, extracted.url ?? extracted.title), articleMarkdown(extracted));
}

function saveFile(corpusDir: string, subdir: string, file: string, text: string): Promise<SavedArticle> {
  // Named like a fetched page, from its own front matter: adding a new version of it replaces the old.
  const article = parseArticle(file, text);
  const extension = path.extname(file).toLowerCase();
  return saveArticleFile(corpusDir, subdir, articleFileName(article.title, article.url ?? article.title, extension), text);
}

export { FetchRefused };
