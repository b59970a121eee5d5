/**
 * What a question asks for: the concepts it names (with corpus-learned acronyms folded in, so "BRI" and "Belt
 * and Road Initiative" are one concept) and the kind of answer it expects (a date, an amount, a person…).
 */
import type { Alias, AliasTable } from './acronyms.js';
import { synonymsOf } from './synonyms.js';
import { terms } from './text.js';

export type AnswerType = 'date' | 'amount' | 'count' | 'person' | 'place' | 'definition' | 'entity' | 'any';

export interface Concept {
  /** The index terms as the question wrote them. */
  terms: string[];
  /** Set when the concept is an acronym the corpus defines: either form matches. */
  alias?: Alias;
  /** Index terms of words that mean the same in news writing; they match for a little less. */
  synonyms: string[];
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
}

/** The longest question accepted: the length of Discord's /ask option. */
export const MAX_QUESTION_LENGTH = 300;

export class QuestionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuestionError';
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

const PERSON_NOUNS = 'person|people|man|woman|president|former president|prime minister|minister|leader|official|ceo|chief|founder|author|player|coach|king|queen|senator|governor|mayor|judge|actor|actress|singer|writer|scientist|general|spokesman|spokeswoman|spokesperson|chairman|director|head|candidate|winner|explorer|emperor|ruler|politician|artist|composer';
const PLACE_NOUNS = 'country|countries|nation|city|cities|state|states|region|province|town|place|continent|island|capital|county|district|territory|location|area';

export function answerTypeOf(question: string): AnswerType {
  const q = question.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/\bstand for\b|\bshort for\b|\babbreviation\b|\bacronym\b/.test(q)) return 'definition';
  if (/^(when|since when|until when)\b|\b(what|which|in what|in which) (year|date|month|day|decade|century)\b|\bhow long ago\b/.test(q)) return 'date';
  if (/\bhow much\b|\bwhat (percentage|percent|share|amount|price|sum|value|cost)\b/.test(q)) return 'amount';
  if (/\bhow many\b|\bwhat (number|population)\b/.test(q)) return 'count';
  if (/^(who|whom|whose)\b/.test(q) || new RegExp(`\\b(which|what) (\\w+ )?(${PERSON_NOUNS})\\b`).test(q)) return 'person';
  if (/^where\b/.test(q) || new RegExp(`\\b(which|what) (\\w+ ){0,2}(${PLACE_NOUNS})\\b`).test(q)) return 'place';
  if (/^(which|what)\b/.test(q)) return 'entity';
  return 'any';
}

// Words that frame the question rather than name what it is about: "what year", "stand for".
const FRAME = /\b(?:stands? for|short for|(?:what|which|in what|in which) (?:year|month|date|day|decade|century)|how long ago|how (?:much|many))\b/gi;

export function analyzeQuestion(question: string, aliases: AliasTable): AnalyzedQuestion {
  const answerType = answerTypeOf(question);
  const temporal = answerType === 'date' || /^(has|have|had|did|does|do|is|are|was|were|will)\b/i.test(question.trim());
  const list = terms(question.replace(FRAME, ' '));
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const expansion = aliases.expansionsAt(list, i)[0];
    if (expansion) {
      concepts.push({ terms: list.slice(i, i + expansion.length), alias: expansion.alias, synonyms: [] });
      i += expansion.length - 1;
      continue;
    }
    const term = list[i];
    if (seen.has(term)) continue;
    seen.add(term);
    concepts.push({ terms: [term], alias: aliases.byTerm(term), synonyms: synonymsOf(term) });
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
  return { text: question, answerType, temporal, concepts, searchTerms: [...searchTerms] };
}
