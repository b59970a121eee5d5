import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../src/discord/config.js';
import { replyVisibility } from '../src/discord/visibility.js';
import type { ChatInputCommandInteraction } from 'discord.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const load = (env: Record<string, string>, needClientId = false) => loadConfig(env, { dotenv: false, needClientId });

describe('configuration', () => {
  it('applies documented defaults', () => {
    const c = load({ DISCORD_TOKEN: TOKEN });
    expect(c).toMatchObject({ CORPUS_DIR: './corpus', LOG_LEVEL: 'info', ASK_COOLDOWN_SECONDS: 5, MAX_QUOTES: 3 });
  });

  it('lists every problem at once, with how to fix it, and never echoes the token', () => {
    const badToken = 'not-a-token-secret';
    let message = '';
    try {
      load({ DISCORD_TOKEN: badToken, LOG_LEVEL: 'loud', DISCORD_GUILD_ID: 'abc', DISCORD_API_BASE: 'nope' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const key of ['DISCORD_TOKEN', 'LOG_LEVEL', 'DISCORD_GUILD_ID', 'DISCORD_API_BASE']) expect(message).toContain(key);
    expect(message).not.toContain(badToken);
  });

  it('reads INTERACTIONS in any case, and says what numbers it takes', () => {
    expect(load({ DISCORD_TOKEN: TOKEN, INTERACTIONS: 'HTTP', HTTP_PORT: '8080', DISCORD_PUBLIC_KEY: 'a'.repeat(64) }).INTERACTIONS).toBe(
      'http',
    );
    const bad = () => load({ DISCORD_TOKEN: TOKEN, MAX_QUOTES: '9', ASK_COOLDOWN_SECONDS: 'soon' });
    expect(bad).toThrow('- MAX_QUOTES must be a whole number of quotes per answer from 1 to 5 (default 3); got "9"');
    expect(bad).toThrow('- ASK_COOLDOWN_SECONDS must be a whole number of seconds from 0 (no cooldown) to 3600 (default 5); got "soon"');
  });

  it('reads INDEX_THREADS as a thread count, unset by default, and explains a bad one', () => {
    expect(load({ DISCORD_TOKEN: TOKEN }).INDEX_THREADS).toBeUndefined();
    expect(load({ DISCORD_TOKEN: TOKEN, INDEX_THREADS: '2' }).INDEX_THREADS).toBe(2);
    expect(load({ DISCORD_TOKEN: TOKEN, INDEX_THREADS: '' }).INDEX_THREADS).toBeUndefined();
    expect(() => load({ DISCORD_TOKEN: TOKEN, INDEX_THREADS: 'two' })).toThrow(/INDEX_THREADS must be a whole number of threads from 1/);
    expect(() => load({ DISCORD_TOKEN: TOKEN, INDEX_THREADS: '0' })).toThrow(/INDEX_THREADS/);
  });

  it('reads DEFAULT_PRIVATE as false by default, true or false, and names a bad value', () => {
    expect(load({ DISCORD_TOKEN: TOKEN }).DEFAULT_PRIVATE).toBe(false);
    expect(load({ DISCORD_TOKEN: TOKEN, DEFAULT_PRIVATE: 'true' }).DEFAULT_PRIVATE).toBe(true);
    expect(load({ DISCORD_TOKEN: TOKEN, DEFAULT_PRIVATE: 'False' }).DEFAULT_PRIVATE).toBe(false);
    expect(() => load({ DISCORD_TOKEN: TOKEN, DEFAULT_PRIVATE: 'sometimes' })).toThrow(/DEFAULT_PRIVATE must be true \(.*\) or false/);
  });

  it('makes a reply private when the member asks, else as DEFAULT_PRIVATE says', () => {
    const asked = (choice: boolean | null) => ({ options: { getBoolean: () => choice } }) as unknown as ChatInputCommandInteraction;
    const publicServer = load({ DISCORD_TOKEN: TOKEN });
    const privateServer = load({ DISCORD_TOKEN: TOKEN, DEFAULT_PRIVATE: 'true' });
    expect([null, true, false].map((c) => replyVisibility(asked(c), publicServer))).toEqual(['public', 'ephemeral', 'public']);
    expect([null, true, false].map((c) => replyVisibility(asked(c), privateServer))).toEqual(['ephemeral', 'ephemeral', 'public']);
  });

  it('explains a missing token and points to the offline CLI', () => {
    expect(() => load({})).toThrow(/DISCORD_TOKEN is missing.*npm run ask/s);
  });

  it('requires the application id only for deploying commands', () => {
    expect(() => load({ DISCORD_TOKEN: TOKEN }, true)).toThrow(/DISCORD_CLIENT_ID is missing/);
    expect(() => load({}, true)).toThrow(/DISCORD_TOKEN is missing.*DISCORD_CLIENT_ID is missing/s);
    expect(load({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '123456789012345678' }, true).DISCORD_CLIENT_ID).toBe('123456789012345678');
  });

  it('reads SHARDS as 1 by default, a shard count, or "auto", and names a bad value', () => {
    expect(load({ DISCORD_TOKEN: TOKEN }).SHARDS).toBe(1);
    expect(load({ DISCORD_TOKEN: TOKEN, SHARDS: '' }).SHARDS).toBe(1);
    expect(load({ DISCORD_TOKEN: TOKEN, SHARDS: '4' }).SHARDS).toBe(4);
    expect(load({ DISCORD_TOKEN: TOKEN, SHARDS: ' Auto ' }).SHARDS).toBe('auto');
    for (const bad of ['0', '-2', 'two', '1.5', '1e3']) {
      expect(() => load({ DISCORD_TOKEN: TOKEN, SHARDS: bad })).toThrow(
        `- SHARDS must be 1 (or unset: one process), a whole number of shards such as 2, or "auto" (as many as Discord recommends); got "${bad}"`,
      );
    }
    expect(() => load({ SHARDS: 'many' })).toThrow(/DISCORD_TOKEN is missing.*SHARDS must be/s);
  });

  it('ignores SHARDS in a shard process, where discord.js sets it to the shard id', () => {
    expect(load({ DISCORD_TOKEN: TOKEN, SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '2' }).SHARDS).toBe(1);
  });

  it('runs the gateway with no HTTP server by default; HTTP mode needs HTTP_PORT and DISCORD_PUBLIC_KEY, and no SHARDS', () => {
    expect(load({ DISCORD_TOKEN: TOKEN })).toMatchObject({ INTERACTIONS: 'gateway', SNAPSHOT_POLL_SECONDS: 10, LOG_QUESTIONS: false });
    expect(load({ DISCORD_TOKEN: TOKEN }).HTTP_PORT).toBeUndefined();
    const key = 'a'.repeat(64);
    expect(load({ DISCORD_TOKEN: TOKEN, INTERACTIONS: 'http', HTTP_PORT: '8080', DISCORD_PUBLIC_KEY: key })).toMatchObject({
      INTERACTIONS: 'http',
      HTTP_PORT: 8080,
      HTTP_HOST: '0.0.0.0',
    });
    let message = '';
    try {
      load({ DISCORD_TOKEN: TOKEN, INTERACTIONS: 'http', SHARDS: '2' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/HTTP_PORT is missing/);
    expect(message).toMatch(/DISCORD_PUBLIC_KEY is missing/);
    expect(message).toMatch(/SHARDS applies to INTERACTIONS=gateway only/);
    expect(() => load({ DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: 'xyz' })).toThrow(/DISCORD_PUBLIC_KEY must be .*64 hexadecimal/);
    expect(() => load({ DISCORD_TOKEN: TOKEN, INTERACTIONS: 'webhook' })).toThrow(/INTERACTIONS .*gateway \(default\) or http/s);
    expect(() => load({ DISCORD_TOKEN: TOKEN, HTTP_PORT: '70000' })).toThrow(/HTTP_PORT/);
    expect(() => load({ DISCORD_TOKEN: TOKEN, LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
    expect(load({ DISCORD_TOKEN: TOKEN, LOG_QUESTIONS: 'yes' }).LOG_QUESTIONS).toBe(true);
  });
});

describe('what an operator reads for each setting', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'a-file'), '');
  const underFile = (name: string) => path.join(dir, 'a-file', name);
  // The files the bot writes, somewhere it may, for the rows that check paths.
  const writable = { INDEX_SNAPSHOT: path.join(dir, 'index.snapshot'), DATABASE_FILE: path.join(dir, 'newsdesk.sqlite') };
  const ask = 'npm run ask -- "When did Colombia join BRI?"';
  const password = 's3cret-pw';

  /** A bad value for a key (beside a good token), and the one line the bot prints for it; or why no value is bad. */
  const rows: { key: string; env: Record<string, string>; line: string; paths?: boolean }[] = [
    {
      key: 'DISCORD_TOKEN',
      env: { DISCORD_TOKEN: '' },
      line: `- DISCORD_TOKEN is missing: put the bot's token in .env (copy .env.example; Developer Portal → your application → Bot → Reset Token). To try the answers without Discord: ${ask}`,
    },
    {
      key: 'DISCORD_TOKEN',
      env: { DISCORD_TOKEN: '   ' },
      line: `- DISCORD_TOKEN is missing: put the bot's token in .env (copy .env.example; Developer Portal → your application → Bot → Reset Token). To try the answers without Discord: ${ask}`,
    },
    {
      key: 'DISCORD_TOKEN',
      env: { DISCORD_TOKEN: `Bot ${TOKEN}` },
      line: '- DISCORD_TOKEN starts with "Bot ": put the token alone in .env, without the "Bot " that goes before it in a request header',
    },
    {
      key: 'DISCORD_TOKEN',
      env: { DISCORD_TOKEN: 'my-secret-token' },
      line: '- DISCORD_TOKEN does not look like a bot token (three parts separated by dots, such as MTA…xyz.Gh…12.a…Z): copy it again from the Developer Portal (your application → Bot → Reset Token) into .env',
    },
    {
      key: 'DISCORD_CLIENT_ID',
      env: { DISCORD_CLIENT_ID: 'my-bot' },
      line: '- DISCORD_CLIENT_ID must be the application\'s id, 17 to 20 digits (Developer Portal → your application → General Information → Application ID); got "my-bot"',
    },
    {
      key: 'DISCORD_GUILD_ID',
      env: { DISCORD_GUILD_ID: '1234' },
      line: '- DISCORD_GUILD_ID must be a server\'s id, 17 to 20 digits (right-click the server with Developer Mode on → Copy Server ID), or unset to register the commands in every server; got "1234"',
    },
    {
      key: 'CORPUS_DIR',
      env: { CORPUS_DIR: '/nope', INDEX_SNAPSHOT: '', DATABASE_FILE: writable.DATABASE_FILE },
      // Any text is a directory's name: one that is not there stops the start (tests/messages.e2e.test.ts).
      line: '',
    },
    {
      key: 'INDEX_SNAPSHOT',
      env: { INDEX_SNAPSHOT: underFile('index.snapshot'), DATABASE_FILE: writable.DATABASE_FILE },
      paths: true,
      line: `- INDEX_SNAPSHOT ${underFile('index.snapshot')} cannot be written: ${path.join(dir, 'a-file')} is a file, not a directory; point it at a file in a directory the bot may write to, or set INDEX_SNAPSHOT="" to rebuild at every start`,
    },
    {
      key: 'INDEX_THREADS',
      env: { INDEX_THREADS: 'two' },
      line: '- INDEX_THREADS must be a whole number of threads from 1 (build in one thread) to 32, or unset to use the machine\'s cores (at most 4); got "two"',
    },
    {
      key: 'SERVER_INDEX_BUDGET_MB',
      env: { SERVER_INDEX_BUDGET_MB: '1.5' },
      line: '- SERVER_INDEX_BUDGET_MB must be a whole number of megabytes from 1 to 1000000 (default 256); got "1.5"',
    },
    {
      key: 'DISCORD_API_BASE',
      env: { DISCORD_API_BASE: 'localhost:8080' },
      line: '- DISCORD_API_BASE must be an http or https URL such as http://127.0.0.1:8080/api, or unset to use Discord\'s own API; got "localhost:8080"',
    },
    {
      key: 'LOG_LEVEL',
      env: { LOG_LEVEL: 'loud' },
      line: '- LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (default info); got "loud"',
    },
    {
      key: 'ASK_COOLDOWN_SECONDS',
      env: { ASK_COOLDOWN_SECONDS: 'soon' },
      line: '- ASK_COOLDOWN_SECONDS must be a whole number of seconds from 0 (no cooldown) to 3600 (default 5); got "soon"',
    },
    {
      key: 'TIMELINE_COOLDOWN_SECONDS',
      env: { TIMELINE_COOLDOWN_SECONDS: '7200' },
      line: '- TIMELINE_COOLDOWN_SECONDS must be a whole number of seconds from 0 (no cooldown) to 3600 (default 5); got "7200"',
    },
    {
      key: 'FEEDBACK_LOG',
      env: { FEEDBACK_LOG: '/nope/feedback.jsonl' },
      // Any text is a file's name: where an earlier version kept the votes, read only if it is there.
      line: '',
    },
    {
      key: 'DATABASE_FILE',
      env: { DATABASE_FILE: underFile('newsdesk.sqlite'), INDEX_SNAPSHOT: '' },
      paths: true,
      line: `- DATABASE_FILE ${underFile('newsdesk.sqlite')} cannot be written: ${path.join(dir, 'a-file')} is a file, not a directory; point it at a file in a directory the bot may write to`,
    },
    {
      key: 'DATABASE_URL',
      env: { DATABASE_URL: `mysql://newsdesk:${password}@db.example/newsdesk` },
      line: '- DATABASE_URL must be a PostgreSQL URL such as postgres://newsdesk:secret@db.example:5432/newsdesk, or unset to keep the state in DATABASE_FILE (SQLite); got a mysql:// URL',
    },
    {
      key: 'DATABASE_URL',
      env: { DATABASE_URL: `postgres://newsdesk:${password} @db.example/newsdesk` },
      line: '- DATABASE_URL must be a PostgreSQL URL such as postgres://newsdesk:secret@db.example:5432/newsdesk, or unset to keep the state in DATABASE_FILE (SQLite); got a postgres:// URL with a space in it',
    },
    {
      key: 'ANSWER_RETENTION_DAYS',
      env: { ANSWER_RETENTION_DAYS: '0' },
      line: '- ANSWER_RETENTION_DAYS must be a whole number of days from 1 to 3650 (default 90); got "0"',
    },
    {
      key: 'DEFAULT_PRIVATE',
      env: { DEFAULT_PRIVATE: 'sometimes' },
      line: '- DEFAULT_PRIVATE must be true (/ask and /timeline reply privately unless a member picks private:false) or false (default: they reply in the channel); got "sometimes"',
    },
    {
      key: 'MAX_QUOTES',
      env: { MAX_QUOTES: '9' },
      line: '- MAX_QUOTES must be a whole number of quotes per answer from 1 to 5 (default 3); got "9"',
    },
    {
      key: 'SHARDS',
      env: { SHARDS: 'many' },
      line: '- SHARDS must be 1 (or unset: one process), a whole number of shards such as 2, or "auto" (as many as Discord recommends); got "many"',
    },
    {
      key: 'INTERACTIONS',
      env: { INTERACTIONS: 'webhook' },
      line: '- INTERACTIONS must be gateway (default) or http; got "webhook"',
    },
    {
      key: 'DISCORD_PUBLIC_KEY',
      env: { DISCORD_PUBLIC_KEY: 'f'.repeat(63) + 'g' },
      line: "- DISCORD_PUBLIC_KEY must be the application's public key, 64 hexadecimal characters (Developer Portal → your application → General Information → Public Key); got 64 characters",
    },
    {
      key: 'HTTP_PORT',
      env: { HTTP_PORT: '70000' },
      line: '- HTTP_PORT must be a port number from 0 (any free port) to 65535, such as 8080, or unset for no HTTP server; got "70000"',
    },
    {
      key: 'HTTP_HOST',
      env: { HTTP_HOST: '   ' },
      // A name is only known not to be this machine's when the server tries it (tests/messages.e2e.test.ts).
      line: '- HTTP_HOST must be an address of this machine to listen on, such as 0.0.0.0 (every interface) or 127.0.0.1 (this machine only); got "   "',
    },
    {
      key: 'SNAPSHOT_POLL_SECONDS',
      env: { SNAPSHOT_POLL_SECONDS: '1e3' },
      line: '- SNAPSHOT_POLL_SECONDS must be a whole number of seconds from 0 (never check) to 3600 (default 10); got "1e3"',
    },
    {
      key: 'FETCH_ALLOW_PRIVATE',
      env: { FETCH_ALLOW_PRIVATE: 'maybe' },
      line: '- FETCH_ALLOW_PRIVATE must be true (/article add and feeds may fetch from loopback and private networks) or false (default: refused); got "maybe"',
    },
    {
      key: 'FEEDS',
      env: { FEEDS: path.join(dir, 'feeds.txt'), ...writable },
      paths: true,
      line: `- FEEDS ${path.join(dir, 'feeds.txt')} cannot be read (ENOENT): create it with one RSS or Atom address per line, or unset FEEDS`,
    },
    {
      key: 'FEED_INTERVAL_MINUTES',
      env: { FEED_INTERVAL_MINUTES: 'hourly' },
      line: '- FEED_INTERVAL_MINUTES must be a whole number of minutes from 1 to 1440 (default 30); got "hourly"',
    },
    {
      key: 'FEED_ANNOUNCE_CHANNEL',
      env: { FEED_ANNOUNCE_CHANNEL: '#news' },
      line: '- FEED_ANNOUNCE_CHANNEL must be a channel\'s id, 17 to 20 digits (right-click the channel with Developer Mode on → Copy Channel ID), or unset; got "#news"',
    },
    {
      key: 'FOLLOWS_PER_SERVER',
      env: { FOLLOWS_PER_SERVER: '0' },
      line: '- FOLLOWS_PER_SERVER must be a whole number of topics from 1 to 1000 (default 25); got "0"',
    },
    {
      key: 'FOLLOW_POSTS_PER_HOUR',
      env: { FOLLOW_POSTS_PER_HOUR: 'ten' },
      line: '- FOLLOW_POSTS_PER_HOUR must be a whole number of articles from 1 to 1000 (default 10); got "ten"',
    },
    {
      key: 'LOG_QUESTIONS',
      env: { LOG_QUESTIONS: 'y' },
      line: '- LOG_QUESTIONS must be true (each question\'s text is logged) or false (default); got "y"',
    },
    {
      key: 'LOG_FORMAT',
      env: { LOG_FORMAT: 'xml' },
      line: '- LOG_FORMAT must be json or pretty, or unset (pretty on a terminal, else json); got "xml"',
    },
  ];

  it('has a row for every key, and .env.example lists every key', () => {
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(CONFIG_KEYS));
    const example = [...readFileSync(path.join(import.meta.dirname, '..', '.env.example'), 'utf8').matchAll(/^([A-Z_]+)=/gm)].map(
      (m) => m[1],
    );
    expect([...example].sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it.each(rows.map((r) => [r.key, JSON.stringify(r.env[r.key] ?? null), r] as const))('%s=%s', (_key, _value, row) => {
    const env = { DISCORD_TOKEN: TOKEN, ...row.env };
    let message: string | undefined;
    try {
      loadConfig(env, { dotenv: false, paths: row.paths });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toBe(row.line ? `Configuration problems:\n${row.line}` : undefined);
    // Secrets are never shown: the token, the public key, a database password.
    for (const secret of ['my-secret-token', TOKEN, 'f'.repeat(63), password]) expect(message ?? '').not.toContain(secret);
  });
});
