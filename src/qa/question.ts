/**
 * What a question asks for: the concepts it names (with corpus-learned acronyms folded in, so "BRI" and "Belt
 * and Road Initiative" are one concept) and the kind of answer it expects (a date, an amount, a person…).
 */
import type { Alias, AliasLookup } from '../language/acronyms.js';
import { isDemonym, isKnownName } from '../language/names.js';
import { resolveQuestionTime, type QuestionTime } from '../language/question-time.js';
import { synonymsOf } from '../language/synonyms.js';
import { relatedWords } from '../language/wordnet.js';
import { normalizeWord, terms, tokenize } from '../language/analyzer.js';
import { NewsdeskError } from '../errors.js';

export type AnswerType = 'date' | 'amount' | 'count' | 'person' | 'place' | 'organization' | 'definition' | 'entity' | 'any';

export interface Concept {
  /** The index terms as the question wrote them. */
  terms: string[];
  /** Set when the concept is an acronym the corpus defines: either form matches. */
  alias?: Alias;
  /** Index terms of words that mean the same in news writing; they match for a little less. */
  synonyms: string[];
  /**
   * Index terms of words WordNet relates to it ("pulled out" → withdraw, retire…), other than its own and its
   * synonyms: not searched, only counted by the reader (`relatedShare`). Empty for names.
   */
  related: string[];
  /**
   * A name the question capitalises ("France", "NATO"): an answer must come from text about it, so a
   * sentence whose paragraph and article never mention it cannot answer.
   */
  entity: boolean;
  /**
   * Named by the asking sentence of a question that first states the news ("X happened this week. Whose seat
   * is she filling?"): the answer sits next to these words, while the statement's are background.
   */
  focus?: boolean;
}

export interface AnalyzedQuestion {
  text: string;
  answerType: AnswerType;
  /**
   * when/has/did questions: what is true now depends on when it was reported, so newer evidence
   * outranks older statements it may supersede.
   */
  temporal: boolean;
  concepts: Concept[];
  /** Every term to retrieve paragraphs with, both forms of each acronym included. */
  searchTerms: string[];
  /** For "how many days…": the index term of what is counted, so "63 days" outranks "1 August". */
  unit?: string;
  /** The time the question speaks of, when it is asked as of a known day. */
  time?: QuestionTime;
  /** The question with each misspelt word as the corpus word it was read as; undefined when none was. */
  searched?: string;
}

/** The longest question accepted: the length of Discord's /ask option. */
export const MAX_QUESTION_LENGTH = 300;

export class QuestionError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('QUESTION_INVALID', message, hint);
  }
}

/** Reject what cannot be a question, with a message that says how to fix it. */
export function validateQuestion(question: unknown): string {
  if (typeof question !== 'string') throw new QuestionError('the question must be text');
  const q = question.trim();
  if (!q) throw new QuestionError('the question is empty; ask something, e.g. "When did Colombia join BRI?"');
  if (q.length > MAX_QUESTION_LENGTH) {
    throw new QuestionError(`the question is ${q.length} characters long; the limit is ${MAX_QUESTION_LENGTH}. Shorten it`);
  }
  return q;
}

export const PERSON_NOUNS =
  'person|people|man|woman|president|former president|prime minister|minister|leader|official|ceo|chief|founder|author|player|coach|king|queen|senator|governor|mayor|judge|actor|actress|singer|writer|scientist|general|spokesman|spokeswoman|spokesperson|chairman|director|head|candidate|winner|explorer|emperor|ruler|politician|artist|composer';
export const PLACE_NOUNS =
  'country|countries|nation|city|cities|state|states|region|province|town|place|continent|island|capital|county|district|territory|location|area';
export const ORGANIZATION_NOUNS =
  'company|companies|firm|airline|carrier|team|club|organization|organisation|group|brand|retailer|network|agency|university|college|bank|automaker|carmaker|party|studio|chain|manufacturer|startup|broadcaster|newspaper|magazine|league|publisher|giant|maker|business|corporation|union|charity';

export function answerTypeOf(question: string): AnswerType {
  const q = askingClause(question.toLowerCase().replace(/\s+/g, ' ').trim());
  if (/\bstand for\b|\bshort for\b|\babbreviation\b|\bacronym\b/.test(q)) return 'definition';
  if (/^(when|since when|until when)\b|\b(what|which|in what|in which) (year|date|month|day|decade|century)\b|\bhow long ago\b/.test(q))
    return 'date';
  if (/\bhow much\b|\bwhat (percentage|percent|share|amount|price|sum|value|cost)\b/.test(q)) return 'amount';
  if (/\bhow many\b|\bwhat (number|population)\b/.test(q)) return 'count';
  if (/^(who|whom|whose)\b/.test(q) || new RegExp(`\\b(which|what) (\\w+ )?(${PERSON_NOUNS})\\b`).test(q)) return 'person';
  if (/^where\b/.test(q) || new RegExp(`\\b(which|what) (\\w+ ){0,2}(${PLACE_NOUNS})\\b`).test(q)) return 'place';
  if (new RegExp(`\\b(which|what) (\\w+ ){0,2}(${ORGANIZATION_NOUNS})\\b`).test(q)) return 'organization';
  if (/^(which|what)\b/.test(q)) return 'entity';
  return 'any';
}

const WH_WORD = /\b(?:who|whom|whose|when|where|which|what|how|in what|in which|since when|until when)\b/;

/**
 * The part of a question that asks: its last sentence when that sentence opens with a question word. A news
 * quiz often states the news and asks after it ("Microsoft retired Internet Explorer this week. What year did it
 * debut?"). A question word inside a sentence ("… by what village?") is left to the rules below, which read a
 * question that does not open with one as asking for anything.
 */
export function askingClause(q: string): string {
  const sentences = q.split(/(?<=[.?!:;])\s+/);
  const last = sentences[sentences.length - 1];
  return sentences.length > 1 &&
    /^(?:(?:in|on|at|for|from|by|of|to|with|under|during) )?(?:who|whom|whose|when|where|which|what|how)\b/.test(last)
    ? last
    : q;
}

// Words that frame the question rather than name what it is about: "what year", "stand for".
// "How old", "how long", "how far": the measure asked for, which the answering sentence gives as a number
// ("Lund, 74,", "for twelve years") rather than by naming it.
const FRAME =
  /\b(?:stands? for|short for|(?:what|which|in what|in which) (?:year|month|date|day|decade|century)|how long ago|how (?:much|many|old|long|far|tall|high|deep|fast|often))\b/gi;

/** Terms the question writes as names: capitalised after the first word, or in capitals throughout. */
function namedTerms(question: string): Set<string> {
  const named = new Set<string>();
  tokenize(question).forEach((t, i) => {
    if (!t.term) return;
    const capitalised = /^\p{Lu}/u.test(t.word);
    const allCaps = t.word.length >= 2 && t.word === t.word.toUpperCase() && /\p{Lu}/u.test(t.word);
    if ((capitalised && i > 0) || allCaps) named.add(normalizeWord(t.word)!);
  });
  return named;
}

/** Terms of a question typed in lower case that the English lexicon knows as names. */
function lexiconNames(question: string): Set<string> {
  return new Set(
    tokenize(question)
      .filter((t) => t.term && isKnownName(t.word))
      .map((t) => t.term!),
  );
}

/** What question analysis needs to know of the corpus. */
export interface Vocabulary {
  aliases: AliasLookup;
  /** The corpus term a misspelt word (as written) most likely meant, if any; never for an English word. */
  correctSpelling(word: string): string | undefined;
  /** How the corpus writes a term ("colombia"), to show a corrected question. */
  surfaceForms?: { get(term: string): string | undefined };
}

/**
 * The question as searched, when a word was misspelt: each misspelt word replaced by the corpus word it was
 * read as, capitalised as typed ("When did Colmbia join the Belt and Raod?" → "When did Colombia join the
 * Belt and Road?"); undefined when nothing was corrected.
 */
export function correctedQuestion(question: string, vocabulary: Vocabulary): string | undefined {
  let out = '';
  let at = 0;
  for (const token of tokenize(question)) {
    const fixed = token.term ? vocabulary.correctSpelling(token.word) : undefined;
    if (!fixed) continue;
    const written = (vocabulary.surfaceForms?.get(fixed) ?? fixed).replace(/['’]s$/u, '');
    const shown = /^\p{Lu}/u.test(token.word) ? written[0].toUpperCase() + written.slice(1) : written;
    out += question.slice(at, token.index) + shown;
    at = token.index + token.word.length;
  }
  return at === 0 ? undefined : out + question.slice(at);
}

/** The index terms of `text`, each misspelt word read as the corpus term it most likely meant. */
export function correctedTerms(text: string, vocabulary: Vocabulary): string[] {
  return tokenize(text).flatMap(({ word, term }) => (term ? [vocabulary.correctSpelling(word) ?? term] : []));
}

/** `asOf` (YYYY-MM-DD): the day the question is asked, against which "this week" or "last year" resolve. */
export function analyzeQuestion(asked: string, vocabulary: Vocabulary, asOf?: string): AnalyzedQuestion {
  // Articles are NFC (src/corpus/): a combining accent typed in a question must meet the same word.
  const question = asked.normalize('NFC');
  const aliases = vocabulary.aliases;
  const answerType = answerTypeOf(question);
  const time = asOf ? resolveQuestionTime(question, asOf) : undefined;
  const temporal = answerType === 'date' || /^(has|have|had|did|does|do|is|are|was|were|will)\b/i.test(question.trim()) || !!time?.recency;
  // Time phrases ("this week", "on Monday") say when, not what: they are not words of the topic.
  const timeless = time ? blank(question, time.spans) : question;
  const framed = timeless.replace(FRAME, ' ');
  // Typed without capitals ("when did petro visit moscow?"), a question's names are found in the lexicon.
  const entities = /\p{Lu}/u.test(question) ? namedTerms(framed) : lexiconNames(framed);
  // "Which Japanese island": the article may say "Japan", or name the island alone; a demonym is a word of
  // the topic, not a name every answer must repeat.
  const tokens = tokenize(framed);
  for (const token of tokens) if (token.term && isDemonym(token.word)) entities.delete(token.term);
  // Misspelt words are read as the corpus word they most likely meant, keeping whether they were names.
  const list = tokens.flatMap(({ word, term }) => {
    if (!term) return [];
    const fixed = vocabulary.correctSpelling(word);
    if (fixed && entities.has(term)) entities.add(fixed);
    return [fixed ?? term];
  });
  // WordNet's relatives of each word of the topic, read with the particle after it ("pulled out").
  const related = new Map<string, string[]>();
  tokens.forEach((t, i) => {
    if (!t.term || related.has(t.term) || entities.has(t.term) || /\p{Lu}/u.test(t.word)) return;
    const own = new Set([t.term, ...synonymsOf(t.term)]);
    const relatives = new Set(relatedWords(t.word, tokens[i + 1]?.word).flatMap((w) => terms(w)));
    related.set(
      t.term,
      [...relatives].filter((r) => !own.has(r)),
    );
  });
  const focusTerms = askingSentenceTerms(timeless, vocabulary);
  const focusOf = (terms: string[]) => (focusTerms && terms.some((t) => focusTerms.has(t)) ? { focus: true } : {});
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const expansion = aliases.expansionsAt(list, i)[0];
    if (expansion) {
      const terms = list.slice(i, i + expansion.length);
      concepts.push({ terms, alias: expansion.alias, synonyms: [], related: [], entity: true, ...focusOf(terms) });
      i += expansion.length - 1;
      continue;
    }
    const term = list[i];
    if (seen.has(term)) continue;
    seen.add(term);
    const alias = aliases.byTerm(term);
    const entity = entities.has(term) || !!alias;
    concepts.push({
      terms: [term],
      alias,
      synonyms: synonymsOf(term),
      related: entity ? [] : (related.get(term) ?? []),
      entity,
      ...focusOf([term]),
    });
  }
  const searchTerms = new Set<string>();
  for (const c of concepts) {
    c.terms.forEach((t) => searchTerms.add(t));
    if (c.alias) {
      searchTerms.add(c.alias.acronymTerm);
      c.alias.expansionTerms.forEach((t) => searchTerms.add(t));
    }
    c.synonyms.forEach((t) => searchTerms.add(t));
  }
  const searched = correctedQuestion(asked, vocabulary);
  return { text: question, answerType, temporal, concepts, searchTerms: [...searchTerms], unit: countedUnit(question), time, searched };
}

/** For "how many days…": the index term of what is counted. */
export function countedUnit(question: string): string | undefined {
  const word = /\bhow (?:many|much)\s+([\p{L}-]+)/iu.exec(question)?.[1];
  return word ? terms(word)[0] : undefined;
}

/**
 * The terms of the asking sentence, when the question states something first and asks after it; undefined for
 * a question of one sentence (all of it asks).
 */
function askingSentenceTerms(question: string, vocabulary: Vocabulary): Set<string> | undefined {
  const sentences = question.trim().split(/(?<=[.?!:;])\s+(?=\S)/);
  if (sentences.length < 2) return undefined;
  for (let i = sentences.length - 1; i > 0; i--) {
    if (WH_WORD.test(sentences[i].toLowerCase())) {
      return new Set(correctedTerms(sentences[i].replace(FRAME, ' '), vocabulary));
    }
  }
  return undefined;
}

/** `text` with the given spans replaced by spaces (offsets stay valid). */
function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const { start, end } of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}
