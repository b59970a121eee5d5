/**
 * Answering a question with quotes: retrieve the best paragraphs, score every sentence in them by the
 * IDF-weighted concepts of the question it contains (with a little credit for its paragraph's context), favour
 * sentences that hold what the question asks for (a date for "when", an amount for "how much"…), rank newer
 * reports first for questions whose answer changes over time, fold the same fact told by several articles into
 * one quote, and abstain when nothing covers enough of the question.
 */
import { aliasForms, containsAlias } from '../language/acronyms.js';
import { compareValues, dayNumber, daysCovered, displayDate, MONTH_PATTERN, type DateMention } from '../language/dates.js';
import type { TimeWindow } from '../language/question-time.js';
import { namesIn } from '../language/entities.js';
import type { SentenceSpan } from '../language/sentences.js';
import { analyzeQuestion, validateQuestion, type AnalyzedQuestion, type AnswerType, type Concept } from './question.js';
import type { IndexedArticle, NewsIndex } from '../index/news-index.js';
import { sameFactChecker } from '../language/same-fact.js';
import { terms, tokenize } from '../language/analyzer.js';
import { askedKind, findPhrase, measuredTerm, phraseFit, type AnswerPhrase } from './answer-phrase.js';
import { answerFromFrontMatter } from './article-questions.js';
import { bigramOverlap, lengthFeature, novelty, quotedSpeech, termPairs } from './reader-features.js';
import type { PhraseFeatureVector } from './phrase-features.js';
import { scoreFeatures, shippedReaderWeights, type FeatureVector, type ReaderWeights } from './reader.js';

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

/** Paragraphs whose sentences are scored: enough to pool evidence, few enough to stay fast. */
const CANDIDATE_PARAGRAPHS = 12;
/** Below this share of the question's weight, a sentence is noise and the bot abstains. */
export const DEFAULT_MIN_COVERAGE = 0.3;
/** Share of credit a concept gets when it is in the sentence's paragraph but not the sentence. */
const CONTEXT_CREDIT = 0.3;
/** Share of that bonus for a new name whose kind cannot be told, when the question asks for a person, place or organisation. */
const NAME_OF_UNKNOWN_KIND = 0.5;
/** Share of a concept's weight earned through a synonym rather than the question's own word. */
const SYNONYM_CREDIT = 0.8;
// A WordNet relative ("withdrawing" for "pulled out") says the question's word less surely than the thesaurus.
const RELATED_CREDIT = 0.5;
/** Share of a concept's weight earned when it is named by the sentence a pronoun refers back to. */
const ANTECEDENT_CREDIT = 0.7;
const PRONOUN_OPENING =
  /^(?:[“"‘'(]\s*)?(?:He|She|It|They|This|These|That|Those|His|Her|Its|Their|The (?:city|country|company|group|party|team|club|government|move|deal|plan|project))\b/;
/**
 * Articles dated up to this many days after the as-of day still count. None: a day's tolerance for late
 * publication dates measured no gain on the news-2022 quiz (see README).
 */
export const FUTURE_TOLERANCE_DAYS = 0;
/** Weight of an article outside the time the question names ("this week"): used only when nothing inside answers. */
const OUT_OF_WINDOW = 0.3;
/** Weight of an article just outside that time; it falls to OUT_OF_WINDOW, halving the gap every half-life. */
const WINDOW_EDGE = 0.6;
const WINDOW_EDGE_HALF_LIFE_DAYS = 7;
/** Weight of an undated article when the question names a time: it may or may not be from then. */
const UNDATED_IN_WINDOW = 0.5;
/** With no time named, older articles weigh down to this floor, halving their lead over it every half-life. */
const RECENCY_FLOOR = 0.6;
const RECENCY_HALF_LIFE_DAYS = 30;
/**
 * Share of a concept's weight earned when the sentence next to this one (in the paragraph, or across a
 * paragraph break) names it; also the share of a hit's retrieval score its neighbouring paragraphs get.
 */
const NEIGHBOUR_CREDIT = 0.5;
/** How much more a concept of the asking sentence weighs than one of the statement before it. */
const FOCUS_WEIGHT = 2;
/** How many of the best sentences (before their short answer is read) have their short answer read. */
const PHRASE_READ_SENTENCES = 10;
/** Later quotes must score at least this share of the best one. */
const RELATIVE_CUTOFF = 0.6;

/** A paragraph's sentences and words, as scoring reads them. */
interface Reading {
  spans: readonly SentenceSpan[];
  sentenceTerms: Set<string>[];
  /** Each sentence's adjacent pairs of terms ("belt road"). */
  sentencePairs: Set<string>[];
  paragraphTerms: Set<string>;
}

export interface Candidate {
  paragraph: number;
  sentence: number;
  text: string;
  matched: Concept[];
  coverage: number;
  /** The reader's score: its features weighed, times the article's time weight. */
  score: number;
  features: FeatureVector;
  timeWeight: number;
  typeMatch: boolean;
  articleDate: string | null;
}

export function citationOf(index: NewsIndex, paragraph: number): Citation {
  const p = index.paragraphs[paragraph];
  const a = index.articles[p.article];
  return { ...articleRef(a), paragraph: p.number };
}

export function articleRef(a: IndexedArticle): ArticleRef {
  return { article: a.id, title: a.title, source: a.source ?? null, date: a.date ?? null, url: a.url ?? null };
}

/**
 * IDF weight of each concept. A word the corpus never uses (after spelling correction) weighs as much as a
 * word can: the question is about something the corpus does not cover, and should lean towards abstaining.
 */
function conceptWeights(index: NewsIndex, concepts: Concept[]): number[] {
  const known = (t: string) => index.documentFrequency(t) > 0;
  const idfOf = (c: Concept) => {
    const forms = c.alias ? [...c.terms, c.alias.acronymTerm] : c.terms;
    const seen = forms.filter(known);
    return seen.length ? Math.max(...seen.map((t) => index.idf(t))) : undefined;
  };
  const unseen = index.idf('\u0000');
  return concepts.map((c) => (idfOf(c) ?? unseen) * (c.focus ? FOCUS_WEIGHT : 1));
}

/** Every way a concept can be written, as groups of terms that must appear together. */
function conceptForms(c: Concept): string[][] {
  const forms = [c.terms, ...c.synonyms.map((t) => [t])];
  if (c.alias) forms.push(...aliasForms(c.alias));
  return forms;
}

/** How well a set of terms holds a concept: 1 in its own words or acronym, less through a synonym, else 0. */
function matches(termSet: ReadonlySet<string>, c: Concept): number {
  if (c.terms.every((t) => termSet.has(t))) return 1;
  if (c.alias && containsAlias(termSet, c.alias)) return 1;
  if (c.synonyms.some((t) => termSet.has(t))) return SYNONYM_CREDIT;
  return 0;
}

/**
 * How a set of terms says each of the question's concepts, as `matches` does, and else by a WordNet relative
 * (RELATED_CREDIT). The relatives are looked up from the set's side (a term → the concepts it is a relative of):
 * a concept has dozens of them and a sentence a few dozen terms. Each set is read once: sentences, their
 * neighbours and paragraphs share them.
 */
function conceptMatcher(concepts: readonly Concept[]): (set: ReadonlySet<string>, i: number) => number {
  const byRelated = new Map<string, number[]>();
  concepts.forEach((c, i) => c.related.forEach((t) => byRelated.set(t, [...(byRelated.get(t) ?? []), i])));
  const relatedIn = new WeakMap<ReadonlySet<string>, Set<number>>();
  return (set, i) => {
    const m = matches(set, concepts[i]);
    if (m > 0 || byRelated.size === 0) return m;
    let found = relatedIn.get(set);
    if (!found) {
      found = new Set();
      for (const t of set) for (const j of byRelated.get(t) ?? []) found.add(j);
      relatedIn.set(set, found);
    }
    return found.has(i) ? RELATED_CREDIT : 0;
  };
}

// Only tested, never extracted: a digit followed by a unit ("9.2 billion" ends "2 billion"). Spelling out the
// number before it (`\d(?:[\d,.]*\d)?`) found nothing more, but re-read a run of digits from each of them: quadratic.
const AMOUNT =
  /[$€£¥]\s?\d|\d\s?(?:%|percent\b|per cent\b|million\b|billion\b|trillion\b|thousand\b|dollars?\b|euros?\b|pounds?\b|yuan\b|yen\b|tons?\b|tonnes?\b|km\b|kilometres?\b|kilometers?\b|miles?\b|kg\b|ha\b|acres?\b)/i;
const NUMBER_WORD = String.raw`\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|several|twice|once|thrice`;
const NUMBER = new RegExp(String.raw`\b(?:${NUMBER_WORD})\b`, 'i');

// A number's digits are read here at most 100 at a time: after a long run like "1,1,1,…" with no word after it,
// the pattern was tried again from every digit of the run to its end (5 s for a 32,000-character one). A longer
// number with separators still counts, matched from one of its later groups with the same words after it; only
// more than 100 digits in a row, which no news text writes, no longer do.
const COUNTED_NUMBER = NUMBER_WORD.replace(String.raw`\d[\d,.]*`, String.raw`\d[\d,.]{0,99}`);

/** "63 days" for "how many days": a number right before the thing the question counts. */
function countsUnit(text: string, unit: string): boolean {
  const re = new RegExp(String.raw`\b(?:${COUNTED_NUMBER})(?:\s+[\p{L}-]+){0,2}?\s+([\p{L}-]+)`, 'giu');
  for (const m of text.matchAll(re)) if (terms(m[1])[0] === unit) return true;
  return false;
}
const CAPITALISED = /\b\p{Lu}[\p{L}'’-]+/gu;
const YEAR = /\b(1[0-9]|20)\d\d\b/;

/**
 * How well the sentence holds the kind of thing the question asks for, beyond what the question itself says:
 * 1 when it does, NAME_OF_UNKNOWN_KIND for a new name whose kind cannot be told, 0 when it does not.
 */
function answerTypeStrength(
  type: AnswerType,
  text: string,
  dates: () => DateMention[],
  q: AnalyzedQuestion,
  questionTerms: ReadonlySet<string>,
): number {
  const isNew = (phrase: string) => terms(phrase).some((t) => !questionTerms.has(t));
  if (type === 'person' || type === 'place' || type === 'organization') {
    let best = 0;
    for (const name of namesIn(text)) {
      if (!isNew(name.text)) continue;
      if (name.kind === type) return 1;
      if (name.kind === 'unknown') best = NAME_OF_UNKNOWN_KIND;
    }
    return best;
  }
  return holdsAnswerType(type, text, dates, q, isNew) ? 1 : 0;
}

function holdsAnswerType(
  type: AnswerType,
  text: string,
  dates: () => DateMention[],
  q: AnalyzedQuestion,
  isNew: (phrase: string) => boolean,
): boolean {
  switch (type) {
    case 'date':
      return YEAR.test(text) || dates().length > 0;
    case 'amount':
      return AMOUNT.test(text);
    case 'count':
      return NUMBER.test(text.replace(YEAR, ''));
    case 'entity':
      return [...text.matchAll(CAPITALISED)].some((m) => isNew(m[0]));
    case 'definition':
      return q.concepts.some((c) => c.alias && text.includes(`${c.alias.expansion} (${c.alias.acronym})`));
    default:
      return true;
  }
}

/**
 * How much an article counts for a question asked as of `asOf`: 0 when published after it, less outside the
 * time the question names, and, when it names none, less the older it is.
 */
function timeWeights(index: NewsIndex, q: AnalyzedQuestion, asOf: string): Float32Array {
  const now = dayNumber(asOf);
  const window = q.time?.window;
  const from = window ? dayNumber(window.from) : 0;
  const to = window ? dayNumber(window.to) : 0;
  const weightOf = (article: number) => {
    const day = index.articleDay(article);
    if (Number.isNaN(day)) return window ? UNDATED_IN_WINDOW : 1;
    if (day > now + FUTURE_TOLERANCE_DAYS) return 0;
    if (window) {
      if (day >= from && day <= to) return 1;
      // Just outside the window is nearly in it (a report a day early or late); far outside, the floor.
      const distance = day < from ? from - day : day - to;
      return OUT_OF_WINDOW + (WINDOW_EDGE - OUT_OF_WINDOW) * 2 ** (-distance / WINDOW_EDGE_HALF_LIFE_DAYS);
    }
    const age = Math.max(0, now - day);
    return RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 2 ** (-age / RECENCY_HALF_LIFE_DAYS);
  };
  // Once per article, not once per matching paragraph (a common word matches hundreds of thousands).
  const weights = new Float32Array(index.articles.length);
  for (let a = 0; a < weights.length; a++) weights[a] = weightOf(a);
  return weights;
}

/** A cheap look for anything a date could be written with, before the (slow) date resolution. */
const MAY_NAME_A_DATE = new RegExp(`\\d|\\b(?:${MONTH_PATTERN}|Mon|Tue|Wed|Thu|Fri|Sat|Sun|yesterday|today|tonight|ago)`, 'i');

/** Does the sentence name a date inside the question's window, no vaguer than the window itself? */
function mentionsWindow(dates: readonly DateMention[], window: TimeWindow): boolean {
  const wide = dayNumber(window.to) - dayNumber(window.from);
  return dates.some((d) => {
    const [lo, hi] = daysCovered(d.value);
    return lo <= window.to && hi >= window.from && dayNumber(hi) - dayNumber(lo) <= wide;
  });
}

function scoreCandidates(
  index: NewsIndex,
  q: AnalyzedQuestion,
  weights: ReaderWeights,
  timeWeights?: Float32Array,
): { candidates: Candidate[]; paragraphs: number[] } {
  const hits = index.searchParagraphs(q.searchTerms, CANDIDATE_PARAGRAPHS, timeWeights);
  const window = q.time?.window;
  const event = q.time?.event;
  const statesFirst = q.concepts.some((c) => c.focus);
  const conceptWeight = conceptWeights(index, q.concepts);
  const total = conceptWeight.reduce((a, b) => a + b, 0);
  const candidates: Candidate[] = [];
  if (total === 0 || hits.length === 0) return { candidates, paragraphs: hits.map((h) => h.paragraph) };
  // A name the corpus never mentions ("France", "NATO") means the corpus cannot answer.
  if (q.concepts.some((c) => c.entity && !c.terms.some((t) => index.documentFrequency(t) > 0) && !c.alias)) {
    return { candidates, paragraphs: hits.map((h) => h.paragraph) };
  }
  const topScore = hits[0].score;
  // The question as searched: a typo ("Colmbia") must not change how its words meet the sentence's.
  const asked = q.searched ?? q.text;
  const questionTerms = new Set(terms(asked));
  const entityForms = q.concepts.filter((c) => c.entity).map(conceptForms);
  const holdsEntities = new Map<number, boolean>();
  const articleHoldsEntities = (article: number) => {
    let holds = holdsEntities.get(article);
    if (holds === undefined) holdsEntities.set(article, (holds = entityForms.every((forms) => index.articleHolds(article, forms))));
    return holds;
  };
  // Read once per article: most hits share an article, and a raw file's header can make a headline of megabytes.
  const headlines = new Map<number, string[]>();
  const headlineTerms = (a: number) => {
    let list = headlines.get(a);
    if (!list) {
      const { title, standfirst } = index.articles[a];
      headlines.set(a, (list = standfirst ? [...terms(title), ...terms(standfirst)] : terms(title)));
    }
    return list;
  };
  const match = conceptMatcher(q.concepts);
  // Share of the weight of the concepts `kept` that a set of terms holds (0 when they weigh nothing).
  const shareIn = (set: ReadonlySet<string>, kept: (c: Concept) => boolean = () => true) => {
    let held = 0;
    let all = 0;
    q.concepts.forEach((c, i) => {
      if (!kept(c)) return;
      all += conceptWeight[i];
      held += match(set, i) * conceptWeight[i];
    });
    return all > 0 ? held / all : 0;
  };
  // Share of the weight of the words of the topic that a sentence says only by a WordNet relative.
  const topic = q.concepts.map((c, i) => ({ c, i, weight: conceptWeight[i] })).filter(({ c }) => !c.entity);
  const topicWeight = topic.reduce((a, t) => a + t.weight, 0);
  const relatedShare = (set: ReadonlySet<string>) => {
    if (!topicWeight) return 0;
    let held = 0;
    for (const { i, weight } of topic) if (match(set, i) === RELATED_CREDIT) held += weight;
    return held / topicWeight;
  };
  const headlineShares = new Map<number, number>();
  const headlineShare = (a: number) => {
    let share = headlineShares.get(a);
    if (share === undefined) headlineShares.set(a, (share = shareIn(new Set(headlineTerms(a)))));
    return share;
  };
  const questionPairs = termPairs(terms(asked));
  const rarest = conceptWeight.indexOf(Math.max(...conceptWeight));
  const kind = askedKind(q.text);
  // A sentence leans on its paragraph and its article's headline ("the pact" is the one the title names).
  // One pass over a paragraph's words, shared out to its sentences by position; once per paragraph, since
  // hits and their neighbours share paragraphs.
  const readings = new Map<number, Reading>();
  const read = (paragraph: number): Reading => {
    let reading = readings.get(paragraph);
    if (reading) return reading;
    const p = index.paragraphs[paragraph];
    const spans = p.sentences;
    const sentenceTerms = spans.map(() => new Set<string>());
    const sentencePairs = spans.map(() => new Set<string>());
    const paragraphTerms = new Set<string>();
    let s = 0;
    let previous: string | undefined;
    for (const token of tokenize(p.text)) {
      if (!token.term) continue;
      paragraphTerms.add(token.term);
      while (s < spans.length - 1 && token.index >= spans[s].end) {
        s++;
        previous = undefined;
      }
      if (spans.length && token.index >= spans[s].start && token.index < spans[s].end) {
        sentenceTerms[s].add(token.term);
        if (previous) sentencePairs[s].add(`${previous} ${token.term}`);
        previous = token.term;
      }
    }
    for (const t of headlineTerms(p.article)) paragraphTerms.add(t);
    readings.set(paragraph, (reading = { spans, sentenceTerms, sentencePairs, paragraphTerms }));
    return reading;
  };
  const inArticle = (paragraph: number, article: number) =>
    paragraph >= 0 && paragraph < index.paragraphs.length && index.paragraphs[paragraph].article === article;
  // The sentence before or after sentence `s` of `paragraph`, across a paragraph break within the article.
  const beside = (paragraph: number, s: number, step: -1 | 1): Set<string> | undefined => {
    const here = read(paragraph);
    if (s + step >= 0 && s + step < here.sentenceTerms.length) return here.sentenceTerms[s + step];
    const next = paragraph + step;
    if (!inArticle(next, index.paragraphs[paragraph].article)) return undefined;
    const there = read(next).sentenceTerms;
    return step < 0 ? there.at(-1) : there[0];
  };
  // The paragraphs next to each hit are read too: a quiz paraphrases one sentence, and the answer is often the
  // next one, which may share no word with the question.
  const visits: { paragraph: number; score: number; neighbour?: boolean }[] = [...hits];
  const seen = new Set(hits.map((h) => h.paragraph));
  for (const hit of hits) {
    const article = index.paragraphs[hit.paragraph].article;
    for (const p of [hit.paragraph - 1, hit.paragraph + 1]) {
      if (seen.has(p) || !inArticle(p, article)) continue;
      seen.add(p);
      visits.push({ paragraph: p, score: NEIGHBOUR_CREDIT * hit.score, neighbour: true });
    }
  }
  for (const hit of visits) {
    const p = index.paragraphs[hit.paragraph];
    const article = index.articles[p.article];
    // Every name in the question must be somewhere in the article the sentence comes from.
    if (!articleHoldsEntities(p.article)) continue;
    const timeWeight = timeWeights ? timeWeights[p.article] : 1;
    const { spans, sentenceTerms, sentencePairs, paragraphTerms } = read(hit.paragraph);
    const inParagraph = q.concepts.map((_, i) => match(paragraphTerms, i));
    const headline = headlineShare(p.article);
    spans.forEach((span, s) => {
      const text = p.text.slice(span.start, span.end);
      const termSet = sentenceTerms[s];
      // "They also won the championship in 1946": a sentence opening with a pronoun is about what the
      // sentence before it named, so that sentence's words count nearly as its own.
      const antecedent = s > 0 && PRONOUN_OPENING.test(text) ? sentenceTerms[s - 1] : undefined;
      const before = beside(hit.paragraph, s, -1);
      const after = beside(hit.paragraph, s, 1);
      let lexical = 0;
      let near = 0;
      let context = 0;
      const matched: Concept[] = [];
      // A sentence is read only when it or a neighbour says one of the question's words as such: one that says
      // them only by WordNet relatives ("go" for "runs") is too loose a match to weigh at all.
      let said = false;
      q.concepts.forEach((c, i) => {
        const m = match(termSet, i);
        const viaAntecedent = antecedent ? match(antecedent, i) : 0;
        const viaNeighbour = Math.max(before ? match(before, i) : 0, after ? match(after, i) : 0);
        const neighbourSays = viaAntecedent === 0 && viaNeighbour > 0 && viaNeighbour !== RELATED_CREDIT;
        if (m > 0) {
          lexical += m * conceptWeight[i];
          matched.push(c);
          said ||= m !== RELATED_CREDIT || neighbourSays;
        } else if (viaAntecedent > 0) {
          lexical += ANTECEDENT_CREDIT * viaAntecedent * conceptWeight[i];
        } else if (viaNeighbour > 0) {
          near += viaNeighbour * conceptWeight[i];
          said ||= neighbourSays;
        } else if (inParagraph[i] > 0) {
          context += inParagraph[i] * conceptWeight[i];
        }
      });
      if (!said) return;
      // Dates are read only where they count (a "when" question, and the quotes chosen): resolving them is the
      // slowest step, and 12 paragraphs of a long article can hold thousands of sentences.
      const typeStrength = answerTypeStrength(q.answerType, text, () => index.sentenceDates(hit.paragraph, s), q, questionTerms);
      const typeMatch = typeStrength > 0;
      const coverage = (lexical + NEIGHBOUR_CREDIT * near + CONTEXT_CREDIT * context) / total;
      // The time asked about, named by the sentence: the news's own day, or the period of the event asked about.
      const inTime = [window, event].some(
        (w) =>
          w && coverage >= DEFAULT_MIN_COVERAGE && MAY_NAME_A_DATE.test(text) && mentionsWindow(index.sentenceDates(hit.paragraph, s), w),
      );
      const features: FeatureVector = {
        coverage,
        neighbourShare: near / total,
        contextShare: context / total,
        headlineShare: headline,
        bigramOverlap: bigramOverlap(questionPairs, sentencePairs[s]),
        predicateShare: shareIn(termSet, (c) => !c.entity),
        relatedShare: relatedShare(termSet),
        rarestConcept: match(termSet, rarest) > 0 ? 1 : 0,
        focusShare: shareIn(termSet, (c) => !!c.focus),
        novelty: novelty(termSet, questionTerms),
        askedKind: typeStrength,
        askedKindStated: statesFirst ? typeStrength : 0,
        answerPhrase: 0,
        answerPhraseFit: 0,
        countedUnit: q.unit && countsUnit(text, q.unit) ? 1 : 0,
        inTime: inTime ? 1 : 0,
        retrieval: hit.score / topScore,
        neighbourParagraph: hit.neighbour ? 1 : 0,
        leadParagraph: p.number === 1 ? 1 : 0,
        firstSentence: s === 0 ? 1 : 0,
        quotedSpeech: quotedSpeech(text),
        length: lengthFeature(text),
        base: 1,
      };
      candidates.push({
        paragraph: hit.paragraph,
        sentence: s,
        text,
        matched,
        coverage,
        score: scoreFeatures(features, timeWeight, weights),
        features,
        timeWeight,
        typeMatch,
        articleDate: article.date ?? null,
      });
    });
  }
  // The short answer a sentence would give: read (dates, names, noun phrases: the slow part) only for the
  // sentences that could be quoted and lead the ranking without it, then scored again.
  if (kind) {
    const leading = candidates
      .filter((c) => c.coverage >= DEFAULT_MIN_COVERAGE)
      .sort(byScore(index))
      .slice(0, PHRASE_READ_SENTENCES);
    for (const c of leading) {
      const fit = phraseFit(asked, kind, { text: c.text, dates: kind === 'date' ? index.sentenceDates(c.paragraph, c.sentence) : [] });
      if (fit === undefined) continue;
      c.features.answerPhrase = 1;
      c.features.answerPhraseFit = Math.min(1, fit / 3);
      c.score = scoreFeatures(c.features, c.timeWeight, weights);
    }
  }
  return { candidates, paragraphs: hits.map((h) => h.paragraph) };
}

/**
 * Best score first; equal scores in the corpus's order (article id, paragraph, sentence), not the order the
 * articles were indexed in, so an incremental reindex ranks as a full one.
 */
function byScore(index: NewsIndex): (a: Candidate, b: Candidate) => number {
  const articleId = (c: Candidate) => index.articles[index.paragraphs[c.paragraph].article].id;
  return (a, b) =>
    b.score - a.score ||
    compareValues(articleId(a), articleId(b)) ||
    index.paragraphs[a.paragraph].number - index.paragraphs[b.paragraph].number ||
    a.sentence - b.sentence;
}

/**
 * For questions whose answer changes over time, among sentences that say about as much, the newest report
 * comes first: "has yet to join" (2023) must not outrank "signed" (2025).
 */
function rankByRecency(candidates: Candidate[]): Candidate[] {
  const dated = candidates.filter((c) => c.articleDate);
  if (dated.length < 2) return candidates;
  const best = candidates[0];
  const band = candidates.filter(
    (c) => c.coverage >= best.coverage - 0.15 && c.score >= best.score - 0.25 && (c.typeMatch || !best.typeMatch),
  );
  const inBand = new Set(band);
  const rest = candidates.filter((c) => !inBand.has(c)); // a Set: the band can be thousands of sentences
  band.sort((a, b) => compareValues(b.articleDate ?? '', a.articleDate ?? '') || b.score - a.score);
  return [...band, ...rest];
}

/** The same fact, told by two articles. */
function sameFact(a: Candidate, b: Candidate, index: NewsIndex, same: (a: string, b: string) => boolean): boolean {
  if (index.paragraphs[a.paragraph].article === index.paragraphs[b.paragraph].article) return false;
  return same(a.text, b.text);
}

/**
 * The sentences the reader weighs for a question, each with its features and score, best first; none for a
 * question about the articles themselves. For training and for `--explain`.
 */
export function readerCandidates(index: NewsIndex, question: string, options: AnswerOptions = {}): Candidate[] {
  const text = validateQuestion(question);
  if (answerFromFrontMatter(index, text, options.asOf)) return [];
  return weighSentences(index, analyzeQuestion(text, index, options.asOf), options).candidates;
}

/** The reader's candidate sentences for an analysed question, best first, and the paragraphs retrieved. */
function weighSentences(index: NewsIndex, q: AnalyzedQuestion, options: AnswerOptions): { candidates: Candidate[]; paragraphs: number[] } {
  const weights = options.weights ?? shippedReaderWeights();
  const read = scoreCandidates(index, q, weights, options.asOf ? timeWeights(index, q, options.asOf) : undefined);
  read.candidates.sort(byScore(index));
  return read;
}

/** Answer one question from the index. Throws QuestionError for input that is not a question. */
export function answerQuestion(index: NewsIndex, question: string, options: AnswerOptions = {}): Answer {
  const text = validateQuestion(question);
  const maxQuotes = options.maxQuotes ?? DEFAULT_MAX_QUOTES;
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const asOf = options.asOf;
  const facts = answerFromFrontMatter(index, text, asOf);
  if (facts) {
    const articles = facts.articles.map((i) => ({ ...articleRef(index.articles[i]), authors: index.articles[i].authors }));
    const answer: AnswerPhrase | null =
      facts.text === undefined ? null : { text: facts.text, kind: facts.kind, article: 0, ...(facts.value ? { value: facts.value } : {}) };
    const notice = facts.notice ? { notice: facts.notice } : {};
    return { question: text, ...(asOf ? { asOf } : {}), answered: true, ...notice, quotes: [], answer, articles, closest: [] };
  }
  const q = analyzeQuestion(text, index, asOf);
  const weights = options.weights ?? shippedReaderWeights();
  const { candidates, paragraphs } = weighSentences(index, q, { ...options, weights });
  const stamp = { ...(asOf ? { asOf } : {}), ...(q.searched ? { searched: q.searched } : {}) };
  const ranked = q.temporal ? rankByRecency(candidates) : candidates;
  const best = ranked[0];

  const abstain = (): Answer => {
    const closest: ArticleRef[] = [];
    for (const p of paragraphs) {
      const a = index.articles[index.paragraphs[p].article];
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
  };
  if (!best || best.coverage < minCoverage) return abstain();

  const chosen: { lead: Candidate; citations: Citation[] }[] = [];
  const isSame = sameFactChecker();
  for (const c of ranked) {
    if (c.coverage < minCoverage || c.score < best.score - (1 - RELATIVE_CUTOFF) * Math.abs(best.score)) continue;
    const same = chosen.find((q) => sameFact(q.lead, c, index, isSame));
    if (same) {
      const citation = citationOf(index, c.paragraph);
      if (!same.citations.some((x) => x.article === citation.article)) same.citations.push(citation);
      continue;
    }
    if (chosen.length < maxQuotes) chosen.push({ lead: c, citations: [citationOf(index, c.paragraph)] });
  }

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

/** Is any article dated on or before `asOf` (or undated)? */
function publishedBy(index: NewsIndex, asOf: string): boolean {
  const last = dayNumber(asOf) + FUTURE_TOLERANCE_DAYS;
  return index.articles.some((_, i) => !(index.articleDay(i) > last));
}

/** When the best report is from outside the time asked about, say so before quoting it. */
function windowNotice(window: TimeWindow, date: string | null): string | undefined {
  if (!date || (date >= window.from && date <= window.to)) return undefined;
  return `Nothing from ${window.label}; the ${date < window.from ? 'latest' : 'closest'} report is from ${displayDate(date)}:`;
}
