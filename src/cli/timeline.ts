/**
 * `npm run timeline`: the bot's /timeline, offline.
 */
import path from 'node:path';
import { DirectoryError, makeDirectoriesAsync } from '../files.js';
import { writeFile } from 'node:fs/promises';
import { renderTimelineText } from '../qa/render-timeline-text.js';
import { renderTimelinePicture, timelinePagePicture } from '../qa/timeline-picture.js';
import { buildTimeline, describeTimelineQuery, EVENTS_PER_PAGE, timelinePageCount, TimelineInputError } from '../qa/timeline.js';
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

const HELP = `Usage: ${cliCommand('timeline')} [--topic T] [--from D] [--to D] [--png FILE [--page N]] [--corpus DIR] [--json]

Lists every dated event in the corpus in order, each date resolved against its article's publication date.

Options:
  --topic T      only events from paragraphs about T (the same search as /ask, acronyms included)
  --from D       only events on or after D; D is 2023, 2023-10, Oct 2023 or 2023-10-25
  --to D         only events on or before D
  --json         print {"events": [{"date", "granularity", "phrase", "text", "excerpt"?, "future", "citations": [...]}]}
  --png FILE     also draw one page of the timeline (${EVENTS_PER_PAGE} events) as a PNG picture, as /timeline attaches
  --page N       the page --png draws, from 1 (default 1), as /timeline's ◀ ▶ buttons page
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
      page: { type: 'string' },
      ...SERVER_OPTION,
    },
    HELP,
    cli,
  );
  if (!opts) return 0;
  if (opts.positionals.length)
    throw new UsageError(`unexpected argument ${opts.positionals[0]}; use --topic "${opts.positionals.join(' ')}" (see --help)`);
  const png = opts.values.png as string | undefined;
  const pageText = opts.values.page as string | undefined;
  if (pageText !== undefined && !png) throw new UsageError('--page chooses the page --png draws; add --png FILE (see --help)');
  if (pageText !== undefined && !/^\s*\d+\s*$/.test(pageText))
    throw new UsageError(`--page takes a page number (1, 2, …), not "${pageText}" (see --help)`);
  const page = pageText === undefined ? 1 : Number(pageText);
  const { index, report } = await openIndexFor(opts.corpus, opts.values.snapshot as string | undefined, serverOption(opts));
  printProblems(report, cli);
  const query = {
    topic: opts.values.topic as string | undefined,
    from: opts.values.from as string | undefined,
    to: opts.values.to as string | undefined,
  };
  let timeline;
  try {
    timeline = buildTimeline(index, query, { from: '--from', to: '--to' });
  } catch (err) {
    if (err instanceof TimelineInputError) throw new UsageError(err.message);
    throw err;
  }
  // A page that is not there is refused before anything is printed.
  const pages = timelinePageCount(timeline);
  const total = timeline.events.length;
  if (png && (page < 1 || page > pages)) {
    const has = `${total} event${total === 1 ? '' : 's'}, ${EVENTS_PER_PAGE} a page`;
    throw new UsageError(
      `--page ${page} is out of range: pages count from 1, and this timeline has ${pages === 1 ? `one page (${has}); use --page 1` : `${pages} pages (${has}); use --page 1 to ${pages}`}`,
    );
  }
  if (opts.values.json) cli.console.log(JSON.stringify(timeline));
  else cli.console.log(renderTimelineText(timeline, describeTimelineQuery(query)));
  if (png) {
    const picture = timelinePagePicture(timeline, page - 1, describeTimelineQuery(query));
    try {
      // Its directory is made if missing, as --snapshot's is.
      await makeDirectoriesAsync(path.dirname(png));
      await writeFile(png, renderTimelinePicture(picture.events, picture.title, picture.options));
    } catch (err) {
      const why =
        err instanceof DirectoryError ? `the directory ${err.message}` : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
      throw new UsageError(`cannot write the picture to ${png} (${why}); pass --png with a file in a directory you may write to`, 1);
    }
    // On stderr: stdout stays the timeline (or clean JSON).
    const first = (page - 1) * EVENTS_PER_PAGE + 1;
    const last = first + picture.events.length - 1;
    cli.console.error(
      pages === 1
        ? `Picture of ${total === 0 ? 'no events' : total === 1 ? 'the one event' : `the ${total} events`} → ${png}`
        : `Picture of page ${page} of ${pages} (${first === last ? `event ${first}` : `events ${first}–${last}`} of ${total}; --page N draws another) → ${png}`,
    );
  }
  return 0;
}

runIfEntryPoint(import.meta.url, main);
