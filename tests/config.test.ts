import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/discord/config.js';
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
    expect(bad).toThrow(/- MAX_QUOTES .*: a whole number from 1 to 5 \(default 3\)/);
    expect(bad).toThrow(/- ASK_COOLDOWN_SECONDS .*: seconds from 0 \(no cooldown\) to 3600 \(default 5\)/);
  });

  it('reads INDEX_THREADS as a thread count, unset by default, and explains a bad one', () => {
    expect(load({ DISCORD_TOKEN: TOKEN }).INDEX_THREADS).toBeUndefined();
    expect(load({ DISCORD_TOKEN: TOKEN, INDEX_THREADS: '2' }).INDEX_THREADS).toBe(2);
    expect(load({ DISCORD_TOKEN: TOKEN, INDEX_THREADS: '' }).INDEX_THREADS).toBeUndefined();
    expect(() => load({ DISCORD_TOKEN: TOKEN, INDEX_THREADS: 'two' })).toThrow(/INDEX_THREADS.*whole number from 1/s);
    expect(() => load({ DISCORD_TOKEN: TOKEN, INDEX_THREADS: '0' })).toThrow(/INDEX_THREADS/);
  });

  it('reads DEFAULT_PRIVATE as false by default, true or false, and names a bad value', () => {
    expect(load({ DISCORD_TOKEN: TOKEN }).DEFAULT_PRIVATE).toBe(false);
    expect(load({ DISCORD_TOKEN: TOKEN, DEFAULT_PRIVATE: 'true' }).DEFAULT_PRIVATE).toBe(true);
    expect(load({ DISCORD_TOKEN: TOKEN, DEFAULT_PRIVATE: 'False' }).DEFAULT_PRIVATE).toBe(false);
    expect(() => load({ DISCORD_TOKEN: TOKEN, DEFAULT_PRIVATE: 'sometimes' })).toThrow(/DEFAULT_PRIVATE must be true or false/);
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
        new RegExp(
          `SHARDS must be a positive whole number or "auto", not "${bad.replace('.', '\\.')}".*"auto" as many as Discord recommends`,
        ),
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
    expect(() => load({ DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: 'xyz' })).toThrow(/DISCORD_PUBLIC_KEY must be 64 hexadecimal/);
    expect(() => load({ DISCORD_TOKEN: TOKEN, INTERACTIONS: 'webhook' })).toThrow(/INTERACTIONS .*gateway \(default\) or http/s);
    expect(() => load({ DISCORD_TOKEN: TOKEN, HTTP_PORT: '70000' })).toThrow(/HTTP_PORT/);
    expect(() => load({ DISCORD_TOKEN: TOKEN, LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT.*json, pretty/s);
    expect(load({ DISCORD_TOKEN: TOKEN, LOG_QUESTIONS: 'yes' }).LOG_QUESTIONS).toBe(true);
  });
});
