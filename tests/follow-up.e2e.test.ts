/**
 * Follow-up questions through the fake Discord (issue 35): an /ask answer's "Follow up" button opens a form; the
 * follow-up's answer says what it follows and "Read as: …", is public or private as the answer it follows was, and
 * has the same buttons, so a second follow-up can be asked of it; the button of an answer past retention says so.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SnowflakeUtil } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import { botEnv, E2E_TEST_TIMEOUT_MS, FakeDiscord, isEphemeral, type InteractionHandle } from './support/fake-discord.js';

const ROOT = path.join(import.meta.dirname, '..');
const TIMEOUT = E2E_TEST_TIMEOUT_MS;

let fake: FakeDiscord;
let bot: Bot;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-followup-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  fake = await FakeDiscord.start();
  bot = await startBot(loadConfig(botEnv(fake, dir), { dotenv: false }), createLogger('silent'));
  await bot.ready;
}, TIMEOUT);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

async function finalMessage(handle: InteractionHandle) {
  await handle.waitForMessage();
  return handle.lastMessage();
}

const ids = (message: { components: { components: { custom_id: string }[] }[] }) =>
  message.components[0].components.map((c) => c.custom_id);

/** Press "Follow up" on `message` (the answer to interaction `answerId`), fill in the form with `question`, submit it. */
async function followUp(message: unknown, answerId: string, question: string): Promise<InteractionHandle> {
  const opened = await (await fake.sendButton(`fup:${answerId}`, message)).waitForCallback();
  expect(opened.body.type, 'the button opens a form').toBe(9);
  expect(opened.body.data.custom_id).toBe(`fupq:${answerId}`);
  const [field] = opened.body.data.components[0].components;
  expect(field).toMatchObject({ custom_id: 'question', type: 4, required: true, max_length: 300 });
  return fake.sendModal(`fupq:${answerId}`, { question }, message);
}

describe('Follow up', { timeout: TIMEOUT }, () => {
  it('answers the follow-up read in context, as a reply showing "Read as", and a follow-up of that reply', async () => {
    const ask = await fake.sendCommand('ask', { question: 'When did Colombia join the Belt and Road?' });
    const first = await finalMessage(ask);
    expect(ids(first)).toEqual([`ctx:${ask.id}`, `vote:${ask.id}:up`, `vote:${ask.id}:down`, `fup:${ask.id}`]);

    const second = await followUp(first, ask.id, 'And Panama?');
    const deferred = await second.waitForCallback();
    expect(deferred.body.type).toBe(5);
    expect(isEphemeral(deferred.body.data?.flags), 'public, as the answer it follows').toBe(false);
    const reply = await finalMessage(second);
    const [embed] = reply.embeds;
    expect(embed.title).toBe('And Panama?');
    expect(embed.description).toContain('-# ↪ Following up [When did Colombia join the Belt and Road?](https://discord.com/channels/');
    expect(embed.description).toContain('-# Read as: When did Panama join the Belt and Road?');
    expect(embed.description).toContain('Panama');
    expect(ids(reply), 'the same buttons').toEqual([
      `ctx:${second.id}`,
      `vote:${second.id}:up`,
      `vote:${second.id}:down`,
      `fup:${second.id}`,
    ]);

    // A chain: the reply's own Follow up reads "Why?" against the question it was read as.
    const third = await followUp(reply, second.id, 'Why?');
    const chained = await finalMessage(third);
    expect(chained.embeds[0].description).toContain('-# Read as: Why did Panama join the Belt and Road?');
    expect(chained.embeds[0].description).toContain('Following up [When did Panama join the Belt and Road?]');
    // Show context works on a follow-up's answer too.
    const shown = await (await fake.sendButton(`ctx:${second.id}`, reply)).waitForCallback();
    expect(isEphemeral(shown.body.data.flags)).toBe(true);
  });

  it('is private after a private answer, and shows no "Read as" for a follow-up that needs no context', async () => {
    const ask = await fake.sendCommand('ask', { question: 'When did Colombia join BRI?', private: true });
    const first = await finalMessage(ask);
    expect(isEphemeral(first.flags)).toBe(true);
    const next = await followUp(first, ask.id, 'How much credit did Xi pledge?');
    expect(isEphemeral((await next.waitForCallback()).body.data?.flags), 'private, as the answer it follows').toBe(true);
    const reply = await finalMessage(next);
    expect(reply.embeds[0].description).not.toContain('Read as');
    expect(reply.embeds[0].description).toContain('$9.2 billion');
  });

  it('says so when the answer it follows is past retention, and opens no form', async () => {
    const old = SnowflakeUtil.generate({ timestamp: Date.now() - 200 * 86_400_000 }).toString();
    const ask = await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?' });
    const message = await finalMessage(ask);
    const pressed = await (await fake.sendButton(`fup:${old}`, message)).waitForCallback();
    expect(pressed.body.type).toBe(4);
    expect(isEphemeral(pressed.body.data.flags)).toBe(true);
    expect(pressed.body.data.content).toMatch(/more than 90 days old.*its context and buttons are gone; ask again/);
    // A form submitted after its answer was pruned says the same.
    const late = await (await fake.sendModal(`fupq:${old}`, { question: 'Why?' }, message)).waitForCallback();
    expect(late.body.data.content).toMatch(/more than 90 days old/);
  });
});

describe('Follow up over HTTP interactions, on another replica', { timeout: TIMEOUT }, () => {
  let httpFake: FakeDiscord;
  let httpDir: string;
  const replicas: Bot[] = [];

  beforeAll(async () => {
    httpFake = await FakeDiscord.start();
    httpDir = mkdtempSync(path.join(tmpdir(), 'newsdesk-followup-http-'));
    cpSync(path.join(ROOT, 'corpus'), path.join(httpDir, 'corpus'), { recursive: true });
    const env = botEnv(httpFake, httpDir, { INTERACTIONS: 'http', HTTP_PORT: '0', DISCORD_PUBLIC_KEY: httpFake.publicKeyHex });
    for (let i = 0; i < 2; i++) {
      const replica = await startBot(loadConfig(env, { dotenv: false }), createLogger('silent'));
      await replica.ready;
      replicas.push(replica);
    }
  }, TIMEOUT);

  afterAll(async () => {
    for (const r of replicas) await r.stop();
    await httpFake?.close();
    rmSync(httpDir, { recursive: true, force: true });
  }, TIMEOUT);

  it('opens the form and answers the follow-up on the replica that did not answer the first question', async () => {
    const [a, b] = replicas.map((r) => `http://127.0.0.1:${r.http!.port}/interactions`);
    const ask = await httpFake.sendCommand('ask', { question: 'When did Petro visit Beijing?' }, { endpoint: a });
    await ask.waitForMessage();
    const first = ask.lastMessage();
    const opened = await (await httpFake.sendButton(`fup:${ask.id}`, first, { endpoint: b })).waitForCallback();
    expect(opened.body.type).toBe(9);
    const next = await httpFake.sendModal(`fupq:${ask.id}`, { question: 'When did he take office?' }, first, { endpoint: b });
    await next.waitForMessage();
    expect(next.lastMessage().embeds[0].description).toContain('-# Read as: When did Petro take office?');
  });
});
