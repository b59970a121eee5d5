/**
 * Is a word English? Spelling correction is for typos: a word of the language ("latest", "repeated") is
 * what the member meant even when the corpus never uses it, and rewriting it into the nearest corpus word
 * ("largest") answers another question. Hunspell's en_US dictionary (dictionary-en, read by nspell) knows
 * about 50,000 stems with their affix rules, so every inflection counts, and the names it spells with a
 * capital ("Paris", "COVID") count in any case. compromise's lexicon, already loaded for names, adds the
 * names of people and places it knows. Loaded the first time it is needed (about 0.3 s, 20 MB): the bot
 * loads it at start; most CLI questions never need it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import nspell from 'nspell';
import { lexiconTags } from './names.js';

let checker: ReturnType<typeof nspell> | undefined;

function load(): ReturnType<typeof nspell> {
  if (checker) return checker;
  // dictionary-en's module reads its two files with a top-level await; read them beside it, synchronously,
  // so question analysis stays synchronous.
  const dir = path.dirname(createRequire(import.meta.url).resolve('dictionary-en'));
  checker = nspell(readFileSync(path.join(dir, 'index.aff')), readFileSync(path.join(dir, 'index.dic')));
  return checker;
}

/**
 * Whether `word` is an English word or a name the dictionaries know, in any inflection and any case:
 * "latest", "Repeated", "paris", "covid" yes; "beijng", "raod", "okafor" no.
 */
export function isEnglishWord(word: string): boolean {
  const w = word.replace(/['’]s$/u, '');
  if (!/^\p{L}[\p{L}'’-]*$/u.test(w)) return false;
  const spell = load();
  const lower = w.toLowerCase();
  const capitalised = lower[0].toUpperCase() + lower.slice(1);
  return spell.correct(lower) || spell.correct(capitalised) || spell.correct(lower.toUpperCase()) || lexiconTags(lower).length > 0;
}

// American and British spellings of one word: "labor"/"labour", "organize"/"organise", "center"/"centre".
const VARIANT_ENDINGS: [RegExp, string][] = [
  [/or(s?)$/, 'our$1'],
  [/our(s?)$/, 'or$1'],
  [/iz(e|es|ed|ing|ation|ations)$/, 'is$1'],
  [/is(e|es|ed|ing|ation|ations)$/, 'iz$1'],
  [/yz(e|es|ed|ing)$/, 'ys$1'],
  [/ys(e|es|ed|ing)$/, 'yz$1'],
  [/([^aeiou])er(s?)$/, '$1re$2'],
  [/([^aeiou])re(s?)$/, '$1er$2'],
  [/ense(s?)$/, 'ence$1'],
  [/ence(s?)$/, 'ense$1'],
  [/og(s?)$/, 'ogue$1'],
  [/ogue(s?)$/, 'og$1'],
  [/([aeiou])l(ed|ing|er|ers)$/, '$1ll$2'],
  [/([aeiou])ll(ed|ing|er|ers)$/, '$1l$2'],
];

/**
 * The other spellings of `word` (lower case) in American or British English: "labor" → ["labour"],
 * "traveled" → ["travelled"]. The same word, not another one: spelling may read it as the corpus writes it.
 */
export function spellingVariants(word: string): string[] {
  const w = word.toLowerCase();
  const out = new Set<string>();
  for (const [ending, replacement] of VARIANT_ENDINGS) if (ending.test(w)) out.add(w.replace(ending, replacement));
  out.delete(w);
  return [...out];
}

/** Load the dictionary now (the bot does at start, so no member waits for it). */
export function preloadEnglish(): void {
  load();
}
