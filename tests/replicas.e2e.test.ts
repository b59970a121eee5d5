/**
 * Two HTTP replicas sharing one PostgreSQL (`npm start` twice, real processes, DATABASE_URL), against the fake
 * Discord: buttons of one replica's answers pressed on the other, a vote counted once wherever and however often
 * it is pressed, a member's cooldown held across replicas, one interaction delivered to both answered once, five
 * /reindex across both of which one runs, a followed topic's new article posted once; then the database going
 * down while they run (answers still go out, votes are refused, never counted unsaved) and coming back (served
 * again without a restart); and a database that cannot be reached at start, named without its password. Skipped with the reason when no PostgreSQL can be
 * started; under CI that is a failure.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as feedbackMain } from '../src/cli/feedback.js';
import { STATE_MESSAGES } from '../src/discord/render.js';
import { runMain } from './support/cli.js';
import { botEnv, E2E_TEST_TIMEOUT_MS, FakeDiscord, isEphemeral, type InteractionHandle } from './support/fake-discord.js';
import { freePort, startPostgres, type RunningPostgres } from './support/postgres.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const ROOT = path.join(import.meta.dirname, '..');
const TIMEOUT = E2E_TEST_TIMEOUT_MS;
/** Starting both replicas (the first builds the index): well under a minute on a loaded 2-core machine. */
const STARTUP_WAIT_MS = 120_000;
const MODERATOR = 0x20n;
const COOLDOWN_SECONDS = 60;

let pg: RunningPostgres | undefined;
/** Between the replicas and the server: it can go silent, as a hung host does. */
let proxy: TcpProxy;
let skipped: string | undefined;
let fake: FakeDiscord;
let dir: string;
const replicas: { process: ChildProcessWithoutNullStreams; port: number; endpoint: string; output: string }[] = [];
/** A new member per test: cooldowns are shared, and each test starts with none running. */
let members = 0;
const newMember = () => `5000000000000000${String(++members).padStart(2, '0')}`;

function env(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...botEnv(fake, dir, {
      INTERACTIONS: 'http',
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      DISCORD_PUBLIC_KEY: fake.publicKeyHex,
      DATABASE_URL: pg!.url.replace(/:\d+\//, `:${proxy.port}/`),
      ASK_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS),
      SNAPSHOT_POLL_SECONDS: '1',
      LOG_LEVEL: 'warn',
      ...extra,
    }),
  };
}

async function startReplica(): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/discord/bot.ts'], { cwd: ROOT, env: env(port), stdio: 'pipe' });
  const replica = { process: child, port, endpoint: `http://127.0.0.1:${port}/interactions`, output: '' };
  child.stdout.on('data', (d) => (replica.output += d));
  child.stderr.on('data', (d) => (replica.output += d));
  replicas.push(replica);
  for (const until = Date.now() + STARTUP_WAIT_MS; Date.now() < until;) {
    if (child.exitCode !== null) throw new Error(`a replica exited at start:\n${replica.output}`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (health?.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`a replica did not start:\n${replica.output}`);
}

beforeAll(
  async () => {
    const started = await startPostgres();
    if ('skipped' in started) {
      skipped = started.skipped;
      if (process.env.CI) throw new Error(`CI must run the PostgreSQL tests, but ${skipped}`);
      console.warn(`replica tests skipped: ${skipped}`);
      return;
    }
    pg = started;
    proxy = await startTcpProxy(Number(/:(\d+)\//.exec(pg.url)![1]));
    dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-replicas-'));
    cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
    fake = await FakeDiscord.start();
    // One after the other: the first builds the index snapshot, the second starts from it.
    await startReplica();
    await startReplica();
  },
  STARTUP_WAIT_MS * 2 + 30_000,
);

afterAll(async () => {
  for (const r of replicas) if (r.process.exitCode === null) r.process.kill('SIGKILL');
  await fake?.close();
  await proxy?.close();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

async function finalMessage(handle: InteractionHandle) {
  await handle.waitForMessage();
  return handle.lastMessage();
}

async function press(customId: string, message: unknown, endpoint: string, userId: string) {
  return (await (await fake.sendButton(customId, message, { endpoint, userId })).waitForCallback()).body.data;
}

/** The last text of a /reindex reply: an edit of its private "thinking…", or an immediate private reply. */
async function reindexReply(handle: InteractionHandle): Promise<string> {
  await fake.waitForRequest(
    (r) =>
      r.path.includes(handle.token) &&
      /^(Reindexed|A reindex is already running|Reindex failed)/.test(
        (r.body?.content as string | undefined) ?? (r.body?.data?.content as string | undefined) ?? '',
      ),
  );
  expect(isEphemeral(handle.lastMessage().flags)).toBe(true);
  return handle.lastMessage().content as string;
}

describe('two HTTP replicas sharing one PostgreSQL', { timeout: TIMEOUT }, () => {
  it('serves Show context, votes and ◀ ▶ on the other replica, and counts a vote once however often and wherever it is pressed', async (t) => {
    if (!pg) return t.skip(skipped);
    const [a, b] = replicas.map((r) => r.endpoint);
    const asker = newMember();
    const ask = await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?' }, { endpoint: a, userId: asker });
    const message = await finalMessage(ask);
    const shown = await press(`ctx:${ask.id}`, message, b, asker);
    expect(shown.embeds[0].description).toContain('Xi also pledged $9.2 billion in credit towards');
    // One member presses 👍 six times, three on each replica, all at once: one vote.
    const voter = newMember();
    const replies = await Promise.all([a, b, a, b, a, b].map((endpoint) => press(`vote:${ask.id}:up`, message, endpoint, voter)));
    const texts = replies.map((r) => r.content as string);
    expect(texts.filter((x) => x === 'Thanks — your 👍 is recorded.')).toHaveLength(1);
    expect(texts.filter((x) => x === 'Your 👍 was already recorded.')).toHaveLength(5);
    const exported = await runMain(feedbackMain, ['--export'], env(0));
    const votes = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((v) => v.answerId === ask.id);
    expect(votes).toMatchObject([{ user: voter, vote: 'up', question: 'How much credit did Xi pledge?' }]);

    const owner = newMember();
    const timeline = await fake.sendCommand('timeline', {}, { endpoint: a, userId: owner });
    const page1 = await finalMessage(timeline);
    expect(page1.components[0].components.map((c: { custom_id: string }) => c.custom_id)).toContain(`tl:${timeline.id}:1`);
    const page2 = await press(`tl:${timeline.id}:1`, page1, b, owner);
    expect(page2.embeds[0].footer.text).toMatch(/^Page 2 of \d+/);
  });

  it('holds a member’s cooldown across replicas', async (t) => {
    if (!pg) return t.skip(skipped);
    const [a, b] = replicas.map((r) => r.endpoint);
    const member = newMember();
    await finalMessage(await fake.sendCommand('ask', { question: 'What does CHEC stand for?' }, { endpoint: a, userId: member }));
    const again = await fake.sendCommand('ask', { question: 'What does CHEC stand for?' }, { endpoint: b, userId: member });
    const refused = (await again.waitForCallback()).body.data;
    expect(refused.content).toMatch(/^Slow down a little: you can use \/ask again in (\d+) s\.$/);
    expect(Number(/in (\d+) s/.exec(refused.content)![1])).toBeGreaterThan(COOLDOWN_SECONDS - 15);
    expect(isEphemeral(refused.flags)).toBe(true);
  });

  it('answers an interaction delivered to both replicas once: the other stays silent', async (t) => {
    if (!pg) return t.skip(skipped);
    const [a, b] = replicas.map((r) => r.endpoint);
    const handle = await fake.sendCommand(
      'ask',
      { question: 'When did Colombia join BRI?' },
      { endpoint: a, alsoTo: [b], userId: newMember() },
    );
    const responses = await fake.waitForDeliveries(handle.id, 2);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    await finalMessage(handle);
    // One acknowledgement and one answer: nothing from the replica that lost.
    await new Promise((r) => setTimeout(r, 500));
    expect(handle.requests().filter((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'))).toHaveLength(1);
  });

  it('runs one of five /reindex sent across both replicas at once, and tells the four others', async (t) => {
    if (!pg) return t.skip(skipped);
    const [a, b] = replicas.map((r) => r.endpoint);
    // Long articles make the rebuild last seconds, so that all five arrive while it runs (one after it would
    // rightly run again).
    for (const n of [1, 2, 3]) {
      const sentences = Array.from({ length: 60000 }, (_, i) => `Sentence ${i} of long report ${n} mentions the port of Chancay.`);
      writeFileSync(
        path.join(dir, 'corpus', `long-report-${n}.md`),
        `---\ntitle: Long report ${n}\nsource: Test Wire\ndate: 2025-06-0${n}\n---\n\n${sentences.join(' ')}\n`,
      );
    }
    const handles = await Promise.all(
      [a, b, a, b, a].map((endpoint) => fake.sendCommand('reindex', {}, { endpoint, permissions: MODERATOR, userId: newMember() })),
    );
    const replies = await Promise.all(handles.map(reindexReply));
    expect(
      replies.filter((r) => r.startsWith('Reindexed')),
      replies.join('\n'),
    ).toHaveLength(1);
    expect(
      replies.filter((r) => /^A reindex is already running( on another replica)?;/.test(r)),
      replies.join('\n'),
    ).toHaveLength(4);
    // The replica that did not run it learnt of it from the database's lease (its second /reindex may be told
    // by its own first, still waiting for the lease).
    expect(
      replies.filter((r) => r.startsWith('A reindex is already running on another replica;')).length,
      replies.join('\n'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('posts a new article on a followed topic once, though both replicas see it arrive', async (t) => {
    if (!pg) return t.skip(skipped);
    const [a, b] = replicas.map((r) => r.endpoint);
    const channel = '720000000000000001';
    const posts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
    const followed = await finalMessage(
      await fake.sendCommand(
        'follow',
        { topic: 'lithium', channel: { channelId: channel } },
        { subcommand: 'add', endpoint: a, permissions: MODERATOR, userId: newMember() },
      ),
    );
    expect(followed.content).toMatch(/^Following “lithium” in <#720000000000000001>/);
    writeFileSync(
      path.join(dir, 'corpus', 'bolivia-lithium.md'),
      '---\ntitle: Bolivia signs lithium deal\nsource: Andes Ledger\ndate: 2025-06-02\n---\n\nBolivia signed a deal with a Chinese consortium on Monday to build two lithium plants in the Uyuni salt flat.\n\nThe lithium plants should produce 25,000 tonnes of lithium carbonate a year from 2027, the ministry said.\n',
    );
    // Rebuilt on one replica; the other loads the saved index by polling, and sees the same article arrive.
    const reindex = await fake.sendCommand('reindex', {}, { endpoint: b, permissions: MODERATOR, userId: newMember() });
    expect(await reindexReply(reindex)).toMatch(/^Reindexed/);
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
    const question = 'How many tonnes of lithium carbonate will the plants produce a year?';
    for (let tries = 0; ; tries++) {
      const answer = await finalMessage(await fake.sendCommand('ask', { question }, { endpoint: a, userId: newMember() }));
      if (JSON.stringify(answer.embeds).includes('25,000')) break;
      if (tries > 60) throw new Error('the other replica never loaded the new index');
      await new Promise((r) => setTimeout(r, 500));
    }
    // Time for the other replica's match and post, were it to make one.
    await new Promise((r) => setTimeout(r, 3000));
    expect(posts()).toHaveLength(1);
    expect(posts()[0].body.embeds[0].description).toContain('Bolivia signs lithium deal');
  });

  it('while the database is down: answers without buttons, refuses votes; back again: serves both without a restart', async (t) => {
    if (!pg) return t.skip(skipped);
    const [a, b] = replicas.map((r) => r.endpoint);
    const member = newMember();
    const before = await fake.sendCommand('ask', { question: 'When did Petro arrive in Beijing?' }, { endpoint: a, userId: member });
    const earlier = await finalMessage(before);
    await pg!.pause();
    try {
      const during = await finalMessage(
        await fake.sendCommand('ask', { question: 'What does CHEC stand for?' }, { endpoint: b, userId: newMember() }),
      );
      expect(during.embeds[0].description).toContain('China Harbour Engineering Company');
      expect(during.content).toBe(STATE_MESSAGES.answerUnsaved);
      expect(during.components).toEqual([]);
      const vote = await press(`vote:${before.id}:up`, earlier, a, member);
      expect(vote.content).toBe(STATE_MESSAGES.unreachable);
      expect(isEphemeral(vote.flags)).toBe(true);
      const health = (await (await fetch(`http://127.0.0.1:${replicas[0].port}/healthz`)).json()) as { status: string; database: string };
      expect(health).toMatchObject({ status: 'ready', database: 'unavailable' });
    } finally {
      await pg!.resume();
    }
    const vote = await press(`vote:${before.id}:up`, earlier, b, member);
    expect(vote.content).toBe('Thanks — your 👍 is recorded.');
    const after = await finalMessage(
      await fake.sendCommand('ask', { question: 'What does CHEC stand for?' }, { endpoint: a, userId: newMember() }),
    );
    expect(after.components[0].components).toHaveLength(4);
  });

  it('while the database hangs (connections accepted, never answered): every interaction is still answered in time', async (t) => {
    if (!pg) return t.skip(skipped);
    const [a, b] = replicas.map((r) => r.endpoint);
    const member = newMember();
    const earlier = await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?' }, { endpoint: a, userId: member });
    const earlierMessage = await finalMessage(earlier);
    proxy.silent(true);
    try {
      const sent = Date.now();
      const during = await fake.sendCommand('ask', { question: 'What does CHEC stand for?' }, { endpoint: b, userId: newMember() });
      const acknowledged = await fake.waitForEndpointResponse(during.id);
      // Discord's limit is 3 s; the claim and the cooldown each gave up on the database after 0.75 s.
      expect(acknowledged.status).toBe(200);
      expect(Date.now() - sent).toBeLessThan(3000);
      const message = await finalMessage(during);
      expect(message.embeds[0].description).toContain('China Harbour Engineering Company');
      expect(message.content).toBe(STATE_MESSAGES.answerUnsaved);
      const pressed = Date.now();
      const vote = await press(`vote:${earlier.id}:up`, earlierMessage, a, member);
      expect(Date.now() - pressed).toBeLessThan(3000);
      expect(vote.content).toBe(STATE_MESSAGES.unreachable);
    } finally {
      proxy.silent(false);
    }
    // Back: the held connections are dropped, new ones go through.
    const vote = await press(`vote:${earlier.id}:up`, earlierMessage, b, member);
    expect(vote.content).toBe('Thanks — your 👍 is recorded.');
  });

  it('does not start when the database cannot be reached, naming DATABASE_URL without its password', async (t) => {
    if (!pg) return t.skip(skipped);
    const port = await freePort();
    const unreachable = `postgres://newsdesk:s3cret-pw@127.0.0.1:${await freePort()}/newsdesk`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/discord/bot.ts'], {
      cwd: ROOT,
      env: env(port, { DATABASE_URL: unreachable }),
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      `error: DATABASE_URL postgres://newsdesk:***@127.0.0.1:${/:(\d+)\/newsdesk$/.exec(unreachable)![1]}/newsdesk cannot be used (ECONNREFUSED): check that the server is running and reachable, and that the user in DATABASE_URL may create tables in its database.`,
    );
    expect(output).not.toContain('s3cret-pw');
  });
});
