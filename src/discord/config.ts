/**
 * The bot's configuration: read once from the environment (and `.env`), validated with zod, with every problem
 * listed at once. Values are never echoed back in messages: one of them is the bot's token.
 */
import { accessSync, constants, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { DEFAULT_CORPUS_DIR } from '../corpus/directory.js';
import { NewsdeskError } from '../errors.js';
import { DEFAULT_INDEX_SNAPSHOT, DEFAULT_SNAPSHOT_POLL_SECONDS } from '../index/snapshot-file.js';
import { DEFAULT_DATABASE_FILE } from '../store/open-store.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// What each key must be is said once, in RULES below: the schema only decides whether a value is good.
const snowflake = z
  .string()
  .trim()
  .regex(/^\d{17,20}$/);
/** A whole number from `min` to `max`, as people write one in .env: digits only (no "2.5", "1e3" or "0x10"). */
const whole = (min: number, max: number) => z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().min(min).max(max));
const seconds = whole(0, 3600);
/** "1" (one process), a shard count such as "4", or "auto" (the count Discord recommends for the bot). */
const shards = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(auto|[1-9]\d*)$/)
  .transform((v): number | 'auto' => (v === 'auto' ? 'auto' : Number(v)));

/** true/false as people write them in .env. */
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const INTERACTION_MODES = ['gateway', 'http'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;

const Schema = z.object({
  /** The bot token (Developer Portal → Bot → Reset Token). Required to run the bot or deploy commands. */
  DISCORD_TOKEN: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      // Each of its lines is whole here (never the value: it is the bot's password), not in RULES.
      if (!v) ctx.addIssue({ code: 'custom', message: MISSING.DISCORD_TOKEN });
      // As some guides show it: the Authorization header's value, not the token.
      else if (/^Bot\s+/i.test(v))
        ctx.addIssue({
          code: 'custom',
          message: 'starts with "Bot ": put the token alone in .env, without the "Bot " that goes before it in a request header',
        });
      else if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(v))
        ctx.addIssue({
          code: 'custom',
          message: `does not look like a bot token (three parts separated by dots, such as MTA…xyz.Gh…12.a…Z): ${TOKEN_FROM}`,
        });
    }),
  /** The application id, needed to register slash commands. */
  DISCORD_CLIENT_ID: snowflake.optional(),
  /** Register commands to this guild only (instant; for testing). Unset: register globally. */
  DISCORD_GUILD_ID: snowflake.optional(),
  /** Where the articles are. */
  CORPUS_DIR: z.string().min(1).default(DEFAULT_CORPUS_DIR),
  /** Index snapshot file: start from it when the corpus is unchanged ("" to always rebuild). */
  INDEX_SNAPSHOT: z.string().default(DEFAULT_INDEX_SNAPSHOT),
  /** Worker threads a full index build uses; unset = the machine's cores, at most 4. */
  INDEX_THREADS: whole(1, 32).optional(),
  /** Memory for servers' own articles' indexes, in MB: past it the least recently used are dropped (made again when asked). */
  SERVER_INDEX_BUDGET_MB: whole(1, 1_000_000).default(256),
  /** REST base URL; tests point it at the local fake Discord. */
  DISCORD_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS)).default('info'),
  /** Seconds a member waits between two /ask (0 = no cooldown). */
  ASK_COOLDOWN_SECONDS: seconds.default(5),
  /** Seconds a member waits between two /timeline (0 = no cooldown). */
  TIMELINE_COOLDOWN_SECONDS: seconds.default(5),
  /**
   * Where versions before the database kept the votes; the state files in its directory (votes, answers,
   * suggested questions, last reindex) are imported into the database once, at the first start.
   */
  FEEDBACK_LOG: z.string().min(1).default('./data/feedback.jsonl'),
  /** The bot's state in SQLite (one machine; every shard shares the file). Ignored when DATABASE_URL is set. */
  DATABASE_FILE: z.string().min(1).default(DEFAULT_DATABASE_FILE),
  /** The bot's state in PostgreSQL (replicas on several machines): postgres://user:password@host:5432/db. */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/)
    .optional(),
  /** Days the answers and timelines behind buttons are kept; older ones' buttons say they are gone. */
  ANSWER_RETENTION_DAYS: whole(1, 3650).default(90),
  /** Whether /ask and /timeline answer privately when the member does not say (their `private:` option). */
  DEFAULT_PRIVATE: flag.default(false),
  /** Quotes per /ask answer. */
  MAX_QUOTES: whole(1, 5).default(3),
  /** Gateway shards, each its own process under discord.js's ShardingManager: 1 (default), N, or "auto". */
  SHARDS: shards.default(1),
  /** How interactions arrive: over the gateway (a websocket per shard), or as signed HTTP requests (POST /interactions). */
  INTERACTIONS: z.string().trim().toLowerCase().pipe(z.enum(INTERACTION_MODES)).default('gateway'),
  /** The application's public key (Developer Portal → General Information): verifies HTTP interactions. */
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  /** Port of /healthz, /metrics and, in HTTP mode, /interactions (unset: no HTTP server; 0: any free port). */
  HTTP_PORT: whole(0, 65535).optional(),
  /** Address the HTTP server listens on. */
  HTTP_HOST: z.string().trim().min(1).default('0.0.0.0'),
  /** Seconds between checks of INDEX_SNAPSHOT for a newer index another process saved (0 = never). */
  SNAPSHOT_POLL_SECONDS: seconds.default(DEFAULT_SNAPSHOT_POLL_SECONDS),
  /**
   * Let /article add and feeds fetch from loopback and private networks (an intranet, the tests' local server);
   * link-local and cloud metadata addresses are refused whatever this says.
   */
  FETCH_ALLOW_PRIVATE: flag.default(false),
  /** A file of RSS/Atom addresses (one per line; # starts a comment) whose new items become the operator's articles. */
  FEEDS: z.string().trim().min(1).optional(),
  /** Minutes between two polls of a feed (errors back off to up to a day). */
  FEED_INTERVAL_MINUTES: whole(1, 1440).default(30),
  /** The channel where new articles of the operator's FEEDS are announced (a server's own feeds name theirs). */
  FEED_ANNOUNCE_CHANNEL: snowflake.optional(),
  /** Topics a server may follow at once (/follow add). */
  FOLLOWS_PER_SERVER: whole(1, 1000).default(25),
  /** Articles posted per followed topic per hour; the rest wait for the next batch. */
  FOLLOW_POSTS_PER_HOUR: whole(1, 1000).default(10),
  /** Log each question's text (off by default: members' questions are theirs). */
  LOG_QUESTIONS: flag.default(false),
  /** json (default when stdout is not a terminal) or pretty (readable lines; default on a terminal). */
  LOG_FORMAT: z.string().trim().toLowerCase().pipe(z.enum(LOG_FORMATS)).optional(),
});

export type Config = z.infer<typeof Schema>;

/** Every key the bot reads (.env.example lists each). */
export const CONFIG_KEYS = Object.keys(Schema.shape) as (keyof Config)[];

/** Configuration is unusable; the message lists every bad key and how to fix it. */
export class ConfigError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('CONFIG_INVALID', message, hint);
  }
}

/** Running the compiled build (`npm start`), where tsx and the npm scripts of the checkout may be pruned away. */
const COMPILED = import.meta.url.includes('/dist/');

/** How to try the answers without Discord, in the mode the bot runs in. */
export const TRY_WITHOUT_DISCORD = COMPILED
  ? 'node dist/src/cli/ask.js "When did Colombia join BRI?"'
  : 'npm run ask -- "When did Colombia join BRI?"';

/** Where a bot token comes from. */
const TOKEN_FROM = 'copy it again from the Developer Portal (your application → Bot → Reset Token) into .env';

type Key = keyof Config;

/** How to set a key that is needed but missing. */
const MISSING = {
  DISCORD_TOKEN: `is missing: put the bot's token in .env (copy .env.example; Developer Portal → your application → Bot → Reset Token). To try the answers without Discord: ${TRY_WITHOUT_DISCORD}`,
  DISCORD_CLIENT_ID:
    'is missing: deploy-commands registers the commands for this application; copy its Application ID from the Developer Portal (your application → General Information) into .env',
  HTTP_PORT: 'is missing: INTERACTIONS=http serves POST /interactions on it; set it to a port such as 8080',
  DISCORD_PUBLIC_KEY:
    'is missing: INTERACTIONS=http verifies every request with it; copy the Public Key from the Developer Portal (your application → General Information) into .env',
} as const;

/**
 * What each key must be, the one place it is said: a bad value is the line "- KEY must be <rule>; got <value>"
 * (the value as given, but never a secret's). DISCORD_TOKEN's lines are its schema's own.
 */
const RULES: Record<Exclude<Key, 'DISCORD_TOKEN'>, string> = {
  DISCORD_CLIENT_ID: "the application's id, 17 to 20 digits (Developer Portal → your application → General Information → Application ID)",
  DISCORD_GUILD_ID:
    "a server's id, 17 to 20 digits (right-click the server with Developer Mode on → Copy Server ID), or unset to register the commands in every server",
  CORPUS_DIR: 'the directory that holds the articles (default ./corpus)',
  INDEX_SNAPSHOT: `a file the bot may write, or "" to rebuild the index at every start (default ${DEFAULT_INDEX_SNAPSHOT})`,
  INDEX_THREADS: "a whole number of threads from 1 (build in one thread) to 32, or unset to use the machine's cores (at most 4)",
  SERVER_INDEX_BUDGET_MB: 'a whole number of megabytes from 1 to 1000000 (default 256)',
  DISCORD_API_BASE: "an http or https URL such as http://127.0.0.1:8080/api, or unset to use Discord's own API",
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')} (default info)`,
  ASK_COOLDOWN_SECONDS: 'a whole number of seconds from 0 (no cooldown) to 3600 (default 5)',
  TIMELINE_COOLDOWN_SECONDS: 'a whole number of seconds from 0 (no cooldown) to 3600 (default 5)',
  FEEDBACK_LOG: 'a file name (default ./data/feedback.jsonl)',
  DATABASE_FILE: `a file the bot may write (default ${DEFAULT_DATABASE_FILE})`,
  DATABASE_URL:
    'a PostgreSQL URL such as postgres://newsdesk:secret@db.example:5432/newsdesk, or unset to keep the state in DATABASE_FILE (SQLite)',
  ANSWER_RETENTION_DAYS: 'a whole number of days from 1 to 3650 (default 90)',
  DEFAULT_PRIVATE:
    'true (/ask and /timeline reply privately unless a member picks private:false) or false (default: they reply in the channel)',
  MAX_QUOTES: 'a whole number of quotes per answer from 1 to 5 (default 3)',
  SHARDS: '1 (or unset: one process), a whole number of shards such as 2, or "auto" (as many as Discord recommends)',
  INTERACTIONS: 'gateway (default) or http',
  DISCORD_PUBLIC_KEY:
    "the application's public key, 64 hexadecimal characters (Developer Portal → your application → General Information → Public Key)",
  HTTP_PORT: 'a port number from 0 (any free port) to 65535, such as 8080, or unset for no HTTP server',
  HTTP_HOST: 'an address of this machine to listen on, such as 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)',
  SNAPSHOT_POLL_SECONDS: `a whole number of seconds from 0 (never check) to 3600 (default ${DEFAULT_SNAPSHOT_POLL_SECONDS})`,
  FETCH_ALLOW_PRIVATE: 'true (/article add and feeds may fetch from loopback and private networks) or false (default: refused)',
  FEEDS: 'a file of RSS or Atom addresses, one per line, or unset',
  FEED_INTERVAL_MINUTES: 'a whole number of minutes from 1 to 1440 (default 30)',
  FEED_ANNOUNCE_CHANNEL: "a channel's id, 17 to 20 digits (right-click the channel with Developer Mode on → Copy Channel ID), or unset",
  FOLLOWS_PER_SERVER: 'a whole number of topics from 1 to 1000 (default 25)',
  FOLLOW_POSTS_PER_HOUR: 'a whole number of articles from 1 to 1000 (default 10)',
  LOG_QUESTIONS: "true (each question's text is logged) or false (default)",
  LOG_FORMAT: `${LOG_FORMATS.join(' or ')}, or unset (pretty on a terminal, else json)`,
};

/** What was given, as the line about it may show it: never a secret, a long value shortened. */
function given(key: Key, value: string): string {
  if (key === 'DISCORD_PUBLIC_KEY') return `${value.trim().length} characters`;
  if (key === 'DATABASE_URL') {
    // Its password stays out of the logs; the scheme is what is usually wrong.
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value.trim());
    if (!scheme) return 'something that is not a URL';
    return /^postgres(ql)?$/i.test(scheme[1]) ? `a ${scheme[1]}:// URL with a space in it` : `a ${scheme[1]}:// URL`;
  }
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(shown);
}

/**
 * Parse the environment; `needClientId` for deploy-commands, which must name the application; `paths` for the
 * bot, which must be able to write its snapshot and its database: every problem is listed in one ConfigError.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { needClientId?: boolean; dotenv?: boolean; paths?: boolean } = {},
): Config {
  if (options.dotenv !== false) loadDotenv({ quiet: true });
  // Empty strings in .env mean "unset", as people write them (INDEX_SNAPSHOT="" means "no snapshot").
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && (v !== '' || k === 'INDEX_SNAPSHOT')));
  // In a shard process discord.js's ShardingManager sets SHARDS to the shard's own id ("0", "1"…), not ours.
  if (env.SHARDING_MANAGER) delete cleaned.SHARDS;
  const parsed = Schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    const said = new Set<string>();
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]) as Key;
      const value = cleaned[key];
      // One line per key, however many of its checks failed.
      if (said.has(key)) continue;
      said.add(key);
      if (key === 'DISCORD_TOKEN') problems.push(`- ${key} ${value === undefined ? MISSING.DISCORD_TOKEN : issue.message}`);
      else problems.push(`- ${key} must be ${RULES[key]}; got ${given(key, value ?? '')}`);
    }
  }
  if (options.needClientId && cleaned.DISCORD_CLIENT_ID === undefined) problems.push(`- DISCORD_CLIENT_ID ${MISSING.DISCORD_CLIENT_ID}`);
  // Rules between keys, read from what was given even when another key is wrong: every problem at once.
  const interactions = String(cleaned.INTERACTIONS ?? 'gateway')
    .trim()
    .toLowerCase();
  if (interactions === 'http') {
    // Discord sends HTTP interactions to one URL; the replicas behind it replace the gateway's shards.
    if (cleaned.HTTP_PORT === undefined) problems.push(`- HTTP_PORT ${MISSING.HTTP_PORT}`);
    if (cleaned.DISCORD_PUBLIC_KEY === undefined) problems.push(`- DISCORD_PUBLIC_KEY ${MISSING.DISCORD_PUBLIC_KEY}`);
    if (cleaned.SHARDS !== undefined && String(cleaned.SHARDS).trim() !== '1')
      problems.push('- SHARDS applies to INTERACTIONS=gateway only: in HTTP mode run more replicas instead, or unset SHARDS');
  }
  if (options.paths) problems.push(...pathProblems(cleaned));
  if (problems.length) throw new ConfigError(`Configuration problems:\n${problems.join('\n')}`);
  return parsed.data!;
}

/** Why the bot could not create or write `file`, or undefined when it can: checked before anything starts. */
export function unwritable(file: string): string | undefined {
  const target = path.resolve(file);
  try {
    const st = statSync(target);
    if (st.isDirectory()) return 'it is a directory';
    accessSync(target, constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `the file is not writable (${code})`;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return `it cannot be checked (${code})`;
  }
  // Not there yet: the nearest directory above it that exists must let the bot create what is missing.
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    try {
      const st = statSync(dir);
      if (!st.isDirectory()) return `${dir} is a file, not a directory`;
      accessSync(dir, constants.W_OK);
      return refusesEntries(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `the directory ${dir} is not writable (${code})`;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${dir} cannot be checked (${code})`;
      if (dir === path.dirname(dir)) return undefined;
    }
  }
}

/**
 * Whether `dir` refuses new entries although its permissions allow them (as root, /proc and /sys do): tried by
 * making and removing an empty directory in it.
 */
function refusesEntries(dir: string): string | undefined {
  try {
    rmdirSync(mkdtempSync(path.join(dir, '.newsdesk-check-')));
    return undefined;
  } catch (err) {
    return `the directory ${dir} refuses new entries (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

/** The files the bot writes, each checked. */
function pathProblems(cleaned: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const snapshot = cleaned.INDEX_SNAPSHOT ?? DEFAULT_INDEX_SNAPSHOT;
  const snapshotWhy = snapshot ? unwritable(snapshot) : undefined;
  if (snapshotWhy)
    problems.push(
      `- INDEX_SNAPSHOT ${snapshot} cannot be written: ${snapshotWhy}; point it at a file in a directory the bot may write to, or set INDEX_SNAPSHOT="" to rebuild at every start`,
    );
  if (cleaned.FEEDS) {
    try {
      accessSync(cleaned.FEEDS, constants.R_OK);
    } catch (err) {
      problems.push(
        `- FEEDS ${cleaned.FEEDS} cannot be read (${(err as NodeJS.ErrnoException).code}): create it with one RSS or Atom address per line, or unset FEEDS`,
      );
    }
  }
  if (!cleaned.DATABASE_URL) {
    const database = cleaned.DATABASE_FILE ?? './data/newsdesk.sqlite';
    const why = unwritable(database);
    if (why) problems.push(`- DATABASE_FILE ${database} cannot be written: ${why}; point it at a file in a directory the bot may write to`);
  }
  return problems;
}
