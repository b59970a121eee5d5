/**
 * A corpus directory: which files it holds (links followed, clashes reported), their content hashes for the
 * snapshot, and reading them into articles. Parsing one article is article.ts's job.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { articleIdOf, assertArticleSize, hashOf, CorpusDirectoryError, CorpusFileError, decodeArticleBytes, parseArticle, MAX_FILE_BYTES, ARTICLE_EXTENSIONS, type Article, type CorpusProblem, type CorpusWarning, type LoadedCorpus } from './article.js';

/** The corpus directory when none is configured (CORPUS_DIR, --corpus). */
export const DEFAULT_CORPUS_DIR = './corpus';

/** What a corpus directory holds, before any file is read. */
export interface CorpusListing {
  /** Files to read, relative to the directory, sorted: regular files and links to them, hidden ones excluded. */
  files: string[];
  /** Entries that are not read: broken links, links to directories, id clashes. Worked out anew at every listing. */
  problems: CorpusProblem[];
}

/** Is this file read as an article (rather than reported as another kind of file, or ignored as a README)? */
export function isArticleFile(file: string): boolean {
  return ARTICLE_EXTENSIONS.includes(path.extname(file).toLowerCase()) && !isIgnoredFile(file);
}

function isIgnoredFile(file: string): boolean {
  return /^(readme|license|licence)(\.|$)/i.test(path.basename(file));
}

/** The folder of CORPUS_DIR that holds the articles each Discord server's moderators added: `servers/<server id>/`. */
export const SERVER_FOLDER = 'servers';

/** Which articles a listing is of: the operator's, which every server sees, or one server's own. */
export type CorpusScope = typeof SHARED | { server: string };
export const SHARED = 'shared' as const;

/** The server that owns the file at `file` (relative to CORPUS_DIR): the id of its `servers/<id>/` folder. */
export function ownerOfFile(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  return parts.length > 2 && parts[0] === SERVER_FOLDER && /^\d{17,20}$/.test(parts[1]) ? parts[1] : undefined;
}

/** Where a server's own articles live, relative to CORPUS_DIR; '' for the operator's. */
export function serverDirectory(server: string | undefined): string {
  return server === undefined ? '' : path.join(SERVER_FOLDER, server);
}

/**
 * The files of a corpus directory. Symbolic links to files are followed, wherever the file is (operators link
 * articles kept elsewhere); a link that points nowhere, to itself, or to a directory is reported, as is the
 * second of two files that would share an article id (`x.md` and `x.txt`: the first in path order keeps it).
 */
export async function listCorpusFiles(dir: string, scope: CorpusScope = SHARED): Promise<CorpusListing> {
  let entries: Dirent[];
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) throw new CorpusDirectoryError(`corpus path ${dir} is not a directory`);
    // A server's own articles are read from its folder alone (none yet: no folder, no articles).
    const root = scope === SHARED ? dir : path.join(dir, serverDirectory(scope.server));
    entries =
      scope === SHARED || (await stat(root).then((s) => s.isDirectory(), () => false))
        ? await readdir(root, { recursive: true, withFileTypes: true })
        : [];
  } catch (err) {
    if (err instanceof CorpusDirectoryError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`;
    // How to fix it depends on where it is read from (--corpus, CORPUS_DIR): the caller says.
    throw new CorpusDirectoryError(`corpus directory ${dir} ${why}`);
  }
  const files: string[] = [];
  const problems: CorpusProblem[] = [];
  const relative = (e: Dirent) => path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  await Promise.all(entries.map(async (e) => {
    if (e.isDirectory()) return;
    const file = relative(e);
    if (file.split(path.sep).some((part) => part.startsWith('.'))) return;
    if (ownerOfFile(file) !== (scope === SHARED ? undefined : scope.server)) return;
    if (e.isFile()) {
      files.push(file);
    } else if (e.isSymbolicLink()) {
      const problem = await linkProblem(path.join(dir, file));
      if (problem) problems.push({ file, message: problem });
      else files.push(file);
    } else {
      problems.push({ file, message: 'not a regular file (a pipe, socket or device); articles are text files' });
    }
  }));
  files.sort();
  const owners = new Map<string, string>();
  const kept = files.filter((file) => {
    if (!isArticleFile(file)) return true;
    const id = articleIdOf(file);
    const owner = owners.get(id);
    if (owner === undefined) {
      owners.set(id, file);
      return true;
    }
    problems.push({ file, message: `has the same article id "${id}" as ${owner} (ids are file names without the extension); rename one of them` });
    return false;
  });
  return { files: kept, problems: sortProblems(problems) };
}

/** Why a symbolic link cannot be read as an article, or undefined when it leads to a file. */
async function linkProblem(link: string): Promise<string | undefined> {
  const target = await readlink(link).catch(() => '?');
  try {
    const st = await stat(link);
    if (st.isFile()) return undefined;
    if (st.isDirectory()) return `a link to the directory ${target}; only links to files are followed: link its articles one by one, or move them into the corpus`;
    return `a link to ${target}, which is not a regular file`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `a broken link: ${target} does not exist; fix or delete the link`;
    if (code === 'ELOOP') return `a link loop (${target} leads back to itself); delete the link or point it at a file`;
    return `a link to ${target} that cannot be followed (${code ?? (err as Error).message})`;
  }
}

export function sortProblems<T extends { file: string }>(problems: T[]): T[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

const FINGERPRINT_READERS = 16;
/** Files read ahead of the one being parsed. */
const READ_AHEAD = 8;

/**
 * A content hash per corpus file: two equal fingerprints mean the same corpus. Oversized files are not read;
 * their size and modification time stand in for the content.
 */
export async function fingerprintCorpus(dir: string, files: readonly string[]): Promise<Record<string, string>> {
  const hashes = new Array<string>(files.length);
  // A few reads in flight at once: hashing thousands of small files one by one mostly waits on the disk.
  let next = 0;
  const reader = async () => {
    while (next < files.length) {
      const i = next++;
      const full = path.join(dir, files[i]);
      try {
        const st = await stat(full);
        hashes[i] = st.size > MAX_FILE_BYTES ? `size:${st.size}:${st.mtimeMs}` : hashOf(await readFile(full));
      } catch (err) {
        hashes[i] = `unreadable:${(err as NodeJS.ErrnoException).code}`;
      }
    }
  };
  await Promise.all(Array.from({ length: FINGERPRINT_READERS }, reader));
  return Object.fromEntries(files.map((f, i) => [f, hashes[i]]));
}

export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const listing = await listCorpusFiles(dir);
  const loaded = await loadCorpusFiles(dir, listing.files);
  return { ...loaded, problems: sortProblems([...listing.problems, ...loaded.problems]) };
}

/** Read and parse some of a corpus directory's files (as listed by `listCorpusFiles`), in the order given. */
export async function loadCorpusFiles(dir: string, entries: readonly string[]): Promise<LoadedCorpus> {
  const articles: Article[] = [];
  const problems: CorpusProblem[] = [];
  const warnings: CorpusWarning[] = [];
  const isArticle = isArticleFile;
  // Reads run a few files ahead of parsing, so the disk and the parser work at the same time.
  const reads = new Map<number, Promise<Buffer>>();
  const startRead = (i: number) => {
    if (i >= entries.length || reads.has(i) || !isArticle(entries[i])) return;
    const full = path.join(dir, entries[i]);
    const read = stat(full).then((st) => {
      assertArticleSize(st.size); // before reading, so a huge file is never loaded
      return readFile(full);
    });
    read.catch(() => {}); // handled when its turn comes
    reads.set(i, read);
  };
  for (let i = 0; i < READ_AHEAD; i++) startRead(i);
  for (let i = 0; i < entries.length; i++) {
    const file = entries[i];
    startRead(i + READ_AHEAD);
    const ext = path.extname(file).toLowerCase();
    if (!ARTICLE_EXTENSIONS.includes(ext)) {
      if (!isIgnoredFile(file)) {
        problems.push({ file, message: `not an article file (${ext || 'no extension'}); articles end in ${ARTICLE_EXTENSIONS.join(', ')}` });
      }
      continue;
    }
    if (!isArticle(file)) continue;
    try {
      startRead(i);
      const bytes = await reads.get(i)!;
      reads.delete(i);
      const text = decodeArticleBytes(bytes);
      articles.push(parseArticle(file, text, hashOf(bytes), (message) => warnings.push({ file, message })));
    } catch (err) {
      reads.delete(i);
      if (err instanceof CorpusFileError) problems.push({ file, message: err.message });
      else problems.push({ file, message: `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
  }
  return { articles, problems, warnings };
}
