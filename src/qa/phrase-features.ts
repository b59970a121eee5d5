/**
 * What the reader sees in a candidate short answer (a span of the quote): the named features that the phrase
 * model weighs (qa/answer-phrase.ts computes them, qa/reader.ts holds their weights, `npm run train` fits them).
 * The first five are the hand-tuned rules' own terms; the rest are the shape of the span, after the SQuAD
 * paper's logistic regression: its capitalisation and length, where it sits (sentence start, brackets, after a
 * colon, next to the question's words), whether it is a time word or says the question's words.
 */
import { tokenize } from '../language/analyzer.js';

export const PHRASE_FEATURES = [
  /** Sum over the question's words the sentence repeats of 1 / (1 + words between them and the span). */
  'closeness',
  /** What its kind of span earns or loses (a name of the asked kind, the counted unit after a number…). */
  'kindBonus',
  /** Within two words of the noun the question asks about ("which park" → next to "park"). */
  'nextToAskedNoun',
  /** Right after the question's last word, when the question asks for its object. */
  'afterQuestionEnd',
  /** The subject of the question's verb ("Who selected…" → the name before "selected"). */
  'subjectOfVerb',
  /** Share of its content words written with a capital. */
  'capitalised',
  /** The same, when the question asks "which X": the answer to "which park" is usually a name. */
  'capitalisedForWhich',
  /** It starts the sentence (a dateline "(CNN)" or a subject). */
  'sentenceStart',
  /** It is inside brackets: "(CNN)", "(MLP)". */
  'inBrackets',
  /** It is or holds a time word (a weekday, a month, "afternoon") while the question asks for no date. */
  'timeWord',
  /** Its length in words, up to 6, over 6. */
  'words',
  /** One lower-case word ("shift", "testing"). */
  'lowerSingle',
  /** A part of a longer candidate (its run of capitalised words, a number without "more than"). */
  'variant',
  /** It says one of the question's own words. */
  'questionWordInside',
  /** At most one word after one of the question's words. */
  'rightAfterAnchor',
  /** At most one word before one of the question's words. */
  'rightBeforeAnchor',
  /** Right after a colon or a dash: the sentence names it ("a new option: human composting"). */
  'afterColon',
  /** It holds a digit. */
  'digits',
  /** A name of the kind asked (a person for "who"), as language/entities reads it. */
  'nameOfAskedKind',
  /** A name of another known kind (a place for "which company"). */
  'nameOfOtherKind',
  /** A demonym ("European", "Cuban"): it names a place's people, not the place. */
  'demonym',
  /** A place of the scale asked: a country for "which nation", a city for "which city" (compromise's lexicon). */
  'placeOfAskedScale',
  /** It ends on a lower-case adjective ("impressive", "former"): a noun phrase cut short, or no noun at all. */
  'endsInAdjective',
] as const;

export type PhraseFeature = (typeof PHRASE_FEATURES)[number];
export type PhraseFeatureVector = Record<PhraseFeature, number>;

const TIME_WORD =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|today|yesterday|tomorrow|tonight|morning|afternoon|evening|night|weekend)s?\b/i;

const ADJECTIVE_ENDING = /(?:ive|ful|ous|ic|ical|able|ible|less|ish|ary)$/;

/**
 * Whether a span's last word is a lower-case adjective: the lexicon's tag (`tagsOf`, compromise's lexicon), or an
 * adjective's ending when the lexicon does not know the word.
 */
export function endsInAdjective(words: string, tagsOf: (word: string) => readonly string[]): boolean {
  const last = /[\p{L}-]+$/u.exec(words)?.[0];
  if (!last || last !== last.toLowerCase()) return false;
  const tags = tagsOf(last);
  return tags.length ? tags.includes('Adjective') : ADJECTIVE_ENDING.test(last);
}

/** Whether a span is or holds a time word. */
export function holdsTimeWord(words: string): boolean {
  return TIME_WORD.test(words);
}

/** Share of a span's content words that start with a capital letter (0 for none). */
export function capitalisedShare(words: string): number {
  const content = tokenize(words).filter((t) => t.term && /^\p{L}/u.test(t.word));
  return content.length ? content.filter((t) => /^\p{Lu}/u.test(t.word)).length / content.length : 0;
}

/** Whether `offset` of `text` is inside round or square brackets opened before it. */
export function insideBrackets(text: string, offset: number): boolean {
  let depth = 0;
  for (let i = 0; i < offset; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
  }
  return depth > 0;
}

// Small words a name may hold between its capitalised words: "Bank of England", "Procter & Gamble".
const NAME_JOINER = /^(?:of|the|and|&|de|du|la|le|van|von|der|da|del|al|for)$/;

/**
 * The runs of capitalised words inside a span of `text` that are shorter than it: "comedian Bill Cosby" →
 * "Bill Cosby"; "Yellowstone National Park officials" → "Yellowstone National Park". Small words between
 * capitalised ones stay ("Bank of England"); a run does not end on one.
 */
export function capitalisedRuns(text: string, start: number, end: number): { start: number; end: number }[] {
  const words = [...text.slice(start, end).matchAll(/[^\s,;:()"“”]+/gu)].map((m) => ({
    word: m[0],
    start: start + m.index,
    end: start + m.index + m[0].length,
  }));
  const out: { start: number; end: number }[] = [];
  let run: typeof words = [];
  const flush = () => {
    while (run.length && NAME_JOINER.test(run[run.length - 1].word)) run.pop();
    if (run.length && run.length < words.length) out.push({ start: run[0].start, end: run[run.length - 1].end });
    run = [];
  };
  for (const w of words) {
    if (/^\p{Lu}/u.test(w.word) || (run.length && NAME_JOINER.test(w.word))) run.push(w);
    else flush();
  }
  flush();
  return out;
}

/**
 * The rules the product used before the phrase model was learned: closeness, what the kind earns, and a point
 * for each sign that names the span; a candidate's parts are never chosen.
 */
export const HAND_TUNED_PHRASE_WEIGHTS: PhraseFeatureVector = {
  ...(Object.fromEntries(PHRASE_FEATURES.map((f) => [f, 0])) as PhraseFeatureVector),
  closeness: 1,
  kindBonus: 1,
  nextToAskedNoun: 1,
  afterQuestionEnd: 1,
  subjectOfVerb: 1,
  variant: -100,
};
