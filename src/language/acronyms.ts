/**
 * Acronyms learned from the corpus itself: wherever an article writes "Belt and Road Initiative (BRI)", the
 * two names are the same thing, so a question with either finds text with either.
 */
import { terms } from './analyzer.js';

export interface Alias {
  /** As written: "BRI". */
  acronym: string;
  /** As written the first time it was seen: "Belt and Road Initiative". */
  expansion: string;
  /** Index term of the acronym ("bri"). */
  acronymTerm: string;
  /** Index terms of the expansion, in order (["belt", "road", "initi"]). */
  expansionTerms: string[];
  /** How many times the corpus defines it this way. */
  count: number;
}

const DEFINITION = /\(([\p{Lu}][\p{Lu}\p{N}&]{1,9})s?\)/gu;
// Words an acronym may skip: "Belt and Road Initiative" is BRI, not BARI.
const MINOR = new Set(['and', 'of', 'the', 'for', 'in', 'on', 'to', 'de', 'del', 'la', 'du', 'des', '&', 'a', 'an', 'at']);

/**
 * The expansion an acronym abbreviates, read backwards from the parenthesis: every letter must be the initial
 * of a capitalised word (minor words may be skipped), and the words must run up to the parenthesis.
 */
export function matchExpansion(before: string, acronym: string): string | undefined {
  const words = before.trimEnd().split(/\s+/);
  const letters = acronym.replace(/[^\p{Lu}]/gu, '').split('');
  let w = words.length - 1;
  let l = letters.length - 1;
  let first = -1;
  while (l >= 0 && w >= 0) {
    const word = words[w].replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    if (!word) return undefined;
    if (word[0] === letters[l] && /^\p{Lu}/u.test(word)) {
      l--;
      first = w;
      w--;
    } else if (MINOR.has(word.toLowerCase()) && first !== -1) {
      w--;
    } else {
      return undefined;
    }
  }
  if (l >= 0 || first === -1) return undefined;
  return words
    .slice(first)
    .join(' ')
    .replace(/[,;:]$/, '');
}

/** Every "Long Name (ACR)" definition in the texts, merged by acronym. */
export function learnAcronyms(texts: Iterable<string>): AliasTable {
  const table = new AliasTable();
  for (const text of texts) {
    if (!text.includes('(')) continue;
    for (const m of text.matchAll(DEFINITION)) {
      const acronym = m[1];
      const before = text.slice(Math.max(0, m.index! - 200), m.index!);
      const expansion = matchExpansion(before, acronym);
      if (expansion) table.add(acronym, expansion);
    }
  }
  return table;
}

/** What reading questions asks of learned acronyms: an AliasTable, or several read as one. */
export interface AliasLookup {
  readonly size: number;
  byTerm(acronymTerm: string): Alias | undefined;
  /** Aliases whose expansion is spelled out in `termList` starting at `at`. */
  expansionsAt(termList: string[], at: number): { alias: Alias; length: number }[];
  toJSON(): Alias[];
}

export class AliasTable implements AliasLookup {
  private readonly byAcronym = new Map<string, Alias>();
  private readonly byFirstTerm = new Map<string, Alias[]>();

  add(acronym: string, expansion: string, count = 1): void {
    const acronymTerm = acronym.toLowerCase();
    const existing = this.byAcronym.get(acronymTerm);
    if (existing) {
      existing.count += count;
      return;
    }
    const expansionTerms = terms(expansion);
    if (expansionTerms.length < 2) return;
    const alias: Alias = { acronym, expansion, acronymTerm, expansionTerms, count };
    this.byAcronym.set(acronymTerm, alias);
    const list = this.byFirstTerm.get(expansionTerms[0]) ?? [];
    list.push(alias);
    this.byFirstTerm.set(expansionTerms[0], list);
  }

  get size(): number {
    return this.byAcronym.size;
  }

  byTerm(acronymTerm: string): Alias | undefined {
    return this.byAcronym.get(acronymTerm);
  }

  /** Aliases whose expansion is spelled out in `termList` starting at `at` (all of it, or all but a last generic word). */
  expansionsAt(termList: string[], at: number): { alias: Alias; length: number }[] {
    const found: { alias: Alias; length: number }[] = [];
    for (const alias of this.byFirstTerm.get(termList[at]) ?? []) {
      const n = matchedPrefix(alias.expansionTerms, termList, at);
      if (n === alias.expansionTerms.length || (n >= 2 && n === alias.expansionTerms.length - 1)) {
        found.push({ alias, length: n });
      }
    }
    return found;
  }

  toJSON(): Alias[] {
    return [...this.byAcronym.values()];
  }

  static fromJSON(list: Alias[]): AliasTable {
    const table = new AliasTable();
    for (const a of list) table.add(a.acronym, a.expansion, a.count);
    return table;
  }
}

function matchedPrefix(expansion: string[], list: string[], at: number): number {
  let n = 0;
  while (n < expansion.length && list[at + n] === expansion[n]) n++;
  return n;
}

/**
 * The two ways an alias is written, as groups of terms that must all appear: the acronym, and its expansion's
 * words. Three or more expansion words need all but the last ("Belt and Road" for "Belt and Road Initiative").
 */
export function aliasForms(alias: Alias): [string[], string[]] {
  const n = alias.expansionTerms.length;
  return [[alias.acronymTerm], alias.expansionTerms.slice(0, n >= 3 ? n - 1 : n)];
}

/** True when `termSet` holds the alias in either form (`aliasForms`). */
export function containsAlias(termSet: ReadonlySet<string>, alias: Alias): boolean {
  return aliasForms(alias).some((group) => group.every((t) => termSet.has(t)));
}
