/**
 * The answer phrase: the shortest span of a quote that answers a factoid question ("When did Colombia join
 * BRI?" → "Monday" = Mon 12 May 2025; "Who…" → a person's name; "How much…" → "$9.2 billion"). Candidates of
 * the asked kind are read from the sentence (dates as the corpus resolved them, amounts and counts by pattern,
 * names with their kind from language/entities, noun phrases from language/noun-phrases), words the question
 * itself says are never the answer, and among the rest the one nearest the question's words in the sentence
 * wins: a quote answers next to where it repeats the question.
 */
import { displayDate, MONTH_PATTERN } from '../language/dates.js';
import { namesIn, type NameMention } from '../language/entities.js';
import { isDemonym, isKnownWord, lexiconTags } from '../language/names.js';
import { nounPhrases } from '../language/noun-phrases.js';
import { terms, tokenize } from '../language/analyzer.js';
import { numberValue } from '../language/numbers.js';
import {
  capitalisedRuns,
  capitalisedShare,
  endsInAdjective,
  HAND_TUNED_PHRASE_WEIGHTS,
  holdsTimeWord,
  insideBrackets,
  PHRASE_FEATURES,
  type PhraseFeatureVector,
} from './phrase-features.js';
import {
  askingClause,
  countedUnit,
  ORGANIZATION_NOUNS as QUESTION_ORGANIZATION_NOUNS,
  PERSON_NOUNS as QUESTION_PERSON_NOUNS,
  PLACE_NOUNS as QUESTION_PLACE_NOUNS,
} from './question.js';

/** What kind of thing an answer phrase is. */
export type PhraseKind =
  | 'date'
  | 'amount'
  | 'count'
  | 'duration'
  | 'distance'
  | 'age'
  | 'person'
  | 'place'
  | 'organization'
  | 'thing'
  | 'author'
  | 'published'
  | 'source';

export interface AnswerPhrase {
  /** What to show: the words of the quote, or for a date written relatively ("on Monday") its resolved day. */
  text: string;
  kind: PhraseKind;
  /** Index of the quote it comes from (in `Answer.quotes`); absent when no quote holds it (an unstated candidate). */
  quote?: number;
  /** For an answer from the front matter: index of the article it comes from (in `Answer.articles`). */
  article?: number;
  /** Where the words are in that quote's text, to bold them; absent for answers from the front matter, and when no quote holds them. */
  start?: number;
  end?: number;
  /** A date (YYYY, YYYY-MM or YYYY-MM-DD) or a number, when the phrase is one. */
  value?: string | number;
  /** The probability that it is right (two decimals), when the answer was judged (qa/confidence.ts). */
  confidence?: number;
  /** Whether the bot states it: false for a guess below the confidence threshold, which is shown without a verdict. */
  shown?: boolean;
}

/** A span of a sentence that may answer. */
export interface PhraseSpan {
  start: number;
  end: number;
  kind: PhraseKind;
  value?: string | number;
  /** What to show, when it is not the span's own words. */
  shown?: string;
}

const TIME_UNIT = 'seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century';
const DISTANCE_UNIT = 'km|kilometres?|kilometers?|miles?|mi|metres?|meters?|m|feet|ft|inches|yards?|light[- ]years?';
const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|several|a few|a dozen|half an?|half';
const SCALE = 'million|billion|trillion|thousand|hundred|bn|mn|m|k';
// Words that hedge a number ("about 3,000", "more than 120,000").
const NUMBER_HEDGE =
  'about|around|roughly|nearly|almost|over|under|more than|less than|fewer than|at least|up to|some|approximately|an estimated';
// A number as news writes it: "1,200", "9.2", "3⁄4", "twenty-five", "a few", with "about" or "more than" before it.
const NUMBER = String.raw`(?:(?:${NUMBER_HEDGE})\s+)?(?:\d[\d,.]{0,40}(?:\s?[⁄/]\s?\d+)?|(?:${NUMBER_WORDS})(?:[- ](?:${NUMBER_WORDS}))*)(?:\s(?:${SCALE})\b)?`;
const AMOUNT_PATTERN = new RegExp(
  String.raw`(?:(?:US|A|C|HK|NZ|S)?[$€£¥₹]\s?\d[\d,.]{0,40}(?:\s?(?:${SCALE})\b)?|${NUMBER}\s?(?:%|percent\b|per cent\b|percentage points?\b|(?:(?:US\s)?dollars?|euros?|pounds?(?: sterling)?|yuan|yen|rupees?|pesos?|francs?|won|rubles?|roubles?)\b))`,
  'giu',
);
// Units an amount ends with, dropped before its number words are read.
const UNIT_WORDS = String.raw`%|percent|per cent|percentage points?|(?:US\s)?dollars?|euros?|pounds?(?: sterling)?|yuan|yen|rupees?|pesos?|francs?|won|rubles?|roubles?`;
const COUNT_PATTERN = new RegExp(String.raw`\b${NUMBER}(?![\p{L}\d-])`, 'giu');
const DURATION_PATTERN = new RegExp(String.raw`\b${NUMBER}(?:\s|-)(?:${TIME_UNIT})\b`, 'giu');
const DISTANCE_PATTERN = new RegExp(String.raw`\b${NUMBER}\s?(?:${DISTANCE_UNIT})\b`, 'giu');
// "74-year-old", "aged 74", and the news's age after a name: "Ana Ferreira, 58, said…".
const AGE_PATTERN = new RegExp(
  String.raw`\b${NUMBER}(?:[\s-](?:${TIME_UNIT}))?(?:[\s-]old\b|-year-old\b)|\baged?\s\d+|(?<=\p{Lu}[\p{L}'’.-]*,\s)(?:1[01]\d|[1-9]?\d)(?=,)`,
  'giu',
);
const YEAR_ONLY = /^(?:1[0-9]|20)\d\d$/;
// Times the date resolver leaves alone, having no day to resolve: years, centuries, eras, "3.5 billion years ago".
const DATE_WORDS = new RegExp(
  String.raw`\b(?:(?:early|late|mid|the)[\s-]+)?(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[\s-]centur(?:y|ies)(?:\s(?:BCE?|AD|CE))?|\b(?:about\s|around\s|some\s)?[\d.,–-]+\s(?:million\s|billion\s|thousand\s)?years\sago|\b(?:${MONTH_PATTERN})\.?\s\d{1,2}(?:,?\s\d{4})?\b|\b\d{1,2}\s(?:${MONTH_PATTERN})\b(?:\s\d{4})?|\b(?:1[0-9]|20)\d\d(?:s)?\b|\b(?:Christmas(?:\sEve|\sDay)?|New\sYear's(?:\sEve|\sDay)?|Easter|Midsummer(?:'s|’s)?\s(?:Night|Eve|Day))\b|\b(?:the\s)?(?:First|Second)\sWorld\sWar\b|\bWorld\sWar\s(?:I|II|One|Two)\b`,
  'giu',
);

// The nouns that tell the kind of name asked for, as question analysis reads them, and a few more that only
// the phrase reads (ranking was measured with the shorter lists).
const PERSON_NOUNS = `${QUESTION_PERSON_NOUNS}|architect|astronaut|inventor|philosopher|poet|pope|rapper|musician|athlete|star|host|journalist|reporter|commander|owner|successor|predecessor|husband|wife|son|daughter|father|mother|striker|goalkeeper|quarterback|golfer|celebrity|comedian|billionaire|entrepreneur|businessman|businesswoman|lawmaker|congressman|congresswoman|superstar`;
const PLACE_NOUNS = `${QUESTION_PLACE_NOUNS}|village|neighbourhood|neighborhood|port|river|lake|mountain|sea|ocean|airport|stadium`;
const ORGANIZATION_NOUNS = `${QUESTION_ORGANIZATION_NOUNS}|institution|school`;

const PERSON_ASKED = new RegExp(`\\b(?:which|what) (?:\\w+ )?(?:${PERSON_NOUNS})\\b`);
const PLACE_ASKED = new RegExp(`\\b(?:which|what) (?:\\w+ ){0,2}(?:${PLACE_NOUNS})\\b`);
const ORGANIZATION_ASKED = new RegExp(`\\b(?:which|what) (?:\\w+ ){0,2}(?:${ORGANIZATION_NOUNS})\\b`);

/** The asking sentence of a question, in lower case with single spaces. */
function askingText(question: string): string {
  return askingClause(question.toLowerCase().replace(/\s+/g, ' ').trim());
}

/**
 * The kind of phrase a question asks for, or undefined when it asks for no short phrase ("Why…", "How did…",
 * "What did X say about…", yes/no questions): then the quotes answer alone.
 */
export function askedKind(question: string): PhraseKind | undefined {
  const q = askingText(question);
  if (
    /^(?:why|how come)\b|\bwhat (?:did|does|do|will|would|has|have|is|was|are|were) [\w\s,'’-]*\b(?:say|said|says|think|mean|do|happen|happened|tell|told|want|announce|argue|claim)\b|^what happened\b|\bwhat for\b/.test(
      q,
    )
  )
    return undefined;
  if (/^(?:when|since when|until when)\b|\b(?:what|which) (?:year|date|month|day|decade|century|time)\b|\bhow long ago\b/.test(q))
    return 'date';
  if (/\bhow (?:old|young)\b|\bwhat age\b|\bat what age\b/.test(q)) return 'age';
  if (/\bhow long\b|\bfor how many (?:years|months|days|weeks|hours)\b/.test(q)) return 'duration';
  if (/\bhow (?:far|high|tall|deep|wide|big|large|long is)\b|\bwhat (?:distance|height|length|depth|size|area)\b/.test(q))
    return 'distance';
  const measure = MEASURE_ASKED.exec(q)?.[1];
  if (/\bhow many\b|\bhow man\b/.test(q) || (measure && COUNT_MEASURES.test(measure))) return 'count';
  if (/\bhow much\b/.test(q) || measure) return 'amount';
  if (/^(?:who|whom|whose)\b|\b(?:by|for|to|with|from|among|between) (?:who|whom)\b/.test(q) || PERSON_ASKED.test(q)) return 'person';
  if (/^where\b|\bwhere (?:is|was|are|were|did|does|do)\b/.test(q) || PLACE_ASKED.test(q)) return 'place';
  if (ORGANIZATION_ASKED.test(q)) return 'organization';
  if (/\b(?:what|which)\b|^name\b|_{2,}/.test(q)) return 'thing';
  // A sentence left open for the answer ("Telnet was sold to"), not a search for words ("colombia bri").
  if (!/[?]/.test(q) && /\s(?:to|of|by|as|for|from|with|into|is|was|are|were|called|named)$/.test(q)) return 'thing';
  return undefined;
}

/**
 * Whether the question asks for the object of its verb or preposition ("What did Warsz own?", "What is it based
 * on?"), whose answer the sentence writes after the question's last word.
 */
function objectAsked(question: string): boolean {
  const q = askingText(question);
  return (
    /\b(?:what|which)(?: [\p{L}'’-]+){0,3}? (?:did|does|do|will|would|can|could|should|might|may)\b/u.test(q) ||
    /\b(?:of|on|from|to|with|by|for|in|into|about|as)\s*\?*$/.test(q)
  );
}

const AUXILIARY = /^(?:is|was|are|were|be|been|did|does|do|has|have|had|will|would|can|could|should|might|may|must)$/;

/**
 * For a question that asks who did something ("Who selected the first Apollo crew?"), the candidate
 * that is the subject of that verb in the sentence: the last one before the verb, or, when an aside set off by
 * commas comes between ("Deke Slayton, the grounded astronaut who…, selected"), the last one before the aside.
 */
function subjectBefore(question: string, text: string, candidates: readonly Candidate[]): Candidate | undefined {
  const m = /^who ([\p{L}-]+)/u.exec(askingText(question));
  if (!m || AUXILIARY.test(m[1])) return undefined;
  const verb = terms(m[1])[0];
  const at = verb ? tokenize(text).find((t) => t.term === verb) : undefined;
  if (!at) return undefined;
  let end = at.index;
  const before = text.slice(0, end).trimEnd();
  if (before.endsWith(',')) {
    const open = before.slice(0, -1).indexOf(',');
    if (open > 0) end = open;
  }
  let found: Candidate | undefined;
  for (const c of candidates) if (c.end <= end && (!found || c.end > found.end)) found = c;
  return found;
}

/** Words of the question that name what it asks for ("what type of architecture" → architecture). */
function askedNoun(question: string): string | undefined {
  const m = /\b(?:what|which)\s+(?:(?:kind|type|sort|form|name|part|piece)\s+of\s+)?([\p{L}-]+)/iu.exec(question);
  const word = m && !AUXILIARY.test(m[1].toLowerCase()) ? m[1] : undefined;
  return word && !GENERIC_MEASURE.test(word) ? terms(word)[0] : undefined;
}

interface Quoted {
  text: string;
  dates: readonly { phrase: string; value: string }[];
}

/**
 * Every span of `sentence` of the asked kind that is not the question's own words, in the order the sentence
 * has them (before any ranking: bench/quality.ts takes the first as a baseline).
 */
export function phraseCandidates(question: string, kind: PhraseKind, sentence: Quoted): Candidate[] {
  const questionTerms = new Set(terms(question));
  // "How many days…": the number that counts days.
  return candidatesOf(kind, sentence, question, countedUnit(question))
    .filter((c) => {
      const words = terms(sentence.text.slice(c.start, c.end));
      // A name or noun phrase the question already says is not news to the reader; a number may be.
      if (kind === 'person' || kind === 'place' || kind === 'organization')
        return words.length > 0 && !words.some((t) => questionTerms.has(t));
      return kind === 'thing'
        ? words.some((t) => !questionTerms.has(t))
        : !words.length || words.some((t) => !questionTerms.has(t)) || /\d/.test(sentence.text.slice(c.start, c.end));
    })
    .sort((a, b) => a.start - b.start);
}

/**
 * The span of `sentence` that answers a question asking for `kind`, among candidates that are not the
 * question's own words, the best by the phrase model's `weights`; undefined when it holds none.
 */
export function findPhrase(
  question: string,
  kind: PhraseKind,
  sentence: Quoted,
  weights: PhraseFeatureVector = HAND_TUNED_PHRASE_WEIGHTS,
): PhraseSpan | undefined {
  return bestPhrase(question, kind, sentence, weights)?.span;
}

/** A candidate span with the phrase model's features. */
export interface WeighedSpan {
  span: PhraseSpan;
  /** The words of the quote it covers. */
  words: string;
  features: PhraseFeatureVector;
}

/**
 * The answer span the phrase model picks, with its score by `weights`.
 */
export function bestPhrase(
  question: string,
  kind: PhraseKind,
  sentence: Quoted,
  weights: PhraseFeatureVector = HAND_TUNED_PHRASE_WEIGHTS,
): { span: PhraseSpan; score: number } | undefined {
  const weighed = weighedSpans(question, kind, sentence);
  if (!weighed) return undefined;
  let best: WeighedSpan | undefined;
  let bestScore = -Infinity;
  for (const w of weighed) {
    const score = phraseScore(w, weights);
    if (score > bestScore) {
      bestScore = score;
      best = w;
    }
  }
  return best && { span: best.span, score: bestScore };
}

/**
 * How well the best of a sentence's spans (`weighedSpans`) sits in it by the hand-tuned rules (the sum over the
 * question's words the sentence repeats of 1 / (1 + words between them and it), plus a point for each sign that
 * names it: next to the noun asked about, right after the question's last word, the subject of its verb), which
 * the sentence reader weighs whatever picks the span. A candidate's parts never win by these rules.
 */
export function phraseFit(spans: readonly WeighedSpan[]): number {
  return Math.max(...spans.map((w) => phraseScore(w, HAND_TUNED_PHRASE_WEIGHTS)));
}

/** A span's score by the phrase model's weights `by`. */
export function phraseScore(w: WeighedSpan, by: PhraseFeatureVector): number {
  return PHRASE_FEATURES.reduce((a, f) => a + w.features[f] * by[f], 0);
}

/**
 * Every candidate span of the asked kind in `sentence` with its features, in the sentence's order (the parts
 * of a candidate after it); undefined when none, or when the sentence only hedges what is asked.
 */
export function weighedSpans(question: string, kind: PhraseKind, sentence: Quoted): WeighedSpan[] | undefined {
  const questionTerms = new Set(terms(question));
  const candidates = phraseCandidates(question, kind, sentence);
  if (!candidates.length || onlyHedged(question, sentence.text)) return undefined;
  const text = sentence.text;
  const tokens = tokenize(text);
  const anchors = tokens
    .filter((t) => t.term && questionTerms.has(t.term))
    .map((t) => ({ term: t.term!, start: t.index, end: t.index + t.word.length }));
  const noun = askedNoun(question);
  // "What fortification…": the phrase next to the word "fortification" in the sentence names it.
  const nounAt = noun && kind === 'thing' ? tokens.filter((t) => t.term === noun) : [];
  // "What did Warsz own?", "What is the growth based on?": the answer follows the question's last word.
  const last = objectAsked(question) ? terms(askingText(question)).at(-1) : undefined;
  const lastAt = last ? tokens.filter((t) => t.term === last) : [];
  // "Who selected the crew?": the answer is the subject of "selected" in the sentence.
  const subject = subjectBefore(question, text, candidates);
  const gaps = new WordGaps(text);
  const placeScale = kind === 'place' ? placeScaleAsked(question) : undefined;
  const out: WeighedSpan[] = [];
  const weigh = (c: Candidate, variant: boolean, parent: Candidate) => {
    const words = text.slice(c.start, c.end);
    const rules = {
      closeness: closeness(gaps, c, anchors),
      kindBonus: c.bonus ?? 0,
      nextToAskedNoun: nounAt.some((t) => gaps.gap(c, t.index, t.index + t.word.length) <= 2) ? 1 : 0,
      afterQuestionEnd: lastAt.some((t) => t.index < c.start && gaps.between(t.index + t.word.length, c.start) <= 1.5) ? 1 : 0,
      subjectOfVerb: parent === subject ? 1 : 0,
    };
    const features: PhraseFeatureVector = { ...rules, ...spanShape(c, words, variant) };
    const { start, end, kind: k, value, shown } = c;
    out.push({ span: { start, end, kind: k, ...(value !== undefined ? { value } : {}), ...(shown ? { shown } : {}) }, words, features });
  };
  // The span's shape: what the learned model reads beyond the hand-tuned rules.
  const spanShape = (c: Candidate, words: string, variant: boolean) => {
    const count = words.split(/\s+/).filter(Boolean).length;
    const capitalised = capitalisedShare(words);
    return {
      capitalised,
      capitalisedForWhich: noun ? capitalised : 0,
      sentenceStart: c.start === 0 ? 1 : 0,
      inBrackets: insideBrackets(text, c.start) ? 1 : 0,
      timeWord: kind !== 'date' && holdsTimeWord(words) ? 1 : 0,
      words: Math.min(count, 6) / 6,
      lowerSingle: count === 1 && capitalised === 0 ? 1 : 0,
      variant: variant ? 1 : 0,
      questionWordInside: terms(words).some((t) => questionTerms.has(t)) ? 1 : 0,
      rightAfterAnchor: anchors.some((a) => a.end <= c.start && gaps.between(a.end, c.start) <= 1) ? 1 : 0,
      rightBeforeAnchor: anchors.some((a) => a.start >= c.end && gaps.between(c.end, a.start) <= 1) ? 1 : 0,
      afterColon: /[:–—]\s*$/.test(text.slice(Math.max(0, c.start - 3), c.start)) ? 1 : 0,
      digits: /\d/.test(words) ? 1 : 0,
      nameOfAskedKind: c.nameKind === kind ? 1 : 0,
      nameOfOtherKind: c.nameKind && c.nameKind !== 'unknown' && c.nameKind !== kind ? 1 : 0,
      demonym: isDemonym(words) ? 1 : 0,
      placeOfAskedScale: placeScale && lexiconTags(words).some((t) => placeScale.has(t)) ? 1 : 0,
      endsInAdjective: endsInAdjective(words, lexiconTags) ? 1 : 0,
    };
  };
  for (const c of candidates) {
    weigh(c, false, c);
    for (const part of partsOf(c, text, questionTerms)) weigh(part, true, c);
  }
  return out;
}

const HEDGED_NUMBER = new RegExp(String.raw`^(?:${NUMBER_HEDGE})\s+`, 'i');

/** The lexicon's tags for the kind of place a question asks for: "which nation" → Country, "which city" → City. */
function placeScaleAsked(question: string): ReadonlySet<string> | undefined {
  const noun =
    /\b(?:which|what)\s+(?:[\p{L}-]+\s+){0,2}?(country|countries|nation|state|city|cities|town|region|province|continent)\b/u.exec(
      askingText(question),
    )?.[1];
  if (!noun) return undefined;
  if (/^(?:country|countries|nation)$/.test(noun)) return new Set(['Country']);
  if (/^(?:city|cities|town)$/.test(noun)) return new Set(['City']);
  return new Set(['Region', 'Place']);
}

/**
 * The parts of a candidate that may be the answer without the rest: a noun phrase's run of capitalised words
 * ("comedian Bill Cosby" → "Bill Cosby"), a number without its hedge ("more than 120,000" → "120,000").
 */
function partsOf(c: Candidate, text: string, questionTerms: ReadonlySet<string>): Candidate[] {
  if (c.kind === 'thing' && c.value === undefined)
    return capitalisedRuns(text, c.start, c.end)
      .filter((r) => terms(text.slice(r.start, r.end)).some((t) => !questionTerms.has(t)))
      .map((r) => ({ ...r, kind: 'thing', bonus: c.bonus }));
  const hedge = HEDGED_NUMBER.exec(text.slice(c.start, c.end));
  if (hedge && (c.kind === 'count' || c.kind === 'amount')) return [{ ...c, start: c.start + hedge[0].length }];
  return [];
}

// Words that make a sentence say something did not (or not yet) happen: "has yet to join", "a willingness to join".
const HEDGE =
  /\b(?:yet to|willingness to|willing to|plans? to|planned to|planning to|hopes? to|hoped to|hoping to|wants? to|wanted to|seeks? to|sought to|seeking to|aims? to|aiming to|intends? to|intended to|considering|consider|may|might|could|not|never|no longer|refused to|declined to|failed to|expected to|set to|likely to|whether to|ready to)\s+(?:[\p{L}-]+\s+)?$|n[’']t\s+(?:[\p{L}-]+\s+)?$/iu;

/**
 * Whether the sentence uses one of the question's own lower-case words (its predicate: "join", "sign") only
 * hedged or negated: such a sentence says the thing asked about did not (or not yet) happen, so none of its
 * dates, names or numbers answers "when", "who" or "how much" it happened.
 */
function onlyHedged(question: string, text: string): boolean {
  const predicate = new Set(
    tokenize(question)
      .filter((t, i) => t.term && i > 0 && t.word === t.word.toLowerCase())
      .map((t) => t.term!),
  );
  const hedged = new Map<string, boolean>();
  for (const t of tokenize(text)) {
    if (!t.term || !predicate.has(t.term)) continue;
    const isHedged = HEDGE.test(text.slice(Math.max(0, t.index - 40), t.index));
    hedged.set(t.term, (hedged.get(t.term) ?? true) && isHedged);
  }
  return [...hedged.values()].some(Boolean);
}

/**
 * Words between two places of one sentence, function words ("the", "of") counting half: "the most" keeps a
 * phrase next to its anchor. One pass over the sentence, then each count is two binary searches: ranking
 * compares every candidate with every anchor.
 */
class WordGaps {
  private readonly starts: number[] = [];
  /** `weights[i]`: the weight of the words before word i. */
  private readonly weights: number[] = [0];

  constructor(readonly text: string) {
    for (const t of tokenize(text)) {
      this.starts.push(t.index);
      this.weights.push(this.weights[this.weights.length - 1] + (t.term ? 1 : 0.5));
    }
  }

  /** The weight of the words that start in [from, to). */
  between(from: number, to: number): number {
    return to <= from ? 0 : this.weights[this.firstAt(to)] - this.weights[this.firstAt(from)];
  }

  /** Words between span `c` and the span [start, end), 0 when they overlap. */
  gap(c: { start: number; end: number }, start: number, end: number): number {
    return end <= c.start ? this.between(end, c.start) : start >= c.end ? this.between(c.end, start) : 0;
  }

  /** Index of the first word starting at or after `offset`. */
  private firstAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * How close a candidate sits to the question's words in the sentence: for each distinct word of the question
 * the sentence repeats, 1 / (1 + words between them) at its nearest (a word after the candidate half a word
 * further), summed; a candidate among many of the question's words outranks one next to a single word.
 */
function closeness(gaps: WordGaps, c: { start: number; end: number }, anchors: { term: string; start: number; end: number }[]): number {
  const nearest = new Map<string, number>();
  for (const a of anchors) {
    const gap = gaps.gap(c, a.start, a.end) + (a.start >= c.end ? 0.5 : 0);
    nearest.set(a.term, Math.min(nearest.get(a.term) ?? Infinity, gap));
  }
  let sum = 0;
  for (const gap of nearest.values()) sum += 1 / (1 + gap);
  return sum;
}

/** A span that may answer, with what its kind of span earns or loses before closeness decides. */
export type Candidate = PhraseSpan & {
  bonus?: number;
  /** For a name: the kind of thing it names, as language/entities reads it. */
  nameKind?: NameMention['kind'];
};

function candidatesOf(kind: PhraseKind, s: Quoted, question: string, unit?: string): Candidate[] {
  const text = s.text;
  switch (kind) {
    case 'date':
      return dateCandidates(s);
    case 'amount':
      return matchesOf(AMOUNT_PATTERN, text, 'amount');
    case 'duration':
      return [...matchesOf(DURATION_PATTERN, text, 'duration'), ...rangesOf(s)];
    case 'distance':
      return matchesOf(DISTANCE_PATTERN, text, 'distance');
    case 'age':
      // "a 101-year-old man": the answer is 101.
      return matchesOf(AGE_PATTERN, text, 'age').map((c) => {
        const n = /\d+/.exec(text.slice(c.start, c.end))?.[0];
        return n && n !== text.slice(c.start, c.end) ? { ...c, shown: n } : c;
      });
    case 'count':
      return countCandidates(text, unit);
    case 'person':
    case 'place':
    case 'organization':
      return nameCandidates(kind, text);
    case 'thing':
      // A number answers "what" only now and then ("declined to what?"): it must sit closer than a phrase.
      return [
        ...thingCandidates(text, question),
        ...[...matchesOf(AMOUNT_PATTERN, text, 'amount'), ...countCandidates(text)].map((c) => ({ ...c, bonus: -0.5 })),
      ];
    default:
      return [];
  }
}

function matchesOf(pattern: RegExp, text: string, kind: PhraseKind): Candidate[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind, ...numericValue(m[0]) }));
}

/** The number a phrase gives, in digits ("$9.2 billion") or words ("three", "half a million dollars"). */
function numericValue(phrase: string): { value?: number } {
  const m = /(\d[\d,]*(?:\.\d+)?)(?:\s?(million|billion|trillion|thousand|bn|mn))?/i.exec(phrase);
  const n = m
    ? numberValue(m[0])
    : numberValue(
        phrase
          .replace(new RegExp(String.raw`\s*(?:${UNIT_WORDS})$`, 'i'), '')
          .replace(/^(?:about|around|more than|less than|over|nearly)\s+/i, ''),
      );
  return n === undefined ? {} : { value: n };
}

/** Dates as the corpus resolved them ("on Monday" = Mon 12 May 2025), and years it did not. */
function dateCandidates(s: Quoted): Candidate[] {
  const out: Candidate[] = [];
  let from = 0;
  for (const d of s.dates) {
    const at = s.text.indexOf(d.phrase, from);
    if (at < 0) continue;
    from = at + d.phrase.length;
    const start = at + (/^(?:on|in|at|by|since|from|until|of)\s/i.exec(d.phrase)?.[0].length ?? 0);
    const words = s.text.slice(start, at + d.phrase.length);
    const shown = displayDate(d.value);
    // A date the text spells out is shown as written; "on Monday" as the day it means.
    const spelled = words.toLowerCase().includes(shown.toLowerCase()) || words.replace(/^\D+/, '') === d.value || /\d{4}/.test(words);
    out.push({ start, end: at + d.phrase.length, kind: 'date', value: d.value, ...(spelled ? {} : { shown }) });
  }
  for (const m of s.text.matchAll(DATE_WORDS)) {
    if (out.some((c) => m.index < c.end && m.index + m[0].length > c.start)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'date', ...(YEAR_ONLY.test(m[0]) ? { value: m[0] } : {}) });
  }
  return out;
}

/** "from January 1964 until July 1969": the span between two dates, for "how long". */
function rangesOf(s: Quoted): Candidate[] {
  const dates = dateCandidates(s).sort((a, b) => a.start - b.start);
  const out: Candidate[] = [];
  for (let i = 0; i + 1 < dates.length; i++) {
    const between = s.text.slice(dates[i].end, dates[i + 1].start);
    if (/^\s*(?:-|–|to|until|till|through|and)\s*$/i.test(between))
      out.push({ start: dates[i].start, end: dates[i + 1].end, kind: 'duration', bonus: -1 });
  }
  return out;
}

/** Numbers, the one before what the question counts first ("how many boats" → "three", from "three boats"). */
function countCandidates(text: string, unit?: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(COUNT_PATTERN)) {
    if (YEAR_ONLY.test(m[0]) || /^(?:half|one)$/i.test(m[0].trim())) continue;
    const end = m.index + m[0].length;
    const after = /^(?:\s+[\p{L}-]+){1,3}/u.exec(text.slice(end))?.[0] ?? '';
    // The unit marks the number that answers; the number is the answer.
    const bonus = unit && after.split(/\s+/).some((w) => w && terms(w)[0] === unit) ? 2 : 0;
    out.push({ start: m.index, end, kind: 'count', bonus, ...numericValue(m[0]) });
  }
  return out;
}

/**
 * Names, those of the asked kind first. "Who" is often answered by an organisation or a country ("Who bought the
 * factory?" → AvtoZAZ), so any name may answer it, for less; a demonym ("Soviet", "Japanese") only names a place
 * by the way.
 */
function nameCandidates(kind: 'person' | 'place' | 'organization', text: string): Candidate[] {
  const out: Candidate[] = [];
  const names = namesIn(text);
  // A sentence's first word is capitalised anyway, so namesIn keeps it only when the lexicon knows it as a
  // name; a word the lexicon does not know at all ("Wiesner kept up the pressure") is a name too.
  const first = /^\p{Lu}[\p{L}'’-]+/u.exec(text)?.[0];
  if (first && !names.some((n) => n.index === 0) && !isKnownWord(first)) names.unshift({ text: first, index: 0, kind: 'unknown' });
  for (const n of names) {
    const bonus = n.kind === kind ? 1 : n.kind === 'unknown' ? 0 : kind === 'person' ? -0.5 : -1.5;
    out.push({ start: n.index, end: n.index + n.text.length, kind, bonus: bonus - (isDemonym(n.text) ? 1 : 0), nameKind: n.kind });
  }
  return out;
}

// A pronoun says who or what only through the sentence before it.
const PRONOUN =
  /^(?:he|she|it|they|them|him|her|his|hers|its|their|theirs|we|us|our|you|your|i|me|my|this|that|these|those|one|ones|itself|themselves|himself|herself)$/i;
const LEADING_FUNCTION = /^(?:(?:the|a|an|this|that|these|those|its|their|his|her|our|some|any|each|every|such|other|both)\s+)+/i;

/** Noun phrases, and their parts around the question's own words ("recipient of the Nobel Prize" → "Nobel Prize"). */
function thingCandidates(text: string, question: string): Candidate[] {
  const questionTerms = new Set(terms(question));
  // "the prize" asked, "the Nobel Prize" written: a capitalised word inside a name is part of it.
  const lowerInQuestion = new Set(
    tokenize(question)
      .filter((t) => t.term && t.word === t.word.toLowerCase())
      .map((t) => t.term!),
  );
  const out: Candidate[] = [];
  for (const p of nounPhrases(text)) {
    const start = p.start;
    const words = tokenize(text.slice(start, p.end)).map((t) => ({ ...t, index: t.index + start }));
    // Cut the phrase at the question's words and at "of"/"and": each piece may be the answer.
    let piece: typeof words = [];
    const flush = () => {
      while (piece.length && !piece[0].term) piece.shift();
      while (piece.length && !piece[piece.length - 1].term) piece.pop();
      if (piece.length) {
        const a = piece[0].index;
        const z = piece[piece.length - 1].index + piece[piece.length - 1].word.length;
        const lead = LEADING_FUNCTION.exec(text.slice(a, z))?.[0].length ?? 0;
        // Half of a hyphenated word the question says ("Skłodowska" of "Skłodowska-Curie") is not a phrase.
        const glued = /[-‐–]$/.test(text.slice(0, a)) || /^[-‐–]/.test(text.slice(z));
        const content = piece.filter((w) => w.term).length;
        const words = text.slice(a + lead, z);
        // Single letters are footnote marks ("[b]"); numbers without words ("1899–1902") come as numbers.
        const footnote = /^\p{L}$/u.test(words) || PRONOUN.test(words) || !/\p{L}/u.test(words);
        if (!glued && !footnote) out.push({ start: a + lead, end: z, kind: 'thing', bonus: 0.1 * Math.min(content, 4) });
      }
      piece = [];
    };
    for (const w of words) {
      const inName =
        piece.length > 0 && /^\p{Lu}/u.test(piece[piece.length - 1].word) && /^\p{Lu}/u.test(w.word) && lowerInQuestion.has(w.term!);
      if (w.term && questionTerms.has(w.term) && !inName) flush();
      else piece.push(w);
    }
    flush();
  }
  return out;
}

const MEASURES = 'price|cost|value|population|percentage|percent|share|number|rate|salary|budget|revenue|amount|sum|fine|total|toll|count';
const COUNT_MEASURES = /^(?:population|number|toll|count)$/;
// "What is the stock price of…", "what percentage…": the measure named after "what".
const MEASURE_ASKED = new RegExp(
  String.raw`\bwhat (?:is |was |are |were |will be )?(?:the |its |their |a )?(?:[\p{L}'’-]+ )?(${MEASURES})\b`,
  'u',
);
// Words that say a number is asked for without saying of what.
const GENERIC_MEASURE = /^(?:amount|sum|total|number|count)$/;

/**
 * The thing a question measures, as an index term: "What is the stock price of…" → price, "How many
 * employees…" → employe. Undefined when it names none ("When did…", "How much did it cost?", "What amount…").
 */
export function measuredTerm(question: string): string | undefined {
  const q = askingText(question);
  const word =
    MEASURE_ASKED.exec(q)?.[1] ??
    /\bhow (?:much|many) (?!more\b|less\b|of\b|is\b|was\b|are\b|were\b|did\b|does\b|do\b|has\b|have\b|had\b|will\b|would\b|can\b|could\b)([\p{L}-]+)/u.exec(
      q,
    )?.[1];
  return word && !GENERIC_MEASURE.test(word) ? terms(word)[0] : undefined;
}
