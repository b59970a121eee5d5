/**
 * The database's schema, as ordered migrations: each runs once, in a transaction, and its number is kept in
 * `schema_migrations`, so a store opened by a newer version brings an older file up to date and never runs a
 * step twice. Append new steps; never edit one that has shipped.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'answers and timelines, votes, suggested questions, reindex history, interactions, cooldowns, leases',
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
        entry TEXT NOT NULL,
        PRIMARY KEY (answer_id, user_id)
      );
      CREATE INDEX votes_at ON votes (at);
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
    `,
  },
];
