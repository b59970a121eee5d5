/**
 * Correcting a misspelt question word against the corpus vocabulary: the closest word, the more frequent of
 * equally close ones, then one of the same length, and never a word the corpus does not hold.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/qa/answer.js';
import { renderAnswerText } from '../src/qa/render-answer-text.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';

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
    // "decent" is one edit from "descent" (in two paragraphs) and from "decnet" (in one).
    expect(index.correctSpelling('decent')).toBe('descent');
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
    const answer = answerQuestion(index, 'What slowed the decent to splashdown?');
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
