/**
 * The searchable corpus. MiniSearch indexes every paragraph (never whole articles, so a hit points at the text
 * that answers), and its postings are then frozen into a compact PackedIndex that serves the queries; the
 * paragraphs' text and sentence boundaries live in a TextStore outside the index; and the acronyms the corpus
 * defines are learned alongside.
 *
 * An index is built in parts (one per worker thread, or the changed files of an incremental reindex) that
 * merge into one; `IndexSnapshot` is that plain data, saved to disk or passed between threads as is.
 */
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { AliasTable, learnAcronyms, type Alias, type AliasLookup } from '../language/acronyms.js';
import type { Article } from '../corpus/article.js';
import { dayNumber, resolveDates, withCoarseDates, parseYmd, type DateMention } from '../language/dates.js';
import {
  bm25Idf,
  freezeMiniSearch,
  mergePacked,
  packedBuffers,
  PackedIndex,
  SortedTermLookup,
  type Collection,
  type PackedData,
  type RankedHit,
  type TermLookup,
} from './packed-index.js';
import type { SentenceSpan } from '../language/sentences.js';
import { foldWord, normalizeWord, terms, termsNoting } from '../language/analyzer.js';
import { isEnglishWord, spellingVariants } from '../language/english.js';
import { mergeTextStores, TextStore, TextStoreBuilder, textStoreBuffers, type TextStoreData } from './text-store.js';

/** An article as the index keeps it: its metadata, and where its paragraphs are. */
export interface IndexedArticle extends Omit<Article, 'paragraphs'> {
  /** Position in `NewsIndex.paragraphs` of its first paragraph; an article's paragraphs are consecutive. */
  firstParagraph: number;
  paragraphCount: number;
}

export interface IndexedParagraph {
  /** Position of the paragraph's article in `NewsIndex.articles`. */
  readonly article: number;
  /** 1-based body paragraph number, as a reader counts them. */
  readonly number: number;
  readonly text: string;
  readonly sentences: SentenceSpan[];
}

/**
 * Bump when the snapshot's shape or the analyzer changes, so old snapshots are rebuilt, not misread.
 * tests/snapshot-version.test.ts fails when the snapshot of a fixed corpus changes without a bump.
 */
export const SNAPSHOT_VERSION = 4; // 4: surface words beside the terms

/** A whole index, or a part of one, as plain data. */
export interface IndexSnapshot {
  version: number;
  articles: IndexedArticle[];
  aliases: Alias[];
  /**
   * How the text writes each index term of `postings.terms`, in the same order ("initi" → "initiative"), for
   * autocomplete and corrected questions; an empty word for a term only headlines hold. The words are joined by
   * newlines into one string: one string, not one per term, keeps a server's small index small.
   */
  surfaceWords: string;
  text: TextStoreData;
  postings: PackedData;
}

/** Is this a snapshot this version of the code can serve? */
export function isCurrentSnapshot(snapshot: IndexSnapshot | undefined): boolean {
  return snapshot?.version === SNAPSHOT_VERSION;
}

function checkVersion(snapshot: IndexSnapshot): void {
  if (snapshot?.version !== SNAPSHOT_VERSION) throw new Error(`index snapshot version ${snapshot?.version} is not ${SNAPSHOT_VERSION}`);
}

export interface ParagraphHit {
  paragraph: number;
  score: number;
}

export interface IndexStats {
  articles: number;
  paragraphs: number;
  sentences: number;
  acronyms: number;
}

/**
 * What answering reads of a corpus: one index (NewsIndex), or a server's own articles searched beside the shared
 * ones (FederatedIndex). Articles and paragraphs are numbered across the whole corpus, shared ones first.
 */
export interface CorpusIndex {
  readonly articleCount: number;
  readonly paragraphCount: number;
  article(article: number): IndexedArticle;
  paragraph(paragraph: number): IndexedParagraph;
  /** Every article, in order (a new array: for a pass over all of them). */
  allArticles(): IndexedArticle[];
  readonly aliases: AliasLookup;
  /** How the corpus writes a term, in lower case ("colombia"). */
  readonly surfaceForms: { get(term: string): string | undefined };
  readonly stats: IndexStats;
  /** Paragraphs that contain `term`. */
  documentFrequency(term: string): number;
  /** Inverse document frequency; a term the corpus never uses gets the highest weight a term can have. */
  idf(term: string): number;
  /** The best paragraphs for a bag of index terms (BM25, any term may match), weighted per article when given. */
  searchParagraphs(queryTerms: readonly string[], limit: number, articleWeights?: ArrayLike<number>): ParagraphHit[];
  /** The article's publication day as a day number (`dayNumber`), NaN when it is undated. */
  articleDay(article: number): number;
  /** The article at position `article` holds paragraph `number` (1-based): its text, or undefined. */
  paragraphText(article: number, number: number): string | undefined;
  correctSpelling(word: string): string | undefined;
  suggest(text: string, limit: number): string[];
  sentenceText(paragraph: number, sentence: number): string;
  paragraphHoldsAll(paragraph: number, group: readonly string[]): boolean;
  articleHolds(article: number, termGroups: readonly (readonly string[])[]): boolean;
  sentenceDates(paragraph: number, sentence: number, options?: { coarse?: boolean }): DateMention[];
}

/** Relative weight of an article's title when it matches, against 1 for the paragraph's own words. */
export const TITLE_BOOST = 0.5;
const SEARCH_BOOST = { title: TITLE_BOOST };
/** Autocomplete weighs this many of the most frequent completions of the word being typed… */
const SUGGEST_CANDIDATES = 50;
/** …each by how many of (at most) this many paragraphs hold it with the words typed before it. */
const SUGGEST_SAMPLE = 5000;

interface IndexedDocument {
  id: number;
  text: string;
  title: string;
}

/** Index one batch of articles: MiniSearch over their paragraphs, frozen; their text packed. */
export function buildPart(articles: readonly Article[]): IndexSnapshot {
  const surface = new Map<string, string>();
  const search = new MiniSearch<IndexedDocument>({
    fields: ['text', 'title'],
    storeFields: [],
    // One analyzer for paragraphs and questions: stopwords out, Porter stems in.
    tokenize: (text: string, field?: string) => (field === 'text' ? termsNoting(text, surface) : terms(text)),
    processTerm: (term: string) => term,
  });
  const store = new TextStoreBuilder();
  const indexed: IndexedArticle[] = [];
  articles.forEach((article, a) => {
    const { paragraphs, ...meta } = article;
    indexed.push({ ...meta, firstParagraph: store.count, paragraphCount: paragraphs.length });
    for (const p of paragraphs) {
      // Only the first paragraph carries the title and standfirst, so they lift one hit per article, not all.
      const title = p.number === 1 ? (article.standfirst ? `${article.title} ${article.standfirst}` : article.title) : '';
      search.add({ id: store.count, text: p.text, title });
      store.add(a, p);
    }
  });
  const aliases = learnAcronyms(articles.flatMap((a) => a.paragraphs.map((p) => p.text)));
  const postings = freezeMiniSearch(search, store.count);
  return {
    version: SNAPSHOT_VERSION,
    articles: indexed,
    aliases: aliases.toJSON(),
    surfaceWords: postings.terms.map((t) => surface.get(t) ?? '').join('\n'),
    text: store.finish(),
    postings,
  };
}

/**
 * One index from parts, in order. `drop` names articles of a part to leave out (changed or removed since that
 * part was built). Acronyms are learned again from the merged text when anything was dropped.
 */
export function mergeParts(parts: readonly { snapshot: IndexSnapshot; drop?: ReadonlySet<string> }[]): IndexSnapshot {
  for (const { snapshot } of parts) checkVersion(snapshot);
  if (parts.length === 1 && !parts[0].drop?.size) return parts[0].snapshot;
  const articles: IndexedArticle[] = [];
  const keeps: Uint8Array[] = [];
  const articleMaps: Int32Array[] = [];
  let paragraphs = 0;
  for (const { snapshot, drop } of parts) {
    const keep = new Uint8Array(snapshot.text.numbers.length);
    const map = new Int32Array(snapshot.articles.length).fill(-1);
    snapshot.articles.forEach((a, i) => {
      if (drop?.has(a.id)) return;
      map[i] = articles.length;
      articles.push({ ...a, firstParagraph: paragraphs });
      paragraphs += a.paragraphCount;
      keep.fill(1, a.firstParagraph, a.firstParagraph + a.paragraphCount);
    });
    keeps.push(keep);
    articleMaps.push(map);
  }
  const text = mergeTextStores(
    parts.map(({ snapshot }, i) => ({ data: snapshot.text, keep: keeps[i], articleMap: (a: number) => articleMaps[i][a] })),
  );
  const postings = mergePacked(
    parts.map((p) => p.snapshot.postings),
    keeps,
  );
  const surface = new Map<string, string>();
  for (const { snapshot } of parts) {
    const words = snapshot.surfaceWords.split('\n');
    snapshot.postings.terms.forEach((term, i) => {
      if (words[i] && !surface.has(term)) surface.set(term, words[i]);
    });
  }
  let aliases: AliasTable;
  if (parts.some((p) => p.drop?.size)) {
    const store = new TextStore(text);
    aliases = learnAcronyms(
      (function* () {
        for (let i = 0; i < store.count; i++) yield store.text(i);
      })(),
    );
  } else {
    aliases = new AliasTable();
    for (const { snapshot } of parts) for (const a of snapshot.aliases) aliases.add(a.acronym, a.expansion, a.count);
  }
  const surfaceWords = postings.terms.map((t) => surface.get(t) ?? '').join('\n');
  return { version: SNAPSHOT_VERSION, articles, aliases: aliases.toJSON(), surfaceWords, text, postings };
}

/** The buffers of a snapshot's typed arrays, to transfer to another thread instead of copying. */
export function snapshotBuffers(snapshot: IndexSnapshot): ArrayBuffer[] {
  return [...new Set([...textStoreBuffers(snapshot.text), ...packedBuffers(snapshot.postings)])];
}

export interface IndexOptions {
  /**
   * Find terms by binary search in the sorted terms rather than through a Map: less memory, a few more steps a
   * lookup (default false; true for servers' small indexes, of which a bot keeps thousands).
   */
  compact?: boolean;
}

/** The lookup structures an index builds over a snapshot's arrays. */
interface Prepared {
  store: TextStore;
  paragraphs: IndexedParagraph[];
  termIds: TermLookup;
}

/** Items handled between two pauses when preparing in steps: about 10 ms of work. */
const PREPARE_STEP = 50_000;

/**
 * Build the lookup structures in steps of {@link PREPARE_STEP} items, yielding between steps so a caller that
 * serves answers meanwhile can let them through (hundreds of thousands of paragraphs at scale).
 */
function* prepareSteps(snapshot: IndexSnapshot, options: IndexOptions): Generator<void, Prepared> {
  const store = new TextStore(snapshot.text);
  const { numbers, articles } = snapshot.text;
  const paragraphs: IndexedParagraph[] = new Array(numbers.length);
  const termMap = options.compact ? undefined : new Map<string, number>();
  const { terms } = snapshot.postings;
  const total = Math.max(numbers.length, terms.length);
  for (let from = 0; from < total; from += PREPARE_STEP) {
    const to = from + PREPARE_STEP;
    for (let i = from; i < Math.min(to, numbers.length); i++) paragraphs[i] = new StoredParagraph(store, i, articles[i], numbers[i]);
    if (termMap) for (let i = from; i < Math.min(to, terms.length); i++) termMap.set(terms[i], i);
    yield;
  }
  return { store, paragraphs, termIds: termMap ?? new SortedTermLookup(terms) };
}

function prepare(snapshot: IndexSnapshot, options: IndexOptions = {}): Prepared {
  const steps = prepareSteps(snapshot, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

async function prepareInSteps(snapshot: IndexSnapshot): Promise<Prepared> {
  const steps = prepareSteps(snapshot, {});
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A paragraph read from the text store when asked for. */
class StoredParagraph implements IndexedParagraph {
  constructor(
    private readonly store: TextStore,
    private readonly id: number,
    readonly article: number,
    readonly number: number,
  ) {}

  get text(): string {
    return this.store.text(this.id);
  }

  get sentences(): SentenceSpan[] {
    return this.store.sentences(this.id);
  }
}

export class NewsIndex implements CorpusIndex {
  readonly articles: readonly IndexedArticle[];
  readonly paragraphs: readonly IndexedParagraph[];
  readonly aliases: AliasTable;
  private readonly snapshot: IndexSnapshot;
  private readonly store: TextStore;
  private readonly packed: PackedIndex;
  /** How the corpus writes each term, in lower case ("colombia" for colombia): for suggestions and corrected questions. */
  readonly surfaceForms: { get(term: string): string | undefined };
  private readonly dateCache = new Map<string, DateMention[]>();
  private readonly spellingCache = new Map<string, string | null>();
  private surfaceWords: SearchableMap<string> | undefined;
  private articleDays: Float64Array | undefined;

  private constructor(snapshot: IndexSnapshot, prepared?: Prepared) {
    checkVersion(snapshot);
    this.snapshot = snapshot;
    this.articles = snapshot.articles;
    const ready = prepared ?? prepare(snapshot);
    this.store = ready.store;
    this.paragraphs = ready.paragraphs;
    const { termIds } = ready;
    const words = snapshot.surfaceWords;
    const starts = lineStarts(words);
    this.surfaceForms = {
      get: (term) => {
        const i = termIds.get(term);
        return i === undefined || starts[i + 1] - 1 <= starts[i] ? undefined : words.slice(starts[i], starts[i + 1] - 1);
      },
    };
    this.aliases = AliasTable.fromJSON(snapshot.aliases);
    this.packed = new PackedIndex(snapshot.postings, SEARCH_BOOST, ready.termIds);
  }

  static build(articles: readonly Article[]): NewsIndex {
    return new NewsIndex(buildPart(articles));
  }

  /** Everything needed to serve again without rebuilding (the index's own arrays, not a copy). */
  toSnapshot(): IndexSnapshot {
    return this.snapshot;
  }

  /** An index exactly as it was saved; throws if the snapshot is from another version of this code. */
  static fromSnapshot(snapshot: IndexSnapshot, options: IndexOptions = {}): NewsIndex {
    return new NewsIndex(snapshot, prepare(snapshot, options));
  }

  /** As `fromSnapshot`, after yielding to the event loop, for callers that serve meanwhile. */
  static async fromSnapshotAsync(snapshot: IndexSnapshot): Promise<NewsIndex> {
    checkVersion(snapshot);
    return new NewsIndex(snapshot, await prepareInSteps(snapshot));
  }

  get articleCount(): number {
    return this.articles.length;
  }

  get paragraphCount(): number {
    return this.paragraphs.length;
  }

  article(article: number): IndexedArticle {
    return this.articles[article];
  }

  paragraph(paragraph: number): IndexedParagraph {
    return this.paragraphs[paragraph];
  }

  allArticles(): IndexedArticle[] {
    return [...this.articles];
  }

  /** How many articles and paragraphs hold `term` in the index's field number `field` (0 text, 1 title). */
  fieldFrequency(term: string, field: number): number {
    return this.packed.fieldFrequency(term, field);
  }

  /** Per field, the sum of its paragraphs' lengths (for statistics across indexes). */
  get lengthSums(): readonly number[] {
    return this.packed.lengthSums;
  }

  get stats(): IndexStats {
    return {
      articles: this.articles.length,
      paragraphs: this.paragraphs.length,
      sentences: this.store.sentenceCount,
      acronyms: this.aliases.size,
    };
  }

  /** Paragraphs that contain `term`. */
  documentFrequency(term: string): number {
    return this.packed.documentFrequency(term, 'text');
  }

  /** Inverse document frequency; a term the corpus never uses gets the highest weight a term can have. */
  idf(term: string): number {
    return bm25Idf(this.paragraphs.length, this.documentFrequency(term));
  }

  /** The best paragraphs for a bag of index terms (BM25, any term may match). */
  searchParagraphs(queryTerms: readonly string[], limit: number, articleWeights?: ArrayLike<number>): ParagraphHit[] {
    if (queryTerms.length === 0) return [];
    return cutAtTies(this.rank(queryTerms, limit + TIES_AT_THE_CUT, articleWeights), limit);
  }

  /**
   * The `limit` best paragraphs for the terms, scored against `collection` (default: this index's own
   * statistics), each weighted by its article's weight when given.
   */
  rank(queryTerms: readonly string[], limit: number, articleWeights?: ArrayLike<number>, collection?: Collection): RankedHit[] {
    const weights = articleWeights && { groupOf: this.snapshot.text.articles, weight: articleWeights };
    return this.packed.top(queryTerms, limit, weights, collection);
  }

  /** The article's publication day as a day number (`dayNumber`), NaN when it is undated. */
  articleDay(article: number): number {
    if (!this.articleDays) {
      this.articleDays = new Float64Array(this.articles.length);
      this.articles.forEach((a, i) => (this.articleDays![i] = a.date ? dayNumber(a.date) : NaN));
    }
    return this.articleDays[article];
  }

  /** The article at position `article` holds paragraph `number` (1-based): its text, or undefined. */
  paragraphText(article: number, number: number): string | undefined {
    const a = this.articles[article];
    if (!a) return undefined;
    for (let p = a.firstParagraph; p < a.firstParagraph + a.paragraphCount; p++)
      if (this.paragraphs[p].number === number) return this.paragraphs[p].text;
    return undefined;
  }

  /** The corpus term a misspelt question word most likely meant, if any (`correctSpellingAcross`). */
  correctSpelling(word: string): string | undefined {
    return cachedSpelling(this.spellingCache, word, (w) => correctSpellingAcross([this], w));
  }

  /**
   * Completions of a partly typed question from the corpus vocabulary, best first: minisearch's autoSuggest
   * over the words typed so far, the last one as a prefix; index terms are shown as the corpus writes them.
   */
  suggest(text: string, limit: number): string[] {
    return suggestAcross([this], text, limit);
  }

  /** Index terms within `maxEdits` edits of `term`, and those of the corpus's words within `maxEdits` of `typed`. */
  termsNear(term: string, typed: string, maxEdits: number): string[] {
    // The walk by term goes no wider than the edits allowed: stems are short, and one more reaches other words.
    const near = this.packed.termsNear(term, maxEdits === 1 ? 2 : maxEdits);
    for (const [t] of this.surfaceTree()
      .fuzzyGet(typed, maxEdits + 1)
      .values())
      near.push(t);
    return near;
  }

  /** The corpus's words as written (lower case) → their terms, as a tree to walk for near spellings. Built on first use. */
  private surfaceTree(): SearchableMap<string> {
    const { terms } = this.snapshot.postings;
    this.surfaceWords ??= SearchableMap.from(
      this.snapshot.surfaceWords.split('\n').flatMap((w, i) => (w ? [[foldWord(w), terms[i]] as [string, string]] : [])),
    );
    return this.surfaceWords;
  }

  /** Index terms starting with `prefix` whose written form does too, with how many paragraphs hold each. */
  completions(prefix: string): { term: string; df: number }[] {
    return this.packed
      .termsWithPrefix(prefix)
      .filter((t) => this.surfaceForms.get(t)?.startsWith(prefix))
      .map((term) => ({ term, df: this.packed.documentsWith(term).length }));
  }

  /** Of (at most `sample` of) the paragraphs holding the rarest of `group`, how many hold all of it. */
  paragraphsHoldingAll(group: readonly string[], sample: number): number {
    const lists = group.map((x) => this.packed.documentsWith(x)).sort((a, b) => a.length - b.length);
    let count = 0;
    for (const doc of lists[0].subarray(0, sample)) if (this.packed.holdsAll(doc, group)) count++;
    return count;
  }

  /** Is `term` in the index's vocabulary? */
  hasTerm(term: string): boolean {
    return this.packed.hasTerm(term);
  }

  sentenceText(paragraph: number, sentence: number): string {
    // One span from the store: `paragraphs[p].sentences` builds the whole list, once per sentence asked for.
    const s = this.store.sentence(paragraph, sentence);
    return this.paragraphs[paragraph].text.slice(s.start, s.end);
  }

  /** Does the paragraph hold every one of `group` (in its text or, for a first paragraph, its headline)? */
  paragraphHoldsAll(paragraph: number, group: readonly string[]): boolean {
    return this.packed.holdsAll(paragraph, group);
  }

  /**
   * Does the article's text or headline hold any of `termGroups` (each group: terms that must all be in one
   * paragraph)? Read from the index's posting lists, a few lookups per paragraph.
   */
  articleHolds(article: number, termGroups: readonly (readonly string[])[]): boolean {
    const { firstParagraph: first, paragraphCount: count } = this.articles[article];
    for (let p = first; p < first + count; p++) {
      if (termGroups.some((group) => this.packed.holdsAll(p, group))) return true;
    }
    return false;
  }

  /** Dates in one sentence, resolved against its article's publication date (computed once, then cached). */
  sentenceDates(paragraph: number, sentence: number, options: { coarse?: boolean } = {}): DateMention[] {
    const key = `${paragraph}:${sentence}${options.coarse ? ':coarse' : ''}`;
    let dates = this.dateCache.get(key);
    if (!dates) {
      const article = this.articles[this.paragraphs[paragraph].article];
      const published = article.date ? parseYmd(article.date) : undefined;
      // A timeline's dates add to the reader's, read once and cached: chrono's pass is the slow part.
      dates = options.coarse
        ? withCoarseDates(this.sentenceText(paragraph, sentence), published, this.sentenceDates(paragraph, sentence))
        : resolveDates(this.sentenceText(paragraph, sentence), published);
      if (this.dateCache.size > 100_000) this.dateCache.clear();
      this.dateCache.set(key, dates);
    }
    return dates;
  }
}

/** Where each line of `text` starts, and one past its end (the start of a line after it): lines i is text.slice(s[i], s[i + 1] - 1). */
function lineStarts(text: string): Uint32Array {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  const starts = new Uint32Array(lines + 1);
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts[line++] = at + 1;
  starts[lines] = text.length + 1;
  return starts;
}

/** How many paragraphs tied with the last of a search's results are kept beyond its limit. */
export const TIES_AT_THE_CUT = 8;

/**
 * The first `limit` of ranked hits, and those tied with the last of them: which of the tied made the cut would
 * otherwise depend on the order the articles were indexed in, so an incremental reindex would answer otherwise
 * than a full one.
 */
export function cutAtTies(ranked: readonly RankedHit[], limit: number): ParagraphHit[] {
  let end = Math.min(limit, ranked.length);
  while (end > 0 && end < ranked.length && ranked[end].score === ranked[end - 1].score) end++;
  return ranked.slice(0, end).map((r) => ({ paragraph: r.doc, score: r.score }));
}

/** A spelling fix from `cache`, or worked out by `fix` and kept (what a word was read as is asked again and again). */
export function cachedSpelling(
  cache: Map<string, string | null>,
  word: string,
  fix: (word: string) => string | undefined,
): string | undefined {
  const typed = foldWord(word);
  const cached = cache.get(typed);
  if (cached !== undefined) return cached ?? undefined;
  const fixed = fix(word);
  if (cache.size > 10_000) cache.clear();
  cache.set(typed, fixed ?? null);
  return fixed;
}

/** Paragraphs holding `term` in all the parts of a corpus. */
function frequencyAcross(parts: readonly NewsIndex[], term: string): number {
  let df = 0;
  for (const part of parts) df += part.documentFrequency(term);
  return df;
}

/** How the parts of a corpus write `term`: the first that has it. */
function writtenAcross(parts: readonly NewsIndex[], term: string): string | undefined {
  for (const part of parts) {
    const w = part.surfaceForms.get(term);
    if (w !== undefined) return w;
  }
  return undefined;
}

/**
 * The corpus term a misspelt question word most likely meant ("Beijng" → the term of "beijing"), or undefined
 * when the word is not a typo: the corpus has it; it is English or a name the dictionaries know, in any
 * inflection ("latest", "repeated", "Paris": the member meant it, even where the corpus never says it), unless
 * the corpus writes it the other side of the Atlantic ("labor" → "labour"); it (or its term: "DSMs") is
 * shorter than 4 letters, or has a digit; or no corpus word is close. Close is up to one edit for words of 4–5
 * letters, two for longer ones (a swap of two letters is one), counted between the word as typed and as the
 * corpus writes it, or between their index terms; same first letter, length within one. Ties go to the more
 * frequent word, then to one of the same length, then to the first alphabetically. The corpus is `parts` (the
 * shared index, and a server's own), read as one.
 */
export function correctSpellingAcross(parts: readonly NewsIndex[], word: string): string | undefined {
  const term = normalizeWord(word);
  const typed = foldWord(word);
  // The term's length too: "DSMs" is the acronym "dsm", too short to correct safely.
  if (!term || term.length < 4 || typed.length < 4 || /\d/.test(typed)) return undefined;
  if (frequencyAcross(parts, term) > 0) return undefined;
  if (isEnglishWord(word)) {
    // The term of the other spelling of an English word, when the corpus writes it so ("labor" → "labour").
    for (const variant of spellingVariants(typed)) {
      const t = normalizeWord(variant);
      if (t && frequencyAcross(parts, t) > 0) return t;
    }
    return undefined;
  }
  const maxEdits = typed.length >= 6 ? 2 : 1;
  let best: { term: string; edits: number; stretch: number; df: number } | undefined;
  // Candidates by the word as written ("beijng" is one edit from "beijing") and by its term (stems can be
  // closer than words); the walks count a swap of two letters ("raod") as two edits, editDistance as one.
  const candidates = new Set(parts.flatMap((part) => part.termsNear(term, typed, maxEdits)));
  for (const t of candidates) {
    const written = foldWord(writtenAcross(parts, t) ?? t);
    const byWord = { edits: editDistance(typed, written), stretch: Math.abs(written.length - typed.length) };
    const byTerm = { edits: editDistance(term, t), stretch: Math.abs(t.length - term.length) };
    const { edits, stretch } = byTerm.edits < byWord.edits ? byTerm : byWord;
    const df = frequencyAcross(parts, t);
    // Typos rarely touch the first letter or the length by more than one; other near words are other words.
    if (edits > maxEdits || df === 0 || written[0] !== typed[0] || stretch > 1) continue;
    const better =
      !best ||
      edits < best.edits ||
      (edits === best.edits &&
        (df > best.df || (df === best.df && (stretch < best.stretch || (stretch === best.stretch && t < best.term)))));
    if (better) best = { term: t, edits, stretch, df };
  }
  return best?.term;
}

/**
 * Completions of a partly typed question from the vocabulary of `parts` read as one corpus, best first: the
 * most frequent completions of the last word, ranked by how many paragraphs hold each with the words before it.
 */
export function suggestAcross(parts: readonly NewsIndex[], text: string, limit: number): string[] {
  const m = /^(.*?)([\p{L}\p{N}]+)$/su.exec(text);
  if (!m) return [];
  const [, head, partial] = m;
  const prefix = partial.toLowerCase();
  const known = [...new Set(terms(head))].filter((t) => parts.some((part) => part.hasTerm(t)));
  const frequency = new Map<string, number>();
  for (const part of parts) for (const { term, df } of part.completions(prefix)) frequency.set(term, (frequency.get(term) ?? 0) + df);
  const completions = [...frequency].sort((a, b) => b[1] - a[1]).slice(0, SUGGEST_CANDIDATES);
  // Rank completions by how many paragraphs hold them together with the words typed before them.
  const scored = completions
    .map(([t, df]) => {
      if (known.length === 0) return { t, score: df };
      const group = [t, ...known];
      let score = 0;
      for (const part of parts) if (group.every((x) => part.hasTerm(x))) score += part.paragraphsHoldingAll(group, SUGGEST_SAMPLE);
      return { t, score };
    })
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
  const out = new Set<string>();
  for (const { t } of scored) {
    const word = writtenAcross(parts, t)!;
    out.add(`${head}${partial}${word.slice(partial.length)}`);
    if (out.size >= limit) break;
  }
  return [...out];
}

/** Optimal string alignment distance: Levenshtein plus swapped neighbours ("ghengis" ↔ "genghis" is 2). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
