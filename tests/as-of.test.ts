/**
 * Answers as of the moment a question is asked, on articles made for the purpose: the question's time words
 * pick the reports of that time, nothing published later is ever quoted, and an empty time is said so. The
 * CLI takes the day with --as-of (or per line of a questions file) and echoes it in JSON.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as ask } from '../src/cli/ask.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { resolveQuestionTime } from '../src/language/question-time.js';
import { answerQuestion } from '../src/qa/answer.js';
import { shippedReaderWeights } from '../src/qa/reader.js';
import { analyzeQuestion } from '../src/qa/question.js';
import { renderAnswerText } from '../src/qa/render-answer-text.js';
import { runMain } from './support/cli.js';

const article = (title: string, date: string, ...paragraphs: string[]) =>
  `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: ${date}\n---\n\n${paragraphs.join('\n\n')}\n`;

// Two storms on the same coast, a year apart, told in nearly the same words; and a report from after the
// day the questions are asked.
const ARTICLES: Record<string, string> = {
  'storm-2023.md': article(
    'Storm floods the Gulf coast',
    '2023-09-12',
    'Hurricane Idalia drenched the state of Florida with record rain, flooding coastal towns.',
    'Emergency crews rescued hundreds of residents from the flooded towns.',
  ),
  'storm-2024.md': article(
    'Another storm floods the Gulf coast',
    '2024-09-10',
    'Hurricane Francine drenched the state of Louisiana with record rain, flooding coastal towns.',
    'Emergency crews rescued dozens of residents from the flooded towns.',
  ),
  'storm-2024-later.md': article(
    'Storm season ends',
    '2024-09-20',
    'Hurricane Helene drenched the state of Georgia with record rain, flooding coastal towns again.',
  ),
  // Trade figures for a year, reported the next year; and a report from that year on the same trade.
  'trade-2022.md': article(
    'Copper lifts Chile’s trade',
    '2022-02-20',
    'Chile exported $9.4 billion of copper and fruit to Japan in 2021, customs data showed on Friday.',
    'Shipments to China rose faster still.',
  ),
  'trade-2021.md': article(
    'Chile and Japan talk trade',
    '2021-03-02',
    'Chile hopes to export more wine and salmon to Japan, its trade minister said in Tokyo.',
  ),
  'prize-2024.md': article(
    'Harbour prize awarded',
    '2024-03-05',
    'The Harbour Prize for civic architecture went to the city of Vigo for its new quay.',
  ),
};

let dir: string;
let index: NewsIndex;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'as-of-'));
  for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(path.join(dir, name), text);
  index = (await buildIndex(dir, { threads: 1 })).index;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STORM_QUESTION = 'Which state was drenched by a storm this week?';

describe('answers as of a day', () => {
  it('"this week" picks the article of the as-of week over a same-topic article of another year', () => {
    const in2024 = answerQuestion(index, STORM_QUESTION, { asOf: '2024-09-12' });
    expect(in2024.quotes[0].text).toContain('Louisiana');
    expect(in2024.quotes[0].citation.date).toBe('2024-09-10');
    expect(in2024.notice).toBeUndefined();

    const in2023 = answerQuestion(index, STORM_QUESTION, { asOf: '2023-09-14' });
    expect(in2023.quotes[0].text).toContain('Florida');
    expect(in2023.quotes[0].citation.date).toBe('2023-09-12');
  });

  it('never quotes an article dated after the as-of day', () => {
    for (const asOf of ['2023-09-12', '2023-12-31', '2024-09-10', '2024-09-19']) {
      const answer = answerQuestion(index, 'Which state was drenched by a storm?', { asOf });
      expect(answer.answered).toBe(true);
      expect(answer.asOf).toBe(asOf);
      for (const q of answer.quotes) for (const c of q.citations) expect(c.date! <= asOf, `${c.date} quoted as of ${asOf}`).toBe(true);
    }
    // Helene (20 Sep 2024) is quoted only once it has been published.
    const before = answerQuestion(index, 'Which storm drenched Georgia?', { asOf: '2024-09-19' });
    expect(before.quotes.some((q) => q.text.includes('Helene'))).toBe(false);
    const after = answerQuestion(index, 'Which storm drenched Georgia?', { asOf: '2024-09-21' });
    expect(after.quotes[0].text).toContain('Helene');
  });

  it('says so when nothing in the corpus had been published by the as-of day', () => {
    const answer = answerQuestion(index, 'Which state was drenched by a storm?', { asOf: '2020-01-01' });
    expect(answer.answered).toBe(false);
    expect(answer.message).toBe('Nothing in the corpus was published by Wed 1 Jan 2020.');
  });

  it('"last year" asked on 2025-01-10 means 2024', () => {
    expect(resolveQuestionTime('Which city won the Harbour Prize last year?', '2025-01-10').window).toMatchObject({
      from: '2024-01-01',
      label: '2024',
    });
    const answer = answerQuestion(index, 'Which city won the Harbour Prize last year?', { asOf: '2025-01-10' });
    expect(answer.quotes[0].text).toContain('Vigo');
    expect(answer.notice).toBeUndefined();
  });

  it('when the time asked about holds nothing, says so in one line and answers from the closest time', () => {
    const answer = answerQuestion(index, 'Which city won the Harbour Prize this week?', { asOf: '2024-09-12' });
    expect(answer.notice).toBe('Nothing from this week; the latest report is from Tue 5 Mar 2024:');
    expect(answer.quotes[0].text).toContain('Vigo');
    expect(answer.answer?.text).toBe('Vigo');
    // The notice comes first, then the short answer's line (stated here with every answer stated, to read it).
    const model = shippedReaderWeights().answer!;
    const stated = answerQuestion(index, 'Which city won the Harbour Prize this week?', {
      asOf: '2024-09-12',
      weights: { ...shippedReaderWeights(), answer: { ...model, threshold: 0 } },
    });
    expect(renderAnswerText(stated).split('\n').slice(0, 5)).toEqual([
      'Nothing from this week; the latest report is from Tue 5 Mar 2024:',
      'Answer: Vigo [1]',
      `Confidence: ${Math.round(stated.answer!.confidence! * 100)}%`,
      '',
      '1. “The Harbour Prize for civic architecture went to the city of Vigo for its new quay.” [1]',
    ]);
  });

  it('does not read time words as words of the topic', () => {
    const time = resolveQuestionTime('Who resigned on Monday, and what happened this week?', '2022-06-16');
    expect(time.window).toMatchObject({ from: '2022-06-13', value: '2022-06-13' });
    expect(time.spans).toHaveLength(2);
    const concepts = analyzeQuestion('Which state was drenched by a storm on Monday this week?', index, '2024-09-12').concepts;
    expect(concepts.flatMap((c) => c.terms)).not.toContain('week');
    expect(concepts.flatMap((c) => c.terms)).not.toContain('monday');
    expect(concepts.flatMap((c) => c.terms)).toContain('storm');
    expect(resolveQuestionTime('Who is currently the prime minister?', '2022-06-16')).toMatchObject({ recency: true });
  });
});

describe('a question that names only a time', () => {
  it('"What happened this week?" is answered with what the articles of that week lead with, newest first', async () => {
    const week = answerQuestion(index, 'What happened this week?', { asOf: '2024-09-21' });
    expect(week.answered).toBe(true);
    expect(week.notice).toBe('What the articles of this week say, newest first:');
    expect(week.quotes.map((q) => [q.citation.date, q.text])).toEqual([
      ['2024-09-20', 'Hurricane Helene drenched the state of Georgia with record rain, flooding coastal towns again.'],
    ]);
    const run = await runMain(ask, ['--corpus', dir, '--as-of', '2024-09-12', 'Any news this week?']);
    // The text states the day it answers as of, as Discord's footer does.
    expect(run.stdout.trim().split('\n').at(-1)).toBe('Answered as of Thu 12 Sep 2024: nothing published later is quoted.');
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'What the articles of this week say, newest first:',
      '1. “Hurricane Francine drenched the state of Louisiana with record rain, flooding coastal towns.” [1]',
    ]);
  });

  it('a time with no articles is said so, and the articles nearest to it are read instead; a topic is searched as ever', () => {
    const empty = answerQuestion(index, 'What happened yesterday?', { asOf: '2024-03-10' });
    expect(empty.notice).toBe('Nothing from Sat 9 Mar 2024; the latest report is from Tue 5 Mar 2024:');
    expect(empty.quotes[0].text).toBe('The Harbour Prize for civic architecture went to the city of Vigo for its new quay.');
    // Never an article published after the day asked.
    expect(
      answerQuestion(index, 'What happened in 2024?', { asOf: '2024-09-12' }).quotes.every((q) => q.citation.date! <= '2024-09-12'),
    ).toBe(true);
    const topic = answerQuestion(index, 'Which state was drenched this week?', { asOf: '2024-09-12' });
    expect(topic.notice).toBeUndefined();
    expect(topic.quotes[0].text).toContain('Louisiana');
  });
});

describe('a date written with its year is when the event happened, not which news to read', () => {
  const TRADE = 'How much did Chile export to Japan in 2021?';

  it('keeps the year a search word, sets no publication window, and marks the event’s period', () => {
    const time = resolveQuestionTime(TRADE, '2022-06-16');
    expect(time.window).toBeUndefined();
    expect(time.event).toMatchObject({ from: '2021-01-01', to: '2021-12-31', value: '2021' });
    expect(time.spans).toEqual([]);
    expect(analyzeQuestion(TRADE, index, '2022-06-16').concepts.flatMap((c) => c.terms)).toContain('2021');
    // "in March 2019" names a month of an event; "this week" and "last year" stay news time.
    expect(resolveQuestionTime('Who won the vote in March 2019?', '2022-06-16').event).toMatchObject({
      from: '2019-03-01',
      to: '2019-03-31',
    });
    expect(resolveQuestionTime('Who won the vote last year?', '2022-06-16')).toMatchObject({ window: { label: '2021' } });
    expect(resolveQuestionTime('Who won the vote last year?', '2022-06-16').event).toBeUndefined();
  });

  it('answers from a later report of that year’s figures, with the amount as the short answer', () => {
    const answer = answerQuestion(index, TRADE, { asOf: '2022-06-16' });
    expect(answer.quotes[0].text).toBe('Chile exported $9.4 billion of copper and fruit to Japan in 2021, customs data showed on Friday.');
    expect(answer.quotes[0].citation.date).toBe('2022-02-20');
    expect(answer.answer?.text).toBe('$9.4 billion');
    expect(answer.notice).toBeUndefined();
  });
});

describe('npm run ask -- --as-of', () => {
  it('answers as of the given day and echoes it in JSON', async () => {
    const run = await runMain(ask, ['--corpus', dir, '--json', '--as-of', '2023-09-14', STORM_QUESTION]);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.asOf).toBe('2023-09-14');
    expect(answer.quotes[0].text).toContain('Florida');
  });

  it('takes each line\'s "asOf" in a questions file, over the flag', async () => {
    const file = path.join(dir, 'questions.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'a', question: STORM_QUESTION, asOf: '2024-09-12' }),
        JSON.stringify({ id: 'b', question: STORM_QUESTION }),
        JSON.stringify({ id: 'c', question: STORM_QUESTION, asOf: '12/09/2024' }),
      ].join('\n'),
    );
    const run = await runMain(ask, ['--corpus', dir, '--as-of', '2023-09-14', '--questions', file]);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.asOf)).toEqual(['2024-09-12', '2023-09-14', undefined]);
    expect(lines[0].quotes[0].text).toContain('Louisiana');
    expect(lines[1].quotes[0].text).toContain('Florida');
    expect(lines[2].error).toEqual({ code: 'QUESTION_INVALID', message: 'asOf "12/09/2024" is not a date written YYYY-MM-DD' });
    expect(run.code).toBe(2);
  });

  it('refuses a day that is not one, saying how to write it', async () => {
    const run = await runMain(ask, ['--corpus', dir, '--as-of', '2024-02-30', STORM_QUESTION]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--as-of "2024-02-30" is not a date; write it YYYY-MM-DD');
  });
});
