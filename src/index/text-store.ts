/**
 * Every paragraph's text and sentence boundaries in a few flat arrays: one UTF-8 buffer and offsets. Hundreds
 * of thousands of paragraphs kept as JavaScript strings and span objects would double the memory (most news
 * text holds a curly quote, which makes V8 store the whole string as UTF-16) and make snapshots slow to load.
 * A paragraph is decoded when it is read; recently read ones are cached.
 */
import type { SentenceSpan } from '../language/sentences.js';

export interface TextStoreData {
  /** All paragraphs, UTF-8, back to back. */
  bytes: Uint8Array;
  /** Paragraph i is bytes[offsets[i]..offsets[i+1]). */
  offsets: Uint32Array;
  /** Paragraph i's sentences are spans[2·sentenceStarts[i]..2·sentenceStarts[i+1]), as [start, end) pairs in UTF-16 units of its text. */
  sentenceStarts: Uint32Array;
  spans: Uint32Array;
  /**
   * 1-based number of each paragraph in its article. 32 bits: an article of a few MB can have more than 65,535
   * paragraphs (a line per paragraph), and 16 bits wrapped their numbers round (paragraph 70,001 was cited as 4,465).
   */
  numbers: Uint32Array;
  /** Position of each paragraph's article. */
  articles: Uint32Array;
}

export interface StoredParagraphInput {
  text: string;
  number: number;
  sentences: readonly SentenceSpan[];
}

/** Collects paragraphs in order, then packs them. */
export class TextStoreBuilder {
  private readonly chunks: Buffer[] = [];
  private readonly offsets: number[] = [0];
  private readonly sentenceStarts: number[] = [0];
  private readonly spans: number[] = [];
  private readonly numbers: number[] = [];
  private readonly articles: number[] = [];
  private byteLength = 0;

  add(article: number, p: StoredParagraphInput): void {
    const bytes = Buffer.from(p.text, 'utf8');
    this.chunks.push(bytes);
    this.byteLength += bytes.length;
    this.offsets.push(this.byteLength);
    for (const s of p.sentences) this.spans.push(s.start, s.end);
    this.sentenceStarts.push(this.spans.length / 2);
    this.numbers.push(p.number);
    this.articles.push(article);
  }

  get count(): number {
    return this.numbers.length;
  }

  finish(): TextStoreData {
    const joined = Buffer.concat(this.chunks, this.byteLength);
    // A copy that owns its whole buffer, so it can be transferred between threads on its own.
    const bytes = new Uint8Array(joined.length);
    bytes.set(joined);
    return {
      bytes,
      offsets: Uint32Array.from(this.offsets),
      sentenceStarts: Uint32Array.from(this.sentenceStarts),
      spans: Uint32Array.from(this.spans),
      numbers: Uint32Array.from(this.numbers),
      articles: Uint32Array.from(this.articles),
    };
  }
}

/**
 * Paragraphs of several stores, in order, copied byte for byte; `keep[i] = 0` drops paragraph i of a part
 * (its article changed or went away), and `articleMap` renumbers each part's articles.
 */
export function mergeTextStores(
  parts: readonly { data: TextStoreData; keep?: Uint8Array; articleMap: (a: number) => number }[],
): TextStoreData {
  let paragraphs = 0;
  let byteLength = 0;
  let sentences = 0;
  for (const { data, keep } of parts) {
    for (let i = 0; i < data.numbers.length; i++) {
      if (keep && !keep[i]) continue;
      paragraphs++;
      byteLength += data.offsets[i + 1] - data.offsets[i];
      sentences += data.sentenceStarts[i + 1] - data.sentenceStarts[i];
    }
  }
  const out: TextStoreData = {
    bytes: new Uint8Array(byteLength),
    offsets: new Uint32Array(paragraphs + 1),
    sentenceStarts: new Uint32Array(paragraphs + 1),
    spans: new Uint32Array(sentences * 2),
    numbers: new Uint32Array(paragraphs),
    articles: new Uint32Array(paragraphs),
  };
  let p = 0;
  for (const { data, keep, articleMap } of parts) {
    for (let i = 0; i < data.numbers.length; i++) {
      if (keep && !keep[i]) continue;
      const [b0, b1] = [data.offsets[i], data.offsets[i + 1]];
      out.bytes.set(data.bytes.subarray(b0, b1), out.offsets[p]);
      out.offsets[p + 1] = out.offsets[p] + (b1 - b0);
      const [s0, s1] = [data.sentenceStarts[i], data.sentenceStarts[i + 1]];
      out.spans.set(data.spans.subarray(2 * s0, 2 * s1), 2 * out.sentenceStarts[p]);
      out.sentenceStarts[p + 1] = out.sentenceStarts[p] + (s1 - s0);
      out.numbers[p] = data.numbers[i];
      out.articles[p] = articleMap(data.articles[i]);
      p++;
    }
  }
  return out;
}

const CACHE_SIZE = 512;

export class TextStore {
  private readonly buffer: Buffer;
  private readonly cache = new Map<number, string>();

  constructor(readonly data: TextStoreData) {
    this.buffer = Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
  }

  get count(): number {
    return this.data.numbers.length;
  }

  get sentenceCount(): number {
    return this.data.spans.length / 2;
  }

  text(i: number): string {
    let text = this.cache.get(i);
    if (text === undefined) {
      text = this.buffer.toString('utf8', this.data.offsets[i], this.data.offsets[i + 1]);
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(i, text);
    }
    return text;
  }

  /** Sentence `s` of paragraph `i`, without building the paragraph's whole list. */
  sentence(i: number, s: number): SentenceSpan {
    const k = this.data.sentenceStarts[i] + s;
    if (s < 0 || k >= this.data.sentenceStarts[i + 1]) throw new RangeError(`text-store: paragraph ${i} has no sentence ${s}`);
    return { start: this.data.spans[2 * k], end: this.data.spans[2 * k + 1] };
  }

  sentences(i: number): SentenceSpan[] {
    const { sentenceStarts, spans } = this.data;
    const out: SentenceSpan[] = [];
    for (let s = sentenceStarts[i]; s < sentenceStarts[i + 1]; s++) out.push({ start: spans[2 * s], end: spans[2 * s + 1] });
    return out;
  }
}

export function textStoreBuffers(data: TextStoreData): ArrayBuffer[] {
  return [data.bytes, data.offsets, data.sentenceStarts, data.spans, data.numbers, data.articles].map((a) => a.buffer as ArrayBuffer);
}
