/**
 * Each Discord server sees the operator's articles (CORPUS_DIR, shared by every server) and its own, the ones its
 * moderators added (CORPUS_DIR/servers/<id>/); no other server's. A server with articles of its own is answered
 * from a FederatedIndex: the shared index as it is, beside a small index of the server's files alone, so a
 * server costs what it added, not a copy of the shared corpus.
 *
 * Servers' indexes are made on first use and kept, least recently used dropped past a memory budget. Whether a
 * server's articles changed (on this process, another shard or replica) is one cheap read of a version per
 * server (the bot's database, noted by /article add and remove, feeds and `npm run add --server`); only that
 * server's small index is made again. Without a database (the CLI), the version is the folder's listing.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isArticleFile, listCorpusFiles, loadCorpusFiles } from '../corpus/directory.js';
import { FederatedIndex } from './federated-index.js';
import { buildPart, NewsIndex, type CorpusIndex, type IndexSnapshot } from './news-index.js';

/** A Discord server id: the only servers that can own articles. */
const SERVER_ID = /^\d{17,20}$/;

/** Where a server's articles stand: a value that changes whenever they do. */
export interface ServerArticleVersions {
  /** The server's version now (read once per question: keep it cheap). */
  version(server: string): Promise<string>;
  /** Note that the server's articles changed (added, updated, removed), for every process to see. */
  changed(server: string): Promise<void>;
}

/** Versions from the server's folder itself: its files, sizes and times (a listing per question; for one-off runs). */
export function folderVersions(corpusDir: string): ServerArticleVersions {
  return {
    async version(server) {
      const { files } = await listCorpusFiles(corpusDir, { server });
      const stamps = await Promise.all(
        files.filter(isArticleFile).map(async (f) => {
          const s = await stat(path.join(corpusDir, f)).catch(() => undefined);
          return `${f}:${s?.size}:${s?.mtimeMs}`;
        }),
      );
      return stamps.join('\n');
    },
    async changed() {},
  };
}

/** Memory kept for servers' indexes by default, in bytes: a few thousand small servers on one machine. */
export const DEFAULT_SERVER_INDEX_BUDGET = 256 * 1024 * 1024;

/** Servers remembered (those without articles of their own too, a few bytes each), least recently used dropped past it. */
const MAX_SERVERS_KNOWN = 100_000;

export interface ServerViewOptions {
  /** Where servers' versions are read (default: each server's folder, listed per question). */
  versions?: ServerArticleVersions;
  /** Bytes of servers' indexes kept before the least recently used are dropped (default {@link DEFAULT_SERVER_INDEX_BUDGET}). */
  budgetBytes?: number;
}

interface ServerEntry {
  version: string;
  /** The server's own articles' index; undefined when it has none. */
  own?: NewsIndex;
  /** Its estimated size in memory. */
  bytes: number;
  /** The view over `shared`, made again when the shared index is replaced. */
  view?: { shared: NewsIndex; index: FederatedIndex };
}

export interface ServerViewStats {
  /** Servers whose own articles' indexes are in memory, and their estimated bytes. */
  servers: number;
  bytes: number;
  /** Servers' indexes made since start, and dropped for the budget. */
  made: number;
  dropped: number;
}

export class ServerViews {
  /** In order of use, least recent first. */
  private readonly entries = new Map<string, ServerEntry>();
  private readonly making = new Map<string, Promise<ServerEntry>>();
  private readonly versions: ServerArticleVersions;
  private readonly budget: number;
  private bytes = 0;
  private made = 0;
  private dropped = 0;

  constructor(
    private readonly corpusDir: string,
    private readonly shared: () => NewsIndex,
    options: ServerViewOptions = {},
  ) {
    this.versions = options.versions ?? folderVersions(corpusDir);
    this.budget = options.budgetBytes ?? DEFAULT_SERVER_INDEX_BUDGET;
  }

  /** The index a server's members are answered from (no server: a direct message, the shared articles only). */
  async indexFor(server: string | null | undefined): Promise<CorpusIndex> {
    const shared = this.shared();
    if (!server || !SERVER_ID.test(server)) return shared;
    const entry = await this.entryFor(server);
    if (!entry?.own) return shared;
    if (entry.view?.shared !== shared) entry.view = { shared, index: new FederatedIndex(shared, entry.own) };
    return entry.view.index;
  }

  /** Note that a server's articles changed here: every process sees it at its next question from that server. */
  async changed(server: string): Promise<void> {
    await this.versions.changed(server);
  }

  /** Forget every server's index (a full reindex: files changed by hand on the volume are read again). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get stats(): ServerViewStats {
    let servers = 0;
    for (const e of this.entries.values()) if (e.own) servers++;
    return { servers, bytes: this.bytes, made: this.made, dropped: this.dropped };
  }

  private async entryFor(server: string): Promise<ServerEntry | undefined> {
    const known = this.entries.get(server);
    let version: string;
    try {
      version = await this.versions.version(server);
    } catch {
      // The version cannot be read just now (the database or the volume away): what was made last stays, as
      // the shared index does; a server with nothing made is answered from the shared articles.
      return known;
    }
    if (known && known.version === version) {
      this.touch(server, known);
      return known;
    }
    // One making per server and version at a time: members asking together wait for the same index.
    const key = `${server}\n${version}`;
    let making = this.making.get(key);
    if (!making) {
      making = this.make(server, version).finally(() => this.making.delete(key));
      this.making.set(key, making);
    }
    try {
      const entry = await making;
      this.keep(server, entry);
      return entry;
    } catch {
      return known;
    }
  }

  private async make(server: string, version: string): Promise<ServerEntry> {
    const { files } = await listCorpusFiles(this.corpusDir, { server });
    const own = files.filter(isArticleFile);
    if (!own.length) return { version, bytes: 0 };
    const loaded = await loadCorpusFiles(this.corpusDir, own);
    if (!loaded.articles.length) return { version, bytes: 0 };
    const snapshot = buildPart(loaded.articles);
    this.made++;
    return { version, own: NewsIndex.fromSnapshot(snapshot, { compact: true }), bytes: estimateBytes(snapshot) };
  }

  /** Keep `entry` as the server's, most recently used, dropping the least recently used past the budget. */
  private keep(server: string, entry: ServerEntry): void {
    const old = this.entries.get(server);
    if (old === entry) return this.touch(server, entry);
    if (old) {
      this.entries.delete(server);
      this.bytes -= old.bytes;
    }
    this.entries.set(server, entry);
    this.bytes += entry.bytes;
    for (const [other, e] of this.entries) {
      if ((this.bytes <= this.budget && this.entries.size <= MAX_SERVERS_KNOWN) || other === server) break;
      this.entries.delete(other);
      this.bytes -= e.bytes;
      this.dropped++;
    }
  }

  private touch(server: string, entry: ServerEntry): void {
    this.entries.delete(server);
    this.entries.set(server, entry);
  }
}

/**
 * About what an index of `snapshot` holds in memory: its arrays, and per term, word and paragraph the maps and
 * objects made over them (measured on news-2022 servers: bench/scale.ts --servers).
 */
export function estimateBytes(snapshot: IndexSnapshot): number {
  const arrays = [snapshot.text, ...snapshot.postings.fields].flatMap((o) => Object.values(o)).filter(ArrayBuffer.isView);
  const arrayBytes = arrays.reduce((sum, a) => sum + a.byteLength, 0);
  const paragraphs = snapshot.text.numbers.length;
  return (
    arrayBytes + snapshot.postings.terms.length * 120 + snapshot.surfaceWords.length + paragraphs * 200 + snapshot.articles.length * 1000
  );
}
