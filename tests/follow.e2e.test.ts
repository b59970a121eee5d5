/**
 * /follow through the fake Discord, on a corpus the test writes: a moderator follows "lithium" in #news; two
 * articles dropped into the corpus (one on lithium, one on football that names lithium once in passing) and
 * /reindex post the lithium one alone, quoted, with a Timeline button and no mention that can ping; a second
 * lithium article is posted and the first never again, also after a restart; a server's own /article add is
 * posted for its follows only; a channel the bot cannot post in is noted once and never tried again.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import {
  botEnv,
  E2E_TEST_TIMEOUT_MS,
  FakeDiscord,
  isEphemeral,
  NO_PINGS,
  allowedMentionsOf,
  type InteractionHandle,
} from './support/fake-discord.js';
import { startPageServer, type PageServer } from './support/page-server.js';

const ROOT = path.join(import.meta.dirname, '..');
const TIMEOUT = E2E_TEST_TIMEOUT_MS;
const MEMBER = 0n;
/** Two servers the bot is in, each with a #news channel. */
const A = '710000000000000001';
const B = '710000000000000002';
const NEWS_A = '710000000000000101';
const NEWS_B = '710000000000000102';
/** A channel of B's the bot is not allowed to post in. */
const LOCKED_B = '710000000000000103';

let fake: FakeDiscord;
let pages: PageServer;
let bot: Bot;
let dir: string;
let env: Record<string, string>;

const today = () => new Date().toISOString().slice(0, 10);

function article(name: string, meta: { title: string; date: string; source?: string }, paragraphs: string[]): void {
  writeFileSync(
    path.join(dir, 'corpus', `${name}.md`),
    `---\ntitle: ${JSON.stringify(meta.title)}\nsource: ${meta.source ?? 'Andes Ledger'}\ndate: ${meta.date}\nurl: https://news.example.org/${name}\n---\n\n${paragraphs.join('\n\n')}\n`,
  );
}

const FOOTBALL = [
  'Riverside won the league final on Sunday, beating Northgate 3-2 after extra time in front of a sold-out stadium.',
  'Northgate took the lead after ten minutes when their captain headed in a corner at the near post.',
  'Riverside equalised before half-time through a long-range shot that deflected off a defender.',
  'The second half was tense, with both goalkeepers making several saves from close range.',
  'Northgate went ahead again with fifteen minutes left after a quick counter-attack down the left wing.',
  'Riverside pulled level in stoppage time when their substitute striker scored from a rebound.',
  'The winning goal came from a free kick that curled over the wall and into the top corner.',
  "Riverside's shirt sponsor, a battery maker that owns a lithium mine in Chile, paid for the fans' buses.",
  'Thousands of supporters celebrated in the city centre until late into the night.',
  'The coach said his players had shown great character after going behind twice.',
  'Riverside captain Tom Reyes lifted the trophy for the third time in five years.',
  'The stadium will be renovated over the summer, with a new roof over the east stand.',
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-follow-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  pages = await startPageServer();
  fake = await FakeDiscord.start();
  fake.refusedChannels.set(LOCKED_B, 403);
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

/** The messages the bot posted in a channel (follow posts: none of them is an interaction's reply). */
const posts = (channel: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

async function follow(topic: string, channel: string, guildId: string) {
  return finalMessage(await fake.sendCommand('follow', { topic, channel: { channelId: channel } }, { subcommand: 'add', guildId }));
}

/** /reindex, answered, and every followed topic's matching and posting done. */
async function reindex(guildId = A): Promise<string> {
  const handle = await fake.sendCommand('reindex', {}, { guildId });
  await fake.waitForRequest((r) => r.path.includes(handle.token) && r.method === 'PATCH' && /^Reindexed/.test(r.body?.content ?? ''));
  await bot.context.follows!.settled();
  return handle.lastMessage().content as string;
}

const list = async (guildId: string) =>
  (await finalMessage(await fake.sendCommand('follow', {}, { subcommand: 'list', guildId }))).content as string;

describe('/follow', { timeout: TIMEOUT }, () => {
  it('posts a new article about the followed topic, quoted, and never one that names it in passing', async () => {
    const member = await fake.sendCommand(
      'follow',
      { topic: 'lithium', channel: { channelId: NEWS_A } },
      { subcommand: 'add', guildId: A, permissions: MEMBER },
    );
    expect((await member.waitForCallback()).body.data.content).toBe('Only moderators with the Manage Server permission can follow topics.');
    const added = await follow('lithium', NEWS_A, A);
    expect(isEphemeral(added.flags)).toBe(true);
    expect(added.content).toBe(
      `Following “lithium” in <#${NEWS_A}>: each new article about it (from /reindex, feeds and /article add) is posted there with what it says, at most 10 an hour. Articles already here are not posted.`,
    );
    expect((await follow('Lithium', NEWS_A, A)).content).toBe(
      `This server already follows “Lithium” in <#${NEWS_A}>; /follow list shows its follows.`,
    );

    article('bolivia-lithium', { title: 'Bolivia signs lithium deal with Chinese consortium', date: today() }, [
      'Bolivia signed a $1.4 billion agreement with a Chinese consortium on Monday to build two lithium extraction plants in the Uyuni salt flat.',
      'The plants will use direct lithium extraction and should produce 25,000 tonnes of lithium carbonate a year from 2027, the energy ministry said.',
      'Opposition lawmakers said the contract must still be approved by Congress.',
    ]);
    article('league-final', { title: 'Riverside win the league final after extra time', date: today(), source: 'Sports Desk' }, FOOTBALL);
    expect(await reindex()).toMatch(/\+ added 2/);

    const sent = posts(NEWS_A);
    expect(sent).toHaveLength(1);
    const body = sent[0].body;
    expect(allowedMentionsOf(body)).toEqual(NO_PINGS);
    const embed = body.embeds[0];
    expect(embed.title).toBe('📌 lithium: 1 new article');
    expect(embed.description).toContain(
      '**[Bolivia signs lithium deal with Chinese consortium](https://news.example.org/bolivia-lithium)** — Andes Ledger, ',
    );
    // Quoted as /ask quotes: the article's own sentence, with its citation number and source.
    expect(embed.description).toMatch(/\n> [^\n]*lithium[^\n]* \[1\]/);
    expect(embed.fields[0]).toMatchObject({ name: 'Sources' });
    expect(embed.fields[0].value).toMatch(
      /^\*\*\[1\]\*\* \[Bolivia signs lithium deal with Chinese consortium — Andes Ledger, .+, ¶\d\]\(https:\/\/news\.example\.org\/bolivia-lithium\)/,
    );
    expect(JSON.stringify(body)).not.toMatch(/Riverside|league final/);
    expect(embed.description).not.toContain('Older coverage');
    expect(body.components[0].components[0]).toMatchObject({ custom_id: 'ftl:lithium', label: 'Timeline' });

    // Its Timeline button opens /timeline for the topic, privately.
    const press = await fake.sendButton('ftl:lithium', fake.messageOf(sent[0]), { guildId: A });
    const timeline = await finalMessage(press);
    expect(isEphemeral(timeline.flags)).toBe(true);
    expect(timeline.embeds[0].title).toMatch(/^Timeline — .*lithium/);
  });

  it('posts the next lithium article, older coverage marked, and never the first again, also after a restart', async () => {
    article('chile-lithium', { title: 'Chile nationalises lithium industry', date: '2023-04-21', source: 'Coast Wire' }, [
      'Chile will nationalise its lithium industry, President Gabriel Boric said on Thursday, handing control of future contracts to a state company.',
      'Chile is the second-largest producer of lithium, a metal used in electric car batteries.',
    ]);
    await reindex();
    expect(posts(NEWS_A)).toHaveLength(2);
    const second = posts(NEWS_A)[1].body.embeds[0];
    expect(second.description).toContain('[Chile nationalises lithium industry](https://news.example.org/chile-lithium)');
    expect(second.description).toMatch(/-# Older coverage: published Fri 21 Apr 2023, it arrived here /);
    expect(second.description).not.toContain('Bolivia');

    // A restart, then the first article changed and a reindex: it was posted for this follow, so it is not again.
    await bot.stop();
    bot = await startBot(loadConfig(env, { dotenv: false }), createLogger('silent'));
    await bot.ready;
    article('bolivia-lithium', { title: 'Bolivia signs lithium deal with Chinese consortium', date: today() }, [
      'Bolivia signed a $1.4 billion agreement with a Chinese consortium on Monday to build two lithium extraction plants in the Uyuni salt flat.',
      'The plants will use direct lithium extraction, the energy ministry said on Tuesday.',
    ]);
    expect(await reindex()).toMatch(/~ changed 1/);
    expect(posts(NEWS_A)).toHaveLength(2);
    expect(await list(A)).toMatch(
      new RegExp(
        `^This server follows 1 topic:\\n• “lithium” in <#${NEWS_A}> · last posted <t:\\d+:R>: “Chile nationalises lithium industry”$`,
      ),
    );
  });

  it('posts a server’s own /article add for that server’s follows only', async () => {
    await follow('lithium', NEWS_B, B);
    const md =
      '---\ntitle: Argentina opens lithium plant in Jujuy\nsource: Puna Daily\ndate: ' +
      today() +
      '\n---\n\nArgentina opened a lithium carbonate plant in Jujuy province on Tuesday, the mining secretary said.\n\nThe lithium plant will produce 40,000 tonnes a year for battery makers.\n';
    pages.uploads.set('jujuy.md', { type: 'text/markdown', body: Buffer.from(md) });
    const upload = {
      filename: 'jujuy.md',
      size: Buffer.byteLength(md),
      url: `${pages.base}/upload/jujuy.md`,
      contentType: 'text/markdown',
    };
    const added = await finalMessage(await fake.sendCommand('article', { file: upload }, { subcommand: 'add', guildId: A }));
    expect(added.embeds[0].title).toBe('Argentina opens lithium plant in Jujuy');
    await bot.context.follows!.settled();
    expect(posts(NEWS_A)).toHaveLength(3);
    expect(posts(NEWS_A)[2].body.embeds[0].description).toContain('Argentina opens lithium plant in Jujuy');
    expect(posts(NEWS_B)).toHaveLength(0);
  });

  it('notes a channel it cannot post in once, says so in /follow list, and does not try it again', async () => {
    await follow('lithium', LOCKED_B, B);
    article('lithium-prices', { title: 'Lithium prices fall for a third month', date: today(), source: 'Metals Wire' }, [
      'Lithium prices fell for a third month in a row in May as battery makers cut orders, traders said.',
      'Lithium carbonate traded at $13,000 a tonne, a third of its price a year earlier.',
    ]);
    await reindex(B);
    // A shared article: posted for both servers' follows that can be posted in.
    expect(posts(NEWS_A)).toHaveLength(4);
    expect(posts(NEWS_B)).toHaveLength(1);
    expect(posts(LOCKED_B)).toHaveLength(1);
    expect(await list(B)).toContain(
      `• “lithium” in <#${LOCKED_B}> · nothing posted yet · ⚠️ not posting: the bot cannot post in that channel (Missing Access (403)); give it Send Messages and Embed Links there, then /follow remove and /follow add it again`,
    );
    article('lithium-recycling', { title: 'Lithium recycling plant opens in Nevada', date: today(), source: 'Metals Wire' }, [
      'A lithium recycling plant opened in Nevada on Wednesday, recovering lithium from old car batteries.',
      'The lithium it recovers will be sold to battery makers in the United States.',
    ]);
    await reindex(B);
    await bot.context.follows!.postDue(new Date(Date.now() + 120_000));
    expect(posts(NEWS_B)).toHaveLength(2);
    expect(posts(LOCKED_B)).toHaveLength(1);

    // Removed by the name offered as one types.
    const box = await fake.sendAutocomplete('follow', 'topic', { topic: 'lith' }, { subcommand: 'remove', guildId: B });
    const choices = (await box.waitForCallback()).body.data.choices as { name: string; value: string }[];
    expect(choices).toHaveLength(2);
    const removed = await finalMessage(await fake.sendCommand('follow', { topic: choices[1].value }, { subcommand: 'remove', guildId: B }));
    expect(removed.content).toBe(`No longer following “lithium” in <#${LOCKED_B}>.`);
    expect(await list(B)).not.toContain(LOCKED_B);
  });
});
