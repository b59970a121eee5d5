/**
 * Reading feeds (src/corpus/feed.ts): RSS 2.0, Atom and RSS 1.0, newest first, and what is not a feed. Polling
 * them (src/discord/feed-poller.ts) against a feed and pages served on 127.0.0.1 by the test: each item taken
 * once, for good.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeServerArticle } from '../src/corpus/article-file.js';
import { parseFeed } from '../src/corpus/feed.js';
import { loadConfig } from '../src/discord/config.js';
import { FeedPoller, feedsInFile } from '../src/discord/feed-poller.js';
import { createLogger } from '../src/discord/logger.js';
import type { IndexService } from '../src/index/index-service.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { startPageServer } from './support/page-server.js';

describe('feeds', () => {
  it('reads RSS 2.0: title, items newest first with guid, link (made absolute), title and date', () => {
    const feed = parseFeed(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire &amp; Co</title>
        <item><title>Older</title><link>/a/1</link><guid>id-1</guid><pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate></item>
        <item><title>Newer</title><link>https://wire.example.org/a/2</link><pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate></item>
        <item><title>No link</title></item>
      </channel></rss>`,
      'https://wire.example.org/feed.xml',
    );
    expect(feed.title).toBe('Wire &amp; Co');
    expect(feed.items).toEqual([
      { id: 'https://wire.example.org/a/2', link: 'https://wire.example.org/a/2', title: 'Newer', date: '2025-06-03T10:00:00.000Z' },
      { id: 'id-1', link: 'https://wire.example.org/a/1', title: 'Older', date: '2025-06-02T10:00:00.000Z' },
    ]);
  });

  it('reads Atom (the alternate link) and RSS 1.0', () => {
    const atom = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><entry><id>tag:1</id><title>One</title>
        <link rel="self" href="https://x.example/self"/><link rel="alternate" href="https://x.example/one"/><updated>2025-06-01T00:00:00Z</updated></entry></feed>`,
      'https://x.example/feed',
    );
    expect(atom.items).toEqual([{ id: 'tag:1', link: 'https://x.example/one', title: 'One', date: '2025-06-01T00:00:00.000Z' }]);
    const rdf = parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>RDF Wire</title></channel>
        <item rdf:about="https://r.example/1"><title>R1</title><link>https://r.example/1</link></item></rdf:RDF>`,
      'https://r.example/rss',
    );
    expect(rdf).toEqual({ title: 'RDF Wire', items: [{ id: 'https://r.example/1', link: 'https://r.example/1', title: 'R1' }] });
  });

  it('says what is not a feed, and leaves javascript: links out', () => {
    expect(() => parseFeed('<html><body>hi</body></html>', 'https://x.example/')).toThrow('not an RSS or Atom feed');
    const feed = parseFeed('<rss><channel><item><link>javascript:alert(1)</link></item></channel></rss>', 'https://x.example/');
    expect(feed.items).toEqual([]);
  });

  it('reads a FEEDS file: one address per line, comments and blank lines skipped', () => {
    expect(feedsInFile('# wires\nhttps://a.example/feed\n\n  https://b.example/rss # the second\n')).toEqual([
      'https://a.example/feed',
      'https://b.example/rss',
    ]);
  });
});

describe('polling a server’s feed', () => {
  const SERVER = '700000000000000002';
  const CHANNEL = '700000000000000099';
  const page = (title: string, text: string) => ({
    type: 'text/html',
    body: Buffer.from(
      `<!doctype html><html><head><title>${title}</title><meta property="og:site_name" content="Feed Wire"></head><body><article><h1>${title}</h1><p>${text}</p><p>${text.replace('.', ', officials added.')}</p></article></body></html>`,
    ),
  });

  it('takes each item once: a changed feed costs only its new item’s page, and an article removed does not come back', async () => {
    const pages = await startPageServer();
    const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-feed-'));
    const corpus = path.join(dir, 'corpus');
    const state = SqliteStore.open(path.join(dir, 'newsdesk.sqlite'));
    const announced: string[] = [];
    const poller = new FeedPoller({
      // The pages are on 127.0.0.1: allowed as an operator with an intranet would allow it.
      config: loadConfig({ DISCORD_TOKEN: 'MTA.Gh12.aZ', CORPUS_DIR: corpus, FETCH_ALLOW_PRIVATE: 'true' }, { dotenv: false }),
      logger: createLogger('silent'),
      state,
      // What the poller asks of the index: where the articles go, and to note that a server's changed.
      indexes: { corpusDir: corpus, serverArticlesChanged: async () => undefined } as unknown as IndexService,
      announce: async (_channel, message) => void announced.push(message.content!),
      reindex: async () => undefined,
    });
    const serverFiles = () => readdirSync(path.join(corpus, 'servers', SERVER)).sort();
    /** How many times each article page was fetched. */
    const fetched = () => {
      const counts: Record<string, number> = {};
      for (const r of pages.requests) if (r.path.startsWith('/upload/')) counts[r.path] = (counts[r.path] ?? 0) + 1;
      return counts;
    };
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    try {
      pages.uploads.set(
        'dam.html',
        page(
          'Andean dam reaches full capacity',
          'The Chaglla dam on the Huallaga river reached full generating capacity on Friday, the energy ministry said in a statement to reporters.',
        ),
      );
      pages.uploads.set(
        'metro.html',
        page(
          'Lima metro line opens',
          'The second line of the Lima metro opened to passengers on Saturday, carrying commuters between Ate and the port of Callao for the first time.',
        ),
      );
      pages.uploads.set(
        'rail.html',
        page(
          'Rail link to Chancay approved',
          'Peru approved a freight rail link between the port of Chancay and the central highlands on Thursday, the transport ministry said on its website.',
        ),
      );
      pages.uploads.set(
        'bridge.html',
        page(
          'Bridge over the Rimac reopens',
          'The Rimac bridge in central Lima reopened to traffic on Sunday after three months of repairs to its piers, the city council said in a statement.',
        ),
      );
      pages.feed.push(
        { title: 'Dam', link: '/upload/dam.html', date: '2025-05-30T10:00:00Z' },
        { title: 'Metro', link: '/upload/metro.html', date: '2025-05-29T10:00:00Z' },
      );
      await state.addFeed({ server: SERVER, url: `${pages.base}/feed.xml`, channel: CHANNEL, addedBy: 'mod#1' });

      await poller.pollDue(minutes(0));
      expect(announced).toHaveLength(1);
      expect(announced[0].split('\n')[0]).toBe('📰 2 new articles from Test Wire; ask about them with /ask:');
      expect(fetched()).toEqual({ '/upload/dam.html': 1, '/upload/metro.html': 1 });
      const [dam, metro] = serverFiles();
      expect([dam, metro].map((f) => f.split('-').slice(0, 2).join('-'))).toEqual(['andean-dam', 'lima-metro']);

      // The feed lists one more item: only its page is fetched, and only it is announced.
      pages.feed.push({ title: 'Rail', link: '/upload/rail.html', date: '2025-06-01T10:00:00Z' });
      await poller.pollDue(minutes(31));
      expect(fetched()).toEqual({ '/upload/dam.html': 1, '/upload/metro.html': 1, '/upload/rail.html': 1 });
      expect(announced).toHaveLength(2);
      expect(announced[1]).toMatch(/^📰 1 new article from Test Wire; ask about them with \/ask:\n• \[Rail link to Chancay approved\]/);
      expect(serverFiles()).toHaveLength(3);

      // A moderator removes the dam article (/article remove); the feed still lists it, and changes again.
      expect(await removeServerArticle(corpus, SERVER, dam.replace(/\.md$/, ''))).toBe(path.join('servers', SERVER, dam));
      pages.feed.push({ title: 'Bridge', link: '/upload/bridge.html', date: '2025-06-02T10:00:00Z' });
      await poller.pollDue(minutes(62));
      expect(fetched()).toEqual({ '/upload/dam.html': 1, '/upload/metro.html': 1, '/upload/rail.html': 1, '/upload/bridge.html': 1 });
      expect(serverFiles()).not.toContain(dam);
      expect(serverFiles()).toContain(metro);
      expect(serverFiles()).toHaveLength(3);
      expect(announced).toHaveLength(3);
      expect(announced[2]).toMatch(/^📰 1 new article from Test Wire; ask about them with \/ask:\n• \[Bridge over the Rimac reopens\]/);
    } finally {
      await state.close();
      await pages.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
