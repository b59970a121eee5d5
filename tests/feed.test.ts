/** Reading feeds (src/corpus/feed.ts): RSS 2.0, Atom and RSS 1.0, newest first, and what is not a feed. */
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../src/corpus/feed.js';
import { feedsInFile } from '../src/discord/feed-poller.js';

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
