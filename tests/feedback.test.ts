/**
 * Votes in the bot's database: `npm run feedback` reports them (the per-question counts by SQL), --since,
 * --json and --export; and a database the bot cannot open stops it at start, naming the setting.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main as feedbackMain } from '../src/cli/feedback.js';
import { parseFeedback } from '../src/qa/feedback-report.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { runMain, userEnv } from './support/cli.js';
import { startBot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import { REPORT_TALLIES, reportVotes } from './support/votes.js';

const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-feedback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bot’s database at start', () => {
  it('refuses to start on a DATABASE_FILE it cannot open, naming the file and the setting', async () => {
    writeFileSync(path.join(dir, 'not-a-dir'), '');
    const bad = path.join(dir, 'not-a-dir', 'newsdesk.sqlite');
    const config = loadConfig(
      { DISCORD_TOKEN: 'MTIz.GaBc.abcd', DATABASE_FILE: bad, CORPUS_DIR: path.join(dir, 'none') },
      { dotenv: false },
    );
    await expect(startBot(config, createLogger('silent'))).rejects.toMatchObject({
      message: expect.stringContaining(`the bot's database ${bad} cannot be opened for writing (`),
      hint: expect.stringContaining('DATABASE_FILE'),
    });
  });
});

describe('npm run feedback', () => {
  it('lists questions worst first, a member’s last vote counting, with the short answers and articles; --since, --json, --export', async () => {
    const file = path.join(dir, 'report.sqlite');
    const store = SqliteStore.open(file);
    for (const v of reportVotes()) await store.recordVote(v);
    expect(await store.voteTallies()).toEqual(REPORT_TALLIES);
    await store.close();
    // Found through DATABASE_FILE, as the bot finds it.
    const env = { ...userEnv(), DATABASE_FILE: file, FEEDBACK_LOG: path.join(dir, 'none.jsonl') };
    const text = await runMain(feedbackMain, [], env);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n\n')[0]).toBe(
      '👎 2  👍 0  “When did Colombia join BRI?”\n   short answer: Mon 12 May 2025 | 2019\n   articles: reuters-1',
    );
    expect(text.stdout).toContain('👎 1  👍 0  “Who won the World Cup?”\n   answered "not in the corpus" 1 time(s)');
    expect(text.stdout.trim().split('\n\n').at(-1)).toMatch(/^👎 0 {2}👍 1 {2}“How much credit did Xi pledge\?”/);
    const json = JSON.parse((await runMain(feedbackMain, ['--database', file, '--since', '2025-05-01', '--json'], env)).stdout);
    expect(json.map((r: { question: string }) => r.question)).toEqual(['When did Colombia join BRI?', 'How much credit did Xi pledge?']);
    // The votes that count, as JSON lines: the form earlier versions kept them in, which parseFeedback reads.
    const exported = await runMain(feedbackMain, ['--export'], env);
    const lines = exported.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(parseFeedback(exported.stdout).map((v) => `${v.answerId}:${v.vote}`)).toEqual(['a3:down', 'a1:down', 'a2:down', 'a4:up']);
    expect((await runMain(feedbackMain, ['--since', 'May'], env)).code).toBe(2);
  });

  it('says there are no votes yet where the bot never ran, makes no file, and points at an old log not yet imported', async () => {
    const old = path.join(dir, 'old-feedback.jsonl');
    writeFileSync(old, `${JSON.stringify(reportVotes()[0])}\n`);
    const missing = path.join(dir, 'never', 'newsdesk.sqlite');
    const run = await runMain(feedbackMain, [], { ...userEnv(), DATABASE_FILE: missing, FEEDBACK_LOG: old });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('No votes yet.');
    expect(run.stderr).toContain(`note: ${old} holds votes from an earlier version that are not in the database yet`);
    // Empty because there is no database there, said so: a mistyped path is not "no votes".
    expect(run.stderr).toContain(
      `note: there is no database at ${missing} yet (the bot makes it at its first start); if the bot keeps it elsewhere, pass --database with its DATABASE_FILE`,
    );
    const notADatabase = path.join(dir, 'not-a-database.txt');
    writeFileSync(notADatabase, 'some notes, not SQLite\n'.repeat(100));
    const wrong = await runMain(feedbackMain, ['--database', notADatabase], userEnv());
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe(
      `error: SQLite ${notADatabase} cannot be read as the bot's database (SQLITE_NOTADB); pass --database with the bot's DATABASE_FILE, or set DATABASE_URL`,
    );
    expect((await runMain(feedbackMain, ['--json'], { ...userEnv(), DATABASE_FILE: missing })).stdout.trim()).toBe('[]');
  });
});
