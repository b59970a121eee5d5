/**
 * `npm run reindex`: build the index from the corpus and report what it found, including every skipped file.
 */
import { type CliOptions, fail, openIndex, parseCli, UsageError } from './common.js';

const HELP = `Usage: npm run reindex -- [--json] [--corpus DIR]

Reads every article in the corpus, builds the search index and reports what it found:
articles, paragraphs, sentences, time taken, and each file that was skipped with the reason.

Options:
  --json         print {"articles", "paragraphs", "sentences", "ms", "problems": [{"file", "message"}]}
  --corpus DIR   corpus directory (default: $CORPUS_DIR or ./corpus)
  --snapshot F   start from this index snapshot if the corpus is unchanged; save one after a rebuild
  -h, --help     show this help`;

async function main(argv: string[]): Promise<number> {
  const opts: CliOptions = parseCli(argv, { json: { type: 'boolean' } }, HELP);
  if (opts.positionals.length) throw new UsageError(`unexpected argument ${opts.positionals[0]} (see --help)`);
  const { report } = await openIndex(opts.corpus, opts.values.snapshot as string | undefined);
  if (opts.values.json) {
    console.log(JSON.stringify(report));
  } else {
    console.log(`Indexed ${report.articles} articles, ${report.paragraphs} paragraphs, ${report.sentences} sentences from ${opts.corpus} in ${report.ms} ms.`);
    console.log(`Learned ${report.acronyms} acronyms.`);
    if (report.problems.length) {
      console.log(`Skipped ${report.problems.length} file(s):`);
      for (const p of report.problems) console.log(`  ${p.file}: ${p.message}`);
    }
    for (const w of report.warnings) console.log(`Warning: ${w.file}: ${w.message}`);
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, fail);
