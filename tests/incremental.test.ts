/**
 * Building in parallel worker threads, and updating a saved index with only the changed files, must give the
 * same index as reading the whole corpus in one thread.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/answer.js';
import { buildIndex } from '../src/engine.js';
import type { NewsIndex } from '../src/search-index.js';

const QUESTIONS = ['When did Colombia join BRI?', 'What does CHEC stand for?', 'How much credit did Xi pledge?', 'When did the Orinoco port open?', 'Who runs the harbour authority of Lisbon?'];

function article(n: number, extra = ''): string {
  return `---\ntitle: "Port ${n} opens"\nsource: "Test Wire"\ndate: 2024-0${1 + (n % 9)}-1${n % 10}\n---\n\n` +
    `The Orinoco port number ${n} opened on ${10 + n} March 2024, the harbour authority said.${extra}\n\n` +
    `The harbour authority of Lisbon is run by Maria Alves, who signed the deal with the Port Authority (PA).\n`;
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
  return QUESTIONS.map((q) => answerQuestion(index, q)).map((a) => ({ answered: a.answered, quotes: a.quotes.map((x) => [x.text, x.citations.map((c) => `${c.article}#${c.paragraph}`).sort()]) }));
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
    expect((await buildIndex(corpus, { snapshot })).report).toMatchObject({ source: 'snapshot', filesRead: 0, problems: [{ file: 'broken.md' }] });
  }, 30_000);
});
