import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/qa/answer.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import { buildTimeline } from '../src/qa/timeline.js';

describe('index snapshots', () => {
  it('serves an unchanged corpus from the snapshot with the same answers, and rebuilds when a file changes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snap-'));
    const corpus = path.join(dir, 'corpus');
    cpSync(path.join(import.meta.dirname, '..', 'corpus'), corpus, { recursive: true });
    writeFileSync(path.join(corpus, 'bad.md'), '---\ntitle: [x]\n---\n\nText.\n');
    const snapshot = path.join(dir, 'data', 'index.snapshot');

    const built = await buildIndex(corpus, { snapshot });
    expect(built.report.source).toBe('built');
    const loaded = await buildIndex(corpus, { snapshot });
    expect(loaded.report.source).toBe('snapshot');
    expect(loaded.report.problems).toEqual(built.report.problems);
    for (const q of ['When did Colombia join BRI?', 'What does CHEC stand for?', 'Who won the 2022 World Cup?']) {
      expect(answerQuestion(loaded.index, q)).toEqual(answerQuestion(built.index, q));
    }
    expect(buildTimeline(loaded.index, { topic: 'BRI' })).toEqual(buildTimeline(built.index, { topic: 'BRI' }));
    expect(loaded.index.suggest('bog', 5)).toEqual(['bogota']);

    writeFileSync(path.join(corpus, 'bad.md'), '---\ntitle: "Fixed"\ndate: 2025-06-01\n---\n\nThe fixed article now has text.\n');
    const rebuilt = await buildIndex(corpus, { snapshot });
    expect(rebuilt.report).toMatchObject({ source: 'incremental', filesRead: 1, articles: 3, problems: [] });
    expect((await buildIndex(corpus, { snapshot })).report.source).toBe('snapshot');
  });

  it('rebuilds over an unreadable snapshot instead of failing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snap-'));
    const snapshot = path.join(dir, 'index.snapshot');
    writeFileSync(snapshot, 'not a snapshot');
    const { report } = await buildIndex(path.join(import.meta.dirname, '..', 'corpus'), { snapshot });
    expect(report).toMatchObject({ source: 'built', articles: 2 });
  });
});
