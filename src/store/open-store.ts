/**
 * Which database holds the bot's state: PostgreSQL when DATABASE_URL is set (replicas on several machines),
 * else the SQLite file DATABASE_FILE (one machine, every shard sharing it). One place for the choice, used by
 * the bot, the shard manager and `npm run feedback`.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { importFileState, type ImportReport } from './import-files.js';
import { PostgresStore, redact } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { StateStore } from './state-store.js';

export interface StoreLocation {
  /** DATABASE_FILE: the SQLite file. */
  file: string;
  /** DATABASE_URL: a PostgreSQL server, preferred when set. */
  url?: string | undefined;
}

/** The database in words, for logs and messages: never a password. */
/** Where the bot keeps its database unless DATABASE_FILE says otherwise. */
export const DEFAULT_DATABASE_FILE = './data/newsdesk.sqlite';

/**
 * The bot's database as a terminal command finds it: `--database FILE` when given, else DATABASE_URL
 * (PostgreSQL), else DATABASE_FILE or its default.
 */
export function botDatabase(env: NodeJS.ProcessEnv, databaseOption?: string): StoreLocation {
  return {
    file: databaseOption ?? env.DATABASE_FILE ?? DEFAULT_DATABASE_FILE,
    url: databaseOption === undefined ? env.DATABASE_URL || undefined : undefined,
  };
}

export function describeStore(where: StoreLocation): string {
  return where.url ? `PostgreSQL ${redact(where.url)}` : `SQLite ${where.file}`;
}

/** Open the store and bring its schema up to date; StoreError (naming the setting and the reason) when it cannot be. */
export async function openStateStore(where: StoreLocation): Promise<StateStore> {
  return where.url ? PostgresStore.open(where.url) : SqliteStore.open(where.file);
}

/** Who holds a lease: this process on this machine, unique across restarts. */
export function processHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** How long the import may hold its lease: replicas starting together wait for one import, not run two. */
const IMPORT_LEASE_MS = 5 * 60_000;

/**
 * Import an earlier version's state files beside `feedbackLog` once, under a lease so that replicas starting at
 * the same time over a shared directory do not read the same files together. Undefined when another process
 * holds the lease (it is importing them).
 */
export async function importEarlierFiles(store: StateStore, feedbackLog: string): Promise<ImportReport | undefined> {
  const holder = processHolder();
  if (!(await store.acquireLease('import', holder, IMPORT_LEASE_MS))) return undefined;
  try {
    return await importFileState(store, feedbackLog);
  } finally {
    await store.releaseLease('import', holder).catch(() => undefined);
  }
}
