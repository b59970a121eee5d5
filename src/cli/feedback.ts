/**
 * `npm run feedback`: what members thought of the answers, from FEEDBACK_LOG, worst first, so moderators see
 * which questions to fix (a missing article, a wrong short answer). Exit codes: 0 (also for an empty or missing
 * log: no votes yet), 2 bad usage.
 */
import { readFile } from 'node:fs/promises';
import { parseDay } from '../language/dates.js';
import { parseFeedback, renderFeedbackText, summarizeFeedback } from '../qa/feedback-report.js';
import { type CliContext, type CliIo, parseCli, processIo, runCli, runIfEntryPoint, UsageError } from './common.js';

const DEFAULT_FEEDBACK_LOG = './data/feedback.jsonl';

const HELP = `Usage: npm run feedback -- [--since YYYY-MM-DD] [--file F] [--json]

Per question: 👎 and 👍 (a member's last vote on an answer counts), the short answers shown and the articles
quoted, worst first.

Options:
  --since D    only votes cast on or after D (YYYY-MM-DD)
  --file F     the feedback log (default: $FEEDBACK_LOG or ${DEFAULT_FEEDBACK_LOG})
  --json       print [{"question", "up", "down", "abstained", "answers", "articles", "lastVote"}]
  -h, --help   show this help`;

export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runCli(io, (cli) => run(argv, cli));
}

async function run(argv: string[], cli: CliContext): Promise<number> {
  const opts = parseCli(argv, { since: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' } }, HELP, cli);
  if (!opts) return 0;
  if (opts.positionals.length) throw new UsageError(`unexpected argument ${opts.positionals[0]} (see --help)`);
  const since = opts.values.since as string | undefined;
  if (since !== undefined && !parseDay(since))
    throw new UsageError(`--since ${JSON.stringify(since)} is not a date; write it as YYYY-MM-DD`);
  const file = (opts.values.file as string | undefined) ?? cli.env.FEEDBACK_LOG ?? DEFAULT_FEEDBACK_LOG;
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw new UsageError(`cannot read the feedback log ${file} (${err.code ?? err.message})`, 1);
  });
  const rows = summarizeFeedback(parseFeedback(text), since);
  cli.console.log(opts.values.json ? JSON.stringify(rows) : renderFeedbackText(rows));
  return 0;
}

runIfEntryPoint(import.meta.url, main);
