/**
 * Answering a question with quotes, as a pipeline of stages, each a function of its own that never reaches back
 * into an earlier one:
 *   1. retrieve (qa/retrieve.ts `retrieveParagraphs`): the best paragraphs by BM25 times each article's time
 *      weight, and their neighbours;
 *   2. read (qa/sentence-reading.ts `readSentences`): every sentence in them, with the reader's features;
 *   3. rank (qa/rank-sentences.ts `rankSentences`): the reader's score, the short answer of the leading
 *      sentences read, best first (newest first among near-equals for questions about change);
 *   4. candidates (qa/answer-candidates.ts `gatherCandidates`): the short answers of the asked kind in the 20
 *      best sentences, merged when they name the same thing, with the features of their support;
 *   5. judge (qa/confidence.ts `judgeCandidates`): the best candidate, and the probability that it is right;
 *   6. what is shown (here): abstain when nothing covers enough of the question; else fold the same fact told by
 *      several articles into one quote, keep up to three (a stated answer's sentence first), and the answer,
 *      stated only when the confidence reaches the threshold.
 */
import { asksOnlyForTime, leadParagraphsOfWindow } from './time-digest.js';
import { displayDate } from '../language/dates.js';
import type { TimeWindow } from '../language/question-time.js';
import { analyzeQuestion, validateQuestion, type AnalyzedQuestion } from './question.js';
import type { IndexedArticle, CorpusIndex } from '../index/news-index.js';
import { sameFactChecker } from '../language/same-fact.js';
import { terms } from '../language/analyzer.js';
import { askedKind, measuredTerm, phraseScore, type AnswerPhrase } from './answer-phrase.js';
import { answerFromFrontMatter } from './article-questions.js';
import { fullName, gatherCandidates, type AnswerCandidate } from './answer-candidates.js';
import { judgeCandidates, type Judgement, type QuestionEvidence } from './confidence.js';
import type { PhraseFeatureVector } from './phrase-features.js';
import { shippedReaderWeights, type ReaderWeights } from './reader.js';
import { askedPhrase, rankByRecency, rankSentences, type AskedPhrase, type ScoredSentence } from './rank-sentences.js';
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
   * The short answer, first: for a factoid question, the best candidate answer of the sentences read (stated or
   * not: `shown`, with its `confidence`); for a question about the articles themselves, what the front matter says;
   * null when the question asks for no short phrase or the sentences read hold none.
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
  /**
   * A follow-up's context (issue 35): the ids of the previous answer's articles, which retrieval weighs a little
   * more (qa/retrieve.ts `FOLLOW_UP_PREFERENCE`), never requires. Left out for a follow-up that needs no context.
   */
  preferArticles?: readonly string[];
}

/** The reader-facing sentence when the corpus holds no answer. */
export const NOT_FOUND_MESSAGE = "I couldn't find that in the corpus.";
/** The reader-facing sentence when no article is indexed at all. */
export const EMPTY_CORPUS_MESSAGE =
  'The corpus is empty: no articles are indexed yet. Moderators can add one with /article add; the operator can put article files in the corpus directory and run /reindex.';
export const DEFAULT_MAX_QUOTES = 3;
/** Later quotes must score at least this share of the best one. */
const RELATIVE_CUTOFF = 0.6;

export function citationOf(index: CorpusIndex, paragraph: number): Citation {
  const p = index.paragraph(paragraph);
  const a = index.article(p.article);
  return { ...articleRef(a), paragraph: p.number };
}

export function articleRef(a: IndexedArticle): ArticleRef {
  return { article: a.id, title: a.title, source: a.source ?? null, date: a.date ?? null, url: a.url ?? null };
}

/** A question read through stages 1 to 3, as the later stages and the training read it. */
interface QuestionReading {
  text: string;
  q: AnalyzedQuestion;
  asOf?: string;
  weights: ReaderWeights;
  minCoverage: number;
  retrieved: Retrieved;
  /** Every sentence read, best first by the reader's score. */
  ranked: ScoredSentence[];
  /** The same, the newest report first among near-equals for a question about change: the order quotes are taken in. */
  ordered: ScoredSentence[];
  /** For a question that asks for a short answer: what reads it (each sentence's spans, read once for stages 3 and 4). */
  asked?: AskedPhrase;
}

/** Stages 1 to 3: the paragraphs retrieved, and every sentence in them scored by the reader, best first. */
function readQuestion(index: CorpusIndex, text: string, options: AnswerOptions): QuestionReading {
  const q = analyzeQuestion(text, index, options.asOf);
  const weights = options.weights ?? shippedReaderWeights();
  const retrieved = retrieveParagraphs(index, q, options.asOf, options.preferArticles);
  const kind = askedKind(q.text);
  const asked = kind ? askedPhrase(index, q.searched ?? q.text, kind) : undefined;
  const ranked = rankSentences(index, readSentences(index, q, retrieved), weights, asked);
  return {
    text,
    q,
    ...(options.asOf ? { asOf: options.asOf } : {}),
    weights,
    minCoverage: options.minCoverage ?? DEFAULT_MIN_COVERAGE,
    retrieved,
    ranked,
    ordered: q.temporal ? rankByRecency(ranked) : ranked,
    ...(asked ? { asked } : {}),
  };
}

/** Whether the best sentence covers too little of the question to quote: then the bot abstains. */
const tooLittle = (r: QuestionReading) => !r.ordered[0] || r.ordered[0].coverage < r.minCoverage;

/**
 * The sentences the reader weighs for a question, each with its features and score, best first; none for a
 * question about the articles themselves. For training and for `--explain`.
 */
export function readerCandidates(index: CorpusIndex, question: string, options: AnswerOptions = {}): ScoredSentence[] {
  const text = validateQuestion(question);
  if (answerFromFrontMatter(index, text, options.asOf)) return [];
  return readQuestion(index, text, options).ranked;
}

/** A factoid question's candidate answers, as the answer ranker reads them, and what the confidence model reads besides. */
export interface CandidateReading {
  evidence: QuestionEvidence;
  /** In the order they were read (the reader's), not ranked. */
  candidates: AnswerCandidate[];
}

/**
 * The candidate answers to a factoid question, with their features; undefined for a question that asks for no
 * short answer, about the articles themselves, or that the corpus cannot answer. For training and `--explain`.
 */
export function answerCandidates(index: CorpusIndex, question: string, options: AnswerOptions = {}): CandidateReading | undefined {
  const text = validateQuestion(question);
  if (!askedKind(text) || answerFromFrontMatter(index, text, options.asOf)) return undefined;
  return readCandidates(index, readQuestion(index, text, options));
}

/** Stage 4: the candidate answers in the best sentences that could be quoted, for a question that asks for a short answer. */
function readCandidates(index: CorpusIndex, r: QuestionReading): CandidateReading | undefined {
  if (!r.asked || tooLittle(r)) return undefined;
  const { candidates, articlesRead } = gatherCandidates(index, r.ordered, r.minCoverage, r.asked, r.weights.phrase, r.asOf);
  const lead = r.ordered[0];
  return { evidence: { kind: r.asked.kind, leadCoverage: lead.coverage, leadScore: lead.score, articlesRead }, candidates };
}

/** Answer one question from the index. Throws QuestionError for input that is not a question. */
export function answerQuestion(index: CorpusIndex, question: string, options: AnswerOptions = {}): Answer {
  const text = validateQuestion(question);
  const asOf = options.asOf;
  const facts = answerFromFrontMatter(index, text, asOf);
  if (facts) return frontMatterAnswer(index, text, facts, asOf);
  const digest = timeDigestAnswer(index, text, options);
  if (digest) return digest;
  const r = readQuestion(index, text, options);
  const stamp = { ...(asOf ? { asOf } : {}), ...(r.q.searched ? { searched: r.q.searched } : {}) };
  const abstain = () => abstention(index, text, stamp, r.retrieved, asOf);
  if (tooLittle(r)) return abstain();

  // Stage 5: the candidates judged (without an answer model, the short answer is read from the quotes, as before).
  const model = r.weights.answer;
  const read = model && readCandidates(index, r);
  const judgement = read && judgeCandidates(read.candidates, read.evidence, model);
  // A stated answer's best sentence is quoted first, as its evidence; a guess leaves the reader's order alone.
  const stated = judgement?.shown ? judgement.ranked[0].mentions[0] : undefined;
  const chosen = chooseQuotes(index, r.ordered, r.minCoverage, options.maxQuotes ?? DEFAULT_MAX_QUOTES, stated?.sentence);
  const quotes: Quote[] = chosen.map(({ lead, citations }) => ({
    text: lead.text,
    dates: index.sentenceDates(lead.paragraph, lead.sentence).map((d) => ({ phrase: d.phrase, value: d.value })),
    citation: citations[0],
    citations,
    score: Math.round(lead.score * 1000) / 1000,
  }));
  const answer = judgement
    ? judgedPhrase(judgement, chosen)
    : !model && r.asked
      ? firstQuotePhrase(index, chosen, r.asked, r.weights.phrase)
      : null;
  // Asked for a measure ("the stock price of Zijin Mining") that no quote gives or even names: the quotes only
  // share a name with the question.
  const kind = r.asked?.kind;
  if (kind && STRICT_KINDS.has(kind) && !chosen.some((c) => r.asked!.spansOf(c.lead))) {
    const measured = measuredTerm(text);
    if (measured && !quotes.some((quote) => terms(quote.text).includes(measured))) return abstain();
  }
  const notice = r.q.time?.window && windowNotice(r.q.time.window, quotes[0].citation.date);
  return { question: text, ...stamp, answered: true, ...(notice ? { notice } : {}), answer, quotes, closest: [] };
}

/**
 * A question naming only a time ("What happened this week?"): the leading sentence of each article of that time,
 * newest first, under a line saying so (none of that time: the nearest articles, saying that); undefined for any
 * other question, or a corpus with no article published by then.
 */
function timeDigestAnswer(index: CorpusIndex, text: string, options: AnswerOptions): Answer | undefined {
  if (!options.asOf) return undefined;
  const q = analyzeQuestion(text, index, options.asOf);
  if (!asksOnlyForTime(q)) return undefined;
  const leads = leadParagraphsOfWindow(index, q, options.asOf, options.maxQuotes ?? DEFAULT_MAX_QUOTES);
  if (!leads.length) return undefined;
  const quotes: Quote[] = leads.map((paragraph) => {
    const citation = citationOf(index, paragraph);
    return {
      text: index.sentenceText(paragraph, 0),
      dates: index.sentenceDates(paragraph, 0).map((d) => ({ phrase: d.phrase, value: d.value })),
      citation,
      citations: [citation],
      score: 0,
    };
  });
  const window = q.time!.window!;
  const notice = windowNotice(window, quotes[0].citation.date) ?? `What the articles of ${window.label} say, newest first:`;
  return { question: text, asOf: options.asOf, answered: true, notice, answer: null, quotes, closest: [] };
}

/** A question about the articles themselves, answered from their front matter. */
function frontMatterAnswer(
  index: CorpusIndex,
  text: string,
  facts: NonNullable<ReturnType<typeof answerFromFrontMatter>>,
  asOf: string | undefined,
): Answer {
  const articles = facts.articles.map((i) => ({ ...articleRef(index.article(i)), authors: index.article(i).authors }));
  const answer: AnswerPhrase | null =
    facts.text === undefined
      ? null
      : { text: facts.text, kind: facts.kind, article: 0, ...(facts.value ? { value: facts.value } : {}), shown: true };
  const notice = facts.notice ? { notice: facts.notice } : {};
  return { question: text, ...(asOf ? { asOf } : {}), answered: true, ...notice, quotes: [], answer, articles, closest: [] };
}

/** "Not in the corpus", with the articles that came closest, so the reader can look for themselves. */
function abstention(
  index: CorpusIndex,
  text: string,
  stamp: { asOf?: string; searched?: string },
  retrieved: Retrieved,
  asOf: string | undefined,
): Answer {
  const closest: ArticleRef[] = [];
  for (const { paragraph } of retrieved.hits) {
    const a = index.article(index.paragraph(paragraph).article);
    if (!closest.some((c) => c.article === a.id)) closest.push(articleRef(a));
    if (closest.length === 3) break;
  }
  const message =
    index.articleCount === 0
      ? EMPTY_CORPUS_MESSAGE
      : asOf && !publishedBy(index, asOf)
        ? `Nothing in the corpus was published by ${displayDate(asOf)}.`
        : NOT_FOUND_MESSAGE;
  return { question: text, ...stamp, answered: false, quotes: [], answer: null, closest, message };
}

/**
 * The quotes: the best sentences that cover enough of the question and score near the best, the same fact told
 * by several articles folded into one quote with every citation; `first`, when given, first.
 */
function chooseQuotes(
  index: CorpusIndex,
  ordered: readonly ScoredSentence[],
  minCoverage: number,
  maxQuotes: number,
  first?: ScoredSentence,
): { lead: ScoredSentence; citations: Citation[] }[] {
  const best = ordered[0];
  const chosen: { lead: ScoredSentence; citations: Citation[] }[] = [];
  const isSame = sameFactChecker();
  for (const c of first ? [first, ...ordered.filter((s) => s !== first)] : ordered) {
    if (c !== first && (c.coverage < minCoverage || c.score < best.score - (1 - RELATIVE_CUTOFF) * Math.abs(best.score))) continue;
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
function sameFact(a: ScoredSentence, b: ScoredSentence, index: CorpusIndex, same: (a: string, b: string) => boolean): boolean {
  if (index.paragraph(a.paragraph).article === index.paragraph(b.paragraph).article) return false;
  return same(a.text, b.text);
}

/**
 * The judged answer as the short answer: the best candidate, at its best mention, in the quote of that mention's
 * sentence (the first quote when it is stated); without a place when no quote holds that sentence.
 */
function judgedPhrase(judgement: Judgement<AnswerCandidate>, chosen: readonly { lead: ScoredSentence }[]): AnswerPhrase {
  const best = judgement.ranked[0];
  const { span, sentence } = best.mentions[0];
  const quote = chosen.findIndex((c) => c.lead === sentence);
  return {
    text: best.text,
    kind: span.kind,
    ...(quote >= 0 ? { quote, start: span.start, end: span.end } : {}),
    ...(span.value !== undefined ? { value: span.value } : {}),
    confidence: Math.round(judgement.confidence * 100) / 100,
    shown: judgement.shown,
  };
}

/** Kinds a quote either holds or does not (a date, a number): without one, a quote cannot answer. */
const STRICT_KINDS = new Set(['date', 'amount', 'count', 'duration', 'distance', 'age']);

/**
 * The short answer as read before candidates were judged (the hand-tuned weights, and the baseline the benches
 * compare with): the phrase model's best span of the first quote that holds one, always stated.
 */
function firstQuotePhrase(
  index: CorpusIndex,
  chosen: readonly { lead: ScoredSentence }[],
  asked: AskedPhrase,
  weights: PhraseFeatureVector,
): AnswerPhrase | null {
  for (let i = 0; i < chosen.length; i++) {
    const spans = asked.spansOf(chosen[i].lead);
    if (!spans) continue;
    const best = spans.reduce((a, b) => (phraseScore(b, weights) > phraseScore(a, weights) ? b : a));
    const { span } = best;
    return {
      text: fullName(index, chosen[i].lead.paragraph, span.kind, span.shown ?? best.words),
      kind: span.kind,
      quote: i,
      start: span.start,
      end: span.end,
      ...(span.value !== undefined ? { value: span.value } : {}),
      shown: true,
    };
  }
  return null;
}

/** When the best report is from outside the time asked about, say so before quoting it. */
function windowNotice(window: TimeWindow, date: string | null): string | undefined {
  if (!date || (date >= window.from && date <= window.to)) return undefined;
  return `Nothing from ${window.label}; the ${date < window.from ? 'latest' : 'closest'} report is from ${displayDate(date)}:`;
}
