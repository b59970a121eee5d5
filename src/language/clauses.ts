/**
 * The part of a sentence about one of its dates, for a timeline that lists a sentence under each date it names:
 * the clause holding the date (cut at punctuation and at the words that open another clause), no longer than a
 * reader takes in at a glance. "On Monday Petro said Colombia would join the Belt and Road Initiative launched by
 * Xi in 2013 to recreate the ancient Silk Road" gives, for 2013, "…join the Belt and Road Initiative launched by
 * Xi in 2013", and for Monday "On Monday Petro said Colombia would join the Belt and Road Initiative…".
 *
 * Three rules keep an excerpt's meaning: it is cut at a clause boundary or a word limit but never inside a name (a
 * run of capitalised words, joined by "and", "of"…: "the Belt and Road Initiative", "Xian Metro Company and
 * Canada's Bombardier Inc"); it keeps a verb ("…awarded to the CHEC, Xian Metro Company and Canada's Bombardier
 * Inc consortium in 2019", not "…Xian Metro Company and Canada's Bombardier Inc consortium in 2019", where nothing
 * happens), reaching back over a boundary or past the word limit for it; and a clause too short to say anything
 * takes the clause before it whole when that fits.
 */
import { lexiconTags } from './names.js';
import { lemmaOf } from './wordnet.js';

/**
 * Where the clause before a date begins: punctuation, or a word that opens a clause ("and" joins names too). Not a
 * closing parenthesis: "China Harbour Engineering Company (CHEC) is expected…" keeps its subject.
 */
const OPENS_BEFORE = /[,;:(]|\s+[—–]\s+|\s+-\s+|\s+(?:but|while|although|though|whereas|which|who|whose|where|because|as)\s+/gi;
/** Where the clause after a date ends: punctuation, or a word that opens another ("in 2013 to recreate"). */
const ENDS_AFTER =
  /[,;:()]|\s+[—–]\s+|\s+-\s+|\s+(?=(?:and|but|while|as|after|before|because|although|though|whereas|which|who|whose|where|when|to)\s)/gi;

/** Words the clause before a date should have at least, reaching back over a boundary if need be. */
const MIN_WORDS_BEFORE = 3;
/** Words at most on either side of the date, at a glance. */
const MAX_WORDS_BEFORE = 9;
const MAX_WORDS_AFTER = 9;
/** Words at most on either side when a name or the verb would otherwise be cut off. */
const LONGEST_BEFORE = 16;
const LONGEST_AFTER = 14;

/** Words that join a name's capitalised words: "Belt and Road", "Bank of England", "Trinidad & Tobago". */
const NAME_JOINERS = new Set(['and', 'of', '&', 'de', 'del', 'la', 'for', 'the']);
const FUNCTION_TAGS = ['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Adverb', 'QuestionWord'];
/** The lexicon's tags of a verb's forms that are verbs wherever they stand (but after an article). */
const VERB_TAGS = ['PastTense', 'Copula', 'Modal', 'Auxiliary', 'Participle', 'PhrasalVerb', 'Verb'];
/** Words after which a verb's form is a noun: "a visit", "the award", "his plans". */
const ARTICLES = /^(?:a|an|the|his|her|its|their|our|my|your|this|these|those|every|each)$/i;
/** Words after which a word in -s is a verb, not a plural: "a visit that runs", "it plans". */
const SUBJECT_PRONOUNS = /^(?:that|which|who|it|he|she)$/i;
/** Words that go before a verb with it: "is expected", "would join", "has not been". */
const AUXILIARIES = /^(?:to|not|never|also|has|have|had|is|was|were|are|be|been|will|would|could|should|can|may|might|must)$/i;

interface Token {
  start: number;
  end: number;
  /** The word without the punctuation around it, as written, and where that ends. */
  core: string;
  coreStart: number;
  coreEnd: number;
}

/** A word: the punctuation before it, the word itself (from a letter, digit or currency sign to a letter, digit or %), the rest. */
const TOKEN = /(?=\S)([^\s\p{L}\p{N}$€£]*)((?:[\p{L}\p{N}$€£](?:\S*[\p{L}\p{N}%])?)?)\S*/gu;

function tokensOf(sentence: string): Token[] {
  const tokens: Token[] = [];
  for (const m of sentence.matchAll(TOKEN)) {
    const coreStart = m.index + m[1].length;
    tokens.push({ start: m.index, end: m.index + m[0].length, core: m[2], coreStart, coreEnd: coreStart + m[2].length });
  }
  return tokens;
}

/** What the English lexicon and WordNet say of a word (lower case), looked up once: the same words come back. */
interface WordFacts {
  /** A function word ("The", "On", "When"): capitalised, still no name. */
  functionWord: boolean;
  adjective: boolean;
  /** A verb whatever stands before it, but an article ("said", "would", "is"). */
  verb: boolean;
  /** A verb unless an article or an adjective stands before it ("join", "assuming"; not "a plan", "the housing"). */
  baseForm: boolean;
  /** Listed as an adjective or a noun, or not at all, but a verb's form to WordNet ("awarded", "hailed", "reopens", "cut"). */
  verbForm: boolean;
}
const WORD_FACTS_CACHE = 50_000;
const wordFacts = new Map<string, WordFacts>();
function factsOf(word: string): WordFacts {
  const key = word.toLowerCase();
  let facts = wordFacts.get(key);
  if (!facts) {
    const tags = lexiconTags(key);
    if (wordFacts.size >= WORD_FACTS_CACHE) wordFacts.clear();
    facts = {
      functionWord: tags.some((tag) => FUNCTION_TAGS.includes(tag)),
      adjective: tags.includes('Adjective'),
      verb: tags.some((tag) => VERB_TAGS.includes(tag)),
      baseForm: tags.includes('Gerund') || tags.includes('Infinitive') || tags.includes('PresentTense'),
      verbForm:
        /^\p{L}+$/u.test(key) &&
        tags.every((tag) => tag === 'Adjective' || tag === 'Plural' || tag === 'Singular') &&
        lemmaOf(key, 'verb') !== undefined,
    };
    wordFacts.set(key, facts);
  }
  return facts;
}

/** A sentence's words, and what each is, worked out once for all its dates (the timeline asks for each in turn). */
interface Reading {
  sentence: string;
  tokens: Token[];
  capital: boolean[];
  numeral: boolean[];
  joiner: boolean[];
  endsName: boolean[];
  verb: (boolean | undefined)[];
}
let lastReading: Reading | undefined;

function readingOf(sentence: string): Reading {
  if (lastReading?.sentence === sentence) return lastReading;
  const tokens = tokensOf(sentence);
  lastReading = {
    sentence,
    tokens,
    capital: tokens.map(isCapitalised),
    numeral: tokens.map((t) => /^\d[\d,.]*$/.test(t.core) && t.coreStart === t.start),
    joiner: tokens.map((t) => NAME_JOINERS.has(t.core.toLowerCase()) && t.core === sentence.slice(t.start, t.end)),
    endsName: tokens.map((t) => endsName(sentence, t)),
    verb: [],
  };
  return lastReading;
}

const isCapitalised = (t: Token) => /^\p{Lu}/u.test(t.core) && !factsOf(t.core).functionWord;
/** Punctuation after a word that ends a name: a comma, a full stop that is not an abbreviation's ("Inc."). */
const endsName = (sentence: string, t: Token) => {
  const after = sentence.slice(t.coreEnd, t.end);
  return /[,;:!?)”"]/.test(after) || (after.includes('.') && !/^(?:\p{Lu}[\p{L}]{0,3}|(?:\p{L}\.)+\p{L})$/u.test(t.core));
};

/**
 * The names of a sentence as character ranges [start, end): runs of capitalised words, with the numbers that go
 * on them ("Group of 20", "Oct. 2", "Boeing 737"); the date's own words left out.
 */
function nameRanges(r: Reading, dateStart: number, dateEnd: number): [number, number][] {
  const { sentence, tokens } = r;
  const ranges: [number, number][] = [];
  let run: [number, number] | undefined;
  let open = false;
  const inDate = (i: number) => tokens[i].end > dateStart && tokens[i].start < dateEnd;
  const capital = (i: number) => i < tokens.length && r.capital[i] && !inDate(i);
  const numeral = (i: number) => i < tokens.length && r.numeral[i] && !inDate(i);
  tokens.forEach((t, i) => {
    if ((capital(i) || numeral(i)) && run && open) {
      run[1] = t.coreEnd;
      open = !r.endsName[i];
    } else if (r.joiner[i] && !inDate(i) && run && open && (capital(i + 1) || (t.core === 'of' && numeral(i + 1)))) {
      // "and" goes on only to another capitalised word ("Belt and Road"), "of" to a number too ("Group of 20").
    } else {
      if (run) ranges.push(run);
      run = capital(i) ? [t.coreStart, t.coreEnd] : undefined;
      open = capital(i) && !r.endsName[i];
    }
  });
  if (run) ranges.push(run);
  return ranges.filter(([s, e]) => /\s/.test(sentence.slice(s, e)));
}

/** Whether a word is a verb where it stands ("met", "awarded", "reopens", "would join"; not "a visit", "the award"). */
function isVerb(tokens: Token[], i: number, first: boolean): boolean {
  const t = tokens[i];
  if (!t.core || (!first && /^\p{Lu}/u.test(t.core)) || !/^\p{L}/u.test(t.core)) return false;
  const facts = factsOf(t.core);
  const previous = i > 0 ? tokens[i - 1].core : '';
  const afterArticle = ARTICLES.test(previous);
  if (facts.verb) return !afterArticle;
  // "the housing shortage", "large prefabricated housing": a verb's form after an adjective is a modifier too.
  const modified = afterArticle || (previous !== '' && factsOf(previous).adjective);
  if (facts.baseForm) return !modified;
  // What the lexicon lists as an adjective, a noun or not at all, WordNet may know as a verb's form: "awarded",
  // "hailed", "looted", "reopens"; a plural in -s only after "that", "it"…: "a visit that runs".
  if (!facts.verbForm) return false;
  // "to open"; "the bank last cut them": before an object pronoun, a word WordNet knows as a verb is one.
  if (/^to$/i.test(previous) || /^(?:them|it|him|her|us|me)$/i.test(tokens[i + 1]?.core ?? '')) return true;
  if (/(?:ed|ing)$/i.test(t.core)) return !modified;
  return /s$/i.test(t.core) && SUBJECT_PRONOUNS.test(previous);
}

/**
 * The clause of `sentence` around the date at [start, end), trimmed to about a dozen words on word boundaries,
 * with "…" where it was cut inside the sentence.
 */
export function clauseAround(sentence: string, start: number, end: number): string {
  const reading = readingOf(sentence);
  const { tokens } = reading;
  const names = nameRanges(reading, start, end);
  /** The name a cut at `at` would fall inside, if any. */
  const nameAcross = (at: number) => names.find(([s, e]) => s < at && at < e);
  /** A boundary the regular expressions found that is none: inside a name, or the comma of "1,200". */
  const noBoundary = (at: number) => nameAcross(at) !== undefined || /\d,\d/.test(sentence.slice(at - 1, at + 2));
  /** Words (or pieces of words) of the sentence between `a` and `b`. */
  const wordsBetween = (a: number, b: number) => tokens.reduce((n, t) => (t.end > a && t.start < b ? n + 1 : n), 0);
  const wordsBefore = (from: number) => wordsBetween(from, start);
  const wordsAfter = (to: number) => wordsBetween(end, to);
  /** Where the `n`th word before the date starts. */
  const startOfWords = (n: number) => {
    const before = tokens.filter((t) => t.start < start);
    return before.length <= n ? 0 : before[before.length - n].start;
  };
  /** Where the clause going on at `at` ends: the first boundary after it, or the sentence's end. */
  const clauseEnd = (at: number) => {
    for (const m of sentence.slice(at).matchAll(ENDS_AFTER)) if (!noBoundary(at + m.index)) return at + m.index;
    return sentence.length;
  };
  const isVerbAt = (i: number) => (reading.verb[i] ??= isVerb(tokens, i, i === 0));

  // Clause openings before the date (not inside a parenthesis closed before it either), latest last.
  const closedParens = [...sentence.slice(0, start).matchAll(/\([^()]*\)/g)].map((m) => [m.index, m.index + m[0].length]);
  const openings = [0];
  for (const m of sentence.slice(0, start).matchAll(OPENS_BEFORE)) {
    if (noBoundary(m.index) || closedParens.some(([s, e]) => s <= m.index && m.index < e)) continue;
    openings.push(m.index + m[0].length);
  }
  let from = openings.at(-1)!;
  // A clause of a word or two says too little ("…president in October 2023"): take the one before it whole when
  // that fits, else reach back a few words.
  if (wordsBefore(from) < MIN_WORDS_BEFORE) {
    const whole = openings.filter((o) => wordsBefore(o) >= MIN_WORDS_BEFORE && wordsBefore(o) <= MAX_WORDS_BEFORE).at(-1);
    from = whole ?? startOfWords(MIN_WORDS_BEFORE + 2);
  }
  let clauseFrom = from;
  if (wordsBefore(from) > MAX_WORDS_BEFORE) from = startOfWords(MAX_WORDS_BEFORE);

  // The clause after the date ends at the first boundary not inside a name ("the Belt and Road Initiative"),
  // without the sentence's own closing punctuation.
  let to = clauseEnd(end);
  const closing = /[.!?"”’']+\s*$/.exec(sentence.slice(end, to));
  if (closing && to === sentence.length) to = end + closing.index;
  if (wordsAfter(to) > MAX_WORDS_AFTER) to = tokens.filter((t) => t.end > end)[MAX_WORDS_AFTER - 1].end;

  // Keep a verb. Reach back for the nearest one: to its clause's opening when that fits, else to the verb itself
  // with its auxiliaries and a name just before it ("Colombian President Gustavo Petro met…"). A date that opens
  // the sentence ("In 2021, … Xi was invited") reaches forward to the next one instead.
  const hasVerb = tokens.some((t, i) => t.start >= from && t.end <= to && (t.end <= start || t.start >= end) && isVerbAt(i));
  if (!hasVerb) {
    let verb = -1;
    tokens.forEach((t, i) => {
      if (t.end <= from && isVerbAt(i)) verb = i;
    });
    const next = tokens.findIndex((t, i) => t.start >= to && isVerbAt(i));
    if (verb >= 0 && wordsBefore(tokens[verb].start) <= LONGEST_BEFORE) {
      if (tokens[verb].start < clauseFrom) clauseFrom = openings.filter((o) => o <= tokens[verb].start).at(-1)!;
      if (wordsBefore(clauseFrom) <= LONGEST_BEFORE) from = clauseFrom;
      else {
        let first = verb;
        while (first > 0 && AUXILIARIES.test(tokens[first - 1].core)) first--;
        from = tokens[first].start;
        const subject = names.find(([, e]) => e === tokens[first - 1]?.coreEnd);
        if (subject && wordsBefore(subject[0]) <= LONGEST_BEFORE) from = subject[0];
      }
    } else if (wordsBefore(from) < MIN_WORDS_BEFORE && next >= 0 && wordsAfter(tokens[next].end) <= LONGEST_AFTER) {
      to = clauseEnd(tokens[next].end);
      if (wordsAfter(to) > LONGEST_AFTER) to = tokens[tokens.findIndex((t) => t.end > end) + LONGEST_AFTER - 1].end;
    }
  }

  // Never inside a name: take it whole when that fits, else leave it out.
  const cutFront = nameAcross(from);
  if (cutFront)
    from = wordsBefore(cutFront[0]) <= LONGEST_BEFORE ? cutFront[0] : (tokens.find((t) => t.start >= cutFront[1])?.start ?? start);
  const cutBack = nameAcross(to);
  if (cutBack) to = wordsAfter(cutBack[1]) <= LONGEST_AFTER ? cutBack[1] : sentence.slice(0, cutBack[0]).trimEnd().length;
  from = Math.min(from, start);
  to = Math.max(to, end);

  // The words as written, without the punctuation left at a cut ("…” Petro told", "Metro, …"); "…" where the
  // sentence goes on.
  const text = sentence
    .slice(from, to)
    .replace(/\s+/g, ' ')
    .replace(from > 0 ? /^[\s,;:.)”’"']+/ : /^\s+/, '')
    .replace(/[\s,;:(“‘"]+$/, '');
  const rest = sentence.slice(to).replace(/^[\s)]+/, '');
  const goesOn = rest !== '' && !/^[.!?"”’']+\s*$/.test(rest);
  return `${from > 0 ? '…' : ''}${text}${goesOn ? '…' : ''}`;
}
