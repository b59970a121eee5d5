/**
 * The follow methods of a StateStore, the same checks for SQLite and PostgreSQL: `a` and `b` are two connections
 * to one database (two shards, or two replicas), so what one queues, claims or removes the other sees.
 */
import { expect } from 'vitest';
import type { StateStore } from '../../src/store/state-store.js';

export async function checkFollowStore(a: StateStore, b: StateStore, server = '800000000000000101'): Promise<void> {
  const other = '800000000000000102';
  const channel = '800000000000000109';
  const t = new Date('2026-03-01T12:00:00Z');
  const lithium = await a.addFollow({ server, topic: ' Lithium ', channel, addedBy: 'mod#1' }, 2, t);
  expect(lithium).toMatchObject({ server, topic: 'Lithium', channel, addedBy: 'mod#1', addedMs: t.getTime() });
  if (typeof lithium === 'string') throw new Error('not added');
  expect(lithium).not.toHaveProperty('channelError');
  // The same topic, written otherwise, in the same channel: once.
  expect(await b.addFollow({ server, topic: 'lithium', channel, addedBy: 'mod#2' }, 2)).toBe('exists');
  const musk = await b.addFollow({ server, topic: 'Elon Musk', channel, addedBy: 'mod#2' }, 2);
  if (typeof musk === 'string') throw new Error('not added');
  expect(musk.id).not.toBe(lithium.id);
  // Two follows is this server's limit here; another server has its own.
  expect(await a.addFollow({ server, topic: 'inflation', channel, addedBy: 'mod#1' }, 2)).toBe('full');
  const elsewhere = await a.addFollow({ server: other, topic: 'lithium', channel, addedBy: 'mod#9' }, 2);
  if (typeof elsewhere === 'string') throw new Error('not added');
  expect((await b.follows(server)).map((f) => f.topic)).toEqual(['Lithium', 'Elon Musk']);
  expect((await b.follows()).map((f) => f.server)).toEqual([server, server, other]);

  // Queued once per follow, from either connection; the same article for another follow is its own.
  const item = (title: string) => JSON.stringify({ title });
  expect(
    await a.queueFollowArticles([
      { follow: lithium.id, article: 'bolivia-lithium', item: item('Bolivia') },
      { follow: lithium.id, article: 'chile-lithium', item: item('Chile') },
    ]),
  ).toBe(2);
  expect(
    await b.queueFollowArticles([
      { follow: lithium.id, article: 'bolivia-lithium', item: item('Bolivia again') },
      { follow: elsewhere.id, article: 'bolivia-lithium', item: item('Bolivia') },
    ]),
  ).toBe(1);
  const waiting = await b.waitingFollowArticles();
  expect(waiting.map((w) => [w.follow, w.article, JSON.parse(w.item).title])).toEqual([
    [lithium.id, 'bolivia-lithium', 'Bolivia'],
    [lithium.id, 'chile-lithium', 'Chile'],
    [elsewhere.id, 'bolivia-lithium', 'Bolivia'],
  ]);

  // Claimed by one caller only; a claim counts as a post of the hour; an unclaimed one waits again.
  const claims = await Promise.all([a, b].map((s) => s.claimFollowArticle(lithium.id, 'bolivia-lithium', t)));
  expect(claims.sort()).toEqual([false, true]);
  expect(await a.followPostsSince(lithium.id, t.getTime() - 3600_000)).toBe(1);
  expect(await a.followPostsSince(lithium.id, t.getTime() + 1)).toBe(0);
  await b.claimFollowArticle(lithium.id, 'chile-lithium', t);
  await b.unclaimFollowArticle(lithium.id, 'chile-lithium');
  expect((await a.waitingFollowArticles()).map((w) => `${w.follow}:${w.article}`)).toEqual([
    `${lithium.id}:chile-lithium`,
    `${elsewhere.id}:bolivia-lithium`,
  ]);
  // Posted once: queued again after it was posted, it is not.
  expect(await a.queueFollowArticles([{ follow: lithium.id, article: 'bolivia-lithium', item: item('Bolivia') }])).toBe(0);
  await a.noteFollowPosted(lithium.id, 'Bolivia signs lithium deal', t);
  expect((await b.follows(server))[0]).toMatchObject({ lastArticle: 'Bolivia signs lithium deal', lastPostedMs: t.getTime() });

  // A channel the bot cannot post in: the follow says so, and its articles no longer wait to be posted.
  await a.setFollowChannelError(elsewhere.id, 'Missing Access (403)');
  expect((await b.follows(other))[0].channelError).toBe('Missing Access (403)');
  expect((await b.waitingFollowArticles()).map((w) => w.follow)).toEqual([lithium.id]);
  await a.setFollowChannelError(elsewhere.id, undefined);
  expect((await b.follows(other))[0]).not.toHaveProperty('channelError');

  // Removed only in its own server, with what it queued and posted; added again, it starts afresh.
  expect(await b.removeFollow(other, lithium.id)).toBeUndefined();
  expect(await b.removeFollow(server, lithium.id)).toMatchObject({ id: lithium.id, topic: 'Lithium' });
  expect(await a.removeFollow(server, lithium.id)).toBeUndefined();
  expect((await a.waitingFollowArticles()).map((w) => w.follow)).toEqual([elsewhere.id]);
  const again = await a.addFollow({ server, topic: 'lithium', channel, addedBy: 'mod#1' }, 2);
  if (typeof again === 'string') throw new Error('not added');
  expect(await a.queueFollowArticles([{ follow: again.id, article: 'bolivia-lithium', item: item('Bolivia') }])).toBe(1);

  // The bot left the server: its follows and their articles go, another server's stay.
  await b.forgetFollows(server);
  expect(await a.follows(server)).toEqual([]);
  expect((await a.waitingFollowArticles()).map((w) => w.follow)).toEqual([elsewhere.id]);
  expect((await a.follows()).map((f) => f.server)).toEqual([other]);
  await a.forgetFollows(other);
}
