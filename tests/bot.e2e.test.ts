/**
 * The real bot (discord.js, our commands and router) against a local fake Discord: assertions are on the REST
 * bodies the bot sends, which is what members see.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBot, type Bot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { deployCommands } from '../src/deploy-commands.js';
import { createLogger } from '../src/logger.js';
import { FakeDiscord } from './support/fake-discord.js';

const ROOT = path.join(import.meta.dirname, '..');
const EPHEMERAL = 64;
const MODERATOR = 0x20n; // Manage Server
const MEMBER = 0n;

let fake: FakeDiscord;
let bot: Bot;
let dir: string;

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    CORPUS_DIR: path.join(dir, 'corpus'),
    FEEDBACK_LOG: path.join(dir, 'feedback.jsonl'),
    INDEX_SNAPSHOT: path.join(dir, 'index.snapshot'),
    ASK_COOLDOWN_SECONDS: '0',
    TIMELINE_COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** The message as members see it once the bot is done with this interaction. */
async function finalMessage(handle: Awaited<ReturnType<FakeDiscord['sendCommand']>>) {
  await handle.waitForMessage();
  return handle.lastMessage();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-e2e-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  fake = await FakeDiscord.start();
  bot = await startBot(loadConfig(env(), { dotenv: false }), createLogger('silent'));
  await bot.ready;
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/ask', () => {
  it('defers, then posts the quote with resolved date and citation, no pings, and buttons', async () => {
    const handle = await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' });
    const callback = await handle.waitForCallback();
    expect(callback.body.type).toBe(5);
    expect(callback.body.data?.flags ?? 0).not.toBe(EPHEMERAL);
    const edit = await handle.waitForMessage();
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    const [embed] = edit.body.embeds;
    expect(embed.description).toMatch(/On Monday Petro said Colombia would join the Belt and Road Initiative/);
    expect(embed.description).toContain('Mon 12 May 2025');
    expect(embed.description).not.toMatch(/^> Colombia has yet to join/);
    expect(embed.fields[0].value).toContain('TRT World');
    expect(embed.fields[0].value).toContain('https://www.trtworld.com/article/dd1e752e64e0');
    expect(embed.fields[0].value).toContain('¶9');
    const ids = edit.body.components[0].components.map((c: { custom_id: string }) => c.custom_id);
    expect(ids).toEqual([`ctx:${handle.id}`, `vote:${handle.id}:up`, `vote:${handle.id}:down`]);
  });

  it('says plainly when the corpus has no answer, and lists the closest articles', async () => {
    const message = await finalMessage(await fake.sendCommand('ask', { question: 'Who won the 2022 World Cup?' }));
    expect(message.embeds[0].description).toContain("I couldn't find that in the corpus.");
    expect(message.embeds[0].description).toContain('Closest articles');
  });

  it('refuses an empty question privately without deferring', async () => {
    const handle = await fake.sendCommand('ask', { question: '   ' });
    const callback = await handle.waitForCallback();
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.content).toMatch(/question is empty/);
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

  it('shows the cited paragraphs privately, and records one vote per member', async () => {
    const ask = await fake.sendCommand('ask', { question: 'How much credit did Xi pledge?' });
    const message = await finalMessage(ask);
    const context = await fake.sendButton(`ctx:${ask.id}`, message);
    const shown = await context.waitForCallback();
    expect(shown.body.type).toBe(4);
    expect(shown.body.data.flags).toBe(EPHEMERAL);
    expect(shown.body.data.embeds[0].description).toContain('Xi also pledged $9.2 billion in credit towards');

    const first = await (await fake.sendButton(`vote:${ask.id}:up`, message, { userId: '400000000000000001' })).waitForCallback();
    const again = await (await fake.sendButton(`vote:${ask.id}:down`, message, { userId: '400000000000000001' })).waitForCallback();
    expect(first.body.data.content).toMatch(/recorded/);
    expect(again.body.data.content).toMatch(/already rated/);
    const lines = readFileSync(path.join(dir, 'feedback.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ vote: 'up', question: 'How much credit did Xi pledge?', answerId: ask.id });
    expect(lines[0].quotes[0]).toMatchObject({ article: '002_db386d23d8a38732', paragraph: 7 });
  });
});

describe('/timeline', () => {
  it('renders the BRI events of both articles', async () => {
    const message = await finalMessage(await fake.sendCommand('timeline', { topic: 'BRI' }));
    const text = `${message.embeds[0].description}\n${message.embeds[0].fields?.map((f: { value: string }) => f.value).join('\n')}`;
    expect(text).toContain('Mon 12 May 2025');
    expect(text).toContain('Reuters');
    expect(text).toContain('TRT World');
  });

  it('pages with ◀ ▶', async () => {
    const handle = await fake.sendCommand('timeline', {});
    const message = await finalMessage(handle);
    expect(message.embeds[0].footer.text).toMatch(/^Page 1 of \d+/);
    const next = await fake.sendButton(`tl:${handle.id}:1`, message);
    const update = await next.waitForCallback();
    expect(update.body.type).toBe(7);
    expect(update.body.data.embeds[0].footer.text).toMatch(/^Page 2 of/);
  });

  it('says what was searched when nothing matches', async () => {
    const message = await finalMessage(await fake.sendCommand('timeline', { topic: 'World Cup' }));
    expect(message.embeds[0].description).toBe('No dated events found for “World Cup”.');
  });

  it('answers a bad date privately, naming the accepted forms', async () => {
    const callback = await (await fake.sendCommand('timeline', { from: '2025-13' })).waitForCallback();
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.content).toContain('"2023", "2023-10", "Oct 2023"');
  });
});

describe('/reindex', () => {
  it('is refused to members without Manage Server', async () => {
    const callback = await (await fake.sendCommand('reindex', {}, { permissions: MEMBER })).waitForCallback();
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.content).toMatch(/Manage Server/);
  });

  it('rebuilds for a moderator, reports what changed, and the new article answers', async () => {
    writeFileSync(path.join(dir, 'corpus', 'new-article.md'), [
      '---', 'title: "Colombia opens a new metro line"', 'source: "Test Wire"', 'date: 2025-06-02', '---', '',
      'The first line of the Bogota Metro opened to passengers on Sunday, officials said.', '',
    ].join('\n'));
    writeFileSync(path.join(dir, 'corpus', 'broken.md'), '---\ntitle: [a, list]\ndate: 2025-13-45\n---\n\nText.\n');
    const handle = await fake.sendCommand('reindex', {}, { permissions: MODERATOR });
    const callback = await handle.waitForCallback();
    expect(callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    await fake.waitForRequest((r) => r.path.includes(handle.token) && r.method === 'PATCH' && /Reindexed/.test(r.body?.content ?? ''));
    const report = handle.lastMessage().content as string;
    expect(report).toMatch(/3 articles/);
    expect(report).toContain('+ added 1: new-article');
    expect(report).toMatch(/broken\.md: bad front matter: title: .*list.*date/);

    const message = await finalMessage(await fake.sendCommand('ask', { question: 'When did the first Bogota Metro line open?' }));
    expect(message.embeds[0].description).toContain('opened to passengers on Sunday');
    expect(message.embeds[0].description).toContain('Sun 1 Jun 2025');
    rmSync(path.join(dir, 'corpus', 'broken.md'));
  });

  it('finishes a reindex over a one-line 8,000-sentence article, tells a second moderator it is running, and reports an id clash', async () => {
    const corpus = path.join(dir, 'corpus');
    const added = ['long.md', 'x.md', 'x.txt'];
    const front = (title: string) => `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: 2025-06-03\n---\n\n`;
    writeFileSync(path.join(corpus, 'long.md'), `${front('One long line')}${'Another sentence pads the one long line of this file. '.repeat(8000)}\n`);
    writeFileSync(path.join(corpus, 'x.md'), `${front('Vigo quay')}The harbour of Vigo opened a new quay on Monday.\n`);
    writeFileSync(path.join(corpus, 'x.txt'), `${front('Cadiz quay')}The harbour of Cadiz opened a new quay on Tuesday.\n`);
    try {
      const first = await fake.sendCommand('reindex', {}, { permissions: MODERATOR });
      const second = await fake.sendCommand('reindex', {}, { permissions: MODERATOR, userId: '400000000000000002' });
      await fake.waitForRequest((r) => r.path.includes(first.token) && r.method === 'PATCH' && /Reindexed/.test(r.body?.content ?? ''), 60_000);
      const report = first.lastMessage().content as string;
      expect(report).toContain('x.txt: has the same article id "x" as x.md (ids are file names without the extension); rename one of them');
      expect(report).toMatch(/\+ added 2: (long, x|x, long)/);
      const refused = await second.waitForCallback();
      const refusal = refused.body.data?.content ?? (await second.waitForMessage()).body.content;
      expect(refusal).toBe('A reindex is already running; it will finish on its own, and I keep answering from the current index until then.');
      expect(refusal).not.toMatch(/failed/i);

      const ask = await fake.sendCommand('ask', { question: 'Which harbour opened a new quay?' });
      const message = await finalMessage(ask);
      expect(message.embeds[0].description).toContain('The harbour of Vigo opened a new quay on Monday.');
      expect(message.embeds[0].description).not.toContain('Cadiz');
      const shown = await (await fake.sendButton(`ctx:${ask.id}`, message)).waitForCallback();
      expect(shown.body.data.embeds[0].description).toContain('Vigo');
      expect(shown.body.data.embeds[0].description).not.toContain('Cadiz');
    } finally {
      for (const f of added) rmSync(path.join(corpus, f), { force: true });
    }
  }, 90_000);

  it('keeps the old index when the rebuild fails', async () => {
    const corpus = path.join(dir, 'corpus');
    const moved = `${corpus}-away`;
    cpSync(corpus, moved, { recursive: true });
    rmSync(corpus, { recursive: true });
    try {
      const handle = await fake.sendCommand('reindex', {}, { permissions: MODERATOR });
      await fake.waitForRequest((r) => r.path.includes(handle.token) && /Reindex failed/.test(r.body?.content ?? ''));
      const message = await finalMessage(await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' }));
      expect(message.embeds[0].description).toContain('On Monday Petro said');
    } finally {
      cpSync(moved, corpus, { recursive: true });
      rmSync(moved, { recursive: true });
    }
  });
});

describe('resilience', () => {
  it('answers an unexpected error privately with a reference, and keeps serving', async () => {
    const spy = vi.spyOn(bot.context.indexes, 'index', 'get').mockImplementationOnce(() => { throw new Error('boom'); });
    const handle = await fake.sendCommand('ask', { question: 'When did Colombia join BRI?' });
    const error = await fake.waitForRequest((r) => r.path.includes(handle.token) && r.method === 'POST' && r.path.startsWith('/webhooks/'));
    expect(error.body.content).toBe(`Something went wrong (ref ${handle.id}). The moderators can look it up in the bot's log.`);
    expect(error.body.flags).toBe(EPHEMERAL);
    spy.mockRestore();
    const message = await finalMessage(await fake.sendCommand('ask', { question: 'When did Petro arrive in Beijing?' }));
    expect(message.embeds[0].description).toContain('On his arrival in Beijing on Tuesday');
  });

  it('resumes after a gateway RECONNECT and answers the next /ask', async () => {
    await fake.reconnect();
    const message = await finalMessage(await fake.sendCommand('ask', { question: 'What does CHEC stand for?' }));
    expect(message.embeds[0].description).toContain('China Harbour Engineering Company (CHEC)');
  });
});

describe('deploy-commands', () => {
  it('PUTs the three commands with their options and reindex’s default permission', async () => {
    const result = await deployCommands(env({ DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId }));
    expect(result.count).toBe(3);
    const put = fake.requests.find((r: { method: string; path: string }) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`)!;
    expect(put).toBeDefined();
    const byName = Object.fromEntries(put.body.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['ask', 'reindex', 'timeline']);
    expect(byName.ask.options[0]).toMatchObject({ name: 'question', required: true, max_length: 300, autocomplete: true });
    expect(byName.timeline.options.map((o: { name: string }) => o.name)).toEqual(['topic', 'from', 'to']);
    expect(byName.reindex).toMatchObject({ default_member_permissions: '32', contexts: [0] });
  });
});

describe('npm start', () => {
  it('runs the bot entry point as a process that answers /ask and stops on SIGTERM', async () => {
    // A Discord of its own, so the interaction reaches the child and not the in-process bot.
    const own = await FakeDiscord.start();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bot.ts'], {
      cwd: ROOT, env: { ...process.env, ...env({ DISCORD_TOKEN: own.token, DISCORD_API_BASE: own.apiBase, LOG_LEVEL: 'info' }) }, stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    try {
      await own.waitForReady({ timeoutMs: 20_000 });
      const message = await finalMessage(await own.sendCommand('ask', { question: 'Which country is leaving the Belt and Road pact?' }));
      expect(message.embeds[0].description).toContain('Panama said it was exiting');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await own.close();
    }
    expect(output).toContain('"msg":"interaction handled"');
    expect(output).not.toContain(own.token);
  });

  it('fails fast with a clear message on a bad token, without echoing it', async () => {
    const badToken = 'MTExMTExMTExMTExMTExMTEx.Gbad00.badbadbadbadbadbadbadbadbadbadbadbadba';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bot.ts'], { cwd: ROOT, env: { ...process.env, ...env({ DISCORD_TOKEN: badToken }) }, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.on('data', (d) => { stderr += d; });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Discord rejected DISCORD_TOKEN');
    expect(stderr).not.toContain(badToken);
  });
});
