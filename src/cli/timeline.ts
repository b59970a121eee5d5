/**
 * `npm run timeline`: the bot's /timeline, offline.
 */
import { writeFile } from 'node:fs/promises';
import { renderTimelineText } from '../qa/render-timeline-text.js';
import { renderTimelinePicture } from '../qa/timeline-picture.js';
import { buildTimeline, describeTimelineQuery, TimelineInputError } from '../qa/timeline.js';
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

/** Events a picture from the CLI shows at most: more labels than this no longer fit. */
const PICTURE_EVENTS = 12;

const HELP = `Usage: ${cliCommand('timeline')} [--topic T] [--from D] [--to D] [--png FILE] [--corpus DIR] [--json]

Lists every dated event in the corpus in order, each date resolved against its article's publication date.

Options:
  --topic T      only events from paragraphs about T (the same search as /ask, acronyms included)
  --from D       only events on or after D; D is 2023, 2023-10, Oct 2023 or 2023-10-25
  --to D         only events on or before D
  --json         print {"events": [{"date", "granularity", "phrase", "text", "excerpt"?, "future", "citations": [...]}]}
  --png FILE     also draw the timeline as a PNG picture (its first ${PICTURE_EVENTS} events), as /timeline attaches
  --corpus DIR   corpus directory (default: $CORPUS_DIR or ./corpus)
  --server ID    the timeline as that Discord server's members see it: its own articles too
  --snapshot F   start from this index snapshot if the corpus is unchanged; save one after a rebuild
  -h, --help     show this help`;

/** `npm run timeline -- …argv`: the timeline on `io.stdout`, problems on `io.stderr`; resolves to the exit code. */
export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runCli(io, (cli) => run(argv, cli));
}

async function run(argv: string[], cli: CliContext): Promise<number> {
  const opts = parseCli(
    argv,
    {
      topic: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
      png: { type: 'string' },
      ...SERVER_OPTION,
    },
    HELP,
    cli,
  );
  if (!opts) return 0;
  if (opts.positionals.length)
    throw new UsageError(`unexpected argument ${opts.positionals[0]}; use --topic "${opts.positionals.join(' ')}" (see --help)`);
  const { index, report } = await openIndexFor(opts.corpus, opts.values.snapshot as string | undefined, serverOption(opts));
  printProblems(report, cli);
  const query = {
    topic: opts.values.topic as string | undefined,
    from: opts.values.from as string | undefined,
    to: opts.values.to as string | undefined,
  };
  let timeline;
  try {
    timeline = buildTimeline(index, query);
  } catch (err) {
    if (err instanceof TimelineInputError) throw new UsageError(err.message);
    throw err;
  }
  if (opts.values.json) cli.console.log(JSON.stringify(timeline));
  else cli.console.log(renderTimelineText(timeline, describeTimelineQuery(query)));
  const png = opts.values.png as string | undefined;
  if (png) {
    const shown = Math.min(timeline.events.length, PICTURE_EVENTS);
    try {
      await writeFile(
        png,
        renderTimelinePicture(timeline.events, `Timeline — ${describeTimelineQuery(query)}`, { maxEvents: PICTURE_EVENTS }),
      );
    } catch (err) {
      throw new UsageError(`cannot write the picture to ${png} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 1);
    }
    // On stderr: stdout stays the timeline (or clean JSON).
    cli.console.error(
      `Picture of ${shown === timeline.events.length ? `the ${shown} events` : `the first ${shown} of ${timeline.events.length} events (narrow it with --topic or --from/--to)`} → ${png}`,
    );
  }
  return 0;
}

runIfEntryPoint(import.meta.url, main);
