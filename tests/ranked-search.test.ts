/**
 * RankedSearch must rank exactly as MiniSearch.search does; it only avoids MiniSearch's per-match objects.
 * If a minisearch upgrade changes the internals RankedSearch reads, these comparisons fail.
 */
import path from 'node:path';
import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus.js';
import { RankedSearch } from '../src/ranked-search.js';
import { terms } from '../src/text.js';

interface Doc { id: number; text: string; title: string }

const BOOST = { title: 0.5 };
let docs: Doc[] = [];
let vocabulary: string[] = [];

function makeIndex(): MiniSearch<Doc> {
  const ms = new MiniSearch<Doc>({
    fields: ['text', 'title'],
    tokenize: (text) => terms(text),
    processTerm: (t) => t,
    searchOptions: { tokenize: (t) => t.split(' ').filter(Boolean), processTerm: (t) => t, boost: BOOST, combineWith: 'OR' },
  });
  ms.addAll(docs);
  return ms;
}

/** A small deterministic generator, so a failure names a query that can be replayed. */
function* queries(count: number): Generator<string[]> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(next() * 7);
    const q: string[] = [];
    for (let j = 0; j < length; j++) q.push(next() < 0.05 ? 'zzunknownzz' : vocabulary[Math.floor(next() * vocabulary.length)]);
    if (next() < 0.1) q.push(q[0]); // a repeated word counts twice in the score, once in the match count
    yield q;
  }
}

function expectSameRanking(ms: MiniSearch<Doc>, ranked: RankedSearch, q: string[], limit: number): void {
  const expected = ms.search(q.join(' ')).slice(0, limit).map((r) => ({ id: r.id as number, score: r.score }));
  const actual = ranked.top(q, limit);
  expect(actual.map((r) => r.id), `query: ${q.join(' ')}`).toEqual(expected.map((r) => r.id));
  actual.forEach((r, i) => expect(r.score).toBe(expected[i].score));
}

beforeAll(async () => {
  const { articles } = await loadCorpus(path.join(import.meta.dirname, '..', 'corpus'));
  // The shipped corpus, three times over with small changes, so terms have posting lists of many lengths.
  for (let copy = 0; copy < 3; copy++) {
    for (const a of articles) {
      for (const p of a.paragraphs) {
        const text = copy === 0 ? p.text : p.text.split(' ').filter((_, i) => (i + copy) % (copy + 2) !== 0).join(' ');
        docs.push({ id: docs.length, text, title: p.number === 1 ? a.title : '' });
      }
    }
  }
  const counts = new Map<string, number>();
  for (const d of docs) for (const t of terms(d.text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  // Common words weigh more in the draw: they are the ones whose scores are hardest to get right.
  vocabulary = [...counts].flatMap(([t, c]) => Array<string>(Math.min(c, 20)).fill(t));
});

describe('RankedSearch', () => {
  it('ranks and scores exactly like MiniSearch.search', () => {
    const ms = makeIndex();
    const ranked = new RankedSearch(ms, BOOST);
    for (const q of queries(300)) expectSameRanking(ms, ranked, q, 12);
  });

  it('still does after documents are removed and added', () => {
    const ms = makeIndex();
    const ranked = new RankedSearch(ms, BOOST);
    for (const d of docs.filter((_, i) => i % 5 === 0)) ms.remove(d);
    ms.add({ id: 1_000_000, text: 'Colombia joined the Belt and Road Initiative in May 2025', title: 'Colombia joins BRI' });
    for (const q of queries(200)) expectSameRanking(ms, ranked, q, 12);
    expect(ranked.top(['colombia', 'join'], 1)[0].id).toBe(1_000_000);
  });

  it('finds documents holding all of a group of terms, in text or headline', () => {
    const ms = makeIndex();
    const ranked = new RankedSearch(ms, BOOST);
    const group = ['belt', 'road'];
    const expected = ms.search(group.join(' '), { combineWith: 'AND', boost: {} }).map((r) => r.id).sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(0);
    expect(docs.filter((d) => ranked.holdsAll(d.id, group)).map((d) => d.id)).toEqual(expected);
    expect(docs.some((d) => ranked.holdsAll(d.id, ['belt', 'zzunknownzz']))).toBe(false);
    expect(ranked.holdsAll(-1, group)).toBe(false);
  });

  it('returns nothing for words the index does not hold', () => {
    const ranked = new RankedSearch(makeIndex(), BOOST);
    expect(ranked.top(['zzunknownzz'], 5)).toEqual([]);
    expect(ranked.top([], 5)).toEqual([]);
  });
});
