/**
 * Answering a question with quotes, as a pipeline of stages, each a function of its own:
 *   1. retrieve (qa/retrieve.ts): the best paragraphs by BM25 times each article's time weight, and their
 *      neighbours;
 *   2. read (qa/sentence-reading.ts): every sentence in them, with the reader's features;
 *   3. rank (qa/rank-sentences.ts): the reader's score, the short answer of the leading sentences read, best
 *      first (newest first among near-equals for questions about change);
 *   4. compose (here): abstain when nothing covers enough of the question; else fold the same fact told by
 *      several articles into one quote, keep up to three, and read the short answer from them.
 */
import { displayDate } from '../language/dates.js';
import type { TimeWindow } from '../language/question-time.js';
import { namesIn } from '../language/entities.js';
import { analyzeQuestion, validateQuestion, type AnalyzedQuestion } from './question.js';
import type { IndexedArticle, NewsIndex } from '../index/news-index.js';
import { sameFactChecker } from '../language/same-fact.js';
import { terms } from '../language/analyzer.js';
import { askedKind, findPhrase, measuredTerm, type AnswerPhrase } from './answer-phrase.js';
import { answerFromFrontMatter } from './article-questions.js';
import type { PhraseFeatureVector } from './phrase-features.js';
import { shippedReaderWeights, type ReaderWeights } from './reader.js';
import { rankByRecency, rankSentences, type ScoredSentence } from './rank-sentences.js';
import { publishedBy, retrieveParagraphs, type Retrieved } from './retrieve.js';
import { DEFAULT_MIN_COVERAGE, readSentences } from './sentence-reading.js';

export { DEFAULT_MIN_COVERAGE } from './sentence-reading.js';
export { FUTURE_TOLERANCE_DAYS } from './retrieve.js';
export type { ScoredSentence } from './rank-sentences.js';

export interface Citation {
  /** The article's id: its file name without extension. */
  article: string;
  title: string;
  source: string | null;
  /** Publication date, YYYY-MM-DD. */
  date: string | null;
  /** 1-based body paragraph number. */
  paragraph: number;
  url: string | null;
}

export interface QuoteDate {
  phrase: string;
  value: string;
}

export interface Quote {
  /** The sentence exactly as the article wrote it. */
  text: string;
  dates: QuoteDate[];
  /** Where the quote comes from (the best-ranked report when several articles say the same). */
  citation: Citation;
  /** Every article that reports this, `citation` first. */
  citations: Citation[];
  score: number;
}

export interface ArticleRef {
  article: string;
  title: string;
  source: string | null;
  date: string | null;
  url: string | null;
  /** Set on the articles a question about the articles themselves is answered from. */
  authors?: string[];
}

export interface Answer {
  question: string;
  /** The day the question was answered as of (YYYY-MM-DD): nothing published later is used. */
  asOf?: string;
  answered: boolean;
  /**
   * Said before the quotes when the time the question asks about holds nothing: "Nothing from this week; the
   * latest report is from 12 Mar 2023:".
   */
  notice?: string;
  quotes: Quote[];
  /**
   * The short answer, first: the phrase of a quote that answers a factoid question, or what the front matter
   * says for a question about the articles themselves; null when the question asks for no short phrase or the
   * quotes hold none.
   */
  answer?: AnswerPhrase | null;
  /** For a question about the articles themselves ("Who wrote the Reuters article?"): the articles it is answered from. */
  articles?: ArticleRef[];
  /** The question as searched, when misspelt words were read as corpus words ("Colmbia" → "Colombia"). */
  searched?: string;
  /** When abstaining: the articles that came closest, so the reader can look for themselves. */
  closest: ArticleRef[];
  /** Set when abstaining: what to tell the reader. */
  message?: string;
}

export interface AnswerOptions {
  /** How many quotes at most (default 3). */
  maxQuotes?: number;
  /**
   * Share of the question's IDF weight the best sentence must cover, else the answer is "not in the corpus"
   * (default {@link DEFAULT_MIN_COVERAGE}). Lower answers more, and quotes more noise.
   */
  minCoverage?: number;
  /**
   * The day the question is asked (YYYY-MM-DD). Articles published after it (beyond
   * {@link FUTURE_TOLERANCE_DAYS}) are not used, the question's time words ("this week", "last year") resolve
   * against it, and newer reports are preferred. Without it, every article counts the same whatever its date.
   */
  asOf?: string;
  /** The reader's weights (default: the fitted ones that ship, reader-weights.json). */
  weights?: ReaderWeights;
}

/** The reader-facing sentence when the corpus holds no answer. */
export const NOT_FOUND_MESSAGE = "I couldn't find that in the corpus.";
/** The reader-facing sentence when no article is indexed at all. */
export const EMPTY_CORPUS_MESSAGE =
  'The corpus is empty: no articles are indexed yet. Moderators can add one with /article add; the operator can put article files in the corpus directory and run /reindex.';
export const DEFAULT_MAX_QUOTES = 3;
/** Later quotes must score at least this share of the best one. */
const RELATIVE_CUTOFF = 0.6;

export function citationOf(index: NewsIndex, paragraph: number): Citation {
  const p = index.paragraphs[paragraph];
  const a = index.articles[p.article];
  return { ...articleRef(a), paragraph: p.number };
}

export function articleRef(a: IndexedArticle): ArticleRef {
  return { article: a.id, title: a.title, source: a.source ?? null, date: a.date ?? null, url: a.url ?? null };
}

/**
 * The sentences the reader weighs for a question, each with its features and score, best first; none for a
 * question about the articles themselves. For training and for `--explain`.
 */
export function readerCandidates(index: NewsIndex, question: string, options: AnswerOptions = {}): ScoredSentence[] {
  const text = validateQuestion(question);
  if (answerFromFrontMatter(index, text, options.asOf)) return [];
  return readAndRank(index, analyzeQuestion(text, index, options.asOf), options).ranked;
}

/** Stages 1 to 3: the paragraphs retrieved, and every sentence in them scored by the reader, best first. */
function readAndRank(index: NewsIndex, q: AnalyzedQuestion, options: AnswerOptions): { ranked: ScoredSentence[]; retrieved: Retrieved } {
  const weights = options.weights ?? shippedReaderWeights();
  const retrieved = retrieveParagraphs(index, q, options.asOf);
  const readings = readSentences(index, q, retrieved);
  const kind = askedKind(q.text);
  const ranked = rankSentences(index, readings, weights, kind ? { question: q.searched ?? q.text, kind } : undefined);
  return { ranked, retrieved };
}

/** Answer one question from the index. Throws QuestionError for input that is not a question. */
export function answerQuestion(index: NewsIndex, question: string, options: AnswerOptions = {}): Answer {
  const text = validateQuestion(question);
  const asOf = options.asOf;
  const facts = answerFromFrontMatter(index, text, asOf);
  if (facts) return frontMatterAnswer(index, text, facts, asOf);
  const q = analyzeQuestion(text, index, asOf);
  const weights = options.weights ?? shippedReaderWeights();
  const { ranked, retrieved } = readAndRank(index, q, { ...options, weights });
  const stamp = { ...(asOf ? { asOf } : {}), ...(q.searched ? { searched: q.searched } : {}) };
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const ordered = q.temporal ? rankByRecency(ranked) : ranked;
  const abstain = () => abstention(index, text, stamp, retrieved, asOf);
  if (!ordered[0] || ordered[0].coverage < minCoverage) return abstain();

  const chosen = chooseQuotes(index, ordered, minCoverage, options.maxQuotes ?? DEFAULT_MAX_QUOTES);
  const quotes: Quote[] = chosen.map(({ lead, citations }) => ({
    text: lead.text,
    dates: index.sentenceDates(lead.paragraph, lead.sentence).map((d) => ({ phrase: d.phrase, value: d.value })),
    citation: citations[0],
    citations,
    score: Math.round(lead.score * 1000) / 1000,
  }));
  const kind = askedKind(text);
  const phrase = kind ? answerPhrase(text, kind, quotes, weights.phrase) : null;
  const answer = phrase && phrase.quote !== undefined ? withFullName(index, chosen[phrase.quote].lead.paragraph, phrase) : phrase;
  // Asked for a measure ("the stock price of Zijin Mining") that no quote gives or even names: the quotes only
  // share a name with the question.
  if (kind && !answer && STRICT_KINDS.has(kind)) {
    const measured = measuredTerm(text);
    if (measured && !quotes.some((quote) => terms(quote.text).includes(measured))) return abstain();
  }
  const notice = q.time?.window && windowNotice(q.time.window, quotes[0].citation.date);
  return { question: text, ...stamp, answered: true, ...(notice ? { notice } : {}), answer, quotes, closest: [] };
}

/** A question about the articles themselves, answered from their front matter. */
function frontMatterAnswer(
  index: NewsIndex,
  text: string,
  facts: NonNullable<ReturnType<typeof answerFromFrontMatter>>,
  asOf: string | undefined,
): Answer {
  const articles = facts.articles.map((i) => ({ ...articleRef(index.articles[i]), authors: index.articles[i].authors }));
  const answer: AnswerPhrase | null =
    facts.text === undefined ? null : { text: facts.text, kind: facts.kind, article: 0, ...(facts.value ? { value: facts.value } : {}) };
  const notice = facts.notice ? { notice: facts.notice } : {};
  return { question: text, ...(asOf ? { asOf } : {}), answered: true, ...notice, quotes: [], answer, articles, closest: [] };
}

/** "Not in the corpus", with the articles that came closest, so the reader can look for themselves. */
function abstention(
  index: NewsIndex,
  text: string,
  stamp: { asOf?: string; searched?: string },
  retrieved: Retrieved,
  asOf: string | undefined,
): Answer {
  const closest: ArticleRef[] = [];
  for (const { paragraph } of retrieved.hits) {
    const a = index.articles[index.paragraphs[paragraph].article];
    if (!closest.some((c) => c.article === a.id)) closest.push(articleRef(a));
    if (closest.length === 3) break;
  }
  const message =
    index.articles.length === 0
      ? EMPTY_CORPUS_MESSAGE
      : asOf && !publishedBy(index, asOf)
        ? `Nothing in the corpus was published by ${displayDate(asOf)}.`
        : NOT_FOUND_MESSAGE;
  return { question: text, ...stamp, answered: false, quotes: [], answer: null, closest, message };
}

/**
 * The quotes: the best sentences that cover enough of the question and score near the best, the same fact told
 * by several articles folded into one quote with every citation.
 */
function chooseQuotes(
  index: NewsIndex,
  ordered: readonly ScoredSentence[],
  minCoverage: number,
  maxQuotes: number,
): { lead: ScoredSentence; citations: Citation[] }[] {
  const best = ordered[0];
  const chosen: { lead: ScoredSentence; citations: Citation[] }[] = [];
  const isSame = sameFactChecker();
  for (const c of ordered) {
    if (c.coverage < minCoverage || c.score < best.score - (1 - RELATIVE_CUTOFF) * Math.abs(best.score)) continue;
    const same = chosen.find((q) => sameFact(q.lead, c, index, isSame));
    if (same) {
      const citation = citationOf(index, c.paragraph);
      if (!same.citations.some((x) => x.article === citation.article)) same.citations.push(citation);
      continue;
    }
    if (chosen.length < maxQuotes) chosen.push({ lead: c, citations: [citationOf(index, c.paragraph)] });
  }
  return chosen;
}

/** The same fact, told by two articles. */
function sameFact(a: ScoredSentence, b: ScoredSentence, index: NewsIndex, same: (a: string, b: string) => boolean): boolean {
  if (index.paragraphs[a.paragraph].article === index.paragraphs[b.paragraph].article) return false;
  return same(a.text, b.text);
}

/** Kinds a quote either holds or does not (a date, a number): without one, a quote cannot answer. */
const STRICT_KINDS = new Set(['date', 'amount', 'count', 'duration', 'distance', 'age']);

/** The phrase of the first quote (best first) that holds one of the asked kind. */
function answerPhrase(
  question: string,
  kind: NonNullable<ReturnType<typeof askedKind>>,
  quotes: Quote[],
  weights: PhraseFeatureVector,
): AnswerPhrase | null {
  for (let i = 0; i < quotes.length; i++) {
    const span = findPhrase(question, kind, quotes[i], weights);
    if (!span) continue;
    const words = quotes[i].text.slice(span.start, span.end);
    return {
      text: span.shown ?? words,
      kind: span.kind,
      quote: i,
      start: span.start,
      end: span.end,
      ...(span.value !== undefined ? { value: span.value } : {}),
    };
  }
  return null;
}

/**
 * A person answered by a surname alone ("Okafor and the club have agreed…") is shown by the full name the
 * article gave earlier ("Ada Okafor"): the first name of two or more words, in the title or a paragraph up to
 * the quoted one, that ends with it. The quote's own words stay bold.
 */
function withFullName(index: NewsIndex, paragraph: number, phrase: AnswerPhrase): AnswerPhrase {
  if (phrase.kind !== 'person' || !/^\p{Lu}[\p{L}'’-]+$/u.test(phrase.text)) return phrase;
  const at = index.paragraphs[paragraph];
  const article = index.articles[at.article];
  const texts = [article.title];
  for (let p = article.firstParagraph; p <= paragraph; p++) texts.push(index.paragraphs[p].text);
  for (const t of texts) {
    const full = namesIn(t).find((n) => n.text !== phrase.text && n.text.endsWith(` ${phrase.text}`) && /^\p{Lu}/u.test(n.text));
    if (full) return { ...phrase, text: full.text };
  }
  return phrase;
}

/** When the best report is from outside the time asked about, say so before quoting it. */
function windowNotice(window: TimeWindow, date: string | null): string | undefined {
  if (!date || (date >= window.from && date <= window.to)) return undefined;
  return `Nothing from ${window.label}; the ${date < window.from ? 'latest' : 'closest'} report is from ${displayDate(date)}:`;
}
