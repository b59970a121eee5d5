/**
 * The database's schema, as ordered migrations: each runs once, in a transaction, and its number is kept in
 * `schema_migrations`, so a store opened by a newer version brings an older file up to date and never runs a
 * step twice. Append new steps; never edit one that has shipped.
 */
import { questionKey, type FeedbackEntry } from '../qa/feedback-report.js';
import type { FeedRecord, FollowArticle, FollowRecord } from './state-store.js';
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'answers and timelines, votes, suggested questions, reindex history, interactions, cooldowns, leases, imported files',
    sql: `
      CREATE TABLE records (
        kind TEXT NOT NULL CHECK (kind IN ('answer', 'timeline')),
        id TEXT NOT NULL,
        value TEXT NOT NULL,
        saved_ms INTEGER NOT NULL,
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX records_saved ON records (saved_ms);
      CREATE TABLE votes (
        answer_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        at TEXT NOT NULL,
        question_key TEXT NOT NULL,
        question TEXT NOT NULL,
        abstained INTEGER NOT NULL,
        entry TEXT NOT NULL,
        PRIMARY KEY (answer_id, user_id)
      );
      CREATE INDEX votes_at ON votes (at);
      CREATE INDEX votes_question ON votes (question_key);
      CREATE TABLE asked (
        server TEXT NOT NULL,
        question_key TEXT NOT NULL,
        question TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (server, question_key)
      );
      CREATE INDEX asked_recent ON asked (server, seq);
      CREATE TABLE reindexes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        result TEXT NOT NULL,
        ok INTEGER NOT NULL
      );
      CREATE TABLE interactions (id TEXT PRIMARY KEY, seen_ms INTEGER NOT NULL);
      CREATE INDEX interactions_seen ON interactions (seen_ms);
      CREATE TABLE cooldowns (
        user_id TEXT NOT NULL,
        command TEXT NOT NULL,
        until_ms INTEGER NOT NULL,
        PRIMARY KEY (user_id, command)
      );
      CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms INTEGER NOT NULL);
      CREATE TABLE imports (file_key TEXT PRIMARY KEY, at TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    description: "feeds followed (the operator's and each server's), their polling state and the items already taken",
    sql: `
      CREATE TABLE feeds (
        server TEXT NOT NULL,
        url TEXT NOT NULL,
        channel TEXT,
        added_by TEXT NOT NULL,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_poll_ms INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (server, url)
      );
      CREATE TABLE feed_items (
        server TEXT NOT NULL,
        url TEXT NOT NULL,
        item TEXT NOT NULL,
        PRIMARY KEY (server, url, item)
      );
    `,
  },
  {
    version: 3,
    description: 'a version per server of its own articles, bumped at each change, so every replica sees one by one read',
    sql: `
      CREATE TABLE server_articles (server TEXT PRIMARY KEY, version INTEGER NOT NULL, changed_ms INTEGER NOT NULL);
    `,
  },
  {
    version: 4,
    description: 'topics servers follow (/follow), and the articles matched to each: waiting to be posted, or posted once',
    sql: `
      CREATE TABLE follows (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        server TEXT NOT NULL,
        topic TEXT NOT NULL,
        topic_key TEXT NOT NULL,
        channel TEXT NOT NULL,
        added_by TEXT NOT NULL,
        added_ms INTEGER NOT NULL,
        channel_error TEXT,
        last_article TEXT,
        last_posted_ms INTEGER,
        UNIQUE (server, topic_key, channel)
      );
      CREATE TABLE follow_articles (
        follow_id BIGINT NOT NULL,
        article TEXT NOT NULL,
        item TEXT NOT NULL,
        queued_ms INTEGER NOT NULL,
        posted_ms INTEGER,
        PRIMARY KEY (follow_id, article)
      );
      CREATE INDEX follow_articles_waiting ON follow_articles (posted_ms, follow_id);
    `,
  },
];

/** A vote's columns, in the order of the votes table's INSERT: answer, member, vote, time, question (key and text), abstained, entry. */
export function voteRow(entry: FeedbackEntry): [string, string, string, string, string, string, number, string] {
  return [
    entry.answerId,
    entry.user,
    entry.vote,
    entry.at,
    questionKey(entry.question),
    entry.question.trim(),
    entry.abstained ? 1 : 0,
    JSON.stringify(entry),
  ];
}

/**
 * Per-question tallies of the votes cast on or after :since, worst first, each question worded as its earliest
 * vote has it; the same SQL for SQLite (`@since`) and PostgreSQL (`$1`).
 */
export const TALLY_SQL = `
  SELECT question_key AS "questionKey",
         (SELECT first.question FROM votes first WHERE first.question_key = votes.question_key AND first.at >= :since
          ORDER BY first.at, first.answer_id, first.user_id LIMIT 1) AS question,
         SUM(CASE WHEN vote = 'up' THEN 1 ELSE 0 END) AS up,
         SUM(CASE WHEN vote = 'down' THEN 1 ELSE 0 END) AS down,
         SUM(abstained) AS abstained, MAX(at) AS "lastVote"
  FROM votes WHERE at >= :since GROUP BY question_key
  ORDER BY SUM(CASE WHEN vote = 'down' THEN 1 ELSE -1 END) DESC, down DESC, "lastVote" DESC, "questionKey"`;

/**
 * A vote from an earlier version's file: stored unless the member's stored vote on that answer is as recent or
 * newer, so importing a file twice, or after members voted again, never brings back an older vote.
 */
export const IMPORT_VOTE_SQL = `
  INSERT INTO votes (answer_id, user_id, vote, at, question_key, question, abstained, entry) VALUES (:values)
  ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at, question_key = excluded.question_key,
    question = excluded.question, abstained = excluded.abstained, entry = excluded.entry
  WHERE votes.at < excluded.at`;

/** A feeds row as the stores read it (SQL column → FeedRecord field). */
export interface FeedRow {
  server: string;
  url: string;
  channel: string | null;
  added_by: string;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  failures: number | string;
  last_error: string | null;
  next_poll_ms: number | string;
}

export function feedOf(row: FeedRow): FeedRecord {
  return {
    server: row.server,
    url: row.url,
    ...(row.channel ? { channel: row.channel } : {}),
    addedBy: row.added_by,
    ...(row.title ? { title: row.title } : {}),
    ...(row.etag ? { etag: row.etag } : {}),
    ...(row.last_modified ? { lastModified: row.last_modified } : {}),
    failures: Number(row.failures),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    nextPollMs: Number(row.next_poll_ms),
  };
}

/** The SQL of the feed methods, the same for both databases but for the placeholders ($1… here; ? for SQLite). */
export const FEED_SQL = {
  add: 'INSERT INTO feeds (server, url, channel, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT (server, url) DO NOTHING',
  remove: 'DELETE FROM feeds WHERE server = $1 AND url = $2',
  removeItems: 'DELETE FROM feed_items WHERE server = $1 AND url = $2',
  ofServer: 'SELECT * FROM feeds WHERE server = $1 ORDER BY url',
  all: 'SELECT * FROM feeds ORDER BY server, url',
  due: 'SELECT * FROM feeds WHERE next_poll_ms <= $1 ORDER BY next_poll_ms, server, url',
  update:
    'UPDATE feeds SET title = $1, etag = $2, last_modified = $3, failures = $4, last_error = $5, next_poll_ms = $6 WHERE server = $7 AND url = $8',
  take: 'INSERT INTO feed_items (server, url, item) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
} as const;

/**
 * The SQL of the server articles' versions, the same for both databases but for the placeholders ($1… here; ? for
 * SQLite). A change is one upsert that returns the new version (RETURNING: SQLite 3.35 and later, PostgreSQL), so
 * bumps from several processes at once each count, and none is lost.
 */
export const SERVER_ARTICLES_SQL = {
  note: `INSERT INTO server_articles (server, version, changed_ms) VALUES ($1, 1, $2)
    ON CONFLICT (server) DO UPDATE SET version = server_articles.version + 1, changed_ms = excluded.changed_ms
    RETURNING version`,
  version: 'SELECT version FROM server_articles WHERE server = $1',
  forget: 'DELETE FROM server_articles WHERE server = $1',
} as const;

/** A follows row as the stores read it (SQL column → FollowRecord field); PostgreSQL's BIGINTs come as strings. */
export interface FollowRow {
  id: number | string;
  server: string;
  topic: string;
  channel: string;
  added_by: string;
  added_ms: number | string;
  channel_error: string | null;
  last_article: string | null;
  last_posted_ms: number | string | null;
}

export function followOf(row: FollowRow): FollowRecord {
  return {
    id: Number(row.id),
    server: row.server,
    topic: row.topic,
    channel: row.channel,
    addedBy: row.added_by,
    addedMs: Number(row.added_ms),
    ...(row.channel_error ? { channelError: row.channel_error } : {}),
    ...(row.last_article ? { lastArticle: row.last_article } : {}),
    ...(row.last_posted_ms !== null && row.last_posted_ms !== undefined ? { lastPostedMs: Number(row.last_posted_ms) } : {}),
  };
}

/** A follow_articles row waiting to be posted. */
export interface FollowArticleRow {
  follow_id: number | string;
  article: string;
  item: string;
  queued_ms: number | string;
}

export function followArticleOf(row: FollowArticleRow): FollowArticle {
  return { follow: Number(row.follow_id), article: row.article, item: row.item, queuedMs: Number(row.queued_ms) };
}

/** What makes two topics one: case and spacing aside ("Elon  musk" is "elon musk"). */
export function topicKey(topic: string): string {
  return topic.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The SQL of the follow methods, the same for both databases but for the placeholders ($1… here; ? for SQLite).
 * A follow is added by one statement that counts the server's follows too, so two replicas cannot both add the
 * last one allowed; an article is queued for a follow by an insert only one caller wins (posted at most once),
 * and claimed for posting by an update only one caller wins.
 */
export const FOLLOW_SQL = {
  add: `INSERT INTO follows (server, topic, topic_key, channel, added_by, added_ms)
    SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($6 AS BIGINT)
    WHERE (SELECT COUNT(*) FROM follows WHERE server = $7) < $8
    ON CONFLICT (server, topic_key, channel) DO NOTHING RETURNING id`,
  find: 'SELECT * FROM follows WHERE server = $1 AND topic_key = $2 AND channel = $3',
  one: 'SELECT * FROM follows WHERE server = $1 AND id = $2',
  remove: 'DELETE FROM follows WHERE server = $1 AND id = $2',
  removeArticles: 'DELETE FROM follow_articles WHERE follow_id = $1',
  ofServer: 'SELECT * FROM follows WHERE server = $1 ORDER BY id',
  all: 'SELECT * FROM follows ORDER BY id',
  queue: 'INSERT INTO follow_articles (follow_id, article, item, queued_ms) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
  waiting: `SELECT a.follow_id, a.article, a.item, a.queued_ms FROM follow_articles a JOIN follows f ON f.id = a.follow_id
    WHERE a.posted_ms IS NULL AND f.channel_error IS NULL ORDER BY a.follow_id, a.queued_ms, a.article`,
  claim: 'UPDATE follow_articles SET posted_ms = $1 WHERE follow_id = $2 AND article = $3 AND posted_ms IS NULL',
  unclaim: 'UPDATE follow_articles SET posted_ms = NULL WHERE follow_id = $1 AND article = $2',
  postedSince: 'SELECT COUNT(*) AS n FROM follow_articles WHERE follow_id = $1 AND posted_ms >= $2',
  posted: 'UPDATE follows SET last_article = $1, last_posted_ms = $2 WHERE id = $3',
  channelError: 'UPDATE follows SET channel_error = $1 WHERE id = $2',
  forgetArticles: 'DELETE FROM follow_articles WHERE follow_id IN (SELECT id FROM follows WHERE server = $1)',
  forget: 'DELETE FROM follows WHERE server = $1',
} as const;

/** PostgreSQL's $1, $2… as SQLite's ? (in FEED_SQL, SERVER_ARTICLES_SQL and FOLLOW_SQL each is used once, in ascending order, so the two agree). */
export function forSqlite(sql: string): string {
  return sql.replace(/\$\d+/g, '?');
}
