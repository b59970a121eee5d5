import { describe, expect, it } from 'vitest';
import { sentenceTexts, splitSentences } from '../src/language/sentences.js';

describe('sentenceTexts: abbreviations and initials do not end a sentence', () => {
  it.each([
    ['The U.S. Army said it would leave the base. Officials agreed.', ['The U.S. Army said it would leave the base.', 'Officials agreed.']],
    ['Mr. Petro met Xi in Beijing. They talked for hours.', ['Mr. Petro met Xi in Beijing.', 'They talked for hours.']],
    ['He lived in St. Paul for years. Then he moved.', ['He lived in St. Paul for years.', 'Then he moved.']],
    [
      'The deal was signed on Jan. 5 in Beijing. It took effect later.',
      ['The deal was signed on Jan. 5 in Beijing.', 'It took effect later.'],
    ],
    ['John F. Kennedy was president. He was shot in Dallas.', ['John F. Kennedy was president.', 'He was shot in Dallas.']],
    ['Dr. Smith and Gen. Lee met on Friday. They spoke.', ['Dr. Smith and Gen. Lee met on Friday.', 'They spoke.']],
    ['The U.S. and China agreed on the terms.', ['The U.S. and China agreed on the terms.']],
  ])('%j', (paragraph, expected) => {
    expect(sentenceTexts(paragraph)).toEqual(expected);
  });
});

describe('sentenceTexts: real sentence ends', () => {
  it('an abbreviation that closes a sentence before "The" splits: "He moved to the U.S. The end."', () => {
    expect(sentenceTexts('He moved to the U.S. The end.')).toEqual(['He moved to the U.S.', 'The end.']);
  });

  it('a company abbreviation closing a sentence splits before a new sentence', () => {
    expect(sentenceTexts('He works for Acme Corp. The firm is big.')).toEqual(['He works for Acme Corp.', 'The firm is big.']);
  });

  it('curly closing quotes stay with the sentence they end', () => {
    expect(sentenceTexts('“There is a huge deficit.” Petro told Xi on Wednesday.')).toEqual([
      '“There is a huge deficit.”',
      'Petro told Xi on Wednesday.',
    ]);
    expect(sentenceTexts('“It is historic,” he said. “We agree.” Others did not.')).toEqual([
      '“It is historic,” he said.',
      '“We agree.”',
      'Others did not.',
    ]);
    expect(sentenceTexts('He asked, “Is it over?” Nobody answered.')).toEqual(['He asked, “Is it over?”', 'Nobody answered.']);
  });

  it('question and exclamation marks end sentences', () => {
    expect(sentenceTexts('Is it over? Yes! It is.')).toEqual(['Is it over?', 'Yes!', 'It is.']);
  });
});

describe('splitSentences: spans', () => {
  const paragraphs = [
    'The U.S. Army said it would leave. Officials agreed.',
    '  Leading space. Trailing space.  ',
    '“There is a huge deficit.” Petro told Xi on Wednesday. He moved to the U.S. The end.',
    'One sentence without a full stop',
  ];

  it.each(paragraphs)('are exact, trimmed, ordered, non-overlapping slices of %j', (paragraph) => {
    const spans = splitSentences(paragraph);
    expect(spans.length).toBeGreaterThan(0);
    let last = 0;
    for (const { start, end } of spans) {
      expect(start).toBeGreaterThanOrEqual(last);
      expect(end).toBeGreaterThan(start);
      const text = paragraph.slice(start, end);
      expect(text).toBe(text.trim());
      last = end;
    }
    // Every non-blank character belongs to one span.
    const covered = spans.map(({ start, end }) => paragraph.slice(start, end)).join('');
    expect(covered.replace(/\s/g, '')).toBe(paragraph.replace(/\s/g, ''));
    expect(sentenceTexts(paragraph)).toEqual(spans.map(({ start, end }) => paragraph.slice(start, end)));
  });

  it('gives exact offsets', () => {
    expect(splitSentences('  Leading space. Trailing space.  ')).toEqual([
      { start: 2, end: 16 },
      { start: 17, end: 32 },
    ]);
  });

  it('gives no spans for a blank paragraph', () => {
    expect(splitSentences('   ')).toEqual([]);
    expect(splitSentences('')).toEqual([]);
  });
});

describe('splitSentences: long paragraphs are segmented in windows', () => {
  // Sentences of every kind the merge rules care about, so window edges land next to abbreviations, initials,
  // quotes and question marks.
  const kinds = [
    'The U.S. Army said it would leave the base.',
    'Mr. Petro met Xi in Beijing on Jan. 5 at 3 p.m. local time.',
    '“There is a huge deficit,” John F. Kennedy said.',
    'Was it worth it?',
    'Acme Corp. The firm is big!',
    'Prices rose 3.5 percent… Analysts were surprised.',
  ];
  const paragraph = Array.from({ length: 402 }, (_, i) => kinds[i % kinds.length]).join(' ');

  it('gives the sentences of the short paragraph, repeated, wherever the window edges fall', () => {
    const texts = sentenceTexts(paragraph);
    // Every window edge falls somewhere else in the repeated pattern; the result is the short paragraph's,
    // repeated.
    const one = sentenceTexts(kinds.join(' '));
    expect(texts).toEqual(Array.from({ length: 402 / kinds.length }, () => one).flat());
  });

  it('keeps a sentence whole when a window edge falls inside it (no closing punctuation for pages)', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    const spans = splitSentences(`${words}. And a short one.`);
    expect(spans).toHaveLength(2);
    expect(spans[0]).toEqual({ start: 0, end: words.length + 1 });
  });

  it('cuts a run of letters with no white space at the window size without losing a character', () => {
    const blob = 'x'.repeat(10_000);
    const spans = splitSentences(blob);
    expect(spans).toEqual([{ start: 0, end: 10_000 }]);
  });
});
