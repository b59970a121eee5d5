/**
 * The bot's state in PostgreSQL (`DATABASE_URL=postgres://…`, through pg), for replicas on several machines:
 * the same tables and migrations as SQLite's (store/migrations.ts, whose SQL both read), each write one
 * statement or one transaction. Claiming an interaction is one INSERT … ON CONFLICT DO NOTHING, so of two
 * replicas handed the same id exactly one wins; a cooldown, a vote and the /reindex lease are taken under a
 * row lock, so two replicas cannot both start, count or hold one.
 */
import pg from 'pg';
import type { FeedbackEntry } from '../qa/feedback-report.js';
import {
  FEED_SQL,
  feedOf,
  FOLLOW_SQL,
  followArticleOf,
  followOf,
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

/** How long a connection or a query may take before it counts as a failure. */
const QUERY_TIMEOUT_MS = 1500;
/** Migrations at start may wait for another replica's (under the advisory lock) and may rewrite tables. */
const MIGRATION_TIMEOUT_MS = 120_000;

/** Serialises migrations of replicas starting at once (an advisory lock id of this product's own). */
const MIGRATION_LOCK = 7_231_001;

/** SQLite's `INTEGER PRIMARY KEY AUTOINCREMENT` is PostgreSQL's identity column. */
function forPostgres(sql: string): string {
  return sql
    .replace(/INTEGER PRIMARY KEY AUTOINCREMENT/g, 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY')
    .replace(/_ms INTEGER/g, '_ms BIGINT');
}

export class PostgresStore implements StateStore {
  private constructor(private readonly pool: pg.Pool) {}

  /**
   * Connect and bring the schema up to date. Throws StoreError naming DATABASE_URL (never its password) and the
   * reason when the server cannot be reached or refuses.
   */
  static async open(url: string): Promise<PostgresStore> {
    // Short timeouts: a member waits on some of these before Discord's 3 s acknowledgement deadline, and a server
    // that stops answering (not refusing) must fail fast into the bot's fallbacks. keepAlive finds dead sockets.
    const pool = new pg.Pool({
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
    });
    // An idle client losing its server is reported here rather than crashing the process; the next query retries.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        // pg reads a per-query query_timeout, which its types do not list.
        const slow = (text: string, values: unknown[] = []) =>
          client.query({ text, values, query_timeout: MIGRATION_TIMEOUT_MS } as pg.QueryConfig);
        await slow('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await slow(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)',
        );
        for (const m of MIGRATIONS) {
          const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
          if (done.rowCount) continue;
          await client.query('BEGIN');
          await slow(forPostgres(m.sql));
          await client.query('INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [
            m.version,
            m.description,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
      return new PostgresStore(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new StoreError(
        `DATABASE_URL ${redact(url)} cannot be used (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        'check that the server is running and reachable, and that the user in DATABASE_URL may create tables in its database',
      );
    }
  }

  async version(): Promise<number> {
    const r = await this.pool.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    return r.rows[0].v ?? 0;
  }

  async saveRecord(kind: 'answer' | 'timeline', id: string, value: unknown, savedMs = Date.now()): Promise<void> {
    await this.pool.query(
      'INSERT INTO records (kind, id, value, saved_ms) VALUES ($1, $2, $3, $4) ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value',
      [kind, id, JSON.stringify(value), savedMs],
    );
  }

  async record<T>(kind: 'answer' | 'timeline', id: string): Promise<T | undefined> {
    const r = await this.pool.query<{ value: string }>('SELECT value FROM records WHERE kind = $1 AND id = $2', [kind, id]);
    return r.rows[0] ? (JSON.parse(r.rows[0].value) as T) : undefined;
  }

  async pruneRecords(days: number, now = new Date()): Promise<number> {
    return (await this.pool.query('DELETE FROM records WHERE saved_ms < $1', [now.getTime() - days * 86_400_000])).rowCount ?? 0;
  }

  async recordVote(entry: FeedbackEntry): Promise<VoteOutcome> {
    const key = [entry.answerId, entry.user];
    return this.transaction(async (client) => {
      const lock = () => client.query<{ vote: string }>('SELECT vote FROM votes WHERE answer_id = $1 AND user_id = $2 FOR UPDATE', key);
      let previous = (await lock()).rows[0]?.vote;
      if (previous === undefined) {
        const inserted = await client.query(
          `INSERT INTO votes (answer_id, user_id, vote, at, question_key, question, abstained, entry)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          voteRow(entry),
        );
        if (inserted.rowCount === 1) return 'recorded';
        // Another replica's first vote came in between: it counts, and this one is read against it.
        previous = (await lock()).rows[0]?.vote;
      }
      if (previous === entry.vote) return 'unchanged';
      await client.query(
        `UPDATE votes SET vote = $3, at = $4, question_key = $5, question = $6, abstained = $7, entry = $8
         WHERE answer_id = $1 AND user_id = $2`,
        voteRow(entry),
      );
      return 'changed';
    });
  }

  async importVote(entry: FeedbackEntry): Promise<void> {
    await this.pool.query(IMPORT_VOTE_SQL.replace(':values', '$1, $2, $3, $4, $5, $6, $7, $8'), voteRow(entry));
  }

  async wasImported(key: string): Promise<boolean> {
    return ((await this.pool.query('SELECT 1 FROM imports WHERE file_key = $1', [key])).rowCount ?? 0) > 0;
  }

  async markImported(key: string): Promise<void> {
    await this.pool.query('INSERT INTO imports (file_key, at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [key, new Date().toISOString()]);
  }

  async voteOf(answerId: string, user: string): Promise<'up' | 'down' | undefined> {
    const r = await this.pool.query<{ vote: 'up' | 'down' }>('SELECT vote FROM votes WHERE answer_id = $1 AND user_id = $2', [
      answerId,
      user,
    ]);
    return r.rows[0]?.vote;
  }

  async votes(since?: string): Promise<FeedbackEntry[]> {
    const r = await this.pool.query<{ entry: string }>('SELECT entry FROM votes WHERE at >= $1 ORDER BY at, answer_id, user_id', [
      since ?? '',
    ]);
    return r.rows.map((row) => JSON.parse(row.entry) as FeedbackEntry);
  }

  async voteTallies(since?: string): Promise<VoteTally[]> {
    const r = await this.pool.query<VoteTally>(TALLY_SQL.replaceAll(':since', '$1'), [since ?? '']);
    // COUNT and SUM are 64-bit in PostgreSQL, which pg returns as strings.
    return r.rows.map((t) => ({ ...t, up: Number(t.up), down: Number(t.down), abstained: Number(t.abstained) }));
  }

  async rememberQuestion(server: string, question: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('LOCK TABLE asked IN SHARE ROW EXCLUSIVE MODE');
      const next = (await client.query<{ n: string }>('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM asked')).rows[0].n;
      await client.query(
        `INSERT INTO asked (server, question_key, question, seq) VALUES ($1, $2, $3, $4)
         ON CONFLICT (server, question_key) DO UPDATE SET question = excluded.question, seq = excluded.seq`,
        [server, question.toLowerCase(), question, Number(next)],
      );
      await client.query(
        'DELETE FROM asked WHERE server = $1 AND seq <= (SELECT seq FROM asked WHERE server = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)',
        [server, ASKED_KEPT],
      );
    });
  }

  async forgetQuestion(server: string, question: string): Promise<void> {
    await this.pool.query('DELETE FROM asked WHERE server = $1 AND question_key = $2', [server, question.toLowerCase()]);
  }

  async recentQuestions(server: string): Promise<string[]> {
    const r = await this.pool.query<{ question: string }>('SELECT question FROM asked WHERE server = $1 ORDER BY seq DESC LIMIT $2', [
      server,
      ASKED_KEPT,
    ]);
    return r.rows.map((row) => row.question);
  }

  async recordReindex(record: ReindexRecord): Promise<void> {
    await this.pool.query('INSERT INTO reindexes (at, by, result, ok) VALUES ($1, $2, $3, $4)', [
      record.at,
      record.by,
      record.result,
      record.ok ? 1 : 0,
    ]);
  }

  async latestReindex(): Promise<ReindexRecord | undefined> {
    const r = await this.pool.query<{ at: string; by: string; result: string; ok: number }>(
      'SELECT at, by, result, ok FROM reindexes ORDER BY at DESC, seq DESC LIMIT 1',
    );
    const row = r.rows[0];
    return row && { at: row.at, by: row.by, result: row.result, ok: row.ok === 1 };
  }

  async claimInteraction(id: string, now = new Date()): Promise<boolean> {
    const ms = now.getTime();
    await this.pool.query('DELETE FROM interactions WHERE seen_ms < $1', [ms - INTERACTION_MEMORY_MS]);
    return (
      ((await this.pool.query('INSERT INTO interactions (id, seen_ms) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, ms])).rowCount ?? 0) ===
      1
    );
  }

  async startCooldown(user: string, command: string, seconds: number, now = new Date()): Promise<number> {
    const ms = now.getTime();
    // One statement: the row is set only when no cooldown runs, and what it holds after says which happened.
    const r = await this.pool.query<{ until_ms: string; started: boolean }>(
      `INSERT INTO cooldowns (user_id, command, until_ms) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, command) DO UPDATE SET until_ms = excluded.until_ms WHERE cooldowns.until_ms <= $4
       RETURNING until_ms, true AS started`,
      [user, command, ms + seconds * 1000, ms],
    );
    if (r.rowCount) return 0;
    const running = await this.pool.query<{ until_ms: string }>('SELECT until_ms FROM cooldowns WHERE user_id = $1 AND command = $2', [
      user,
      command,
    ]);
    return Math.max(0, Number(running.rows[0]?.until_ms ?? ms) - ms);
  }

  async acquireLease(name: string, holder: string, ms: number, now = new Date()): Promise<boolean> {
    const at = now.getTime();
    // Taken when free, expired (a crashed holder), or already this holder's; one statement, so two replicas
    // cannot both take it.
    const r = await this.pool.query(
      `INSERT INTO leases (name, holder, until_ms) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
       WHERE leases.holder = excluded.holder OR leases.until_ms <= $4`,
      [name, holder, at + ms, at],
    );
    return (r.rowCount ?? 0) === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.pool.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async addFeed(feed: { server: string; url: string; channel?: string; addedBy: string }): Promise<boolean> {
    return ((await this.pool.query(FEED_SQL.add, [feed.server, feed.url, feed.channel ?? null, feed.addedBy])).rowCount ?? 0) === 1;
  }

  async removeFeed(server: string, url: string): Promise<boolean> {
    await this.pool.query(FEED_SQL.removeItems, [server, url]);
    return ((await this.pool.query(FEED_SQL.remove, [server, url])).rowCount ?? 0) === 1;
  }

  async feeds(server?: string): Promise<FeedRecord[]> {
    const r =
      server === undefined ? await this.pool.query<FeedRow>(FEED_SQL.all) : await this.pool.query<FeedRow>(FEED_SQL.ofServer, [server]);
    return r.rows.map(feedOf);
  }

  async dueFeeds(now = new Date()): Promise<FeedRecord[]> {
    return (await this.pool.query<FeedRow>(FEED_SQL.due, [now.getTime()])).rows.map(feedOf);
  }

  async updateFeed(
    server: string,
    url: string,
    state: Pick<FeedRecord, 'title' | 'etag' | 'lastModified' | 'failures' | 'lastError' | 'nextPollMs'>,
  ): Promise<void> {
    await this.pool.query(FEED_SQL.update, [
      state.title ?? null,
      state.etag ?? null,
      state.lastModified ?? null,
      state.failures,
      state.lastError ?? null,
      state.nextPollMs,
      server,
      url,
    ]);
  }

  async takeFeedItem(server: string, url: string, item: string): Promise<boolean> {
    return ((await this.pool.query(FEED_SQL.take, [server, url, item])).rowCount ?? 0) === 1;
  }

  async noteServerArticlesChanged(server: string, now = new Date()): Promise<number> {
    const r = await this.pool.query<{ version: number }>(SERVER_ARTICLES_SQL.note, [server, now.getTime()]);
    return Number(r.rows[0].version);
  }

  async serverArticlesVersion(server: string): Promise<number> {
    const r = await this.pool.query<{ version: number }>(SERVER_ARTICLES_SQL.version, [server]);
    return Number(r.rows[0]?.version ?? 0);
  }

  async forgetServerArticles(server: string): Promise<void> {
    await this.pool.query(SERVER_ARTICLES_SQL.forget, [server]);
  }

  async addFollow(
    follow: { server: string; topic: string; channel: string; addedBy: string },
    maxPerServer: number,
    now = new Date(),
  ): Promise<FollowRecord | 'exists' | 'full'> {
    const key = topicKey(follow.topic);
    const added = await this.pool.query(FOLLOW_SQL.add, [
      follow.server,
      follow.topic.trim(),
      key,
      follow.channel,
      follow.addedBy,
      now.getTime(),
      follow.server,
      maxPerServer,
    ]);
    const row = (await this.pool.query<FollowRow>(FOLLOW_SQL.find, [follow.server, key, follow.channel])).rows[0];
    if (added.rowCount && row) return followOf(row);
    return row ? 'exists' : 'full';
  }

  async removeFollow(server: string, id: number): Promise<FollowRecord | undefined> {
    return this.transaction(async (client) => {
      const row = (await client.query<FollowRow>(`${FOLLOW_SQL.one} FOR UPDATE`, [server, id])).rows[0];
      if (!row) return undefined;
      await client.query(FOLLOW_SQL.removeArticles, [id]);
      await client.query(FOLLOW_SQL.remove, [server, id]);
      return followOf(row);
    });
  }

  async follows(server?: string): Promise<FollowRecord[]> {
    const r =
      server === undefined
        ? await this.pool.query<FollowRow>(FOLLOW_SQL.all)
        : await this.pool.query<FollowRow>(FOLLOW_SQL.ofServer, [server]);
    return r.rows.map(followOf);
  }

  async queueFollowArticles(items: readonly Omit<FollowArticle, 'queuedMs'>[], now = new Date()): Promise<number> {
    if (!items.length) return 0;
    return this.transaction(async (client) => {
      let n = 0;
      for (const i of items) n += (await client.query(FOLLOW_SQL.queue, [i.follow, i.article, i.item, now.getTime()])).rowCount ?? 0;
      return n;
    });
  }

  async waitingFollowArticles(): Promise<FollowArticle[]> {
    return (await this.pool.query<FollowArticleRow>(FOLLOW_SQL.waiting)).rows.map(followArticleOf);
  }

  async claimFollowArticle(follow: number, article: string, now = new Date()): Promise<boolean> {
    return ((await this.pool.query(FOLLOW_SQL.claim, [now.getTime(), follow, article])).rowCount ?? 0) === 1;
  }

  async unclaimFollowArticle(follow: number, article: string): Promise<void> {
    await this.pool.query(FOLLOW_SQL.unclaim, [follow, article]);
  }

  async followPostsSince(follow: number, sinceMs: number): Promise<number> {
    // COUNT is 64-bit in PostgreSQL, which pg returns as a string.
    return Number((await this.pool.query<{ n: string }>(FOLLOW_SQL.postedSince, [follow, sinceMs])).rows[0].n);
  }

  async noteFollowPosted(follow: number, lastArticle: string, now = new Date()): Promise<void> {
    await this.pool.query(FOLLOW_SQL.posted, [lastArticle, now.getTime(), follow]);
  }

  async setFollowChannelError(follow: number, error: string | undefined): Promise<void> {
    await this.pool.query(FOLLOW_SQL.channelError, [error ?? null, follow]);
  }

  async forgetFollows(server: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(FOLLOW_SQL.forgetArticles, [server]);
      await client.query(FOLLOW_SQL.forget, [server]);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      failure = err as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      // A connection that failed (a timeout, a server gone) is closed, not handed to the next caller.
      client.release(failure);
    }
  }
}

/** A database URL without its password (in its user part or its query), for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/pass/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}
