/**
 * The feedback log: checked for writing at start, votes read back after a restart, a vote changed by voting
 * again, and a vote that could not be written not counted.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedbackLog, FeedbackLogError } from '../src/discord/feedback.js';
import { AnswerArchive } from '../src/discord/answer-archive.js';
import type { Answer } from '../src/qa/answer.js';
import { main as feedbackMain } from '../src/cli/feedback.js';
import { runMain } from './support/cli.js';
import { startBot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';

const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-feedback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const vote = (v: 'up' | 'down', user = 'u1') => ({ answerId: 'a1', user, vote: v, question: 'When?', quotes: [] });

describe('feedback log', () => {
  it('refuses to start on a FEEDBACK_LOG it cannot write, naming the file', async () => {
    writeFileSync(path.join(dir, 'not-a-dir'), '');
    const bad = path.join(dir, 'not-a-dir', 'feedback.jsonl');
    await expect(FeedbackLog.open(bad)).rejects.toThrow(FeedbackLogError);
    await expect(FeedbackLog.open(bad)).rejects.toThrow(`FEEDBACK_LOG ${bad} cannot be written`);
    // The bot checks it before anything else, and says how to fix it.
    const config = loadConfig(
      { DISCORD_TOKEN: 'MTIz.GaBc.abcd', FEEDBACK_LOG: bad, CORPUS_DIR: path.join(dir, 'none') },
      { dotenv: false },
    );
    await expect(startBot(config, createLogger('silent'))).rejects.toMatchObject({
      message: expect.stringContaining(bad),
      hint: expect.stringContaining('FEEDBACK_LOG'),
    });
  });

  it('counts the last vote of a member, and reads the votes back after a restart', async () => {
    const file = path.join(dir, 'votes', 'feedback.jsonl');
    const log = await FeedbackLog.open(file);
    expect(await log.record(vote('up'))).toBe('recorded');
    expect(await log.record(vote('up'))).toBe('unchanged');
    expect(await log.record(vote('down'))).toBe('changed');
    expect(await log.record(vote('up', 'u2'))).toBe('recorded');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    const reopened = await FeedbackLog.open(file);
    expect(reopened.voteOf('a1', 'u1')).toBe('down');
    expect(reopened.voteOf('a1', 'u2')).toBe('up');
    expect(await reopened.record(vote('down'))).toBe('unchanged');
  });

  it('sees the votes another process appended since it opened the log (two shards, one file)', async () => {
    const file = path.join(dir, 'shared', 'feedback.jsonl');
    const shard0 = await FeedbackLog.open(file);
    const shard1 = await FeedbackLog.open(file);
    expect(await shard0.record(vote('up'))).toBe('recorded');
    expect(await shard1.record(vote('up'))).toBe('unchanged');
    expect(await shard1.record(vote('down'))).toBe('changed');
    expect(await shard0.record(vote('down'))).toBe('unchanged');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('does not count a vote it could not write, so the member can try again', async () => {
    const file = path.join(dir, 'gone', 'feedback.jsonl');
    const log = await FeedbackLog.open(file);
    // The file turns into a directory under the bot: appending fails.
    rmSync(file);
    mkdirSync(file);
    await expect(log.record(vote('up'))).rejects.toThrow();
    expect(log.voteOf('a1', 'u1')).toBeUndefined();
    rmSync(file, { recursive: true });
    expect(await log.record(vote('up'))).toBe('recorded');
  });
});

describe('answer archive', () => {
  it('keeps answers beside the feedback log, finds the newest by id, and skips a line cut short', async () => {
    const archive = AnswerArchive.besideFeedbackLog(path.join(dir, 'votes', 'feedback.jsonl'));
    expect(archive.dir).toBe(path.join(dir, 'votes'));
    const file = path.join(dir, 'votes', 'answers.1.jsonl');
    const answer = (question: string): Answer => ({ question, answered: false, quotes: [], closest: [] });
    await archive.save('111', answer('first'));
    await archive.save('222', answer('second'));
    await archive.save('111', answer('first, again'));
    writeFileSync(file, readFileSync(file, 'utf8') + '{"id":"333","answer":{"quest');
    expect((await archive.get('111'))?.question).toBe('first, again');
    expect((await archive.get('222'))?.question).toBe('second');
    expect(await archive.get('333')).toBeUndefined();
    expect(await new AnswerArchive(path.join(dir, 'nowhere')).get('111')).toBeUndefined();
  });
});

describe('npm run feedback', () => {
  it('lists questions worst first, a member’s last vote counting, with the short answers and articles; --since and --json', async () => {
    const file = path.join(dir, 'report.jsonl');
    const line = (at: string, answerId: string, user: string, vote: 'up' | 'down', question: string, extra: object = {}) =>
      JSON.stringify({ at, answerId, user, vote, question, quotes: [{ text: 'x', article: 'reuters-1', paragraph: 2 }], ...extra });
    writeFileSync(
      file,
      [
        line('2025-05-01T10:00:00Z', 'a1', 'u1', 'up', 'When did Colombia join BRI?', { answer: 'Mon 12 May 2025' }),
        line('2025-05-01T10:05:00Z', 'a1', 'u1', 'down', 'When did Colombia join BRI?', { answer: 'Mon 12 May 2025' }),
        line('2025-05-02T09:00:00Z', 'a2', 'u2', 'down', 'when did colombia join  BRI?', { answer: '2019' }),
        line('2025-04-01T09:00:00Z', 'a3', 'u3', 'down', 'Who won the World Cup?', { abstained: true, quotes: [] }),
        line('2025-05-03T09:00:00Z', 'a4', 'u1', 'up', 'How much credit did Xi pledge?'),
        '{"at":"2025-05-04T00:00:00Z","answerId":"a5"',
      ].join('\n') + '\n',
    );
    const text = await runMain(feedbackMain, ['--file', file]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n\n')[0]).toBe(
      '👎 2  👍 0  “When did Colombia join BRI?”\n   short answer: Mon 12 May 2025 | 2019\n   articles: reuters-1',
    );
    expect(text.stdout).toContain('👎 1  👍 0  “Who won the World Cup?”\n   answered "not in the corpus" 1 time(s)');
    expect(text.stdout.trim().split('\n\n').at(-1)).toMatch(/^👎 0 {2}👍 1 {2}“How much credit did Xi pledge\?”/);
    const json = JSON.parse((await runMain(feedbackMain, ['--file', file, '--since', '2025-05-01', '--json'])).stdout);
    expect(json.map((r: { question: string }) => r.question)).toEqual(['When did Colombia join BRI?', 'How much credit did Xi pledge?']);
    expect((await runMain(feedbackMain, ['--since', 'May'])).code).toBe(2);
  });
});
