/**
 * /article through the fake Discord: moderators add an upload and a web page (served on 127.0.0.1), the next /ask
 * quotes them; a member without Manage Server is refused; the same address again updates; remove asks first;
 * and two servers: what one adds is quoted there and nowhere in the other (ask, timeline, about, list,
 * autocomplete), also after a restart from the snapshot and after a full /reindex.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import { botEnv, E2E_TEST_TIMEOUT_MS, FakeDiscord, isEphemeral, type InteractionHandle } from './support/fake-discord.js';
import { startPageServer, type PageServer } from './support/page-server.js';

const ROOT = path.join(import.meta.dirname, '..');
const TIMEOUT = E2E_TEST_TIMEOUT_MS;
const MEMBER = 0n;
/** Two servers the bot is in. */
const A = '700000000000000001';
const B = '700000000000000002';

let fake: FakeDiscord;
let pages: PageServer;
let bot: Bot;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-article-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  pages = await startPageServer();
  fake = await FakeDiscord.start();
  // The page server is on 127.0.0.1: allowed as an operator with an intranet would allow it.
  env = botEnv(fake, dir, { FETCH_ALLOW_PRIVATE: 'true' });
  bot = await startBot(loadConfig(env, { dotenv: false }), createLogger('silent'));
  await bot.ready;
}, TIMEOUT);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await pages?.close();
  rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

async function finalMessage(handle: InteractionHandle) {
  await handle.waitForMessage();
  return handle.lastMessage();
}

const ask = (question: string, guildId: string) => fake.sendCommand('ask', { question }, { guildId }).then(finalMessage);
const quoted = async (question: string, guildId: string) => JSON.stringify((await ask(question, guildId)).embeds[0]);

async function addPage(url: string, guildId: string) {
  return finalMessage(await fake.sendCommand('article', { url }, { subcommand: 'add', guildId }));
}

function corpusFiles(): string[] {
  return readdirSync(path.join(dir, 'corpus'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(path.join(dir, 'corpus'), path.join(e.parentPath, e.name)))
    .sort();
}

describe('/article add', { timeout: TIMEOUT }, () => {
  it('adds a web page for the server, privately shows what it added, and the next /ask quotes it', async () => {
    const reply = await addPage(`${pages.base}/news`, A);
    expect(isEphemeral(reply.flags)).toBe(true);
    expect(reply.content).toBe("Added for this server: its members can ask about it now; other servers don't see it.");
    const embed = reply.embeds[0];
    expect(embed.title).toBe('Port of Chancay opens first container terminal');
    expect(embed.url).toBe('https://news.example.org/2025/06/chancay-terminal-opens');
    expect(Object.fromEntries(embed.fields.map((f: { name: string; value: string }) => [f.name, f.value]))).toMatchObject({
      Source: 'Andes Ledger',
      Date: 'Mon 2 Jun 2025',
      Paragraphs: '5',
      Authors: 'Lucía Mendoza, Tom Reyes',
    });
    expect(embed.description).toMatch(/^> The Chinese-built port of Chancay/);
    expect(reply.components[0].components[0].custom_id).toMatch(/^art:rm:port-of-chancay-opens-first-container-terminal-[0-9a-f]{8}$/);
    expect(await quoted('How many containers did the first vessel carry?', A)).toContain('containers of machinery and electronics');
  });

  it('adds an uploaded file, and updates instead of duplicating when the same address is added again', async () => {
    const md =
      '---\ntitle: Chancay fishermen block port road\nsource: Coast Wire\ndate: 2025-06-04\n---\n\nFishermen in Chancay blocked the port road on Tuesday to protest against the dredging of the bay.\n';
    pages.uploads.set('protest.md', { type: 'text/markdown', body: Buffer.from(md) });
    const upload = {
      filename: 'protest.md',
      size: Buffer.byteLength(md),
      url: `${pages.base}/upload/protest.md`,
      contentType: 'text/markdown',
    };
    const reply = await finalMessage(await fake.sendCommand('article', { file: upload }, { subcommand: 'add', guildId: A }));
    expect(reply.embeds[0].title).toBe('Chancay fishermen block port road');
    expect(await quoted('Who blocked the port road?', A)).toContain('blocked the port road on Tuesday');
    const before = corpusFiles();
    const again = await addPage(`${pages.base}/hop/1`, A);
    expect(again.content).toMatch(/^Updated: an article with this address \(or, for a file without one, this title\) was added before/);
    expect(corpusFiles()).toEqual(before);
  });

  it('refuses members without Manage Server, a bad page with its reason, and changes nothing', async () => {
    const before = corpusFiles();
    const member = await fake.sendCommand('article', { url: `${pages.base}/og` }, { subcommand: 'add', guildId: A, permissions: MEMBER });
    expect((await member.waitForCallback()).body.data.content).toBe('Only moderators with the Manage Server permission can add articles.');
    const paywall = await addPage(`${pages.base}/paywall`, A);
    expect(paywall.content).toMatch(/^Not added: no article text found on the page \(a paywall/);
    const metadata = await addPage(`${pages.base}/to-metadata`, A);
    expect(metadata.content).toBe(
      'Not added: 169.254.169.254 is a link-local or cloud metadata address (169.254.169.254); the bot never fetches those, whatever FETCH_ALLOW_PRIVATE says.',
    );
    const both = await fake.sendCommand(
      'article',
      { url: `${pages.base}/og`, file: { filename: 'x.md', size: 3, url: `${pages.base}/upload/x.md` } },
      { subcommand: 'add', guildId: A },
    );
    expect((await both.waitForCallback()).body.data.content).toBe('Give either a file or a url, one of the two.');
    expect(corpusFiles()).toEqual(before);
  });
});

describe('two servers', { timeout: TIMEOUT }, () => {
  const question = 'How many containers did the first vessel carry?';

  async function expectHiddenFromB() {
    expect(await quoted(question, B)).not.toContain('2,400');
    const timeline = JSON.stringify((await finalMessage(await fake.sendCommand('timeline', { topic: 'Chancay' }, { guildId: B }))).embeds);
    expect(timeline).not.toContain('container');
    const about = JSON.stringify((await finalMessage(await fake.sendCommand('about', {}, { guildId: B }))).embeds);
    expect(about).not.toContain('Andes Ledger');
    const list = JSON.stringify((await finalMessage(await fake.sendCommand('article', {}, { subcommand: 'list', guildId: B }))).embeds);
    expect(list).not.toContain('Chancay');
    const box = await fake.sendAutocomplete('ask', 'question', { question: 'Chanc' }, { guildId: B });
    expect(JSON.stringify((await box.waitForCallback()).body.data.choices)).not.toMatch(/Chancay/);
    expect(await timelineTopics('Chanc', B)).not.toMatch(/Chancay/);
  }

  /** What /timeline's topic box offers in a server for what is typed. */
  async function timelineTopics(typed: string, guildId: string): Promise<string> {
    const box = await fake.sendAutocomplete('timeline', 'topic', { topic: typed }, { guildId });
    return JSON.stringify((await box.waitForCallback()).body.data.choices);
  }

  it('keeps what one server added out of the other: ask, timeline, about, list, autocomplete', async () => {
    expect(await quoted(question, A)).toContain('containers of machinery and electronics');
    // The server's own names are offered as /timeline topics in it (and only there: expectHiddenFromB).
    expect(await timelineTopics('Chanc', A)).toMatch(/Chancay/);
    const list = (await finalMessage(await fake.sendCommand('article', {}, { subcommand: 'list', guildId: A }))).embeds[0];
    expect(list.description).toContain(
      'Port of Chancay opens first container terminal](https://news.example.org/2025/06/chancay-terminal-opens) — Andes Ledger, Mon 2 Jun 2025 · added here',
    );
    await expectHiddenFromB();
  });

  it('still does after a restart from the snapshot and after a full /reindex', async () => {
    await bot.stop();
    bot = await startBot(loadConfig(env, { dotenv: false }), createLogger('silent'));
    await bot.ready;
    expect(bot.context.indexes.report.source).toBe('snapshot');
    expect(await quoted(question, A)).toContain('containers of machinery and electronics');
    await expectHiddenFromB();
    const reindex = await fake.sendCommand('reindex', {}, { guildId: B });
    await fake.waitForRequest((r) => r.path.includes(reindex.token) && r.method === 'PATCH' && /^Reindexed/.test(r.body?.content ?? ''));
    expect(await quoted(question, A)).toContain('containers of machinery and electronics');
    await expectHiddenFromB();
  });
});

describe('/article remove', { timeout: TIMEOUT }, () => {
  it('offers the server’s own articles, asks for confirmation, and the article stops answering', async () => {
    const box = await fake.sendAutocomplete('article', 'title', { title: 'chancay' }, { subcommand: 'remove', guildId: A });
    const choices = (await box.waitForCallback()).body.data.choices as { name: string; value: string }[];
    expect(choices.map((c) => c.name).sort()).toEqual([
      'Chancay fishermen block port road — Coast Wire',
      'Port of Chancay opens first container terminal — Andes Ledger',
    ]);
    const port = choices.find((c) => c.name.startsWith('Port of Chancay'))!;
    const asked = await finalMessage(await fake.sendCommand('article', { title: port.value }, { subcommand: 'remove', guildId: A }));
    expect(asked.content).toBe(
      "Remove “Port of Chancay opens first container terminal” from this server's articles? It stops answering at once; its file is deleted.",
    );
    // Still there until confirmed.
    expect(await quoted(question(), A)).toContain('containers of machinery and electronics');
    const done = await (await fake.sendButton(asked.components[0].components[0].custom_id, asked, { guildId: A })).waitForCallback();
    expect(done.body.data.content).toBe('Removed “Port of Chancay opens first container terminal”: it no longer answers in this server.');
    expect(await quoted(question(), A)).not.toContain('2,400');
    expect(corpusFiles().some((f) => f.includes('port-of-chancay'))).toBe(false);
  });

  function question() {
    return 'How many containers did the first vessel carry?';
  }
});

describe('/feed', { timeout: TIMEOUT }, () => {
  const channel = '700000000000000099';
  const page = (title: string, text: string) => ({
    type: 'text/html',
    body: Buffer.from(
      `<!doctype html><html><head><title>${title}</title><meta property="og:site_name" content="Feed Wire"></head><body><article><h1>${title}</h1><p>${text}</p><p>${text.replace('.', ', officials added.')}</p></article></body></html>`,
    ),
  });
  const announcements = () => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

  it('follows a feed for a server: its items become that server’s articles, announced once per batch, polled with ETags', async () => {
    pages.uploads.set(
      'dam.html',
      page(
        'Andean dam reaches full capacity',
        'The Chaglla dam on the Huallaga river reached full generating capacity on Friday, the energy ministry said in a statement to reporters.',
      ),
    );
    pages.uploads.set(
      'rail.html',
      page(
        'Rail link to Chancay approved',
        'Peru approved a freight rail link between the port of Chancay and the central highlands on Thursday, the transport ministry said on its website.',
      ),
    );
    pages.feed.push(
      { title: 'Lithium deal', link: '/og', date: '2025-05-28T10:00:00Z' },
      { title: 'Dam', link: '/upload/dam.html', date: '2025-05-30T10:00:00Z' },
      { title: 'Metro', link: '/plain', date: '2025-05-29T10:00:00Z' },
    );
    const member = await fake.sendCommand(
      'feed',
      { url: `${pages.base}/feed.xml` },
      { subcommand: 'add', guildId: B, permissions: MEMBER },
    );
    expect((await member.waitForCallback()).body.data.content).toBe('Only moderators with the Manage Server permission can follow feeds.');
    const notAFeed = await finalMessage(await fake.sendCommand('feed', { url: `${pages.base}/news` }, { subcommand: 'add', guildId: B }));
    expect(notAFeed.content).toMatch(/^Not followed: http:\/\/127\.0\.0\.1:\d+\/news is text\/html, not an RSS or Atom feed\.$/);

    const added = await finalMessage(
      await fake.sendCommand('feed', { url: `${pages.base}/feed.xml`, channel: { channelId: channel } }, { subcommand: 'add', guildId: B }),
    );
    expect(added.content).toBe(
      `Following “Test Wire” (3 items now): its articles become this server's, read now and every 30 minutes, each batch announced in <#${channel}>.`,
    );
    // The first poll started with the reply; this waits for it (or polls, if it is done).
    await bot.context.feeds!.pollDue(new Date());
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
    expect(announcements()).toHaveLength(1);
    expect(announcements()[0].body.content.split('\n')[0]).toBe('📰 3 new articles from Test Wire; ask about them with /ask:');
    expect(announcements()[0].body.allowed_mentions).toEqual({ parse: [] });
    expect(await quoted('Which river is the Chaglla dam on?', B)).toContain('Huallaga river');
    expect(await quoted('Which river is the Chaglla dam on?', A)).not.toContain('Huallaga');

    // Unchanged: one conditional request, answered 304, nothing announced.
    await bot.context.feeds!.pollDue(new Date(Date.now() + 31 * 60_000));
    const polls = pages.requests.filter((r) => r.path === '/feed.xml');
    expect(polls.at(-1)!.headers['if-none-match']).toBe('"3"');
    expect(announcements()).toHaveLength(1);

    // One new item: added and announced, once.
    pages.feed.push({ title: 'Rail', link: '/upload/rail.html', date: '2025-06-01T10:00:00Z' });
    await bot.context.feeds!.pollDue(new Date(Date.now() + 62 * 60_000));
    expect(announcements()).toHaveLength(2);
    expect(announcements()[1].body.content).toMatch(
      /^📰 1 new article from Test Wire; ask about them with \/ask:\n• \[Rail link to Chancay approved\]/,
    );
    expect(await quoted('What did Peru approve on Thursday?', B)).toContain('freight rail link');

    const list = await finalMessage(await fake.sendCommand('feed', {}, { subcommand: 'list', guildId: B }));
    expect(list.content).toContain(`• Test Wire — ${pages.base}/feed.xml → <#${channel}>`);
  });
});
