/**
 * The database's schema, as ordered migrations: each runs once, in a transaction, and its number is kept in
 * `schema_migrations`, so a store opened by a newer version brings an older file up to date and never runs a
 * step twice. Append new steps; never edit one that has shipped.
 */
import { questionKey, type FeedbackEntry } from '../qa/feedback-report.js';
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
