/**
 * A local web server for the tests of adding articles: the saved pages in tests/fixtures/pages, and the pages a
 * fetcher must refuse (too large, a PDF, a redirect chain, a redirect to the cloud metadata address, one that
 * never answers), plus a feed whose items can be added to between polls. Listens on 127.0.0.1 only.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';

const PAGES = path.join(import.meta.dirname, '..', 'fixtures', 'pages');

export interface FeedItem {
  title: string;
  /** A path on this server. */
  link: string;
  date: string;
}

export interface PageServer {
  base: string;
  /** The feed at /feed.xml, newest first; tests add items between polls. */
  feed: FeedItem[];
  /** Files served as uploads are, at /upload/<name> (as Discord's CDN serves attachments). */
  uploads: Map<string, { type: string; body: Buffer }>;
  /** Requests received, by path, for checks of conditional requests. */
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

const page = (name: string) => readFileSync(path.join(PAGES, name));

export async function startPageServer(): Promise<PageServer> {
  const feed: FeedItem[] = [];
  const uploads = new Map<string, { type: string; body: Buffer }>();
  const requests: PageServer['requests'] = [];
  const send = (res: ServerResponse, type: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ path: url.pathname, headers: req.headers });
    const upload = /^\/upload\/(.+)$/.exec(url.pathname);
    if (upload && uploads.has(decodeURIComponent(upload[1]))) {
      const file = uploads.get(decodeURIComponent(upload[1]))!;
      return send(res, file.type, file.body);
    }
    const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hop) {
      const n = Number(hop[1]);
      res.writeHead(302, { location: n === 0 ? '/news' : `/hop/${n - 1}` });
      return res.end();
    }
    switch (url.pathname) {
      case '/news':
        return send(res, 'text/html; charset=utf-8', page('news-jsonld.html'));
      case '/og':
        return send(res, 'text/html', page('og-only.html'));
      case '/plain':
        return send(res, 'text/html; charset=UTF-8', page('plain.html'));
      case '/paywall':
        return send(res, 'text/html', page('paywall.html'));
      case '/big': {
        const filler = `<p>${'The port handled more ships than ever this week. '.repeat(20)}</p>\n`;
        return send(res, 'text/html', `<html><body>${filler.repeat(Math.ceil((6 * 1048576) / filler.length))}</body></html>`);
      }
      case '/big-streamed': {
        // No Content-Length: the size is found out while reading.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = `<p>${'x '.repeat(32_000)}</p>`;
        let sent = 0;
        const more = () => {
          while (sent < 7 * 1048576) {
            sent += chunk.length;
            if (!res.write(chunk)) return res.once('drain', more);
          }
          res.end();
        };
        return more();
      }
      case '/to-metadata':
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      case '/report.pdf':
        return send(res, 'application/pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n'));
      case '/never':
        return; // never answers
      case '/feed.xml': {
        const etag = `"${feed.length}"`;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag });
          return res.end();
        }
        const items = feed
          .map(
            (i) =>
              `<item><title>${i.title}</title><link>${new URL(i.link, base).toString()}</link><pubDate>${new Date(i.date).toUTCString()}</pubDate></item>`,
          )
          .join('');
        return send(
          res,
          'application/rss+xml',
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>${base}</link>${items}</channel></rss>`,
          { etag },
        );
      }
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    base,
    feed,
    uploads,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
