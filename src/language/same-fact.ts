/**
 * When two sentences from different articles report the same fact: mostly the same words, or a shared run of
 * four words with a number in it ("first established in 1980", "$9.2 billion in credit") — and both say it or
 * both deny it: "has yet to join" and "joined" share their words but not their fact.
 */
import { terms } from './analyzer.js';

function words(text: string): string[] {
  return text.toLowerCase().match(/[$€£]?[\p{L}\p{N}]+(?:[.,][\p{L}\p{N}]+)*%?/gu) ?? [];
}

interface Profile {
  terms: Set<string>;
  /** Runs of four words that hold a digit. */
  numberGrams: Set<string>;
  /** Says that something is not, or not yet, so (the words that say so are stopwords, absent from `terms`). */
  negated: boolean;
}

const NEGATION = /\b(?:not|never|no longer|yet to|cannot|neither|nor|without|no)\b|n['’]t\b/i;

function profile(text: string): Profile {
  const w = words(text);
  const numberGrams = new Set<string>();
  for (let i = 0; i + 4 <= w.length; i++) {
    const g = w.slice(i, i + 4).join(' ');
    if (/\d/.test(g)) numberGrams.add(g);
  }
  return { terms: new Set(terms(text)), numberGrams, negated: NEGATION.test(text) };
}

function sameProfile(a: Profile, b: Profile): boolean {
  if (a.negated !== b.negated) return false;
  let inter = 0;
  for (const t of a.terms) if (b.terms.has(t)) inter++;
  if (inter / (a.terms.size + b.terms.size - inter || 1) >= 0.6) return true;
  for (const g of b.numberGrams) if (a.numberGrams.has(g)) return true;
  return false;
}

/** Compares sentences for the same fact; each sentence is analysed once, however often it is compared. */
export function sameFactChecker(): (a: string, b: string) => boolean {
  const cache = new Map<string, Profile>();
  const of = (text: string) => {
    let p = cache.get(text);
    if (!p) cache.set(text, (p = profile(text)));
    return p;
  };
  return (a, b) => sameProfile(of(a), of(b));
}
