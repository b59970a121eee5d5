/**
 * Sentence boundaries in news paragraphs. Intl.Segmenter finds candidate boundaries; this module undoes the
 * ones it gets wrong after abbreviations and initials ("U.S. | Army", "Mr. | Petro", "John F. | Kennedy").
 */

export interface SentenceSpan {
  /** Offsets into the paragraph: `paragraph.slice(start, end)` is the sentence, trimmed. */
  start: number;
  end: number;
}

// Titles and words that are never the end of a sentence when abbreviated.
const ALWAYS_JOINED = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'sgt', 'capt',
  'cmdr', 'adm', 'maj', 'prof', 'rev', 'hon', 'mt', 'ft', 'pres', 'supt', 'det', 'insp', 'no', 'nos', 'vs', 'v',
  'approx', 'dept', 'est', 'fig', 'vol', 'pp', 'cf', 'e.g', 'i.e', 'messrs', 'mme', 'mlle', 'sr', 'jr']);
// Abbreviations that may also close a sentence ("He moved to the U.S. The end."): joined unless the next
// segment opens like a new sentence.
const USUALLY_JOINED = new Set(['inc', 'corp', 'co', 'ltd', 'plc', 'bros', 'llc', 'jan', 'feb', 'mar', 'apr', 'jun',
  'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'a.m', 'p.m', 'etc', 'al', 'ave', 'blvd', 'rd']);
const SENTENCE_OPENERS = new Set(['the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that',
  'these', 'those', 'but', 'and', 'in', 'on', 'at', 'for', 'as', 'if', 'when', 'while', 'after', 'before', 'there',
  'his', 'her', 'its', 'their', 'our', 'my', 'some', 'many', 'most', 'all', 'no', 'not', 'so', 'yet', 'however',
  'meanwhile', 'still', 'also', 'since', 'last', 'earlier', 'later', 'now', 'then', 'according', 'with', 'by',
  'to', 'from', 'what', 'who', 'why', 'how', 'where', 'one', 'two', 'both', 'each', 'such', 'other', 'more']);

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

function endsWithAbbreviation(segment: string, next: string): boolean {
  const m = /(?:^|[\s(“"'‘])((?:[\p{L}]\.)+[\p{L}]?|[\p{L}]+)\.$/u.exec(segment.trimEnd());
  if (!m) return false;
  const word = m[1].toLowerCase().replace(/\.$/, '');
  const nextWord = /^[\s“"'‘(]*([\p{L}\p{N}]+)/u.exec(next)?.[1] ?? '';
  // A lower-case or numeric continuation is never a new sentence ("Jan. 5", "Inc. said").
  if (/^[\p{Ll}\p{N}]/u.test(nextWord)) return true;
  if (ALWAYS_JOINED.has(word)) return true;
  // A single capital letter is an initial ("John F. Kennedy").
  if (/^\p{Lu}$/u.test(m[1])) return true;
  const dotted = m[1].includes('.');
  if (dotted || USUALLY_JOINED.has(word)) return !SENTENCE_OPENERS.has(nextWord.toLowerCase());
  return false;
}

/** The sentences of a paragraph as spans, in order; every non-blank character belongs to one span. */
export function splitSentences(paragraph: string): SentenceSpan[] {
  const raw: SentenceSpan[] = [];
  for (const s of segmenter.segment(paragraph)) raw.push({ start: s.index, end: s.index + s.segment.length });
  const merged: SentenceSpan[] = [];
  for (const span of raw) {
    const prev = merged[merged.length - 1];
    if (prev && endsWithAbbreviation(paragraph.slice(prev.start, prev.end), paragraph.slice(span.start, span.end))) {
      prev.end = span.end;
    } else {
      merged.push({ ...span });
    }
  }
  return merged.map(trimSpan(paragraph)).filter((s) => s.end > s.start);
}

const trimSpan = (text: string) => ({ start, end }: SentenceSpan): SentenceSpan => {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
};

export function sentenceTexts(paragraph: string): string[] {
  return splitSentences(paragraph).map((s) => paragraph.slice(s.start, s.end));
}
