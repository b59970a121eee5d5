/**
 * What crosses between the main thread and the build's worker threads. Both sides import these types, so a
 * message or a worker renamed on one side fails the type check on the other, not at run time.
 *
 * Every worker answers once, with `done` (its result, arrays transferred) or `error`; before that it may post
 * any number of `update`s. The runner (worker-runner.ts) terminates the worker once it has answered.
 */
import type { CorpusProblem, CorpusWarning } from '../../corpus/article.js';
import type { IndexSnapshot, IndexStats } from '../news-index.js';

export interface BuildReport extends IndexStats {
  /** Wall time to read, parse and index (or to load the snapshot), in milliseconds. */
  ms: number;
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
  /** Where the index came from: the snapshot as saved, read in full, or the snapshot plus the changed files. */
  source: 'built' | 'snapshot' | 'incremental';
  /** Files read and parsed in this build (all of them unless incremental or from the snapshot). */
  filesRead: number;
  /** Whether this build saved the snapshot file: never for an unchanged corpus (read from it) or an empty index. */
  savedSnapshot: boolean;
}

/** The build report without the index's counts, which the receiving thread reads off the index. */
export type SnapshotReport = Omit<BuildReport, keyof IndexStats>;

export interface BuildOptions {
  /** Snapshot file to start from when the corpus is unchanged (or to update incrementally), and to save to. */
  snapshot?: string;
  /** Worker threads indexing files in parallel (default: the machine's cores, at most 4); 1 indexes in this thread. */
  threads?: number;
  /** Fewest files worth a worker thread of their own (default 500): smaller batches are indexed in this thread. */
  minFilesPerThread?: number;
  /** Told what the build is doing, for progress messages. */
  onProgress?: ProgressListener;
}

export type ProgressListener = (stage: string) => void;

/** Index parts built from a share of the corpus files, with what was wrong with some of them. */
export interface BuiltFiles {
  parts: IndexSnapshot[];
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
}

/** A message from a worker: `U` its updates, `R` its result. */
export type WorkerMessage<U, R> =
  { type: 'update'; update: U } | { type: 'done'; result: R } | { type: 'error'; name: string; message: string };

/**
 * A worker thread's module (a sibling of this file, by base name) and the types of what it is given (`I`),
 * what it reports on the way (`U`) and what it answers (`R`). The types exist only to tie both sides together.
 */
export interface WorkerSpec<I, U, R> {
  module: string;
  /** Never set: carries the type parameters. */
  readonly types?: { input: I; update: U; result: R };
}

/** Rebuilds a whole corpus for /reindex, off the main thread. */
export const REINDEX_WORKER: WorkerSpec<
  { corpusDir: string; snapshot?: string; threads?: number },
  { stage: string },
  { snapshot: IndexSnapshot; report: SnapshotReport }
> = { module: 'reindex-worker' };

/** Reads and indexes one share of the corpus files (a build with several threads runs one per share). */
export const PART_WORKER: WorkerSpec<{ dir: string; files: string[] }, { filesLoaded: number }, BuiltFiles> = { module: 'part-worker' };

/** Every worker, so a test can start each one. */
export const WORKERS = [REINDEX_WORKER, PART_WORKER] as const;
