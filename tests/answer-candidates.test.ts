/**
 * Candidate answers from all the evidence (qa/answer-candidates.ts), their features one by one
 * (qa/candidate-features.ts), the confidence model's features (qa/confidence.ts), and what the judged answer
 * does to /ask's output: the supported answer over a lone contradiction, mentions of one thing merged, a guess
 * below the threshold not stated, `shown` and `confidence` in the JSON.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { answerCandidates, answerQuestion } from '../src/qa/answer.js';
import { abbreviates, acronymOf, answerKey, answerTokens, numberUnit, type AnswerCandidate } from '../src/qa/answer-candidates.js';
import {
  articlesFeature,
  CANDIDATE_FEATURES,
  type CandidateFeatureVector,
  bestRankFeature,
  bestReaderFeature,
  inTitleFeature,
  rarityFeature,
  leadPickFeature,
  pickMassFeature,
  picksFeature,
  leadSentenceFeature,
  meanPhraseFeatures,
  nameOfAskedKindFeature,
  nearQuestionFeature,
  partOnlyFeature,
  phraseBestFeature,
  phraseMassFeature,
  phraseScoreFeature,
  questionShareFeature,
  rankDecayFeature,
  readerMassFeature,
  recencyFeature,
  sentencesFeature,
  type MentionSupport,
} from '../src/qa/candidate-features.js';
import { calibrated, confidenceFeatures, judgeCandidates, rankCandidates, type AnswerModel } from '../src/qa/confidence.js';
import { PHRASE_FEATURES } from '../src/qa/phrase-features.js';
import { shippedReaderWeights } from '../src/qa/reader.js';
import { renderAnswerText } from '../src/qa/render-answer-text.js';
import { UNSURE_MESSAGE } from '../src/qa/citations.js';
import { renderAnswer } from '../src/discord/render.js';

const phrase = (over: Partial<Record<(typeof PHRASE_FEATURES)[number], number>> = {}) => ({
  ...(Object.fromEntries(PHRASE_FEATURES.map((f) => [f, 0])) as Record<(typeof PHRASE_FEATURES)[number], number>),
  ...over,
});

function mention(over: Partial<MentionSupport>): MentionSupport {
  return {
    rank: 0,
    article: 0,
    readerGap: 0,
    weight: 1,
    phraseShare: 1,
    phraseScore: 1,
    closeness: 1,
    nameOfAskedKind: false,
    part: false,
    pick: false,
    leadPick: false,
    inTitle: false,
    phrase: phrase(),
    ...over,
  };
}

describe('candidate features', () => {
  const three = [
    mention({ rank: 0, article: 0, readerGap: 0, weight: 1, phraseShare: 0.5 }),
    mention({ rank: 0, article: 0, readerGap: 0, weight: 1, phraseShare: 0.25 }),
    mention({ rank: 2, article: 1, readerGap: -0.2, weight: Math.exp(-1), phraseShare: 1, ageDays: 14 }),
    mention({ rank: 5, article: 1, readerGap: -0.4, weight: Math.exp(-2), phraseShare: 0.1, ageDays: 3 }),
  ];

  it('sentences and articles: distinct ones that state it, on a log scale up to 20', () => {
    expect(sentencesFeature(three)).toBeCloseTo(Math.log(4) / Math.log(21));
    expect(articlesFeature(three)).toBeCloseTo(Math.log(3) / Math.log(21));
    expect(sentencesFeature(Array.from({ length: 40 }, (_, rank) => mention({ rank })))).toBe(1);
  });

  it('leadSentence, leadPick, bestRank and rankDecay read where it stands in the reader’s ranking', () => {
    expect(leadSentenceFeature(three)).toBe(1);
    expect(leadPickFeature(three)).toBe(0);
    expect(leadPickFeature([mention({ rank: 1, leadPick: true })])).toBe(1);
    // The sentences whose pick it is: two, the second mention of the lead sentence counting once.
    const picked = [
      mention({ rank: 0, pick: true }),
      mention({ rank: 0, pick: true }),
      mention({ rank: 3, pick: true, weight: 0.5 }),
      mention({ rank: 4 }),
    ];
    expect(picksFeature(picked)).toBeCloseTo(Math.log(3) / Math.log(21));
    expect(pickMassFeature(picked, 4)).toBeCloseTo(1.5 / 4);
    expect(pickMassFeature(picked, 0)).toBe(0);
    expect(leadSentenceFeature([mention({ rank: 1 })])).toBe(0);
    expect(bestRankFeature([mention({ rank: 3 }), mention({ rank: 1 })])).toBe(0.5);
    // One term per sentence: the two mentions in the lead sentence count once.
    expect(rankDecayFeature(three)).toBeCloseTo(1 + 1 / 3 + 1 / 6);
    expect(rankDecayFeature(Array.from({ length: 20 }, (_, rank) => mention({ rank })))).toBe(2);
  });

  it('bestReader, readerMass and phraseMass weigh the sentences by the reader', () => {
    expect(bestReaderFeature([mention({ readerGap: -0.3 }), mention({ readerGap: -0.1 })])).toBe(-0.1);
    const total = 1 + Math.exp(-1) + Math.exp(-2) + 2;
    expect(readerMassFeature(three, total)).toBeCloseTo((1 + Math.exp(-1) + Math.exp(-2)) / total);
    // The lead sentence counts with its best mention's share (0.5), not the sum of both.
    expect(phraseMassFeature(three, total)).toBeCloseTo((0.5 + Math.exp(-1) + 0.1 * Math.exp(-2)) / total);
    expect(phraseMassFeature(three, 0)).toBe(0);
  });

  it('phraseBest, phraseScore and nearQuestion take the best mention', () => {
    expect(phraseBestFeature(three)).toBe(1);
    expect(phraseScoreFeature([mention({ phraseScore: 2.5 }), mention({ phraseScore: -1 })])).toBe(0.5);
    expect(phraseScoreFeature([mention({ phraseScore: 50 })])).toBe(1);
    expect(nearQuestionFeature([mention({ closeness: 1.5 }), mention({ closeness: 6 })])).toBe(1);
    expect(nearQuestionFeature([mention({ closeness: 1.5 })])).toBe(0.5);
  });

  it('recency: the newest report, halving every week; 0 without dates', () => {
    expect(recencyFeature(three)).toBeCloseTo(2 ** (-3 / 7));
    expect(recencyFeature([mention({})])).toBe(0);
  });

  it('questionShare, nameOfAskedKind and partOnly', () => {
    expect(questionShareFeature(['yellowston', 'nation', 'park'], new Set(['nation', 'park', 'flood']))).toBeCloseTo(2 / 3);
    expect(questionShareFeature([], new Set(['park']))).toBe(0);
    expect(nameOfAskedKindFeature([mention({ nameOfAskedKind: true }), mention({})])).toBe(0.5);
    expect(partOnlyFeature([mention({ part: true }), mention({ part: true })])).toBe(1);
    expect(partOnlyFeature([mention({ part: true }), mention({})])).toBe(0);
    expect(inTitleFeature([mention({}), mention({ inTitle: true })])).toBe(1);
    expect(inTitleFeature([mention({})])).toBe(0);
    const idf = (t: string) => (t === 'warsaw' ? 1 : 4);
    expect(rarityFeature(['warsaw'], idf, 8)).toBe(0.125);
    expect(rarityFeature(['wianki', 'warsaw'], idf, 8)).toBe(5 / 16);
    expect(rarityFeature([], idf, 8)).toBe(1);
  });

  it('the phrase features of the mentions, averaged by their strength', () => {
    const mean = meanPhraseFeatures([
      mention({ weight: 1, phraseShare: 0.75, phrase: phrase({ capitalised: 1, words: 0.5 }) }),
      mention({ weight: 1, phraseShare: 0.25, phrase: phrase({ capitalised: 0, words: 1 }) }),
    ]);
    expect(mean['phrase.capitalised']).toBeCloseTo(0.75);
    expect(mean['phrase.words']).toBeCloseTo(0.625);
    expect(mean['phrase.digits']).toBe(0);
  });
});

describe('what two mentions share when they name the same thing', () => {
  it('answerTokens: SQuAD’s normalisation', () => {
    expect(answerTokens('The Tony Awards!')).toEqual(['tony', 'awards']);
    expect(answerTokens('“Succession”')).toEqual(['succession']);
  });

  it('answerKey: a number by its kind, value and unit ("3" and "three"), a date by its day, else the words', () => {
    expect(answerKey({ start: 0, end: 1, kind: 'count', value: 3 }, '3')).toBe(
      answerKey({ start: 0, end: 5, kind: 'count', value: 3 }, 'three'),
    );
    expect(answerKey({ start: 0, end: 3, kind: 'amount', value: 5 }, '5%')).toBe(
      answerKey({ start: 0, end: 9, kind: 'amount', value: 5 }, '5 percent'),
    );
    expect(answerKey({ start: 0, end: 3, kind: 'amount', value: 5 }, '5%')).not.toBe(
      answerKey({ start: 0, end: 2, kind: 'amount', value: 5 }, '$5'),
    );
    expect(answerKey({ start: 0, end: 2, kind: 'amount', value: 5e6 }, '$5 million')).toBe(
      answerKey({ start: 0, end: 2, kind: 'amount', value: 5e6 }, '5 million dollars'),
    );
    expect(answerKey({ start: 0, end: 2, kind: 'amount', value: 5e6 }, '$5 million')).not.toBe(
      answerKey({ start: 0, end: 2, kind: 'amount', value: 5e6 }, '€5 million'),
    );
    expect(answerKey({ start: 0, end: 12, kind: 'duration', value: 3 }, 'three months')).not.toBe(
      answerKey({ start: 0, end: 11, kind: 'duration', value: 3 }, 'three years'),
    );
    expect(answerKey({ start: 0, end: 6, kind: 'date', value: '2025-05-12', shown: 'Mon 12 May 2025' }, 'Monday')).toBe('@2025-05-12');
    expect(answerKey({ start: 0, end: 11, kind: 'thing' }, 'the Tony Awards')).toBe('tony awards');
    expect(answerKey({ start: 0, end: 3, kind: 'thing' }, '...')).toBeUndefined();
  });

  it('numberUnit: the unit a number is of, in one spelling', () => {
    expect(numberUnit('three months')).toBe(numberUnit('3 month'));
    expect(numberUnit('about 5 km')).toBe('km');
    expect(numberUnit('$9.2 billion')).toBe('$');
    expect(numberUnit('62 per cent')).toBe('%');
    expect(numberUnit('three')).toBe('');
  });

  it('acronymOf and abbreviates: "U.S." and "United States", "BRI" and "Belt and Road Initiative"', () => {
    expect(acronymOf('U.S.')).toBe('US');
    expect(acronymOf('BRI')).toBe('BRI');
    expect(acronymOf('Bri')).toBeUndefined();
    expect(abbreviates('US', 'United States')).toBe(true);
    expect(abbreviates('BRI', 'Belt and Road Initiative')).toBe(true);
    expect(abbreviates('US', 'United Kingdom')).toBe(false);
    expect(abbreviates('US', 'shared rides')).toBe(false);
    expect(abbreviates('P', 'Paris')).toBe(false);
  });
});

describe('candidates from all the evidence', () => {
  let index: NewsIndex;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'candidates-'));
    const article = (name: string, title: string, date: string, ...paragraphs: string[]) =>
      writeFileSync(
        path.join(dir, `${name}.md`),
        `---\ntitle: "${title}"\nsource: "${name} Wire"\ndate: ${date}\n---\n\n${paragraphs.join('\n\n')}\n`,
      );
    // Three reports name Delmar as the winner of the rail contract; one sentence names Brontex.
    article(
      'north',
      'Delmar wins the Ferrovia rail contract',
      '2024-05-01',
      'Delmar won the Ferrovia rail contract on Tuesday, the ministry said.',
    );
    article(
      'south',
      'Ferrovia contract goes to Delmar',
      '2024-05-01',
      'The Ferrovia rail contract was won by Delmar after a two-year tender.',
    );
    article('east', 'Rail tender decided', '2024-05-02', 'Officials confirmed that Delmar won the Ferrovia rail contract.');
    article(
      'west',
      'A rival’s claim',
      '2024-05-02',
      'A spokesman for Brontex claimed Brontex won the Ferrovia rail contract, which the ministry denied.',
    );
    // The same count in digits and in words; a surname and the full name.
    article('coast', 'Coast guard stops smugglers', '2024-05-01', 'The coast guard seized three boats off Vigo on Monday.');
    article('harbour', 'Smugglers held in Vigo', '2024-05-01', 'Officials said 3 boats were seized off Vigo by the coast guard.');
    article(
      'final',
      'Okafor wins the cup final',
      '2024-05-01',
      'Ada Okafor scored the winning goal in the cup final.',
      'Okafor scored the winning goal with a header in the last minute.',
    );
    // One weak sentence that barely touches its question.
    article(
      'garden',
      'Spring show opens',
      '2024-05-01',
      'The spring flower show opened with tulips from several growers, among them Harlow Farms.',
    );
    ({ index } = await buildIndex(dir));
  });
  const asOf = '2024-05-03';

  it('"3" and "three" are one candidate, stated by two sentences in two articles', () => {
    const reading = answerCandidates(index, 'How many boats did the coast guard seize off Vigo?', { asOf })!;
    const three = reading.candidates.filter((c) => c.value === 3);
    expect(three).toHaveLength(1);
    expect(three[0].mentions.map((m) => m.words).sort()).toEqual(['3', 'three']);
    expect(new Set(three[0].mentions.map((m) => m.support.article)).size).toBe(2);
  });

  it('a surname is merged into the full name, and the full name is shown', () => {
    const reading = answerCandidates(index, 'Who scored the winning goal in the cup final?', { asOf })!;
    const okafor = reading.candidates.filter((c) => /Okafor/.test(c.text));
    expect(okafor).toHaveLength(1);
    expect(okafor[0].text).toBe('Ada Okafor');
    expect(okafor[0].mentions.map((m) => m.words).sort()).toEqual(['Ada Okafor', 'Okafor']);
  });

  it('the answer three articles state wins over one sentence that contradicts it, and is surer than a lone weak sentence', () => {
    const supported = answerQuestion(index, 'Which company won the Ferrovia rail contract?', { asOf });
    expect(supported.answer?.text).toBe('Delmar');
    expect(supported.quotes[0].text).toMatch(/Delmar/);
    const weak = answerQuestion(index, 'Which grower brought tulips to the show?', { asOf });
    expect(weak.answered).toBe(true);
    expect(supported.answer!.confidence!).toBeGreaterThan(weak.answer?.confidence ?? 0);
    const reading = answerCandidates(index, 'Which company won the Ferrovia rail contract?', { asOf })!;
    const ranked = rankCandidates(reading.candidates, shippedReaderWeights().answer!.ranker);
    const delmar = ranked.find((c) => c.text === 'Delmar')!;
    expect(new Set(delmar.mentions.map((m) => m.support.article)).size).toBe(3);
    expect(delmar.share).toBeGreaterThan(ranked.find((c) => c.text === 'Brontex')?.share ?? 0);
  });

  it('a guess below the threshold is not stated: no answer line, no bold, the quotes still shown; the JSON keeps it', () => {
    const question = 'Which company won the Ferrovia rail contract?';
    const model = shippedReaderWeights().answer!;
    // The same answer under a threshold no answer reaches.
    const strict = { ...shippedReaderWeights(), answer: { ...model, threshold: 1 } };
    const unsure = answerQuestion(index, question, { asOf, weights: strict });
    expect(unsure.answer).toMatchObject({ text: 'Delmar', shown: false });
    expect(unsure.answer!.confidence).toBeGreaterThanOrEqual(0);
    const text = renderAnswerText(unsure);
    expect(text).not.toMatch(/^Answer:/m);
    expect(text.split('\n')[0]).toBe(UNSURE_MESSAGE);
    expect(text).toContain(`1. “${unsure.quotes[0].text}”`);
    const embed = renderAnswer(unsure, 'id').embeds![0] as { description: string };
    expect(embed.description).not.toContain('**');
    expect(embed.description).toContain(UNSURE_MESSAGE);
    // Under a threshold every answer reaches, it is stated, bold, with its confidence.
    const sure = answerQuestion(index, question, { asOf, weights: { ...shippedReaderWeights(), answer: { ...model, threshold: 0 } } });
    expect(renderAnswerText(sure).split('\n').slice(0, 2)).toEqual([
      'Answer: Delmar [1]',
      `Confidence: ${Math.round(sure.answer!.confidence! * 100)}%`,
    ]);
    expect((renderAnswer(sure, 'id').embeds![0] as { description: string }).description).toMatch(
      /^\*\*Delmar\*\* \[1\]\n-# Confidence: \d+%\n/,
    );
  });
});

describe('the confidence model', () => {
  const model: AnswerModel = {
    ranker: shippedReaderWeights().answer!.ranker,
    confidence: shippedReaderWeights().answer!.confidence,
    calibration: { scale: 1, shift: 0 },
    threshold: 0.5,
  };

  it('Platt scaling maps a raw score to a probability', () => {
    expect(calibrated(0, { scale: 1, shift: 0 })).toBe(0.5);
    expect(calibrated(2, { scale: 0.5, shift: -1 })).toBe(0.5);
    expect(calibrated(10, { scale: 1, shift: 0 })).toBeGreaterThan(0.99);
  });

  it('its features read the ranked candidates and the kind asked', () => {
    const candidate = (text: string, over: Partial<CandidateFeatureVector>): AnswerCandidate => ({
      text,
      kind: 'thing',
      mentions: [],
      features: { ...(Object.fromEntries(CANDIDATE_FEATURES.map((f) => [f, 0])) as CandidateFeatureVector), ...over },
    });
    const ranked = rankCandidates([candidate('second', {}), candidate('first answer here', { sentences: 1 })], {
      ...(Object.fromEntries(Object.keys(model.ranker).map((f) => [f, 0])) as AnswerModel['ranker']),
      sentences: 2,
    });
    expect(ranked.map((c) => c.text)).toEqual(['first answer here', 'second']);
    const f = confidenceFeatures(ranked, { kind: 'date', leadCoverage: 0.8, leadScore: 1.1, articlesRead: 2 });
    expect(f.share).toBeCloseTo(Math.exp(2) / (1 + Math.exp(2)));
    expect(f.margin).toBeCloseTo(2 / 5);
    expect(f.answerWords).toBeCloseTo(3 / 6);
    expect(f.leadCoverage).toBe(0.8);
    expect(f.leadScore).toBe(1.1);
    expect(f.articlesRead).toBeCloseTo(Math.log(3) / Math.log(21));
    expect([f.dateAsked, f.numberAsked, f.nameAsked, f.thingAsked]).toEqual([1, 0, 0, 0]);
    expect(f.sentences).toBe(1);
    expect(f.base).toBe(1);
    expect(confidenceFeatures(ranked.slice(0, 1), { kind: 'count', leadCoverage: 0.5, leadScore: 1, articlesRead: 1 }).margin).toBe(1);
    expect(judgeCandidates([], { kind: 'thing', leadCoverage: 0.5, leadScore: 1, articlesRead: 1 }, model)).toBeUndefined();
  });
});
