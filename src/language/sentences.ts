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
const ALWAYS_JOINED = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'gen',
  'sen',
  'rep',
  'gov',
  'lt',
  'col',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'maj',
  'prof',
  'rev',
  'hon',
  'mt',
  'ft',
  'pres',
  'supt',
  'det',
  'insp',
  'no',
  'nos',
  'vs',
  'v',
  'approx',
  'dept',
  'est',
  'fig',
  'vol',
  'pp',
  'cf',
  'e.g',
  'i.e',
  'messrs',
  'mme',
  'mlle',
  'sr',
  'jr',
]);
// Abbreviations that may also close a sentence ("He moved to the U.S. The end."): joined unless the next
// segment opens like a new sentence.
const USUALLY_JOINED = new Set([
  'inc',
  'corp',
  'co',
  'ltd',
  'plc',
  'bros',
  'llc',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'a.m',
  'p.m',
  'etc',
  'al',
  'ave',
  'blvd',
  'rd',
]);
const SENTENCE_OPENERS = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'this',
  'that',
  'these',
  'those',
  'but',
  'and',
  'in',
  'on',
  'at',
  'for',
  'as',
  'if',
  'when',
  'while',
  'after',
  'before',
  'there',
  'his',
  'her',
  'its',
  'their',
  'our',
  'my',
  'some',
  'many',
  'most',
  'all',
  'no',
  'not',
  'so',
  'yet',
  'however',
  'meanwhile',
  'still',
  'also',
  'since',
  'last',
  'earlier',
  'later',
  'now',
  'then',
  'according',
  'with',
  'by',
  'to',
  'from',
  'what',
  'who',
  'why',
  'how',
  'where',
  'one',
  'two',
  'both',
  'each',
  'such',
  'other',
  'more',
]);

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

const LETTER_OR_DOT = /^[\p{L}.]$/u;

/**
 * The part of `paragraph.slice(start, end).trimEnd()` that decides `endsWithAbbreviation`: its last run of
 * letters and dots, with the character before it (or from `start`, if the run begins there). The pattern can
 * only match that run, so the answer is the same as for the whole span; but a sentence joined from many
 * pieces ("Jan. 5, … Jan. 5, …") grows with every join, and reading all of it at each join was quadratic.
 */
function lastWord(paragraph: string, start: number, end: number): string {
  while (end > start && /\s/.test(paragraph[end - 1])) end--;
  let from = end;
  while (from > start) {
    // A letter outside the BMP is two UTF-16 units: test it whole, as the /u pattern reads it.
    const low = paragraph.charCodeAt(from - 1);
    const pair = low >= 0xdc00 && low <= 0xdfff && from - 2 >= start && /[\ud800-\udbff]/.test(paragraph[from - 2]);
    const width = pair ? 2 : 1;
    if (!LETTER_OR_DOT.test(paragraph.slice(from - width, from))) break;
    from -= width;
  }
  return paragraph.slice(from > start ? from - 1 : start, end);
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
    if (prev && (prev.joinNext || endsWithAbbreviation(lastWord(paragraph, prev.start, prev.end), paragraph.slice(span.start, span.end)))) {
      prev.end = span.end;
      prev.joinNext = span.joinNext;
    } else {
      merged.push({ ...span });
    }
  }
  return merged.map(trimSpan(paragraph)).filter((s) => s.end > s.start);
}

type RawSpan = SentenceSpan & { joinNext?: boolean };

// Where Intl.Segmenter can end a sentence (UAX #29): after a terminator, or at a paragraph separator.
const TERMINATOR = /[\p{Sentence_Terminal}\u2024\ufe52\uff0e]/u;
const BREAK_OPPORTUNITY = /[\p{Sentence_Terminal}\u2024\ufe52\uff0e\n\r\v\f\u0085\u2028\u2029]/u;

/**
 * Text the segmenter can only read as one sentence: no terminator or separator before its closing punctuation.
 * Most paragraphs of one short sentence are; answering for them without the segmenter (a few microseconds a
 * call) halves the time to split an article of 400,000 one-line paragraphs.
 */
function isOneSentence(text: string): boolean {
  let end = text.length;
  while (end > 0 && TERMINATOR.test(text[end - 1])) end--;
  return !BREAK_OPPORTUNITY.test(end === text.length ? text : text.slice(0, end));
}

/** Segmenter spans; `joinNext` marks a span cut by a window edge that is not a sentence end. */
function segmentInWindows(paragraph: string): RawSpan[] {
  if (paragraph.length <= SEGMENT_WINDOW_CHARS * 1.5 && isOneSentence(paragraph)) return [{ start: 0, end: paragraph.length }];
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
    for (const s of segmenter.segment(paragraph.slice(from, to)))
      spans.push({ start: from + s.index, end: from + s.index + s.segment.length });
    // A cut that is not after closing punctuation splits a sentence: its two halves are joined again.
    if (!cleanCut && spans.length) spans[spans.length - 1].joinNext = true;
    from = to;
  }
  return spans;
}

// Closing punctuation, closing quotes or brackets, white space. Sticky: tried at one position at a time.
const SENTENCE_END = /[.!?…][)"'”’\]]*\s+/y;
const CLOSING_PUNCTUATION = /[.!?…]/;

/**
 * Where to end the window that starts at `from`: after the last sentence end that starts in [floor, limit),
 * else at white space. Both searches walk back from `limit` and stop at `floor`: a forward regex search, or
 * `lastIndexOf` from `limit`, would run on to the end (or the start) of the paragraph whenever the window
 * has no match, which made a 4.5 MB line without punctuation take ~30 s to split.
 * (Sentence ends never overlap — only their first character is punctuation — so the last one starting
 * before `limit` is the one a left-to-right search would have found last.)
 */
function windowEnd(text: string, from: number): { at: number; clean: boolean } {
  const limit = from + SEGMENT_WINDOW_CHARS;
  const floor = from + SEGMENT_WINDOW_CHARS / 2;
  for (let i = Math.min(limit, text.length) - 1; i >= floor; i--) {
    if (!CLOSING_PUNCTUATION.test(text[i])) continue;
    SENTENCE_END.lastIndex = i;
    if (SENTENCE_END.test(text)) return { at: SENTENCE_END.lastIndex, clean: true };
  }
  for (let i = Math.min(limit, text.length - 1); i > floor; i--) if (text[i] === ' ') return { at: i + 1, clean: false };
  return { at: limit, clean: false };
}

const trimSpan =
  (text: string) =>
  ({ start, end }: SentenceSpan): SentenceSpan => {
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    return { start, end };
  };

export function sentenceTexts(paragraph: string): string[] {
  return splitSentences(paragraph).map((s) => paragraph.slice(s.start, s.end));
}
