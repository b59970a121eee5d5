/**
 * What the operator runs and watches, end to end against the fake Discord: /healthz and /metrics, the logs,
 * an empty corpus, the HTTP interactions mode (signatures, PING, commands, buttons, autocomplete), and two HTTP
 * replicas sharing one snapshot.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import { EMPTY_CORPUS_MESSAGE } from '../src/qa/answer.js';
import { answerLead, botEnv, E2E_TEST_TIMEOUT_MS, FakeDiscord, isEphemeral, type InteractionHandle } from './support/fake-discord.js';
import { startPageServer, type PageServer } from './support/page-server.js';

const ROOT = path.join(import.meta.dirname, '..');
const TIMEOUT = E2E_TEST_TIMEOUT_MS;
const MODERATOR = 0x20n;

/** A logger whose JSON lines the test reads back. */
function capturedLogger(level = 'info') {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => (text += d));
  return {
    logger: createLogger({ level, format: 'json', destination: stream }),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    lines: (): any[] =>
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    text: () => text,
  };
}

function newDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-ops-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  return dir;
}

function baseEnv(fake: FakeDiscord, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return botEnv(fake, dir, { HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function finalMessage(handle: InteractionHandle) {
  await handle.waitForMessage();
  return handle.lastMessage();
}

/** /reindex's report, after its progress edits. */
async function reindexReport(fake: FakeDiscord, handle: InteractionHandle): Promise<string> {
  const r = await fake.waitForRequest(
    (r) => r.path.includes(handle.token) && r.method === 'PATCH' && /^(Reindexed|Reindex failed)/.test(r.body?.content ?? ''),
  );
  return r.body.content;
}

/** Prometheus text → value of each sample, keyed as written ("name{label="v",…}"). */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    expect(m, `a Prometheus sample line: ${line}`).not.toBeNull();
    samples.set(m![1], Number(m![2]));
  }
  return samples;
}

describe('gateway mode: health, metrics, logs and an empty corpus', { timeout: TIMEOUT }, () => {
  let fake: FakeDiscord;
  let dir: string;
  let bot: Bot | undefined;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-ops-'));
    // Nothing usable: one file that is not an article.
    mkdirSync(path.join(dir, 'corpus'));
    writeFileSync(path.join(dir, 'corpus', 'notes.md'), '---\ntitle: [unclosed\n---\nSome text.\n');
  });

  afterAll(async () => {
    await bot?.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says 503 "starting" until the gateway is ready, then 200, starts on an empty corpus with one warning, and /ask says it is empty', async () => {
    const port = await freePort();
    const log = capturedLogger();
    const release = fake.holdReady();
    const starting = startBot(loadConfig(baseEnv(fake, dir, { HTTP_PORT: String(port) }), { dotenv: false }), log.logger);
    starting.catch(() => {});
    // The HTTP server is up before the index and the gateway: it answers, and says the bot is not ready.
    let first: Response | undefined;
    for (let i = 0; i < 500 && !first; i++) {
      first = await fetch(`http://127.0.0.1:${port}/healthz`).catch(async () => {
        await new Promise((r) => setTimeout(r, 20));
        return undefined;
      });
    }
    expect(first!.status).toBe(503);
    expect(await first!.json()).toMatchObject({ status: 'starting', mode: 'gateway' });
    release();
    bot = await starting;
    await bot.ready;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ready',
      mode: 'gateway',
      gateway: { ready: true },
      index: { loaded: true, articles: 0, paragraphs: 0 },
      lastReindex: null,
    });
    // One warning, naming the file skipped and why.
    const warnings = log.lines().filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/^the corpus is empty/);
    expect(warnings[0].skipped).toEqual([expect.stringMatching(/^notes\.md: /)]);

    const message = await finalMessage(await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' }));
    expect(message.embeds[0]?.description ?? message.content).toContain(EMPTY_CORPUS_MESSAGE);
    const timeline = await finalMessage(await fake.sendCommand('timeline', { topic: 'BRI' }));
    expect(timeline.embeds[0].description).toBe(EMPTY_CORPUS_MESSAGE);
    const metrics = parseMetrics(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    expect(metrics.get('newsdesk_interactions_total{command="ask",outcome="abstained"}')).toBe(1);
    expect(metrics.get('newsdesk_index_articles')).toBe(0);
    expect(log.text()).not.toContain(fake.token);
  });

  it('after a moderator adds an article and reindexes: counts the reindex, reports it in /healthz', async () => {
    cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
    expect(await reindexReport(fake, await fake.sendCommand('reindex', {}, { permissions: MODERATOR }))).toMatch(/^Reindexed in/);
    const port = bot!.http!.port;
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      index: { articles: number };
      lastReindex: unknown;
    };
    expect(health.index.articles).toBe(2);
    expect(health.lastReindex).toMatchObject({ ok: true });
    const metrics = parseMetrics(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    expect(metrics.get('newsdesk_reindex_duration_seconds_count')).toBe(1);
    expect(metrics.get('newsdesk_reindex_failures_total')).toBe(0);
    expect(metrics.get('newsdesk_index_articles')).toBe(2);
    expect(metrics.get('newsdesk_interactions_total{command="reindex",outcome="answered"}')).toBe(1);
  });
});

describe('HTTP interactions mode', { timeout: TIMEOUT }, () => {
  let fake: FakeDiscord;
  let dir: string;
  let bot: Bot;
  let base: string;
  const log = capturedLogger('debug');

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    dir = newDir();
    const config = loadConfig(
      baseEnv(fake, dir, { INTERACTIONS: 'http', HTTP_PORT: '0', DISCORD_PUBLIC_KEY: fake.publicKeyHex, LOG_LEVEL: 'debug' }),
      { dotenv: false },
    );
    bot = await startBot(config, log.logger);
    await bot.ready;
    base = `http://127.0.0.1:${bot.http!.port}`;
    fake.endpoint = `${base}/interactions`;
  });

  afterAll(async () => {
    await bot?.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers PING with PONG, refuses a wrong signature, an old timestamp and a missing one with 401, and a repeated interaction with 409', async () => {
    const ping = { id: '1', type: 1, application_id: fake.applicationId, token: 'tok', version: 1 };
    expect(await fake.postSigned(fake.endpoint!, ping)).toEqual({ status: 200, body: { type: 1 } });
    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect((await fake.postSigned(fake.endpoint!, ping, { key: stranger })).status).toBe(401);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    expect(await fake.postSigned(fake.endpoint!, ping, { timestamp: hourAgo })).toEqual({
      status: 401,
      body: { error: 'stale timestamp' },
    });
    // A request signed once is served once: sent again within the signature's 5 minutes, it is refused.
    const broken = { id: '1234567890123456789', type: 2, application_id: fake.applicationId, token: 'tok', version: 1 };
    expect((await fake.postSigned(fake.endpoint!, broken)).status).toBe(500);
    expect(await fake.postSigned(fake.endpoint!, broken)).toEqual({ status: 409, body: { error: 'interaction already received' } });
    const unsigned = await fetch(fake.endpoint!, { method: 'POST', body: JSON.stringify(ping) });
    expect(unsigned.status).toBe(401);
    expect((await fetch(fake.endpoint!)).status).toBe(405);
  });

  it('defers /ask in the HTTP response, then edits the answer in through REST; logs and counts answered and abstained', async () => {
    const handle = await fake.sendCommand('ask', { question: 'Which country is leaving the Belt and Road pact?' });
    const callback = await handle.waitForCallback();
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(fake.endpointResponses.get(handle.id)?.status).toBe(200);
    const message = await finalMessage(handle);
    expect(message.embeds[0].description).toContain('Panama said it was exiting');
    const edit = handle.requests().find((r) => r.method === 'PATCH')!;
    expect(edit.path).toBe(`/webhooks/${fake.applicationId}/${handle.token}/messages/@original`);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });

    const abstained = await finalMessage(await fake.sendCommand('ask', { question: 'What is the stock price of Zijin Mining?' }));
    expect(abstained.embeds[0].description ?? '').toMatch(/couldn't find/i);

    const metrics = parseMetrics(await (await fetch(`${base}/metrics`)).text());
    expect(metrics.get('newsdesk_interactions_total{command="ask",outcome="answered"}')).toBe(1);
    expect(metrics.get('newsdesk_interactions_total{command="ask",outcome="abstained"}')).toBe(1);
    expect(metrics.get('newsdesk_interaction_duration_seconds_count{command="ask"}')).toBe(2);
    // The short answer of "Which country…?" was judged, stated or not; the abstention had none.
    const judged = ['true', 'false'].map((stated) => metrics.get(`newsdesk_short_answers_total{stated="${stated}"}`) ?? 0);
    expect(judged[0] + judged[1]).toBe(1);
    expect(metrics.get('newsdesk_short_answer_confidence_count')).toBe(1);
    expect(metrics.get('newsdesk_index_articles')).toBe(2);
    // No server here has articles of its own: nothing of theirs is held in memory.
    expect(metrics.get('newsdesk_server_indexes')).toBe(0);
    expect(metrics.get('newsdesk_server_index_bytes')).toBe(0);
    expect(metrics.get('newsdesk_gateway_ping_seconds')).toBe(-1);
    for (const name of ['newsdesk_nodejs_eventloop_lag_seconds', 'newsdesk_process_resident_memory_bytes'])
      expect(metrics.has(name), name).toBe(true);

    const handled = log.lines().filter((l) => l.msg === 'interaction handled' && l.command === 'ask');
    expect(handled.map((l) => l.outcome)).toEqual(['answered', 'abstained']);
    expect(handled[0]).toMatchObject({ level: 'info', quotes: expect.any(Number), topScore: expect.any(Number), ms: expect.any(Number) });
    // Questions are members' words: not logged unless LOG_QUESTIONS=true. Debug adds the ranking.
    expect(handled[0].question).toBeUndefined();
    expect(log.text()).not.toContain('Belt and Road pact');
    expect(log.lines().some((l) => l.level === 'debug' && Array.isArray(l.ranking))).toBe(true);
  });

  it('retries an edit that reaches Discord before Discord has read the acknowledgement', async () => {
    // Longer than answering takes (a few hundred ms on a loaded machine), shorter than the retries (1.85 s).
    fake.acknowledgementDelayMs = 1000;
    try {
      const before = fake.earlyWebhookRequests;
      const message = await finalMessage(await fake.sendCommand('ask', { question: 'What does CHEC stand for?' }));
      expect(fake.earlyWebhookRequests).toBeGreaterThan(before);
      expect(message.embeds[0].description).toContain('China Harbour Engineering Company');
    } finally {
      fake.acknowledgementDelayMs = 0;
    }
  });

  it('serves buttons and autocomplete through the HTTP response, and a user error privately', async () => {
    const answer = await finalMessage(await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' }));
    const contextId = answer.components[0].components.find((c: { custom_id: string }) => c.custom_id.startsWith('ctx:')).custom_id;
    const shown = await fake.sendButton(contextId, answer);
    const reply = await shown.waitForCallback();
    expect(reply.body.type).toBe(4);
    expect(isEphemeral(reply.body.data.flags)).toBe(true);
    expect(reply.body.data.embeds[0].description).toContain('Belt and Road');

    const typed = await fake.sendAutocomplete('ask', 'question', { question: 'colmbia bri' });
    const choices = await typed.waitForCallback();
    expect(choices.body.type).toBe(8);
    expect(choices.body.data.choices.length).toBeGreaterThan(1);

    const refused = await fake.sendCommand('reindex', {}, { permissions: 0n });
    const refusal = await refused.waitForCallback();
    expect(refusal.body).toMatchObject({ type: 4, data: { content: expect.stringContaining('Only moderators'), flags: 64 } });
    expect(log.lines().find((l) => l.command === 'reindex')).toMatchObject({ outcome: 'user error' });
  });

  it('answers /healthz with the mode and the index', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ready', mode: 'http', index: { loaded: true, articles: 2 } });
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });

  it('never logs the token, and serves no secret in /metrics or /healthz', async () => {
    const served = (await (await fetch(`${base}/metrics`)).text()) + (await (await fetch(`${base}/healthz`)).text());
    for (const text of [log.text(), served]) expect(text).not.toContain(fake.token);
    expect(log.text()).not.toMatch(/tok_[\w-]{20,}/);
  });
});

describe('two HTTP replicas sharing one snapshot', { timeout: TIMEOUT }, () => {
  let fake: FakeDiscord;
  let pages: PageServer;
  let dir: string;
  const bots: Bot[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    pages = await startPageServer();
    dir = newDir();
    const env = baseEnv(fake, dir, {
      INTERACTIONS: 'http',
      HTTP_PORT: '0',
      DISCORD_PUBLIC_KEY: fake.publicKeyHex,
      SNAPSHOT_POLL_SECONDS: '1',
      LOG_LEVEL: 'silent',
      FETCH_ALLOW_PRIVATE: 'true',
    });
    // The first builds and saves the snapshot; the second starts from it.
    for (let i = 0; i < 2; i++) {
      const bot = await startBot(loadConfig(env, { dotenv: false }), createLogger('silent'));
      await bot.ready;
      bots.push(bot);
    }
  });

  afterAll(async () => {
    for (const b of bots) await b.stop();
    await fake.close();
    await pages.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an article a moderator adds through one replica is quoted by the other at once', async () => {
    const [a, b] = bots.map((bot) => `http://127.0.0.1:${bot.http!.port}/interactions`);
    const added = await fake.sendCommand(
      'article',
      { url: `${pages.base}/news` },
      { subcommand: 'add', endpoint: a, permissions: MODERATOR },
    );
    await added.waitForMessage();
    expect(added.lastMessage().embeds[0].title).toBe('Port of Chancay opens first container terminal');
    const m = await finalMessage(
      await fake.sendCommand('ask', { question: 'How many containers did the first vessel carry?' }, { endpoint: b }),
    );
    expect(m.embeds[0].description).toContain('containers of machinery and electronics from Shanghai');
  });

  it('/reindex on one after adding an article; the other answers from it within the poll interval, and reports that reindex', async () => {
    const [a, b] = bots.map((bot) => `http://127.0.0.1:${bot.http!.port}/interactions`);
    expect(bots[1].context.indexes.report.source).toBe('snapshot');
    writeFileSync(
      path.join(dir, 'corpus', 'lithium-deal.md'),
      '---\ntitle: Bolivia signs lithium deal\nsource: Example Wire\ndate: 2025-06-02\n---\n\nBolivia signed a lithium extraction deal with a Chinese consortium on Monday, the mining ministry said.\n',
    );
    const report = await reindexReport(fake, await fake.sendCommand('reindex', {}, { permissions: MODERATOR, endpoint: a }));
    expect(report).toContain('+ added 1: “Bolivia signs lithium deal” (lithium-deal)');
    const asked = Date.now();
    let text = '';
    // Replica b was not told: it sees the newer snapshot file on its next poll (every second).
    while (Date.now() - asked < 5_000) {
      const m = await finalMessage(await fake.sendCommand('ask', { question: 'Who signed a lithium extraction deal?' }, { endpoint: b }));
      text = m.embeds[0].description ?? '';
      if (text.includes('signed a lithium extraction deal')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(text).toContain('signed a lithium extraction deal with a Chinese consortium');
    expect(Date.now() - asked).toBeLessThan(3_000);
    expect(answerLead({ description: text })[0]).toMatch(/Bolivia/);
    const health = (await (await fetch(`http://127.0.0.1:${bots[1].http!.port}/healthz`)).json()) as {
      index: { articles: number };
      lastReindex: unknown;
    };
    expect(health.index.articles).toBe(3);
    // The reindex replica a ran is the last one for b too (both keep their state in the same database file).
    expect(health.lastReindex).toMatchObject({ ok: true, result: expect.stringContaining('3 articles (+1') });
  });

  it('suggests in the empty /ask box of one replica what was asked on the other, and both drop it after a 👎', async () => {
    const [a, b] = bots.map((bot) => `http://127.0.0.1:${bot.http!.port}/interactions`);
    const question = 'What does CHEC stand for?';
    const answered = await finalMessage(await fake.sendCommand('ask', { question }, { endpoint: a }));
    const choices = async (endpoint: string): Promise<string[]> => {
      const typed = await fake.sendAutocomplete('ask', 'question', { question: '' }, { endpoint });
      return (await typed.waitForCallback()).body.data.choices.map((c: { name: string }) => c.name);
    };
    expect(await choices(b)).toContain(question);
    const down = answered.components[0].components.find((c: { custom_id: string }) => c.custom_id.endsWith(':down')).custom_id;
    await (await fake.sendButton(down, answered, { endpoint: b })).waitForCallback();
    expect(await choices(a)).not.toContain(question);
    expect(await choices(b)).not.toContain(question);
  });

  it('stopping: /healthz says 503 at once, and an interaction already taken is still answered', async () => {
    const b = bots[1];
    const endpoint = `http://127.0.0.1:${b.http!.port}/interactions`;
    const reindex = await fake.sendCommand('reindex', {}, { permissions: MODERATOR, endpoint });
    await reindex.waitForCallback();
    const stopped = b.stop();
    const health = await fetch(`http://127.0.0.1:${b.http!.port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'stopping' });
    await stopped;
    expect(await reindexReport(fake, reindex)).toMatch(/^Reindexed in/);
  });
});
