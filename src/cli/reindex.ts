/**
 * `npm run reindex`: build the index from the corpus and report what it found, including every skipped file.
 */
import { type CliContext, type CliIo, openIndex, parseCli, processIo, runCli, runIfEntryPoint, UsageError, cliCommand } from './common.js';

const HELP = `Usage: ${cliCommand('reindex')} [--json] [--corpus DIR]

Reads every article in the corpus, builds the search index and reports what it found:
articles, paragraphs, sentences, time taken, and each file that was skipped with the reason.

Options:
  --json         print {"articles", "paragraphs", "sentences", "ms", "problems": [{"file", "message"}]}
  --corpus DIR   corpus directory (default: $CORPUS_DIR or ./corpus)
  --snapshot F   start from this index snapshot if the corpus is unchanged; save one after a rebuild
  -h, --help     show this help`;

/** `npm run reindex -- …argv`: the report on `io.stdout`, errors on `io.stderr`; resolves to the exit code. */
export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runCli(io, (cli) => run(argv, cli));
}

async function run(argv: string[], cli: CliContext): Promise<number> {
  const opts = parseCli(argv, { json: { type: 'boolean' } }, HELP, cli);
  if (!opts) return 0;
  if (opts.positionals.length) throw new UsageError(`unexpected argument ${opts.positionals[0]} (see --help)`);
  const { report } = await openIndex(opts.corpus, opts.values.snapshot as string | undefined);
  if (opts.values.json) {
    cli.console.log(JSON.stringify(report));
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
  }
  return 0;
}

runIfEntryPoint(import.meta.url, main);
