/**
 * Reading the corpus: one article per file, Markdown with YAML front matter, or a raw news file whose title,
 * byline, dateline and date are inferred. A bad file is reported by name with the exact problem and skipped;
 * it never stops the rest from loading.
 */
import { createHash } from 'node:crypto';
import { isCollection, isMap, isScalar, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { truncateOnWord } from '../language/truncate.js';
import { z } from 'zod';
import { isRealDate, MONTH_PATTERN, monthNumber, parseYmd, type Ymd } from '../language/dates.js';
import { splitSentences, type SentenceSpan } from '../language/sentences.js';
import { NewsdeskError } from '../errors.js';

/** Files above this size are refused: a news article is a few kilobytes, anything larger is a mistake. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * Longer paragraphs are indexed as several, cut between sentences: the longest real news paragraphs (photo
 * galleries on one line) are about 30,000 characters, and every question that matches a paragraph reads all of
 * it, so one paragraph of megabytes would slow every answer.
 */
export const MAX_PARAGRAPH_CHARS = 32_000;
/** Front matter longer than this is refused before it is parsed. */
export const MAX_FRONT_MATTER_CHARS = 64 * 1024;
/** Extensions read as articles; anything else in the corpus directory is reported and skipped. */
export const ARTICLE_EXTENSIONS = ['.md', '.markdown', '.txt'];

export interface Paragraph {
  /** The paragraph as written, minus a leading dateline ("BEIJING (Reuters) -"). */
  text: string;
  /** 1-based number among the article's body paragraphs, as a reader counts them. */
  number: number;
  sentences: SentenceSpan[];
}

export interface Article {
  /** File name without extension, relative to the corpus directory: the article's stable id. */
  id: string;
  /** File path relative to the corpus directory. */
  file: string;
  title: string;
  source?: string;
  /** Publication date, YYYY-MM-DD. */
  date?: string;
  url?: string;
  authors: string[];
  /** Summary line under the title: searchable context, never quoted. */
  standfirst?: string;
  paragraphs: Paragraph[];
  /** sha256 of the file's bytes, to tell changed files from unchanged ones. */
  hash: string;
}

export interface CorpusProblem {
  file: string;
  message: string;
}

export interface CorpusWarning {
  file: string;
  message: string;
}

export interface LoadedCorpus {
  articles: Article[];
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
}

/** A file that cannot be used as an article; the message says what is wrong and how to fix it. */
export class CorpusFileError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('CORPUS_FILE', message, hint);
  }
}

/** The corpus directory itself is missing or unreadable: nothing can be indexed. */
export class CorpusDirectoryError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('CORPUS_DIRECTORY', message, hint);
  }
}

const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), {
  message: 'expected a date written YYYY-MM-DD',
}).refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || parseYmd(s) !== undefined, {
  message: 'not a real calendar date',
});

const FrontMatter = z.looseObject({
  title: z.string().trim().min(1, 'must not be empty'),
  source: z.string().trim().min(1).optional(),
  // YAML 1.1 parsers turn dates into Date objects; accept both and keep the written day.
  date: z.union([isoDate, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
  // Checked after parsing: a url that is not http(s) is dropped with a warning, not a reason to skip the article.
  url: z.string().trim().optional(),
  authors: z.union([z.array(z.string()), z.string().transform((s) => splitAuthors(s))]).optional(),
  standfirst: z.string().optional(),
});

/** zod issues as one readable line: `date: not a real calendar date (got "2025-13-45"); title: …`. */
export function describeIssues(error: z.ZodError, input: Record<string, unknown>): string {
  return error.issues.map((issue) => {
    const key = issue.path.join('.') || 'front matter';
    const got = issue.path.length ? input[String(issue.path[0])] : undefined;
    const shown = got === undefined ? 'nothing' : Array.isArray(got) ? 'a list' : JSON.stringify(got);
    const message = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
    return `${key}: ${message} (got ${shown})`;
  }).join('; ');
}

function splitAuthors(byline: string): string[] {
  return byline.replace(/^by\s+/i, '').split(/,|\band\b|&/i).map((s) => s.trim()).filter(Boolean);
}

/** An article's id: its path relative to the corpus directory, without the extension. */
export function articleIdOf(file: string): string {
  return file.replace(/\.[^./]+$/, '');
}

/** A file's content hash, as the snapshot records it. */
export function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function assertArticleSize(bytes: number): void {
  if (bytes > MAX_FILE_BYTES) {
    throw new CorpusFileError(`the file is ${(bytes / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB per article`);
  }
}

/** Bytes to text, refusing what is not an article: empty, binary, oversized or not UTF-8. */
export function decodeArticleBytes(bytes: Buffer): string {
  if (bytes.length === 0) throw new CorpusFileError('the file is empty; add the article text or delete the file');
  assertArticleSize(bytes.length);
  if (isUtf16(bytes)) throw new CorpusFileError('UTF-16 text: save the file as UTF-8');
  if (bytes.includes(0)) throw new CorpusFileError('binary content (NUL bytes); articles must be UTF-8 text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CorpusFileError('not valid UTF-8 text; save the article as UTF-8');
  }
  // NFC, as questions are: a letter typed with a combining accent and the same letter precomposed are one word.
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC');
  if (!text.trim()) throw new CorpusFileError('the file holds only white space; add the article text or delete the file');
  return text;
}

/** A byte-order mark, or the NUL byte in every other position that English text in UTF-16 has. */
function isUtf16(bytes: Buffer): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = sample / 2;
  return (odd > half * 0.6 && even < half * 0.1) || (even > half * 0.6 && odd < half * 0.1);
}

interface Metadata {
  title?: string;
  source?: string;
  date?: string;
  url?: string;
  authors: string[];
  standfirst?: string;
}

// The block between an opening `---` line and the first closing `---` (or `...`) line; it may be empty.
const FRONT_MATTER = /^---[ \t]*\n(?:([\s\S]*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const FRONT_MATTER_OPENING = /^---[ \t]*\n/;

/** The front matter starts on the file's line 2, under its opening `---`: the lines a person sees in an editor. */
const FRONT_MATTER_FIRST_LINE = 2;

/**
 * What is wrong with front matter the YAML parser refused, said where it starts (the parser reports an unclosed
 * quote or bracket where it gave up, lines later) and how to fix it, with the file's line numbers.
 */
function yamlProblem(doc: Document, err: YAMLError, yaml: string): string {
  const lineAt = (offset: number) => yaml.slice(0, offset).split('\n').length;
  const text = (line: number) => `\`${truncateOnWord(yaml.split('\n')[line - 1]?.trim() ?? '', 80)}\``;
  const onLine = (line: number) => `line ${line + FRONT_MATTER_FIRST_LINE - 1} (${text(line)})`;
  const pos = err.pos[0];
  // The innermost quoted value or [ ] { } list around where the parser stopped that was never closed.
  let open: { start: number; char: string } | undefined;
  visit(doc, (_key, node) => {
    const flow = isCollection(node) && node.flow;
    const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    if ((!flow && !quoted) || !node.range) return;
    const [start, end] = node.range;
    const source = yaml.slice(start, end).trimEnd();
    const char = source[0];
    const closer = char === '[' ? ']' : char === '{' ? '}' : char;
    const closed = source.length > 1 && source.endsWith(closer);
    if (start <= pos && pos <= node.range[2] && !closed && (!open || start > open.start)) open = { start, char };
  });
  if (open) {
    const line = lineAt(open.start);
    return open.char === '"' || open.char === "'"
      ? `the quote ${open.char} opened on ${onLine(line)} is never closed; end the value with ${open.char} on that line`
      : `the ${open.char} opened on ${onLine(line)} is never closed; end the list with ${open.char === '[' ? ']' : '}'} on that line, or put the value in quotes if the ${open.char} is part of its text`;
  }
  const line = err.linePos?.[0].line ?? lineAt(pos);
  if (err.code === 'TAB_AS_INDENT') return `${onLine(line)} is indented with a tab; indent it with spaces`;
  if (err.code === 'DUPLICATE_KEY' && isMap(doc.contents)) {
    const keys = doc.contents.items.map((pair) => pair.key).filter(isScalar);
    const again = keys.find((k) => k.range?.[0] === pos);
    const first = again && keys.find((k) => k.value === again.value);
    if (again && first?.range && first !== again)
      return `${String(again.value)} is given twice, on ${onLine(lineAt(first.range[0]))} and ${onLine(line)}; keep one`;
  }
  // A `key: value` line YAML cannot read as written: the way out is its value in quotes, shown when short.
  const pair = /^([\w-]+):\s+(.+?)\s*$/.exec(yaml.split('\n')[line - 1]?.trim() ?? '');
  const fix =
    pair && pair[2].length <= 80
      ? `put the value in quotes: ${pair[1]}: ${inQuotes(pair[2])}`
      : `put quotes around a value that holds ": " or starts with [ { * & ! | > ' "`;
  if (err.code === 'BLOCK_AS_IMPLICIT_KEY') return `${onLine(line)} holds a second ": " in its value; ${fix}`;
  if (err.code === 'BAD_SCALAR_START')
    return `${onLine(line)} starts its value with ${/reserved character (\S)/.exec(err.message)?.[1] ?? 'a character'}, which YAML reserves; ${fix}`;
  const opening = pair?.[2][0];
  if (opening === '*' || opening === '&' || opening === '!')
    return `${onLine(line)} starts its value with ${opening}, which YAML reads as markup; ${fix}`;
  if (err.code === 'UNEXPECTED_TOKEN' && opening && `"'[{`.includes(opening))
    return `${onLine(line)} goes on after its value's closing ${opening === '[' || opening === '{' ? 'bracket' : 'quote'}; ${fix}`;
  // The parser's message ends "at line 2, column 1:" before a snippet: said in words instead, with the line.
  const what = err.message.split('\n')[0].replace(/\s*at line \d+, column \d+:?\s*$/, '');
  return `${what}, on ${onLine(line)}; ${fix}`;
}

/**
 * A front matter value in YAML quotes: double, or single where it holds " or \ (read as escapes in double). A value
 * already between quotes ('It's here') is quoted again inside them.
 */
function inQuotes(written: string): string {
  const value = written.length > 1 && /^(["']).*\1$/.test(written) ? written.slice(1, -1) : written;
  return /["\\]/.test(value) ? `'${value.replace(/'/g, "''")}'` : `"${value}"`;
}

/**
 * One article from its file text. Throws CorpusFileError when the file cannot be used; `warn` receives
 * problems that still let the article be indexed (no date found).
 */
export function parseArticle(file: string, text: string, hash = '', warn: (message: string) => void = () => {}): Article {
  const fm = FRONT_MATTER.exec(text);
  if (!fm && FRONT_MATTER_OPENING.test(text)) {
    throw new CorpusFileError('front matter opened on line 1 is never closed: add a line `---` after its last key (title, date…), before the article text');
  }
  let meta: Metadata;
  let bodyText: string;
  if (fm) {
    if (!fm[1]?.trim()) {
      throw new CorpusFileError('front matter is empty: put at least `title: "…"` (and `date: YYYY-MM-DD`) between its `---` lines, or remove them');
    }
    // The YAML parser's duplicate-key check is quadratic in the number of keys: a front matter of a megabyte
    // takes minutes. Real front matter is a few hundred bytes.
    if (fm[1].length > MAX_FRONT_MATTER_CHARS) {
      throw new CorpusFileError(`front matter is ${fm[1].length.toLocaleString('en')} characters long; the limit is ${MAX_FRONT_MATTER_CHARS.toLocaleString('en')}. Keep title, source, date, url and authors there and put the text below the closing ---`);
    }
    const doc = parseDocument(fm[1]);
    if (doc.errors.length) throw new CorpusFileError(`front matter is not valid YAML: ${yamlProblem(doc, doc.errors[0], fm[1])}`);
    const data: unknown = doc.toJS();
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new CorpusFileError('front matter must be YAML key: value pairs (title, source, date, url, authors)');
    }
    const parsed = FrontMatter.safeParse(data);
    if (!parsed.success) throw new CorpusFileError(`bad front matter: ${describeIssues(parsed.error, data as Record<string, unknown>)}`);
    const d = parsed.data;
    meta = { title: d.title, source: d.source, date: d.date, url: webAddress(d.url, warn), authors: d.authors ?? [], standfirst: d.standfirst };
    bodyText = text.slice(fm[0].length);
  } else {
    const inferred = inferRawLayout(text);
    meta = inferred.meta;
    bodyText = inferred.body;
  }

  const blocks = bodyText.split(/\n[ \t]*\n/).map((b) => b.trim()).filter(Boolean);
  const paragraphs: Paragraph[] = [];
  for (const [i, block] of blocks.entries()) {
    // Lines joined by one space. Not /\s*\n\s*/: that regex is quadratic on a long run of spaces.
    let text = block.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
    if (paragraphs.length === 0) {
      // Only the paragraph's opening can be a dateline; the regex never sees more than that.
      const dl = DATELINE.exec(text.slice(0, DATELINE_MAX_CHARS)) ?? (text.length <= DATELINE_MAX_CHARS ? DATELINE_ALONE.exec(text) : null);
      if (dl) {
        meta.source ??= dl[2];
        text = text.slice(dl[0].length);
        // A dateline alone in its paragraph leaves nothing to index; the next paragraph is the first.
        if (!text) continue;
      }
    }
    if (isFurniture(text, i === blocks.length - 1)) continue;
    const sentences = splitSentences(text);
    if (text.length <= MAX_PARAGRAPH_CHARS) {
      paragraphs.push({ text, number: paragraphs.length + 1, sentences });
      continue;
    }
    const first = paragraphs.length + 1;
    for (const piece of cutParagraph(text, sentences)) paragraphs.push({ ...piece, number: paragraphs.length + 1 });
    warn(`paragraph ${first} is ${text.length.toLocaleString('en')} characters long (${sentences.length} sentences): it is indexed as paragraphs ${first}–${paragraphs.length}, each at most ${MAX_PARAGRAPH_CHARS.toLocaleString('en')} characters. Separate its paragraphs with blank lines`);
  }
  if (!meta.title) throw new CorpusFileError('no title: add front matter with `title:` or put the title on the first line');
  if (paragraphs.length === 0) throw new CorpusFileError(noBodyMessage(Boolean(fm), bodyText));
  if (meta.date && meta.date > today()) warn(`publication date ${meta.date} is after today (${today()}): check \`date:\`; answers treat the article as published on that day`);
  if (!meta.date) warn('no publication date found; it is indexed without a date, so relative dates in it ("on Monday") are not resolved. Add `date: YYYY-MM-DD` to its front matter (or a "date YYYY-MM-DD" line under the title)');

  return {
    id: articleIdOf(file),
    file,
    title: meta.title,
    source: meta.source,
    date: meta.date,
    url: meta.url,
    authors: meta.authors,
    standfirst: meta.standfirst,
    paragraphs,
    hash,
  };
}

/**
 * A paragraph too long to serve as one, as consecutive pieces of whole sentences, each at most
 * MAX_PARAGRAPH_CHARS; a single sentence longer than that (no closing punctuation for pages) is cut at white space.
 */
function cutParagraph(text: string, sentences: readonly SentenceSpan[]): Omit<Paragraph, 'number'>[] {
  const pieces: Omit<Paragraph, 'number'>[] = [];
  let spans: SentenceSpan[] = [];
  const flush = () => {
    if (!spans.length) return;
    const start = spans[0].start;
    pieces.push({ text: text.slice(start, spans[spans.length - 1].end), sentences: spans.map((s) => ({ start: s.start - start, end: s.end - start })) });
    spans = [];
  };
  for (const sentence of sentences) {
    for (const part of cutSentence(text, sentence)) {
      if (spans.length && part.end - spans[0].start > MAX_PARAGRAPH_CHARS) flush();
      spans.push(part);
    }
  }
  flush();
  return pieces;
}

function cutSentence(text: string, { start, end }: SentenceSpan): SentenceSpan[] {
  const parts: SentenceSpan[] = [];
  while (end - start > MAX_PARAGRAPH_CHARS) {
    const space = text.lastIndexOf(' ', start + MAX_PARAGRAPH_CHARS);
    const cut = space > start ? space : start + MAX_PARAGRAPH_CHARS;
    parts.push({ start, end: cut });
    start = cut;
    while (start < end && /\s/.test(text[start])) start++;
  }
  if (end > start) parts.push({ start, end });
  return parts;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The front matter's url when it is an http(s) address: citations link to it, and Discord refuses embeds whose
 * url is anything else (`javascript:`, `file:`).
 */
function webAddress(url: string | undefined, warn: (message: string) => void): string | undefined {
  if (!url) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'http:' || protocol === 'https:') return url;
  warn(`url ${JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}…` : url)} is not an http(s) address; it is left out of citations. Use a link that starts with https://`);
  return undefined;
}

/** A dateline is the first few words of the first paragraph. */
const DATELINE_MAX_CHARS = 200;
// "BEIJING (Reuters) -", "WIMBLEDON, England (AP) —", "NEW YORK, May 3 (Reuters) -".
const DATELINE = /^([A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .]*?)?(?:,\s*\w+\.? \d{1,2})?)\s*\(([^)]{2,40})\)\s*[-–—]+\s*/;
// A dateline on a line of its own, its dash optional: "PANAMA CITY (Isthmus Post) -", "PANAMA CITY (Isthmus Post)".
// Its place starts with two capitals, so "I (incomplete)" in a list is not one.
const DATELINE_ALONE = /^([A-Z]{2}[A-Z .'’-]*(?:,\s*[A-Z][\w .]*?)?(?:,\s*\w+\.? \d{1,2})?)\s*\(([^)]{2,40})\)\s*[-–—]*\s*$/;
const BYLINE = /^by\s+\p{Lu}[\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,12}$/iu;
const DATE_LINE = /^(?:date[:\s]+)?(\d{4}-\d{2}-\d{2})\b\s*(.*)$/i;
const MONTH_DATE = new RegExp(`^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?(${MONTH_PATTERN})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})\\b[^a-z]*$`, 'i');
const PHOTO_CREDIT = /(?:\s\/\s*(?:AP|AFP|Reuters|Getty Images|EPA|Xinhua|Bloomberg|[\p{Lu}][\p{L}]+(?: [\p{Lu}][\p{L}]+)*)|\b(?:Photo|Image|Credit)s?:.*)$/u;

function lineDate(line: string): string | undefined {
  const iso = DATE_LINE.exec(line);
  if (iso && parseYmd(iso[1]) && iso[2].split(/\s+/).length <= 4) return iso[1];
  const m = MONTH_DATE.exec(line);
  if (m) {
    const ymd: Ymd = { year: Number(m[3]), month: monthNumber(m[1])!, day: Number(m[2]) };
    if (isRealDate(ymd)) return `${m[3]}-${String(ymd.month).padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  }
  return undefined;
}

/**
 * Title, byline, date, standfirst and credits of a news file saved without front matter. The header is the
 * first block, plus any following blocks made only of bylines, date lines and credits.
 */
export function inferRawLayout(text: string): { meta: Metadata; body: string } {
  const meta: Metadata = { authors: [] };
  const blocks = text.split(/\n[ \t]*\n/);
  let headerBlocks = 0;
  for (const [b, block] of blocks.entries()) {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0) {
      headerBlocks++;
      continue;
    }
    const kinds = lines.map((line) => {
      const date = lineDate(line);
      if (date) return { kind: 'date' as const, date };
      const dateline = line.length <= DATELINE_MAX_CHARS ? DATELINE_ALONE.exec(line) : null;
      if (dateline && b === 0) return { kind: 'dateline' as const, source: dateline[2] };
      if (BYLINE.test(line) && line.length < 120) return { kind: 'byline' as const };
      if (PHOTO_CREDIT.test(line) && line.length < 300 && b === 0) return { kind: 'credit' as const };
      return { kind: 'text' as const };
    });
    if (b > 0 && kinds.some((k) => k.kind === 'text')) break;
    headerBlocks++;
    for (const [i, k] of kinds.entries()) {
      if (k.kind === 'date') meta.date ??= k.date;
      else if (k.kind === 'dateline') meta.source ??= k.source;
      else if (k.kind === 'byline') meta.authors.push(...splitAuthors(lines[i]));
      else if (k.kind === 'text') {
        if (!meta.title) meta.title = lines[i];
        else meta.standfirst = meta.standfirst ? `${meta.standfirst} ${lines[i]}` : lines[i];
      }
    }
  }
  return { meta, body: blocks.slice(headerBlocks).join('\n\n') };
}

/** Page furniture and credits: lines a reader skips, never answers. */
function isFurniture(text: string, last: boolean): boolean {
  if (/^\(?(?:Reporting|Writing|Editing|Additional reporting|Compiled|Edited) by\b/i.test(text) && (last || text.startsWith('('))) return true;
  if (/^[_\-=*~·•]{3,}$/.test(text)) return true;
  if (/^(Advertisement|ADVERTISEMENT|Story continues below advertisement|Read more:?.*|Related:?.*)$/.test(text)) return true;
  const words = text.split(/\s+/).length;
  // Headings and captions: short and without a sentence's closing punctuation.
  if (words <= 10 && !/[.!?:;"”’)…]$/.test(text)) return true;
  if (words <= 10 && /^[‘“"'].*[’”"']$/.test(text) && !/[.!?][’”"']$/.test(text)) return true;
  return false;
}

/** Why a file gave no paragraph, by what it holds: the first thing actually wrong, and how to fix it. */
function noBodyMessage(hasFrontMatter: boolean, body: string): string {
  if (hasFrontMatter && !body.trim())
    return "no body paragraphs found: there is no text after the front matter; put the article's paragraphs below the closing ---, separated by blank lines";
  if (hasFrontMatter)
    return 'no body paragraphs found: the text after the front matter holds only headings, captions or credits; add the article\'s paragraphs, separated by blank lines';
  if (!/\n\s*\n/.test(body.trim()))
    return 'no body paragraphs found: without front matter, the first line is the title and the lines after it up to the first blank line its byline and header; leave a blank line between the header and the text, or add front matter (---, title: …, ---)';
  return "no body paragraphs found: the text holds only a title, a byline and header lines; add the article's paragraphs after a blank line, or add front matter";
}
