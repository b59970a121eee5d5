/**
 * The value of a number as news writes it, in digits or in words: "72,000", "9.2 billion", "three",
 * "twenty-five", "a dozen", "half a million", "about 120 million". Words are read by compromise's number
 * parser (its full English build, loaded the first time a number in words is read: about 0.4 s); vague
 * quantities ("several", "dozens", "a few") have no value.
 */
import { createRequire } from 'node:module';

type Nlp = (text: string) => { numbers(): { get(): unknown } };
let nlp: Nlp | undefined;

const SCALES = new Map([
  ['thousand', 1e3],
  ['k', 1e3],
  ['million', 1e6],
  ['mn', 1e6],
  ['m', 1e6],
  ['billion', 1e9],
  ['bn', 1e9],
  ['trillion', 1e12],
]);
const HEDGES =
  /^(?:about|around|roughly|nearly|almost|over|under|more than|less than|fewer than|at least|up to|some|approximately|an estimated)\s+/i;
const VAGUE = /^(?:several|a few|few|many|dozens|hundreds|thousands|millions|billions|some)$/i;

/** The number `phrase` says, or undefined when it says none or only a vague quantity. */
export function numberValue(phrase: string): number | undefined {
  const p = phrase.trim().replace(HEDGES, '').toLowerCase();
  if (!p || VAGUE.test(p)) return undefined;
  const digits = /^(\d[\d,]*(?:\.\d+)?)(?:\s?([a-z]+))?$/.exec(p);
  if (digits) {
    const scale = digits[2] === undefined ? 1 : SCALES.get(digits[2]);
    const n = Number(digits[1].replace(/,/g, '')) * (scale ?? NaN);
    return Number.isFinite(n) ? n : undefined;
  }
  if (/\d/.test(p)) return undefined;
  // compromise does not read "dozen" as a number: "a dozen" is 12, "half a dozen" 6, "two dozen" 24.
  if (/^an?\s+dozen$/.test(p)) return 12;
  if (/^half\s+an?\s+dozen$/.test(p)) return 6;
  const dozens = /^(\w+)\s+dozen$/.exec(p);
  if (dozens) {
    const n = wordsValue(dozens[1]);
    return n === undefined ? undefined : n * 12;
  }
  return wordsValue(p);
}

/** Words read as numbers so far: the same few ("one", "two", "a million") recur in every answer. */
const wordsValues = new Map<string, number | undefined>();
/** Past this many, the memo is cleared: a bound on what odd words can make it hold. */
const MAX_REMEMBERED_WORDS = 10_000;

function wordsValue(words: string): number | undefined {
  if (wordsValues.has(words)) return wordsValues.get(words);
  nlp ??= createRequire(import.meta.url)('compromise/three') as Nlp;
  const values = nlp(words).numbers().get();
  const value =
    Array.isArray(values) && values.length === 1 && typeof values[0] === 'number' && Number.isFinite(values[0]) ? values[0] : undefined;
  if (wordsValues.size >= MAX_REMEMBERED_WORDS) wordsValues.clear();
  wordsValues.set(words, value);
  return value;
}
