/**
 * `npm run add -- <file|url>`: add an article to the corpus from a file or a web page, as `/article add` does
 * from Discord, and with `--snapshot` update the saved index so that a running bot serving that snapshot answers
 * from it within its poll interval. Exit codes: 0 added or updated, 1 refused (the reason on stderr), 2 bad usage.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addArticle, type ArticleSource } from '../corpus/add-article.js';
import { articleIdOf } from '../corpus/article.js';
import { displayDate } from '../language/dates.js';
import { botDatabase, DEFAULT_DATABASE_FILE, describeStore, openStateStore, type StoreLocation } from '../store/open-store.js';
import type { StateStore } from '../store/state-store.js';
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

const HELP = `Usage: ${cliCommand('add')} <file|url> [--corpus DIR] [--server ID] [--database FILE] [--snapshot F] [--json]

Adds one article to the corpus: a Markdown, text or saved HTML file, or a web page (its article text and
metadata read from the page). The same address or title added again updates the article instead of adding a
second copy.

Options:
  --server ID    add it as a Discord server's own article (only that server's members see it); the bot's
                 database is told, so every running shard and replica answers from it at that server's next question
  --database F   the bot's SQLite file, for --server (default: $DATABASE_FILE or ${DEFAULT_DATABASE_FILE}; or set DATABASE_URL)
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
  const opts = parseCli(argv, { json: { type: 'boolean' }, database: { type: 'string' }, ...SERVER_OPTION }, HELP, cli);
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
  const told = server ? await tellTheBot(server, botDatabase(cli.env, opts.values.database as string | undefined)) : undefined;
  if (told?.problem) cli.console.error(`warning: ${told.problem}`);
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
      ? told!.message
      : snapshot
        ? `The index snapshot ${snapshot} is updated: a bot serving it answers from the article on its next poll.`
        : `The bot answers from it after a moderator's /reindex, or after ${cliCommand('reindex')} with the bot's settings (it saves INDEX_SNAPSHOT, which a running bot loads).`,
  );
  return 0;
}

/**
 * Note in the bot's database that `server`'s articles changed, so every shard and replica reads its folder again at
 * its next question from that server: what to tell the operator, and a problem to warn of.
 */
async function tellTheBot(server: string, where: StoreLocation): Promise<{ message: string; problem?: string }> {
  // No database yet: the bot has never run here, and reads the server's folder at its first question from it.
  if (!where.url && (!existsSync(where.file) || statSync(where.file).size === 0))
    return { message: `That server's members can ask about it once the bot runs (it has no database at ${where.file} yet).` };
  let store: StateStore | undefined;
  try {
    store = await openStateStore(where);
    await store.noteServerArticlesChanged(server);
    return { message: `That server's members can ask about it now: ${describeStore(where)} noted the change for every running bot.` };
  } catch (err) {
    return {
      message: `The article is saved; a running bot answers from it after a moderator's /reindex.`,
      problem: `could not tell the bot's database (${describeStore(where)}: ${(err as Error).message}); pass --database with the bot's DATABASE_FILE, or set DATABASE_URL`,
    };
  } finally {
    await store?.close().catch(() => undefined);
  }
}

runIfEntryPoint(import.meta.url, main);
