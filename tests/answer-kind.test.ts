/**
 * Choosing the sentence that answers: the kind of thing the question asks for (read from its asking clause,
 * wherever it stands), names told apart by kind, and the sentence next to the one that matches the question's
 * words, which a quiz's paraphrase often leaves without a shared word.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { namesIn } from '../src/language/entities.js';
import { answerQuestion } from '../src/qa/answer.js';
import { answerTypeOf } from '../src/qa/question.js';

describe('the kind of answer asked for', () => {
  it('is read from the asking sentence after a statement, or from the question’s opening word', () => {
    expect(answerTypeOf('Microsoft retired its Internet Explorer browser this week. What year did it debut?')).toBe('date');
    expect(answerTypeOf('Broadway’s stars were recognized this week. Which awards show honoured them?')).toBe('entity');
    // A question word inside a sentence is not an asking clause of its own (SQuAD: "… by what village?").
    expect(answerTypeOf('A mermaid stopped to rest on the sandy beach by what village?')).toBe('any');
    expect(answerTypeOf('Police arrested 31 men who planned to riot at a Pride event. Where was the event?')).toBe('place');
    expect(answerTypeOf('Pilots picketed this week over a new contract. Which airline were they from?')).toBe('organization');
    expect(answerTypeOf('Justice Jackson made history this week. Whose seat is she filling?')).toBe('person');
    expect(answerTypeOf('How many months was her detention extended?')).toBe('count');
  });
});

describe('names by kind', () => {
  const kinds = (s: string) => namesIn(s).map((n) => `${n.text}:${n.kind}`);

  it('tells people, places and organisations apart', () => {
    expect(kinds('The dress was designed by Bob Mackie for Marilyn Monroe in 1962.')).toEqual([
      'Bob Mackie:person',
      'Marilyn Monroe:person',
    ]);
    expect(kinds('Moldova and Ukraine were recommended for candidacy by the European Commission.')).toEqual([
      'Moldova:place',
      'Ukraine:place',
      'European Commission:organization',
    ]);
    expect(kinds('In a statement, President Joe Biden said aid would follow.')).toEqual(['Joe Biden:person']);
    expect(kinds('Police in Boise, Idaho, arrested 31 men.')).toContain('Idaho:place');
  });

  it('does not take awards, cups and sentence openers for people', () => {
    expect(kinds('The Tony Awards and the Stanley Cup were handed out on Sunday.')).toEqual(['Tony Awards:unknown', 'Stanley Cup:unknown']);
    expect(kinds('Officials said nothing.')).toEqual([]);
  });
});

const article = (title: string, date: string, ...paragraphs: string[]) =>
  `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: ${date}\n---\n\n${paragraphs.join('\n\n')}\n`;

let dir: string;
let index: NewsIndex;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'answer-kind-'));
  writeFileSync(
    path.join(dir, 'rally.md'),
    article(
      'Arrests before a rally',
      '2022-06-13',
      'Police arrested 31 men linked to a white nationalist group who planned to riot at a Pride event.',
      'Officers stopped their truck in Coeur d’Alene, Idaho, on Saturday afternoon.',
    ),
  );
  writeFileSync(
    path.join(dir, 'storm-a.md'),
    article('Storm report', '2024-09-10', 'The hurricane drenched towns with record rain, said Ann Lee.'),
  );
  writeFileSync(
    path.join(dir, 'storm-b.md'),
    article('Storm report', '2024-09-10', 'The hurricane drenched towns across Louisiana with record rain overnight, officials said.'),
  );
  writeFileSync(
    path.join(dir, 'court.md'),
    article(
      'A first on the court',
      '2022-06-30',
      'Judge Maria Lopez made history on Thursday when she was sworn in as the first woman to sit on the Harbour Court.',
      'Lopez, who was confirmed in April, takes the seat held by Justice Samuel Okafor for three decades.',
    ),
  );
  writeFileSync(
    path.join(dir, 'volcano.md'),
    article(
      'Eruption in the south',
      '2022-07-25',
      'The Sakurajima volcano erupted on Sunday night, and nearby towns in Japan were evacuated.',
    ),
  );
  index = (await buildIndex(dir, { threads: 1 })).index;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('choosing the answering sentence', () => {
  it('quotes the sentence next to the one the question paraphrases, though it shares no word with it', () => {
    const answer = answerQuestion(
      index,
      'Police arrested 31 men linked to a white nationalist group who planned to riot at a Pride event. Where was the event?',
    );
    expect(answer.quotes.map((q) => q.text)).toContain('Officers stopped their truck in Coeur d’Alene, Idaho, on Saturday afternoon.');
  });

  it('answers a question that states the news first from the sentence holding what it asks, not the restatement', () => {
    const answer = answerQuestion(
      index,
      'Judge Maria Lopez made history this week, becoming the first woman to sit on the Harbour Court. Whose seat is she filling?',
      { asOf: '2022-07-01' },
    );
    expect(answer.quotes[0].text).toBe(
      'Lopez, who was confirmed in April, takes the seat held by Justice Samuel Okafor for three decades.',
    );
  });

  it('does not require a demonym of the question ("Japanese") to be written in the article', () => {
    const answer = answerQuestion(index, 'A volcano erupted on which Japanese island on Sunday?', { asOf: '2022-07-29' });
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0].text).toContain('Sakurajima');
  });

  it('prefers a sentence naming a place for "which state", over one naming only a person', () => {
    const answer = answerQuestion(index, 'Which state did the hurricane drench with record rain?');
    expect(answer.quotes[0].text).toBe('The hurricane drenched towns across Louisiana with record rain overnight, officials said.');
  });
});
