/**
 * The learned reader: its text features, one by one; the weights file it reads at start (every feature
 * weighed, nothing else; a missing or bad file named in the error); `npm run train` reproducing its weights
 * exactly on a tiny fixture; and the shipped weights relying on features that carry the answer, so that
 * switching one off changes what is quoted.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { answerQuestion, readerCandidates } from '../src/qa/answer.js';
import { analyzeQuestion } from '../src/qa/question.js';
import { renderAnswerText } from '../src/qa/render-answer-text.js';
import { bigramOverlap, lengthFeature, novelty, quotedSpeech, termPairs } from '../src/qa/reader-features.js';
import {
  HAND_TUNED_WEIGHTS,
  READER_FEATURES,
  READER_WEIGHTS_FILE,
  readReaderWeights,
  ReaderWeightsError,
  shippedReaderWeights,
  type ReaderWeights,
} from '../src/qa/reader.js';
import { capitalisedRuns, capitalisedShare, endsInAdjective, holdsTimeWord, insideBrackets } from '../src/qa/phrase-features.js';
import { lemmaOf, relatedWords } from '../src/language/wordnet.js';
import { ROOT, runScript } from './support/cli.js';

function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'reader-')), name);
  writeFileSync(file, text);
  return file;
}

describe('text features', () => {
  it('bigramOverlap: the share of the question’s word pairs side by side in the sentence', () => {
    const question = termPairs(['belt', 'road', 'initi']);
    expect(bigramOverlap(question, termPairs(['join', 'belt', 'road', 'initi']))).toBe(1);
    expect(bigramOverlap(question, termPairs(['road', 'belt', 'initi']))).toBe(0);
    expect(bigramOverlap(question, termPairs(['belt', 'road', 'plan']))).toBe(0.5);
    expect(bigramOverlap(termPairs(['belt']), termPairs(['belt', 'road']))).toBe(0);
  });

  it('novelty: the share of the sentence’s words the question does not use', () => {
    expect(novelty(new Set(['colombia', 'join', 'monday']), new Set(['colombia', 'join']))).toBeCloseTo(1 / 3);
    expect(novelty(new Set(), new Set(['colombia']))).toBe(0);
  });

  it('quotedSpeech and length', () => {
    expect(quotedSpeech('“We will join,” Petro said.')).toBe(1);
    expect(quotedSpeech('Petro told reporters it would join.')).toBe(1);
    expect(quotedSpeech('Colombia joined the initiative on Monday.')).toBe(0);
    expect(lengthFeature('one two three four')).toBe(0.1);
    expect(lengthFeature('word '.repeat(100))).toBe(1);
  });
});

describe('phrase features', () => {
  it('capitalisedRuns: the name inside a longer phrase', () => {
    const runs = (text: string) => capitalisedRuns(text, 0, text.length).map((r) => text.slice(r.start, r.end));
    expect(runs('comedian Bill Cosby')).toEqual(['Bill Cosby']);
    expect(runs('Yellowstone National Park officials')).toEqual(['Yellowstone National Park']);
    expect(runs('the Bank of England rate')).toEqual(['Bank of England']);
    expect(runs('Bill Cosby')).toEqual([]);
    expect(runs('the flood')).toEqual([]);
  });

  it('insideBrackets, holdsTimeWord and capitalisedShare', () => {
    expect(insideBrackets('(CNN) Floods hit', 1)).toBe(true);
    expect(insideBrackets('(CNN) Floods hit', 6)).toBe(false);
    expect(holdsTimeWord('Wednesday afternoon')).toBe(true);
    expect(holdsTimeWord('Maybelline')).toBe(false);
    expect(capitalisedShare('Lt. Nyota Uhura')).toBe(1);
    expect(capitalisedShare('the new official residence')).toBe(0);
    const tags = (word: string) => (word === 'former' ? ['Adjective'] : word === 'station' ? ['Singular'] : []);
    expect(endsInAdjective('the most impressive', tags)).toBe(true);
    expect(endsInAdjective('former', tags)).toBe(true);
    expect(endsInAdjective('the station', tags)).toBe(false);
    expect(endsInAdjective('Pacific', tags)).toBe(false);
  });
});

describe('WordNet', () => {
  it('relates a phrasal verb and a noun to the words a reporter writes instead', () => {
    expect(relatedWords('pulled', 'out')).toContain('withdraw');
    expect(relatedWords('carmaker')).toContain('automaker');
    expect(lemmaOf('seized', 'verb')).toBe('seize');
    expect(lemmaOf('companies', 'noun')).toBe('company');
    expect(relatedWords('Xyzzyq')).toEqual([]);
  });
});

describe('the weights file', () => {
  it('ships with a weight for every feature the reader computes', () => {
    const shipped = shippedReaderWeights();
    expect(Object.keys(shipped.weights)).toEqual([...READER_FEATURES]);
    expect(readReaderWeights(READER_WEIGHTS_FILE)).toEqual(shipped);
  });

  it('a missing, broken or mismatched file is refused with its name and what is wrong', () => {
    const missing = path.join(tmpdir(), 'no-such-dir', 'reader-weights.json');
    expect(() => readReaderWeights(missing)).toThrow(ReaderWeightsError);
    expect(() => readReaderWeights(missing)).toThrow(`the reader's weights file ${missing} cannot be read (ENOENT)`);
    const broken = tempFile('broken.json', '{"version": 1,');
    expect(() => readReaderWeights(broken)).toThrow(`the reader's weights file ${broken} is not JSON`);
    const shipped = shippedReaderWeights();
    const { coverage: _dropped, ...rest } = shipped.weights;
    const partial = tempFile('partial.json', JSON.stringify({ ...shipped, weights: { ...rest, shoeSize: 1 } }));
    expect(() => readReaderWeights(partial)).toThrow(`does not match the reader's features; missing: coverage; unknown: shoeSize`);
    const v2 = tempFile('v2.json', JSON.stringify({ ...shipped, version: 2 }));
    expect(() => readReaderWeights(v2)).toThrow(/is not a weights file: version/);
    const { timeWord: _gone, ...phrase } = shipped.phrase;
    const noTime = tempFile('phrase.json', JSON.stringify({ ...shipped, phrase }));
    expect(() => readReaderWeights(noTime)).toThrow(`does not match the phrase model's features (phrase); missing: timeWord`);
  });

  it('a file without the answer ranker and confidence model, or with one of theirs missing, is refused', () => {
    const shipped = shippedReaderWeights();
    const { answer: _none, ...readerOnly } = shipped;
    const old = tempFile('reader-only.json', JSON.stringify(readerOnly));
    expect(() => readReaderWeights(old)).toThrow(
      `the reader's weights file ${old} is not a weights file: answer: the answer ranker and confidence model are missing (refit with npm run train)`,
    );
    const { margin: _margin, ...confidence } = shipped.answer!.confidence;
    const noMargin = tempFile('no-margin.json', JSON.stringify({ ...shipped, answer: { ...shipped.answer, confidence } }));
    expect(() => readReaderWeights(noMargin)).toThrow(
      `does not match the confidence model's features (answer.confidence); missing: margin`,
    );
    const { articles: _articles, ...ranker } = shipped.answer!.ranker;
    const noArticles = tempFile('no-articles.json', JSON.stringify({ ...shipped, answer: { ...shipped.answer, ranker } }));
    expect(() => readReaderWeights(noArticles)).toThrow(`does not match the answer ranker's features (answer.ranker); missing: articles`);
    const tooSure = tempFile('threshold.json', JSON.stringify({ ...shipped, answer: { ...shipped.answer, threshold: 2 } }));
    expect(() => readReaderWeights(tooSure)).toThrow(/is not a weights file: answer\.threshold/);
  });
});

describe('npm run train', () => {
  it('reproduces the fixture’s weights exactly', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'train-')), 'weights.json');
    const run = await runScript('bench/train.ts', ['--news', 'tests/fixtures/train', '--folds', '2', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('| all held-out weeks, learned | 10 |');
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(ROOT, 'tests/fixtures/train/expected-weights.json'), 'utf8'));
  });
});

describe('the shipped weights', () => {
  let index: NewsIndex;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reader-corpus-'));
    const article = (title: string, ...paragraphs: string[]) =>
      `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: 2024-05-01\n---\n\n${paragraphs.join('\n\n')}\n`;
    writeFileSync(
      path.join(dir, 'senator.md'),
      article(
        'Senator seeks another term',
        'Senator Kay Lund announced her campaign on Tuesday.',
        'Lund, 74, has served in the state senate since 1999 and chairs its budget committee, where she has led talks on the new rail line.',
      ),
    );
    writeFileSync(
      path.join(dir, 'coast.md'),
      article(
        'Coast guard stops smugglers',
        'The coast guard seized three boats off the coast on Monday.',
        'A dozen fishermen were detained.',
      ),
    );
    writeFileSync(
      path.join(dir, 'venture.md'),
      article(
        'Venture loses a partner',
        'The venture was meant to build batteries for small cars in the north of the country.',
        'Brontex said on Monday it was withdrawing from the joint venture, citing costs.',
        'Zenith, based in Turin, will keep its share of the venture.',
      ),
    );
    writeFileSync(
      path.join(dir, 'bank.md'),
      article(
        'Bank holds rates',
        'The central bank held its main rate at 4% on Thursday.',
        'Central bank governor Jane Doe said inflation was easing.',
      ),
    );
    writeFileSync(
      path.join(dir, 'striker.md'),
      article(
        'Record deal for striker',
        'Ada Okafor has scored 30 goals this season for Northfield.',
        'Okafor and the club have agreed a record deal, the club said on Tuesday.',
      ),
    );
    writeFileSync(
      path.join(dir, 'rides.md'),
      article('Rides return', 'Ride-hailing service Uber on Tuesday announced the return of shared rides in select markets.'),
    );
    ({ index } = await buildIndex(dir));
  });

  const ask = (question: string, weights?: ReaderWeights) =>
    answerQuestion(index, question, { asOf: '2024-05-02', ...(weights ? { weights } : {}) });
  // A phrase feature switched off in the phrase model and in the answer ranker, which averages it over mentions.
  const withoutPhrase = (feature: keyof ReaderWeights['phrase']): ReaderWeights => {
    const shipped = shippedReaderWeights();
    const answer = shipped.answer!;
    return {
      ...shipped,
      phrase: { ...shipped.phrase, [feature]: 0 },
      answer: { ...answer, ranker: { ...answer.ranker, [`phrase.${feature}`]: 0 } },
    };
  };
  // The shipped weights with every answer stated, to read the answer line a stated answer gets.
  const stating = (): ReaderWeights => ({ ...shippedReaderWeights(), answer: { ...shippedReaderWeights().answer!, threshold: 0 } });

  it('a paraphrase: the sentence that says the question another way ("pulled out" → "withdrawing") answers', () => {
    const a = ask('Which carmaker pulled out of the venture?');
    expect(a.quotes[0].text).toBe('Brontex said on Monday it was withdrawing from the joint venture, citing costs.');
    expect(a.answer?.text).toBe('Brontex');
    // WordNet relates the phrasal verb to the word written; retrieval does not search it.
    const pulled = analyzeQuestion('Which carmaker pulled out of the venture?', index).concepts.find((c) => c.terms[0] === 'pull');
    expect(pulled?.related).toContain('withdraw');
    expect(ask('Who runs the central bank?').answer?.text).toBe('Jane Doe');
  });

  it('a surname alone is answered with the full name the article gave', () => {
    const a = ask('Which striker signed the record deal?', stating());
    expect(a.quotes[0].text).toMatch(/^Okafor and the club/);
    expect(a.answer?.text).toBe('Ada Okafor');
    // The quote's own word is shown beside it, as for a date the quote writes relatively.
    expect(renderAnswerText(a).split('\n')[0]).toBe('Answer: Ada Okafor (“Okafor”) [1]');
  });

  it('the phrase model: a time word does not answer "which feature", and switched off, it does', () => {
    const question = 'Uber announced the return of which feature?';
    expect(ask(question).answer?.text).toBe('shared rides');
    expect(ask(question, HAND_TUNED_WEIGHTS).answer?.text).toBe('Tuesday');
    expect(ask(question, withoutPhrase('timeWord')).answer?.text).toBe('Tuesday');
  });

  const without = (feature: (typeof READER_FEATURES)[number]): ReaderWeights => {
    const shipped = shippedReaderWeights();
    return { ...shipped, weights: { ...shipped.weights, [feature]: 0 } };
  };

  it('quote the sentence that gives the age asked for, where the hand-tuned weights quote the one that names her', () => {
    const question = 'How old is Lund?';
    const learned = answerQuestion(index, question, { asOf: '2024-05-02' });
    expect(learned.quotes[0].text).toMatch(/^Lund, 74, has served/);
    expect(learned.answer).toMatchObject({ text: '74', kind: 'age', quote: 0 });
    const hand = answerQuestion(index, question, { asOf: '2024-05-02', weights: HAND_TUNED_WEIGHTS });
    expect(hand.quotes[0].text).toBe('Senator Kay Lund announced her campaign on Tuesday.');
    // The reader's own ranking: switched off, the feature that sees an answer of the asked kind no longer lifts
    // its sentence (a stated answer's sentence is quoted first whatever the reader says, so it is read here).
    const best = (weights: ReaderWeights) => readerCandidates(index, question, { asOf: '2024-05-02', weights })[0].text;
    expect(best(shippedReaderWeights())).toMatch(/^Lund, 74, has served/);
    expect(best(without('answerPhrase'))).toBe('Senator Kay Lund announced her campaign on Tuesday.');
  });

  it('a number written in words is the short answer, with its value', () => {
    const boats = answerQuestion(index, 'How many boats did the coast guard seize?', { asOf: '2024-05-02' });
    expect(boats.answer).toMatchObject({ text: 'three', kind: 'count', value: 3 });
    expect(
      renderAnswerText(
        answerQuestion(index, 'How many boats did the coast guard seize?', { asOf: '2024-05-02', weights: stating() }),
      ).split('\n')[0],
    ).toBe('Answer: three (3) [1]');
    const detained = answerQuestion(index, 'How many fishermen were detained?', { asOf: '2024-05-02' });
    expect(detained.answer).toMatchObject({ text: 'A dozen', value: 12 });
  });
});
