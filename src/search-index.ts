/**
 * The searchable corpus: a minisearch index over paragraphs (never over whole articles, so a hit points at the
 * text that answers), the paragraphs and their sentence offsets kept outside minisearch, document frequencies
 * for IDF weighting, and the acronyms the corpus defines.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { RankedSearch } from './ranked-search.js';
import { AliasTable, learnAcronyms, type Alias } from './acronyms.js';
import type { Article, Paragraph } from './corpus.js';
import { resolveDates, parseYmd, type DateMention } from './dates.js';
import { terms, tokenize } from './text.js';

export interface IndexedParagraph extends Paragraph {
  /** Position of the paragraph's article in `NewsIndex.articles`. */
  article: number;
}

interface IndexedDocument {
  id: number;
  text: string;
  title: string;
}

/** Bump when the snapshot's shape or the analyzer changes, so old snapshots are rebuilt, not misread. */
export const SNAPSHOT_VERSION = 1;

export interface IndexSnapshot {
  version: number;
  articles: readonly Article[];
  aliases: Alias[];
  docFrequency: [string, number][];
  surfaceForms: [string, string][];
  search: AsPlainObject;
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

/** Relative weight of an article's title when it matches, against 1 for the paragraph's own words. */
export const TITLE_BOOST = 0.5;
const SEARCH_BOOST = { title: TITLE_BOOST };

export class NewsIndex {
  readonly articles: readonly Article[];
  readonly paragraphs: readonly IndexedParagraph[];
  readonly aliases: AliasTable;
  private readonly search: MiniSearch<IndexedDocument>;
  private readonly ranked: RankedSearch;
  /** Position in `paragraphs` of each article's first paragraph (an article's paragraphs are consecutive). */
  private readonly firstParagraph: number[] = [];
  private readonly docFrequency: Map<string, number> = new Map();
  /** A word as written for each index term ("initi" → "initiative"), for autocomplete. */
  private readonly surfaceForms: Map<string, string> = new Map();
  private readonly dateCache = new Map<string, DateMention[]>();
  private readonly spellingCache = new Map<string, string | null>();

  private constructor(articles: readonly Article[], saved?: IndexSnapshot, loaded?: MiniSearch<IndexedDocument>) {
    this.articles = articles;
    const paragraphs: IndexedParagraph[] = [];
    articles.forEach((article, a) => {
      this.firstParagraph.push(paragraphs.length);
      for (const p of article.paragraphs) paragraphs.push({ ...p, article: a });
    });
    this.paragraphs = paragraphs;
    if (saved) {
      this.aliases = AliasTable.fromJSON(saved.aliases);
      this.docFrequency = new Map(saved.docFrequency);
      this.surfaceForms = new Map(saved.surfaceForms);
      this.search = loaded ?? MiniSearch.loadJS(saved.search, this.searchOptions());
    } else {
      this.aliases = learnAcronyms(paragraphs.map((p) => p.text));
      this.search = new MiniSearch(this.searchOptions());
      this.search.addAll(paragraphs.map((p, id) => ({ id, text: p.text, title: this.titleOf(p) })));
    }
    this.ranked = new RankedSearch(this.search, SEARCH_BOOST);
  }

  private searchOptions(): Options<IndexedDocument> {
    const df = this.docFrequency;
    const surface = this.surfaceForms;
    return {
      fields: ['text', 'title'],
      storeFields: [],
      // One analyzer for paragraphs and questions: stopwords out, Porter stems in. Counting document
      // frequencies here saves a second pass over the corpus.
      tokenize: (text: string, field?: string) => {
        if (field !== 'text') return terms(text);
        const list: string[] = [];
        for (const token of tokenize(text)) {
          if (!token.term) continue;
          list.push(token.term);
          if (!surface.has(token.term)) surface.set(token.term, token.word.toLowerCase());
        }
        for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
        return list;
      },
      processTerm: (term: string) => term,
      searchOptions: {
        tokenize: (text: string) => text.split(' ').filter(Boolean),
        processTerm: (term: string) => term,
        boost: SEARCH_BOOST,
        combineWith: 'OR',
      },
    };
  }

  static build(articles: readonly Article[]): NewsIndex {
    return new NewsIndex(articles);
  }

  /** Everything needed to serve again without rebuilding: the articles and the index's state. */
  toSnapshot(): IndexSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      articles: this.articles,
      aliases: this.aliases.toJSON(),
      docFrequency: [...this.docFrequency],
      surfaceForms: [...this.surfaceForms],
      search: this.search.toJSON(),
    };
  }

  /** An index exactly as it was saved; throws if the snapshot is from another version of this code. */
  static fromSnapshot(snapshot: IndexSnapshot): NewsIndex {
    checkVersion(snapshot);
    return new NewsIndex(snapshot.articles, snapshot);
  }

  /** As `fromSnapshot`, loading the search index in batches so the event loop keeps serving meanwhile. */
  static async fromSnapshotAsync(snapshot: IndexSnapshot): Promise<NewsIndex> {
    checkVersion(snapshot);
    const options = NewsIndex.prototype.searchOptions.call({ docFrequency: new Map(), surfaceForms: new Map() } as unknown as NewsIndex);
    const search = await MiniSearch.loadJSAsync(snapshot.search, options);
    return new NewsIndex(snapshot.articles, snapshot, search);
  }

  private titleOf(p: IndexedParagraph): string {
    // Only the first paragraph carries the title and standfirst, so they lift one hit per article, not all.
    if (p.number !== 1) return '';
    const a = this.articles[p.article];
    return a.standfirst ? `${a.title} ${a.standfirst}` : a.title;
  }

  get stats(): IndexStats {
    return {
      articles: this.articles.length,
      paragraphs: this.paragraphs.length,
      sentences: this.paragraphs.reduce((n, p) => n + p.sentences.length, 0),
      acronyms: this.aliases.size,
    };
  }

  /** Paragraphs that contain `term`. */
  documentFrequency(term: string): number {
    return this.docFrequency.get(term) ?? 0;
  }

  /** Inverse document frequency; a term the corpus never uses gets the highest weight a term can have. */
  idf(term: string): number {
    const n = this.paragraphs.length;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The best paragraphs for a bag of index terms (BM25, any term may match). */
  searchParagraphs(queryTerms: readonly string[], limit: number): ParagraphHit[] {
    if (queryTerms.length === 0) return [];
    return this.ranked.top(queryTerms, limit).map((r) => ({ paragraph: r.id, score: r.score }));
  }

  /**
   * The corpus word a misspelt question word most likely meant ("ghengi" → "genghi"), or undefined when the
   * word is in the corpus, too short to correct safely, or nothing is close. Up to one edit for words of 4–5
   * letters, two for longer ones, same first letter; ties go to the more frequent word.
   */
  correctSpelling(term: string): string | undefined {
    if (term.length < 4 || /\d/.test(term) || this.documentFrequency(term) > 0) return undefined;
    if (this.spellingCache.has(term)) return this.spellingCache.get(term) ?? undefined;
    const maxEdits = term.length >= 6 ? 2 : 1;
    let best: { term: string; edits: number; df: number } | undefined;
    for (const t of this.ranked.termsNear(term, maxEdits)) {
      const edits = editDistance(term, t);
      const df = this.documentFrequency(t);
      // Typos rarely touch the first letter or the length by more than one; other near words are other words.
      if (edits > maxEdits || df === 0 || t[0] !== term[0] || Math.abs(t.length - term.length) > 1) continue;
      if (!best || edits < best.edits || (edits === best.edits && df > best.df)) best = { term: t, edits, df };
    }
    if (this.spellingCache.size > 10_000) this.spellingCache.clear();
    this.spellingCache.set(term, best?.term ?? null);
    return best?.term;
  }

  /**
   * Completions of a partly typed question from the corpus vocabulary, best first: minisearch's autoSuggest
   * over the words typed so far, the last one as a prefix; index terms are shown as the corpus writes them.
   */
  suggest(text: string, limit: number): string[] {
    const m = /^(.*?)([\p{L}\p{N}]+)$/su.exec(text);
    if (!m) return [];
    const [, head, partial] = m;
    const known = terms(head);
    const query = [...known, partial.toLowerCase()].join(' ');
    const out = new Set<string>();
    const suggestions = this.search.autoSuggest(query, {
      prefix: (_term: string, i: number, all: readonly string[]) => i === all.length - 1,
      fuzzy: false,
      combineWith: 'AND',
      boost: {},
    });
    for (const s of suggestions) {
      const last = s.terms.find((t) => t.startsWith(partial.toLowerCase())) ?? s.terms.at(-1);
      const word = last && this.surfaceForms.get(last);
      if (!word || !word.startsWith(partial.toLowerCase())) continue;
      out.add(`${head}${partial}${word.slice(partial.length)}`);
      if (out.size >= limit) break;
    }
    return [...out];
  }

  sentenceText(paragraph: number, sentence: number): string {
    const p = this.paragraphs[paragraph];
    const s = p.sentences[sentence];
    return p.text.slice(s.start, s.end);
  }

  /** Index terms of one paragraph. */
  paragraphTerms(paragraph: number): ReadonlySet<string> {
    return new Set(terms(this.paragraphs[paragraph].text));
  }

  /**
   * Does the article's text or headline hold any of `termGroups` (each group: terms that must all be in one
   * paragraph)? Read from the index's posting lists, a few lookups per paragraph.
   */
  articleHolds(article: number, termGroups: readonly (readonly string[])[]): boolean {
    const first = this.firstParagraph[article];
    const count = this.articles[article].paragraphs.length;
    for (let p = first; p < first + count; p++) {
      if (termGroups.some((group) => this.ranked.holdsAll(p, group))) return true;
    }
    return false;
  }

  /** Dates in one sentence, resolved against its article's publication date (computed once, then cached). */
  sentenceDates(paragraph: number, sentence: number): DateMention[] {
    const key = `${paragraph}:${sentence}`;
    let dates = this.dateCache.get(key);
    if (!dates) {
      const article = this.articles[this.paragraphs[paragraph].article];
      dates = resolveDates(this.sentenceText(paragraph, sentence), article.date ? parseYmd(article.date) : undefined);
      if (this.dateCache.size > 100_000) this.dateCache.clear();
      this.dateCache.set(key, dates);
    }
    return dates;
  }
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
