/**
 * The serving index and its replacement. The old index keeps answering while a new one is built, and stays if
 * the rebuild fails; a second rebuild while one runs is refused, not queued.
 */
import { buildIndex, type BuildOptions, type BuildReport } from './engine.js';
import { buildInWorker } from './build-in-worker.js';
import { NewsIndex } from './search-index.js';

export interface ReindexResult {
  report: BuildReport;
  /** Article ids added, removed and changed since the previous index. */
  added: string[];
  removed: string[];
  changed: string[];
}

/** A rebuild is already running. */
export class ReindexBusyError extends Error {
  constructor() {
    super('a reindex is already running; wait for it to finish');
    this.name = 'ReindexBusyError';
  }
}

/** The rebuild failed; the previous index is still serving. */
export class ReindexFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReindexFailedError';
  }
}

export type ProgressListener = (stage: string) => void;

export class IndexService {
  private current: { index: NewsIndex; report: BuildReport };
  private running: Promise<ReindexResult> | undefined;

  private constructor(readonly corpusDir: string, private readonly options: BuildOptions, first: { index: NewsIndex; report: BuildReport }) {
    this.current = first;
  }

  /** Serve `corpusDir`; with `options.snapshot`, start from the saved index when the corpus is unchanged. */
  static async open(corpusDir: string, options: BuildOptions = {}): Promise<IndexService> {
    return new IndexService(corpusDir, options, await buildIndex(corpusDir, options));
  }

  get index(): NewsIndex {
    return this.current.index;
  }

  get report(): BuildReport {
    return this.current.report;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Rebuild from the corpus directory and swap the new index in once it is complete. */
  reindex(onProgress: ProgressListener = () => {}): Promise<ReindexResult> {
    if (this.running) return Promise.reject(new ReindexBusyError());
    this.running = this.rebuild(onProgress).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async rebuild(onProgress: ProgressListener): Promise<ReindexResult> {
    let next: { index: NewsIndex; report: BuildReport };
    try {
      // Built in a worker thread: the current index keeps answering on this one meanwhile.
      const built = await buildInWorker(this.corpusDir, this.options, onProgress);
      next = { index: await NewsIndex.fromSnapshotAsync(built.snapshot), report: built.report };
    } catch (err) {
      throw new ReindexFailedError(`${(err as Error).message}; the previous index is still serving`);
    }
    if (next.report.articles === 0) {
      const why = next.report.problems.map((p) => `${p.file}: ${p.message}`).join('; ');
      throw new ReindexFailedError(`no usable articles in ${this.corpusDir}${why ? ` (${why})` : ''}; the previous index is still serving`);
    }
    const before = new Map(this.current.index.articles.map((a) => [a.id, a.hash]));
    const after = new Map(next.index.articles.map((a) => [a.id, a.hash]));
    const added = [...after.keys()].filter((id) => !before.has(id));
    const removed = [...before.keys()].filter((id) => !after.has(id));
    const changed = [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id));
    this.current = next;
    onProgress('done');
    return { report: next.report, added, removed, changed };
  }
}
