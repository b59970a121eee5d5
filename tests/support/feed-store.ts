/** The feed methods of a StateStore, the same checks for SQLite and PostgreSQL. */
import { expect } from 'vitest';
import type { StateStore } from '../../src/store/state-store.js';

export async function checkFeedStore(store: StateStore, server = '800000000000000001'): Promise<void> {
  const url = 'https://wire.example.org/feed.xml';
  expect(await store.addFeed({ server, url, channel: '800000000000000009', addedBy: 'mod#1' })).toBe(true);
  expect(await store.addFeed({ server, url, addedBy: 'mod#2' })).toBe(false);
  expect(await store.addFeed({ server: '', url, addedBy: 'FEEDS' })).toBe(true);
  expect((await store.feeds(server)).map((f) => [f.url, f.channel, f.addedBy, f.failures, f.nextPollMs])).toEqual([
    [url, '800000000000000009', 'mod#1', 0, 0],
  ]);
  const t = new Date('2026-01-01T00:00:00Z').getTime();
  await store.updateFeed(server, url, {
    title: 'Wire',
    etag: '"7"',
    lastModified: 'Thu, 01 Jan 2026 00:00:00 GMT',
    failures: 2,
    lastError: 'timeout',
    nextPollMs: t,
  });
  const [feed] = await store.feeds(server);
  expect(feed).toMatchObject({
    title: 'Wire',
    etag: '"7"',
    lastModified: 'Thu, 01 Jan 2026 00:00:00 GMT',
    failures: 2,
    lastError: 'timeout',
    nextPollMs: t,
  });
  expect((await store.dueFeeds(new Date(t - 1))).filter((f) => f.server === server)).toEqual([]);
  expect((await store.dueFeeds(new Date(t))).filter((f) => f.server === server).map((f) => f.url)).toEqual([url]);
  expect(await store.takeFeedItem(server, url, 'guid-1')).toBe(true);
  expect(await store.takeFeedItem(server, url, 'guid-1')).toBe(false);
  // Another server following the same feed takes its items for itself.
  expect(await store.takeFeedItem('', url, 'guid-1')).toBe(true);
  expect(await store.removeFeed(server, url)).toBe(true);
  expect(await store.removeFeed(server, url)).toBe(false);
  expect(await store.feeds(server)).toEqual([]);
  // Followed again, its items are new again.
  await store.addFeed({ server, url, addedBy: 'mod#1' });
  expect(await store.takeFeedItem(server, url, 'guid-1')).toBe(true);
}
