/**
 * `npm run reindex`: build the index from the corpus and report what it found, including every skipped file.
 * It saves the index snapshot where the bot reads it (--snapshot, else INDEX_SNAPSHOT as the bot reads it), so a
 * running bot serving that file loads the new index at its next poll.
 */
import path from 'node:path';
import { DirectoryError } from '../files.js';
import { DEFAULT_INDEX_SNAPSHOT, DEFAULT_SNAPSHOT_POLL_SECONDS } from '../index/snapshot-file.js';
import type { BuildReport } from '../index/build/protocol.js';
import { type CliContext, type CliIo, openIndex, parseCli, processIo, runCli, runIfEntryPoint, UsageError, cliCommand } from './common.js';

const HELP = `Usage: ${cliCommand('reindex')} [--json] [--corpus DIR] [--snapshot F]

Reads every article in the corpus, builds the search index and reports what it found:
articles, paragraphs, sentences, time taken, and each file that was skipped with the reason.
It then saves the index snapshot the bot reads (INDEX_SNAPSHOT, ${DEFAULT_INDEX_SNAPSHOT} by default),
and a running bot whose INDEX_SNAPSHOT is that file loads it within SNAPSHOT_POLL_SECONDS
(${DEFAULT_SNAPSHOT_POLL_SECONDS} seconds by default). An unchanged corpus is read from the snapshot instead of rebuilt.

Options:
  --json         print {"articles", "paragraphs", "sentences", "ms", "problems": [{"file", "message"}],
                 "snapshot" (the file's full path, or null), "savedSnapshot"}
  --corpus DIR   corpus directory (default: $CORPUS_DIR or ./corpus)
  --snapshot F   the index snapshot to start from and save to (default: $INDEX_SNAPSHOT, in the environment
                 or .env, or ${DEFAULT_INDEX_SNAPSHOT}; INDEX_SNAPSHOT="" saves none)
  -h, --help     show this help`;

/** `npm run reindex -- …argv`: the report on `io.stdout`, errors on `io.stderr`; resolves to the exit code. */
export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runCli(io, (cli) => run(argv, cli));
}

/** The snapshot file and the words that name where it came from, as the bot reads INDEX_SNAPSHOT ("" is none). */
function snapshotSetting(flag: string | undefined, env: NodeJS.ProcessEnv): { file: string | undefined; named: string } {
  if (flag !== undefined) return { file: flag || undefined, named: '--snapshot' };
  const setting = env.INDEX_SNAPSHOT ?? DEFAULT_INDEX_SNAPSHOT;
  return { file: setting || undefined, named: 'INDEX_SNAPSHOT' };
}

async function run(argv: string[], cli: CliContext): Promise<number> {
  const opts = parseCli(argv, { json: { type: 'boolean' } }, HELP, cli);
  if (!opts) return 0;
  if (opts.positionals.length) throw new UsageError(`unexpected argument ${opts.positionals[0]} (see --help)`);
  const { file, named } = snapshotSetting(opts.values.snapshot as string | undefined, cli.env);
  const full = file ? path.resolve(file) : undefined;
  const { report } = await openIndex(opts.corpus, full).catch((err: unknown) => {
    throw unsaved(err, named, file, full) ?? err;
  });
  if (opts.values.json) {
    cli.console.log(JSON.stringify({ ...report, snapshot: full ?? null }));
  } else {
    cli.console.log(
      `Indexed ${report.articles} articles, ${report.paragraphs} paragraphs, ${report.sentences} sentences from ${opts.corpus} in ${report.ms} ms.`,
    );
    cli.console.log(`Learned ${report.acronyms} acronyms.`);
    if (report.problems.length) {
      cli.console.log(`Skipped ${report.problems.length} file(s):`);
      for (const p of report.problems) cli.console.log(`  ${p.file}: ${p.message}`);
    }
    for (const w of report.warnings) cli.console.log(`Warning: ${w.file}: ${w.message}`);
    cli.console.log(snapshotLine(report, full, named, cli.env));
  }
  return 0;
}

/** What became of the snapshot, and when a running bot sees it. */
function snapshotLine(report: BuildReport, full: string | undefined, named: string, env: NodeJS.ProcessEnv): string {
  if (!full)
    return `No index snapshot saved (${named === '--snapshot' ? '--snapshot ""' : 'INDEX_SNAPSHOT is ""'}): a running bot serves these articles after a moderator's /reindex.`;
  if (report.savedSnapshot) {
    const poll = /^\d+$/.test(env.SNAPSHOT_POLL_SECONDS?.trim() ?? '') ? Number(env.SNAPSHOT_POLL_SECONDS) : DEFAULT_SNAPSHOT_POLL_SECONDS;
    return poll > 0
      ? `Saved the index snapshot ${full}: a running bot whose INDEX_SNAPSHOT is this file loads it within ${poll} s (SNAPSHOT_POLL_SECONDS).`
      : `Saved the index snapshot ${full}: a running bot whose INDEX_SNAPSHOT is this file loads it when it next starts (SNAPSHOT_POLL_SECONDS=0 never checks for a newer one).`;
  }
  if (report.source === 'snapshot') return `The corpus is unchanged since the index snapshot ${full} was saved, so it is left as it was.`;
  return `The index snapshot ${full} is left as it was: an index without articles is never saved, so a running bot keeps the articles it has.`;
}

/** A snapshot that could not be written, said with the setting that named it and the way out; else undefined. */
function unsaved(err: unknown, named: string, file: string | undefined, full: string | undefined): UsageError | undefined {
  if (!file || !full) return undefined;
  const e = err as NodeJS.ErrnoException;
  let why: string;
  if (err instanceof DirectoryError) why = `the directory ${err.message}`;
  else if (typeof e.path === 'string' && e.path.startsWith(full) && e.code)
    why =
      e.code === 'EACCES' || e.code === 'EPERM'
        ? `permission denied (${e.code})`
        : e.code === 'EROFS'
          ? `the file system is read-only (${e.code})`
          : e.code === 'EISDIR'
            ? `it is a directory (${e.code})`
            : `the system refused it (${e.code})`;
  else return undefined;
  const fix =
    named === '--snapshot'
      ? 'pass --snapshot with a file in a directory you may write to'
      : 'point INDEX_SNAPSHOT (in the environment or .env) at a file in a directory you may write to, pass --snapshot F, or set INDEX_SNAPSHOT="" to index without saving';
  return new UsageError(`${named} ${file} cannot be written: ${why}; ${fix}`, 1);
}

runIfEntryPoint(import.meta.url, main);
