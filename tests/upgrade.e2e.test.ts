/**
 * Upgrade without loss: today's bot started on a data directory the file-based version wrote
 * (tests/fixtures/upgrade, see its README) imports it once, and every button under the earlier answers, the
 * votes, the suggestions, the last /reindex and `npm run feedback` show exactly what they showed before.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import { main as feedbackMain } from '../src/cli/feedback.js';
import { runMain } from './support/cli.js';
import { botEnv, E2E_TEST_TIMEOUT_MS, FakeDiscord } from './support/fake-discord.js';

const ROOT = path.join(import.meta.dirname, '..');
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'upgrade');
const before = JSON.parse(readFileSync(path.join(FIXTURE, 'before.json'), 'utf8'));
/** The members who voted before the upgrade (see the fixture's README). */
const member = (n: number) => `40000000000000000${n}`;

let fake: FakeDiscord;
let bot: Bot;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-upgrade-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  cpSync(path.join(FIXTURE, 'data'), path.join(dir, 'data'), { recursive: true });
  // The server the earlier version answered in: its suggested questions are kept per server.
  const server = JSON.parse(readFileSync(path.join(FIXTURE, 'data', 'asked.1.jsonl'), 'utf8').split('\n')[0]).server as string;
  fake = await FakeDiscord.start({ guildId: server });
  env = {
    ...botEnv(fake, dir),
    FEEDBACK_LOG: path.join(dir, 'data', 'feedback.jsonl'),
    DATABASE_FILE: path.join(dir, 'data', 'newsdesk.sqlite'),
    // The fixture's answers were given on the day it was made; retention counts from then.
    ANSWER_RETENTION_DAYS: '3650',
  };
  bot = await startBot(loadConfig(env, { dotenv: false }), createLogger('silent'));
  await bot.ready;
}, E2E_TEST_TIMEOUT_MS);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
}, E2E_TEST_TIMEOUT_MS);

async function press(customId: string, message: unknown, userId?: string) {
  return (await (await fake.sendButton(customId, message, userId ? { userId } : {})).waitForCallback()).body.data;
}

describe('the first start after the upgrade', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  it('imports every file once and leaves each in place, renamed', () => {
    expect(readdirSync(path.join(dir, 'data')).sort()).toEqual([
      'answers.1.jsonl.imported',
      'answers.2.jsonl.imported',
      'asked.1.jsonl.imported',
      'feedback.jsonl.imported',
      'last-reindex.json.imported',
      'newsdesk.sqlite',
      'newsdesk.sqlite-shm',
      'newsdesk.sqlite-wal',
    ]);
  });

  it('serves the buttons of answers and timelines given before it, from both archive generations, as before', async () => {
    const { ids, messages } = before;
    expect(await press(`ctx:${ids.credit}`, messages.credit, member(4))).toEqual(before.context);
    // Page 2 as before, now with its picture (issue 25): the same words, the same sources, and timeline.png.
    const page2 = await press(`tl:${ids.timeline}:1`, messages.timeline);
    expect({ ...page2, embeds: page2.embeds.map(({ image: _image, ...e }: { image?: unknown }) => e), attachments: undefined }).toEqual({
      ...before.timelinePage2,
      attachments: undefined,
    });
    expect(page2.embeds[0].image).toEqual({ url: 'attachment://timeline.png' });
    // Votes cast before are remembered: repeating one is not counted again, changing one is.
    expect((await press(`vote:${ids.colombia}:up`, messages.colombia, member(1))).content).toBe('Your 👍 was already recorded.');
    expect((await press(`vote:${ids.credit}:up`, messages.credit, member(1))).content).toBe('Your 👍 was already recorded.');
    expect((await press(`vote:${ids.chec}:up`, messages.chec, member(2))).content).toBe('Your 👍 was already recorded.');
  });

  it('reports the same tallies, suggests the same questions, and knows the last reindex', async () => {
    const feedbackEnv = { ...process.env, ...env };
    expect((await runMain(feedbackMain, [], feedbackEnv)).stdout).toBe(before.feedbackText);
    expect(JSON.parse((await runMain(feedbackMain, ['--json'], feedbackEnv)).stdout)).toEqual(before.feedbackJson);
    const box = await fake.sendAutocomplete('ask', 'question', { question: '' });
    expect((await box.waitForCallback()).body.data.choices.map((c: { name: string }) => c.name)).toEqual(before.suggestions);
    const about = await fake.sendCommand('about', {});
    await about.waitForMessage();
    const fields = about.lastMessage().embeds[0].fields as { name: string; value: string }[];
    const last = JSON.parse(readFileSync(path.join(FIXTURE, 'data', 'last-reindex.json'), 'utf8'));
    expect(fields.find((f) => f.name === 'Last reindex')?.value).toBe(
      `${last.at.slice(0, 16).replace('T', ' ')} UTC by ${last.by}: ${last.result}`,
    );
  });

  it('imports nothing the second time: a restart changes no tally', async () => {
    await bot.stop();
    bot = await startBot(loadConfig(env, { dotenv: false }), createLogger('silent'));
    await bot.ready;
    expect(existsSync(env.FEEDBACK_LOG)).toBe(false);
    expect((await runMain(feedbackMain, [], { ...process.env, ...env })).stdout).toBe(before.feedbackText);
  });
});
