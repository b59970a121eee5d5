/**
 * A server's own articles beside the shared ones (index/federated-index.ts, index/server-views.ts): answered as
 * one index of both would answer, with nothing of the server's reaching another server or the shared index,
 * changes seen through a version per server (the bot's database) rather than a listing of its folder per
 * question, and servers' indexes dropped least recently used past a memory budget.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/directory.js';
import { FederatedIndex } from '../src/index/federated-index.js';
import { buildPart, NewsIndex } from '../src/index/news-index.js';
import { ServerViews, type ServerArticleVersions } from '../src/index/server-views.js';
import { answerQuestion } from '../src/qa/answer.js';
import { renderAnswerText } from '../src/qa/render-answer-text.js';
import { buildTimeline } from '../src/qa/timeline.js';
import { summarizeCorpus } from '../src/index/corpus-summary.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { serverVersionsIn } from '../src/store/state-store.js';
import { main as askMain } from '../src/cli/ask.js';
import { runMain } from './support/cli.js';

const ROOT = path.join(import.meta.dirname, '..');
const A = '111111111111111111';
const B = '222222222222222222';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-views-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'shared'), { recursive: true });
  for (const f of readdirSync(path.join(ROOT, 'tests/fixtures/timeline-expressions')).filter((f) => f.endsWith('.md') && f !== 'README.md'))
    cpSync(path.join(ROOT, 'tests/fixtures/timeline-expressions', f), path.join(dir, 'shared', f));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function article(title: string, date: string, paragraphs: string[]): string {
  return `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: ${date}\n---\n\n${paragraphs.join('\n\n')}\n`;
}

const QUESTIONS = [
  'When did Colombia join BRI?',
  'Who won the election?',
  'What happened to the port strike?',
  'How much did the mine cost?',
  'When will the rail line open?',
  'Who visited Beijng?',
  'What did the central bank do with interest rates?',
];

describe('a server’s articles searched beside the shared index', () => {
  it('answers as one index of the shared and the server’s articles answers: same quotes, scores, short answers, timeline', async () => {
    const { articles } = await loadCorpus(path.join(dir, 'shared'));
    // The server's: the last three; one index of all twelve is what the federated search must equal.
    const shared = articles.slice(0, -3);
    const own = articles.slice(-3);
    const whole = NewsIndex.build([...shared, ...own]);
    const federated = new FederatedIndex(NewsIndex.build(shared), NewsIndex.fromSnapshot(buildPart(own), { compact: true }));
    expect(federated.stats).toEqual(whole.stats);
    for (const q of QUESTIONS) {
      const asOf = '2026-01-01';
      expect(renderAnswerText(answerQuestion(federated, q, { asOf })), q).toBe(renderAnswerText(answerQuestion(whole, q, { asOf })));
      const terms = ['rail', 'line', 'open', 'strike', 'port'];
      const hits = (i: NewsIndex | FederatedIndex) => i.searchParagraphs(terms, 10).map((h) => [h.paragraph, h.score.toFixed(9)]);
      expect(hits(federated)).toEqual(hits(whole));
    }
    for (const q of [{ topic: 'rail line' }, { topic: 'election' }, {}])
      expect(buildTimeline(federated, q).events).toEqual(buildTimeline(whole, q).events);
    expect(summarizeCorpus(federated)).toEqual(summarizeCorpus(whole));
    expect(federated.suggest('When did the po', 5)).toEqual(whole.suggest('When did the po', 5));
  });
});

describe('servers’ indexes', () => {
  let corpus: string;
  let store: SqliteStore;
  let other: SqliteStore;

  beforeAll(async () => {
    corpus = path.join(dir, 'served');
    cpSync(path.join(dir, 'shared'), corpus, { recursive: true });
    store = await SqliteStore.open(path.join(dir, 'state.sqlite'));
    other = await SqliteStore.open(path.join(dir, 'state.sqlite'));
  });
  afterAll(async () => {
    await store.close();
    await other.close();
  });

  /** A server's article, written as /article add writes one. */
  function addFor(server: string, name: string, text: string): void {
    mkdirSync(path.join(corpus, 'servers', server), { recursive: true });
    writeFileSync(path.join(corpus, 'servers', server, `${name}.md`), text);
  }

  /** Versions read from the database, counted. */
  function counted(db: SqliteStore): ServerArticleVersions & { reads: number } {
    const versions = serverVersionsIn(db);
    const out = {
      reads: 0,
      version: (server: string) => (out.reads++, versions.version(server)),
      changed: (server: string) => versions.changed(server),
    };
    return out;
  }

  it('sees an article added on another replica at the next question, reading a version, not the folder, per question', async () => {
    const shared = NewsIndex.build((await loadCorpus(corpus)).articles);
    const here = new ServerViews(corpus, () => shared, { versions: counted(store) });
    const versions = counted(other);
    const there = new ServerViews(corpus, () => shared, { versions });
    const ask = async (views: ServerViews) =>
      renderAnswerText(answerQuestion(await views.indexFor(A), 'When did the Quillacollo tram open?', { asOf: '2026-01-01' }));

    expect(await ask(there)).not.toContain('Quillacollo tram');
    for (let i = 0; i < 10; i++) await ask(there);
    expect(there.stats.made).toBe(0); // no articles of its own: nothing made, and the folder listed once
    // Replica "here" takes the article (as /article add does) and notes the change.
    addFor(
      A,
      'tram',
      article('Quillacollo tram opens', '2025-09-01', [
        'The Quillacollo tram opened on 1 September 2025, carrying 4,000 riders on its first day.',
      ]),
    );
    await here.changed(A);
    expect(await ask(there)).toMatch(/Quillacollo tram opened on 1 September 2025/);
    const reads = versions.reads;
    for (let i = 0; i < 20; i++) await ask(there);
    expect(versions.reads - reads).toBe(20); // one version read per question…
    expect(there.stats.made).toBe(1); // …and the server's index made once, for the one change
    // Another server, and a direct message, never see it.
    expect(
      renderAnswerText(answerQuestion(await there.indexFor(B), 'When did the Quillacollo tram open?', { asOf: '2026-01-01' })),
    ).not.toContain('Quillacollo');
    expect((await there.indexFor(null)).documentFrequency('quillacollo')).toBe(0);
    expect(shared.documentFrequency('quillacollo')).toBe(0);
  });

  it('keeps two servers’ rare words apart: spelling fixes and autocomplete read only the asking server’s articles', async () => {
    addFor(
      A,
      'zephyrine',
      article('Zephyrine pass reopens', '2025-10-02', [
        'The Zephyrine pass reopened to lorries after a landslide closed it for three weeks.',
      ]),
    );
    addFor(
      B,
      'zephyrina',
      article('Zephyrina dam inspected', '2025-10-03', ['Engineers inspected the Zephyrina dam after heavy rain raised the reservoir.']),
    );
    await store.noteServerArticlesChanged(A);
    await store.noteServerArticlesChanged(B);
    const shared = NewsIndex.build((await loadCorpus(corpus)).articles);
    const views = new ServerViews(corpus, () => shared, { versions: serverVersionsIn(store) });
    const a = await views.indexFor(A);
    const b = await views.indexFor(B);
    expect(a.suggest('When did the zephyr', 5).join()).toMatch(/zephyrine/i);
    expect(a.suggest('When did the zephyr', 5).join()).not.toMatch(/zephyrina/i);
    expect(b.suggest('When did the zephyr', 5).join()).toMatch(/zephyrina/i);
    expect(b.suggest('When did the zephyr', 5).join()).not.toMatch(/zephyrine/i);
    expect(shared.suggest('When did the zephyr', 5)).toEqual([]);
    // A typo one letter from both: each server reads it as its own word, the shared index as none.
    expect(a.surfaceForms.get(a.correctSpelling('Zephyrinx')!)).toBe('zephyrine');
    expect(b.surfaceForms.get(b.correctSpelling('Zephyrinx')!)).toBe('zephyrina');
    expect(shared.correctSpelling('Zephyrinx')).toBeUndefined();
  });

  it('drops the least recently used servers past the budget, and makes them again when asked', async () => {
    const shared = NewsIndex.build((await loadCorpus(corpus)).articles);
    // A budget of one small server: asking A, then B, drops A; A asked again is made again and still answers.
    const views = new ServerViews(corpus, () => shared, { versions: serverVersionsIn(store), budgetBytes: 1 });
    await views.indexFor(A);
    await views.indexFor(B);
    expect(views.stats).toMatchObject({ servers: 1, made: 2, dropped: 1 });
    const again = await views.indexFor(A);
    expect(views.stats).toMatchObject({ servers: 1, made: 3, dropped: 2 });
    expect(renderAnswerText(answerQuestion(again, 'When did the Quillacollo tram open?', { asOf: '2026-01-01' }))).toMatch(
      /1 September 2025/,
    );
  });

  it('loads nothing of a server without articles of its own: its members are answered from the shared index itself', async () => {
    const shared = NewsIndex.build((await loadCorpus(corpus)).articles);
    const views = new ServerViews(corpus, () => shared, { versions: serverVersionsIn(store) });
    expect(await views.indexFor('333333333333333333')).toBe(shared);
    expect(views.stats).toMatchObject({ made: 0, bytes: 0 });
  });
});

describe('the same article in the shared corpus and a server’s', () => {
  it('is one source: each quote cites it once, and the sources list it once', async () => {
    const corpus = path.join(dir, 'twice');
    cpSync(path.join(ROOT, 'corpus'), corpus, { recursive: true });
    mkdirSync(path.join(corpus, 'servers', A), { recursive: true });
    const shared = readdirSync(corpus).filter((f) => f.endsWith('.md'));
    for (const f of shared) cpSync(path.join(corpus, f), path.join(corpus, 'servers', A, `copy-${f}`));
    const run = await runMain(askMain, ['--corpus', corpus, '--server', A, '--as-of', '2025-06-01', 'When did Colombia join BRI?']);
    expect(run.code, run.stderr).toBe(0);
    const sources = run.stdout.split('\n').filter((l) => /^\s*\[\d+\] /.test(l));
    expect(sources.length).toBeGreaterThan(0);
    expect(new Set(sources.map((l) => l.replace(/^\s*\[\d+\] /, ''))).size).toBe(sources.length);
    expect(run.stdout).not.toMatch(/\[(\d+)\]\[(\d+)\]/);
  });
});
