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

/**
 * Intl.Segmenter's time grows with the square of the text it is given (Node 20: 4,000 sentences on one line take
 * seconds), so long paragraphs are segmented in windows of about this many characters, each cut after a
 * sentence's closing punctuation where possible.
 */
export const SEGMENT_WINDOW_CHARS = 2000;

/** The sentences of a paragraph as spans, in order; every non-blank character belongs to one span. */
export function splitSentences(paragraph: string): SentenceSpan[] {
  const raw = segmentInWindows(paragraph);
  const merged: RawSpan[] = [];
  for (const span of raw) {
    const prev = merged[merged.length - 1];
    if (prev && (prev.joinNext || endsWithAbbreviation(paragraph.slice(prev.start, prev.end), paragraph.slice(span.start, span.end)))) {
      prev.end = span.end;
      prev.joinNext = span.joinNext;
    } else {
      merged.push({ ...span });
    }
  }
  return merged.map(trimSpan(paragraph)).filter((s) => s.end > s.start);
}

type RawSpan = SentenceSpan & { joinNext?: boolean };

/** Segmenter spans; `joinNext` marks a span cut by a window edge that is not a sentence end. */
function segmentInWindows(paragraph: string): RawSpan[] {
  const spans: RawSpan[] = [];
  let from = 0;
  while (from < paragraph.length) {
    let to = paragraph.length;
    let cleanCut = true;
    if (to - from > SEGMENT_WINDOW_CHARS * 1.5) {
      const cut = windowEnd(paragraph, from);
      to = cut.at;
      cleanCut = cut.clean;
    }
    for (const s of segmenter.segment(paragraph.slice(from, to))) spans.push({ start: from + s.index, end: from + s.index + s.segment.length });
    // A cut that is not after closing punctuation splits a sentence: its two halves are joined again.
    if (!cleanCut && spans.length) spans[spans.length - 1].joinNext = true;
    from = to;
  }
  return spans;
}

const SENTENCE_END = /[.!?…][)"'”’\]]*\s+/g;

/** Where to end the window that starts at `from`: after the last sentence end in it, else at white space. */
function windowEnd(text: string, from: number): { at: number; clean: boolean } {
  const limit = from + SEGMENT_WINDOW_CHARS;
  const floor = from + SEGMENT_WINDOW_CHARS / 2;
  SENTENCE_END.lastIndex = floor;
  let best = -1;
  for (let m = SENTENCE_END.exec(text); m && m.index < limit; m = SENTENCE_END.exec(text)) best = m.index + m[0].length;
  if (best > 0) return { at: best, clean: true };
  const space = text.lastIndexOf(' ', limit);
  return { at: space > floor ? space + 1 : limit, clean: false };
}

const trimSpan = (text: string) => ({ start, end }: SentenceSpan): SentenceSpan => {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
};

export function sentenceTexts(paragraph: string): string[] {
  return splitSentences(paragraph).map((s) => paragraph.slice(s.start, s.end));
}
