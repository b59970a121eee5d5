/**
 * SHARDS: `npm start` as a shard manager (discord.js's ShardingManager, real child processes) against the fake
 * Discord with two shards. Each shard answers on its own gateway session from the same snapshot, and a
 * /reindex on one shard reaches the other.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeReindex } from '../commands/reindex.js';
import { IndexService, ReindexFailedError, type ReindexResult } from '../src/index/index-service.js';
import {
  allowedMentionsOf,
  answerQuotes,
  answerSources,
  botEnv,
  carriesMessage,
  E2E_TEST_TIMEOUT_MS,
  FakeDiscord,
  isEphemeral,
  messageBody,
  NO_PINGS,
  type InteractionHandle,
} from './support/fake-discord.js';

const ROOT = path.join(import.meta.dirname, '..');
/** Waits on the shard processes: many times what they take on a loaded 2-core machine (see DEFAULT_WAIT_MS). */
const SHARD_WAIT_MS = 120_000;
/** Starting the manager and both shards (the first builds the index): about 25 s on a loaded machine. */
const STARTUP_WAIT_MS = 180_000;
const TIMEOUT = E2E_TEST_TIMEOUT_MS;
const MODERATOR = 0x20n; // Manage Server

let fake: FakeDiscord;
let dir: string;
let manager: ChildProcessWithoutNullStreams;
let output = '';

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...botEnv(fake, dir, { LOG_LEVEL: 'info', ...extra }) };
}

/** The JSON log lines of the manager and its shards (which share its stdout). */
function logs(): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

/** Log lines arrive on a pipe, so they can trail the REST requests they describe by a moment. */
async function waitForLogs(
  pred: (l: Record<string, unknown>) => boolean,
  count: number,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = logs().filter(pred);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function shardPids(): number[] {
  return logs()
    .filter((l) => l.msg === 'shard started')
    .map((l) => l.pid as number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function finalMessage(handle: InteractionHandle) {
  await handle.waitForMessage(SHARD_WAIT_MS);
  return handle.lastMessage();
}

/** Every message this interaction sent or edited so far pings no one. */
function expectNoPingsIn(handle: InteractionHandle, what: string): void {
  const sent = handle.requests().filter(carriesMessage);
  expect(sent.length, `${what}: messages sent`).toBeGreaterThan(0);
  for (const r of sent)
    expect(allowedMentionsOf(messageBody(r)), `${what} (${r.method} ${r.path.replace(/tok_[\w-]+/, 'tok_…')})`).toEqual(NO_PINGS);
}

/**
 * The last content of a /reindex reply once it is no longer a progress note: an edit of the private
 * "thinking…" (report, failure, busy on another shard) or an immediate private reply (busy on this shard).
 */
async function reindexReply(handle: InteractionHandle): Promise<string> {
  await fake.waitForRequest(
    (r) =>
      r.path.includes(handle.token) && carriesMessage(r) && /Reindexed|already running|Reindex failed/.test(messageBody(r)?.content ?? ''),
    SHARD_WAIT_MS,
  );
  expect(isEphemeral(handle.lastMessage().flags), 'a /reindex reply is private').toBe(true);
  expectNoPingsIn(handle, '/reindex reply');
  return handle.lastMessage().content as string;
}

/** Shard N serves /healthz on HTTP_PORT + N: a port whose next one is free too. */
let httpPort: number;

async function twoFreePorts(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await free(port)) && (await free(port + 1))) return port;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-shards-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  // Discord recommends 2 shards and lets 2 identify at once, so the second starts without a 5 s wait.
  fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 2 });
  httpPort = await twoFreePorts();
  manager = spawn(process.execPath, ['--import', 'tsx', 'src/discord/bot.ts'], {
    cwd: ROOT,
    // A /timeline cooldown, to see it hold across the shards' processes (/ask has none here).
    env: env({ SHARDS: 'auto', HTTP_PORT: String(httpPort), HTTP_HOST: '127.0.0.1', TIMELINE_COOLDOWN_SECONDS: '60' }),
    stdio: 'pipe',
  });
  manager.stdout.on('data', (d) => {
    output += d;
  });
  manager.stderr.on('data', (d) => {
    output += d;
  });
  await fake.waitForReady({ shards: 2, timeoutMs: STARTUP_WAIT_MS });
}, STARTUP_WAIT_MS + 20_000);

afterAll(async () => {
  if (manager && manager.exitCode === null && manager.signalCode === null) manager.kill('SIGKILL');
  for (const pid of shardPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

describe('SHARDS=auto', { timeout: TIMEOUT }, () => {
  it('starts the number of shards Discord recommends, one process each; only the first builds the index', () => {
    expect(logs().find((l) => l.msg === 'starting shards')).toMatchObject({ shards: 2, from: 'Discord' });
    const pids = shardPids();
    expect(pids).toHaveLength(2);
    expect(new Set([...pids, manager.pid]).size).toBe(3);
    const sources = Object.fromEntries(
      logs()
        .filter((l) => l.msg === 'index ready')
        .map((l) => [l.shard, l.source]),
    );
    expect(sources).toEqual({ 0: 'built', 1: 'snapshot' });
    expect(existsSync(path.join(dir, 'index.snapshot'))).toBe(true);
  });

  it('answers /ask on shard 0 and on shard 1, the newest report first', async () => {
    for (const shard of [0, 1]) {
      const handle = await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' }, { shard });
      const message = await finalMessage(handle);
      // First, not merely present: the 2025 report that Colombia joined, before the 2023 "has yet to join".
      const [first] = answerQuotes(message.embeds[0]);
      expect(first.text, `shard ${shard}`).toMatch(/^On Monday Petro said Colombia would join the Belt and Road Initiative/);
      expect(answerSources(message.embeds[0]).get(first.refs[0]), `shard ${shard}`).toContain('TRT World');
      expect(isEphemeral(message.flags), `shard ${shard}: /ask answers publicly`).toBe(false);
      expectNoPingsIn(handle, `/ask answer on shard ${shard}`);
    }
    const handled = await waitForLogs((l) => l.msg === 'interaction handled' && l.command === 'ask', 2);
    expect(handled.map((l) => l.shard).sort()).toEqual([0, 1]);
    // Each shard's /healthz and /metrics, on HTTP_PORT + its id.
    for (const shard of [0, 1]) {
      const health = await fetch(`http://127.0.0.1:${httpPort + shard}/healthz`);
      expect(health.status, `shard ${shard}`).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ready', mode: 'gateway', gateway: { ready: true }, index: { articles: 2 } });
      const metrics = await (await fetch(`http://127.0.0.1:${httpPort + shard}/metrics`)).text();
      expect(metrics, `shard ${shard}`).toMatch(/^newsdesk_interactions_total\{command="ask",outcome="answered"\} 1$/m);
    }
  });

  it('serves a button in another shard’s process than the one that answered (the answer is read from the shared database)', async () => {
    const ask = await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?' }, { shard: 0 });
    const message = await finalMessage(ask);
    const shown = await (await fake.sendButton(`ctx:${ask.id}`, message, { shard: 1 })).waitForCallback();
    expect(shown.body.data.embeds[0].description).toContain('Xi also pledged $9.2 billion in credit towards');
    const vote = await (await fake.sendButton(`vote:${ask.id}:up`, message, { shard: 1 })).waitForCallback();
    expect(vote.body.data.content).toBe('Thanks — your 👍 is recorded.');
    // The same member's 👍 again, on the shard that answered: one vote, whichever process gets it.
    const again = await (await fake.sendButton(`vote:${ask.id}:up`, message, { shard: 0 })).waitForCallback();
    expect(again.body.data.content).toBe('Your 👍 was already recorded.');
  });

  it('holds a member’s cooldown across the shards’ processes', async () => {
    const member = '600000000000000001';
    await finalMessage(await fake.sendCommand('timeline', { topic: 'BRI' }, { shard: 0, userId: member }));
    const again = await fake.sendCommand('timeline', { topic: 'BRI' }, { shard: 1, userId: member });
    expect((await again.waitForCallback(SHARD_WAIT_MS)).body.data.content).toMatch(
      /^Slow down a little: you can use \/timeline again in \d+ s\.$/,
    );
  });

  it('/reindex on shard 1 rebuilds once, and shard 0 then answers from the new article', async () => {
    writeFileSync(
      path.join(dir, 'corpus', 'new-article.md'),
      [
        '---',
        'title: "Colombia opens a new metro line"',
        'source: "Test Wire"',
        'date: 2025-06-02',
        '---',
        '',
        'The first line of the Bogota Metro opened to passengers on Sunday, officials said.',
        '',
      ].join('\n'),
    );
    const report = await reindexReply(await fake.sendCommand('reindex', {}, { shard: 1, permissions: MODERATOR }));
    expect(report).toMatch(/^Reindexed in .* \(read the 1 new or changed file, reused the rest\): 3 articles, .*\(2 shards updated\)/);
    expect(report).toContain('+ added 1: “Colombia opens a new metro line” (new-article)');
    const reloaded = await waitForLogs((l) => l.msg === 'index reloaded after a reindex on another shard', 1);
    expect(reloaded.map((l) => l.shard)).toEqual([0]);

    const message = await finalMessage(
      await fake.sendCommand('ask', { question: 'When did the first Bogota Metro line open?' }, { shard: 0 }),
    );
    expect(answerQuotes(message.embeds[0])[0].text).toContain('opened to passengers on Sunday');
  });

  it('tells a /reindex on one shard that a reindex is already running on the other', async () => {
    const [a, b] = await Promise.all([
      fake.sendCommand('reindex', {}, { shard: 0, permissions: MODERATOR }),
      fake.sendCommand('reindex', {}, { shard: 1, permissions: MODERATOR }),
    ]);
    const replies = await Promise.all([reindexReply(a), reindexReply(b)]);
    expect(replies.filter((r) => r.startsWith('Reindexed'))).toHaveLength(1);
    expect(replies.filter((r) => /^A reindex is already running on shard [01];/.test(r))).toHaveLength(1);
  });

  it('stops every shard on SIGTERM, and never logs the token', async () => {
    const exited = new Promise<number | null>((resolve) => manager.once('exit', resolve));
    manager.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(shardPids().filter(alive)).toEqual([]);
    expect(output).not.toContain(fake.token);
  });
});

describe('SHARDS=2 with a token Discord rejects', { timeout: TIMEOUT }, () => {
  it('fails before starting any shard, without echoing the token', async () => {
    const badToken = 'MTExMTExMTExMTExMTExMTEx.Gbad00.badbadbadbadbadbadbadbadbadbadbadbadba';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/discord/bot.ts'], {
      cwd: ROOT,
      env: env({ SHARDS: '2', DISCORD_TOKEN: badToken }),
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain('Discord rejected DISCORD_TOKEN');
    expect(out).not.toContain(badToken);
    expect(out).not.toContain('shard started');
  });
});

describe('a shard loading what another one rebuilt', { timeout: TIMEOUT }, () => {
  it('swaps in the saved index, and keeps its own when the snapshot cannot be read', async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'newsdesk-reload-'));
    try {
      const corpus = path.join(own, 'corpus');
      const snapshot = path.join(own, 'index.snapshot');
      cpSync(path.join(ROOT, 'corpus'), corpus, { recursive: true });
      const rebuilding = await IndexService.open(corpus, { snapshot });
      const sibling = await IndexService.open(corpus, { snapshot });
      expect(sibling.report.source).toBe('snapshot');
      writeFileSync(
        path.join(corpus, 'extra.md'),
        '---\ntitle: "Extra"\ndate: 2025-06-02\n---\n\nAn extra paragraph about the Bogota Metro.\n',
      );
      await rebuilding.reindex();

      const reloaded = await sibling.reloadFromSnapshot();
      expect(reloaded.added).toEqual(['extra']);
      expect(sibling.index.articles.map((a) => a.id)).toContain('extra');

      writeFileSync(snapshot, 'not a snapshot');
      await expect(sibling.reloadFromSnapshot()).rejects.toThrow(ReindexFailedError);
      await expect(sibling.reloadFromSnapshot()).rejects.toThrow(
        /cannot read the index snapshot .*index\.snapshot; the previous index is still serving/,
      );
      expect(sibling.index.articles.map((a) => a.id)).toContain('extra');
      expect(sibling.busy).toBe(false);

      const unsaved = await IndexService.open(corpus);
      await expect(unsaved.reloadFromSnapshot()).rejects.toThrow(/no snapshot file is configured/);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('/reindex names the shards still on the previous index', () => {
    const result: ReindexResult = {
      report: {
        articles: 3,
        paragraphs: 31,
        sentences: 38,
        acronyms: 0,
        ms: 1200,
        problems: [],
        warnings: [],
        source: 'built',
        filesRead: 3,
        savedSnapshot: true,
      },
      added: ['a'],
      removed: [],
      changed: [],
    };
    expect(describeReindex(result, { updated: 3, total: 3, failed: [] }).split('\n')[0]).toMatch(/sentences\. \(3 shards updated\)$/);
    const partial = describeReindex(result, { updated: 2, total: 3, failed: [{ shard: 2, error: 'cannot read the index snapshot x' }] });
    expect(partial).toContain('Only 2 of 3 shards updated; still on the previous index:\n• shard 2: cannot read the index snapshot x');
    expect(partial).not.toContain('shards updated)');
  });
});
