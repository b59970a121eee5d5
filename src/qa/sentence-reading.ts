/**
 * Stage 2 of answering: every sentence of the paragraphs read, with the reader's features (qa/reader-features.ts).
 * The question's concepts are weighed by IDF; a sentence earns a concept's weight by saying it (less through a
 * synonym or a WordNet relative), part of it when the sentence a pronoun refers to, a neighbouring sentence or
 * its paragraph and headline says it. Features that read only the text are in reader-features.ts; the ones that
 * read the concepts are computed here, where the concepts are matched.
 */
import { aliasForms, containsAlias } from '../language/acronyms.js';
import { daysCovered, dayNumber, MONTH_PATTERN, type DateMention } from '../language/dates.js';
import type { TimeWindow } from '../language/question-time.js';
import { namesIn } from '../language/entities.js';
import type { SentenceSpan } from '../language/sentences.js';
import { terms, tokenize } from '../language/analyzer.js';
import type { CorpusIndex } from '../index/news-index.js';
import type { AnalyzedQuestion, AnswerType, Concept } from './question.js';
import { bigramOverlap, lengthFeature, novelty, quotedSpeech, termPairs, type FeatureVector } from './reader-features.js';
import { inArticle, NEIGHBOUR_CREDIT, type ParagraphVisit, type Retrieved } from './retrieve.js';

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
/** How much more a concept of the asking sentence weighs than one of the statement before it. */
const FOCUS_WEIGHT = 2;

/** A sentence of a paragraph read, with what the reader weighs (its score comes in the next stage). */
export interface SentenceReading {
  paragraph: number;
  sentence: number;
  text: string;
  matched: Concept[];
  /** Share of the question's IDF weight the sentence holds, with credit from its neighbours and paragraph. */
  coverage: number;
  /** The reader's features; `answerPhrase` and `answerPhraseFit` are 0 until the reader reads the short answer. */
  features: FeatureVector;
  /** The article's time weight (1 when the question is not asked as of a day). */
  timeWeight: number;
  /** It holds the kind of thing asked for. */
  typeMatch: boolean;
  articleDate: string | null;
}

/** A paragraph's sentences and words, as scoring reads them. */
interface Reading {
  spans: readonly SentenceSpan[];
  sentenceTerms: Set<string>[];
  /** Each sentence's adjacent pairs of terms ("belt road"). */
  sentencePairs: Set<string>[];
  paragraphTerms: Set<string>;
}

/** How a sentence says the question's concepts: its credit in each place, and whether it says any as such. */
interface ConceptCredit {
  lexical: number;
  near: number;
  context: number;
  matched: Concept[];
  said: boolean;
}

/** Every sentence of the paragraphs retrieved, with its features; none when the corpus cannot answer. */
export function readSentences(index: CorpusIndex, q: AnalyzedQuestion, retrieved: Retrieved): SentenceReading[] {
  if (retrieved.hits.length === 0) return [];
  const reader = new SentenceReader(index, q, retrieved);
  if (reader.total === 0 || reader.namesUnknownEntity()) return [];
  const out: SentenceReading[] = [];
  for (const visit of retrieved.visits) reader.readParagraph(visit, out);
  return out;
}

/** The state of reading one question's paragraphs: its concepts' weights and matcher, and per-paragraph caches. */
class SentenceReader {
  readonly conceptWeight: number[];
  readonly total: number;
  private readonly match: (set: ReadonlySet<string>, i: number) => number;
  private readonly questionTerms: Set<string>;
  private readonly questionPairs: Set<string>;
  private readonly rarest: number;
  private readonly statesFirst: boolean;
  private readonly topScore: number;
  private readonly topicWeight: number;
  private readonly readings = new Map<number, Reading>();
  private readonly headlines = new Map<number, string[]>();
  private readonly headlineShares = new Map<number, number>();
  private readonly holdsEntities = new Map<number, boolean>();
  private readonly entityForms: string[][][];

  constructor(
    private readonly index: CorpusIndex,
    private readonly q: AnalyzedQuestion,
    private readonly retrieved: Retrieved,
  ) {
    this.conceptWeight = conceptWeights(index, q.concepts);
    this.total = this.conceptWeight.reduce((a, b) => a + b, 0);
    this.match = conceptMatcher(q.concepts);
    // The question as searched: a typo ("Colmbia") must not change how its words meet the sentence's.
    const asked = q.searched ?? q.text;
    this.questionTerms = new Set(terms(asked));
    this.questionPairs = termPairs(terms(asked));
    this.rarest = this.conceptWeight.indexOf(Math.max(...this.conceptWeight));
    this.statesFirst = q.concepts.some((c) => c.focus);
    this.topScore = retrieved.hits[0]?.score ?? 1;
    this.topicWeight = q.concepts.reduce((a, c, i) => a + (c.entity ? 0 : this.conceptWeight[i]), 0);
    this.entityForms = q.concepts.filter((c) => c.entity).map(conceptForms);
  }

  /** A name the corpus never mentions ("France", "NATO") means the corpus cannot answer. */
  namesUnknownEntity(): boolean {
    return this.q.concepts.some((c) => c.entity && !c.terms.some((t) => this.index.documentFrequency(t) > 0) && !c.alias);
  }

  /** Read every sentence of one paragraph into `out`. */
  readParagraph(visit: ParagraphVisit, out: SentenceReading[]): void {
    const p = this.index.paragraph(visit.paragraph);
    // Every name in the question must be somewhere in the article the sentence comes from.
    if (!this.articleHoldsEntities(p.article)) return;
    const timeWeight = this.retrieved.timeWeights ? this.retrieved.timeWeights[p.article] : 1;
    const { spans, sentenceTerms } = this.read(visit.paragraph);
    const inParagraph = this.q.concepts.map((_, i) => this.match(this.read(visit.paragraph).paragraphTerms, i));
    const articleDate = this.index.article(p.article).date ?? null;
    spans.forEach((span, s) => {
      const text = p.text.slice(span.start, span.end);
      // "They also won the championship in 1946": a sentence opening with a pronoun is about what the
      // sentence before it named, so that sentence's words count nearly as its own.
      const antecedent = s > 0 && PRONOUN_OPENING.test(text) ? sentenceTerms[s - 1] : undefined;
      const credit = this.conceptCredit(sentenceTerms[s], antecedent, visit.paragraph, s, inParagraph);
      if (!credit.said) return;
      const coverage = (credit.lexical + NEIGHBOUR_CREDIT * credit.near + CONTEXT_CREDIT * credit.context) / this.total;
      const typeStrength = this.typeStrength(text, visit.paragraph, s);
      out.push({
        paragraph: visit.paragraph,
        sentence: s,
        text,
        matched: credit.matched,
        coverage,
        features: this.featuresOf(visit, s, text, credit, coverage, typeStrength),
        timeWeight,
        typeMatch: typeStrength > 0,
        articleDate,
      });
    });
  }

  /**
   * How the sentence says each concept: as such, through the sentence a pronoun refers to, through a neighbour,
   * or only in its paragraph. A sentence is read only when it or a neighbour says one of the question's words as
   * such: one that says them only by WordNet relatives ("go" for "runs") is too loose a match to weigh at all.
   */
  private conceptCredit(
    termSet: ReadonlySet<string>,
    antecedent: ReadonlySet<string> | undefined,
    paragraph: number,
    s: number,
    inParagraph: readonly number[],
  ): ConceptCredit {
    const before = this.beside(paragraph, s, -1);
    const after = this.beside(paragraph, s, 1);
    const credit: ConceptCredit = { lexical: 0, near: 0, context: 0, matched: [], said: false };
    this.q.concepts.forEach((c, i) => {
      const weight = this.conceptWeight[i];
      const m = this.match(termSet, i);
      const viaAntecedent = antecedent ? this.match(antecedent, i) : 0;
      const viaNeighbour = Math.max(before ? this.match(before, i) : 0, after ? this.match(after, i) : 0);
      const neighbourSays = viaAntecedent === 0 && viaNeighbour > 0 && viaNeighbour !== RELATED_CREDIT;
      if (m > 0) {
        credit.lexical += m * weight;
        credit.matched.push(c);
        credit.said ||= m !== RELATED_CREDIT || neighbourSays;
      } else if (viaAntecedent > 0) {
        credit.lexical += ANTECEDENT_CREDIT * viaAntecedent * weight;
      } else if (viaNeighbour > 0) {
        credit.near += viaNeighbour * weight;
        credit.said ||= neighbourSays;
      } else if (inParagraph[i] > 0) {
        credit.context += inParagraph[i] * weight;
      }
    });
    return credit;
  }

  /**
   * How well the sentence holds what the question asks for. Dates are read only where they count (a "when"
   * question, and the quotes chosen): resolving them is the slowest step, and 12 paragraphs of a long article
   * can hold thousands of sentences.
   */
  private typeStrength(text: string, paragraph: number, s: number): number {
    return answerTypeStrength(this.q.answerType, text, () => this.index.sentenceDates(paragraph, s), this.q, this.questionTerms);
  }

  private featuresOf(
    visit: ParagraphVisit,
    s: number,
    text: string,
    credit: ConceptCredit,
    coverage: number,
    typeStrength: number,
  ): FeatureVector {
    const p = this.index.paragraph(visit.paragraph);
    const termSet = this.read(visit.paragraph).sentenceTerms[s];
    const window = this.q.time?.window;
    // The time asked about, named by the sentence: the news's own day, or the period of the event asked about.
    const inTime = [window, this.q.time?.event].some(
      (w) =>
        w &&
        coverage >= DEFAULT_MIN_COVERAGE &&
        MAY_NAME_A_DATE.test(text) &&
        mentionsWindow(this.index.sentenceDates(visit.paragraph, s), w),
    );
    return {
      coverage,
      neighbourShare: credit.near / this.total,
      contextShare: credit.context / this.total,
      headlineShare: this.headlineShare(p.article),
      bigramOverlap: bigramOverlap(this.questionPairs, this.read(visit.paragraph).sentencePairs[s]),
      predicateShare: this.shareIn(termSet, (c) => !c.entity),
      relatedShare: this.relatedShare(termSet),
      rarestConcept: this.match(termSet, this.rarest) > 0 ? 1 : 0,
      focusShare: this.shareIn(termSet, (c) => !!c.focus),
      novelty: novelty(termSet, this.questionTerms),
      askedKind: typeStrength,
      askedKindStated: this.statesFirst ? typeStrength : 0,
      answerPhrase: 0,
      answerPhraseFit: 0,
      countedUnit: this.q.unit && countsUnit(text, this.q.unit) ? 1 : 0,
      inTime: inTime ? 1 : 0,
      retrieval: visit.score / this.topScore,
      neighbourParagraph: visit.neighbour ? 1 : 0,
      leadParagraph: p.number === 1 ? 1 : 0,
      firstSentence: s === 0 ? 1 : 0,
      quotedSpeech: quotedSpeech(text),
      length: lengthFeature(text),
      base: 1,
    };
  }

  /** Share of the weight of the concepts `kept` that a set of terms holds (0 when they weigh nothing). */
  private shareIn(set: ReadonlySet<string>, kept: (c: Concept) => boolean = () => true): number {
    let held = 0;
    let all = 0;
    this.q.concepts.forEach((c, i) => {
      if (!kept(c)) return;
      all += this.conceptWeight[i];
      held += this.match(set, i) * this.conceptWeight[i];
    });
    return all > 0 ? held / all : 0;
  }

  /** Share of the weight of the words of the topic that a sentence says only by a WordNet relative. */
  private relatedShare(set: ReadonlySet<string>): number {
    if (!this.topicWeight) return 0;
    let held = 0;
    this.q.concepts.forEach((c, i) => {
      if (!c.entity && this.match(set, i) === RELATED_CREDIT) held += this.conceptWeight[i];
    });
    return held / this.topicWeight;
  }

  private articleHoldsEntities(article: number): boolean {
    let holds = this.holdsEntities.get(article);
    if (holds === undefined)
      this.holdsEntities.set(article, (holds = this.entityForms.every((forms) => this.index.articleHolds(article, forms))));
    return holds;
  }

  /** Read once per article: most hits share an article, and a raw file's header can make a headline of megabytes. */
  private headlineTerms(a: number): string[] {
    let list = this.headlines.get(a);
    if (!list) {
      const { title, standfirst } = this.index.article(a);
      this.headlines.set(a, (list = standfirst ? [...terms(title), ...terms(standfirst)] : terms(title)));
    }
    return list;
  }

  private headlineShare(a: number): number {
    let share = this.headlineShares.get(a);
    if (share === undefined) this.headlineShares.set(a, (share = this.shareIn(new Set(this.headlineTerms(a)))));
    return share;
  }

  /**
   * A paragraph's sentences' terms and pairs, and its own terms with its headline's: a sentence leans on its
   * paragraph and its article's headline ("the pact" is the one the title names). One pass over a paragraph's
   * words, shared out to its sentences by position; once per paragraph, since hits and their neighbours share
   * paragraphs.
   */
  private read(paragraph: number): Reading {
    let reading = this.readings.get(paragraph);
    if (reading) return reading;
    const p = this.index.paragraph(paragraph);
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
    for (const t of this.headlineTerms(p.article)) paragraphTerms.add(t);
    this.readings.set(paragraph, (reading = { spans, sentenceTerms, sentencePairs, paragraphTerms }));
    return reading;
  }

  /** The sentence before or after sentence `s` of `paragraph`, across a paragraph break within the article. */
  private beside(paragraph: number, s: number, step: -1 | 1): Set<string> | undefined {
    const here = this.read(paragraph);
    if (s + step >= 0 && s + step < here.sentenceTerms.length) return here.sentenceTerms[s + step];
    const next = paragraph + step;
    if (!inArticle(this.index, next, this.index.paragraph(paragraph).article)) return undefined;
    const there = this.read(next).sentenceTerms;
    return step < 0 ? there.at(-1) : there[0];
  }
}

/**
 * IDF weight of each concept. A word the corpus never uses (after spelling correction) weighs as much as a
 * word can: the question is about something the corpus does not cover, and should lean towards abstaining.
 */
function conceptWeights(index: CorpusIndex, concepts: Concept[]): number[] {
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
