/**
 * Articles of a few MB in shapes no news site writes, each of which made one step super-linear (seconds to
 * minutes): the step now grows with the text. Time limits are hang guards, far above a normal run even on a
 * loaded two-core machine (each case took 20 s or more before, and takes well under a second now).
 */
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/qa/answer.js';
import { parseArticle } from '../src/corpus/article.js';
import { resolveDates } from '../src/language/dates.js';
import { NewsIndex } from '../src/index/news-index.js';
import { splitSentences } from '../src/language/sentences.js';
import { buildTimeline, MAX_DATES_PER_SENTENCE, MAX_TIMELINE_CHARS } from '../src/qa/timeline.js';

const FRONT = '---\ntitle: "Probe"\nsource: "Probe"\ndate: 2024-03-10\n---\n\n';
const MB = 1024 * 1024;
const repeatTo = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length));

function seconds(fn: () => void): number {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
}

describe('sentence splitting of a long line', () => {
  it('4 MB of words without punctuation: one sentence, split in seconds (was ~30 s)', () => {
    const words = ['alpha', 'harbour', 'railway', 'credit', 'tango', 'zulu', 'mike'];
    const text = Array.from({ length: (4 * MB) / 7 }, (_, i) => words[(i * 7919) % words.length]).join(' ');
    let spans: ReturnType<typeof splitSentences> = [];
    expect(
      seconds(() => {
        spans = splitSentences(text);
      }),
    ).toBeLessThan(10);
    expect(spans).toEqual([{ start: 0, end: text.length }]);
  });

  it('4 MB without white space, ending in a full stop: one sentence, in seconds (was ~11 s)', () => {
    const text = `${'x'.repeat(4 * MB)}.`;
    let spans: ReturnType<typeof splitSentences> = [];
    expect(
      seconds(() => {
        spans = splitSentences(text);
      }),
    ).toBeLessThan(10);
    expect(spans).toEqual([{ start: 0, end: text.length }]);
  });

  it('2 MB of "Jan. 5," joins: one sentence, in seconds (each join used to re-read the sentence so far)', () => {
    const text = `${repeatTo('On Monday, Jan. 5, 2024, in March 2023, ', 2 * MB)}end.`;
    let spans: ReturnType<typeof splitSentences> = [];
    expect(
      seconds(() => {
        spans = splitSentences(text);
      }),
    ).toBeLessThan(10);
    expect(spans).toEqual([{ start: 0, end: text.length }]);
  });
});

describe('dates in a long sentence', () => {
  it('32,000 characters dense with dates resolve in seconds, the same dates as piece by piece', () => {
    const unit = 'On Monday, Jan. 5, 2024, last week, in March 2023, ';
    const text = repeatTo(unit, 32_000);
    let dates: ReturnType<typeof resolveDates> = [];
    expect(
      seconds(() => {
        dates = resolveDates(text, { year: 2024, month: 3, day: 10 });
      }),
    ).toBeLessThan(10);
    // Each repetition holds the same dates as the phrase on its own.
    const one = resolveDates(unit, { year: 2024, month: 3, day: 10 }).map((d) => d.value);
    expect(one.length).toBeGreaterThan(0);
    expect(dates).toHaveLength(one.length * (text.length / unit.length));
    expect(new Set(dates.map((d) => d.value))).toEqual(new Set(one));
  });
});

describe('timeline of an article dense with dates', () => {
  it('bounded: at most MAX_DATES_PER_SENTENCE events a sentence, MAX_TIMELINE_CHARS read, in seconds (was minutes)', () => {
    const body = repeatTo('On Monday, Jan. 5, 2024, last week, in March 2023, ', 1.2 * MAX_TIMELINE_CHARS);
    const index = NewsIndex.build([parseArticle('dates.md', `${FRONT}${body}\n`)]);
    let timeline: ReturnType<typeof buildTimeline> | undefined;
    expect(
      seconds(() => {
        timeline = buildTimeline(index);
      }),
    ).toBeLessThan(30);
    // Here every paragraph is one sentence (no full stops, cut at 32,000 characters).
    const perSentence = new Map<number, number>();
    for (const e of timeline!.events) perSentence.set(e.citations[0].paragraph, (perSentence.get(e.citations[0].paragraph) ?? 0) + 1);
    expect(Math.max(...perSentence.values())).toBe(MAX_DATES_PER_SENTENCE);
    expect(timeline!.truncated).toBeDefined();
    expect(timeline!.truncated!.used).toBeLessThan(timeline!.truncated!.matched);
  }, 120_000);
});

describe('answers over hostile sentences', () => {
  it('"how much" and "how many" over 32,000 digits or "1,1,1,…" answer in seconds (were 23 s and 5 s a sentence)', () => {
    const digits = `The price was ${'1'.repeat(32_000)} yesterday.`;
    const list = `The count was ${'1,'.repeat(16_000)}1.`;
    const index = NewsIndex.build([parseArticle('numbers.md', `${FRONT}${digits}\n\n${list}\n`)]);
    expect(seconds(() => answerQuestion(index, 'How much was the price?'))).toBeLessThan(10);
    expect(seconds(() => answerQuestion(index, 'How many days was the count?'))).toBeLessThan(10);
  });
});

describe('paragraph numbers', () => {
  it('an article of 70,000 one-line paragraphs cites paragraph 70,000 as 70,000 (16 bits wrapped it round)', () => {
    const index = NewsIndex.build([parseArticle('many.md', `${FRONT}${'Short one.\n\n'.repeat(70_000)}`)]);
    expect(index.paragraphs[69_999].number).toBe(70_000);
    expect(index.paragraphText(0, 70_000)).toBe('Short one.');
    expect(index.paragraphs.filter((p) => p.number === 4_464)).toHaveLength(1);
  });
});
