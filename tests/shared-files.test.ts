/**
 * The files processes share beside FEEDBACK_LOG, as they use them. The shared log: lines appended by one are
 * read by another, exactly once and in order, with multi-byte text, across generations rolled over by anyone.
 * The answer archive on it: one process saves, another finds. The questions suggested: asked in one, suggested
 * in the other, forgotten after a 👎 everywhere, kept across a restart.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerArchive } from '../src/discord/answer-archive.js';
import { AskedQuestions } from '../src/discord/asked-questions.js';
import { SharedLog } from '../src/discord/shared-log.js';
import type { Answer } from '../src/qa/answer.js';

const root = mkdtempSync(path.join(tmpdir(), 'newsdesk-shared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A directory not made yet: the first append makes it. */
const newDir = () => path.join(root, String(++n));

describe('shared log', () => {
  it('gives another process every line once, in order, where it is (multi-byte text and a line over 1 MB)', async () => {
    const dir = newDir();
    const writer = new SharedLog(dir, 'log', 64 * 1024 * 1024);
    const reader = new SharedLog(dir, 'log', 64 * 1024 * 1024);
    const texts = ['{"a":"Bogotá"}', '{"b":"🇨🇴 Petro"}', JSON.stringify({ long: 'é'.repeat(700_000) }), '{"c":3}'];
    await writer.append(texts[0]);
    expect((await reader.readNew()).lines.map((l) => l.text)).toEqual([texts[0]]);
    for (const t of texts.slice(1)) await writer.append(t);
    // Two reads at once share the lines between them, never both.
    const [x, y] = await Promise.all([reader.readNew(), reader.readNew()]);
    const read = [...x.lines, ...y.lines];
    expect(read.map((l) => l.text)).toEqual(texts.slice(1));
    for (const line of read) expect(await reader.readLine(line)).toBe(line.text);
    // A line being written is left for the next read.
    appendFileSync(writer.file(1), '{"d":');
    expect((await reader.readNew()).lines).toEqual([]);
    appendFileSync(writer.file(1), '4}\n');
    expect((await reader.readNew()).lines.map((l) => l.text)).toEqual(['{"d":4}']);
  });

  it('rolls over to numbered generations, keeps two, and a reader misses no line appended before a rollover', async () => {
    const dir = newDir();
    // Two writers, both rolling over (past 100 bytes), and a reader that looks now and then.
    const a = new SharedLog(dir, 'log', 100, 0);
    const b = new SharedLog(dir, 'log', 100, 0);
    const reader = new SharedLog(dir, 'log', 100, 0);
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await (i % 2 ? a : b).append(JSON.stringify({ i }));
      if (i % 7 === 0) seen.push(...(await reader.readNew()).lines.map((l) => l.text));
    }
    seen.push(...(await reader.readNew()).lines.map((l) => l.text));
    const generations = await reader.generations();
    expect(generations.length).toBe(2);
    expect(generations[1]).toBeGreaterThanOrEqual(3);
    // Read as they came, none twice, none lost (the reader looked before each generation was removed).
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => JSON.stringify({ i })));
  });
});

describe('answer archive', () => {
  const answer = (question: string): Answer => ({ question, answered: true, quotes: [], closest: [] });

  it('reads the files of the version before generations (answers.jsonl, answers.1.jsonl) after an upgrade', async () => {
    const dir = newDir();
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'answers.1.jsonl'), `${JSON.stringify({ id: 'old', answer: answer('older file') })}\n`);
    writeFileSync(path.join(dir, 'answers.jsonl'), `${JSON.stringify({ id: 'recent', answer: answer('current file') })}\n`);
    const archive = new AnswerArchive(dir);
    expect((await archive.get('old'))?.question).toBe('older file');
    expect((await archive.get('recent'))?.question).toBe('current file');
    await archive.save('new', answer('after the upgrade'));
    expect((await new AnswerArchive(dir).get('new'))?.question).toBe('after the upgrade');
  });

  it('finds what another process saved, the newest line of an id, and nothing for an unknown id or a cut line', async () => {
    const dir = newDir();
    const mine = new AnswerArchive(dir);
    const theirs = new AnswerArchive(dir);
    expect(await theirs.get('1')).toBeUndefined();
    await mine.save('1', answer('first'));
    await mine.saveTimeline('1', { timeline: { events: [] }, searched: '“BRI”' });
    expect((await theirs.get('1'))?.question).toBe('first');
    expect((await theirs.getTimeline('1'))?.searched).toBe('“BRI”');
    await mine.save('1', answer('first, again'));
    expect((await theirs.get('1'))?.question).toBe('first, again');
    expect(await theirs.get('2')).toBeUndefined();
    appendFileSync(path.join(dir, 'answers.1.jsonl'), '{"id":"3","answer":{"question":"cut sh\n');
    await mine.save('4', answer('after the crash'));
    expect(await theirs.get('3')).toBeUndefined();
    expect((await theirs.get('4'))?.question).toBe('after the crash');
    expect((await new AnswerArchive(dir).get('4'))?.question).toBe('after the crash');
  });
});

describe('questions suggested', () => {
  it('are shared, newest first, per server; a 👎 in any process removes one everywhere; a restart keeps them', async () => {
    const dir = newDir();
    const one = new AskedQuestions(dir);
    const other = new AskedQuestions(dir);
    await one.remember('g1', 'When did Colombia join BRI?');
    await other.remember('g1', 'What does CHEC stand for?');
    await one.remember('g2', 'Who is Petro?');
    expect(await one.recent('g1')).toEqual(['What does CHEC stand for?', 'When did Colombia join BRI?']);
    expect(await other.recent('g2')).toEqual(['Who is Petro?']);
    await other.forget('g1', 'when did colombia join bri?');
    expect(await one.recent('g1')).toEqual(['What does CHEC stand for?']);
    expect(await new AskedQuestions(dir).recent('g1')).toEqual(['What does CHEC stand for?']);
  });
});
