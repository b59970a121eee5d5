/**
 * Posting followed topics (discord/follow-poster.ts) against a real SQLite file and a recording `post`: a batch
 * held to FOLLOW_POSTS_PER_HOUR (the rest posted the next hour), a failed post waiting for the next batch, and
 * two posters sharing the database (two shards, or replicas) posting each article once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/discord/config.js';
import { FollowPoster } from '../src/discord/follow-poster.js';
import { createLogger } from '../src/discord/logger.js';
import type { MessagePayload } from '../src/discord/render.js';
import type { IndexService } from '../src/index/index-service.js';
import type { TopicMatch } from '../src/qa/follow-match.js';
import { SqliteStore } from '../src/store/sqlite-store.js';

const SERVER = '730000000000000001';
const CHANNEL = '730000000000000101';
const opened: SqliteStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function database(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'follow-poster-'));
  dirs.push(dir);
  return path.join(dir, 'state.sqlite');
}

function open(file: string): SqliteStore {
  const store = SqliteStore.open(file);
  opened.push(store);
  return store;
}

function poster(state: SqliteStore, post: (channel: string, message: MessagePayload) => Promise<void>): FollowPoster {
  const config = loadConfig({ DISCORD_TOKEN: 'aaaa.bbbb.cccc', FOLLOW_POSTS_PER_HOUR: '10' }, { dotenv: false });
  return new FollowPoster({ config, logger: createLogger('silent'), state, indexes: {} as IndexService, post });
}

const match = (i: number): TopicMatch => ({
  article: `lithium-${i}`,
  title: `Lithium story ${i}`,
  source: 'Andes Ledger',
  date: '2025-06-02',
  url: `https://news.example.org/lithium-${i}`,
  quotes: [
    {
      text: `Lithium output rose ${i} percent.`,
      citation: {
        article: `lithium-${i}`,
        title: `Lithium story ${i}`,
        source: 'Andes Ledger',
        date: '2025-06-02',
        paragraph: 1,
        url: null,
      },
    },
  ],
});

async function followWith(state: SqliteStore, articles: number, at: Date): Promise<number> {
  const follow = await state.addFollow({ server: SERVER, topic: 'lithium', channel: CHANNEL, addedBy: 'mod#1' }, 25, at);
  if (typeof follow === 'string') throw new Error('not added');
  const items = Array.from({ length: articles }, (_, i) => ({
    follow: follow.id,
    article: `lithium-${i + 1}`,
    item: JSON.stringify(match(i + 1)),
  }));
  await state.queueFollowArticles(items, at);
  return follow.id;
}

describe('posting followed topics', () => {
  it('posts at most FOLLOW_POSTS_PER_HOUR articles a follow an hour, five listed; the rest the next hour', async () => {
    const state = open(database());
    const t = new Date('2026-03-01T12:00:00Z');
    await followWith(state, 12, t);
    const sent: MessagePayload[] = [];
    const p = poster(state, async (_, message) => void sent.push(message));
    const first = await p.postDue(t);
    expect(first.map((r) => r.articles.length)).toEqual([10]);
    expect(sent).toHaveLength(1);
    expect(sent[0].embeds[0].title).toBe('📌 lithium: 10 new articles');
    expect(sent[0].embeds[0].description).toMatch(/\n\n…and 5 more: Lithium story \d+; /);
    // Within the hour: the two left wait.
    expect(await p.postDue(new Date(t.getTime() + 30 * 60_000))).toEqual([]);
    const left = Array.from({ length: 12 }, (_, i) => `lithium-${i + 1}`).filter((a) => !first[0].articles.includes(a));
    expect((await state.waitingFollowArticles()).map((w) => w.article).sort()).toEqual(left.sort());
    const later = await p.postDue(new Date(t.getTime() + 61 * 60_000));
    expect(later.map((r) => r.articles.sort())).toEqual([left]);
    expect(sent).toHaveLength(2);
    expect((await state.follows(SERVER))[0].lastArticle).toMatch(/^Lithium story \d+$/);
  });

  it('a post that fails for a passing reason waits for the next batch; a refused channel is marked and left', async () => {
    const state = open(database());
    const t = new Date('2026-03-01T12:00:00Z');
    const id = await followWith(state, 2, t);
    let failWith: number | undefined = 500;
    let sent = 0;
    const p = poster(state, async () => {
      if (failWith) throw Object.assign(new Error(failWith === 403 ? 'Missing Access' : 'Internal Server Error'), { status: failWith });
      sent++;
    });
    expect((await p.postDue(t))[0].error).toBe('Internal Server Error');
    expect(await state.waitingFollowArticles()).toHaveLength(2);
    expect(await state.followPostsSince(id, t.getTime() - 3600_000)).toBe(0);
    failWith = 403;
    expect((await p.postDue(t))[0].error).toBe('Missing Access (403)');
    expect((await state.follows(SERVER))[0].channelError).toBe('Missing Access (403)');
    failWith = undefined;
    expect(await p.postDue(new Date(t.getTime() + 3600_000))).toEqual([]);
    expect(sent).toBe(0);
  });

  it('two posters sharing the database post each article once', async () => {
    const file = database();
    const [a, b] = [open(file), open(file)];
    const t = new Date('2026-03-01T12:00:00Z');
    await followWith(a, 4, t);
    const posted: string[] = [];
    const record = async (_: string, message: MessagePayload) => {
      // Slow, as Discord is: the other poster tries meanwhile.
      await new Promise((r) => setTimeout(r, 50));
      posted.push(...[...message.embeds[0].description!.matchAll(/Lithium story (\d+)/g)].map((m) => m[1]));
    };
    await Promise.all([poster(a, record).postDue(t), poster(b, record).postDue(t)]);
    await Promise.all([poster(a, record).postDue(t), poster(b, record).postDue(t)]);
    expect(posted.sort()).toEqual(['1', '2', '3', '4']);
  });
});
