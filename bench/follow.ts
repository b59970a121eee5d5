/**
 * What /follow would post over one week of news: for each topic, the articles of the week that are about it
 * (qa/follow-match.ts, the threshold /follow uses), with the sentences a post would quote, and the articles that
 * mention the topic but are left out as passing mentions, so the threshold can be read and judged.
 *
 *   npx tsx bench/follow.ts [--news DIR] [--from YYYY-MM-DD] [--days N] [--topic T]… [--snapshot FILE] [--quotes]
 *
 * DIR is the news-2022 folder (default ../shared/news-2022); the whole corpus is indexed (the topic's weights are
 * the corpus's), and only the week's articles are matched, as if they had just arrived. Without --from, the week
 * (7 days from a Monday) holding the most dated articles.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex } from '../src/index/build/pipeline.js';
import { dayNumber } from '../src/language/dates.js';
import { isAbout, MIN_TOPIC_PARAGRAPH_SHARE, MIN_TOPIC_PARAGRAPHS, readTopic, TOPIC_SHARE } from '../src/qa/follow-match.js';

const DEFAULT_TOPICS = ['lithium', 'Elon Musk', 'World Cup', 'inflation', 'Twitter', 'midterm elections'];

const { values } = parseArgs({
  options: {
    news: { type: 'string', default: path.join(import.meta.dirname, '..', '..', 'shared', 'news-2022') },
    from: { type: 'string' },
    days: { type: 'string', default: '7' },
    topic: { type: 'string', multiple: true },
    snapshot: { type: 'string' },
    quotes: { type: 'boolean', default: false },
  },
});

const corpus = path.join(values.news, 'corpus');
if (!existsSync(corpus)) {
  console.error(`error: ${corpus} does not exist; give the news-2022 folder with --news DIR`);
  process.exit(1);
}
const started = performance.now();
const { index } = await buildIndex(corpus, values.snapshot ? { snapshot: values.snapshot } : {});
const days = Number(values.days);

/** The Monday on or before a day. */
function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

let from = values.from;
if (!from) {
  const weeks = new Map<string, number>();
  for (const a of index.articles) if (a.date) weeks.set(mondayOf(a.date), (weeks.get(mondayOf(a.date)) ?? 0) + 1);
  from = [...weeks].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}
const first = dayNumber(from);
const week = index.articles.flatMap((a, i) => (a.date && dayNumber(a.date) >= first && dayNumber(a.date) < first + days ? [i] : []));
const to = new Date((first + days - 1) * 86_400_000).toISOString().slice(0, 10);
console.log(
  `# /follow over ${week.length} articles dated ${from} to ${to} (of ${index.articleCount} indexed in ${Math.round((performance.now() - started) / 1000)} s)`,
);
console.log(
  `threshold: a paragraph holds the topic when it says its head (last word) or ${TOPIC_SHARE} of its weight; about it = the whole topic named together once, and the headline names it, or ≥ ${MIN_TOPIC_PARAGRAPHS} paragraphs and ≥ ${Math.round(MIN_TOPIC_PARAGRAPH_SHARE * 100)}% of them do\n`,
);

const table: string[] = ['| topic | mention it | posted | left out (in passing) | ms |', '|---|---|---|---|---|'];
for (const topic of values.topic ?? DEFAULT_TOPICS) {
  const t0 = performance.now();
  const evidence = readTopic(index, topic, week).filter((e) => e.paragraphs > 0);
  const ms = Math.round(performance.now() - t0);
  const posted = evidence.filter((e) => e.match);
  const passing = evidence.filter((e) => !isAbout(e));
  table.push(`| ${topic} | ${evidence.length} | ${posted.length} | ${passing.length} | ${ms} |`);
  console.log(`## ${topic}: ${posted.length} posted of ${evidence.length} articles that name it (${ms} ms)`);
  for (const e of posted) {
    const a = index.article(e.position);
    console.log(
      `+ ${a.date} ${a.title} — ${a.source ?? 'no source'} [${e.paragraphs}/${e.total} paragraphs${e.headline ? ', headline' : ''}]`,
    );
    if (values.quotes) for (const q of e.match!.quotes) console.log(`    > ${q.text.slice(0, 300)}`);
  }
  for (const e of passing) {
    const a = index.article(e.position);
    console.log(
      `- ${a.date} ${a.title} — ${a.source ?? 'no source'} [${e.paragraphs}/${e.total} paragraphs${e.named ? '' : ', never named in full'}]`,
    );
  }
  console.log('');
}
console.log(table.join('\n'));
