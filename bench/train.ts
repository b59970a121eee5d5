/**
 * `npm run train`: fit the reader's weights (src/qa/reader.ts), the phrase model's, the answer ranker's and the
 * confidence model's (src/qa/confidence.ts) to questions with known answers, and report how they do on questions
 * they were not fitted on, next to the hand-tuned weights, through the whole answering pipeline.
 *
 *   npm run train -- --news ../shared/news-2022 --squad eval/squad-slice --seed-qa ../shared/eval/seed-qa-dev.jsonl
 *   npm run train -- … --out FILE      write the weights there (default src/qa/reader-weights.json)
 *   npm run train -- … --dry-run       report only
 *   npm run train -- … --precision P   the share of stated answers that must be right (default 0.65)
 *   npm run train -- … --ablate        also refit without each feature in turn and report the held-out change
 *
 * The data, by path (nothing is copied into the repository):
 * - `--news DIR`: DIR/corpus and DIR/questions.jsonl ({id, question, answers[], date}); the id's first 8
 *   characters name the quiz week. Each question is asked as of its date.
 * - `--squad DIR`: DIR/corpus and DIR/questions.jsonl ({question, answers[], article}): the first ⌈n/2⌉ questions
 *   (the tuning half) are fitted on; the rest (the held-out half) never are, and are reported.
 * - `--seed-qa FILE`: the seed dev questions ({question, gold[]}) over `--seed-corpus` (default ./corpus).
 *
 * Folds: the news weeks in `--folds` contiguous blocks (default 4), and the articles of SQuAD's tuning half dealt
 * out to them, so no article is on both sides. Each fold is held out in turn: its reader (and phrase model) is
 * fitted on the other folds and the seed questions, and its questions' candidate answers are read with that
 * reader, so every candidate looks like one of a week the reader never saw. The answer ranker and the confidence
 * model of a fold are fitted on the other folds' candidates (bench/train-answer.ts); Platt scaling on the
 * confidence model's scores of folds it did not see; the threshold on the other folds' news questions, for the
 * precision target. Each fold is then answered with its own weights: the held-out figures. The shipped weights
 * are fitted on every fold (the reader on the seed questions too), calibrated and thresholded out of fold.
 *
 * The reader: every candidate sentence the reader weighs for a question (readerCandidates: the same retrieval and
 * features as /ask) is a row, labelled 1 when it holds a gold answer; per question the 400 best by the
 * hand-tuned score are kept, and questions where all or none answer are dropped. Each row's features are
 * multiplied by its time weight, as the reader scores them. A conditional logit (per question, a softmax over
 * its sentences; `fitListwise` in bench/fit.ts, from zero weights, so the same data gives the same weights) is
 * fitted on columns scaled to unit spread. The weights are scaled back, then scaled so that the scores they give
 * the rows spread as far as the hand-tuned reader's, and offset to the same mean (coverage units, which the quote
 * cutoff and the band of near-equals read). A logistic regression over pairs of sentences was tried first: it
 * spends its effort on pairs far down the list, and scored below the hand-tuned weights even on the data it was
 * fitted on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fitListwise, meanAndSpread } from './fit.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { answerQuestion, readerCandidates } from '../src/qa/answer.js';
import { askedKind, weighedSpans } from '../src/qa/answer-phrase.js';
import { HAND_TUNED_PHRASE_WEIGHTS, PHRASE_FEATURES, type PhraseFeatureVector } from '../src/qa/phrase-features.js';
import { HAND_TUNED_WEIGHTS, READER_FEATURES, READER_WEIGHTS_FILE, type ReaderFeature, type ReaderWeights } from '../src/qa/reader.js';
import { answerF1, isRightAnswer } from './squad-metrics.js';
import { CANDIDATE_FEATURES, type CandidateFeature } from '../src/qa/candidate-features.js';
import { calibrated, CONFIDENCE_FEATURES, rawConfidence, type AnswerModel, type ConfidenceFeature } from '../src/qa/confidence.js';
import { fitPlatt } from './fit.js';
import { answerRowsOf, confidenceRows, fitConfidence, fitRanker, type AnswerRows, type ConfidenceRow } from './train-answer.js';
import {
  calibrationError,
  chooseThreshold,
  precisionAtCoverage,
  precisionCoverageTable,
  reliabilityTable,
  thresholdTable,
  type Judged,
} from './selective.js';

export interface Example {
  set: string;
  /** News: the quiz week; SQuAD: the half; seed: "seed". */
  group: string;
  question: string;
  asOf?: string;
  answers: string[];
  index: NewsIndex;
}

export interface TrainOptions {
  /** Candidates kept per question, best first by the hand-tuned score. */
  candidates: number;
  /** L2 penalty on the weights (of features scaled to unit spread), against overfitting. */
  ridge: number;
  /** Features left out (weight 0), for ablation. */
  without?: readonly ReaderFeature[];
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { candidates: 400, ridge: 1 };

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Does `text` hold one of the answers (case aside)? How the quiz and the bench judge a quote. */
export function holdsAnswer(text: string, answers: readonly string[]): boolean {
  const t = text.toLowerCase();
  return answers.some((a) => t.includes(a.toLowerCase()));
}

interface Rows {
  x: number[][];
  y: number[];
  /** The question each row belongs to (rows of one question are consecutive). */
  question: number[];
}

/** The labelled rows of one question, or none when no candidate holds an answer. */
export function rowsOf(example: Example, options: TrainOptions): Rows {
  const candidates = readerCandidates(example.index, example.question, { asOf: example.asOf, weights: HAND_TUNED_WEIGHTS }).slice(
    0,
    options.candidates,
  );
  const y = candidates.map((c) => (holdsAnswer(c.text, example.answers) ? 1 : 0));
  if (!y.includes(1) || !y.includes(0)) return { x: [], y: [], question: [] };
  const x = candidates.map((c) => READER_FEATURES.map((f) => c.features[f] * c.timeWeight));
  return { x, y, question: y.map(() => 0) };
}

/**
 * Fit the conditional logit on `columns` of the rows, each scaled to unit spread (so the ridge weighs every
 * feature alike), and return the weights in the columns' own units; none when no question has rows.
 */
function fitScaled(rows: Rows, columns: readonly number[], ridge: number): number[] | undefined {
  const spread = columns.map((j) => {
    const sd = meanAndSpread(rows.x.map((r) => r[j])).sd;
    return sd > 1e-9 ? sd : 1;
  });
  const groups: { x: number[][]; y: number[] }[] = [];
  rows.x.forEach((r, i) => {
    if (i === 0 || rows.question[i] !== rows.question[i - 1]) groups.push({ x: [], y: [] });
    groups.at(-1)!.x.push(columns.map((j, k) => r[j] / spread[k]));
    groups.at(-1)!.y.push(rows.y[i]);
  });
  if (!groups.length) return undefined;
  const started = performance.now();
  const fitted = fitListwise(groups, ridge);
  if (process.env.TRAIN_VERBOSE)
    console.error(`fitted ${groups.length} questions, ${rows.y.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return fitted.map((w, k) => w / spread[k]);
}

/** Fit weights to labelled rows (see the head of this file). */
export function fitWeights(rows: Rows, options: TrainOptions, description: string): ReaderWeights {
  const columns = READER_FEATURES.map((_, j) => j).filter((j) => !options.without?.includes(READER_FEATURES[j]));
  const fitted = fitScaled(rows, columns, options.ridge) ?? columns.map(() => 0);
  const raw = new Map<ReaderFeature, number>(READER_FEATURES.map((f) => [f, 0]));
  columns.forEach((j, k) => raw.set(READER_FEATURES[j], fitted[k]));
  // Scores in coverage units: as spread out over the rows as the hand-tuned reader's, and at the same mean.
  const scoresOf = (w: (f: ReaderFeature) => number) =>
    meanAndSpread(rows.x.map((r) => READER_FEATURES.reduce((a, f, j) => a + r[j] * w(f), 0)));
  const hand = scoresOf((f) => HAND_TUNED_WEIGHTS.weights[f]);
  const scale = scoresOf((f) => raw.get(f)!).sd / hand.sd;
  if (!(scale > 0))
    throw new Error(
      `the fitted weights score every row alike (${[...raw].map(([f, v]) => `${f} ${v.toFixed(3)}`).join(', ')}): the data or the options are wrong`,
    );
  const weights = Object.fromEntries(READER_FEATURES.map((f) => [f, round(raw.get(f)! / scale)])) as ReaderWeights['weights'];
  const offset = round(hand.mean - scoresOf((f) => weights[f]).mean);
  return { version: 3, description, weights, offset, phrase: HAND_TUNED_PHRASE_WEIGHTS };
}

/**
 * The labelled spans of one question: the spans of the first of its top 3 quotes (hand-tuned reader) that holds
 * an answer, each labelled 1 when its short answer's token F1 against the answers is the best of them (and at
 * least 0.5); none when no quote holds an answer, the question asks for no phrase, or no span comes close.
 */
export function phraseRowsOf(example: Example): Rows {
  const kind = askedKind(example.question);
  if (!kind) return { x: [], y: [], question: [] };
  const a = answerQuestion(example.index, example.question, { asOf: example.asOf, weights: HAND_TUNED_WEIGHTS });
  const quote = a.quotes.slice(0, 3).find((q) => holdsAnswer(q.text, example.answers));
  const spans = quote && weighedSpans(a.question, kind, quote);
  if (!spans) return { x: [], y: [], question: [] };
  const f1 = spans.map((w) => answerF1(w.span.shown ?? w.words, w.span.value, example.answers));
  const top = Math.max(...f1);
  const y = f1.map((v) => (v === top ? 1 : 0));
  if (top < 0.5 || !y.includes(0)) return { x: [], y: [], question: [] };
  return { x: spans.map((w) => PHRASE_FEATURES.map((f) => w.features[f])), y, question: y.map(() => 0) };
}

/** Fit the phrase model to labelled spans: the same conditional logit (the hand-tuned rules when there are none). */
export function fitPhraseWeights(rows: Rows, options: TrainOptions): PhraseFeatureVector {
  const fitted = fitScaled(
    rows,
    PHRASE_FEATURES.map((_, j) => j),
    options.ridge,
  );
  return Object.fromEntries(
    PHRASE_FEATURES.map((f, j) => [f, fitted ? round(fitted[j]) : HAND_TUNED_PHRASE_WEIGHTS[f]]),
  ) as PhraseFeatureVector;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export interface Scores {
  questions: number;
  acc1: number;
  hit3: number;
  /** The short answer's exact match and token F1 over all questions, stated or not. */
  em: number;
  f1: number;
  /** Each question's answer: its confidence (none when there is no judged answer) and whether it is right. */
  judged: Judged[];
  /** Share of the questions whose answer is stated, and the share of those that are right. */
  shown: number;
  precision: number;
}

/** Answer each question through the whole pipeline with `weights`: top quote holds an answer, any of 3, the short answer. */
export function evaluate(examples: readonly Example[], weights: ReaderWeights): Scores {
  let acc1 = 0;
  let hit3 = 0;
  let em = 0;
  let f1 = 0;
  let shown = 0;
  let shownRight = 0;
  const judged: Judged[] = [];
  for (const e of examples) {
    const a = answerQuestion(e.index, e.question, { asOf: e.asOf, weights });
    const good = a.quotes.slice(0, 3).map((q) => holdsAnswer(q.text, e.answers));
    if (good[0]) acc1++;
    if (good.some(Boolean)) hit3++;
    const right = !!a.answer && isRightAnswer(a.answer.text, a.answer.value, e.answers);
    em += right ? 1 : 0;
    f1 += a.answer ? answerF1(a.answer.text, a.answer.value, e.answers) : 0;
    if (a.answer?.shown) {
      shown++;
      shownRight += right ? 1 : 0;
    }
    judged.push({ ...(a.answer?.confidence !== undefined ? { confidence: a.answer.confidence } : {}), right });
  }
  const n = Math.max(1, examples.length);
  return {
    questions: examples.length,
    acc1: acc1 / n,
    hit3: hit3 / n,
    em: em / n,
    f1: f1 / n,
    judged,
    shown: shown / n,
    precision: shown ? shownRight / shown : 0,
  };
}

/** Scores of several sets as one (weighted by their questions). */
export function pooled(parts: readonly Scores[]): Scores {
  const n = parts.reduce((a, s) => a + s.questions, 0);
  const mean = (k: 'acc1' | 'hit3' | 'em' | 'f1' | 'shown') => parts.reduce((a, s) => a + s[k] * s.questions, 0) / Math.max(1, n);
  const shown = parts.reduce((a, s) => a + s.shown * s.questions, 0);
  const right = parts.reduce((a, s) => a + s.precision * s.shown * s.questions, 0);
  return {
    questions: n,
    acc1: mean('acc1'),
    hit3: mean('hit3'),
    em: mean('em'),
    f1: mean('f1'),
    shown: mean('shown'),
    precision: shown ? right / shown : 0,
    judged: parts.flatMap((s) => s.judged),
  };
}

function allRows(
  examples: readonly Example[],
  options: TrainOptions,
  cache: Map<Example, Rows>,
  of: (e: Example) => Rows = (e) => rowsOf(e, options),
): Rows {
  const out: Rows = { x: [], y: [], question: [] };
  examples.forEach((e, q) => {
    let rows = cache.get(e);
    if (!rows) cache.set(e, (rows = of(e)));
    out.x.push(...rows.x);
    out.y.push(...rows.y);
    out.question.push(...rows.y.map(() => q));
  });
  return out;
}

/** News weeks in `folds` contiguous blocks. */
export function weekFolds(examples: readonly Example[], folds: number): string[][] {
  const weeks = [...new Set(examples.map((e) => e.group))].sort();
  const size = Math.ceil(weeks.length / folds);
  return Array.from({ length: folds }, (_, k) => weeks.slice(k * size, (k + 1) * size)).filter((f) => f.length);
}

/** A fold: the questions held out of it (a block of contiguous news weeks, and SQuAD tuning articles). */
interface Fold {
  label: string;
  held: Example[];
}

/**
 * The folds: news weeks in `count` contiguous blocks, and the articles of SQuAD's tuning half dealt out to them
 * in turn (by article, so no article is on both sides). The seed questions are in no fold: always fitted on.
 */
export function makeFolds(news: readonly Example[], squadTune: readonly Example[], count: number): Fold[] {
  const weeks = news.length ? weekFolds(news, count) : [];
  const articles = [...new Set(squadTune.map((e) => e.group))];
  const k = Math.max(weeks.length, Math.min(count, articles.length));
  return Array.from({ length: k }, (_, i) => {
    const mine = new Set(articles.filter((_, j) => j % k === i));
    const held = [...news.filter((e) => weeks[i]?.includes(e.group)), ...squadTune.filter((e) => mine.has(e.group))];
    const label = [weeks[i] ? `${weeks[i][0]}–${weeks[i].at(-1)}` : '', ...mine].filter(Boolean).join(', ');
    return { label, held };
  }).filter((f) => f.held.length);
}

/** The questions by set: the news quiz, SQuAD's tuning and held-out halves, the seed dev questions. */
export interface Sets {
  news: Example[];
  squadTune: Example[];
  squadHeld: Example[];
  seed: Example[];
}

/** The sets named by `--news DIR`, `--squad DIR`, `--seed-qa FILE` (and `--seed-corpus DIR`), their indexes built. */
export async function loadSets(values: Record<string, string | boolean | undefined>): Promise<Sets> {
  const news: Example[] = [];
  const squadTune: Example[] = [];
  const squadHeld: Example[] = [];
  const seed: Example[] = [];
  if (typeof values.news === 'string') {
    const { index } = await buildIndex(path.join(values.news, 'corpus'));
    for (const q of readJsonl<{ id: string; question: string; answers: string[]; date?: string }>(
      path.join(values.news, 'questions.jsonl'),
    )) {
      news.push({
        set: 'news',
        group: q.id.slice(0, 8),
        question: q.question,
        asOf: q.date?.replaceAll('/', '-'),
        answers: q.answers,
        index,
      });
    }
  }
  if (typeof values.squad === 'string') {
    const { index } = await buildIndex(path.join(values.squad, 'corpus'));
    const qs = readJsonl<{ question: string; answers: string[]; article?: string }>(path.join(values.squad, 'questions.jsonl'));
    const half = Math.ceil(qs.length / 2);
    qs.forEach((q, i) =>
      (i < half ? squadTune : squadHeld).push({
        set: 'squad',
        group: q.article ?? (i < half ? 'tuning' : 'held-out'),
        question: q.question,
        answers: q.answers,
        index,
      }),
    );
  }
  if (typeof values['seed-qa'] === 'string') {
    const { index } = await buildIndex(typeof values['seed-corpus'] === 'string' ? values['seed-corpus'] : 'corpus');
    for (const q of readJsonl<{ question: string; gold: string[] }>(values['seed-qa']))
      seed.push({ set: 'seed', group: 'seed', question: q.question, answers: q.gold, index });
  }
  return { news, squadTune, squadHeld, seed };
}

const pct = (n: number) => `${(100 * n).toFixed(1)}%`;
const line = (name: string, s: Scores) =>
  `| ${name} | ${s.questions} | ${pct(s.acc1)} | ${pct(s.hit3)} | ${pct(s.em)} | ${(100 * s.f1).toFixed(1)} | ${pct(s.shown)} | ${s.shown ? pct(s.precision) : '—'} | ${calibrationError(s.judged).toFixed(3)} |`;
const HEAD =
  '| set | questions | acc@1 | hit@3 | short EM | short F1 | stated | stated right | ECE |\n|:--|--:|--:|--:|--:|--:|--:|--:|--:|';

/** What the folds give: each fold's answer model (fitted without it) and its out-of-fold judgements. */
interface AnswerFolds {
  /** Per fold: the ranker, the confidence model and its calibration, all fitted on the other folds. */
  models: AnswerModel[];
  /** Every fold's questions judged out of fold: the confidence row (undefined without candidates) and its raw score. */
  rows: { fold: number; example: Example; row?: ConfidenceRow; raw?: number }[];
}

/**
 * The answer model of each fold, fitted on the other folds' candidates (`answerRows`, read with the reader of
 * the fold they are held out of, so they look like the candidates of weeks the reader never saw): the ranker,
 * then the confidence model on the ranker's out-of-fold judgements, its Platt scaling on the confidence
 * model's out-of-fold raw scores, and the threshold on the other folds' news questions.
 */
function fitAnswerFolds(folds: readonly Fold[], answerRows: ReadonlyMap<Example, AnswerRows>, options: AnswerTrainOptions): AnswerFolds {
  const others = (k: number) => folds.flatMap((f, j) => (j === k ? [] : f.held));
  const rowsOf = (examples: readonly Example[]) => examples.map((e) => answerRows.get(e)!);
  // Level 1: each fold's questions judged by a ranker fitted without it.
  const rankers = folds.map((_, k) => fitRanker(rowsOf(others(k)), options.ridge, options.withoutCandidate));
  const judged = folds.flatMap((f, k) =>
    confidenceRows(rowsOf(f.held), rankers[k]).map((row, i) => ({ fold: k, example: f.held[i], ...(row ? { row } : {}) })),
  );
  // Level 2: each fold's judgements scored by a confidence model fitted without it.
  const rowsBesides = (k: number) => judged.filter((j) => j.fold !== k && j.row).map((j) => j.row!);
  const confidences = folds.map((_, k) => fitConfidence(rowsBesides(k), options.ridge, options.withoutConfidence));
  const rows = judged.map((j) => ({ ...j, ...(j.row ? { raw: rawConfidence(j.row.features, confidences[j.fold]) } : {}) }));
  const models = folds.map((_, k) => {
    const besides = rows.filter((r) => r.fold !== k && r.raw !== undefined);
    const calibration = fitPlatt(
      besides.map((r) => r.raw!),
      besides.map((r) => r.row!.right),
    );
    const threshold = thresholdOn(besides, calibration, options.precision);
    return { ranker: rankers[k], confidence: confidences[k], calibration, threshold };
  });
  return { models, rows };
}

/** The threshold for the precision target, on the news questions among `rows` (all of them when there are none). */
function thresholdOn(rows: AnswerFolds['rows'], calibration: AnswerModel['calibration'], target: number): number {
  const news = rows.filter((r) => r.example.set === 'news');
  const points: Judged[] = (news.length ? news : rows).map((r) => ({
    ...(r.raw !== undefined ? { confidence: calibrated(r.raw, calibration) } : {}),
    right: r.row?.right ?? false,
  }));
  return round(chooseThreshold(points, target));
}

export interface AnswerTrainOptions {
  ridge: number;
  /** The share of stated answers that must be right, on the folds' news questions. */
  precision: number;
  withoutCandidate?: readonly CandidateFeature[];
  withoutConfidence?: readonly ConfidenceFeature[];
}

/** The shipped answer model: ranker and confidence model fitted on every fold, calibrated and thresholded out of fold. */
function fitFinalAnswerModel(
  folds: readonly Fold[],
  answerRows: ReadonlyMap<Example, AnswerRows>,
  answerFolds: AnswerFolds,
  options: AnswerTrainOptions,
): AnswerModel {
  const every = folds.flatMap((f) => f.held).map((e) => answerRows.get(e)!);
  const ranker = fitRanker(every, options.ridge, options.withoutCandidate);
  const judged = answerFolds.rows.filter((r) => r.row);
  const confidence = fitConfidence(
    judged.map((r) => r.row!),
    options.ridge,
    options.withoutConfidence,
  );
  const calibration = fitPlatt(
    judged.map((r) => r.raw!),
    judged.map((r) => r.row!.right),
  );
  const round6 = (c: { scale: number; shift: number }) => ({ scale: round(c.scale), shift: round(c.shift) });
  return { ranker, confidence, calibration: round6(calibration), threshold: thresholdOn(answerFolds.rows, calibration, options.precision) };
}

/** Out-of-fold judgements as (confidence, right) points, each calibrated by its own fold's Platt scaling. */
function outOfFoldPoints(answerFolds: AnswerFolds, keep: (e: Example) => boolean): Judged[] {
  return answerFolds.rows
    .filter((r) => keep(r.example))
    .map((r) => ({
      ...(r.raw !== undefined ? { confidence: calibrated(r.raw, answerFolds.models[r.fold].calibration) } : {}),
      right: r.row?.right ?? false,
    }));
}

/** What cross-validation gives: each fold's reader and answer model, and their scores on the fold held out. */
export interface CrossValidation {
  folds: Fold[];
  readers: ReaderWeights[];
  answerRows: Map<Example, AnswerRows>;
  answerFolds: AnswerFolds;
  /** Per fold with news questions: the hand-tuned weights' and the fold's own on its news. */
  heldNews: { label: string; hand: Scores; learned: Scores }[];
  /** Per fold with SQuAD tuning articles: the fold's weights on them. */
  heldSquad: { label: string; learned: Scores }[];
  /** Fits the reader and the phrase model (rows cached across calls). */
  fitReader: (examples: readonly Example[], opts: TrainOptions, description: string) => ReaderWeights;
}

/**
 * The k-fold: each fold's reader fitted on the other folds and the seed questions, its questions' candidates read
 * with it, the answer models fitted out of fold, and each fold answered through the whole pipeline with its own
 * weights (and the news with the hand-tuned ones, for comparison).
 */
export function crossValidate(sets: Sets, foldCount: number, options: TrainOptions, answerOptions: AnswerTrainOptions): CrossValidation {
  const cache = new Map<Example, Rows>();
  const phraseCache = new Map<Example, Rows>();
  // The sentence weights and the phrase model, fitted on the same questions.
  const fitReader = (examples: readonly Example[], opts: TrainOptions, description: string): ReaderWeights => ({
    ...fitWeights(allRows(examples, opts, cache), opts, description),
    phrase: fitPhraseWeights(allRows(examples, opts, phraseCache, phraseRowsOf), opts),
  });
  const folds = makeFolds(sets.news, sets.squadTune, foldCount);
  const inFolds = folds.flatMap((f) => f.held);
  const readers = folds.map((f) => fitReader([...inFolds.filter((e) => !f.held.includes(e)), ...sets.seed], options, 'fold'));
  const answerRows = new Map<Example, AnswerRows>();
  folds.forEach((f, k) => f.held.forEach((e) => answerRows.set(e, answerRowsOf(e, readers[k]))));
  const answerFolds = fitAnswerFolds(folds, answerRows, answerOptions);
  const heldNews: CrossValidation['heldNews'] = [];
  const heldSquad: CrossValidation['heldSquad'] = [];
  if (folds.length > 1)
    folds.forEach((f, k) => {
      const weights = { ...readers[k], answer: answerFolds.models[k] };
      const newsHeld = f.held.filter((e) => e.set === 'news');
      if (newsHeld.length)
        heldNews.push({ label: f.label, hand: evaluate(newsHeld, HAND_TUNED_WEIGHTS), learned: evaluate(newsHeld, weights) });
      const squadHeld = f.held.filter((e) => e.set === 'squad');
      if (squadHeld.length) heldSquad.push({ label: f.label, learned: evaluate(squadHeld, weights) });
    });
  return { folds, readers, answerRows, answerFolds, heldNews, heldSquad, fitReader };
}

/**
 * Selective answering on what each model was not fitted on, as Markdown: precision at coverage and the
 * reliability table of the news folds, SQuAD's tuning articles by fold, and SQuAD's held-out half.
 */
export function selectiveReport(cv: CrossValidation, squadHeldOut?: Scores): string[] {
  const sets = [
    ...(cv.heldNews.length ? [{ name: 'news, held-out folds', points: pooled(cv.heldNews.map((s) => s.learned)).judged }] : []),
    ...(cv.heldSquad.length
      ? [{ name: 'SQuAD tuning articles, held-out folds', points: pooled(cv.heldSquad.map((s) => s.learned)).judged }]
      : []),
    ...(squadHeldOut ? [{ name: 'SQuAD held-out half', points: squadHeldOut.judged }] : []),
  ];
  if (!sets.length) return [];
  return [
    `\nprecision at coverage (the most confident share of all questions answered; how many of those are right)\n`,
    precisionCoverageTable(sets),
    `\nat a threshold: the share of questions whose answer is stated, and how many of those are right\n`,
    thresholdTable(sets, [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75]),
    `\nreliability (confidence against how often right; the answers of all questions, stated or not)\n`,
    reliabilityTable(sets),
  ];
}

/** The held-out folds as Markdown: each fold's figures, then all weeks pooled with the spread across folds. */
function foldReport(cv: CrossValidation, sets: Sets): string[] {
  const report: string[] = [];
  if (cv.folds.length < 2) return report;
  report.push(
    `\nheld-out folds: ${cv.folds.length} folds of contiguous news weeks${sets.squadTune.length ? " and SQuAD's tuning articles" : ''}; each fold's reader, answer ranker and confidence model fitted on the other folds${sets.seed.length ? ' and the seed questions' : ''}\n`,
    HEAD,
  );
  for (const f of cv.heldNews) report.push(line(`${f.label}: news, hand-tuned`, f.hand), line(`${f.label}: news, learned`, f.learned));
  for (const f of cv.heldSquad) report.push(line(`${f.label}: SQuAD tuning articles, learned`, f.learned));
  if (cv.heldNews.length) {
    const spread = (xs: number[]) => `folds ${pct(Math.min(...xs))}–${pct(Math.max(...xs))}`;
    for (const k of ['hand', 'learned'] as const) {
      const all = pooled(cv.heldNews.map((s) => s[k]));
      report.push(
        line(`all held-out weeks, ${k === 'hand' ? 'hand-tuned' : 'learned'}`, all).replace(
          `| ${pct(all.acc1)} |`,
          `| ${pct(all.acc1)} (${spread(cv.heldNews.map((s) => s[k].acc1))}) |`,
        ),
      );
    }
    const learned = cv.heldNews.map((s) => s.learned);
    report.push(
      `\nheld-out weeks, stated answers: right ${spread(learned.map((s) => s.precision))}, stated for ${spread(learned.map((s) => s.shown))}, short EM ${spread(learned.map((s) => s.em))}`,
    );
  }
  if (cv.heldSquad.length)
    report.push(line('all SQuAD tuning articles (held out by fold), learned', pooled(cv.heldSquad.map((s) => s.learned))));
  return report;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      news: { type: 'string' },
      squad: { type: 'string' },
      'seed-qa': { type: 'string' },
      'seed-corpus': { type: 'string' },
      out: { type: 'string', default: READER_WEIGHTS_FILE },
      folds: { type: 'string', default: '4' },
      precision: { type: 'string', default: String(DEFAULT_PRECISION_TARGET) },
      'dry-run': { type: 'boolean' },
      ablate: { type: 'boolean' },
    },
  });
  if (!values.news && !values.squad && !values['seed-qa']) {
    console.error(
      'usage: npm run train -- [--news DIR] [--squad DIR] [--seed-qa FILE] [--out FILE] [--folds K] [--precision P] [--dry-run] [--ablate]',
    );
    process.exitCode = 2;
    return;
  }
  const options = DEFAULT_TRAIN_OPTIONS;
  const answerOptions: AnswerTrainOptions = { ridge: options.ridge, precision: Number(values.precision) };
  const sets = await loadSets(values);
  const { news, squadTune, squadHeld, seed } = sets;
  if (makeFolds(news, squadTune, Number(values.folds)).length < 2) {
    console.error(
      'error: the answer ranker and the confidence model are fitted and calibrated on folds they are then judged without, so they need two folds or more: give --news (a quiz of several weeks) or --squad, with --folds 2 or more',
    );
    process.exitCode = 2;
    return;
  }
  const cv = crossValidate(sets, Number(values.folds), options, answerOptions);
  const { folds, answerRows, answerFolds, heldNews, fitReader } = cv;
  const inFolds = folds.flatMap((f) => f.held);
  const report = foldReport(cv, sets);

  const fittedOn = [
    news.length ? `the news quiz in ${String(values.news)} (every week)` : '',
    squadTune.length ? `the tuning half of ${String(values.squad)}` : '',
    seed.length ? `the seed dev questions in ${String(values['seed-qa'])}` : '',
  ].filter(Boolean);
  const reader = fitReader([...inFolds, ...seed], options, `fitted by npm run train on ${fittedOn.join(', ')}`);
  const learned: ReaderWeights = { ...reader, answer: fitFinalAnswerModel(folds, answerRows, answerFolds, answerOptions) };
  const heldOut = squadHeld.length ? evaluate(squadHeld, HAND_TUNED_WEIGHTS) : undefined;
  const heldOutLearned = squadHeld.length ? evaluate(squadHeld, learned) : undefined;
  if (heldOut && heldOutLearned) {
    report.push(`\nSQuAD held-out half (never fitted on)\n`, HEAD, line('hand-tuned', heldOut), line('learned', heldOutLearned));
    learned.description += `; SQuAD held-out half acc@1 ${pct(heldOutLearned.acc1)} (hand-tuned ${pct(heldOut.acc1)}), answer stated for ${pct(heldOutLearned.shown)} and right ${pct(heldOutLearned.precision)} of those`;
  }
  if (heldNews.length) {
    const all = pooled(heldNews.map((s) => s.learned));
    const hand = pooled(heldNews.map((s) => s.hand));
    learned.description += `; news weeks held out in ${folds.length} folds acc@1 ${pct(all.acc1)} (hand-tuned ${pct(hand.acc1)}), answer stated for ${pct(all.shown)} and right ${pct(all.precision)} of those`;
  }
  learned.description += `; answers stated at confidence ${learned.answer!.threshold} and above (precision target ${pct(answerOptions.precision)} on held-out news folds)`;

  report.push(...selectiveReport(cv, heldOutLearned));

  report.push(`\nfitted parts (the shipped weights were fitted on these: not a measure of quality)\n`, HEAD);
  for (const [name, set] of [
    ['news quiz, every week', news],
    ["SQuAD's tuning half", squadTune],
    ['seed dev questions', seed],
  ] as const) {
    if (set.length)
      report.push(line(`${name}, hand-tuned`, evaluate(set, HAND_TUNED_WEIGHTS)), line(`${name}, learned`, evaluate(set, learned)));
  }

  if (values.ablate)
    report.push(
      ...ablation(folds, answerRows, answerFolds, answerOptions, { fitReader, options, seed, squadHeld, heldOutLearned, heldNews }),
    );

  console.log(report.join('\n'));
  console.log(`\nweights (offset ${learned.offset}):\n${JSON.stringify(learned.weights)}\nphrase:\n${JSON.stringify(learned.phrase)}`);
  console.log(`answer ranker:\n${JSON.stringify(learned.answer!.ranker)}\nconfidence:\n${JSON.stringify(learned.answer!.confidence)}`);
  console.log(`calibration ${JSON.stringify(learned.answer!.calibration)}, threshold ${learned.answer!.threshold}`);
  if (!values['dry-run']) {
    writeFileSync(values.out!, `${JSON.stringify(learned, null, 2)}\n`);
    console.log(`\nwritten to ${values.out}`);
  }
}

/** The precision target stated answers must reach on the held-out news folds. */
export const DEFAULT_PRECISION_TARGET = 0.65;

/**
 * Ablation: refitted without each feature in turn. The reader's features on the SQuAD held-out half and the news
 * folds (acc@1); the answer ranker's on every fold's questions (the best candidate's exact match, out of fold);
 * the confidence model's on the news folds (precision at 20% coverage, and ECE).
 */
function ablation(
  folds: readonly Fold[],
  answerRows: ReadonlyMap<Example, AnswerRows>,
  answerFolds: AnswerFolds,
  answerOptions: AnswerTrainOptions,
  reader: {
    fitReader: (examples: readonly Example[], opts: TrainOptions, description: string) => ReaderWeights;
    options: TrainOptions;
    seed: readonly Example[];
    squadHeld: readonly Example[];
    heldOutLearned?: Scores;
    heldNews: readonly { learned: Scores }[];
  },
): string[] {
  const out: string[] = [];
  const inFolds = folds.flatMap((f) => f.held);
  const newsCount = inFolds.filter((e) => e.set === 'news').length;
  if (reader.squadHeld.length && reader.heldOutLearned) {
    out.push(
      `\nablation: the reader refitted without each feature, SQuAD held-out half (and news held-out folds)\n`,
      '| without | SQuAD acc@1 | Δ | news acc@1 | Δ |\n|:--|--:|--:|--:|--:|',
    );
    const base = reader.heldNews.length ? pooled(reader.heldNews.map((s) => s.learned)).acc1 : NaN;
    for (const f of READER_FEATURES) {
      const opts = { ...reader.options, without: [f] };
      const w = reader.fitReader([...inFolds, ...reader.seed], opts, 'ablation');
      const squad = evaluate(reader.squadHeld, w).acc1;
      let right = 0;
      for (const fold of folds) {
        const held = fold.held.filter((e) => e.set === 'news');
        if (!held.length) continue;
        const fw = reader.fitReader([...inFolds.filter((e) => !fold.held.includes(e)), ...reader.seed], opts, 'fold');
        right += evaluate(held, fw).acc1 * held.length;
      }
      const newsAcc = newsCount ? right / newsCount : NaN;
      out.push(
        `| ${f} | ${pct(squad)} | ${(100 * (squad - reader.heldOutLearned.acc1)).toFixed(1)} | ${pct(newsAcc)} | ${(100 * (newsAcc - base)).toFixed(1)} |`,
      );
    }
  }
  // The answer model: refitted on the same out-of-fold candidates, judged out of fold.
  const emOf = (af: AnswerFolds, keep: (e: Example) => boolean) => {
    const points = outOfFoldPoints(af, keep);
    return points.filter((p) => p.right).length / Math.max(1, points.length);
  };
  const selectiveOf = (af: AnswerFolds) => {
    const points = outOfFoldPoints(af, (e) => e.set === 'news');
    return { at20: precisionAtCoverage(points, 0.2).precision, ece: calibrationError(points) };
  };
  const isNews = (e: Example) => e.set === 'news';
  const isSquad = (e: Example) => e.set === 'squad';
  const full = { news: emOf(answerFolds, isNews), squad: emOf(answerFolds, isSquad), ...selectiveOf(answerFolds) };
  out.push(
    `\nablation: the answer ranker refitted without each feature (its confidence model refitted too), out of fold: the best candidate's exact match, and the precision of the 20% most confident news answers\n`,
    '| without | news EM | Δ | SQuAD tuning EM | Δ | news precision at 20% | Δ |\n|:--|--:|--:|--:|--:|--:|--:|',
    `| (none) | ${pct(full.news)} | | ${pct(full.squad)} | | ${pct(full.at20)} | |`,
  );
  for (const f of CANDIDATE_FEATURES) {
    const af = fitAnswerFolds(folds, answerRows, { ...answerOptions, withoutCandidate: [f] });
    const s = { news: emOf(af, isNews), squad: emOf(af, isSquad), ...selectiveOf(af) };
    out.push(
      `| ${f} | ${pct(s.news)} | ${(100 * (s.news - full.news)).toFixed(1)} | ${pct(s.squad)} | ${(100 * (s.squad - full.squad)).toFixed(1)} | ${pct(s.at20)} | ${(100 * (s.at20 - full.at20)).toFixed(1)} |`,
    );
  }
  out.push(
    `\nablation: the confidence model refitted without each feature, news folds out of fold\n`,
    '| without | precision at 20% | Δ | ECE | Δ |\n|:--|--:|--:|--:|--:|',
    `| (none) | ${pct(full.at20)} | | ${full.ece.toFixed(3)} | |`,
  );
  for (const f of CONFIDENCE_FEATURES) {
    const s = selectiveOf(fitAnswerFolds(folds, answerRows, { ...answerOptions, withoutConfidence: [f] }));
    out.push(
      `| ${f} | ${pct(s.at20)} | ${(100 * (s.at20 - full.at20)).toFixed(1)} | ${s.ece.toFixed(3)} | ${(s.ece - full.ece).toFixed(3)} |`,
    );
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) await main();
