/**
 * Ranked retrieval over a MiniSearch index's own posting lists, without MiniSearch's per-match objects.
 *
 * `MiniSearch.search` builds a result object (score, matched terms, per-field match lists) for every paragraph
 * that holds any query word, so a question with a few common words allocates hundreds of thousands of objects
 * on a large corpus. The ranking itself only needs a number per paragraph. `RankedSearch` computes exactly the
 * same score — MiniSearch's BM25+ with the same parameters, field boosts, and its multiplier for the number of
 * query terms matched — into reusable typed arrays, and keeps only the top few.
 *
 * It reads MiniSearch's internal fields (`_index`, `_fieldLength`…). Those are not a public API, so the shape is
 * pinned here in one interface, and tests/ranked-search.test.ts checks the ranking against `MiniSearch.search`
 * itself: an upgrade that changes them fails that test instead of quietly changing answers.
 */
import type MiniSearch from 'minisearch';

/** MiniSearch's BM25+ defaults (k, b, d), which the index uses. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

type Postings = Map<number, number>;

/** The internal state of a MiniSearch 7 index that ranking reads. */
interface MiniSearchInternals {
  _index: {
    get(term: string): Map<number, Postings> | undefined;
    fuzzyGet(term: string, maxDistance: number): Map<string, [Map<number, Postings>, number]>;
  };
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
}

export interface RankedHit {
  /** The document's id as given to MiniSearch. */
  id: number;
  score: number;
}

export class RankedSearch {
  private readonly ms: MiniSearchInternals;
  private readonly fields: { id: number; boost: number }[];
  /** Per short id: summed score and number of distinct query terms matched; reset after every query. */
  private score = new Float64Array(0);
  private matched = new Uint16Array(0);
  private touched = new Int32Array(0);
  private readonly norms = new Map<number, { avg: number; count: number; nextId: number; norms: Float64Array }>();

  /**
   * @param search the MiniSearch index to rank over
   * @param boosts field name → weight, exactly as passed to MiniSearch's `boost` search option (missing = 1)
   */
  constructor(search: MiniSearch<never> | MiniSearch<any>, boosts: Record<string, number> = {}) { // eslint-disable-line @typescript-eslint/no-explicit-any
    this.ms = search as unknown as MiniSearchInternals;
    if (!this.ms._index || typeof this.ms._index.get !== 'function' || !(this.ms._fieldLength instanceof Map)) {
      throw new Error('RankedSearch: this version of minisearch does not have the internal layout it reads (minisearch 7 expected)');
    }
    this.fields = Object.entries(this.ms._fieldIds).map(([name, id]) => ({ id, boost: boosts[name] ?? 1 }));
  }

  /** Documents holding `term` in the field `field` (0 if none). */
  documentFrequency(term: string, field: string): number {
    return this.ms._index.get(term)?.get(this.ms._fieldIds[field])?.size ?? 0;
  }

  /** Index terms within `maxDistance` edits of `term`. */
  termsNear(term: string, maxDistance: number): string[] {
    return [...this.ms._index.fuzzyGet(term, maxDistance).keys()];
  }

  /**
   * The `limit` best documents for `terms` combined with OR, scored as `MiniSearch.search` scores them
   * (ties keep MiniSearch's order: the document first matched by an earlier term comes first).
   */
  top(terms: readonly string[], limit: number): RankedHit[] {
    const ms = this.ms;
    this.ensureCapacity(ms._nextId);
    const { score, matched, touched } = this;
    let touchedCount = 0;
    const n = ms._documentCount;
    const seenTerms = new Set<string>();
    for (const term of terms) {
      const data = ms._index.get(term);
      if (!data) continue;
      const firstTime = !seenTerms.has(term);
      seenTerms.add(term);
      // MiniSearch sums a term's fields per document before adding the term to the total; so do we, so that
      // equal scores stay equal to the last bit. Fields after the first (headlines) hold few documents.
      const [main, ...others] = this.fields;
      const extra = new Map<number, number>();
      for (const field of others) this.scoreField(data, field, n, (doc, s) => extra.set(doc, (extra.get(doc) ?? 0) + s));
      const add = (doc: number, s: number) => {
        if (matched[doc] === 0) {
          touched[touchedCount++] = doc;
          score[doc] = s;
          matched[doc] = 1;
        } else {
          score[doc] += s;
          if (firstTime) matched[doc] += 1;
        }
      };
      this.scoreField(data, main, n, (doc, s) => {
        const e = extra.get(doc);
        if (e === undefined) return add(doc, s);
        extra.delete(doc);
        add(doc, s + e);
      });
      extra.forEach((s, doc) => add(doc, s));
    }
    const best: { doc: number; score: number; order: number }[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i];
      const s = score[doc] * matched[doc];
      score[doc] = 0;
      matched[doc] = 0;
      if (best.length === limit && s <= best[limit - 1].score) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].score < s) at--;
      best.splice(at, 0, { doc, score: s, order: i });
      if (best.length > limit) best.pop();
    }
    return best.map((b) => ({ id: ms._documentIds.get(b.doc) as number, score: b.score }));
  }

  private scoreField(data: Map<number, Postings>, field: { id: number; boost: number }, n: number, emit: (doc: number, score: number) => void): void {
    const postings = data.get(field.id);
    if (!postings || field.boost === 0) return;
    const df = postings.size;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const norms = this.lengthNorms(field.id);
    const { k, d } = BM25;
    const { boost } = field;
    postings.forEach((tf, doc) => {
      const norm = norms[doc];
      if (Number.isNaN(norm)) return; // removed, not yet vacuumed
      emit(doc, boost * (idf * (d + (tf * (k + 1)) / (tf + norm))));
    });
  }

  /**
   * BM25's length normalisation k·(1 − b + b·length/average) of every document for one field, computed once
   * per state of the index rather than once per posting (NaN for ids no longer in the index).
   */
  private lengthNorms(fieldId: number): Float64Array {
    const ms = this.ms;
    const avg = ms._avgFieldLength[fieldId];
    let cached = this.norms.get(fieldId);
    if (cached && cached.avg === avg && cached.count === ms._documentCount && cached.nextId === ms._nextId) return cached.norms;
    const { k, b } = BM25;
    const norms = new Float64Array(ms._nextId).fill(Number.NaN);
    ms._fieldLength.forEach((lengths, doc) => {
      norms[doc] = k * (1 - b + (b * lengths[fieldId]) / avg);
    });
    cached = { avg, count: ms._documentCount, nextId: ms._nextId, norms };
    this.norms.set(fieldId, cached);
    return norms;
  }

  /** Does the document with this id hold every one of `terms`, in any field? */
  holdsAll(id: number, terms: readonly string[]): boolean {
    const doc = (this.ms as unknown as { _idToShortId: Map<number, number> })._idToShortId.get(id);
    if (doc === undefined || terms.length === 0) return false;
    return terms.every((term) => {
      const data = this.ms._index.get(term);
      if (!data) return false;
      for (const postings of data.values()) if (postings.has(doc)) return true;
      return false;
    });
  }

  private ensureCapacity(size: number): void {
    if (this.score.length >= size) return;
    const capacity = Math.max(size, Math.ceil(this.score.length * 1.5));
    this.score = new Float64Array(capacity);
    this.matched = new Uint16Array(capacity);
    this.touched = new Int32Array(capacity);
  }
}
