/**
 * Building in parallel worker threads, and updating a saved index with only the changed files, must give the
 * same index as reading the whole corpus in one thread.
 */
import { cpSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/qa/answer.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { BuildReport } from '../src/index/build/protocol.js';
import { buildTimeline } from '../src/qa/timeline.js';
import type { NewsIndex } from '../src/index/news-index.js';

const QUESTIONS = [
  'When did Colombia join BRI?',
  'What does CHEC stand for?',
  'How much credit did Xi pledge?',
  'When did the Orinoco port open?',
  'Who runs the harbour authority of Lisbon?',
];

function article(n: number, extra = ''): string {
  return (
    `---\ntitle: "Port ${n} opens"\nsource: "Test Wire"\ndate: 2024-0${1 + (n % 9)}-1${n % 10}\n---\n\n` +
    `The Orinoco port number ${n} opened on ${10 + n} March 2024, the harbour authority said.${extra}\n\n` +
    `The harbour authority of Lisbon is run by Maria Alves, who signed the deal with the Port Authority (PA).\n`
  );
}

function corpusDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'incr-'));
  const corpus = path.join(dir, 'corpus');
  cpSync(path.join(import.meta.dirname, '..', 'corpus'), corpus, { recursive: true });
  for (let n = 0; n < 6; n++) writeFileSync(path.join(corpus, `port-${n}.md`), article(n));
  return corpus;
}

/** What a reader sees: the quotes and their sources, for each question. */
function answers(index: NewsIndex) {
  return QUESTIONS.map((q) => answerQuestion(index, q)).map((a) => ({
    answered: a.answered,
    quotes: a.quotes.map((x) => [x.text, x.citations.map((c) => `${c.article}#${c.paragraph}`).sort()]),
  }));
}

describe('building the index', () => {
  it('gives the same index from parallel worker threads as from one thread', async () => {
    const corpus = corpusDir();
    const single = await buildIndex(corpus, { threads: 1 });
    const stages: string[] = [];
    const parallel = await buildIndex(corpus, { threads: 2, minFilesPerThread: 1, onProgress: (s) => stages.push(s) });
    expect(parallel.index.stats).toEqual(single.index.stats);
    expect(parallel.index.articles.map((a) => a.id)).toEqual(single.index.articles.map((a) => a.id));
    expect(answers(parallel.index)).toEqual(answers(single.index));
    expect(stages.some((s) => /indexing: \d+ of 8 files read/.test(s))).toBe(true);
  }, 30_000);

  it('updates a saved index with only the added, changed and removed files', async () => {
    const corpus = corpusDir();
    const snapshot = path.join(path.dirname(corpus), 'index.snapshot');
    expect((await buildIndex(corpus, { snapshot })).report).toMatchObject({ source: 'built', filesRead: 8 });

    writeFileSync(path.join(corpus, 'port-1.md'), article(1, ' It cost $4 million.'));
    rmSync(path.join(corpus, 'port-2.md'));
    writeFileSync(path.join(corpus, 'port-9.md'), article(9));
    writeFileSync(path.join(corpus, 'broken.md'), '---\ntitle: [unclosed\n---\n\nText.\n');
    const updated = await buildIndex(corpus, { snapshot });
    expect(updated.report).toMatchObject({ source: 'incremental', filesRead: 3 });
    expect(updated.report.problems.map((p) => p.file)).toEqual(['broken.md']);

    const full = await buildIndex(corpus, {});
    expect(updated.index.stats).toEqual(full.index.stats);
    expect(updated.index.articles.map((a) => a.id).sort()).toEqual(full.index.articles.map((a) => a.id).sort());
    expect(answers(updated.index)).toEqual(answers(full.index));
    expect(answerQuestion(updated.index, 'How much did port 1 cost?').quotes[0].text).toContain('$4 million');
    expect(updated.index.articles.map((a) => a.id)).not.toContain('port-2');

    // Saved again: the next start reads nothing.
    expect((await buildIndex(corpus, { snapshot })).report).toMatchObject({
      source: 'snapshot',
      filesRead: 0,
      problems: [{ file: 'broken.md' }],
    });
  }, 30_000);
});

/** Everything a reader can get from an index, independent of the order the articles were merged in. */
function content(index: NewsIndex, report: BuildReport) {
  const articles = index.articles
    .map((a, i) => ({
      id: a.id,
      file: a.file,
      title: a.title,
      source: a.source,
      date: a.date,
      url: a.url,
      authors: a.authors,
      hash: a.hash,
      paragraphs: index.paragraphs.filter((p) => p.article === i).map((p) => ({ number: p.number, text: p.text, sentences: p.sentences })),
    }))
    .sort((x, y) => x.id.localeCompare(y.id));
  return {
    stats: index.stats,
    articles,
    acronyms: index.aliases
      .toJSON()
      .map((a) => JSON.stringify(a))
      .sort(),
    problems: report.problems,
    warnings: report.warnings,
    answers: answers(index),
    timeline: buildTimeline(index, { topic: 'Orinoco port' }).events.map((e) => [e.date, e.text, e.citations.map((c) => c.article).sort()]),
  };
}

describe('an incremental reindex equals a full build of the same files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'incr-steps-'));
  const corpus = path.join(dir, 'corpus');
  const snapshot = path.join(dir, 'index.snapshot');
  cpSync(path.join(import.meta.dirname, '..', 'corpus'), corpus, { recursive: true });
  for (let n = 0; n < 4; n++) writeFileSync(path.join(corpus, `port-${n}.md`), article(n));
  const outside = path.join(dir, 'elsewhere.md');
  writeFileSync(outside, article(42));

  // Each step changes the corpus; after each, the saved index updated with the changed files must be what a
  // fresh build of the same files gives.
  const steps: [string, () => void, (report: BuildReport) => void][] = [
    ['first build', () => {}, () => {}],
    ['add', () => writeFileSync(path.join(corpus, 'port-7.md'), article(7)), (r) => expect(r.filesRead).toBe(1)],
    ['edit', () => writeFileSync(path.join(corpus, 'port-1.md'), article(1, ' It cost $4 million.')), (r) => expect(r.filesRead).toBe(1)],
    ['delete', () => rmSync(path.join(corpus, 'port-2.md')), (r) => expect(r.filesRead).toBe(0)],
    ['rename', () => renameSync(path.join(corpus, 'port-3.md'), path.join(corpus, 'port-three.md')), (r) => expect(r.filesRead).toBe(1)],
    [
      'clash: x.txt next to x.md',
      () => {
        writeFileSync(path.join(corpus, 'x.md'), article(5));
        writeFileSync(path.join(corpus, 'x.txt'), article(6));
      },
      (r) =>
        expect(r.problems).toContainEqual({
          file: 'x.txt',
          message: 'has the same article id "x" as x.md (ids are file names without the extension); rename one of them',
        }),
    ],
    [
      'edit one of the clashing pair',
      () => writeFileSync(path.join(corpus, 'x.md'), article(5, ' It cost $8 million.')),
      (r) => expect(r.filesRead).toBe(1),
    ],
    [
      'delete the one that kept the id',
      () => rmSync(path.join(corpus, 'x.md')),
      (r) => {
        expect(r.filesRead).toBe(1);
        expect(r.problems.map((p) => p.file)).not.toContain('x.txt');
      },
    ],
    [
      'link to a file outside the corpus, and a broken link',
      () => {
        symlinkSync(outside, path.join(corpus, 'linked.md'));
        symlinkSync(path.join(dir, 'missing.md'), path.join(corpus, 'dangling.md'));
      },
      (r) => expect(r.problems.map((p) => p.file)).toContain('dangling.md'),
    ],
    ['a broken file', () => writeFileSync(path.join(corpus, 'broken.md'), '---\ntitle: [unclosed\n---\n\nText.\n'), () => {}],
  ];

  it.each(steps.map((s, i) => [i, s[0]] as const))('step %i: %s', async (i) => {
    const [, change, check] = steps[i];
    change();
    const incremental = await buildIndex(corpus, { snapshot, threads: 1 });
    const full = await buildIndex(corpus, { threads: 1 });
    expect(incremental.report.source).toBe(i === 0 ? 'built' : 'incremental');
    check(incremental.report);
    expect(content(incremental.index, incremental.report)).toEqual(content(full.index, full.report));
  });

  it('answers from the article that kept a clashing id, and from the other once it is alone', async () => {
    const { index } = await buildIndex(corpus, { snapshot, threads: 1 });
    expect(index.articles.find((a) => a.id === 'x')).toMatchObject({ file: 'x.txt', title: 'Port 6 opens' });
    expect(index.articles.find((a) => a.id === 'linked')).toMatchObject({ title: 'Port 42 opens' });
    rmSync(dir, { recursive: true, force: true });
  });
});
