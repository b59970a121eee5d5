/**
 * What the CLIs share: argument parsing with --corpus and --help, loading the index, reporting corpus
 * problems on stderr, and turning errors into one clear line and an exit code.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { CorpusDirectoryError } from '../corpus.js';
import { buildIndex, type BuildReport } from '../engine.js';

/** Bad arguments or input: the message says what was wrong and how to fix it. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliOptions {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  corpus: string;
}

export const DEFAULT_CORPUS_DIR = './corpus';

export function parseCli(argv: string[], options: NonNullable<ParseArgsConfig['options']>, help: string): CliOptions {
  loadDotenv({ quiet: true });
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
    console.log(help);
    process.exit(0);
  }
  const values = parsed.values as CliOptions['values'];
  const corpus = (values.corpus as string | undefined) ?? process.env.CORPUS_DIR ?? DEFAULT_CORPUS_DIR;
  return { values, positionals: parsed.positionals, corpus };
}

export async function openIndex(corpus: string, snapshot?: string) {
  try {
    return await buildIndex(corpus, { snapshot });
  } catch (err) {
    if (err instanceof CorpusDirectoryError) throw new UsageError(err.message, 1);
    throw err;
  }
}

/** Skipped files and warnings go to stderr, so stdout stays the answer (or clean JSON). */
export function printProblems(report: BuildReport): void {
  for (const p of report.problems) console.error(`skipped ${p.file}: ${p.message}`);
  for (const w of report.warnings) console.error(`warning ${w.file}: ${w.message}`);
  if (report.articles === 0) console.error('warning: the corpus has no usable articles, so every question will go unanswered');
}

export function fail(err: unknown): void {
  if (err instanceof UsageError) {
    console.error(`error: ${err.message}`);
    process.exitCode = err.exitCode;
    return;
  }
  console.error(err);
  process.exitCode = 1;
}
