/**
 * Noun phrases of a sentence, found with compromise's English lexicon (a word's part of speech: determiner,
 * preposition, verb, adjective…) and a few suffix rules for the words it does not list, rather than its full
 * contextual tagger: on SQuAD's sentences the two find short answers about as well, and this takes a hundredth
 * of the time (the tagger cost milliseconds a sentence, too much for every /ask).
 *
 * A phrase is a run of nouns, adjectives, numbers and names, opened by at most one determiner or possessive,
 * joined across "of", "and", "&" and hyphens when a noun follows ("the Bank of England", "otter, beaver and
 * hundreds of bird species" gives "hundreds of bird species").
 */
import { lexiconTags } from './names.js';

export interface NounPhrase {
  start: number;
  end: number;
}

type Role = 'noun' | 'det' | 'link' | 'break';

const TOKEN = /[\p{L}\p{N}$€£¥%][\p{L}\p{N}'’.,%-]*[\p{L}\p{N}%]|[\p{L}\p{N}$€£¥%]|[^\s]/gu;
const VERB_TAGS = new Set([
  'Verb',
  'Infinitive',
  'PastTense',
  'PresentTense',
  'Gerund',
  'Copula',
  'Modal',
  'Auxiliary',
  'Participle',
  'PhrasalVerb',
  'Negative',
]);
const BREAK_TAGS = new Set(['Preposition', 'Conjunction', 'Adverb', 'QuestionWord', 'Pronoun', 'Negative', 'Expression']);
const NOUN_TAGS = new Set([
  'Noun',
  'Singular',
  'Plural',
  'Adjective',
  'Comparative',
  'Superlative',
  'Value',
  'Cardinal',
  'Ordinal',
  'TextValue',
]);
const LINKS = new Set(['of', 'and', '&']);

function roleOf(word: string, previous: Role, previousWord: string, nextWord: string, first: boolean): Role {
  if (!/[\p{L}\p{N}$€£¥]/u.test(word)) return word === '&' ? 'link' : 'break';
  if (/^[$€£¥]?\d/u.test(word)) return 'noun';
  if (/^(?:e\.g|i\.e|etc|cf)$/i.test(word)) return 'break';
  const lower = word.toLowerCase();
  if (LINKS.has(lower)) return 'link';
  const tags = lexiconTags(lower);
  if (tags.includes('Determiner') || tags.includes('Possessive'))
    return tags.includes('Pronoun') && !tags.includes('Possessive') ? 'break' : 'det';
  // A capitalised word is a name, unless the lexicon knows it as a word that is never one ("The", "However").
  // The first word of a sentence is capitalised anyway: it is read as written in lower case. After a
  // capitalised word, a capitalised one goes on the name ("Daily Harvest", "James Beard Awards").
  const capitalised = !first && /^\p{Lu}/u.test(word);
  if (capitalised && (/^\p{Lu}/u.test(previousWord) || !tags.some((t) => BREAK_TAGS.has(t) || VERB_TAGS.has(t)))) return 'noun';
  // "to address", "will include": a verb, whatever else the word can be.
  if (/^(?:to|will|would|can|could|should|may|might|must)$/i.test(previousWord)) return 'break';
  const afterAdjective = previous === 'det' || (previous === 'noun' && lexiconTags(previousWord.toLowerCase()).includes('Adjective'));
  // "Lavoisier observed": the lexicon lists most "-ed" words as adjectives, but after a noun one is a verb.
  if (/ed$/.test(lower) && previous === 'noun' && !afterAdjective && !tags.some((t) => t !== 'Adjective' && NOUN_TAGS.has(t)))
    return 'break';
  // "an overall increase": after a determiner or an adjective, a verb's base form is a noun.
  if (afterAdjective && (tags.includes('Infinitive') || tags.includes('PresentTense'))) return 'noun';
  // "the housing shortage", "prefabricated housing projects": a gerund inside a phrase is a modifier.
  if (tags.includes('Gerund') && (previous === 'det' || previous === 'noun')) return 'noun';
  if (/^(?:there|here|then|now|also|only|not|no)$/.test(lower)) return 'break';
  if (tags.some((t) => NOUN_TAGS.has(t))) return 'noun';
  if (tags.some((t) => BREAK_TAGS.has(t) || VERB_TAGS.has(t))) return 'break';
  if (tags.length) return 'noun';
  // Words the lexicon does not list: "-ly" is an adverb; "-ed"/"-ing" a verb ("Priestley focused sunlight")
  // unless a determiner or an adjective opened the phrase ("the growing fervour", "large prefabricated housing").
  if (/ly$/i.test(lower)) return 'break';
  // "The Vistula features a habitat": a word in -s right before a determiner is a verb.
  if (/s$/i.test(lower) && lexiconTags(nextWord.toLowerCase()).includes('Determiner')) return 'break';
  if (/(?:ed|ing)$/i.test(lower))
    return previous === 'det' || (previous === 'noun' && lexiconTags(previousWord.toLowerCase()).includes('Adjective')) ? 'noun' : 'break';
  return 'noun';
}

/** The noun phrases of `text`, in order. */
export function nounPhrases(text: string): NounPhrase[] {
  const out: NounPhrase[] = [];
  let start = -1;
  let end = -1;
  let pendingLink = false;
  let previous: Role = 'break';
  const close = () => {
    if (start >= 0 && end > start) out.push({ start, end });
    start = -1;
    end = -1;
    pendingLink = false;
  };
  const tokens = [...text.matchAll(TOKEN)];
  tokens.forEach((m, i) => {
    // The period of an abbreviation ("Rep.", "St.") is part of the name it opens.
    if (m[0] === '.' && start >= 0 && /^\p{Lu}\p{L}{0,3}$/u.test(tokens[i - 1]?.[0] ?? '') && /^\p{Lu}/u.test(tokens[i + 1]?.[0] ?? ''))
      return;
    // A token's trailing comma or period belongs to the sentence, not the word.
    const word = m[0].replace(/[.,]+$/, '');
    const role = roleOf(word, previous, tokens[i - 1]?.[0] ?? '', tokens[i + 1]?.[0] ?? '', i === 0);
    const at = m.index;
    if (role === 'noun') {
      if (start < 0) start = at;
      end = at + word.length;
      pendingLink = false;
    } else if (role === 'det') {
      if (start >= 0 && !pendingLink) close();
      if (start < 0) start = at;
    } else if (role === 'link' && start >= 0 && end > start) {
      pendingLink = true;
    } else {
      close();
    }
    // A comma or period after the word ends the phrase, unless the period marks an abbreviation ("Rep.", "U.S.").
    const abbreviation = /^(?:\p{Lu}[\p{L}]{0,3}|(?:\p{L}\.)+\p{L})$/u.test(word) && m[0].endsWith('.') && !m[0].endsWith(',');
    if (m[0].length !== word.length && !abbreviation) close();
    previous = role;
  });
  close();
  return out;
}
