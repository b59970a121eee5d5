/**
 * A server's own articles searched beside the shared ones, without copying the shared index: the server has a
 * small index of its own, and this reads both as one corpus. Articles and paragraphs are numbered as one merged
 * index would number them (the shared ones first, then the server's); searches score both parts against the
 * statistics of the two together (documents, document frequencies, average lengths), so that a server's
 * paragraph and a shared one rank as they would in one index; spelling fixes, autocomplete, acronyms and counts
 * read both vocabularies.
 *
 * What this holds of its own is the server's: the shared index is only read, never added to, so nothing of one
 * server reaches another or the shared structures.
 */
import type { Alias, AliasLookup } from '../language/acronyms.js';
import type { DateMention } from '../language/dates.js';
import {
  correctSpellingAcross,
  cachedSpelling,
  cutAtTies,
  suggestAcross,
  TIES_AT_THE_CUT,
  type CorpusIndex,
  type IndexedArticle,
  type IndexedParagraph,
  type IndexStats,
  type NewsIndex,
  type ParagraphHit,
} from './news-index.js';
import { bm25Idf, type Collection, type RankedHit } from './packed-index.js';

/** A server's paragraph as the whole corpus numbers it: its article after the shared ones. */
class ShiftedParagraph implements IndexedParagraph {
  constructor(
    private readonly own: IndexedParagraph,
    readonly article: number,
  ) {}

  get number(): number {
    return this.own.number;
  }

  get text(): string {
    return this.own.text;
  }

  get sentences() {
    return this.own.sentences;
  }
}

/** The shared corpus's acronyms and a server's, read as one table learned from both (the shared expansion first). */
class CombinedAliases implements AliasLookup {
  constructor(
    private readonly shared: AliasLookup,
    private readonly own: AliasLookup,
  ) {}

  get size(): number {
    return this.toJSON().length;
  }

  byTerm(acronymTerm: string): Alias | undefined {
    const s = this.shared.byTerm(acronymTerm);
    const o = this.own.byTerm(acronymTerm);
    return s && o ? { ...s, count: s.count + o.count } : (s ?? o);
  }

  expansionsAt(termList: string[], at: number): { alias: Alias; length: number }[] {
    const found = this.shared.expansionsAt(termList, at);
    for (const f of this.own.expansionsAt(termList, at)) if (!this.shared.byTerm(f.alias.acronymTerm)) found.push(f);
    return found;
  }

  toJSON(): Alias[] {
    const all = this.shared.toJSON().map((a) => this.byTerm(a.acronymTerm)!);
    for (const a of this.own.toJSON()) if (!this.shared.byTerm(a.acronymTerm)) all.push(a);
    return all;
  }
}

export class FederatedIndex implements CorpusIndex {
  readonly aliases: AliasLookup;
  readonly surfaceForms: { get(term: string): string | undefined };
  /** The server's articles and paragraphs, numbered after the shared ones. */
  private readonly ownArticles: IndexedArticle[];
  private readonly ownParagraphs: IndexedParagraph[];
  private readonly spellingCache = new Map<string, string | null>();
  /** Statistics of the two parts together, for every search. */
  private readonly collection: Collection;

  /**
   * @param shared the operator's index, read only
   * @param own the server's own articles' index
   */
  constructor(
    readonly shared: NewsIndex,
    readonly own: NewsIndex,
  ) {
    const articleBase = shared.articleCount;
    const paragraphBase = shared.paragraphCount;
    this.ownArticles = own.articles.map((a) => ({ ...a, firstParagraph: a.firstParagraph + paragraphBase }));
    this.ownParagraphs = own.paragraphs.map((p) => new ShiftedParagraph(p, p.article + articleBase));
    this.aliases = new CombinedAliases(shared.aliases, own.aliases);
    this.surfaceForms = { get: (term) => shared.surfaceForms.get(term) ?? own.surfaceForms.get(term) };
    const documentCount = shared.paragraphCount + own.paragraphCount;
    this.collection = {
      documentCount,
      averageLengths: shared.lengthSums.map((sum, f) => (documentCount > 0 ? (sum + (own.lengthSums[f] ?? 0)) / documentCount : 0)),
      documentFrequency: (term, field) => shared.fieldFrequency(term, field) + own.fieldFrequency(term, field),
    };
  }

  get articleCount(): number {
    return this.shared.articleCount + this.own.articleCount;
  }

  get paragraphCount(): number {
    return this.shared.paragraphCount + this.own.paragraphCount;
  }

  article(article: number): IndexedArticle {
    const base = this.shared.articleCount;
    return article < base ? this.shared.article(article) : this.ownArticles[article - base];
  }

  paragraph(paragraph: number): IndexedParagraph {
    const base = this.shared.paragraphCount;
    return paragraph < base ? this.shared.paragraph(paragraph) : this.ownParagraphs[paragraph - base];
  }

  allArticles(): IndexedArticle[] {
    return [...this.shared.articles, ...this.ownArticles];
  }

  get stats(): IndexStats {
    const s = this.shared.stats;
    const o = this.own.stats;
    return {
      articles: s.articles + o.articles,
      paragraphs: s.paragraphs + o.paragraphs,
      sentences: s.sentences + o.sentences,
      acronyms: this.aliases.size,
    };
  }

  documentFrequency(term: string): number {
    return this.shared.documentFrequency(term) + this.own.documentFrequency(term);
  }

  idf(term: string): number {
    return bm25Idf(this.paragraphCount, this.documentFrequency(term));
  }

  /** Both parts ranked against the statistics of the two, the server's paragraphs numbered after the shared. */
  searchParagraphs(queryTerms: readonly string[], limit: number, articleWeights?: ArrayLike<number>): ParagraphHit[] {
    if (queryTerms.length === 0) return [];
    const articleBase = this.shared.articleCount;
    const paragraphBase = this.shared.paragraphCount;
    const ownWeights = articleWeights && Float64Array.from({ length: this.own.articleCount }, (_, i) => articleWeights[articleBase + i]);
    const wanted = limit + TIES_AT_THE_CUT;
    const shared = this.shared.rank(queryTerms, wanted, articleWeights, this.collection);
    const own = this.own.rank(queryTerms, wanted, ownWeights, this.collection).map((h) => ({ doc: h.doc + paragraphBase, score: h.score }));
    return cutAtTies(mergeRanked(shared, own, wanted), limit);
  }

  articleDay(article: number): number {
    const base = this.shared.articleCount;
    return article < base ? this.shared.articleDay(article) : this.own.articleDay(article - base);
  }

  paragraphText(article: number, number: number): string | undefined {
    const base = this.shared.articleCount;
    return article < base ? this.shared.paragraphText(article, number) : this.own.paragraphText(article - base, number);
  }

  correctSpelling(word: string): string | undefined {
    return cachedSpelling(this.spellingCache, word, (w) => correctSpellingAcross([this.shared, this.own], w));
  }

  suggest(text: string, limit: number): string[] {
    return suggestAcross([this.shared, this.own], text, limit);
  }

  sentenceText(paragraph: number, sentence: number): string {
    const base = this.shared.paragraphCount;
    return paragraph < base ? this.shared.sentenceText(paragraph, sentence) : this.own.sentenceText(paragraph - base, sentence);
  }

  paragraphHoldsAll(paragraph: number, group: readonly string[]): boolean {
    const base = this.shared.paragraphCount;
    return paragraph < base ? this.shared.paragraphHoldsAll(paragraph, group) : this.own.paragraphHoldsAll(paragraph - base, group);
  }

  articleHolds(article: number, termGroups: readonly (readonly string[])[]): boolean {
    const base = this.shared.articleCount;
    return article < base ? this.shared.articleHolds(article, termGroups) : this.own.articleHolds(article - base, termGroups);
  }

  sentenceDates(paragraph: number, sentence: number, options?: { coarse?: boolean }): DateMention[] {
    const base = this.shared.paragraphCount;
    return paragraph < base
      ? this.shared.sentenceDates(paragraph, sentence, options)
      : this.own.sentenceDates(paragraph - base, sentence, options);
  }
}

/** Two ranked lists as one, best first, equal scores by paragraph number (as one index orders them), at most `limit`. */
function mergeRanked(a: readonly RankedHit[], b: readonly RankedHit[], limit: number): RankedHit[] {
  const out: RankedHit[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    const takeA = j >= b.length || (i < a.length && (a[i].score > b[j].score || (a[i].score === b[j].score && a[i].doc < b[j].doc)));
    out.push(takeA ? a[i++] : b[j++]);
  }
  return out;
}
