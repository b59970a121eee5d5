/**
 * The serving index and its replacement. The old index keeps answering while a new one is built, and stays if
 * the rebuild fails; a second rebuild while one runs is refused, not queued. Several processes (shards, HTTP
 * replicas) can share one snapshot file: each notices when another saved a newer one (`checkSnapshot`).
 */
import { stat } from 'node:fs/promises';
import { buildInWorker, buildIndex } from './build/pipeline.js';
import type { BuildOptions, BuildReport, ProgressListener } from './build/protocol.js';
import { NewsIndex, type CorpusIndex } from './news-index.js';
import { ServerViews, type ServerViewOptions } from './server-views.js';
import { readSnapshot, snapshotVersion } from './snapshot-file.js';
import { NewsdeskError } from '../errors.js';

export interface ReindexResult {
  report: BuildReport;
  /** Article ids added, removed and changed since the previous index. */
  added: string[];
  removed: string[];
  changed: string[];
}

/** Articles that entered what servers see: the shared articles (every server's), or one server's own. */
export interface ArticlesChange {
  /** The server whose own articles they are; undefined for the shared articles every server sees. */
  server?: string;
  /** Ids of the articles added or changed. */
  ids: string[];
}

/** A rebuild is already running. */
export class ReindexBusyError extends NewsdeskError {
  constructor(message = 'a reindex is already running; wait for it to finish') {
    super('REINDEX_BUSY', message);
  }
}

/** The rebuild failed; the previous index is still serving. */
export class ReindexFailedError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('REINDEX_FAILED', message, hint);
  }
}

/** Loads of one snapshot version tried before it is left alone until a newer one appears. */
const MAX_SNAPSHOT_TRIES = 3;

export class IndexService {
  private current: { index: NewsIndex; report: BuildReport; at: Date };
  private running: Promise<ReindexResult> | undefined;
  private reloading = false;
  /** The version of the snapshot file the serving index was loaded from or saved to. */
  private servedVersion: string | undefined;
  /** A snapshot version that could not be loaded, and how many times it was tried. */
  private failed = { version: undefined as string | undefined, tries: 0 };

  /** Each Discord server's view: the shared articles and its own (server-views.ts). */
  readonly views: ServerViews;
  private readonly listeners = new Set<(change: ArticlesChange) => void>();

  private constructor(
    readonly corpusDir: string,
    private readonly options: BuildOptions,
    first: { index: NewsIndex; report: BuildReport },
    views: ServerViewOptions,
  ) {
    this.current = { ...first, at: new Date() };
    this.views = new ServerViews(corpusDir, () => this.index, views);
  }

  /** The index a server's members are answered from: the shared articles and that server's own. */
  forServer(server: string | null | undefined): Promise<CorpusIndex> {
    return this.views.indexFor(server);
  }

  /**
   * A server's own articles changed here (/article add or remove, its feed): every process answers from them at
   * its next question. `ids`: the articles added or changed, told to the listeners (followed topics).
   */
  async serverArticlesChanged(server: string, ids: readonly string[] = []): Promise<void> {
    await this.views.changed(server);
    if (ids.length) this.tell({ server, ids: [...ids] });
  }

  /**
   * Be told of every article that enters what servers see: a rebuild's or a loaded snapshot's added and changed
   * articles (every way the shared index changes: /reindex, a feed's reindex, a shard's or replica's snapshot), and
   * a server's own added here. Returns the way to stop being told.
   */
  onArticlesChanged(listener: (change: ArticlesChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tell(change: ArticlesChange): void {
    if (!change.ids.length) return;
    for (const listener of this.listeners) listener(change);
  }

  /**
   * Serve `corpusDir`; with `options.snapshot`, start from the saved index when the corpus is unchanged. `views`:
   * where servers' versions are read, and the memory their indexes may take.
   */
  static async open(corpusDir: string, options: BuildOptions = {}, views: ServerViewOptions = {}): Promise<IndexService> {
    const service = new IndexService(corpusDir, options, await buildIndex(corpusDir, options), views);
    await service.noteSnapshot();
    return service;
  }

  /** Seconds since the snapshot file was saved (by this process or another), or undefined without one. */
  async snapshotAgeSeconds(): Promise<number | undefined> {
    if (!this.options.snapshot) return undefined;
    try {
      return Math.max(0, (Date.now() - (await stat(this.options.snapshot)).mtimeMs) / 1000);
    } catch {
      return undefined;
    }
  }

  /** When the serving index was swapped in. */
  get servingSince(): Date {
    return this.current.at;
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
    this.running = this.rebuild(onProgress).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Serve the index another process just saved to the snapshot file (a sibling shard's /reindex), without
   * rebuilding. The current index answers while it loads, and stays if the file is missing or unreadable.
   */
  reloadFromSnapshot(): Promise<ReindexResult> {
    // Asked again while loading (a poll and a shard manager's message at once): the same load serves both.
    if (this.running && this.reloading) return this.running;
    if (this.running) return Promise.reject(new ReindexBusyError());
    this.reloading = true;
    this.running = this.loadSaved().finally(() => {
      this.running = undefined;
      this.reloading = false;
    });
    return this.running;
  }

  /**
   * Load the snapshot file when another process saved a newer one than this index came from (its /reindex, or
   * `npm run reindex`); undefined when there is nothing new, no snapshot file, or a rebuild is running here.
   */
  async checkSnapshot(): Promise<ReindexResult | undefined> {
    const file = this.options.snapshot;
    if (!file || this.running) return undefined;
    const version = await snapshotVersion(file);
    if (version === undefined || version === this.servedVersion) return undefined;
    // A snapshot that failed to load is tried again on the next checks (a shared volume mid-rename), then left.
    if (version === this.failed.version && this.failed.tries >= MAX_SNAPSHOT_TRIES) return undefined;
    if (this.running) return undefined;
    return this.reloadFromSnapshot();
  }

  private async noteSnapshot(): Promise<void> {
    if (this.options.snapshot) this.servedVersion = await snapshotVersion(this.options.snapshot);
  }

  private async loadSaved(): Promise<ReindexResult> {
    const file = this.options.snapshot;
    if (!file) throw new ReindexFailedError('no snapshot file is configured to load from; the previous index is still serving');
    const started = performance.now();
    let next: { index: NewsIndex; report: BuildReport };
    // Taken before reading: a newer file saved meanwhile is then seen as newer by the next check.
    const version = await snapshotVersion(file);
    try {
      const saved = await readSnapshot(file);
      if (!saved) throw new Error(`cannot read the index snapshot ${file}`);
      // Never swap an empty index in over articles (a rebuild refuses to, and this must not be a way around it).
      if (!saved.index.articles.length && this.current.index.articles.length) throw new Error(`the index snapshot ${file} has no articles`);
      const index = await NewsIndex.fromSnapshotAsync(saved.index);
      const ms = Math.round(performance.now() - started);
      next = {
        index,
        report: {
          ...index.stats,
          ms,
          problems: saved.problems,
          warnings: saved.warnings,
          source: 'snapshot',
          filesRead: 0,
          savedSnapshot: false,
        },
      };
    } catch (err) {
      this.failed = { version, tries: this.failed.version === version ? this.failed.tries + 1 : 1 };
      throw new ReindexFailedError(`${(err as Error).message}; the previous index is still serving`);
    }
    this.servedVersion = version;
    const result = { report: next.report, ...changesBetween(this.current.index, next.index) };
    this.current = { ...next, at: new Date() };
    // Another process's full reindex: servers' folders are read again here too, as they were there.
    this.views.clear();
    this.tell({ ids: [...result.added, ...result.changed] });
    return result;
  }

  private async rebuild(onProgress: ProgressListener): Promise<ReindexResult> {
    let next: { index: NewsIndex; report: BuildReport };
    try {
      // Built in a worker thread: the current index keeps answering on this one meanwhile.
      const built = await buildInWorker(this.corpusDir, this.options, onProgress);
      const index = await NewsIndex.fromSnapshotAsync(built.snapshot);
      next = { index, report: { ...index.stats, ...built.report } };
    } catch (err) {
      throw new ReindexFailedError(`${(err as Error).message}; the previous index is still serving`);
    }
    if (next.report.articles === 0) {
      const why = next.report.problems.map((p) => `${p.file}: ${p.message}`).join('; ');
      throw new ReindexFailedError(`no usable articles in ${this.corpusDir}${why ? ` (${why})` : ''}; the previous index is still serving`);
    }
    const changes = changesBetween(this.current.index, next.index);
    this.current = { ...next, at: new Date() };
    // A full reindex reads every file again, servers' own too: one changed by hand on the volume is seen now.
    this.views.clear();
    await this.noteSnapshot();
    onProgress('done');
    this.tell({ ids: [...changes.added, ...changes.changed] });
    return { report: next.report, ...changes };
  }
}

/** Article ids added, removed and changed from `before` to `after`. */
function changesBetween(before: NewsIndex, after: NewsIndex): Pick<ReindexResult, 'added' | 'removed' | 'changed'> {
  const was = new Map(before.articles.map((a) => [a.id, a.hash]));
  const now = new Map(after.articles.map((a) => [a.id, a.hash]));
  return {
    added: [...now.keys()].filter((id) => !was.has(id)),
    removed: [...was.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => was.has(id) && was.get(id) !== now.get(id)),
  };
}
