/**
 * What an operator reads when the bot cannot start (issue 26): the start-up check lists every problem at once,
 * rules between keys and files it must write included, and each message points the right way for the bot.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { E2E_TEST_TIMEOUT_MS } from './support/fake-discord.js';

const ROOT = path.join(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run dev` as an operator starts it, with only `env` set (no .env): its exit code and what it printed. */
function startBot(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/discord/bot.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', HOME: dir, ...env },
    stdio: 'pipe',
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('the bot’s start-up messages', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  it('lists every configuration problem in one message: a "Bot " token, a bad value, a rule between keys, files it cannot write', async () => {
    writeFileSync(path.join(dir, 'a-file'), '');
    const { code, out } = await startBot({
      DISCORD_TOKEN: 'Bot MTIz.GaBc.abcd',
      INTERACTIONS: 'http',
      MAX_QUOTES: '9',
      CORPUS_DIR: path.join(ROOT, 'corpus'),
      INDEX_SNAPSHOT: path.join(dir, 'a-file', 'index.snapshot'),
      DATABASE_FILE: path.join(dir, 'a-file', 'newsdesk.sqlite'),
    });
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('Configuration problems:');
    expect(lines).toContain(
      '- DISCORD_TOKEN starts with "Bot ": put the token alone in .env, without the "Bot " that goes before it in a request header',
    );
    expect(lines).toContain('- MAX_QUOTES must be a whole number of quotes per answer from 1 to 5 (default 3); got "9"');
    expect(lines).toContain('- HTTP_PORT is missing: INTERACTIONS=http serves POST /interactions on it; set it to a port such as 8080');
    expect(lines).toContain(
      '- DISCORD_PUBLIC_KEY is missing: INTERACTIONS=http verifies every request with it; copy the Public Key from the Developer Portal (your application → General Information) into .env',
    );
    expect(lines).toContain(
      `- INDEX_SNAPSHOT ${path.join(dir, 'a-file', 'index.snapshot')} cannot be written: ${path.join(dir, 'a-file')} is a file, not a directory; point it at a file in a directory the bot may write to, or set INDEX_SNAPSHOT="" to rebuild at every start`,
    );
    expect(lines).toContain(
      `- DATABASE_FILE ${path.join(dir, 'a-file', 'newsdesk.sqlite')} cannot be written: ${path.join(dir, 'a-file')} is a file, not a directory; point it at a file in a directory the bot may write to`,
    );
    expect(lines).toHaveLength(7);
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('says how to fix a missing corpus the bot’s way, and a network failure without pointing at an unset key', async () => {
    const base = { DISCORD_TOKEN: 'MTIz.GaBc.abcd', INDEX_SNAPSHOT: '', DATABASE_FILE: path.join(dir, 'db', 'newsdesk.sqlite') };
    const nope = await startBot({ ...base, CORPUS_DIR: '/nope' });
    expect(nope.code).toBe(1);
    const [opened, ...rest] = nope.out.trim().split('\n');
    // Where the database is comes first: a mistyped DATABASE_FILE shows as a new database in an unexpected place.
    expect(JSON.parse(opened)).toMatchObject({ level: 'info', msg: 'database created', path: base.DATABASE_FILE, created: true });
    expect(rest).toEqual([
      'error: corpus directory /nope does not exist; create it (mkdir -p /nope) and add articles, or point CORPUS_DIR in .env at the directory that holds the articles.',
    ]);
    // discord.com cannot be reached from the test machines: the bot says so, and does not blame DISCORD_API_BASE.
    const offline = await startBot({ ...base, CORPUS_DIR: path.join(ROOT, 'corpus') });
    expect(offline.code).toBe(1);
    // The last line: the log lines before it say the index loaded.
    expect(offline.out.trim().split('\n').at(-1)).toMatch(
      /^error: cannot reach Discord \((ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|ENETUNREACH)\); check this machine's network connection and DNS\.$/,
    );
  });
});

describe('start-up failures that name the setting at fault', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  const base = { DISCORD_TOKEN: 'MTIz.GaBc.abcd', INDEX_SNAPSHOT: '', CORPUS_DIR: path.join(ROOT, 'corpus') };

  it('an HTTP_HOST that is no address of this machine: the HTTP server cannot listen, and the bot says so, not that Discord is unreachable', async () => {
    const { code, out } = await startBot({
      ...base,
      DATABASE_FILE: path.join(dir, 'host', 'newsdesk.sqlite'),
      INTERACTIONS: 'http',
      DISCORD_PUBLIC_KEY: 'a'.repeat(64),
      HTTP_PORT: '0',
      HTTP_HOST: 'notanaddress',
    });
    expect(code).toBe(1);
    // A name that does not resolve is ENOTFOUND, or EAI_AGAIN on a machine without a resolver.
    expect(out.replace(/\((ENOTFOUND|EAI_AGAIN)\)/, '(ENOTFOUND)').trim()).toBe(
      "error: HTTP_HOST notanaddress is not an address of this machine (ENOTFOUND), so the HTTP server cannot listen on it; set HTTP_HOST to 0.0.0.0 (every interface), 127.0.0.1 (this machine only) or one of this machine's own addresses.",
    );
  });

  it('a DISCORD_API_BASE that answers 404: the setting, what it answered to which request, and the way out, with no stack', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    try {
      const { code, out } = await startBot({ ...base, DATABASE_FILE: path.join(dir, 'api', 'newsdesk.sqlite'), DISCORD_API_BASE: api });
      expect(code).toBe(1);
      // The last line: the log lines before it say the database opened and the index loaded.
      expect(out.trim().split('\n').at(-1)).toBe(
        `error: DISCORD_API_BASE ${api} answered 404 to GET /gateway/bot, which Discord's API answers; unset DISCORD_API_BASE to use Discord's own API, or point it at the base URL of the API to use instead, such as http://127.0.0.1:8080/api.`,
      );
      expect(out).not.toMatch(/DiscordAPIError|\n\s+at /);
      expect(requests).toEqual(['GET /api/v10/gateway/bot']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('deploy-commands failures', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  it('names the setting to look at: the token, the server, the application, or the network', async () => {
    const { deployCommands, deployFailure } = await import('../src/discord/deploy-commands.js');
    const { freePort } = await import('./support/postgres.js');
    const env = {
      DISCORD_TOKEN: 'MTIz.GaBc.abcd',
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_API_BASE: `http://127.0.0.1:${await freePort()}/api`,
    };
    const refused = await deployCommands(env).then(
      () => undefined,
      (err: Error & { cause?: { code?: string } }) => err,
    );
    expect(deployFailure(refused!, env)).toBe(
      `error: cannot reach Discord (ECONNREFUSED at ${env.DISCORD_API_BASE}); check the network, or unset DISCORD_API_BASE to use Discord's own address.`,
    );
    const status = (n: number) => Object.assign(new Error('Missing Access'), { status: n });
    expect(deployFailure(status(401), env)).toMatch(/^error: Discord rejected DISCORD_TOKEN; reset it/);
    expect(deployFailure(status(403), { ...env, DISCORD_GUILD_ID: '223456789012345678' })).toMatch(
      /DISCORD_GUILD_ID's server \(403\): invite the bot/,
    );
    // Against another API base, the base is named first: a wrong one answers 404 to every path.
    expect(deployFailure(status(404), env)).toBe(
      `error: ${env.DISCORD_API_BASE} knows no such application or server (404): check DISCORD_API_BASE (unset it to use Discord's own API, or give the API's base URL, such as http://127.0.0.1:8080/api), then DISCORD_CLIENT_ID and DISCORD_GUILD_ID.`,
    );
    const { DISCORD_API_BASE: _unused, ...discords } = env;
    expect(deployFailure(status(404), discords)).toMatch(
      /^error: Discord knows no such application or server \(404\): check DISCORD_CLIENT_ID/,
    );
  });
});
