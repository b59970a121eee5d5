/**
 * The serving form of the search index: MiniSearch's posting lists, frozen into flat typed arrays.
 *
 * MiniSearch indexes the paragraphs (tokenizing, counting terms and field lengths); its live form keeps one Map
 * per term and field, which costs about 40 bytes per posting and a slow rebuild from a snapshot. Frozen, a
 * posting is 6 bytes, a snapshot loads as a few memory copies, the arrays can be handed from a worker thread
 * without copying, and several frozen parts (built in parallel, or an old index plus changed files) merge into
 * one in a single pass.
 *
 * `PackedIndex.top` ranks exactly as `MiniSearch.search` does — BM25+ with MiniSearch's parameters, field boosts,
 * and the multiplier for the number of query terms matched — checked against MiniSearch itself in
 * tests/packed-index.test.ts. Freezing reads MiniSearch's internal fields; their shape is pinned in one
 * interface here, and that test fails if an upgrade changes them.
 */
import type MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/** MiniSearch's BM25+ defaults (k, b, d), which the index uses. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
/** BM25's inverse document frequency, as MiniSearch computes it, for a term in `df` of `n` documents. */
export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Up to this many results are kept by insertion into a short sorted list; more are sorted once. */
const TOP_BY_INSERTION = 64;
/** Term frequencies are stored in 16 bits; BM25 saturates long before. */
const MAX_TF = 0xffff;

/** One field's postings: term i's documents are docs[offsets[i]..offsets[i+1]), ascending. */
export interface PackedField {
  name: string;
  offsets: Uint32Array;
  docs: Uint32Array;
  freqs: Uint16Array;
  /** Per document: distinct terms in this field (MiniSearch's field length). */
  lengths: Uint16Array;
}

/** Everything a PackedIndex holds; plain data, so it can be serialized or posted to another thread. */
export interface PackedData {
  /** Index terms, sorted. */
  terms: string[];
  fields: PackedField[];
  documentCount: number;
}

/** The internal state of a MiniSearch 7 index that freezing reads. */
interface MiniSearchInternals {
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
}

export interface RankedHit {
  doc: number;
  score: number;
}

/**
 * Freeze a MiniSearch index whose document ids are 0..documentCount-1 (each document's position).
 */
// Any document type: only the index's internals are read.
export function freezeMiniSearch<T>(search: MiniSearch<T>, documentCount: number): PackedData {
  const ms = search as unknown as MiniSearchInternals;
  if (!(ms._fieldLength instanceof Map) || !(ms._documentIds instanceof Map) || typeof ms._index?.[Symbol.iterator] !== 'function') {
    throw new Error('packed-index: this version of minisearch does not have the internal layout it reads (minisearch 7 expected)');
  }
  const fieldNames = Object.entries(ms._fieldIds)
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name);
  const entries = [...ms._index].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const external = (short: number) => {
    const id = ms._documentIds.get(short);
    if (typeof id !== 'number' || id < 0 || id >= documentCount)
      throw new Error(`packed-index: document id ${String(id)} is not a position below ${documentCount}`);
    return id;
  };
  const fields = fieldNames.map((name, fieldId): PackedField => {
    const offsets = new Uint32Array(entries.length + 1);
    let total = 0;
    entries.forEach(([, data], i) => {
      offsets[i] = total;
      total += data.get(fieldId)?.size ?? 0;
    });
    offsets[entries.length] = total;
    const docs = new Uint32Array(total);
    const freqs = new Uint16Array(total);
    entries.forEach(([, data], i) => {
      const postings = data.get(fieldId);
      if (!postings) return;
      let at = offsets[i];
      const start = at;
      let sorted = true;
      postings.forEach((tf, short) => {
        const doc = external(short);
        if (at > start && docs[at - 1] > doc) sorted = false;
        docs[at] = doc;
        freqs[at] = Math.min(tf, MAX_TF);
        at++;
      });
      if (!sorted) sortPostings(docs, freqs, start, at);
    });
    const lengths = new Uint16Array(documentCount);
    ms._fieldLength.forEach((perField, short) => {
      lengths[external(short)] = Math.min(perField[fieldId] ?? 0, MAX_TF);
    });
    return { name, offsets, docs, freqs, lengths };
  });
  return { terms: entries.map(([term]) => term), fields, documentCount };
}

function sortPostings(docs: Uint32Array, freqs: Uint16Array, start: number, end: number): void {
  const pairs = Array.from({ length: end - start }, (_, i) => [docs[start + i], freqs[start + i]] as const).sort((a, b) => a[0] - b[0]);
  pairs.forEach(([doc, tf], i) => {
    docs[start + i] = doc;
    freqs[start + i] = tf;
  });
}

/**
 * One index from several: parts in order, each part's documents numbered after the previous part's. `keep`
 * (per part, optional) drops documents — a changed or removed article's paragraphs — and renumbers the rest.
 */
export function mergePacked(parts: readonly PackedData[], keep: readonly (Uint8Array | undefined)[] = []): PackedData {
  if (parts.length === 0) throw new Error('packed-index: nothing to merge');
  const fieldNames = parts[0].fields.map((f) => f.name);
  for (const p of parts) {
    if (p.fields.map((f) => f.name).join() !== fieldNames.join()) throw new Error('packed-index: parts index different fields');
  }
  // Old document number → new one, per part (-1: dropped).
  const renumber: Int32Array[] = [];
  let documentCount = 0;
  parts.forEach((p, i) => {
    const map = new Int32Array(p.documentCount);
    for (let d = 0; d < p.documentCount; d++) map[d] = keep[i] && !keep[i]![d] ? -1 : documentCount++;
    renumber.push(map);
  });
  const termSet = new Set<string>();
  for (const p of parts) for (const t of p.terms) termSet.add(t);
  const allTerms = [...termSet].sort();
  const termIndex = parts.map((p) => new Map(p.terms.map((t, i) => [t, i])));

  const fields = fieldNames.map((name, f): PackedField => {
    const counts = new Uint32Array(allTerms.length);
    allTerms.forEach((term, i) => {
      parts.forEach((p, pi) => {
        const ti = termIndex[pi].get(term);
        if (ti === undefined) return;
        const field = p.fields[f];
        for (let j = field.offsets[ti]; j < field.offsets[ti + 1]; j++) if (renumber[pi][field.docs[j]] >= 0) counts[i]++;
      });
    });
    const offsets = new Uint32Array(allTerms.length + 1);
    for (let i = 0; i < allTerms.length; i++) offsets[i + 1] = offsets[i] + counts[i];
    const docs = new Uint32Array(offsets[allTerms.length]);
    const freqs = new Uint16Array(offsets[allTerms.length]);
    allTerms.forEach((term, i) => {
      let at = offsets[i];
      parts.forEach((p, pi) => {
        const ti = termIndex[pi].get(term);
        if (ti === undefined) return;
        const field = p.fields[f];
        for (let j = field.offsets[ti]; j < field.offsets[ti + 1]; j++) {
          const doc = renumber[pi][field.docs[j]];
          if (doc < 0) continue;
          docs[at] = doc;
          freqs[at++] = field.freqs[j];
        }
      });
    });
    const lengths = new Uint16Array(documentCount);
    parts.forEach((p, pi) => {
      for (let d = 0; d < p.documentCount; d++) if (renumber[pi][d] >= 0) lengths[renumber[pi][d]] = p.fields[f].lengths[d];
    });
    return { name, offsets, docs, freqs, lengths };
  });
  // Terms no kept document uses any more are dropped.
  const used = allTerms.map((_, i) => fields.some((f) => f.offsets[i + 1] > f.offsets[i]));
  if (used.every(Boolean)) return { terms: allTerms, fields, documentCount };
  return dropTerms({ terms: allTerms, fields, documentCount }, used);
}

function dropTerms(data: PackedData, used: boolean[]): PackedData {
  const terms = data.terms.filter((_, i) => used[i]);
  const fields = data.fields.map((f): PackedField => {
    const offsets = new Uint32Array(terms.length + 1);
    let t = 0;
    for (let i = 0; i < data.terms.length; i++) {
      if (!used[i]) continue;
      offsets[t + 1] = offsets[t] + (f.offsets[i + 1] - f.offsets[i]);
      t++;
    }
    return { ...f, offsets };
  });
  return { terms, fields, documentCount: data.documentCount };
}

/**
 * The term statistics BM25 scores against: by default an index's own; a federated search (a server's small index
 * beside the shared one) passes the statistics of both, so that each part ranks its documents as one index of
 * all of them would.
 */
export interface Collection {
  documentCount: number;
  /** Per field, in the index's field order: the average field length. */
  averageLengths: readonly number[];
  /** Documents holding `term` in field number `field`. */
  documentFrequency(term: string, field: number): number;
}

/** A weight per group of documents (a paragraph's article), read in the scoring loop without a call. */
export interface GroupWeights {
  groupOf: ArrayLike<number>;
  weight: ArrayLike<number>;
}

/** An index term → its position in the index's sorted terms. */
export interface TermLookup {
  get(term: string): number | undefined;
  has(term: string): boolean;
}

/**
 * Term positions found by binary search in the sorted terms themselves: no memory of its own, for the many small
 * indexes of servers' own articles (the shared index keeps a Map, a lookup in one step).
 */
export class SortedTermLookup implements TermLookup {
  constructor(private readonly terms: readonly string[]) {}

  get(term: string): number | undefined {
    let lo = 0;
    let hi = this.terms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.terms[mid];
      if (t === term) return mid;
      if (t < term) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }
}

/** Ranked retrieval and term lookups over frozen postings. */
export class PackedIndex {
  readonly data: PackedData;
  private readonly termIds: TermLookup;
  private vocabulary: SearchableMap<number> | undefined;
  /** Per field: the sum of the documents' lengths. */
  readonly lengthSums: readonly number[];
  /** The index's own statistics. */
  readonly collection: Collection;
  /** Per field: BM25's length normalisation k·(1 − b + b·length/average) for every document, against its own statistics. */
  private readonly norms: Float64Array[];
  /** Per field, made on first use: the normalisation against another collection's statistics, per query term. */
  private readonly foreignNorms: Float64Array[] = [];
  private readonly boosts: number[];
  /** Per document: summed score and number of distinct query terms matched; reset after every query. */
  private readonly score: Float64Array;
  private readonly matched: Uint16Array;
  private readonly touched: Uint32Array;

  /**
   * @param data frozen postings
   * @param boosts field name → weight, as MiniSearch's `boost` search option (missing = 1)
   * @param termIds term → position in `data.terms`, when the caller has built it already
   */
  constructor(data: PackedData, boosts: Record<string, number> = {}, termIds?: TermLookup) {
    this.data = data;
    this.termIds = termIds ?? new Map(data.terms.map((t, i) => [t, i]));
    this.boosts = data.fields.map((f) => boosts[f.name] ?? 1);
    const n = data.documentCount;
    this.lengthSums = data.fields.map((f) => {
      let sum = 0;
      for (let d = 0; d < n; d++) sum += f.lengths[d];
      return sum;
    });
    this.collection = {
      documentCount: n,
      averageLengths: this.lengthSums.map((sum) => (n > 0 ? sum / n : 0)),
      documentFrequency: (term, field) => this.fieldFrequency(term, field),
    };
    const { k, b } = BM25;
    this.norms = data.fields.map((f, fi) => {
      const avg = this.collection.averageLengths[fi];
      const norms = new Float64Array(n);
      for (let doc = 0; doc < n; doc++) norms[doc] = k * (1 - b + (b * f.lengths[doc]) / avg);
      return norms;
    });
    this.score = new Float64Array(n);
    this.matched = new Uint16Array(n);
    this.touched = new Uint32Array(n);
  }

  get documentCount(): number {
    return this.data.documentCount;
  }

  /** Documents holding `term` in the named field. */
  documentFrequency(term: string, field: string): number {
    return this.fieldFrequency(
      term,
      this.data.fields.findIndex((x) => x.name === field),
    );
  }

  /** Documents holding `term` in field number `field` (-1 or a field the index lacks: none). */
  fieldFrequency(term: string, field: number): number {
    const t = this.termIds.get(term);
    const f = this.data.fields[field];
    return t === undefined || !f ? 0 : f.offsets[t + 1] - f.offsets[t];
  }

  hasTerm(term: string): boolean {
    return this.termIds.has(term);
  }

  /** Index terms within `maxDistance` edits of `term`. */
  termsNear(term: string, maxDistance: number): string[] {
    return [...this.termTree().fuzzyGet(term, maxDistance).keys()];
  }

  /** Index terms that start with `prefix`. */
  termsWithPrefix(prefix: string): string[] {
    return [...this.termTree().atPrefix(prefix).keys()];
  }

  private termTree(): SearchableMap<number> {
    // Built on first use: only spelling correction and autocomplete walk the vocabulary as a tree.
    this.vocabulary ??= SearchableMap.from(this.data.terms.map((t, i) => [t, i] as [string, number]));
    return this.vocabulary;
  }

  /**
   * The `limit` best documents for `terms` combined with OR, scored as `MiniSearch.search` scores them; equal
   * scores keep the lower document number first. `weights`, when given, multiplies each document's score by the
   * weight of its group (`weights.weight[weights.groupOf[doc]]`: a paragraph's article's weight for a
   * question's time preference); a document it weighs 0 or less is left out. `collection`: the statistics to
   * score against (default: this index's own).
   */
  top(terms: readonly string[], limit: number, weights?: GroupWeights, collection: Collection = this.collection): RankedHit[] {
    const { score, matched, touched } = this;
    const n = this.data.documentCount;
    if (limit <= 0 || n === 0) return [];
    // A repeated word counts twice in the score but once in the number of words matched, as in MiniSearch.
    const multiplicity = new Map<string, number>();
    for (const term of terms) if (this.termIds.has(term)) multiplicity.set(term, (multiplicity.get(term) ?? 0) + 1);
    let touchedCount = 0;
    for (const [term, m] of multiplicity) touchedCount = this.accumulate(term, m, collection, touchedCount);

    // A few best by insertion; all of them (a timeline's candidates) by one sort.
    if (limit >= touchedCount || limit > TOP_BY_INSERTION) {
      const all: RankedHit[] = [];
      for (let i = 0; i < touchedCount; i++) {
        const doc = touched[i];
        const s = score[doc] * matched[doc] * (weights ? weights.weight[weights.groupOf[doc]] : 1);
        score[doc] = 0;
        matched[doc] = 0;
        if (s > 0 || !weights) all.push({ doc, score: s });
      }
      all.sort((a, b) => b.score - a.score || a.doc - b.doc);
      return all.length > limit ? all.slice(0, limit) : all;
    }
    const best: RankedHit[] = [];
    let floor = -1;
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i];
      const s = score[doc] * matched[doc] * (weights ? weights.weight[weights.groupOf[doc]] : 1);
      score[doc] = 0;
      matched[doc] = 0;
      if ((weights && s <= 0) || s < floor || (s === floor && doc > best[limit - 1].doc)) continue;
      let at = best.length;
      while (at > 0 && (best[at - 1].score < s || (best[at - 1].score === s && best[at - 1].doc > doc))) at--;
      best.splice(at, 0, { doc, score: s });
      if (best.length > limit) best.pop();
      if (best.length === limit) floor = best[limit - 1].score;
    }
    return best;
  }

  /** Add `term` (counted `m` times) to every document holding it; returns the new count of touched documents. */
  private accumulate(term: string, m: number, collection: Collection, touchedCount: number): number {
    const { score, matched, touched } = this;
    const t = this.termIds.get(term)!;
    const [main, ...others] = this.data.fields;
    // A term's fields are summed per document before the term is added to the total, as MiniSearch does;
    // fields after the first (headlines) hold few documents, so they go through a Map (scoreField), while
    // the first field's long lists are walked by the loop written out below.
    const extra = new Map<number, number>();
    others.forEach((f, i) => this.scoreField(f, i + 1, term, collection, (doc, s) => extra.set(doc, (extra.get(doc) ?? 0) + s)));
    const start = main.offsets[t];
    const end = main.offsets[t + 1];
    const boost = this.boosts[0];
    if (end > start && boost !== 0) {
      const idf = bm25Idf(collection.documentCount, collection.documentFrequency(term, 0));
      const { docs, freqs } = main;
      const norms = this.normsFor(0, collection, docs, start, end);
      const { d, k } = BM25;
      const k1 = k + 1;
      const hasExtra = extra.size > 0;
      for (let j = start; j < end; j++) {
        const doc = docs[j];
        const tf = freqs[j];
        let s = boost * (idf * (d + (tf * k1) / (tf + norms[doc])));
        if (hasExtra) {
          const e = extra.get(doc);
          if (e !== undefined) {
            extra.delete(doc);
            s += e;
          }
        }
        if (matched[doc] === 0) touched[touchedCount++] = doc;
        score[doc] += m * s;
        matched[doc] += 1;
      }
    }
    extra.forEach((s, doc) => {
      if (matched[doc] === 0) touched[touchedCount++] = doc;
      score[doc] += m * s;
      matched[doc] += 1;
    });
    return touchedCount;
  }

  /**
   * BM25's length normalisation of field `field` for the documents docs[start..end), against `collection`: the
   * index's own, computed once; another's (a federated search), worked out for these documents into a reused
   * array, so the scoring loops always read one array.
   */
  private normsFor(field: number, collection: Collection, docs: Uint32Array, start: number, end: number): Float64Array {
    if (collection === this.collection) return this.norms[field];
    const out = (this.foreignNorms[field] ??= new Float64Array(this.data.documentCount));
    const avg = collection.averageLengths[field];
    const { lengths } = this.data.fields[field];
    const { k, b } = BM25;
    // Written as MiniSearch writes it, so that scores are equal to the bit with one index of both.
    for (let j = start; j < end; j++) out[docs[j]] = k * (1 - b + (b * lengths[docs[j]]) / avg);
    return out;
  }

  private scoreField(f: PackedField, fi: number, term: string, collection: Collection, emit: (doc: number, score: number) => void): void {
    const boost = this.boosts[fi];
    const t = this.termIds.get(term)!;
    const start = f.offsets[t];
    const end = f.offsets[t + 1];
    if (end === start || boost === 0) return;
    const idf = bm25Idf(collection.documentCount, collection.documentFrequency(term, fi));
    const { docs, freqs } = f;
    const norms = this.normsFor(fi, collection, docs, start, end);
    const { d, k } = BM25;
    for (let j = start; j < end; j++) {
      const doc = docs[j];
      const tf = freqs[j];
      emit(doc, boost * (idf * (d + (tf * (k + 1)) / (tf + norms[doc]))));
    }
  }

  /** Does document `doc` hold every one of `terms`, in any field? */
  holdsAll(doc: number, terms: readonly string[]): boolean {
    if (terms.length === 0) return false;
    return terms.every((term) => {
      const t = this.termIds.get(term);
      return t !== undefined && this.data.fields.some((f) => binarySearch(f.docs, f.offsets[t], f.offsets[t + 1], doc));
    });
  }

  /** Documents holding `term` in any field, ascending. */
  documentsWith(term: string): Uint32Array {
    const t = this.termIds.get(term);
    if (t === undefined) return new Uint32Array(0);
    const lists = this.data.fields.map((f) => f.docs.subarray(f.offsets[t], f.offsets[t + 1])).filter((l) => l.length > 0);
    if (lists.length === 1) return lists[0];
    return Uint32Array.from(new Set(lists.flatMap((l) => [...l]))).sort();
  }
}

/** Is `doc` in docs[start..end) (ascending)? */
function binarySearch(docs: Uint32Array, start: number, end: number, doc: number): boolean {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = docs[mid];
    if (v === doc) return true;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The typed arrays' buffers, to transfer to another thread instead of copying. */
export function packedBuffers(data: PackedData): ArrayBuffer[] {
  return data.fields.flatMap((f) => [f.offsets.buffer, f.docs.buffer, f.freqs.buffer, f.lengths.buffer]) as ArrayBuffer[];
}
