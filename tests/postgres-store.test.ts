/**
 * The bot's state in a real PostgreSQL server (store/postgres-store.ts), started by the test from Debian's
 * package: the same behaviours as SQLite's, two pools (as two replicas on two machines have) racing for the same
 * interaction ids, cooldowns and lease, and an unreachable server named without its password. Skipped with the
 * reason when no server can be started; under CI that is a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/migrations.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { ASKED_KEPT, StoreError } from '../src/store/state-store.js';
import { startPostgres, type RunningPostgres } from './support/postgres.js';
import { REPORT_TALLIES, reportVotes, vote } from './support/votes.js';
import { checkFeedStore } from './support/feed-store.js';
import { checkFollowStore } from './support/follow-store.js';
import { checkCooldownEnds, checkImportOrder, checkLeaseHandover, checkPruneKeepsNewer } from './support/store-rules.js';

let server: RunningPostgres | undefined;
let skipped: string | undefined;
const stores: PostgresStore[] = [];

beforeAll(async () => {
  const started = await startPostgres();
  if ('skipped' in started) {
    skipped = started.skipped;
    if (process.env.CI) throw new Error(`CI must run the PostgreSQL tests, but ${skipped}`);
    console.warn(`PostgreSQL tests skipped: ${skipped}`);
  } else server = started;
}, 60_000);

afterAll(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  await server?.stop();
});

const open = async () => {
  const store = await PostgresStore.open(server!.url);
  stores.push(store);
  return store;
};

describe('PostgreSQL store', () => {
  it('migrates once however many replicas open it at the same time, and keeps answers, votes and suggestions', async (t) => {
    if (!server) return t.skip(skipped);
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    expect(await a.version()).toBe(MIGRATIONS.length);
    await a.saveRecord('answer', 'i1', { question: 'Q?' });
    expect(await b.record('answer', 'i1')).toEqual({ question: 'Q?' });
    expect(await c.record('timeline', 'i1')).toBeUndefined();
    expect(await b.pruneRecords(90, new Date(Date.now() + 91 * 86_400_000))).toBeGreaterThanOrEqual(1);

    expect(await a.recordVote(vote('a1', 'u1', 'up', '2026-01-01T00:00:00Z'))).toBe('recorded');
    expect(await b.recordVote(vote('a1', 'u1', 'up', '2026-01-01T00:00:01Z'))).toBe('unchanged');
    expect(await c.recordVote(vote('a1', 'u1', 'down', '2026-01-02T00:00:00Z'))).toBe('changed');
    expect(await a.voteOf('a1', 'u1')).toBe('down');
    expect((await b.votes()).map((v) => `${v.answerId} ${v.user} ${v.vote}`)).toEqual(['a1 u1 down']);

    await a.rememberQuestion('g1', 'One?');
    await b.rememberQuestion('g1', 'Two?');
    await c.rememberQuestion('g1', 'one?');
    expect(await a.recentQuestions('g1')).toEqual(['one?', 'Two?']);
    await b.forgetQuestion('g1', 'Two?');
    for (let i = 0; i < ASKED_KEPT + 2; i++) await a.rememberQuestion('g2', `q${i}?`);
    expect(await c.recentQuestions('g2')).toHaveLength(ASKED_KEPT);
    expect(await c.recentQuestions('g1')).toEqual(['one?']);

    await a.recordReindex({ at: '2026-01-01T00:00:00Z', by: 'mod#1', result: 'ok', ok: true });
    expect(await b.latestReindex()).toEqual({ at: '2026-01-01T00:00:00Z', by: 'mod#1', result: 'ok', ok: true });
  });

  it('two replicas: each interaction answered once, one first vote, one cooldown, one lease holder', async (t) => {
    if (!server) return t.skip(skipped);
    const [a, b] = await Promise.all([open(), open()]);
    const ids = Array.from({ length: 100 }, (_, i) => `race${i}`);
    const [wonA, wonB] = await Promise.all([a, b].map((s) => Promise.all(ids.map((id) => s.claimInteraction(id)))));
    expect(ids.every((_, i) => wonA[i] !== wonB[i])).toBe(true);

    const votes = await Promise.all([a, b].map((s) => s.recordVote(vote('race', 'u9', 'up', '2026-02-01T00:00:00Z'))));
    expect(votes.sort()).toEqual(['recorded', 'unchanged']);

    const now = new Date('2026-01-01T00:00:00Z');
    const waits = await Promise.all([a, b].map((s) => s.startCooldown('u1', 'ask', 10, now)));
    expect(waits.sort((x, y) => x - y)).toEqual([0, 10_000]);
    expect(await a.startCooldown('u1', 'ask', 10, new Date(now.getTime() + 10_000))).toBe(0);

    const leases = await Promise.all([a, b].map((s, i) => s.acquireLease('reindex', `replica-${i}`, 60_000, now)));
    expect(leases.filter(Boolean)).toHaveLength(1);
    // A crashed holder does not block for ever.
    expect(await b.acquireLease('reindex', 'replica-x', 60_000, new Date(now.getTime() + 61_000))).toBe(true);
  });

  it('a cooldown ends: asked after its end a member is served, and the next call within the new one is refused', async (t) => {
    if (!server) return t.skip(skipped);
    const [a, b] = await Promise.all([open(), open()]);
    await checkCooldownEnds(a, b, 'cooldown-u1');
  });

  it('a lease taken over after it ran out stays with its new holder when the old one releases it', async (t) => {
    if (!server) return t.skip(skipped);
    const [a, b] = await Promise.all([open(), open()]);
    await checkLeaseHandover(a, b, 'reindex-handover');
  });

  it('prunes answers older than the retention and keeps the newer ones', async (t) => {
    if (!server) return t.skip(skipped);
    await checkPruneKeepsNewer(await open(), 'prune');
  });

  it('an imported vote never replaces a newer stored one, as on SQLite (the SQL is shared)', async (t) => {
    if (!server) return t.skip(skipped);
    await checkImportOrder(await open(), 'import-a1');
  });

  it('tallies the votes per question in SQL as SQLite does: a member’s last vote, wording aside, worst first', async (t) => {
    if (!server) return t.skip(skipped);
    const store = await open();
    for (const v of reportVotes()) await store.recordVote({ ...v, answerId: `tally-${v.answerId}` });
    const tallies = (await store.voteTallies()).filter((x) => REPORT_TALLIES.some((r) => r.questionKey === x.questionKey));
    expect(tallies).toEqual(REPORT_TALLIES);
  });

  it('follows feeds as SQLite does', async (t) => {
    if (!server) return t.skip(skipped);
    await checkFeedStore(await open());
  });

  it('follows topics as SQLite does, two replicas claiming an article once', async (t) => {
    if (!server) return t.skip(skipped);
    const [a, b] = await Promise.all([open(), open()]);
    await checkFollowStore(a, b);
  });

  it('a version per server of its own articles: bumps from two replicas at once each count, and both read it', async (t) => {
    if (!server) return t.skip(skipped);
    const [a, b] = await Promise.all([open(), open()]);
    expect(await a.serverArticlesVersion('articles-g1')).toBe(0);
    expect(await a.noteServerArticlesChanged('articles-g1', new Date('2026-01-01T00:00:00Z'))).toBe(1);
    expect(await a.noteServerArticlesChanged('articles-g1', new Date('2026-01-02T00:00:00Z'))).toBe(2);
    expect(await a.serverArticlesVersion('articles-g1')).toBe(2);
    expect(await b.serverArticlesVersion('articles-g1')).toBe(2);

    // 10 bumps at once, from both replicas' pools: each returns a different version, and none is lost.
    const bumps = await Promise.all(Array.from({ length: 10 }, (_, i) => [a, b][i % 2].noteServerArticlesChanged('articles-g2')));
    expect(bumps.sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(await a.serverArticlesVersion('articles-g2')).toBe(10);

    await b.forgetServerArticles('articles-g1');
    expect(await a.serverArticlesVersion('articles-g1')).toBe(0);
    expect(await b.serverArticlesVersion('articles-g2')).toBe(10);
  });

  it('an unreachable server is named, without its password', async () => {
    const url = 'postgres://bot:s3cret@127.0.0.1:1/newsdesk';
    const failure = PostgresStore.open(url);
    await expect(failure).rejects.toThrow(StoreError);
    await expect(PostgresStore.open(url)).rejects.toThrow(
      'DATABASE_URL postgres://bot:***@127.0.0.1:1/newsdesk cannot be used (ECONNREFUSED)',
    );
  });
});
