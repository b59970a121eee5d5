/**
 * `npm run ask -- "question"`: the bot's /ask, offline. Same code path: load corpus, build index, answer,
 * render. Exit codes: 0 answered or abstained, 1 corpus or file problem, 2 bad usage or bad question.
 */
import { readFile } from 'node:fs/promises';
import { dayOf, parseDay } from '../language/dates.js';
import { NewsdeskError } from '../errors.js';
import type { CorpusIndex } from '../index/news-index.js';
import {
  answerCandidates,
  answerQuestion,
  citationOf,
  DEFAULT_MAX_QUOTES,
  readerCandidates,
  type Answer,
  type AnswerOptions,
} from '../qa/answer.js';
import { CANDIDATE_FEATURES, distinctArticles, distinctSentences } from '../qa/candidate-features.js';
import { judgeCandidates } from '../qa/confidence.js';
import { formatCitation } from '../qa/citations.js';
import { answerFollowUp, contextOf, type FollowUpContext } from '../qa/follow-up.js';
import { QuestionError, validateQuestion } from '../qa/question.js';
import { READER_FEATURES, shippedReaderWeights } from '../qa/reader.js';
import { renderAnswerText } from '../qa/render-answer-text.js';
import {
  type CliContext,
  type CliIo,
  openIndexFor,
  SERVER_OPTION,
  serverOption,
  parseCli,
  printProblems,
  processIo,
  runCli,
  runIfEntryPoint,
  UsageError,
  cliCommand,
} from './common.js';

const HELP = `Usage: ${cliCommand('ask')} [options] "question"

Answers a question from the corpus with exact quotes and numbered citations, as the Discord bot's /ask does.
A factoid question (when, who, where, how much, how many, which…) gets a short answer first ("Answer: …"), the
best candidate answer across the sentences read, bold in the quote that states it; "Who wrote the Reuters
article?" is answered from the articles' front matter.
The answer is stated only when the bot is confident enough that it is right (its confidence is shown beside
it); otherwise the quotes are shown without one. In --json, "answer" is the best candidate whether stated or not:
{"text", "kind", "quote"? (index of the quote that states it), "value"?, "confidence" (0-1), "shown"} or null.

Options:
  --json               print one JSON object per answer instead of text
  --questions FILE     answer every line of a JSONL file ({"id"?, "question", "asOf"?, "conversation"?}); prints one
                       JSON object per line; lines with the same "conversation" are follow-ups of the lines before
  --after QUESTION     read the question as a follow-up of QUESTION (answered first): "When did he take office?"
                       after "Who is the president of Colombia?"; prints "Read as: …" when it reads it otherwise
  --as-of YYYY-MM-DD   answer as if asked that day (default: today, UTC): later articles are not used, and
                       "this week", "yesterday" or "last year" in the question count from that day
  --corpus DIR         corpus directory (default: $CORPUS_DIR or ./corpus)
  --server ID          answer as that Discord server's members are answered: its own articles too
  --snapshot FILE      start from this index snapshot if the corpus is unchanged; save one after a rebuild
  --max N              at most N quotes (default ${DEFAULT_MAX_QUOTES})
  --explain            after the answer, the 5 best candidate answers with their support and the confidence,
                       and the reader's 5 best sentences with each feature's part of their score
  -h, --help           show this help

Examples:
  ${cliCommand('ask')} "When did Colombia join BRI?"
  ${cliCommand('ask')} --json --max 1 "How much credit did Xi pledge?"
  ${cliCommand('ask')} --as-of 2025-05-16 "What did Colombia sign this week?"
  ${cliCommand('ask')} --questions eval/seed-qa-dev.jsonl > answers.jsonl
  ${cliCommand('ask')} --after "When did Colombia join the Belt and Road?" "And Panama?"`;

interface BatchLine {
  id?: string | number;
  question?: unknown;
  asOf?: unknown;
  /** Lines with the same value are one conversation, in file order: each a follow-up of the one before. */
  conversation?: unknown;
}

interface BatchEntry {
  line: number;
  item?: BatchLine;
  error?: string;
}

async function readQuestions(file: string): Promise<BatchEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read questions file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
  }
  return text.split('\n').flatMap((raw, i): BatchEntry[] => {
    if (!raw.trim()) return [];
    try {
      const item = JSON.parse(raw) as BatchLine;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new Error('not an object');
      return [{ line: i + 1, item }];
    } catch {
      return [{ line: i + 1, error: `line ${i + 1} of ${file} is not a JSON object like {"id": "q1", "question": "…"}` }];
    }
  });
}

/** How the CLI answers one question: `answerQuestion`, unless a test puts another in its place. */
export type AnswerFunction = (index: CorpusIndex, question: string, options: AnswerOptions) => Answer;

/**
 * `npm run ask -- …argv`: the answer on `io.stdout`, problems on `io.stderr`; resolves to the exit code.
 * `answer` is the test hook for a question that throws (default: `answerQuestion`).
 */
export function main(argv: string[], io: CliIo = processIo(), answer: AnswerFunction = answerQuestion): Promise<number> {
  return runCli(io, (cli) => run(argv, cli, answer));
}

/**
 * One JSON line per question, in order, whatever happens to the others: an answer, or `{"id", "question",
 * "error": {"code", "message"}}` for a line that is not a question or a question that failed. A failure that
 * is not the input's fault (a bug) prints its stack on stderr once per distinct stack, not once per line.
 * Exit code 2 when any line failed, with their count on stderr.
 */
function answerBatch(
  entries: BatchEntry[],
  options: { asOf: string; max: number; answer: AnswerFunction; index: CorpusIndex },
  cli: CliContext,
): number {
  let failed = 0;
  const stacksShown = new Set<string>();
  // Each conversation's last turn: the context of its next line.
  const contexts = new Map<string, FollowUpContext>();
  for (const { line, item, error } of entries) {
    const started = performance.now();
    const id = item?.id;
    const idField = id !== undefined ? { id } : {};
    try {
      if (error) throw new QuestionError(error);
      const lineAsOf = item!.asOf === undefined ? options.asOf : typeof item!.asOf === 'string' ? parseDay(item!.asOf) : undefined;
      if (!lineAsOf) throw new QuestionError(`asOf ${JSON.stringify(item!.asOf)} is not a date written YYYY-MM-DD`);
      const conversation = item!.conversation;
      const key = conversation === undefined || conversation === null ? undefined : JSON.stringify(conversation);
      const context = key === undefined ? undefined : contexts.get(key);
      const question = item!.question as string;
      const turn = context
        ? answerFollowUp(options.index, context, validateQuestion(question), { maxQuotes: options.max, asOf: lineAsOf }, options.answer)
        : { answer: options.answer(options.index, question, { maxQuotes: options.max, asOf: lineAsOf }) };
      if (key !== undefined) contexts.set(key, contextOf(turn.answer.question, turn.answer));
      const readAs = readAsField(turn);
      cli.console.log(JSON.stringify({ ...idField, ...turn.answer, ...readAs, ms: elapsed(started) }));
    } catch (err) {
      failed++;
      const expected = err instanceof NewsdeskError;
      const code = expected ? err.code : 'INTERNAL';
      const message = expected ? err.message : `the question could not be answered (a bug: ${String((err as Error)?.message ?? err)})`;
      if (!expected) {
        const stack = (err as Error)?.stack ?? String(err);
        if (!stacksShown.has(stack)) {
          stacksShown.add(stack);
          cli.console.error(`line ${line}: ${stack}`);
        }
      }
      cli.console.log(
        JSON.stringify({ ...idField, question: item?.question ?? null, answered: false, quotes: [], error: { code, message } }),
      );
    }
  }
  if (failed)
    cli.console.error(
      `error: ${failed} of ${entries.length} line${entries.length === 1 ? '' : 's'} failed (their lines carry "error"); the others were answered`,
    );
  return failed ? 2 : 0;
}

async function run(argv: string[], cli: CliContext, answer: AnswerFunction): Promise<number> {
  const opts = parseCli(
    argv,
    {
      json: { type: 'boolean' },
      questions: { type: 'string' },
      max: { type: 'string' },
      'as-of': { type: 'string' },
      explain: { type: 'boolean' },
      after: { type: 'string' },
      ...SERVER_OPTION,
    },
    HELP,
    cli,
  );
  if (!opts) return 0;
  const max = opts.values.max === undefined ? DEFAULT_MAX_QUOTES : Number(opts.values.max);
  if (!Number.isInteger(max) || max < 1 || max > 10)
    throw new UsageError(`--max must be a whole number from 1 to 10 (got ${String(opts.values.max)})`);
  const asOfFlag = opts.values['as-of'] as string | undefined;
  const asOf = asOfFlag === undefined ? dayOf(new Date()) : parseDay(asOfFlag);
  if (!asOf) throw new UsageError(`--as-of "${asOfFlag}" is not a date; write it YYYY-MM-DD, e.g. --as-of 2025-05-16`);
  const questionsFile = opts.values.questions as string | undefined;
  const question = opts.positionals.join(' ');
  if (!questionsFile && opts.positionals.length === 0)
    throw new UsageError(`no question given. Try: ${cliCommand('ask')} "When did Colombia join BRI?" (or --help)`);
  if (questionsFile && opts.positionals.length) throw new UsageError('give either a question or --questions FILE, not both');
  const after = opts.values.after as string | undefined;
  if (after !== undefined && questionsFile)
    throw new UsageError('--after reads one follow-up; in --questions FILE, give lines the same "conversation" instead');
  // Check the question before the (slower) index build, so a typo fails fast.
  if (!questionsFile) {
    try {
      validateQuestion(question);
      if (after !== undefined) validateQuestion(after);
    } catch (err) {
      if (err instanceof QuestionError) throw new UsageError(`bad question: ${err.message}`);
      throw err;
    }
  }

  // Read before the index is built, so a missing weights file fails fast (and not once per line of a batch).
  shippedReaderWeights();
  const { index, report } = await openIndexFor(opts.corpus, opts.values.snapshot as string | undefined, serverOption(opts));
  printProblems(report, cli);

  if (questionsFile) return answerBatch(await readQuestions(questionsFile), { asOf, max, answer, index }, cli);

  // --after: the previous question answered first, for its answer's context (not timed, not printed).
  const context = after === undefined ? undefined : contextOf(after.trim(), answer(index, after, { maxQuotes: max, asOf }));
  const started = performance.now();
  const turn = context
    ? answerFollowUp(index, context, question.trim(), { maxQuotes: max, asOf }, answer)
    : { answer: answer(index, question, { maxQuotes: max, asOf }) };
  const answered: Answer = turn.answer;
  const ms = elapsed(started);
  const readAs = readAsField(turn);
  const asked = readAs.readAs ?? question;
  const explained = opts.values.explain ? explainReading(index, asked, asOf) : undefined;
  const candidates = opts.values.explain ? explainCandidates(index, asked, asOf) : undefined;
  if (opts.values.json)
    cli.console.log(
      JSON.stringify({
        ...answered,
        ...readAs,
        ms,
        ...(explained ? { explain: explained } : {}),
        ...(candidates ? { candidates } : {}),
      }),
    );
  else
    cli.console.log(
      (readAs.readAs ? `Read as: ${readAs.readAs}\n\n` : '') +
        renderAnswerText(answered) +
        (candidates ? `\n\n${renderCandidates(candidates)}` : '') +
        (explained ? `\n\n${renderExplanation(explained)}` : ''),
    );
  return 0;
}

/** `{"readAs"}`: the question a follow-up was read as, when it differs from what was typed; else nothing. */
function readAsField(turn: { answer: Answer; reading?: { question: string; changed: boolean } }): { readAs?: string } {
  return turn.reading?.changed ? { readAs: turn.reading.question } : {};
}

/** How many of the best candidate answers --explain shows. */
const EXPLAINED_CANDIDATES = 5;

interface ExplainedCandidates {
  /** The probability that the best is right, and the threshold it must reach to be stated. */
  confidence: number;
  threshold: number;
  shown: boolean;
  best: {
    text: string;
    /** The ranker's share of all candidates. */
    share: number;
    sentences: number;
    articles: number;
    /** The candidate features with the largest part in its score (value × weight). */
    features: { feature: string; value: number; part: number }[];
  }[];
}

/** The answer ranker's five best candidates for a factoid question, with their support and the confidence. */
function explainCandidates(index: CorpusIndex, question: string, asOf: string): ExplainedCandidates | undefined {
  const model = shippedReaderWeights().answer!;
  const reading = answerCandidates(index, question, { asOf });
  const judged = reading && judgeCandidates(reading.candidates, reading.evidence, model);
  if (!judged) return undefined;
  return {
    confidence: round3(judged.confidence),
    threshold: model.threshold,
    shown: judged.shown,
    best: judged.ranked.slice(0, EXPLAINED_CANDIDATES).map((c) => ({
      text: c.text,
      share: round3(c.share),
      sentences: distinctSentences(c.mentions.map((m) => m.support)),
      articles: distinctArticles(c.mentions.map((m) => m.support)),
      features: CANDIDATE_FEATURES.map((f) => ({ feature: f, value: round3(c.features[f]), part: round3(c.features[f] * model.ranker[f]) }))
        .filter((x) => x.part !== 0)
        .sort((a, b) => Math.abs(b.part) - Math.abs(a.part))
        .slice(0, 6),
    })),
  };
}

function renderCandidates(explained: ExplainedCandidates): string {
  const verdict = explained.shown ? 'stated' : 'not stated';
  const lines = [
    `The best candidate answers (confidence ${explained.confidence} that the first is right; ${verdict}, the threshold is ${explained.threshold}):`,
  ];
  explained.best.forEach((c, i) => {
    const support = `${c.sentences} sentence${c.sentences === 1 ? '' : 's'} in ${c.articles} article${c.articles === 1 ? '' : 's'}`;
    lines.push(
      `${i + 1}. ${c.text}: share ${c.share}, ${support}; ${c.features.map((f) => `${f.feature} ${f.value} → ${f.part >= 0 ? '+' : ''}${f.part}`).join(', ')}`,
    );
  });
  return lines.join('\n');
}

/** How many of the reader's best sentences --explain shows. */
const EXPLAINED_SENTENCES = 5;

interface ExplainedSentence {
  score: number;
  timeWeight: number;
  text: string;
  citation: string;
  /** Each feature's value and its part of the score (value × weight × time weight), largest part first. */
  features: { feature: string; value: number; part: number }[];
}

/** The reader's best sentences for a question, with the features that scored them. */
function explainReading(index: CorpusIndex, question: string, asOf: string): ExplainedSentence[] {
  const weights = shippedReaderWeights();
  return readerCandidates(index, question, { asOf, weights })
    .slice(0, EXPLAINED_SENTENCES)
    .map((c) => ({
      score: round3(c.score),
      timeWeight: round3(c.timeWeight),
      text: c.text,
      citation: formatCitation(citationOf(index, c.paragraph)),
      features: READER_FEATURES.map((f) => ({
        feature: f,
        value: round3(c.features[f]),
        part: round3(c.features[f] * weights.weights[f] * c.timeWeight),
      }))
        .filter((x) => x.part !== 0)
        .sort((a, b) => Math.abs(b.part) - Math.abs(a.part)),
    }));
}

function renderExplanation(sentences: readonly ExplainedSentence[]): string {
  const weights = shippedReaderWeights();
  const lines = [
    `How the reader scored its ${sentences.length} best sentences (score = Σ feature × weight, × time weight, + ${weights.offset}):`,
  ];
  sentences.forEach((s, i) => {
    lines.push('', `${i + 1}. ${s.score} (time weight ${s.timeWeight}) “${s.text}” — ${s.citation}`);
    lines.push(`   ${s.features.map((f) => `${f.feature} ${f.value} → ${f.part >= 0 ? '+' : ''}${f.part}`).join(', ')}`);
  });
  return lines.join('\n');
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

runIfEntryPoint(import.meta.url, main);
