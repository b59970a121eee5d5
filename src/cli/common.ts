/**
 * What the CLIs share: argument parsing with --corpus and --help, loading the index, reporting corpus
 * problems on stderr, turning errors into one clear line and an exit code, and running a CLI's `main` as a
 * script. Each CLI's `main(argv, io)` writes only to the streams it is given and returns the exit code, so
 * tests can run it in-process; the script entry point passes the process's streams and sets process.exitCode.
 */
import { Console } from 'node:console';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { CorpusDirectoryError } from '../corpus/article.js';
import { DEFAULT_CORPUS_DIR } from '../corpus/directory.js';
import { NewsdeskError } from '../errors.js';
import { buildIndex } from '../index/build/pipeline.js';
import { ServerViews } from '../index/server-views.js';
import type { BuildReport } from '../index/build/protocol.js';

/** Bad arguments or input: the message says what was wrong and how to fix it. */
export class UsageError extends NewsdeskError {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super('CLI_USAGE', message);
  }
}

/** Where a CLI reads its environment and writes its output. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Environment for CORPUS_DIR; a .env file fills in what it lacks (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A CLI's `main`: arguments in, output on `io`, exit code out. Never rejects. */
export type CliMain = (argv: string[], io: CliIo) => Promise<number>;

/** What a running CLI writes with: a console over the given streams (formatting exactly as the global one). */
export interface CliContext {
  console: Console;
  env: NodeJS.ProcessEnv;
}

export interface CliOptions {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  corpus: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Run a CLI body with a console over `io`'s streams and its environment, turning any error into the message
 * and exit code a user sees. Never rejects.
 */
export async function runCli(io: CliIo, body: (cli: CliContext) => Promise<number>): Promise<number> {
  const cli: CliContext = { console: new Console({ stdout: io.stdout, stderr: io.stderr }), env: io.env ?? process.env };
  try {
    return await body(cli);
  } catch (err) {
    return fail(err, cli);
  }
}

/** Parsed options, or undefined when --help was asked for (the usage is printed; exit 0). */
export function parseCli(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  help: string,
  cli: CliContext,
): CliOptions | undefined {
  loadDotenv({ quiet: true, processEnv: cli.env });
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, corpus: { type: 'string' }, snapshot: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
  if (parsed.values.help) {
    cli.console.log(help);
    return undefined;
  }
  const values = parsed.values as CliOptions['values'];
  const corpus = (values.corpus as string | undefined) ?? cli.env.CORPUS_DIR ?? DEFAULT_CORPUS_DIR;
  return { values, positionals: parsed.positionals, corpus };
}

/**
 * How a person runs CLI `name` here: `npm run name --` in a checkout, `node dist/src/cli/name.js` in a compiled
 * deploy, where the dev dependencies that `npm run` needs (tsx) may be pruned away.
 */
export function cliCommand(name: 'ask' | 'reindex' | 'timeline' | 'add' | 'feedback'): string {
  return import.meta.url.includes('/dist/') ? `node dist/src/cli/${name}.js` : `npm run ${name} --`;
}

/** The `--server ID` option: answer as that Discord server's members are answered (its own articles too). */
export const SERVER_OPTION = { server: { type: 'string' } } as const;

/** The --server id given, checked; undefined when none was. */
export function serverOption(opts: CliOptions): string | undefined {
  const server = opts.values.server as string | undefined;
  if (server !== undefined && !/^\d{17,20}$/.test(server))
    throw new UsageError(
      `--server ${JSON.stringify(server)} is not a Discord server id (17 to 20 digits: right-click the server with Developer Mode on → Copy Server ID)`,
    );
  return server;
}

/** The index as `server`'s members see it (the shared articles and its own), or the shared one without a server. */
export async function openIndexFor(corpus: string, snapshot: string | undefined, server: string | undefined) {
  const opened = await openIndex(corpus, snapshot);
  if (!server) return opened;
  return { ...opened, index: await new ServerViews(corpus, () => opened.index).indexFor(server) };
}

export async function openIndex(corpus: string, snapshot?: string) {
  try {
    return await buildIndex(corpus, { snapshot });
  } catch (err) {
    if (err instanceof CorpusDirectoryError)
      throw new UsageError(
        `${err.message}; ${/does not exist/.test(err.message) ? `create it (mkdir -p ${corpus}) and add articles, or pass` : 'pass'} --corpus DIR with the directory that holds them`,
        1,
      );
    throw err;
  }
}

/** Skipped files and warnings go to stderr, so stdout stays the answer (or clean JSON). */
export function printProblems(report: BuildReport, cli: CliContext): void {
  for (const p of report.problems) cli.console.error(`skipped ${p.file}: ${p.message}`);
  for (const w of report.warnings) cli.console.error(`warning ${w.file}: ${w.message}`);
  if (report.articles === 0) cli.console.error('warning: the corpus has no usable articles, so every question will go unanswered');
}

/** Report an error as the user should see it and return the exit code. */
export function fail(err: unknown, cli: CliContext): number {
  if (err instanceof UsageError) {
    cli.console.error(`error: ${err.message}`);
    return err.exitCode;
  }
  if (err instanceof NewsdeskError) {
    cli.console.error(`error: ${err.message}${err.hint ? `: ${err.hint}` : ''}`);
    return 1;
  }
  cli.console.error(err);
  return 1;
}

/** Whether the module at `moduleUrl` is the script Node was started with (not imported, e.g. by a test). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  const file = fileURLToPath(moduleUrl);
  try {
    return realpathSync(script) === realpathSync(file);
  } catch {
    // A script named without its extension (`tsx src/cli/ask`).
    const resolved = path.resolve(script);
    return resolved === file.slice(0, -path.extname(file).length);
  }
}

/** When `moduleUrl` is the script being run: run `main` on the process's arguments and streams. */
export function runIfEntryPoint(moduleUrl: string, main: CliMain): void {
  if (!isEntryPoint(moduleUrl)) return;
  main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
