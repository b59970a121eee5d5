/**
 * The bot's state in SQLite (store/sqlite-store.ts), against real files: the schema migrated once, each kind of
 * state kept and read back, two connections to one file (as two shard processes have) agreeing on who claimed an
 * interaction, whose cooldown runs and who holds the /reindex lease; two real processes claiming the same ids;
 * the files of the earlier versions imported once and renamed; the topics followed and the articles posted for
 * each; an unwritable location named in the error.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { importFileState } from '../src/store/import-files.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { ASKED_KEPT, StoreError } from '../src/store/state-store.js';
import { ROOT } from './support/cli.js';
import { vote } from './support/votes.js';
import { checkFeedStore } from './support/feed-store.js';
import { checkFollowStore } from './support/follow-store.js';
import { checkCooldownEnds, checkImportOrder, checkLeaseHandover, checkPruneKeepsNewer } from './support/store-rules.js';

const opened: SqliteStore[] = [];
const open = (file: string) => {
  const store = SqliteStore.open(file);
  opened.push(store);
  return store;
};
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close().catch(() => undefined);
});

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'store-'));

describe('SQLite store', () => {
  it('creates its file and directory in WAL mode, migrates once, and keeps what was saved across reopening', async () => {
    const file = path.join(tempDir(), 'data', 'newsdesk.sqlite');
    const store = open(file);
    expect(store.version()).toBe(MIGRATIONS.length);
    await store.saveRecord('answer', 'i1', { question: 'Q?', quotes: ['x'] });
    await store.close();
    opened.pop();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    raw.close();
    const again = open(file);
    expect(again.version()).toBe(MIGRATIONS.length);
    expect(await again.record('answer', 'i1')).toEqual({ question: 'Q?', quotes: ['x'] });
    expect(await again.record('timeline', 'i1')).toBeUndefined();
  });

  it('follows feeds: each once per server, their polling state kept, each item taken once', async () => {
    await checkFeedStore(open(path.join(tempDir(), 's.sqlite')));
  });

  it('follows topics: once per server, topic and channel, up to the limit; each article queued, claimed and posted once', async () => {
    const file = path.join(tempDir(), 's.sqlite');
    await checkFollowStore(open(file), open(file));
  });

  it('prunes answers older than the retention and keeps the newer ones', async () => {
    await checkPruneKeepsNewer(open(path.join(tempDir(), 's.sqlite')), 'prune');
  });

  it('counts a member’s last vote on an answer, once', async () => {
    const store = open(path.join(tempDir(), 's.sqlite'));
    expect(await store.recordVote(vote('a1', 'u1', 'up', '2026-01-01T00:00:00Z'))).toBe('recorded');
    expect(await store.recordVote(vote('a1', 'u1', 'up', '2026-01-01T00:00:01Z'))).toBe('unchanged');
    expect(await store.recordVote(vote('a1', 'u1', 'down', '2026-01-02T00:00:00Z'))).toBe('changed');
    expect(await store.recordVote(vote('a1', 'u2', 'up', '2026-01-03T00:00:00Z'))).toBe('recorded');
    expect(await store.voteOf('a1', 'u1')).toBe('down');
    expect(await store.voteOf('a1', 'u3')).toBeUndefined();
    expect((await store.votes()).map((v) => `${v.user} ${v.vote}`)).toEqual(['u1 down', 'u2 up']);
    expect((await store.votes('2026-01-03')).map((v) => v.user)).toEqual(['u2']);
  });

  it('suggests a server’s questions newest first, each once, forgetting a 👎 one and all but the newest 50', async () => {
    const store = open(path.join(tempDir(), 's.sqlite'));
    await store.rememberQuestion('g1', 'When did Colombia join BRI?');
    await store.rememberQuestion('g1', 'Who is Petro?');
    await store.rememberQuestion('g2', 'Other server?');
    await store.rememberQuestion('g1', 'when did colombia join bri?');
    expect(await store.recentQuestions('g1')).toEqual(['when did colombia join bri?', 'Who is Petro?']);
    await store.forgetQuestion('g1', 'Who is Petro?');
    expect(await store.recentQuestions('g1')).toEqual(['when did colombia join bri?']);
    for (let i = 0; i < ASKED_KEPT + 5; i++) await store.rememberQuestion('g3', `question ${i}?`);
    const kept = await store.recentQuestions('g3');
    expect(kept).toHaveLength(ASKED_KEPT);
    expect(kept[0]).toBe(`question ${ASKED_KEPT + 4}?`);
    expect(await store.recentQuestions('g2')).toEqual(['Other server?']);
  });

  it('two connections to one file agree: an interaction is claimed once, a cooldown holds, one holds the lease', async () => {
    const file = path.join(tempDir(), 's.sqlite');
    const [a, b] = [open(file), open(file)];
    expect(await a.claimInteraction('i1')).toBe(true);
    expect(await b.claimInteraction('i1')).toBe(false);
    expect(await b.claimInteraction('i2')).toBe(true);

    const now = new Date('2026-01-01T00:00:00Z');
    expect(await a.startCooldown('u1', 'ask', 10, now)).toBe(0);
    expect(await b.startCooldown('u1', 'ask', 10, new Date(now.getTime() + 4000))).toBe(6000);
    expect(await b.startCooldown('u1', 'timeline', 10, now)).toBe(0);
    expect(await b.startCooldown('u1', 'ask', 10, new Date(now.getTime() + 10_000))).toBe(0);

    expect(await a.acquireLease('reindex', 'replica-a', 60_000, now)).toBe(true);
    expect(await b.acquireLease('reindex', 'replica-b', 60_000, now)).toBe(false);
    // A crashed holder does not block for ever: the lease expires.
    expect(await b.acquireLease('reindex', 'replica-b', 60_000, new Date(now.getTime() + 61_000))).toBe(true);
    await b.releaseLease('reindex', 'replica-b');
    expect(await a.acquireLease('reindex', 'replica-a', 60_000, new Date(now.getTime() + 62_000))).toBe(true);

    await a.recordReindex({ at: '2026-01-01T00:00:00Z', by: 'mod#1', result: 'Reindexed: 3 articles', ok: true });
    await b.recordReindex({ at: '2026-01-02T00:00:00Z', by: 'mod#2', result: 'failed: no corpus', ok: false });
    expect(await a.latestReindex()).toEqual({ at: '2026-01-02T00:00:00Z', by: 'mod#2', result: 'failed: no corpus', ok: false });
  });

  it('a cooldown ends: asked after its end a member is served, and the next call within the new one is refused', async () => {
    const file = path.join(tempDir(), 's.sqlite');
    await checkCooldownEnds(open(file), open(file), 'u1');
  });

  it('a lease taken over after it ran out stays with its new holder when the old one releases it', async () => {
    const file = path.join(tempDir(), 's.sqlite');
    await checkLeaseHandover(open(file), open(file), 'reindex');
  });

  it('keeps a version per server of its own articles, which a second connection to the file reads', async () => {
    const file = path.join(tempDir(), 's.sqlite');
    const [a, b] = [open(file), open(file)];
    expect(await a.serverArticlesVersion('g1')).toBe(0);
    expect(await a.noteServerArticlesChanged('g1', new Date('2026-01-01T00:00:00Z'))).toBe(1);
    expect(await a.noteServerArticlesChanged('g1', new Date('2026-01-02T00:00:00Z'))).toBe(2);
    expect(await a.serverArticlesVersion('g1')).toBe(2);
    // A second replica sees the bump, and its own is seen in turn.
    expect(await b.serverArticlesVersion('g1')).toBe(2);
    expect(await b.noteServerArticlesChanged('g1')).toBe(3);
    expect(await a.serverArticlesVersion('g1')).toBe(3);
    expect(await b.serverArticlesVersion('g2')).toBe(0);
    expect(await Promise.all(Array.from({ length: 10 }, () => b.noteServerArticlesChanged('g2')))).toHaveLength(10);
    expect(await a.serverArticlesVersion('g2')).toBe(10);
    await b.forgetServerArticles('g1');
    expect(await a.serverArticlesVersion('g1')).toBe(0);
    expect(await a.serverArticlesVersion('g2')).toBe(10);
  });

  it('two processes claiming the same 200 interaction ids at once: each id is answered by exactly one', async () => {
    const file = path.join(tempDir(), 's.sqlite');
    open(file); // migrated before the race
    const script = `
      import { SqliteStore } from ${JSON.stringify(path.join(ROOT, 'src/store/sqlite-store.ts'))};
      const store = SqliteStore.open(${JSON.stringify(file)});
      const won = [];
      for (let i = 0; i < 200; i++) if (await store.claimInteraction('id' + i)) won.push(i);
      console.log(JSON.stringify(won));
    `;
    const claimer = path.join(tempDir(), 'claim.mts');
    writeFileSync(claimer, script);
    const run = promisify(execFile);
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const results = await Promise.all([0, 1].map(() => run(tsx, [claimer], { cwd: ROOT })));
    const [a, b] = results.map((r) => JSON.parse(r.stdout) as number[]);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('a location it cannot write is refused, naming the file', () => {
    // A directory that is a file: refused even to root (the tests may run as root, who writes anywhere else).
    const notADir = path.join(tempDir(), 'data');
    writeFileSync(notADir, 'a file');
    const file = path.join(notADir, 'newsdesk.sqlite');
    expect(() => SqliteStore.open(file)).toThrow(StoreError);
    expect(() => SqliteStore.open(file)).toThrow(
      `the bot's database ${file} cannot be opened for writing (the directory ${notADir} cannot be made: a file stands where a directory of the path should be (ENOTDIR))`,
    );
  });
});

describe('upgrade from the files of earlier versions', () => {
  it('imports votes, both answer generations, suggestions and the last reindex once, and renames the files', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'feedback.jsonl');
    const lines = (...xs: unknown[]) => `${xs.map((x) => JSON.stringify(x)).join('\n')}\n`;
    writeFileSync(
      log,
      lines(
        vote('a1', 'u1', 'up', '2026-01-01T00:00:00Z'),
        vote('a1', 'u1', 'down', '2026-01-02T00:00:00Z'),
        vote('a2', 'u1', 'up', '2026-01-03T00:00:00Z'),
      ),
    );
    // answers.jsonl: the single file of the versions before generations.
    writeFileSync(path.join(dir, 'answers.jsonl'), lines({ id: 'a0', answer: { question: 'Zero?' } }));
    writeFileSync(path.join(dir, 'answers.1.jsonl'), `${lines({ id: 'a1', answer: { question: 'One?' } })}{"id":"torn`);
    writeFileSync(
      path.join(dir, 'answers.2.jsonl'),
      lines({ id: 'a2', answer: { question: 'Two?' } }, { id: 't1', timeline: { searched: 'BRI' } }),
    );
    writeFileSync(
      path.join(dir, 'asked.1.jsonl'),
      lines({ server: 'g1', question: 'One?' }, { server: 'g1', question: 'Two?' }, { server: 'g1', question: 'One?', forget: true }),
    );
    writeFileSync(path.join(dir, 'last-reindex.json'), JSON.stringify({ at: '2026-01-04T00:00:00Z', by: 'mod#1', result: 'ok', ok: true }));
    const store = open(path.join(dir, 'newsdesk.sqlite'));
    const report = await importFileState(store, log);
    expect(report).toMatchObject({ votes: 3, answers: 3, timelines: 1, questions: 3, reindex: true });
    expect(await store.record('answer', 'a0')).toEqual({ question: 'Zero?' });
    expect(await store.voteOf('a1', 'u1')).toBe('down');
    expect((await store.votes()).length).toBe(2);
    expect(await store.record('answer', 'a1')).toEqual({ question: 'One?' });
    expect(await store.record('answer', 'a2')).toEqual({ question: 'Two?' });
    expect(await store.record('timeline', 't1')).toEqual({ searched: 'BRI' });
    expect(await store.recentQuestions('g1')).toEqual(['Two?']);
    expect(await store.latestReindex()).toEqual({ at: '2026-01-04T00:00:00Z', by: 'mod#1', result: 'ok', ok: true });
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.imported'))
        .sort(),
    ).toEqual([
      'answers.1.jsonl.imported',
      'answers.2.jsonl.imported',
      'answers.jsonl.imported',
      'asked.1.jsonl.imported',
      'feedback.jsonl.imported',
      'last-reindex.json.imported',
    ]);
    expect(existsSync(log)).toBe(false);
    // A second start finds nothing left to import.
    expect(await importFileState(store, log)).toMatchObject({ votes: 0, answers: 0, questions: 0, reindex: false, files: [] });
  });

  it('never reads a file twice, even one it could not rename, and an older vote never replaces a newer one', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'feedback.jsonl');
    writeFileSync(log, `${JSON.stringify(vote('a1', 'u1', 'up', '2026-01-01T00:00:00Z'))}\n`);
    const store = open(path.join(dir, 'newsdesk.sqlite'));
    // After the upgrade, the member changes their mind.
    await store.recordVote(vote('a1', 'u1', 'down', '2026-02-01T00:00:00Z'));
    const first = await importFileState(store, log);
    expect(first).toMatchObject({ votes: 1, files: [log], notRenamed: [] });
    expect(await store.voteOf('a1', 'u1')).toBe('down');
    // The same file back in place (as when a rename failed): the database knows it, and skips it.
    const { mtime } = statSync(`${log}.imported`);
    renameSync(`${log}.imported`, log);
    utimesSync(log, mtime, mtime);
    expect(await importFileState(store, log)).toMatchObject({ votes: 0, files: [] });
    // Imported answers keep the time they were given (from the interaction id), for their retention.
    writeFileSync(path.join(dir, 'answers.1.jsonl'), `${JSON.stringify({ id: '1579271546403291142', answer: { question: 'Old?' } })}\n`);
    await importFileState(store, log);
    expect(await store.record('answer', '1579271546403291142')).toEqual({ question: 'Old?' });
    expect(await store.pruneRecords(1, new Date('2026-12-10T00:00:00Z'))).toBe(1);
  });

  it('an imported vote never replaces a newer stored one; a newer one does (the SQL PostgreSQL shares)', async () => {
    await checkImportOrder(open(path.join(tempDir(), 's.sqlite')), 'a1');
  });
});
