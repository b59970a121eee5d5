/**
 * The frozen index must rank as MiniSearch.search does (it only stores the same postings compactly), also
 * after parts are merged or documents dropped. If a minisearch upgrade changes the internals that freezing
 * reads, these comparisons fail.
 */
import path from 'node:path';
import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/directory.js';
import { freezeMiniSearch, mergePacked, PackedIndex, SortedTermLookup } from '../src/index/packed-index.js';
import { terms } from '../src/language/analyzer.js';

interface Doc {
  id: number;
  text: string;
  title: string;
}

const BOOST = { title: 0.5 };
const docs: Doc[] = [];
let vocabulary: string[] = [];

function makeIndex(list: Doc[]): MiniSearch<Doc> {
  const ms = new MiniSearch<Doc>({
    fields: ['text', 'title'],
    tokenize: (text) => terms(text),
    processTerm: (t) => t,
    searchOptions: { tokenize: (t) => t.split(' ').filter(Boolean), processTerm: (t) => t, boost: BOOST, combineWith: 'OR' },
  });
  ms.addAll(list.map((d, id) => ({ ...d, id })));
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

/** Same scores rank by rank, and every returned document has the score MiniSearch gives it (ties may swap). */
function expectSameRanking(ms: MiniSearch<Doc>, packed: PackedIndex, q: string[], limit: number): void {
  const all = ms.search(q.join(' '));
  const byId = new Map(all.map((r) => [r.id as number, r.score]));
  const actual = packed.top(q, limit);
  expect(actual.length, `query: ${q.join(' ')}`).toBe(Math.min(limit, all.length));
  actual.forEach((hit, i) => {
    expect(hit.score, `query: ${q.join(' ')} rank ${i}`).toBeCloseTo(all[i].score, 9);
    expect(byId.get(hit.doc), `query: ${q.join(' ')} doc ${hit.doc}`).toBeCloseTo(hit.score, 9);
  });
}

beforeAll(async () => {
  const { articles } = await loadCorpus(path.join(import.meta.dirname, '..', 'corpus'));
  // The shipped corpus, three times over with small changes, so terms have posting lists of many lengths.
  for (let copy = 0; copy < 3; copy++) {
    for (const a of articles) {
      for (const p of a.paragraphs) {
        const text =
          copy === 0
            ? p.text
            : p.text
                .split(' ')
                .filter((_, i) => (i + copy) % (copy + 2) !== 0)
                .join(' ');
        docs.push({ id: docs.length, text, title: p.number === 1 ? a.title : '' });
      }
    }
  }
  const counts = new Map<string, number>();
  for (const d of docs) for (const t of terms(d.text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  // Common words weigh more in the draw: they are the ones whose scores are hardest to get right.
  vocabulary = [...counts].flatMap(([t, c]) => Array<string>(Math.min(c, 20)).fill(t));
});

describe('PackedIndex', () => {
  it('ranks and scores like MiniSearch.search', () => {
    const ms = makeIndex(docs);
    const packed = new PackedIndex(freezeMiniSearch(ms, docs.length), BOOST);
    for (const q of queries(300)) expectSameRanking(ms, packed, q, 12);
    // Every match, as a timeline asks for.
    for (const q of queries(50)) expectSameRanking(ms, packed, q, Number.MAX_SAFE_INTEGER);
  });

  it('ranks two merged parts like one index over both', () => {
    const half = Math.floor(docs.length / 2);
    const parts = [docs.slice(0, half), docs.slice(half)].map((list) => freezeMiniSearch(makeIndex(list), list.length));
    const packed = new PackedIndex(mergePacked(parts), BOOST);
    const whole = makeIndex(docs);
    for (const q of queries(200)) expectSameRanking(whole, packed, q, 12);
  });

  it('drops documents on merge as if they had never been indexed', () => {
    const keep = Uint8Array.from(docs, (_, i) => (i % 5 === 0 ? 0 : 1));
    const added: Doc = { id: -1, text: 'Colombia joined the Belt and Road Initiative in May 2025', title: 'Colombia joins BRI' };
    const packed = new PackedIndex(
      mergePacked([freezeMiniSearch(makeIndex(docs), docs.length), freezeMiniSearch(makeIndex([added]), 1)], [keep]),
      BOOST,
    );
    const expected = makeIndex([...docs.filter((_, i) => keep[i]), added]);
    for (const q of queries(200)) expectSameRanking(expected, packed, q, 12);
    expect(packed.top(['colombia', 'join'], 1)[0].doc).toBe(packed.documentCount - 1);
  });

  it('finds documents holding all of a group of terms, in text or headline', () => {
    const ms = makeIndex(docs);
    const packed = new PackedIndex(freezeMiniSearch(ms, docs.length), BOOST);
    const group = ['belt', 'road'];
    const expected = ms
      .search(group.join(' '), { combineWith: 'AND', boost: {} })
      .map((r) => r.id)
      .sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(0);
    expect(docs.map((_, i) => i).filter((i) => packed.holdsAll(i, group))).toEqual(expected);
    expect(docs.some((_, i) => packed.holdsAll(i, ['belt', 'zzunknownzz']))).toBe(false);
  });

  it('returns nothing for words the index does not hold, and looks up words near a typo', () => {
    const packed = new PackedIndex(freezeMiniSearch(makeIndex(docs), docs.length), BOOST);
    expect(packed.top(['zzunknownzz'], 5)).toEqual([]);
    expect(packed.top([], 5)).toEqual([]);
    expect(packed.termsNear('colombai', 2)).toContain('colombia');
    expect(packed.termsWithPrefix('colom')).toContain('colombia');
  });
});

describe('SortedTermLookup', () => {
  it('finds each term at its position in the sorted terms, and nothing else', () => {
    const terms = ['', 'a', 'belt', 'bri', 'colombia', 'road', 'zz', 'ñandú'].sort();
    const lookup = new SortedTermLookup(terms);
    terms.forEach((t, i) => expect(lookup.get(t)).toBe(i));
    for (const absent of ['b', 'brii', 'zzz', 'Colombia', 'constructor', '__proto__']) expect(lookup.has(absent), absent).toBe(false);
    expect(new SortedTermLookup([]).get('a')).toBeUndefined();
  });
});
