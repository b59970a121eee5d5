/**
 * Hostile article text end to end: a corpus article whose sentence holds @everyone, @here, a user and a role
 * mention and Markdown. Members must see it as written (Markdown escaped, src/discord/render.ts escapeQuote),
 * and nothing may ping: the quote only ever travels in embeds (mentions in embeds never notify), never in
 * `content`, and every message sets allowed mentions to none. Its own bot and corpus, so the other e2e tests'
 * corpus stays as they expect.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import {
  allowedMentionsOf,
  statedAnswer,
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
  type RecordedRequest,
} from './support/fake-discord.js';

const ROOT = path.join(import.meta.dirname, '..');
const TIMEOUT = E2E_TEST_TIMEOUT_MS;

/** The sentence as the article writes it. */
const SENTENCE =
  'On Tuesday the board told @everyone and @here, including <@123456789012345678> and the <@&123456789012345678> role, ' +
  'that the *Zenda* _quay_ tolls in `fees.csv` would double.';
/**
 * The same sentence as members must see it: Markdown escaped, mentions left as text (they sit in an embed and
 * allowed mentions are none, so they cannot notify). Written out by hand, not computed with escapeQuote, so a
 * broken escapeQuote cannot agree with itself.
 */
const SHOWN =
  'On Tuesday the board told @everyone and @here, including <@123456789012345678> and the <@&123456789012345678> role, ' +
  'that the \\*Zenda\\* \\_quay\\_ tolls in \\`fees.csv\\` would double.';
const MENTIONS = ['@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>'];

let fake: FakeDiscord;
let bot: Bot;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-mentions-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  writeFileSync(
    path.join(dir, 'corpus', 'zenda-tolls.md'),
    [
      '---',
      'title: "Zenda harbour board doubles quay tolls"',
      'source: "Test Wire"',
      'date: 2025-06-11',
      'url: "https://example.com/zenda-tolls"',
      '---',
      '',
      "The harbour board of Zenda met behind closed doors to review the port's finances.",
      '',
      SENTENCE,
      '',
      'Fishing crews on the quay said they had not been consulted.',
      '',
    ].join('\n'),
  );
  fake = await FakeDiscord.start();
  bot = await startBot(loadConfig(botEnv(fake, dir), { dotenv: false }), createLogger('silent'));
  await bot.ready;
}, TIMEOUT);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

function expectNoPings(r: RecordedRequest, what: string): void {
  expect(allowedMentionsOf(messageBody(r)), what).toEqual(NO_PINGS);
}

/** Nothing in what this interaction sent can ping: allowed mentions none on every message, and no `content` holding the quote. */
function expectCannotPing(handle: InteractionHandle, what: string): void {
  const sent = handle.requests().filter(carriesMessage);
  expect(sent.length, `${what}: messages sent`).toBeGreaterThan(0);
  for (const r of sent) {
    expectNoPings(r, what);
    const content = String(messageBody(r)?.content ?? '');
    for (const m of MENTIONS) expect(content, `${what}: message content (where mentions would notify)`).not.toContain(m);
  }
}

/** No Markdown character in `text` is left unescaped. */
function expectMarkdownEscaped(text: string, what: string): void {
  expect(text, what).not.toMatch(/(?<!\\)[*_`~|]/);
}

describe('an article whose sentence holds mentions and Markdown', { timeout: TIMEOUT }, () => {
  let ask: InteractionHandle;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let answer: any;

  it('is quoted first by /ask, escaped as written, and cannot ping', async () => {
    ask = await fake.sendCommand('ask', { question: 'When did the Zenda board say the quay tolls would double?' });
    await ask.waitForMessage();
    answer = ask.lastMessage();
    const [embed] = answer.embeds;
    const [first] = answerQuotes(embed);
    expect(first.text).toBe(SHOWN);
    expectMarkdownEscaped(first.text, 'the quote');
    // The answer is bolded where the quote says it, and the article's own Markdown stays escaped around it.
    expect(first.bold).toBe('Tuesday');
    expect(statedAnswer(embed)?.line).toBe('**Tue 10 Jun 2025** (“Tuesday”) [1]');
    expect(embed.description.match(/(?<!\\)\*\*/g)).toHaveLength(4);
    expect(first.note).toContain('On Tuesday = Tue 10 Jun 2025');
    expect(answerSources(embed).get(first.refs[0])).toContain('Test Wire');
    expect(answer.content).toBe('');
    expectCannotPing(ask, '/ask answer');
  });

  it('is escaped in Show context, which cannot ping', async () => {
    const context = await fake.sendButton(`ctx:${ask.id}`, answer);
    const shown = await context.waitForCallback();
    expect(isEphemeral(shown.body.data.flags)).toBe(true);
    const paragraph = shown.body.data.embeds.map((e: { description: string }) => e.description).find((d: string) => d.includes('Zenda'));
    expect(paragraph).toBe(SHOWN);
    expectCannotPing(context, 'Show context');
  });

  it('is escaped in the timeline under its resolved date, which cannot ping', async () => {
    const handle = await fake.sendCommand('timeline', { topic: 'Zenda quay tolls' });
    await handle.waitForMessage();
    const { description } = handle.lastMessage().embeds[0];
    const line = description.split('\n\n').find((l: string) => l.includes('Zenda'));
    expect(line).toMatch(/^\*\*Tue 10 Jun 2025\*\* — /);
    expect(line).toContain(` — ${SHOWN} [`);
    expectCannotPing(handle, 'timeline page');
  });
});

describe('mentions typed by a member', { timeout: TIMEOUT }, () => {
  it('echoed back in a private refusal cannot ping', async () => {
    // The refusal quotes the bad date, so the mention is in `content`: only allowed mentions keep it silent.
    const handle = await fake.sendCommand('timeline', { from: '@everyone' });
    const callback = await handle.waitForCallback();
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data.flags)).toBe(true);
    expect(callback.body.data.content).toContain('from "@everyone" is not a date; write it as');
    expectNoPings(callback, 'refusal quoting the member');
  });

  it('echoed back as the searched topic cannot ping', async () => {
    // Words and an id in no article, so nothing matches and the reply names what was searched.
    const handle = await fake.sendCommand('timeline', { topic: 'World Cup <@&987654321098765432>' });
    await handle.waitForMessage();
    expect(handle.lastMessage().embeds[0].description).toBe('No dated events found for “World Cup <@&987654321098765432>”.');
    expect(handle.lastMessage().content).toBe('');
    for (const r of handle.requests().filter(carriesMessage)) expectNoPings(r, 'empty timeline naming the topic');
  });
});
