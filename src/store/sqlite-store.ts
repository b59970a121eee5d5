/**
 * The bot's state in one SQLite file (better-sqlite3), `data/newsdesk.sqlite` by default: nothing to install or
 * start. WAL mode and a busy timeout let every shard process on the machine share the file; each write is one
 * statement or one transaction, so a vote or an answer is stored whole or not at all, and a crash tears nothing.
 */
import { DirectoryError, makeDirectories } from '../files.js';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackEntry } from '../qa/feedback-report.js';
import {
  FEED_SQL,
  feedOf,
  FOLLOW_SQL,
  followArticleOf,
  followOf,
  forSqlite,
  IMPORT_VOTE_SQL,
  MIGRATIONS,
  SERVER_ARTICLES_SQL,
  TALLY_SQL,
  topicKey,
  voteRow,
  type FeedRow,
  type FollowArticleRow,
  type FollowRow,
} from './migrations.js';
import {
  ASKED_KEPT,
  INTERACTION_MEMORY_MS,
  StoreError,
  type ReindexRecord,
  type StateStore,
  type VoteOutcome,
  type VoteTally,
  type FeedRecord,
  type FollowArticle,
  type FollowRecord,
} from './state-store.js';

/**
 * better-sqlite3 writes synchronously. The writes made after each answer (its record, its question) first let
 * waiting I/O through, as a file append or a network call would: without it, 200 /ask at once were acknowledged
 * 30% later at the median (bench:http), their acknowledgements queued behind other answers' writes.
 */
function yieldToWaitingWork(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 5000;

export class SqliteStore implements StateStore {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  /**
   * Open (creating it and its directory if need be) and bring the schema up to date. Throws StoreError naming
   * the file and the reason when it cannot be opened or written.
   */
  static open(file: string): SqliteStore {
    let db: Database.Database | undefined;
    try {
      if (file !== ':memory:') makeDirectories(path.dirname(file));
      db = new Database(file);
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash of the process loses nothing, a
      // power cut may lose the last answers' buttons. Votes, which members are told are counted, sync (FULL).
      db.pragma('synchronous = NORMAL');
      migrate(db);
      return new SqliteStore(file, db);
    } catch (err) {
      db?.close();
      const code = (err as NodeJS.ErrnoException).code;
      const reason = err instanceof DirectoryError ? `the directory ${err.message}` : (code ?? (err as Error).message);
      throw new StoreError(
        `the bot's database ${file} cannot be opened for writing (${reason})`,
        'point DATABASE_FILE at a file in a directory the bot may write to, or fix its permissions',
      );
    }
  }

  /** The schema version the file is at. */
  version(): number {
    return (this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  }

  async saveRecord(kind: 'answer' | 'timeline', id: string, value: unknown, savedMs = Date.now()): Promise<void> {
    await yieldToWaitingWork();
    this.db
      .prepare(
        'INSERT INTO records (kind, id, value, saved_ms) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value',
      )
      .run(kind, id, JSON.stringify(value), savedMs);
  }

  async record<T>(kind: 'answer' | 'timeline', id: string): Promise<T | undefined> {
    const row = this.db.prepare('SELECT value FROM records WHERE kind = ? AND id = ?').get(kind, id) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async pruneRecords(days: number, now = new Date()): Promise<number> {
    return this.db.prepare('DELETE FROM records WHERE saved_ms < ?').run(now.getTime() - days * 86_400_000).changes;
  }

  async recordVote(entry: FeedbackEntry): Promise<VoteOutcome> {
    this.db.pragma('synchronous = FULL');
    try {
      return this.voteTransaction(entry);
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  private voteTransaction(entry: FeedbackEntry): VoteOutcome {
    // One transaction: two clicks on two processes cannot both count as the first vote.
    return this.db
      .transaction((): VoteOutcome => {
        const previous = this.db.prepare('SELECT vote FROM votes WHERE answer_id = ? AND user_id = ?').get(entry.answerId, entry.user) as
          { vote: string } | undefined;
        if (previous?.vote === entry.vote) return 'unchanged';
        this.db
          .prepare(
            `INSERT INTO votes (answer_id, user_id, vote, at, question_key, question, abstained, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at, question_key = excluded.question_key,
             question = excluded.question, abstained = excluded.abstained, entry = excluded.entry`,
          )
          .run(...voteRow(entry));
        return previous ? 'changed' : 'recorded';
      })
      .immediate();
  }

  async importVote(entry: FeedbackEntry): Promise<void> {
    this.db.prepare(IMPORT_VOTE_SQL.replace(':values', '?, ?, ?, ?, ?, ?, ?, ?')).run(...voteRow(entry));
  }

  async wasImported(key: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM imports WHERE file_key = ?').get(key) !== undefined;
  }

  async markImported(key: string): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO imports (file_key, at) VALUES (?, ?)').run(key, new Date().toISOString());
  }

  async voteOf(answerId: string, user: string): Promise<'up' | 'down' | undefined> {
    const row = this.db.prepare('SELECT vote FROM votes WHERE answer_id = ? AND user_id = ?').get(answerId, user) as
      { vote: 'up' | 'down' } | undefined;
    return row?.vote;
  }

  async votes(since?: string): Promise<FeedbackEntry[]> {
    const rows = this.db.prepare('SELECT entry FROM votes WHERE at >= ? ORDER BY at, answer_id, user_id').all(since ?? '') as {
      entry: string;
    }[];
    return rows.map((r) => JSON.parse(r.entry) as FeedbackEntry);
  }

  async voteTallies(since?: string): Promise<VoteTally[]> {
    return this.db.prepare(TALLY_SQL.replaceAll(':since', '@since')).all({ since: since ?? '' }) as VoteTally[];
  }

  async rememberQuestion(server: string, question: string): Promise<void> {
    await yieldToWaitingWork();
    this.db
      .transaction(() => {
        const next = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM asked').get() as { n: number }).n;
        this.db
          .prepare(
            `INSERT INTO asked (server, question_key, question, seq) VALUES (?, ?, ?, ?)
           ON CONFLICT (server, question_key) DO UPDATE SET question = excluded.question, seq = excluded.seq`,
          )
          .run(server, question.toLowerCase(), question, next);
        // Only the newest ASKED_KEPT of a server are ever suggested.
        this.db
          .prepare(
            `DELETE FROM asked WHERE server = ? AND seq <= (SELECT seq FROM asked WHERE server = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
          )
          .run(server, server, ASKED_KEPT);
      })
      .immediate();
  }

  async forgetQuestion(server: string, question: string): Promise<void> {
    this.db.prepare('DELETE FROM asked WHERE server = ? AND question_key = ?').run(server, question.toLowerCase());
  }

  async recentQuestions(server: string): Promise<string[]> {
    const rows = this.db.prepare('SELECT question FROM asked WHERE server = ? ORDER BY seq DESC LIMIT ?').all(server, ASKED_KEPT) as {
      question: string;
    }[];
    return rows.map((r) => r.question);
  }

  async recordReindex(record: ReindexRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO reindexes (at, by, result, ok) VALUES (?, ?, ?, ?)')
      .run(record.at, record.by, record.result, record.ok ? 1 : 0);
  }

  async latestReindex(): Promise<ReindexRecord | undefined> {
    const row = this.db.prepare('SELECT at, by, result, ok FROM reindexes ORDER BY at DESC, seq DESC LIMIT 1').get() as
      { at: string; by: string; result: string; ok: number } | undefined;
    return row && { at: row.at, by: row.by, result: row.result, ok: row.ok === 1 };
  }

  async claimInteraction(id: string, now = new Date()): Promise<boolean> {
    const ms = now.getTime();
    this.db.prepare('DELETE FROM interactions WHERE seen_ms < ?').run(ms - INTERACTION_MEMORY_MS);
    return this.db.prepare('INSERT OR IGNORE INTO interactions (id, seen_ms) VALUES (?, ?)').run(id, ms).changes === 1;
  }

  async startCooldown(user: string, command: string, seconds: number, now = new Date()): Promise<number> {
    const ms = now.getTime();
    return this.db
      .transaction((): number => {
        const row = this.db.prepare('SELECT until_ms FROM cooldowns WHERE user_id = ? AND command = ?').get(user, command) as
          { until_ms: number } | undefined;
        if (row && row.until_ms > ms) return row.until_ms - ms;
        this.db
          .prepare(
            `INSERT INTO cooldowns (user_id, command, until_ms) VALUES (?, ?, ?)
           ON CONFLICT (user_id, command) DO UPDATE SET until_ms = excluded.until_ms`,
          )
          .run(user, command, ms + seconds * 1000);
        return 0;
      })
      .immediate();
  }

  async acquireLease(name: string, holder: string, ms: number, now = new Date()): Promise<boolean> {
    const at = now.getTime();
    return this.db
      .transaction((): boolean => {
        const row = this.db.prepare('SELECT holder, until_ms FROM leases WHERE name = ?').get(name) as
          { holder: string; until_ms: number } | undefined;
        // A holder that crashed loses the lease when it expires.
        if (row && row.holder !== holder && row.until_ms > at) return false;
        this.db
          .prepare(
            `INSERT INTO leases (name, holder, until_ms) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms`,
          )
          .run(name, holder, at + ms);
        return true;
      })
      .immediate();
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }

  async addFeed(feed: { server: string; url: string; channel?: string; addedBy: string }): Promise<boolean> {
    return this.db.prepare(forSqlite(FEED_SQL.add)).run(feed.server, feed.url, feed.channel ?? null, feed.addedBy).changes === 1;
  }

  async removeFeed(server: string, url: string): Promise<boolean> {
    this.db.prepare(forSqlite(FEED_SQL.removeItems)).run(server, url);
    return this.db.prepare(forSqlite(FEED_SQL.remove)).run(server, url).changes === 1;
  }

  async feeds(server?: string): Promise<FeedRecord[]> {
    const rows = (
      server === undefined ? this.db.prepare(FEED_SQL.all).all() : this.db.prepare(forSqlite(FEED_SQL.ofServer)).all(server)
    ) as FeedRow[];
    return rows.map(feedOf);
  }

  async dueFeeds(now = new Date()): Promise<FeedRecord[]> {
    return (this.db.prepare(forSqlite(FEED_SQL.due)).all(now.getTime()) as FeedRow[]).map(feedOf);
  }

  async updateFeed(
    server: string,
    url: string,
    state: Pick<FeedRecord, 'title' | 'etag' | 'lastModified' | 'failures' | 'lastError' | 'nextPollMs'>,
  ): Promise<void> {
    this.db
      .prepare(forSqlite(FEED_SQL.update))
      .run(
        state.title ?? null,
        state.etag ?? null,
        state.lastModified ?? null,
        state.failures,
        state.lastError ?? null,
        state.nextPollMs,
        server,
        url,
      );
  }

  async takeFeedItem(server: string, url: string, item: string): Promise<boolean> {
    return this.db.prepare(forSqlite(FEED_SQL.take)).run(server, url, item).changes === 1;
  }

  async noteServerArticlesChanged(server: string, now = new Date()): Promise<number> {
    const row = this.db.prepare(forSqlite(SERVER_ARTICLES_SQL.note)).get(server, now.getTime()) as { version: number };
    return row.version;
  }

  async serverArticlesVersion(server: string): Promise<number> {
    const row = this.db.prepare(forSqlite(SERVER_ARTICLES_SQL.version)).get(server) as { version: number } | undefined;
    return row?.version ?? 0;
  }

  async forgetServerArticles(server: string): Promise<void> {
    this.db.prepare(forSqlite(SERVER_ARTICLES_SQL.forget)).run(server);
  }

  async addFollow(
    follow: { server: string; topic: string; channel: string; addedBy: string },
    maxPerServer: number,
    now = new Date(),
  ): Promise<FollowRecord | 'exists' | 'full'> {
    const key = topicKey(follow.topic);
    const added = this.db
      .prepare(forSqlite(FOLLOW_SQL.add))
      .get(follow.server, follow.topic.trim(), key, follow.channel, follow.addedBy, now.getTime(), follow.server, maxPerServer);
    const row = this.db.prepare(forSqlite(FOLLOW_SQL.find)).get(follow.server, key, follow.channel) as FollowRow | undefined;
    if (added && row) return followOf(row);
    return row ? 'exists' : 'full';
  }

  async removeFollow(server: string, id: number): Promise<FollowRecord | undefined> {
    return this.db
      .transaction((): FollowRecord | undefined => {
        const row = this.db.prepare(forSqlite(FOLLOW_SQL.one)).get(server, id) as FollowRow | undefined;
        if (!row) return undefined;
        this.db.prepare(forSqlite(FOLLOW_SQL.removeArticles)).run(id);
        this.db.prepare(forSqlite(FOLLOW_SQL.remove)).run(server, id);
        return followOf(row);
      })
      .immediate();
  }

  async follows(server?: string): Promise<FollowRecord[]> {
    const rows = (
      server === undefined ? this.db.prepare(FOLLOW_SQL.all).all() : this.db.prepare(forSqlite(FOLLOW_SQL.ofServer)).all(server)
    ) as FollowRow[];
    return rows.map(followOf);
  }

  async queueFollowArticles(items: readonly Omit<FollowArticle, 'queuedMs'>[], now = new Date()): Promise<number> {
    const insert = this.db.prepare(forSqlite(FOLLOW_SQL.queue));
    return this.db
      .transaction(() => items.reduce((n, i) => n + insert.run(i.follow, i.article, i.item, now.getTime()).changes, 0))
      .immediate();
  }

  async waitingFollowArticles(): Promise<FollowArticle[]> {
    return (this.db.prepare(FOLLOW_SQL.waiting).all() as FollowArticleRow[]).map(followArticleOf);
  }

  async claimFollowArticle(follow: number, article: string, now = new Date()): Promise<boolean> {
    return this.db.prepare(forSqlite(FOLLOW_SQL.claim)).run(now.getTime(), follow, article).changes === 1;
  }

  async unclaimFollowArticle(follow: number, article: string): Promise<void> {
    this.db.prepare(forSqlite(FOLLOW_SQL.unclaim)).run(follow, article);
  }

  async followPostsSince(follow: number, sinceMs: number): Promise<number> {
    return (this.db.prepare(forSqlite(FOLLOW_SQL.postedSince)).get(follow, sinceMs) as { n: number }).n;
  }

  async noteFollowPosted(follow: number, lastArticle: string, now = new Date()): Promise<void> {
    this.db.prepare(forSqlite(FOLLOW_SQL.posted)).run(lastArticle, now.getTime(), follow);
  }

  async setFollowChannelError(follow: number, error: string | undefined): Promise<void> {
    this.db.prepare(forSqlite(FOLLOW_SQL.channelError)).run(error ?? null, follow);
  }

  async forgetFollows(server: string): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare(forSqlite(FOLLOW_SQL.forgetArticles)).run(server);
        this.db.prepare(forSqlite(FOLLOW_SQL.forget)).run(server);
      })
      .immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Apply the migrations the file has not had yet, each in its own transaction. */
function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const m of MIGRATIONS) {
    // Checked inside the transaction: another process opening the file at the same time may have just run it.
    db.transaction(() => {
      if (applied.get(m.version)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.description,
        new Date().toISOString(),
      );
    }).immediate();
  }
}
