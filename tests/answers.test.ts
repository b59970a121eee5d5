import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, NOT_FOUND_MESSAGE } from '../src/qa/answer.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';

interface DevQuestion {
  id: string;
  question: string;
  gold: string[];
  avoid?: string[];
  dates?: string[];
  unanswerable?: boolean;
}

const devSet: DevQuestion[] = readFileSync(new URL('../eval/seed-qa-dev.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

let index: NewsIndex;
beforeAll(async () => {
  ({ index } = await buildIndex(new URL('../corpus', import.meta.url).pathname));
});

describe('seed QA dev set', () => {
  it.each(devSet.map((q) => [q.id, q] as const))('%s', (_id, q) => {
    const answer = answerQuestion(index, q.question);
    if (q.unanswerable) {
      expect(answer.answered).toBe(false);
      expect(answer.quotes).toEqual([]);
      expect(answer.message).toBe(NOT_FOUND_MESSAGE);
      return;
    }
    expect(answer.answered).toBe(true);
    const top = answer.quotes[0];
    expect(
      q.gold.some((g) => top.text.includes(g)),
      `top quote: ${top.text}`,
    ).toBe(true);
    for (const bad of q.avoid ?? []) expect(top.text).not.toContain(bad);
    if (q.dates) expect(top.dates.map((d) => d.value)).toEqual(expect.arrayContaining([expect.toBeOneOf(q.dates)]));
  });
});

describe('the headline question', () => {
  it('quotes the 2025 TRT World report with its resolved date, never "has yet to join" first', () => {
    const answer = answerQuestion(index, 'When did Colombia join BRI?');
    const top = answer.quotes[0];
    expect(top.citation).toMatchObject({ source: 'TRT World', date: '2025-05-14', url: 'https://www.trtworld.com/article/dd1e752e64e0' });
    expect(top.dates.some((d) => d.value === '2025-05-12' || d.value === '2025-05-14')).toBe(true);
    expect(top.text).not.toContain('has yet to join');
  });

  it('quotes exact sentences of the article, with body paragraph numbers a reader can count', () => {
    const answer = answerQuestion(index, 'When did Petro arrive in Beijing?');
    const top = answer.quotes[0];
    expect(top.text).toBe(
      'On his arrival in Beijing on Tuesday, Petro hailed the potential to increase Colombian exports to China and re-launch the Andean country’s national rail network.',
    );
    expect(top.citation).toMatchObject({
      article: '000_1dd15791cc7c8380',
      source: 'Reuters',
      date: '2023-10-25',
      paragraph: 12,
      url: null,
    });
    expect(top.dates).toEqual([{ phrase: 'on Tuesday', value: '2023-10-24' }]);
    const corpusText = readFileSync(new URL('../corpus/000_1dd15791cc7c8380.md', import.meta.url), 'utf8');
    expect(corpusText).toContain(top.text);
  });

  it('folds the same fact reported by both articles into one quote with both citations', () => {
    const answer = answerQuestion(index, 'When were diplomatic relations between China and Colombia first established?');
    const top = answer.quotes[0];
    expect(top.text).toContain('first established in 1980');
    expect(top.citations.map((c) => c.source).sort()).toEqual(['Reuters', 'TRT World']);
    expect(answer.quotes.filter((q) => q.text.includes('first established in 1980'))).toHaveLength(1);
  });
});
