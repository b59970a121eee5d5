/**
 * Correcting a misspelt question word against the corpus vocabulary: the closest word, the more frequent of
 * equally close ones, then one of the same length, and never a word the corpus does not hold. Only typos: an
 * English word is what the member meant, whether or not the corpus has it.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeWord } from '../src/language/analyzer.js';
import { spellingVariants } from '../src/language/english.js';
import { answerQuestion, NOT_FOUND_MESSAGE } from '../src/qa/answer.js';
import { renderAnswerText } from '../src/qa/render-answer-text.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { COMMON_ENGLISH_WORDS } from './support/english-words.js';

let index: NewsIndex;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spell-'));
  const paragraphs = [
    'Ögedei was given the title Khagan in 1229 by the assembly.',
    'The Khaan of the steppe rode east with his army.',
    'The capsule began its descent over the Pacific.',
    'Parachutes slowed its descent to splashdown.',
    'Engineers linked the computers over DECnet in 1978.',
    'Genghis Khan united the Mongol tribes in 1206.',
  ];
  writeFileSync(path.join(dir, 'a.md'), `---\ntitle: "Steppe and space"\ndate: 2024-05-01\n---\n\n${paragraphs.join('\n\n')}\n`);
  ({ index } = await buildIndex(dir));
});

describe('spelling correction', () => {
  it('leaves words the corpus holds, and short or numeric words, alone', () => {
    expect(index.correctSpelling('descent')).toBeUndefined();
    expect(index.correctSpelling('kan')).toBeUndefined();
    expect(index.correctSpelling('12x9')).toBeUndefined();
  });

  it('prefers the more frequent of two words one edit away', () => {
    // "descet" is one edit from "descent" (in two paragraphs) and from "decnet" (in one).
    expect(index.correctSpelling('descet')).toBe('descent');
  });

  it('never rewrites an English word, though the corpus lacks it and a corpus word is one edit away', () => {
    // "decent" is one edit from "descent" and "decnet", but it is a word: the member meant it.
    expect(index.correctSpelling('decent')).toBeUndefined();
    expect(answerQuestion(index, 'What slowed the decent to splashdown?').searched).toBeUndefined();
  });

  it('between equally frequent words, prefers the one of the same length', () => {
    // "khadan": "khagan" swaps a letter, "khaan" drops one; each is in the corpus once.
    expect(index.correctSpelling('khadan')).toBe('khagan');
  });

  it('corrects swapped letters, but never into a word with another first letter', () => {
    expect(index.correctSpelling('ghengi')).toBe('genghi'); // "Ghengis": two letters swapped around
    expect(index.correctSpelling('kenghi')).toBeUndefined();
    expect(index.correctSpelling('zzzzzz')).toBeUndefined();
  });

  it('answers a question with a typo from the corrected word, and says what it searched for', () => {
    const answer = answerQuestion(index, 'What slowed the descet to splashdown?');
    expect(answer.quotes[0]?.text).toBe('Parachutes slowed its descent to splashdown.');
    expect(answer.searched).toBe('What slowed the descent to splashdown?');
    expect(renderAnswerText(answer).split('\n')[0]).toBe('Searched for: What slowed the descent to splashdown?');
    expect(answerQuestion(index, 'What slowed the descent to splashdown?').searched).toBeUndefined();
  });

  it('corrects a short word with two letters swapped, and a capitalised name as a lower-case word', () => {
    // "Pacifc" and "Pcaific" are names typed wrong; the corpus knows "Pacific".
    expect(index.correctSpelling('plan')).toBeUndefined();
    for (const q of [
      'Where did the capsule begin its descent over the Pacifc?',
      'Where did the capsule begin its descnet over the Pacific?',
    ]) {
      const answer = answerQuestion(index, q);
      expect(answer.quotes[0]?.text, q).toBe('The capsule began its descent over the Pacific.');
    }
    expect(answerQuestion(index, 'Where did the capsule begin its descent over the Pacifc?').searched).toBe(
      'Where did the capsule begin its descent over the Pacific?',
    );
    // "Khaan" is a name the corpus holds: never "corrected" into the more frequent "Khan".
    expect(index.correctSpelling('khaan')).toBeUndefined();
  });
});

describe('spelling fixes only typos', () => {
  let news: NewsIndex;

  beforeAll(async () => {
    // The seed articles, and one whose words sit one or two edits from the ordinary words asked below.
    const dir = mkdtempSync(path.join(tmpdir(), 'spell-english-'));
    cpSync('corpus', dir, { recursive: true });
    const paragraphs = [
      'The regent of the resort town said lately that the larger port had repealed its fees.',
      'Petro arrived in Beijing on Tuesday for talks on the Belt and Road.',
      'Child labour fell as the ports were modernised.',
    ];
    writeFileSync(path.join(dir, 'resort.md'), `---\ntitle: "Resort town"\ndate: 2023-10-26\n---\n\n${paragraphs.join('\n\n')}\n`);
    ({ index: news } = await buildIndex(dir));
  });

  it('never rewrites an English word the corpus lacks, even one or two edits from a corpus word', () => {
    // "latest" ~ "lately", "report" ~ "resort", "recent" ~ "regent", "largest" ~ "larger", "repeated" ~ "repealed".
    // (The seed articles have "recently", "second-largest" and "repeatedly": those are corpus words as well.)
    for (const word of ['latest', 'report', 'Latest', 'REPORT']) expect(news.documentFrequency(normalizeWord(word)!), word).toBe(0);
    for (const word of ['latest', 'report', 'recent', 'largest', 'repeated', 'Latest', 'REPORT']) {
      expect(news.correctSpelling(word), word).toBeUndefined();
    }
    const absent = COMMON_ENGLISH_WORDS.filter((w) => news.documentFrequency(normalizeWord(w) ?? '') === 0 && normalizeWord(w));
    expect(absent.length).toBeGreaterThanOrEqual(200);
    // Only the other spelling of the same word may be read instead ("recognize" as the seed's "recognise").
    const rewritten = absent.filter((w) => news.correctSpelling(w) !== undefined);
    expect(rewritten.filter((w) => !spellingVariants(w).some((v) => normalizeWord(v) === news.correctSpelling(w)))).toEqual([]);
    expect(rewritten).toEqual(['recognize']);
  });

  it('"Searched for:" only when a word was corrected', () => {
    for (const q of ["What's the latest on China and Colombia?", 'What does the most recent report say about the metro?']) {
      const answer = answerQuestion(news, q, { asOf: '2026-01-01' });
      expect(answer.searched, q).toBeUndefined();
      expect(renderAnswerText(answer), q).not.toContain('Searched for:');
    }
  });

  it('corrects typos of corpus words, capitalised or not', () => {
    expect(news.correctSpelling('Beijng')).toBe(normalizeWord('Beijing'));
    expect(news.correctSpelling('beijng')).toBe(normalizeWord('Beijing'));
    expect(news.correctSpelling('Colmbia')).toBe(normalizeWord('Colombia'));
    expect(news.correctSpelling('Raod')).toBe(normalizeWord('Road'));
    const answer = answerQuestion(news, 'When did Petro arrive in Beijng?', { asOf: '2026-01-01' });
    expect(answer.searched).toBe('When did Petro arrive in Beijing?');
    expect(answer.answered).toBe(true);
    expect(answer.quotes.some((q) => q.text.includes('Beijing'))).toBe(true);
    expect(answerQuestion(news, 'When did Colmbia join the Belt and Raod?').searched).toBe('When did Colombia join the Belt and Road?');
  });

  it('reads an English word as the corpus spells it across the Atlantic, and nothing else', () => {
    expect(news.correctSpelling('labor')).toBe(normalizeWord('labour'));
    expect(news.correctSpelling('modernized')).toBe(normalizeWord('modernised'));
    expect(answerQuestion(news, 'What fell as the ports were modernized?').searched).toBe('What fell as the ports were modernised?');
  });

  it('leaves a name that is not a typo alone, and says it is not in the corpus', () => {
    expect(news.correctSpelling('Okafor')).toBeUndefined();
    const answer = answerQuestion(news, 'When did Okafor arrive in Beijing?', { asOf: '2026-01-01' });
    expect(answer.searched).toBeUndefined();
    expect(answer.answered).toBe(false);
    expect(answer.message).toBe(NOT_FOUND_MESSAGE);
  });
});
