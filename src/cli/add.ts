/**
 * `npm run add -- <file|url>`: add an article to the corpus from a file or a web page, as `/article add` does
 * from Discord, and with `--snapshot` update the saved index so that a running bot serving that snapshot answers
 * from it within its poll interval. Exit codes: 0 added or updated, 1 refused (the reason on stderr), 2 bad usage.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addArticle, type ArticleSource } from '../corpus/add-article.js';
import { articleIdOf } from '../corpus/article.js';
import { displayDate } from '../language/dates.js';
import { truncateOnWord } from '../language/truncate.js';
import {
  type CliContext,
  type CliIo,
  openIndex,
  parseCli,
  processIo,
  runCli,
  runIfEntryPoint,
  SERVER_OPTION,
  serverOption,
  UsageError,
  cliCommand,
} from './common.js';

const HELP = `Usage: ${cliCommand('add')} <file|url> [--corpus DIR] [--server ID] [--snapshot F] [--json]

Adds one article to the corpus: a Markdown, text or saved HTML file, or a web page (its article text and
metadata read from the page). The same address or title added again updates the article instead of adding a
second copy.

Options:
  --server ID    add it as a Discord server's own article (only that server's members see it)
  --corpus DIR   corpus directory (default: $CORPUS_DIR or ./corpus)
  --snapshot F   then update the index snapshot F (a bot serving F picks the article up on its next poll)
  --json         print {"id", "title", "source", "date", "authors", "url", "paragraphs", "status", "file"}
  -h, --help     show this help

Web pages are fetched over http(s) only, never from private or link-local addresses (FETCH_ALLOW_PRIVATE=true
allows private networks), within 15 s and 5 MB.`;

export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runCli(io, (cli) => run(argv, cli));
}

async function run(argv: string[], cli: CliContext): Promise<number> {
  const opts = parseCli(argv, { json: { type: 'boolean' }, ...SERVER_OPTION }, HELP, cli);
  if (!opts) return 0;
  if (opts.positionals.length !== 1)
    throw new UsageError(
      opts.positionals.length
        ? `one file or address at a time, not ${opts.positionals.length}`
        : 'give a file or a web address to add (see --help)',
    );
  const server = serverOption(opts);
  const target = opts.positionals[0];
  let source: ArticleSource;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) source = { url: target };
  else {
    const bytes = await readFile(target).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${target} (${err.code ?? err.message})`, 1);
    });
    source = { file: path.basename(target), bytes };
  }
  const added = await addArticle(source, {
    corpusDir: opts.corpus,
    ...(server ? { server } : {}),
    fetch: { allowPrivate: /^(true|1|yes)$/i.test(cli.env.FETCH_ALLOW_PRIVATE ?? '') },
  });
  const snapshot = opts.values.snapshot as string | undefined;
  if (snapshot) await openIndex(opts.corpus, snapshot);
  const a = added.article;
  const status = added.updated ? 'updated' : 'added';
  if (opts.values.json) {
    cli.console.log(
      JSON.stringify({
        id: articleIdOf(added.file),
        title: a.title,
        source: a.source,
        date: a.date ?? null,
        authors: a.authors,
        url: a.url ?? null,
        paragraphs: a.paragraphs.length,
        status,
        file: path.join(opts.corpus, added.file),
      }),
    );
    return 0;
  }
  const when = a.date ? `, ${displayDate(a.date)}` : ', no date found';
  cli.console.log(
    `${status === 'added' ? 'Added' : 'Updated'} “${a.title}” (${a.source}${when}), ${a.paragraphs.length} paragraph${a.paragraphs.length === 1 ? '' : 's'} → ${path.join(opts.corpus, added.file)}`,
  );
  if (a.paragraphs[0]) cli.console.log(`  ${truncateOnWord(a.paragraphs[0].text, 200)}`);
  cli.console.log(
    server
      ? // A server's own articles are read from their folder at the server's next question: nothing to rebuild.
        `That server's members can ask about it now.`
      : snapshot
        ? `The index snapshot ${snapshot} is updated: a bot serving it answers from the article on its next poll.`
        : `The bot answers from it after a moderator's /reindex, or after ${cliCommand('reindex')} --snapshot with the bot's INDEX_SNAPSHOT (./data/index.snapshot by default).`,
  );
  return 0;
}

runIfEntryPoint(import.meta.url, main);
