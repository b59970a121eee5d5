/**
 * A follow-up question read in the context of the one before (issue 35): "When did he take office?" after "Who is
 * the president of Colombia?" (answered "Gustavo Petro") stands for "When did Gustavo Petro take office?"; "And
 * Panama?" after "When did Colombia join the Belt and Road?" for "When did Panama join the Belt and Road?".
 * Conversational question rewriting (CANARD, QReCC) by rules, each a function of its own, tried in order:
 *   1. a bare question word or frame (`rewriteBareFrame`): "When?", "In what year?", "Why?": the previous
 *      question's clause under the new question word;
 *   2. ellipsis (`rewriteEllipsis`): "And X?", "What about X?", a bare name: X in place of the name of the same
 *      kind in the previous question;
 *   3. pronouns (`resolvePronouns`): he/she/they/it/that/there/then read as the previous answer when its kind
 *      fits (a person for he/she, a place for there, a date for then), else the previous question's names;
 *   4. anything else is a question of its own, left exactly as it was typed (`standsAlone`).
 * Pure and synchronous (a few regular expressions over two short strings): it adds well under a millisecond.
 */
import { namesIn, type NameMention } from '../language/entities.js';
import { lexiconNameKind, lexiconTags } from '../language/names.js';
import type { CorpusIndex } from '../index/news-index.js';
import { answerQuestion, type Answer, type AnswerOptions } from './answer.js';

/** What a follow-up is read against: the question before (as it was read) and its answer. */
export interface FollowUpContext {
  /** The previous question, as rewritten when it was itself a follow-up. */
  question: string;
  /** The previous answer's stated short answer, if any (an unstated guess is not context). */
  answer?: { text: string; kind: string } | null;
  /** The articles of the previous answer's quotes, best first: answering prefers them a little. */
  articles?: readonly string[];
}

export type RewriteRule = 'standalone' | 'ellipsis' | 'frame' | 'pronoun' | 'unresolved';

export interface FollowUpReading {
  /** The question to answer: the follow-up itself when it needs no context. */
  question: string;
  /** Which rule read it. */
  rule: RewriteRule;
  /** Whether `question` differs from the follow-up as typed (then it is shown: "Read as: …"). */
  changed: boolean;
}

/** A name of the previous question, with "the" when the question wrote it ("the Belt and Road"). */
interface Named {
  text: string;
  kind: NameMention['kind'];
  index: number;
  end: number;
}

/** The follow-up read in the context of the previous question and answer. */
export function rewriteFollowUp(context: FollowUpContext, followUp: string): FollowUpReading {
  const typed = followUp.trim();
  const read = (question: string, rule: RewriteRule): FollowUpReading => ({ question, rule, changed: question !== typed });
  const frame = rewriteBareFrame(context.question, typed);
  if (frame) return read(frame, 'frame');
  const ellipsis = rewriteEllipsis(context.question, typed);
  if (ellipsis) return read(ellipsis, 'ellipsis');
  if (!PRONOUN.test(typed)) return read(typed, 'standalone');
  const resolved = resolvePronouns(context, typed);
  return resolved === typed ? read(typed, 'unresolved') : read(withoutOpening(resolved), 'pronoun');
}

/**
 * The context an answer leaves for the next question: the question as it was read (`searched` spelling aside),
 * the short answer when it was stated, and its quotes' articles, best first.
 */
export function contextOf(question: string, answer: Pick<Answer, 'answer' | 'quotes'>): FollowUpContext {
  const stated = answer.answer && answer.answer.shown !== false ? { text: answer.answer.text, kind: answer.answer.kind } : null;
  const articles = [...new Set(answer.quotes.map((q) => q.citation.article))];
  return { question, answer: stated, articles };
}

/**
 * A follow-up answered: read in its context, then answered as /ask answers, the previous answer's articles
 * preferred a little. A follow-up that needs no context is answered exactly as it would be alone. `answer` is
 * the CLI's test hook (default `answerQuestion`).
 */
export function answerFollowUp(
  index: CorpusIndex,
  context: FollowUpContext,
  followUp: string,
  options: AnswerOptions = {},
  answer: (index: CorpusIndex, question: string, options: AnswerOptions) => Answer = answerQuestion,
): { reading: FollowUpReading; answer: Answer } {
  const reading = rewriteFollowUp(context, followUp);
  const prefer = reading.changed && context.articles?.length ? { preferArticles: context.articles } : {};
  return { reading, answer: answer(index, reading.question, { ...options, ...prefer }) };
}

/** "And how long is Lena Brandt's contract?" → "How long is Lena Brandt's contract?": standalone, the "and" links nothing. */
export function withoutOpening(question: string): string {
  const rest = question.replace(/^(?:and|so|but)\s+/i, '');
  return rest === question || !rest ? question : rest[0].toUpperCase() + rest.slice(1);
}

/** Whether a follow-up needs no context: no pronoun to resolve, not an ellipsis, not a bare question word. */
export function standsAlone(previousQuestion: string, followUp: string): boolean {
  return rewriteFollowUp({ question: previousQuestion }, followUp).rule === 'standalone';
}

// --- names of the previous question ----------------------------------------------------------------------------

/**
 * The names of a question, in order; adjacent names joined by "and" of unknown kind are one ("Belt and Road"),
 * and a name the question wrote after "the" keeps it ("the Belt and Road").
 */
export function questionNames(question: string): Named[] {
  const raw = namesIn(question);
  const out: Named[] = [];
  for (const m of raw) {
    const last = out[out.length - 1];
    const between = last ? question.slice(last.end, m.index) : '';
    if (last && /^\s+and\s+$/.test(between) && last.kind === 'unknown' && m.kind === 'unknown') {
      last.text = question.slice(last.index, m.index + m.text.length);
      last.end = m.index + m.text.length;
      continue;
    }
    let index = m.index;
    if (/\bthe\s+$/i.test(question.slice(Math.max(0, index - 4), index))) index = question.slice(0, index).search(/\bthe\s+$/i);
    out.push({ text: question.slice(index, m.index + m.text.length), kind: m.kind, index, end: m.index + m.text.length });
  }
  return out;
}

/** Names of the question joined by "and" into one group ("China and Colombia"): what "they" refers to. */
export function nameGroups(question: string): Named[] {
  const groups: Named[] = [];
  for (const n of questionNames(question)) {
    const last = groups[groups.length - 1];
    if (last && /^\s*(?:,|and|,\s*and)\s*$/.test(question.slice(last.end, n.index))) {
      groups[groups.length - 1] = { ...last, text: question.slice(last.index, n.end), kind: 'unknown', end: n.end };
    } else groups.push({ ...n });
  }
  return groups;
}

/** The kind of a name typed on its own ("Panama" → place, "BRI" → organization). */
export function kindOfName(name: string): NameMention['kind'] | undefined {
  const found = namesIn(`And ${name}`);
  if (found.length !== 1 || found[0].text.length < name.replace(/^the\s+/i, '').length) return undefined;
  const kind = found[0].kind;
  return kind === 'unknown' && !/\s/.test(name) ? (lexiconNameKind(name) ?? kind) : kind;
}

// --- 1. ellipsis ------------------------------------------------------------------------------------------------

const ELLIPSIS = /^(?:(?:and|but|so)\s+)?(?:what|how)\s+about\s+(.+?)\s*\?*$|^(?:and|but)\s+(.+?)\s*\?*$/i;
const PREPOSITION = /^(with|in|from|to|for|at|of|on|against|by|about)\s+(.+)$/i;

/**
 * "And Panama?", "What about Panama?", "Panama?": the previous question with Panama in place of its name of the
 * same kind (else of unknown kind, else its first name); undefined when the follow-up is not such an ellipsis or
 * the previous question names nothing to replace.
 */
export function rewriteEllipsis(previousQuestion: string, followUp: string): string | undefined {
  const m = ELLIPSIS.exec(followUp);
  const bare = !m && /^[^?]+\?*$/.test(followUp) ? followUp.replace(/\?+$/, '').trim() : undefined;
  const typedX = (m?.[1] ?? m?.[2] ?? bare)?.trim();
  if (!typedX) return undefined;
  // "And with China?": China in place of the name the previous question wrote after "with".
  const prep = PREPOSITION.exec(typedX);
  const x = prep ? prep[2] : typedX;
  const kind = kindOfName(x);
  // A bare word is a name only when its kind is known ("Panama", "NATO"), not any capitalised word ("Really?").
  if (!kind || (bare !== undefined && kind === 'unknown')) return undefined;
  const names = questionNames(previousQuestion);
  if (!names.length) return undefined;
  const afterSame = prep ? names.find((n) => new RegExp(`\\b${prep[1]}\\s+$`, 'i').test(previousQuestion.slice(0, n.index))) : undefined;
  const target =
    afterSame ??
    names.find((n) => n.kind === kind && kind !== 'unknown') ??
    names.find((n) => n.kind === 'unknown' || kind === 'unknown') ??
    names[0];
  if (target.text.replace(/^the\s+/i, '') === x.replace(/^the\s+/i, '')) return undefined;
  return previousQuestion.slice(0, target.index) + x + previousQuestion.slice(target.end);
}

// --- 2. a bare question word or frame ----------------------------------------------------------------------------

const AUXILIARY = /\b(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\b/i;
const BARE_FRAME =
  /^(?:(?:and|but|so)\s+)?((?:(?:in|on|at|since|until|from|for|by|against|with|to)\s+)?(?:what|which)\s+[\p{L}-]+|(?:by|with|to|from|for)\s+whom|how\s+(?:much|many(?:\s+\w+)?|long|old|far|often)|since\s+when|until\s+when|when|where|why|how|who|whom|what)\s*\?*$/iu;

/**
 * The clause of a question after its question word: "When did Colombia join the Belt and Road?" → "did Colombia
 * join the Belt and Road", from the first auxiliary on ("How much credit did Xi pledge?" → "did Xi pledge
 * credit"); undefined when it has none ("Who signed it?").
 */
export function questionClause(question: string): string | undefined {
  const m = AUXILIARY.exec(question);
  if (!m) return undefined;
  const clause = question.slice(m.index).replace(/\s*\?+\s*$/, '');
  // "How much credit did Xi pledge?": what was asked about ("credit") goes after the clause.
  const asked = /^(?:how\s+(?:much|many)|what|which)\s+(.+?)\s*$/i.exec(question.slice(0, m.index))?.[1];
  return asked ? `${clause} ${asked}` : clause;
}

/** "When?", "In what year?", "Why?": the question word over the previous question's clause. */
export function rewriteBareFrame(previousQuestion: string, followUp: string): string | undefined {
  const m = BARE_FRAME.exec(followUp);
  if (!m) return undefined;
  const clause = questionClause(previousQuestion);
  if (!clause) return undefined;
  const frame = m[1];
  return `${frame[0].toUpperCase()}${frame.slice(1)} ${clause}?`;
}

// --- 3. pronouns -------------------------------------------------------------------------------------------------

const PRONOUN = /\b(?:he|she|him|his|her|they|them|their|it|its|there|then)\b|\bthat\s*\?*$/i;
const SUBJECT_POSITION = /(?:^|\b(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\s+)$/i;

/** The previous answer's text when it is stated and of one of `kinds`. */
function answerOf(context: FollowUpContext, ...kinds: string[]): string | undefined {
  const a = context.answer;
  return a && kinds.includes(a.kind) ? a.text : undefined;
}

/** "he", "she", "him", "her": the previous answer when a person, else the previous question's person. */
export function personReferent(context: FollowUpContext): string | undefined {
  return answerOf(context, 'person') ?? questionNames(context.question).find((n) => n.kind === 'person')?.text;
}

/** "there": "in" and the previous answer when a place, else the previous question's place. */
export function placeReferent(context: FollowUpContext): string | undefined {
  const place = answerOf(context, 'place') ?? questionNames(context.question).find((n) => n.kind === 'place')?.text;
  return place && `in ${place}`;
}

/** "then": the previous answer when a date, as "in 1980" or "on 12 May 2025". */
export function timeReferent(context: FollowUpContext): string | undefined {
  const date = answerOf(context, 'date');
  if (!date) return undefined;
  return /^(?:\d{4}|[A-Z][a-z]+ \d{4})$/.test(date) ? `in ${date}` : `on ${date}`;
}

/**
 * "they", "them": two names joined by "and" in the previous question ("China and Colombia"), else its two people
 * ("Petro and Xi Jinping"), else the previous answer when a person or organisation, else the previous question's
 * subject (its first name).
 */
export function groupReferent(context: FollowUpContext): string | undefined {
  const groups = nameGroups(context.question);
  // A person, or a name of two capitalised words of unknown kind ("Xi Jinping").
  const people = questionNames(context.question).filter(
    (n) => n.kind === 'person' || (n.kind === 'unknown' && /^\p{Lu}\S+\s\p{Lu}\S+$/u.test(n.text)),
  );
  return (
    groups.find((g) => /\band\b/.test(g.text) && !questionNames(context.question).some((n) => n.text === g.text))?.text ??
    (people.length === 2 ? `${people[0].text} and ${people[1].text}` : undefined) ??
    answerOf(context, 'person', 'organization') ??
    groups.find((g) => g.kind !== 'person')?.text
  );
}

/**
 * "it": the previous answer when a thing or organisation ("Which company…?" "SQM." "What will it contribute?");
 * else in subject position ("did it", "It …") the previous question's subject (its first name not a person),
 * elsewhere its object (its last name not a person, with the noun it names: "the Uyuni contract").
 */
export function thingReferent(context: FollowUpContext, subject: boolean): string | undefined {
  const things = questionNames(context.question).filter((n) => n.kind !== 'person');
  if (subject) return answerOf(context, 'organization', 'thing') ?? things[0]?.text;
  const object = things[things.length - 1];
  return answerOf(context, 'organization', 'thing') ?? (object && withHeadNoun(context.question, object));
}

/**
 * A name used as a modifier, with the noun after it: after "the" or a possessive ("the Uyuni contract", "Eramet's
 * Jujuy plant"), followed by a word the lexicon knows only as a noun or not at all; else the name.
 */
export function withHeadNoun(question: string, name: Named): string {
  if (!/^the\s|['’]s\s/i.test(name.text)) return name.text;
  const next = /^\s+([a-z]+)\b/.exec(question.slice(name.end));
  if (!next || !lexiconTags(next[1]).every((t) => NOUN_TAGS.has(t))) return name.text;
  return question.slice(name.index, name.end + next[0].length);
}

const NOUN_TAGS = new Set(['Noun', 'Singular', 'Plural', 'Uncountable']);

/** Every pronoun of the follow-up read as what it refers to; one it cannot read stays as it is. */
export function resolvePronouns(context: FollowUpContext, followUp: string): string {
  const pattern = /\b(he|she|him|his|her|they|them|their|it|its|there|then)\b|\b(that)(?=\s*\?*$)/gi;
  return followUp.replace(pattern, (word: string, _a: string, _b: string, offset: number) => {
    const w = word.toLowerCase();
    const before = followUp.slice(0, offset);
    let referent: string | undefined;
    let possessive = false;
    if (w === 'he' || w === 'she' || w === 'him') referent = personReferent(context);
    else if (w === 'his' || w === 'her') {
      referent = personReferent(context);
      possessive = true;
    } else if (w === 'they' || w === 'them') referent = groupReferent(context);
    else if (w === 'their') {
      referent = groupReferent(context);
      possessive = true;
    } else if (w === 'it' || w === 'that') referent = thingReferent(context, w === 'it' && SUBJECT_POSITION.test(before));
    else if (w === 'its') {
      referent = thingReferent(context, true);
      possessive = true;
    } else if (w === 'there') referent = placeReferent(context);
    else if (w === 'then') referent = timeReferent(context);
    if (!referent) return word;
    // "the Belt and Road" opening the question: "The Belt and Road"; inside, as the previous question wrote it.
    if (offset === 0) referent = referent[0].toUpperCase() + referent.slice(1);
    else if (/^The\s/.test(referent)) referent = `the${referent.slice(3)}`;
    return possessive ? `${referent}'s` : referent;
  });
}
