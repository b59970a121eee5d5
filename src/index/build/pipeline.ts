/**
 * Loading a corpus directory into a ready index: the one entry point the CLI, the bot and the reindex worker
 * share. With a snapshot path, an unchanged corpus is served from the saved index; a changed one reuses the
 * saved index for every file whose content hash is unchanged and reads only the added and changed files
 * (incremental), then saves the result. Large batches of files are indexed in parallel worker threads.
 */
import { availableParallelism } from 'node:os';
import { type CorpusProblem, type CorpusWarning } from '../../corpus/article.js';
import { fingerprintCorpus, listCorpusFiles, loadCorpusFiles, sortProblems } from '../../corpus/directory.js';
import {
  PART_WORKER,
  REINDEX_WORKER,
  type BuildOptions,
  type BuildReport,
  type BuiltFiles,
  type ProgressListener,
  type SnapshotReport,
} from './protocol.js';
import { runWorker } from './worker-runner.js';
import { buildPart, isCurrentSnapshot, mergeParts, NewsIndex, type IndexSnapshot } from '../news-index.js';
import { readSnapshot, writeSnapshot, type SnapshotFile } from '../snapshot-file.js';

export const DEFAULT_MIN_FILES_PER_THREAD = 500;
const MAX_DEFAULT_THREADS = 4;

export async function buildIndex(corpusDir: string, options: BuildOptions = {}): Promise<{ index: NewsIndex; report: BuildReport }> {
  const result = await buildSnapshot(corpusDir, options);
  const index = NewsIndex.fromSnapshot(result.snapshot);
  return { index, report: { ...index.stats, ...result.report } };
}

/** As `buildIndex`, but stops at the plain data (for a worker thread to hand over). */
export async function buildSnapshot(
  corpusDir: string,
  options: BuildOptions = {},
): Promise<{ snapshot: IndexSnapshot; report: SnapshotReport }> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  // Broken links and id clashes are found by listing, every time: they are never part of the snapshot.
  const listing = await listCorpusFiles(corpusDir);
  const files = listing.files;
  // Content hashes only matter when there is a snapshot to compare with and save to.
  const fingerprint = options.snapshot ? await fingerprintCorpus(corpusDir, files) : undefined;
  const saved = options.snapshot ? await readUsableSnapshot(options.snapshot) : undefined;
  const withListed = (problems: CorpusProblem[]) => sortProblems([...listing.problems, ...problems]);

  // Files whose content is the same as when the snapshot was saved keep their part of the saved index.
  const unchanged = new Set(saved ? files.filter((f) => saved.fingerprint[f] === fingerprint![f]) : []);
  if (saved && unchanged.size === files.length && Object.keys(saved.fingerprint).length === files.length) {
    return {
      snapshot: saved.index,
      report: {
        ms: elapsed(started),
        problems: withListed(saved.problems),
        warnings: saved.warnings,
        source: 'snapshot',
        filesRead: 0,
        savedSnapshot: false,
      },
    };
  }
  const toRead = files.filter((f) => !unchanged.has(f));
  progress(saved ? `reading ${toRead.length} added or changed files of ${files.length}` : `reading and indexing ${files.length} files`);
  const built = await indexFiles(corpusDir, toRead, options, progress);

  const parts: { snapshot: IndexSnapshot; drop?: ReadonlySet<string> }[] = [];
  let problems: CorpusProblem[] = [];
  let warnings: CorpusWarning[] = [];
  if (saved) {
    const drop = new Set(saved.index.articles.filter((a) => !unchanged.has(a.file)).map((a) => a.id));
    parts.push({ snapshot: saved.index, drop });
    problems = saved.problems.filter((p) => unchanged.has(p.file));
    warnings = saved.warnings.filter((w) => unchanged.has(w.file));
  }
  parts.push(...built.parts.map((snapshot) => ({ snapshot })));
  // An empty corpus (or one whose files were all skipped) is an empty index, not an error.
  if (!parts.length) parts.push({ snapshot: buildPart([]) });
  problems.push(...built.problems);
  warnings.push(...built.warnings);
  progress('merging the index');
  const snapshot = mergeParts(parts);
  // An empty index is never saved: processes sharing the file (shards, HTTP replicas) would load it over theirs.
  const save = Boolean(options.snapshot && fingerprint && snapshot.articles.length);
  if (save) {
    progress('saving the snapshot');
    await writeSnapshot(options.snapshot!, { fingerprint: fingerprint!, problems, warnings, index: snapshot });
  }
  return {
    snapshot,
    report: {
      ms: elapsed(started),
      problems: withListed(problems),
      warnings: sortProblems(warnings),
      source: saved ? 'incremental' : 'built',
      filesRead: toRead.length,
      savedSnapshot: save,
    },
  };
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

/** The saved snapshot if it can be used (readable, and from this version of the code). */
async function readUsableSnapshot(file: string): Promise<SnapshotFile | undefined> {
  const saved = await readSnapshot(file);
  return saved && isCurrentSnapshot(saved.index) ? saved : undefined;
}

/** Read, parse and index `files`, in worker threads when there are enough of them. */
async function indexFiles(dir: string, files: string[], options: BuildOptions, progress: (stage: string) => void): Promise<BuiltFiles> {
  const threads = options.threads ?? Math.min(availableParallelism(), MAX_DEFAULT_THREADS);
  const shares = Math.max(1, Math.min(threads, Math.floor(files.length / (options.minFilesPerThread ?? DEFAULT_MIN_FILES_PER_THREAD))));
  if (shares === 1 || files.length === 0)
    return indexFileBatch(dir, files, (n) => progress(`indexing: ${n} of ${files.length} files read`));
  // Consecutive runs of files, so the merged index keeps the corpus order.
  const size = Math.ceil(files.length / shares);
  const batches = Array.from({ length: shares }, (_, i) => files.slice(i * size, (i + 1) * size)).filter((b) => b.length);
  let loaded = 0;
  const results = await Promise.all(
    batches.map((batch) =>
      indexInWorker(dir, batch, (n) => {
        loaded += n;
        progress(`indexing: ${loaded} of ${files.length} files read`);
      }),
    ),
  );
  return {
    parts: results.flatMap((r) => r.parts),
    problems: results.flatMap((r) => r.problems),
    warnings: results.flatMap((r) => r.warnings),
  };
}

/** Files read and indexed at a time: MiniSearch's live index for this many files stays around 100 MB. */
const FILES_PER_CHUNK = 1000;

/**
 * Read and index `files` a chunk at a time, freezing each chunk before the next, so memory holds one chunk's
 * live MiniSearch index rather than the whole batch's. The frozen chunks are merged once, with everything else.
 */
export async function indexFileBatch(
  dir: string,
  files: readonly string[],
  onLoaded: (filesSoFar: number) => void = () => {},
): Promise<BuiltFiles> {
  const parts: IndexSnapshot[] = [];
  const problems: CorpusProblem[] = [];
  const warnings: CorpusWarning[] = [];
  for (let i = 0; i < files.length; i += FILES_PER_CHUNK) {
    const chunk = files.slice(i, i + FILES_PER_CHUNK);
    const loaded = await loadCorpusFiles(dir, chunk);
    problems.push(...loaded.problems);
    warnings.push(...loaded.warnings);
    onLoaded(i + chunk.length);
    if (loaded.articles.length) parts.push(buildPart(loaded.articles));
  }
  return { parts, problems, warnings };
}

function indexInWorker(dir: string, files: string[], onLoaded: (files: number) => void): Promise<BuiltFiles> {
  let reported = 0;
  return runWorker(PART_WORKER, { dir, files }, ({ filesLoaded }) => {
    onLoaded(filesLoaded - reported);
    reported = filesLoaded;
  });
}

/** As `buildSnapshot`, in a worker thread: the calling thread stays free (the bot keeps answering). */
export function buildInWorker(
  corpusDir: string,
  options: BuildOptions,
  onProgress: ProgressListener,
): Promise<{ snapshot: IndexSnapshot; report: SnapshotReport }> {
  return runWorker(REINDEX_WORKER, { corpusDir, snapshot: options.snapshot, threads: options.threads }, ({ stage }) => onProgress(stage));
}
