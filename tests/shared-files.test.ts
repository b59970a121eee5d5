/**
 * The files processes share beside FEEDBACK_LOG, as they use them. The answer archive: one saves, another finds
 * it; a rollover (by any of them) moves lines to the older file, and a second one forgets them. The questions
 * suggested: asked in one, suggested in the other, forgotten after a 👎 everywhere, kept across a rollover.
 */
import { appendFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerArchive } from '../src/discord/answer-archive.js';
import { AskedQuestions } from '../src/discord/asked-questions.js';
import type { Answer } from '../src/qa/answer.js';

const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const answer = (question: string): Answer => ({ question, answered: true, quotes: [], closest: [] });

describe('answer archive', () => {
  const file = path.join(dir, 'answers.jsonl');
  const older = path.join(dir, 'answers.1.jsonl');
  // Two processes' views of one file.
  const mine = new AnswerArchive(file);
  const theirs = new AnswerArchive(file);

  it('finds what another process saved, the newest line of an id, and nothing for an unknown id', async () => {
    expect(await theirs.get('1')).toBeUndefined();
    await mine.save('1', answer('first'));
    await mine.saveTimeline('1', { timeline: { events: [] }, searched: '“BRI”' });
    expect((await theirs.get('1'))?.question).toBe('first');
    expect((await theirs.getTimeline('1'))?.searched).toBe('“BRI”');
    await mine.save('1', answer('first, again'));
    expect((await theirs.get('1'))?.question).toBe('first, again');
    expect(await theirs.get('2')).toBeUndefined();
  });

  it('skips a line cut short by a crash and reads on', async () => {
    appendFileSync(file, '{"id":"3","answer":{"question":"cut sh\n');
    await mine.save('4', answer('after the crash'));
    expect(await theirs.get('3')).toBeUndefined();
    expect((await theirs.get('4'))?.question).toBe('after the crash');
  });

  it('follows a rollover done by another process: older lines still found once, then forgotten', async () => {
    renameSync(file, older);
    expect((await theirs.get('4'))?.question).toBe('after the crash');
    await mine.save('5', answer('new file'));
    expect((await theirs.get('5'))?.question).toBe('new file');
    expect((await theirs.get('1'))?.question).toBe('first, again');
    renameSync(file, older);
    expect(await theirs.get('1')).toBeUndefined();
    expect((await theirs.get('5'))?.question).toBe('new file');
    // A process started now reads both files.
    expect((await new AnswerArchive(file).get('5'))?.question).toBe('new file');
  });
});

describe('questions suggested', () => {
  const file = path.join(dir, 'asked.jsonl');
  const one = new AskedQuestions(file);
  const other = new AskedQuestions(file);

  it('are shared, newest first, per server, and a 👎 in any process removes one everywhere', async () => {
    await one.remember('g1', 'When did Colombia join BRI?');
    await other.remember('g1', 'What does CHEC stand for?');
    await one.remember('g2', 'Who is Petro?');
    expect(await one.recent('g1')).toEqual(['What does CHEC stand for?', 'When did Colombia join BRI?']);
    expect(await other.recent('g2')).toEqual(['Who is Petro?']);
    await other.forget('g1', 'when did colombia join bri?');
    expect(await one.recent('g1')).toEqual(['What does CHEC stand for?']);
  });

  it('survive a rollover and a restart', async () => {
    renameSync(file, path.join(dir, 'asked.1.jsonl'));
    await one.remember('g1', 'Who won?');
    expect(await other.recent('g1')).toEqual(['Who won?', 'What does CHEC stand for?']);
    expect(await new AskedQuestions(file).recent('g1')).toEqual(['Who won?', 'What does CHEC stand for?']);
  });
});
