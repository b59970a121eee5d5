/**
 * The real bot (discord.js, our commands and router) against a local fake Discord: assertions are on the REST
 * bodies the bot sends, which is what members see.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBot, type Bot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { deployCommands } from '../src/discord/deploy-commands.js';
import { createLogger } from '../src/discord/logger.js';
import { main as reindexMain } from '../src/cli/reindex.js';
import { main as feedbackMain } from '../src/cli/feedback.js';
import type { FeedbackEntry } from '../src/qa/feedback-report.js';
import { runMain } from './support/cli.js';
import {
  allowedMentionsOf,
  answerLead,
  answerQuotes,
  statedAnswer,
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
/** Every test and hook here may wait on the bot; see DEFAULT_WAIT_MS in the fake. */
const TIMEOUT = E2E_TEST_TIMEOUT_MS;
const MODERATOR = 0x20n; // Manage Server
const MEMBER = 0n;

let fake: FakeDiscord;
let bot: Bot;
let dir: string;

function env(extra: Record<string, string> = {}): Record<string, string> {
  return botEnv(fake, dir, extra);
}

/** The votes that count, as a moderator exports them: `npm run feedback -- --export` on the bot's database. */
async function exportedVotes(): Promise<FeedbackEntry[]> {
  const run = await runMain(feedbackMain, ['--export'], { ...process.env, ...env() });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FeedbackEntry);
}

/** The message as members see it once the bot is done with this interaction. */
async function finalMessage(handle: InteractionHandle) {
  await handle.waitForMessage();
  return handle.lastMessage();
}

/** Nothing in this message can ping anyone: allowed mentions are set, and allow no one. */
function expectNoPings(request: RecordedRequest, what: string): void {
  expect(allowedMentionsOf(messageBody(request)), `${what} (${request.method} ${request.path.replace(/tok_[\w-]+/, 'tok_…')})`).toEqual(
    NO_PINGS,
  );
}

/** Every message this interaction sent or edited so far pings no one; returns them. */
function expectNoPingsIn(handle: InteractionHandle, what: string): RecordedRequest[] {
  const sent = handle.requests().filter(carriesMessage);
  expect(sent.length, `${what}: messages sent`).toBeGreaterThan(0);
  for (const r of sent) expectNoPings(r, what);
  return sent;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-e2e-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  fake = await FakeDiscord.start();
  bot = await startBot(loadConfig(env(), { dotenv: false }), createLogger('silent'));
  await bot.ready;
}, TIMEOUT);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

describe('/ask', { timeout: TIMEOUT }, () => {
  it('defers publicly, then posts the newest report as the first quote, with resolved date and citation, no pings, and buttons', async () => {
    const handle = await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' });
    const callback = await handle.waitForCallback();
    expect(callback.body.type).toBe(5);
    expect(isEphemeral(callback.body.data?.flags), 'the "thinking…" of /ask is public').toBe(false);
    const edit = await handle.waitForMessage();
    expectNoPings(edit, '/ask answer');
    expect(isEphemeral(handle.lastMessage().flags), 'the /ask answer is public').toBe(false);
    const [embed] = edit.body.embeds;
    // The 2025 report that Colombia joined comes first; the 2023 one that it had yet to join only after it.
    const quotes = answerQuotes(embed);
    const sources = answerSources(embed);
    expect(quotes[0].text).toMatch(/^On Monday Petro said Colombia would join the Belt and Road Initiative/);
    expect(quotes[0].note).toContain('On Monday = Mon 12 May 2025');
    // The short answer opens the embed, resolved, citing the quote it is bolded in, with how sure the bot is.
    expect(statedAnswer(embed)?.line).toBe('**Mon 12 May 2025** (“Monday”) [1]');
    expect(statedAnswer(embed)?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(quotes[0].bold).toBe('Monday');
    // The footer explains what the embed shows: the "=" of a resolved date under a quote.
    expect(embed.footer.text).toContain('A date after “=” is the day the article’s words mean, counted from its publication date.');
    const first = sources.get(quotes[0].refs[0]);
    expect(first).toContain('TRT World');
    expect(first).toContain('https://www.trtworld.com/article/dd1e752e64e0');
    expect(first).toContain('¶9');
    for (const q of quotes.slice(1)) {
      if (sources.get(q.refs[0])?.includes('Reuters'))
        expect(q.note, `older quote "${q.text}"`).toContain('earlier report, Wed 25 Oct 2023');
    }
    const ids = edit.body.components[0].components.map((c: { custom_id: string }) => c.custom_id);
    expect(ids).toEqual([`ctx:${handle.id}`, `vote:${handle.id}:up`, `vote:${handle.id}:down`, `fup:${handle.id}`]);
  });

  it('states no short answer it is unsure of: a neutral line over the quotes, nothing bold, no confidence', async () => {
    const message = await finalMessage(await fake.sendCommand('ask', { question: 'Who is the president of Colombia?' }));
    const [embed] = message.embeds;
    expect(statedAnswer(embed)).toBeUndefined();
    expect(answerLead(embed)).toEqual([
      '*No short answer I can state with confidence; these are the passages that match the question best:*',
    ]);
    const quotes = answerQuotes(embed);
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes.some((q) => q.text.includes('Petro'))).toBe(true);
    for (const q of quotes) expect(q.bold).toBeUndefined();
    expect(embed.description).not.toContain('**');
    expect(allowedMentionsOf(message)).toEqual(NO_PINGS);
  });

  it('answers privately when the member picks private:true, from the "thinking…" on', async () => {
    const handle = await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?', private: true });
    const callback = await handle.waitForCallback();
    expect(callback.body.type).toBe(5);
    expect(isEphemeral(callback.body.data?.flags), 'the "thinking…" of a private /ask').toBe(true);
    const message = await finalMessage(handle);
    expect(answerQuotes(message.embeds[0])[0].text).toContain('Xi also pledged $9.2 billion in credit');
    const timeline = await fake.sendCommand('timeline', { topic: 'BRI', private: true });
    expect(isEphemeral((await timeline.waitForCallback()).body.data?.flags), 'a private /timeline').toBe(true);
  });

  it('answers a question with misspelt names like the correctly spelled one, and says what it searched for', async () => {
    const typo = await finalMessage(await fake.sendCommand('ask', { question: 'When did Colmbia join the Belt and Raod?' }));
    const right = await finalMessage(await fake.sendCommand('ask', { question: 'When did Colombia join the Belt and Road?' }));
    expect(answerQuotes(typo.embeds[0])).toEqual(answerQuotes(right.embeds[0]));
    expect(answerLead(typo.embeds[0])[0]).toMatch(
      /^-# Searched for: When did Colombia join the Belt and Road\?\n\*\*Mon 12 May 2025\*\* \(“Monday”\) \[1\]\n-# Confidence: \d+%$/,
    );
    expect(statedAnswer(right.embeds[0])?.line).toBe('**Mon 12 May 2025** (“Monday”) [1]');
  });

  it('answers as of when the member asked: the interaction time, not the time it is answered', async () => {
    // Asked on 1 Jan 2024, before the 2025 pact: the 2023 report that Colombia had yet to join is the answer.
    const handle = await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' }, { sentAt: new Date('2024-01-01T18:00:00Z') });
    const [embed] = (await handle.waitForMessage()).body.embeds;
    const sources = [...answerSources(embed).values()];
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).not.toContain('2025');
    expect(answerQuotes(embed).map((q) => q.text)).toContain(
      'Colombia has yet to join Xi’s multi-region infrastructure Belt and Road Initiative (BRI), unlike many of its Latin American and Caribbean neighbours.',
    );
    expect(embed.footer.text).toMatch(/^Answered as of Mon 1 Jan 2024: nothing published later is quoted\./);
  });

  it('reads words that name JavaScript built-ins as words: "Which constructor builds the metro?" is answered', async () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty']) {
      const message = await finalMessage(await fake.sendCommand('ask', { question: `Which ${name} builds the metro?` }));
      const description: string = message.embeds?.[0]?.description ?? '';
      expect(JSON.stringify(message), name).not.toContain('Something went wrong');
      if (!description.includes("I couldn't find that in the corpus."))
        expect(answerQuotes(message.embeds[0])[0].text, name).toMatch(/Bogota Metro/);
    }
  });

  it('says plainly when the corpus has no answer, and lists the closest articles', async () => {
    const handle = await fake.sendCommand('ask', { question: 'Who won the 2022 World Cup?' });
    const message = await finalMessage(handle);
    expect(message.embeds[0].description).toContain("I couldn't find that in the corpus.");
    expect(message.embeds[0].description).toContain('Closest articles');
    // Only 👎: a member who knows the corpus holds it can say so, and the log records the abstention.
    expect(message.components[0].components.map((c: { custom_id: string }) => c.custom_id)).toEqual([`vote:${handle.id}:down`]);
    const vote = await (await fake.sendButton(`vote:${handle.id}:down`, message)).waitForCallback();
    expect(vote.body.data.content).toMatch(/recorded/);
    const logged = await exportedVotes();
    expect(logged.find((l) => l.answerId === handle.id)).toMatchObject({
      vote: 'down',
      abstained: true,
      quotes: [],
      question: 'Who won the 2022 World Cup?',
    });
    expect(isEphemeral(message.flags)).toBe(false);
    expectNoPingsIn(handle, 'abstention');
  });

  it('refuses an empty question privately without deferring', async () => {
    const handle = await fake.sendCommand('ask', { question: '   ' });
    const callback = await handle.waitForCallback();
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data.flags), 'a refusal is private').toBe(true);
    expect(callback.body.data.content).toMatch(/question is empty/);
    expectNoPings(callback, 'user-error reply');
  });

  it('autocompletes from the corpus vocabulary, own text first, within Discord limits', async () => {
    const handle = await fake.sendAutocomplete('ask', 'question', { question: 'When did Colombia join the Be' });
    const callback = await handle.waitForCallback();
    expect(callback.body.type).toBe(8);
    const choices: { name: string; value: string }[] = callback.body.data.choices;
    expect(choices[0].value).toBe('When did Colombia join the Be');
    expect(choices.some((c) => c.value === 'When did Colombia join the Belt')).toBe(true);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('offers the questions about the articles themselves as they are typed: "who wro" → "Who wrote the Reuters article?"', async () => {
    const box = await fake.sendAutocomplete('ask', 'question', { question: 'who wro' });
    const choices = ((await box.waitForCallback()).body.data.choices as { name: string }[]).map((c) => c.name);
    expect(choices).toEqual(
      expect.arrayContaining(['Who wrote the Reuters article?', 'Who wrote the TRT World article?', 'Who wrote the article about BRI?']),
    );
    const answer = await finalMessage(await fake.sendCommand('ask', { question: 'Who wrote the Reuters article?' }));
    expect(answer.embeds[0].description).toContain('Liz Lee and Ryan Woo');
  });

  it('suggests whole questions and topics: recent answered questions and topics for an empty box, matches for "colmbia bri"', async () => {
    const choicesFor = async (typed: string) =>
      (
        (await (await fake.sendAutocomplete('ask', 'question', { question: typed })).waitForCallback()).body.data.choices as {
          value: string;
        }[]
      ).map((c) => c.value);
    const empty = await choicesFor('');
    // Questions answered earlier in this server come first, then the corpus's topics.
    expect(empty[0]).toMatch(/\?$/);
    expect(empty).toContain('Belt and Road Initiative (BRI)');
    expect(empty).toContain('China and Colombia deepen ties with Belt and Road pact');
    expect(new Set(empty.map((c) => c.toLowerCase())).size).toBe(empty.length);
    expect(empty.length).toBeLessThanOrEqual(25);
    const typo = await choicesFor('colmbia bri');
    expect(typo[0]).toBe('colmbia bri');
    expect(typo).toContain('Belt and Road Initiative (BRI)');
    expect(typo).toContain('China and Colombia deepen ties with Belt and Road pact');
    expect(
      typo.some((c) => /^When did Colombia join/i.test(c)),
      'a question asked and answered earlier',
    ).toBe(true);
  });

  it('answers a question about an article from its front matter, citing the article', async () => {
    const handle = await fake.sendCommand('ask', { question: 'Who wrote the Reuters article?' });
    const message = await finalMessage(handle);
    const [embed] = message.embeds;
    expect(embed.description).toBe('**Liz Lee and Ryan Woo** (authors) [1]');
    expect(answerSources(embed).get(1)).toBe(
      'China upgrades diplomatic ties with close US ally Colombia — Reuters, Wed 25 Oct 2023, by Liz Lee, Ryan Woo',
    );
    // Nothing to show in context: only the votes.
    expect(message.components[0].components.map((c: { custom_id: string }) => c.custom_id)).toEqual([
      `vote:${handle.id}:up`,
      `vote:${handle.id}:down`,
    ]);
    expectNoPingsIn(handle, 'front-matter answer');
  });

  it('shows the cited paragraphs privately, and records one vote per member', async () => {
    const ask = await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?' });
    const message = await finalMessage(ask);
    const context = await fake.sendButton(`ctx:${ask.id}`, message);
    const shown = await context.waitForCallback();
    expect(shown.body.type).toBe(4);
    expect(isEphemeral(shown.body.data.flags), 'Show context is private').toBe(true);
    expect(shown.body.data.embeds[0].description).toContain('Xi also pledged $9.2 billion in credit towards');
    expectNoPings(shown, 'Show context');

    const first = await (await fake.sendButton(`vote:${ask.id}:up`, message, { userId: '400000000000000001' })).waitForCallback();
    const again = await (await fake.sendButton(`vote:${ask.id}:down`, message, { userId: '400000000000000001' })).waitForCallback();
    const same = await (await fake.sendButton(`vote:${ask.id}:down`, message, { userId: '400000000000000001' })).waitForCallback();
    expect(first.body.data.content).toMatch(/recorded/);
    expect(again.body.data.content).toBe('Your vote is now 👎.');
    expect(same.body.data.content).toBe('Your 👎 was already recorded.');
    for (const vote of [first, again, same]) {
      expect(isEphemeral(vote.body.data.flags), 'a vote reply is private').toBe(true);
      expectNoPings(vote, 'vote reply');
    }
    const votes = (await exportedVotes()).filter((l) => l.answerId === ask.id);
    // One vote counts per member and answer: the last one.
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ vote: 'down', question: 'How much credit did Xi pledge?', answerId: ask.id });
    // The vote records the short answer the member read, and none when the bot stated none (below its threshold).
    const read = statedAnswer(message.embeds[0]);
    expect(votes[0].answer).toBe(read ? '$9.2 billion' : undefined);
    if (read) expect(read.line).toBe('**$9.2 billion** [1]');
    expect(votes[0].quotes[0]).toMatchObject({ article: '002_db386d23d8a38732', paragraph: 7 });
    // The report moderators read names the articles by title, with their file.
    const report = await runMain(feedbackMain, [], { ...process.env, ...env() });
    expect(report.stdout).toContain('“China and Colombia deepen ties with Belt and Road pact” (002_db386d23d8a38732)');
  });
});

describe('/timeline', { timeout: TIMEOUT }, () => {
  it('renders the BRI events of both articles', async () => {
    const handle = await fake.sendCommand('timeline', { topic: 'BRI' });
    const message = await finalMessage(handle);
    const text = `${message.embeds[0].description}\n${message.embeds[0].fields?.map((f: { value: string }) => f.value).join('\n')}`;
    expect(text).toContain('Mon 12 May 2025');
    expect(text).toContain('Reuters');
    expect(text).toContain('TRT World');
    expect(isEphemeral(message.flags), 'a timeline is public').toBe(false);
    expectNoPingsIn(handle, 'timeline page');
    // The picture of the page: a multipart edit carrying timeline.png, shown in the embed.
    const edit = handle.requests().find((r) => r.method === 'PATCH' && Array.isArray(r.body?.files) && r.body.files.length)!;
    expect(edit.body.files).toEqual([expect.objectContaining({ filename: 'timeline.png', size: expect.any(Number) })]);
    expect(edit.body.files[0].size).toBeGreaterThan(1000);
    expect(edit.body.files[0].size).toBeLessThan(1024 * 1024);
    expect(message.embeds[0].image).toEqual({ url: 'attachment://timeline.png' });
  });

  it('suggests topics, not words: "be" nothing, "bri" the acronym with its expansion, "colom" names and titles', async () => {
    const choices = async (topic: string) =>
      ((await (await fake.sendAutocomplete('timeline', 'topic', { topic })).waitForCallback()).body.data.choices as { name: string }[]).map(
        (c) => c.name,
      );
    expect(await choices('be')).toEqual([]);
    expect(await choices('bri')).toEqual(['bri', 'Belt and Road Initiative (BRI)']);
    const colombia = await choices('colom');
    expect(colombia).toContain('Colombia');
    expect(colombia).toContain('China upgrades diplomatic ties with close US ally Colombia');
    expect(colombia.every((c) => /colom/i.test(c))).toBe(true);
  });

  it('pages with ◀ ▶', async () => {
    const handle = await fake.sendCommand('timeline', {});
    const message = await finalMessage(handle);
    expect(message.embeds[0].footer.text).toMatch(/^Page 1 of \d+/);
    expectNoPingsIn(handle, 'timeline first page');
    const next = await fake.sendButton(`tl:${handle.id}:1`, message);
    const update = await next.waitForCallback();
    expect(update.body.type).toBe(7);
    expect(update.body.data.embeds[0].footer.text).toMatch(/^Page 2 of/);
    expectNoPings(update, 'timeline ▶ page update');
    // Every page lists the sources it cites, and only those.
    for (const embed of [message.embeds[0], update.body.data.embeds[0]]) {
      const cited = new Set([...embed.description.matchAll(/\[(\d+)\]/g)].map((m: RegExpMatchArray) => Number(m[1])));
      expect([...answerSources(embed).keys()].sort((a, b) => a - b)).toEqual([...cited].sort((a, b) => a - b));
    }
    // Another member's ▶ opens their own private copy; the shared message is not moved.
    const other = await (await fake.sendButton(`tl:${handle.id}:2`, message, { userId: '400000000000000077' })).waitForCallback();
    expect(other.body.type).toBe(4);
    expect(isEphemeral(other.body.data.flags), 'the copy is private').toBe(true);
    expect(other.body.data.embeds[0].footer.text).toMatch(/^Page 3 of/);
    expectNoPings(other, 'private timeline copy');
  });

  it('says what was searched when nothing matches', async () => {
    const handle = await fake.sendCommand('timeline', { topic: 'World Cup' });
    const message = await finalMessage(handle);
    expect(message.embeds[0].description).toBe('No dated events found for “World Cup”.');
    expectNoPingsIn(handle, 'empty timeline');
  });

  it('answers a bad date privately, naming the accepted forms', async () => {
    const callback = await (await fake.sendCommand('timeline', { from: '2025-13' })).waitForCallback();
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data.flags), 'a refusal is private').toBe(true);
    expect(callback.body.data.content).toBe(
      'from "2025-13" is not a date: there is no month 13; write it as 2023, 2023-10, Oct 2023, October 2023 or 2023-10-25',
    );
    expectNoPings(callback, 'user-error reply');
  });

  it('turns a refusal found after the public "thinking…" into a private follow-up, and removes the "thinking…"', async () => {
    // from and to each parse (so the check passes), but only building the timeline finds them reversed.
    const handle = await fake.sendCommand('timeline', { from: '2025', to: '2023' });
    const followUp = await fake.waitForRequest(
      (r) => r.path.includes(handle.token) && r.method === 'POST' && r.path.startsWith('/webhooks/'),
    );
    expect(followUp.body.content).toMatch(/is after to .*swap them/);
    expect(isEphemeral(followUp.body.flags), 'the follow-up is private').toBe(true);
    expectNoPings(followUp, 'user-error follow-up');
    await fake.waitForRequest((r) => r.path.includes(handle.token) && r.method === 'DELETE' && r.path.endsWith('/messages/@original'));
  });
});

describe('/reindex', { timeout: TIMEOUT }, () => {
  it('is refused to members without Manage Server', async () => {
    const callback = await (await fake.sendCommand('reindex', {}, { permissions: MEMBER })).waitForCallback();
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data.flags), 'a refusal is private').toBe(true);
    expect(callback.body.data.content).toMatch(/Manage Server/);
    expectNoPings(callback, 'user-error reply');
  });

  it('rebuilds for a moderator, reports what changed, and the new article answers', async () => {
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
    writeFileSync(path.join(dir, 'corpus', 'broken.md'), '---\ntitle: [a, list]\ndate: 2025-13-45\n---\n\nText.\n');
    const handle = await fake.sendCommand('reindex', {}, { permissions: MODERATOR });
    const callback = await handle.waitForCallback();
    expect(callback.body.type).toBe(5);
    expect(isEphemeral(callback.body.data?.flags), 'the /reindex "thinking…" is private').toBe(true);
    const done = await fake.waitForRequest(
      (r) => r.path.includes(handle.token) && r.method === 'PATCH' && /Reindexed/.test(r.body?.content ?? ''),
    );
    expectNoPings(done, '/reindex report');
    // A rebuild always reports progress (the worker's first stage, and "done"); the first note is edited at once.
    const progress = handle.requests().filter((r) => r.method === 'PATCH' && /^Reindexing…/.test(r.body?.content ?? ''));
    expect(progress.length, '/reindex progress edits').toBeGreaterThan(0);
    for (const r of progress) expectNoPings(r, '/reindex progress edit');
    expect(isEphemeral(handle.lastMessage().flags), 'the /reindex report is private').toBe(true);
    const report = handle.lastMessage().content as string;
    expect(report).toMatch(/3 articles/);
    // By its title, which a moderator knows, and its file.
    expect(report).toMatch(/\+ added 1: “[^”]+” \(new-article\)/);
    expect(report).toMatch(/^Reindexed in (0\.[1-9]|[1-9]\d*(\.\d)?) s/);
    expect(report).toMatch(/broken\.md: bad front matter: title: .*list.*date/);

    const message = await finalMessage(await fake.sendCommand('ask', { question: 'When did the first Bogota Metro line open?' }));
    expect(answerQuotes(message.embeds[0])[0].text).toContain('opened to passengers on Sunday');
    expect(message.embeds[0].description).toContain('Sun 1 Jun 2025');
    rmSync(path.join(dir, 'corpus', 'broken.md'));
  });

  it(
    'finishes a reindex over a one-line 8,000-sentence article, tells the other moderator it is running, and reports an id clash',
    async () => {
      const corpus = path.join(dir, 'corpus');
      const added = ['long.md', 'x.md', 'x.txt'];
      const front = (title: string) => `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: 2025-06-03\n---\n\n`;
      writeFileSync(
        path.join(corpus, 'long.md'),
        `${front('One long line')}${'Another sentence pads the one long line of this file. '.repeat(8000)}\n`,
      );
      writeFileSync(path.join(corpus, 'x.md'), `${front('Vigo quay')}The harbour of Vigo opened a new quay on Monday.\n`);
      writeFileSync(path.join(corpus, 'x.txt'), `${front('Cadiz quay')}The harbour of Cadiz opened a new quay on Tuesday.\n`);
      try {
        const a = await fake.sendCommand('reindex', {}, { permissions: MODERATOR });
        const b = await fake.sendCommand('reindex', {}, { permissions: MODERATOR, userId: '400000000000000002' });
        // Both may pass the busy check before either starts; which one rebuilds then depends on which deferral
        // Discord answers first, so do not assume it is the first one sent. The other is told it is running,
        // either at once (a reply) or after its "thinking…" (an edit).
        const settled = (h: InteractionHandle) =>
          fake.waitForRequest(
            (r) =>
              r.path.includes(h.token) &&
              carriesMessage(r) &&
              /^(Reindexed|A reindex is already running)/.test(messageBody(r)?.content ?? ''),
            120_000,
          );
        const [settledA] = await Promise.all([settled(a), settled(b)]);
        const [first, second] = /^Reindexed/.test(messageBody(settledA).content) ? [a, b] : [b, a];
        const report = first.lastMessage().content as string;
        expect(report).toMatch(/^Reindexed/);
        expect(report).toContain(
          'x.txt: has the same article id "x" as x.md (ids are file names without the extension); rename one of them',
        );
        expect(report).toMatch(/\+ added 2: (“One long line” \(long\), “Vigo quay” \(x\)|“Vigo quay” \(x\), “One long line” \(long\))/);
        expectNoPingsIn(first, '/reindex report');
        const refusal = second.lastMessage().content as string;
        expect(refusal).toBe(
          'A reindex is already running; it will finish on its own, and I keep answering from the current index until then.',
        );
        expect(isEphemeral(second.lastMessage().flags), '"already running" is private').toBe(true);
        expectNoPingsIn(second, '"already running" reply');

        const ask = await fake.sendCommand('ask', { question: 'Which harbour opened a new quay?' });
        const message = await finalMessage(ask);
        expect(answerQuotes(message.embeds[0])[0].text).toContain('The harbour of Vigo opened a new quay on Monday.');
        expect(message.embeds[0].description).not.toContain('Cadiz');
        const shown = await (await fake.sendButton(`ctx:${ask.id}`, message)).waitForCallback();
        expect(shown.body.data.embeds[0].description).toContain('Vigo');
        expect(shown.body.data.embeds[0].description).not.toContain('Cadiz');
      } finally {
        for (const f of added) rmSync(path.join(corpus, f), { force: true });
      }
    },
    2 * TIMEOUT,
  );

  it('keeps the old index when the rebuild fails', async () => {
    const corpus = path.join(dir, 'corpus');
    const moved = `${corpus}-away`;
    cpSync(corpus, moved, { recursive: true });
    rmSync(corpus, { recursive: true });
    try {
      const handle = await fake.sendCommand('reindex', {}, { permissions: MODERATOR });
      const failed = await fake.waitForRequest((r) => r.path.includes(handle.token) && /Reindex failed/.test(r.body?.content ?? ''));
      expectNoPings(failed, '"Reindex failed" reply');
      expect(isEphemeral(messageBody(failed).flags ?? handle.lastMessage().flags), '"Reindex failed" is private').toBe(true);
      // KNOWN BUG (reported to the lead, not fixed here): the failure must replace the private progress note,
      // not leave it saying "Reindexing… The current index keeps answering meanwhile." forever under a separate
      // follow-up. discord.js sets `interaction.replied` once a progress edit completes, so replyWithError in
      // src/discord/router.ts skips its "edit the private thinking…" branch and follows up instead (whether the
      // edit completed first is a race; it usually has). Fix: edit whenever the deferral was ephemeral, e.g.
      // `else if (interaction.deferred && interaction.ephemeral) await interaction.editReply(payload);`.
      const sent = handle
        .requests()
        .filter(carriesMessage)
        .map((r) => `${r.method} ${r.path.split('/').at(-1)?.slice(0, 12)}: ${messageBody(r)?.content}`);
      expect(handle.lastMessage().content, `the /reindex reply as the moderator sees it; sent: ${JSON.stringify(sent)}`).toMatch(
        /^Reindex failed: /,
      );
      const message = await finalMessage(await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' }));
      expect(answerQuotes(message.embeds[0])[0].text).toContain('On Monday Petro said');
    } finally {
      cpSync(moved, corpus, { recursive: true });
      rmSync(moved, { recursive: true });
    }
  });
});

describe('/about', { timeout: TIMEOUT }, () => {
  it('tells the member privately what the bot knows, with the figures reindex --json prints, and the last reindex', async () => {
    // A moderator reindexes; /about then tells what that index holds, as the CLI counts the same corpus.
    const reindex = await fake.sendCommand('reindex', {}, { permissions: MODERATOR });
    await fake.waitForRequest((r) => r.path.includes(reindex.token) && r.method === 'PATCH' && /Reindexed/.test(r.body?.content ?? ''));
    const report = JSON.parse((await runMain(reindexMain, ['--json', '--corpus', path.join(dir, 'corpus')])).stdout);
    const handle = await fake.sendCommand('about', {});
    expect(isEphemeral((await handle.waitForCallback()).body.data?.flags), '/about is private').toBe(true);
    const message = await finalMessage(handle);
    const fields = Object.fromEntries(message.embeds[0].fields.map((f: { name: string; value: string }) => [f.name, f.value]));
    expect(fields.Corpus).toBe(
      `${report.articles} articles · ${report.paragraphs} paragraphs · ${report.sentences} sentences · ${report.acronyms} acronyms`,
    );
    const sources = Object.entries(fields).find(([name]) => name.startsWith('Sources ('))!;
    expect(sources[1]).toContain('Reuters 1');
    expect(sources[1]).toContain('TRT World 1');
    expect(fields.Dates).toMatch(/^Wed 25 Oct 2023 – /);
    expect(fields['Last reindex']).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by .+: ${report.articles} articles \\(\\+`));
    expect(fields['Index snapshot']).toMatch(/^saved \d+ (s|min) ago$/);
    expect(message.embeds[0].footer.text).toMatch(/^newsdesk-bot \d+\.\d+\.\d+ · answers as of /);
    expectNoPingsIn(handle, '/about');
  });
});

describe('resilience', { timeout: TIMEOUT }, () => {
  it('answers an unexpected error privately with a reference, and keeps serving', async () => {
    const spy = vi.spyOn(bot.context.indexes, 'index', 'get').mockImplementationOnce(() => {
      throw new Error('boom');
    });
    const handle = await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' });
    const error = await fake.waitForRequest((r) => r.path.includes(handle.token) && r.method === 'POST' && r.path.startsWith('/webhooks/'));
    expect(error.body.content).toBe(
      `Something went wrong (ref ${handle.id}). Tell a moderator: the bot's operator can find this reference in the bot's log.`,
    );
    expect(isEphemeral(error.body.flags), '"Something went wrong" is private').toBe(true);
    expectNoPings(error, '"Something went wrong" reply');
    // The public "thinking…" cannot turn private, so it is removed.
    await fake.waitForRequest((r) => r.path.includes(handle.token) && r.method === 'DELETE' && r.path.endsWith('/messages/@original'));
    spy.mockRestore();
    const message = await finalMessage(await fake.sendCommand('ask', { question: 'When did Petro arrive in Beijing?' }));
    expect(answerQuotes(message.embeds[0])[0].text).toContain('On his arrival in Beijing on Tuesday');
  });

  it('keeps Show context and votes working across a restart, and a vote changed after it counts once', async () => {
    const ask = await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?' });
    const message = await finalMessage(ask);
    const user = '400000000000000009';
    expect((await (await fake.sendButton(`vote:${ask.id}:up`, message, { userId: user })).waitForCallback()).body.data.content).toMatch(
      /recorded/,
    );
    // A new process, as after a deploy: nothing in memory.
    await bot.stop();
    bot = await startBot(loadConfig(env(), { dotenv: false }), createLogger('silent'));
    await bot.ready;
    const shown = await (await fake.sendButton(`ctx:${ask.id}`, message)).waitForCallback();
    expect(shown.body.data.embeds[0].description).toContain('Xi also pledged $9.2 billion in credit towards');
    expect(isEphemeral(shown.body.data.flags)).toBe(true);
    // The vote from before the restart is remembered: the same vote is not counted twice, a change is.
    const again = await (await fake.sendButton(`vote:${ask.id}:up`, message, { userId: user })).waitForCallback();
    expect(again.body.data.content).toBe('Your 👍 was already recorded.');
    const changed = await (await fake.sendButton(`vote:${ask.id}:down`, message, { userId: user })).waitForCallback();
    expect(changed.body.data.content).toBe('Your vote is now 👎.');
    const votes = (await exportedVotes()).filter((l) => l.answerId === ask.id && l.user === user);
    expect(votes.map((v) => v.vote)).toEqual(['down']);
  });

  it('with the SQLite file full: answers without buttons, saying why, refuses a vote uncounted; counts it once the disk has room', async () => {
    const full = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const earlier = await fake.sendCommand('ask', { question: 'What does CHEC stand for?' });
    const earlierMessage = await finalMessage(earlier);
    const save = vi.spyOn(bot.context.state, 'saveRecord').mockRejectedValue(full());
    const vote = vi.spyOn(bot.context.state, 'recordVote').mockRejectedValue(full());
    try {
      const message = await finalMessage(await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?' }));
      expect(message.embeds[0].description).toContain('$9.2 billion');
      expect(message.content).toBe("-# The buttons are off for this answer: the bot's database could not save it just now.");
      expect(message.components).toEqual([]);
      const refused = await (
        await fake.sendButton(`vote:${earlier.id}:up`, earlierMessage, { userId: '400000000000000077' })
      ).waitForCallback();
      expect(refused.body.data.content).toBe('Your vote could not be saved just now, so it is not counted; please try again in a moment.');
      expect(isEphemeral(refused.body.data.flags)).toBe(true);
    } finally {
      save.mockRestore();
      vote.mockRestore();
    }
    expect((await exportedVotes()).filter((v) => v.answerId === earlier.id)).toEqual([]);
    const counted = await (
      await fake.sendButton(`vote:${earlier.id}:up`, earlierMessage, { userId: '400000000000000077' })
    ).waitForCallback();
    expect(counted.body.data.content).toBe('Thanks — your 👍 is recorded.');
  });

  it('resumes after a gateway RECONNECT and answers the next /ask', async () => {
    await fake.reconnect();
    const message = await finalMessage(await fake.sendCommand('ask', { question: 'What does CHEC stand for?' }));
    expect(
      answerQuotes(message.embeds[0])
        .map((q) => q.text)
        .join(' '),
    ).toContain('China Harbour Engineering Company (CHEC)');
  });
});

describe('cooldown', { timeout: TIMEOUT }, () => {
  it('ASK_COOLDOWN_SECONDS: a member asking again within it is refused privately, and served once it has ended', async () => {
    // The bot as an operator with a cooldown runs it (the other tests' bot has none), on the same SQLite file.
    const seconds = 3;
    await bot.stop();
    bot = await startBot(loadConfig(env({ ASK_COOLDOWN_SECONDS: String(seconds) }), { dotenv: false }), createLogger('silent'));
    await bot.ready;
    try {
      const member = { userId: '400000000000000033' };
      const question = { question: 'What does CHEC stand for?' };
      const ask = async () => (await (await fake.sendCommand('ask', question, member)).waitForCallback()).body;
      const refusal = /^Slow down a little: you can use \/ask again in ([1-3]) s\.$/;

      const first = await fake.sendCommand('ask', question, member);
      expect((await first.waitForCallback()).body.type, 'the first /ask is deferred: served').toBe(5);
      // The cooldown started before that callback was sent.
      const endsBy = Date.now() + seconds * 1000;
      const refused = await ask();
      expect(refused).toMatchObject({ type: 4, data: { content: expect.stringMatching(refusal) } });
      expect(isEphemeral(refused.data.flags)).toBe(true);
      await finalMessage(first);

      // After it ended, not at its last millisecond: served, with the answer.
      await new Promise((resolve) => setTimeout(resolve, endsBy + 250 - Date.now()));
      const after = await fake.sendCommand('ask', question, member);
      expect((await after.waitForCallback()).body.type, '/ask after the cooldown is served').toBe(5);
      expect(JSON.stringify((await finalMessage(after)).embeds[0])).toContain('China Harbour Engineering Company (CHEC)');
      // That started the next one.
      expect(await ask()).toMatchObject({ type: 4, data: { content: expect.stringMatching(refusal) } });
    } finally {
      await bot.stop();
      bot = await startBot(loadConfig(env(), { dotenv: false }), createLogger('silent'));
      await bot.ready;
    }
  });
});

describe('deploy-commands', { timeout: TIMEOUT }, () => {
  it('PUTs the seven commands with their options and the moderators’ default permission', async () => {
    const result = await deployCommands(env({ DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId }));
    expect(result.count).toBe(7);
    const put = fake.requests.find(
      (r: { method: string; path: string }) =>
        r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`,
    )!;
    expect(put).toBeDefined();
    const byName = Object.fromEntries(put.body.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['about', 'article', 'ask', 'feed', 'follow', 'reindex', 'timeline']);
    expect(byName.feed).toMatchObject({ default_member_permissions: '32', contexts: [0] });
    expect(byName.ask.options[0]).toMatchObject({ name: 'question', required: true, max_length: 300, autocomplete: true });
    expect(byName.ask.options[1]).toMatchObject({ name: 'private', type: 5 });
    expect(byName.ask.options[1].required).toBeFalsy();
    expect(byName.timeline.options.map((o: { name: string }) => o.name)).toEqual(['topic', 'from', 'to', 'private']);
    expect(byName.reindex).toMatchObject({ default_member_permissions: '32', contexts: [0] });
    expect(byName.article.options.map((o: { name: string; type: number }) => `${o.name}:${o.type}`)).toEqual([
      'add:1',
      'remove:1',
      'list:1',
    ]);
    expect(byName.article.options[0].options.map((o: { name: string; type: number }) => `${o.name}:${o.type}`)).toEqual([
      'file:11',
      'url:3',
    ]);
    // /follow list is everyone's: the moderators' subcommands check Manage Server themselves.
    expect(byName.follow).toMatchObject({ contexts: [0] });
    expect(byName.follow.default_member_permissions ?? null).toBeNull();
    const follow = byName.follow.options.map((o: { name: string; options?: { name: string; type: number; required?: boolean }[] }) => [
      o.name,
      (o.options ?? []).map((x) => `${x.name}:${x.type}${x.required ? '!' : ''}`),
    ]);
    expect(follow).toEqual([
      ['add', ['topic:3!', 'channel:7!']],
      ['remove', ['topic:3!']],
      ['list', []],
    ]);
    expect(byName.follow.options[1].options[0].autocomplete).toBe(true);
  });
});

// The compiled `npm start` is tested in production.e2e.test.ts; this is `npm run dev`'s entry under tsx.
describe('npm run dev', { timeout: TIMEOUT }, () => {
  it('fails fast with a clear message on a bad token, without echoing it', async () => {
    const badToken = 'MTExMTExMTExMTExMTExMTEx.Gbad00.badbadbadbadbadbadbadbadbadbadbadbadba';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/discord/bot.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env({ DISCORD_TOKEN: badToken }) },
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Discord rejected DISCORD_TOKEN');
    expect(stderr).not.toContain(badToken);
  });
});

// Last, so it sees what every test above made the bot send (vitest runs a file's tests in order).
describe('every message', () => {
  it('the bot sent or edited in this file lets nothing ping: replies, updates, edits and follow-ups', () => {
    const sent = fake.messageRequests();
    for (const r of sent)
      expectNoPings(r, `${r.body?.content ?? messageBody(r)?.content ?? messageBody(r)?.embeds?.[0]?.title ?? ''}`.slice(0, 80));
    // Each way of sending a message was exercised: reply and update callbacks, edits of @original, follow-ups.
    const kinds = new Set(sent.map((r) => (r.path.endsWith('/callback') ? `callback ${r.body.type}` : `webhook ${r.method}`)));
    expect([...kinds].sort()).toEqual(['callback 4', 'callback 7', 'webhook PATCH', 'webhook POST']);
  });
});
