/**
 * The database's schema, as ordered migrations: each runs once, in a transaction, and its number is kept in
 * `schema_migrations`, so a store opened by a newer version brings an older file up to date and never runs a
 * step twice. Append new steps; never edit one that has shipped.
 */
import { questionKey, type FeedbackEntry } from '../qa/feedback-report.js';
import type { FeedRecord } from './state-store.js';
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

/** PostgreSQL's $1, $2… as SQLite's ? (in FEED_SQL and SERVER_ARTICLES_SQL each is used once, in ascending order, so the two agree). */
export function forSqlite(sql: string): string {
  return sql.replace(/\$\d+/g, '?');
}
