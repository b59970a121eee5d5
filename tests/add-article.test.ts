/**
 * Adding an article from a web address or a file (src/corpus/add-article.ts): pages of our own making served on
 * 127.0.0.1, each added with the metadata it states or refused with the rule that refused it, and nothing else in
 * the corpus changing either way.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArticle } from '../src/corpus/add-article.js';
import { fetchPage, FetchRefused, isPrivateAddress } from '../src/corpus/fetch-page.js';
import { startPageServer, type PageServer } from './support/page-server.js';
import { main as addMain } from '../src/cli/add.js';
import { main as askMain } from '../src/cli/ask.js';
import { main as reindexMain } from '../src/cli/reindex.js';
import { main as timelineMain } from '../src/cli/timeline.js';
import { openIndexFor } from '../src/cli/common.js';
import { runMain, userEnv } from './support/cli.js';
import { SqliteStore } from '../src/store/sqlite-store.js';

const ROOT = path.join(import.meta.dirname, '..');
let server: PageServer;
let corpus: string;
/** The tests' server is on 127.0.0.1: allowed here as FETCH_ALLOW_PRIVATE=true allows it. */
const fetch = { allowPrivate: true, timeoutMs: 3000 };

beforeAll(async () => {
  server = await startPageServer();
  corpus = mkdtempSync(path.join(tmpdir(), 'newsdesk-add-'));
  cpSync(path.join(ROOT, 'corpus'), corpus, { recursive: true });
});

afterAll(async () => {
  await server.close();
  rmSync(corpus, { recursive: true, force: true });
});

/** Every file of the corpus with its size and time: what must not change when an add is refused. */
function corpusState(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const s = statSync(file);
      if (s.isDirectory()) walk(file);
      else out.push(`${path.relative(corpus, file)} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(corpus);
  return out;
}

describe('adding a page by its address', () => {
  it('reads a news page’s JSON-LD: headline, day published, authors, publisher, canonical address; drops the byline line', async () => {
    const added = await addArticle({ url: `${server.base}/news` }, { corpusDir: corpus, fetch });
    expect(added.updated).toBe(false);
    expect(added.file).toMatch(/^port-of-chancay-opens-first-container-terminal-[0-9a-f]{8}\.md$/);
    expect(added.article).toMatchObject({
      title: 'Port of Chancay opens first container terminal',
      source: 'Andes Ledger',
      date: '2025-06-02',
      authors: ['Lucía Mendoza', 'Tom Reyes'],
      url: 'https://news.example.org/2025/06/chancay-terminal-opens',
    });
    expect(added.article.paragraphs).toHaveLength(5);
    expect(added.article.paragraphs[0].text).toMatch(/^The Chinese-built port of Chancay, 80 kilometres north of Lima/);
    const text = readFileSync(path.join(corpus, added.file), 'utf8');
    expect(text).not.toContain('scripts never run');
    expect(text).not.toContain('Most read');
    expect(text).not.toContain('All rights reserved');
  });

  it('updates the same article when its address is added again, and says so', async () => {
    const before = corpusState();
    const again = await addArticle({ url: `${server.base}/hop/2` }, { corpusDir: corpus, fetch });
    expect(again.updated).toBe(true);
    expect(corpusState().map((l) => l.split(' ')[0])).toEqual(before.map((l) => l.split(' ')[0]));
  });

  it('reads Open Graph tags where there is no JSON-LD, and the host name where there is nothing', async () => {
    const og = await addArticle({ url: `${server.base}/og` }, { corpusDir: corpus, fetch });
    expect(og.article).toMatchObject({
      title: 'Bolivia signs lithium extraction deal with Chinese consortium',
      source: 'Altiplano Daily',
      date: '2025-05-28',
      authors: ['Ana Quispe'],
      url: 'https://altiplano.example.net/lithium-deal',
      standfirst: 'The agreement covers two salt flats in Potosí.',
    });
    const plain = await addArticle({ url: `${server.base}/plain` }, { corpusDir: corpus, fetch });
    expect(plain.article).toMatchObject({
      title: 'Metro line two reaches Callao',
      source: '127.0.0.1',
      authors: [],
      url: `${server.base}/plain`,
    });
    expect(plain.article.date).toBeUndefined();
    expect(plain.article.paragraphs).toHaveLength(3);
  });

  it.each([
    ['/paywall', /^no article text found on the page \(a paywall, a login page/],
    ['/big', /is larger than 5 MB, the limit for an article$/],
    ['/big-streamed', /is larger than 5 MB, the limit for an article$/],
    ['/hop/9', /redirects more than 5 times; give the article's own address$/],
    ['/report.pdf', /is application\/pdf, not a web page or text$/],
    ['/missing', /answered 404 Not Found$/],
  ])('refuses %s, saying why, and changes nothing in the corpus', async (page, reason) => {
    const before = corpusState();
    await expect(addArticle({ url: `${server.base}${page}` }, { corpusDir: corpus, fetch })).rejects.toThrow(reason);
    expect(corpusState()).toEqual(before);
  });

  it('refuses private and metadata addresses unless allowed, also after a redirect, and anything but http(s)', async () => {
    const before = corpusState();
    const strict = { corpusDir: corpus, fetch: { timeoutMs: 3000 } };
    await expect(addArticle({ url: `${server.base}/news` }, strict)).rejects.toThrow(
      /^127\.0\.0\.1 is a private, loopback, link-local or metadata address \(127\.0\.0\.1\); the bot does not fetch those \(an operator can allow private networks with FETCH_ALLOW_PRIVATE=true\)$/,
    );
    await expect(addArticle({ url: 'http://localhost:9/news' }, strict)).rejects.toThrow(/^localhost is a private, loopback/);
    // With private networks allowed (as for the tests' own server), the redirect to the cloud metadata service
    // is still refused: the rule is checked on every hop, and link-local addresses are never allowed.
    await expect(addArticle({ url: `${server.base}/to-metadata` }, { corpusDir: corpus, fetch })).rejects.toThrow(
      '169.254.169.254 is a link-local or cloud metadata address (169.254.169.254); the bot never fetches those, whatever FETCH_ALLOW_PRIVATE says',
    );
    await expect(addArticle({ url: 'file:///etc/passwd' }, strict)).rejects.toThrow(
      'only http and https addresses can be fetched, not file',
    );
    await expect(addArticle({ url: 'ftp://example.org/a' }, strict)).rejects.toThrow(
      'only http and https addresses can be fetched, not ftp',
    );
    expect(corpusState()).toEqual(before);
  });

  it('with FETCH_ALLOW_PRIVATE=true, still refuses a link-local or metadata address written in the address itself', async () => {
    const never = (host: string, address: string) =>
      `${host} is a link-local or cloud metadata address (${address}); the bot never fetches those, whatever FETCH_ALLOW_PRIVATE says`;
    for (const [url, host, address] of [
      ['http://[fe80::1]/', '[fe80::1]', 'fe80::1'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', '169.254.169.254'],
      ['http://[fd00:ec2::254]/latest/meta-data/', '[fd00:ec2::254]', 'fd00:ec2::254'],
      ['http://[::ffff:169.254.169.254]/', '[::ffff:a9fe:a9fe]', '::ffff:a9fe:a9fe'],
    ]) {
      const refused = fetchPage(url, { ...fetch, timeoutMs: 2000 });
      await expect(refused, url).rejects.toThrow(FetchRefused);
      await expect(refused, url).rejects.toThrow(never(host, address));
    }
    // The same switch does let a private address through: the tests' own server.
    expect((await fetchPage(`${server.base}/news`, fetch)).status).toBe(200);
  });

  it('gives up on a page that never answers, within its time limit', async () => {
    const started = Date.now();
    await expect(addArticle({ url: `${server.base}/never` }, { corpusDir: corpus, fetch: { ...fetch, timeoutMs: 500 } })).rejects.toThrow(
      /did not answer within 0\.5 s$/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('knows the addresses it must not reach', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00:ec2::254',
      'fe80::1',
      '::ffff:169.254.169.254',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('adding a file', () => {
  it('writes a Markdown upload under a name from its title, and a saved web page as Markdown; refuses what is not an article', async () => {
    const md =
      '---\ntitle: Chancay fishermen protest dredging\nsource: Coast Wire\ndate: 2025-06-04\n---\n\nFishermen in Chancay blocked the port road on Tuesday.\n';
    const added = await addArticle({ file: 'protest.md', bytes: Buffer.from(md) }, { corpusDir: corpus, server: '123456789012345678' });
    expect(added.file).toMatch(/^servers\/123456789012345678\/chancay-fishermen-protest-dredging-[0-9a-f]{8}\.md$/);
    expect(readFileSync(path.join(corpus, added.file), 'utf8')).toBe(md);
    const page = await addArticle(
      { file: 'saved.html', bytes: readFileSync(path.join(ROOT, 'tests/fixtures/pages/og-only.html')) },
      { corpusDir: corpus },
    );
    expect(page.article.source).toBe('Altiplano Daily');
    const before = corpusState();
    await expect(addArticle({ file: 'report.pdf', bytes: Buffer.from('%PDF-1.7') }, { corpusDir: corpus })).rejects.toThrow(
      'report.pdf is not an article file: add a .md, .markdown, .txt, .html, .htm file, or a link to the page',
    );
    await expect(
      addArticle({ file: 'bad.md', bytes: Buffer.from('---\ntitle: [a, b]\n---\n\nText.\n') }, { corpusDir: corpus }),
    ).rejects.toThrow(/title/);
    await expect(addArticle({ file: 'empty.txt', bytes: Buffer.alloc(0) }, { corpusDir: corpus })).rejects.toThrow('the file is empty');
    expect(corpusState()).toEqual(before);
  });
});

describe('npm run add', () => {
  it('adds a page and prints what it added (--json), updates it the second time, and exits 1 with the reason on a refusal', async () => {
    const database = path.join(corpus, '..', `${path.basename(corpus)}.sqlite`);
    const env = { ...userEnv(), FETCH_ALLOW_PRIVATE: 'true', DATABASE_FILE: database };
    const first = await runMain(addMain, [`${server.base}/og`, '--corpus', corpus, '--json', '--server', '223456789012345678'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      id: expect.stringMatching(/^servers\/223456789012345678\/bolivia-signs-lithium-extraction-deal-with-chinese-[0-9a-f]{8}$/),
      title: 'Bolivia signs lithium extraction deal with Chinese consortium',
      source: 'Altiplano Daily',
      date: '2025-05-28',
      authors: ['Ana Quispe'],
      url: 'https://altiplano.example.net/lithium-deal',
      paragraphs: 4,
      status: 'added',
    });
    // The bot has run here since (its database exists): the change is noted there for every running bot.
    await (await SqliteStore.open(database)).close();
    const again = await runMain(addMain, [`${server.base}/og`, '--corpus', corpus, '--server', '223456789012345678'], env);
    expect(again.stdout.split('\n')[0]).toMatch(
      /^Updated “Bolivia signs lithium extraction deal with Chinese consortium” \(Altiplano Daily, Wed 28 May 2025\), 4 paragraphs → /,
    );
    expect(again.stdout).toContain(
      `That server's members can ask about it now: SQLite ${database} noted the change for every running bot.`,
    );
    const store = await SqliteStore.open(database);
    expect(await store.serverArticlesVersion('223456789012345678')).toBe(1);
    await store.close();
    for (const f of [database, `${database}-wal`, `${database}-shm`]) rmSync(f, { force: true });
    const refused = await runMain(addMain, [`${server.base}/paywall`, '--corpus', corpus], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^error: no article text found on the page/);
    expect(refused.stdout).toBe('');
    const strict = await runMain(addMain, [`${server.base}/og`, '--corpus', corpus], { ...userEnv(), FETCH_ALLOW_PRIVATE: '' });
    expect(strict.stderr.trim()).toMatch(/^error: 127\.0\.0\.1 is a private, loopback/);
    expect((await runMain(addMain, ['--corpus', corpus], env)).code).toBe(2);
    expect((await runMain(addMain, ['x.md', '--server', 'general'], env)).stderr).toContain(
      '--server "general" is not a Discord server id',
    );
  });
});

describe('each server’s own articles', () => {
  const A = '323456789012345678';
  const B = '423456789012345678';
  const lithium =
    '---\ntitle: Potosi lithium plant breaks ground\nsource: Salar Wire\ndate: 2025-06-05\n---\n\nWorkers broke ground on the Potosi lithium carbonate plant on Thursday, the Quillacollo consortium said.\n';

  it('are quoted for that server alone: not for another server, not in a direct message, not in the shared index', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-owned-'));
    cpSync(path.join(ROOT, 'corpus'), dir, { recursive: true });
    try {
      const articles = async () => JSON.parse((await runMain(reindexMain, ['--corpus', dir, '--json'])).stdout).articles as number;
      const before = await articles();
      await addArticle({ file: 'lithium.md', bytes: Buffer.from(lithium) }, { corpusDir: dir, server: A });
      const ask = (server?: string) =>
        runMain(askMain, [
          '--corpus',
          dir,
          '--json',
          ...(server ? ['--server', server] : []),
          'Which consortium broke ground on the Potosi lithium plant?',
        ]);
      const mine = JSON.parse((await ask(A)).stdout);
      expect(mine.quotes[0].text).toContain('the Quillacollo consortium said');
      expect(mine.quotes[0].citation.article).toMatch(new RegExp(`^servers/${A}/potosi-lithium-plant-breaks-ground-[0-9a-f]{8}$`));
      for (const other of [B, undefined]) {
        const theirs = await ask(other);
        expect(theirs.stdout, `as ${other ?? 'a direct message'}`).not.toContain('Quillacollo');
        expect(theirs.stdout).not.toContain(`servers/${A}`);
      }
      // The operator's index (what /reindex and the snapshot hold) does not have it.
      expect(await articles()).toBe(before);
      // Nor does another server's vocabulary: no completion, no spelling fix towards its words.
      const { index } = await openIndexFor(dir, undefined, B);
      expect(index.suggest('Which consortium is Quill', 5)).toEqual([]);
      expect(index.correctSpelling('Quillacolo')).toBeUndefined();
      const own = await openIndexFor(dir, undefined, A);
      expect(own.index.suggest('Which consortium is Quill', 5)).toEqual(['Which consortium is Quillacollo']);
      const timeline = JSON.parse((await runMain(timelineMain, ['--corpus', dir, '--json', '--server', B])).stdout);
      expect(JSON.stringify(timeline)).not.toContain('Potosi');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
