/**
 * The short answer: the phrase of a quote that answers a factoid question, bolded in its quote; questions about
 * the articles answered from their front matter; abstention when no quote holds what is asked for.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askedKind, findPhrase } from '../src/qa/answer-phrase.js';
import { nounPhrases } from '../src/language/noun-phrases.js';
import { answerQuestion, type Answer } from '../src/qa/answer.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { renderAnswerText } from '../src/qa/render-answer-text.js';
import { quoteText, renderAnswer } from '../src/discord/render.js';

/** The words `findPhrase` picks from `sentence` for `question` (dates resolved as the corpus would give them). */
function phrase(question: string, sentence: string, dates: { phrase: string; value: string }[] = []): string | undefined {
  const kind = askedKind(question);
  if (!kind) return undefined;
  const span = findPhrase(question, kind, { text: sentence, dates });
  return span && sentence.slice(span.start, span.end);
}

describe('noun phrases', () => {
  const phrasesOf = (s: string) => nounPhrases(s).map((p) => s.slice(p.start, p.end));
  it('reads phrases across "of" and "and", not across verbs, and keeps abbreviations in names', () => {
    expect(phrasesOf('Most of the growth is based on internal migration and urbanisation.')).toContain(
      'internal migration and urbanisation',
    );
    expect(phrasesOf('Lavoisier observed no overall increase in weight.')).toEqual(['Lavoisier', 'overall increase', 'weight']);
    expect(phrasesOf('Large prefabricated housing projects were erected to address the housing shortage.')).toEqual([
      'Large prefabricated housing projects',
      'the housing shortage',
    ]);
    expect(phrasesOf('The committee is investigating Rep. Alexandria Ocasio-Cortez, a Democrat.')).toContain(
      'Rep. Alexandria Ocasio-Cortez',
    );
    expect(phrasesOf('Chefs earned prestigious James Beard Awards on Monday.')).toContain('prestigious James Beard Awards');
  });
});

describe('the answer phrase of a sentence', () => {
  it('finds each kind of answer, and not the words the question already says', () => {
    expect(phrase('When did Ruritania join the customs union?', 'Ruritania joined the customs union in 1998, after a referendum.')).toBe(
      '1998',
    );
    expect(
      phrase('When did the ferry sink?', 'The ferry sank on Tuesday near the harbour.', [{ phrase: 'on Tuesday', value: '2025-06-10' }]),
    ).toBe('Tuesday');
    expect(phrase('How much did the port authority borrow?', 'The port authority borrowed $4.5 billion from three banks in 2019.')).toBe(
      '$4.5 billion',
    );
    expect(phrase('What percentage of voters backed the plan?', 'The plan was backed by 62% of voters, officials said.')).toBe('62%');
    // The number that counts what is asked about, without it: "1,200" of "1,200 people".
    expect(phrase('How many people were evacuated?', 'Officials evacuated 1,200 people from the valley on 3 March 2021.')).toBe('1,200');
    expect(phrase('How long did the strike last?', 'The strike lasted 63 days and ended in March.')).toBe('63 days');
    expect(phrase('Who opened the bridge?', 'The new bridge was opened by Mayor Ana Kovac in front of a large crowd.')).toBe('Ana Kovac');
    expect(phrase('Where did the summit take place?', 'Leaders met for the summit in Lisbon last week.')).toBe('Lisbon');
    expect(phrase('Which company won the contract?', 'The contract was won by Harbour Dredging Ltd after a long tender.')).toBe(
      'Harbour Dredging Ltd',
    );
    expect(phrase('What was the first female recipient of the prize?', 'She was the first female recipient of the Nobel Prize.')).toBe(
      'Nobel Prize',
    );
  });

  it('gives no phrase when the question asks for none, or the sentence says it did not happen', () => {
    expect(askedKind('Why did Colombia join the Belt and Road Initiative?')).toBeUndefined();
    expect(askedKind('What did Petro say about the United States?')).toBeUndefined();
    expect(askedKind('How did the talks go?')).toBeUndefined();
    expect(
      phrase('When did Ruritania join the customs union?', 'Ruritania, which held a vote in 1998, has yet to join the customs union.'),
    ).toBe(undefined);
    expect(phrase('How much did the port authority borrow?', 'The port authority met in Lisbon.')).toBeUndefined();
  });
});

describe('the short answer on the seed corpus', () => {
  let index: NewsIndex;
  beforeAll(async () => {
    ({ index } = await buildIndex(new URL('../corpus', import.meta.url).pathname));
  });

  it('answers the headline question with the resolved May 2025 date, bolded in the quote it comes from', () => {
    const answer = answerQuestion(index, 'When did Colombia join BRI?', { asOf: '2025-06-01' });
    expect(answer.answer).toMatchObject({ kind: 'date', quote: 0, value: '2025-05-12', text: 'Mon 12 May 2025' });
    const { start, end } = answer.answer!;
    expect(answer.quotes[0].text.slice(start, end)).toBe('Monday');
    expect(renderAnswerText(answer).split('\n')[0]).toBe('Answer: Mon 12 May 2025 (“Monday”) [1]');
  });

  it('gives no short answer to a why-question, only quotes', () => {
    const answer = answerQuestion(index, 'Why did China upgrade ties with Colombia?');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toBeNull();
    expect(renderAnswerText(answer)).not.toContain('Answer:');
  });

  it('answers questions about the articles from their front matter, cited to the article', () => {
    const wrote = answerQuestion(index, 'Who wrote the Reuters article?');
    expect(wrote.answer).toMatchObject({ kind: 'author', text: 'Liz Lee and Ryan Woo', article: 0 });
    expect(wrote.articles?.[0]).toMatchObject({ source: 'Reuters', title: 'China upgrades diplomatic ties with close US ally Colombia' });
    expect(renderAnswerText(wrote).split('\n')).toEqual([
      'Answer: Liz Lee and Ryan Woo (authors) [1]',
      '',
      'Sources:',
      '[1] China upgrades diplomatic ties with close US ally Colombia — Reuters, Wed 25 Oct 2023, by Liz Lee, Ryan Woo',
    ]);
    const published = answerQuestion(index, 'When was the TRT World piece published?');
    expect(published.answer).toMatchObject({ kind: 'published', text: 'Wed 14 May 2025', value: '2025-05-14' });
    expect(published.articles?.[0]).toMatchObject({ source: 'TRT World', url: 'https://www.trtworld.com/article/dd1e752e64e0' });
    const outlets = answerQuestion(index, 'Which outlets covered Colombia joining the Belt and Road?');
    expect(outlets.answer?.kind).toBe('source');
    expect(outlets.answer?.text.split(' and ').sort()).toEqual(['Reuters', 'TRT World']);
    // As of a day before the TRT World piece, only Reuters had covered it.
    expect(answerQuestion(index, 'Which outlets covered this?', { asOf: '2024-01-01' }).answer?.text).toBe('Reuters');
    // The TRT World piece names no author: said plainly, no made-up name.
    const unnamed = answerQuestion(index, 'Who wrote the TRT World article?');
    expect(unnamed.answer).toBeNull();
    expect(unnamed.notice).toBe('The TRT World article names no author.');
  });

  it('abstains when the question asks for a measure no quote gives or names', () => {
    const answer = answerQuestion(index, 'What is the stock price of Zijin Mining?');
    expect(answer.answered).toBe(false);
    expect(answer.answer).toBeNull();
    expect(answer.message).toBe("I couldn't find that in the corpus.");
    expect(answer.closest.map((a) => a.source)).toContain('Reuters');
  });
});

describe('bolding the answer in its quote on Discord', () => {
  const quote = 'On Tuesday the *board* told @everyone that _tolls_ in `fees.csv` would double to **$4** a ton.';
  const unescapedBold = (s: string) => s.match(/(?<!\\)\*\*/g)?.length ?? 0;

  it('bolds the phrase, the article’s own Markdown escaped around and inside it', () => {
    const start = quote.indexOf('**$4**');
    const shown = quoteText(quote, 1000, { start, end: start + '**$4**'.length });
    expect(shown).toBe(
      'On Tuesday the \\*board\\* told @everyone that \\_tolls\\_ in \\`fees.csv\\` would double to **\\*\\*$4\\*\\*** a ton.',
    );
    expect(unescapedBold(shown)).toBe(2);
    const inside = quote.indexOf('*board*');
    expect(quoteText(quote, 1000, { start: inside, end: inside + 7 })).toContain('the **\\*board\\*** told');
  });

  it('drops the bold rather than cut inside it, and keeps it when the cut falls after', () => {
    const start = quote.indexOf('$4');
    expect(unescapedBold(quoteText(quote, 40, { start, end: start + 2 }))).toBe(0);
    const early = quoteText(quote, 60, { start: 3, end: 10 });
    expect(early.startsWith('On **Tuesday**')).toBe(true);
    expect(early.length).toBeLessThanOrEqual(60);
  });

  it('opens the embed with the answer line; a front-matter answer lists its article and offers no context button', () => {
    const citation = { article: 'a', title: 'Tolls double', source: 'Test Wire', date: '2025-06-11', paragraph: 2, url: null };
    const answer: Answer = {
      question: 'How much will the toll be?',
      answered: true,
      closest: [],
      quotes: [{ text: quote, dates: [], citation, citations: [citation], score: 1 }],
      answer: { text: '$4', kind: 'amount', quote: 0, start: quote.indexOf('$4'), end: quote.indexOf('$4') + 2, value: 4 },
    };
    const [embed] = renderAnswer(answer, '1').embeds;
    expect(embed.description!.split('\n\n')[0]).toBe('**$4** [1]');
    const byline: Answer = {
      question: 'Who wrote it?',
      answered: true,
      closest: [],
      quotes: [],
      answer: { text: 'Ana *Kovac*', kind: 'author', article: 0 },
      articles: [
        {
          article: 'a',
          title: 'Tolls double',
          source: 'Test Wire',
          date: '2025-06-11',
          url: 'https://example.com/a',
          authors: ['Ana *Kovac*'],
        },
      ],
    };
    const payload = renderAnswer(byline, '2');
    expect(payload.embeds[0].description).toBe('**Ana \\*Kovac\\*** (authors) [1]');
    expect(payload.embeds[0].fields?.[0].value).toBe(
      '**[1]** [Tolls double — Test Wire, Wed 11 Jun 2025, by Ana \\*Kovac\\*](https://example.com/a)',
    );
    expect(payload.components[0].components.map((c) => ('custom_id' in c ? c.custom_id : undefined))).toEqual(['vote:2:up', 'vote:2:down']);
  });
});

describe('the short answer in --json', () => {
  let dir: string;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));
  it('is null for a why-question and for an abstention', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-phrase-'));
    writeFileSync(
      path.join(dir, 'a.md'),
      '---\ntitle: "Dam opens"\nsource: "Wire"\ndate: 2025-03-02\n---\n\nThe Vale dam opened on 1 March 2025 after six years of work.\n',
    );
    writeFileSync(
      path.join(dir, 'b.md'),
      '---\ntitle: "Apple harvest"\nsource: "AP"\ndate: 2025-03-03\nauthors: ["Ana Ruiz"]\n---\n\nThe apple harvest in Vale was written up by the co-op in March.\n',
    );
    const { index } = await buildIndex(dir);
    const json = (q: string) => JSON.parse(JSON.stringify(answerQuestion(index, q)));
    // A source is named as a word: "AP" is named here, not in "apple".
    expect(json('Who wrote the AP story?').answer).toMatchObject({ kind: 'author', text: 'Ana Ruiz' });
    expect(json('Who wrote up the apple harvest?').answer?.kind).not.toBe('author');
    expect(json('When did the Vale dam open?').answer).toEqual({
      text: '1 March 2025',
      kind: 'date',
      quote: 0,
      start: 23,
      end: 35,
      value: '2025-03-01',
      // How sure the bot is that it is right, and whether it says it (qa/confidence.ts).
      confidence: expect.any(Number),
      shown: expect.any(Boolean),
    });
    expect(json('Why did the Vale dam open?').answer).toBeNull();
    expect(json('What is the share price of Vale?').answer).toBeNull();
  });
});
