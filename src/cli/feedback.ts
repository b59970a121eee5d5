/**
 * `npm run feedback`: what members thought of the answers, from the bot's database, worst first, so moderators
 * see which questions to fix (a missing article, a wrong short answer). The per-question counts are the
 * database's own (SQL); `--export` prints every vote that counts as JSON lines. Exit codes: 0 (also when there
 * are no votes yet), 1 the database cannot be read, 2 bad usage.
 */
import { existsSync, statSync } from 'node:fs';
import { parseDay } from '../language/dates.js';
import { describeTallies, renderFeedbackText } from '../qa/feedback-report.js';
import { botDatabase, DEFAULT_DATABASE_FILE, describeStore, openStateStore, type StoreLocation } from '../store/open-store.js';
import { type CliContext, type CliIo, parseCli, processIo, runCli, runIfEntryPoint, UsageError, cliCommand } from './common.js';

const DEFAULT_FEEDBACK_LOG = './data/feedback.jsonl';

const HELP = `Usage: ${cliCommand('feedback')} [--since YYYY-MM-DD] [--json | --export] [--database FILE]

Per question: 👎 and 👍 (a member's last vote on an answer counts), the short answers shown and the articles
quoted, worst first. Read from the bot's database: PostgreSQL when $DATABASE_URL is set, else the SQLite file.

Options:
  --since D        only votes cast on or after D (YYYY-MM-DD)
  --json           print [{"question", "up", "down", "abstained", "answers", "articles", "lastVote"}]
  --export         print every vote that counts, one JSON object per line, oldest first
  --database FILE  the SQLite file (default: $DATABASE_FILE or ${DEFAULT_DATABASE_FILE})
  -h, --help       show this help`;

export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runCli(io, (cli) => run(argv, cli));
}

async function run(argv: string[], cli: CliContext): Promise<number> {
  const opts = parseCli(
    argv,
    { since: { type: 'string' }, json: { type: 'boolean' }, export: { type: 'boolean' }, database: { type: 'string' } },
    HELP,
    cli,
  );
  if (!opts) return 0;
  if (opts.positionals.length) throw new UsageError(`unexpected argument ${opts.positionals[0]} (see --help)`);
  if (opts.values.json && opts.values.export) throw new UsageError('--json and --export print different things: pick one');
  const since = opts.values.since as string | undefined;
  if (since !== undefined && !parseDay(since))
    throw new UsageError(`--since ${JSON.stringify(since)} is not a date; write it as YYYY-MM-DD`);
  const where: StoreLocation = botDatabase(cli.env, opts.values.database as string | undefined);
  const oldLog = cli.env.FEEDBACK_LOG ?? DEFAULT_FEEDBACK_LOG;
  if (existsSync(oldLog))
    cli.console.error(
      `note: ${oldLog} holds votes from an earlier version that are not in the database yet; the bot imports them when it next starts`,
    );
  // No database yet (the bot never ran here), or an empty file: nothing to read, and a report writes nothing.
  if (!where.url && (!existsSync(where.file) || statSync(where.file).size === 0)) {
    // Said on stderr: stdout stays the (empty) report or JSON.
    cli.console.error(
      `note: there is no database at ${where.file} yet (the bot makes it at its first start); if the bot keeps it elsewhere, pass --database with its DATABASE_FILE`,
    );
    if (!opts.values.export) cli.console.log(opts.values.json ? '[]' : renderFeedbackText([]));
    return 0;
  }
  let store;
  try {
    store = await openStateStore(where);
  } catch (err) {
    throw new UsageError(
      `${describeStore(where)} cannot be read as the bot's database (${(err as Error).message.replace(/^.*\((\w+)\).*$/s, '$1')}); pass --database with the bot's DATABASE_FILE, or set DATABASE_URL`,
      1,
    );
  }
  try {
    if (opts.values.export) {
      for (const vote of await store.votes(since)) cli.console.log(JSON.stringify(vote));
      return 0;
    }
    const rows = describeTallies(await store.voteTallies(since), await store.votes(since));
    cli.console.log(opts.values.json ? JSON.stringify(rows) : renderFeedbackText(rows));
    return 0;
  } catch (err) {
    throw new UsageError(`cannot read the votes from ${describeStore(where)} (${(err as Error).message})`, 1);
  } finally {
    await store.close();
  }
}

runIfEntryPoint(import.meta.url, main);
