/**
 * Names in a sentence and the kind of thing each names: a person, a place, an organisation, or a name of
 * unknown kind. Enough to tell which sentence holds what a question asks for ("which state" wants a place the
 * question does not name), and fast enough to run on every candidate sentence: capitalised runs of words,
 * classified by compromise's English lexicon (first names, countries, cities, states, companies) and by the
 * words around them (titles before a person, "Inc." or "University" in an organisation, "in" before a place).
 */
import { lexiconNameKind, type NameKind } from './names.js';

export interface NameMention {
  text: string;
  /** Offset in the sentence. */
  index: number;
  kind: NameKind | 'unknown';
}

// Capitalised words, joined by "of", "and", "&", "de" and the like inside one name ("Bank of England").
const NAME_RUN = /\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:of|the|&|de|del|da|von|van)\s+)?\p{Lu}[\p{L}'’.-]*)*/gu;
const TITLE = String.raw`(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|President|Vice President|Prime Minister|Minister|Sen|Senator|Rep|Gov|Governor|Mayor|Judge|Justice|King|Queen|Prince|Princess|Pope|Chancellor|Secretary|General|Gen|Col|Capt|Coach|Chief|Director)`;
const TITLE_IN_NAME = new RegExp(String.raw`^(?:${TITLE}\.?\s+)+`);
// Capitalised things that are not people, places or organisations: awards, events, laws, works.
const THING_WORD =
  /\b(?:Cup|Awards?|Trophy|Prize|Game|Games|Series|Bowl|Open|Championships?|Festival|Act|Bill|Day|Show|Gala|Week|Olympics|Tour|Album|Film|Movie|Book|Song|Index|Report|Plan|Law|War|Treaty)$/;
const TITLE_BEFORE =
  /\b(?:center|guard|striker|goalkeeper|midfielder|defender|Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|President|Prime Minister|Minister|Sen|Senator|Rep|Gov|Governor|Mayor|Judge|Justice|King|Queen|Prince|Princess|Pope|Chancellor|CEO|coach|singer|actor|actress|star|rapper|designer|director|player|forward|quarterback|pitcher|author|writer)\.?\s+$/i;
const ORG_WORD =
  /\b(?:Inc|Corp|Corporation|Co|Company|Group|Bank|University|College|School|Association|Party|Council|Committee|Commission|Agency|Airlines?|Airways|Motors|Ltd|League|Federation|Union|Institute|Foundation|Club|Network|Studios?|Records|Systems|Technologies|Entertainment|Department|Ministry|Court|Congress|Parliament|Senate|Administration|Authority|Service|Organization|Organisation|Times|Post|News)\b\.?$/;
const PLACE_WORD =
  /\b(?:County|State|Island|Islands|River|Park|Province|City|Lake|Mountains?|Valley|Bay|Coast|Beach|Sea|Ocean|Republic|Kingdom|Peninsula|Strait|Canyon)$/;
const PLACE_BEFORE = /\b(?:in|at|from|near|across|to|into|of)\s+(?:the\s+)?$/;
// Capitalised only because they open a sentence or are not names: never a name on their own.
const NOT_NAMES = new Set(
  'The A An This That These Those It Its He She They We I You His Her Their Our My In On At For From By With As And But Or If When While After Before Since During Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Mr Mrs Ms Dr'.split(
    ' ',
  ),
);

/** The names in `sentence`, each with its kind. */
export function namesIn(sentence: string): NameMention[] {
  const out: NameMention[] = [];
  for (const m of sentence.matchAll(NAME_RUN)) {
    let text = m[0].replace(/[.’']+$/, '').replace(/[’']s$/, '');
    let index = m.index;
    // A leading sentence-opening word ("The", "In") is not part of the name.
    const first = text.split(/\s+/)[0];
    if (NOT_NAMES.has(first)) {
      const rest = text.slice(first.length).trimStart();
      index += text.length - rest.length;
      text = rest.replace(/^(?:of|the|and|&)\s+/, '');
    }
    if (!text || !/\p{Lu}/u.test(text[0]) || NOT_NAMES.has(text)) continue;
    // "President Joe Biden": the title says who, and is not part of the name.
    const title = TITLE_IN_NAME.exec(text);
    if (title && title[0].length < text.length) {
      out.push({ text: text.slice(title[0].length), index: index + title[0].length, kind: 'person' });
      continue;
    }
    // The first word of a sentence is capitalised anyway: alone, it is a name only if the lexicon knows it as one.
    if (index === 0 && !/\s/.test(text) && !lexiconNameKind(text)) continue;
    out.push({ text, index, kind: kindOf(text, sentence.slice(Math.max(0, index - 40), index)) });
  }
  return out;
}

function kindOf(name: string, before: string): NameKind | 'unknown' {
  if (THING_WORD.test(name)) return 'unknown';
  if (ORG_WORD.test(name)) return 'organization';
  if (PLACE_WORD.test(name)) return 'place';
  if (TITLE_BEFORE.test(before)) return 'person';
  const words = name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
  const kinds = words.map((w) => lexiconNameKind(w.replace(/[.,’']+$/, '')));
  // "Bob Mackie": a known first name opening a run of two or more words.
  if (words.length >= 2 && kinds[0] === 'person') return 'person';
  if (words.length <= 2 && kinds.includes('place') && !kinds.includes('person')) return 'place';
  if (kinds.includes('organization')) return 'organization';
  if (words.length === 1 && kinds[0]) return kinds[0];
  if (/^[\p{Lu}&]{2,6}$/u.test(name)) return 'organization';
  if (PLACE_BEFORE.test(before) && words.length <= 3) return 'place';
  return 'unknown';
}
