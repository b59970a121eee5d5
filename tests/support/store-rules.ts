/**
 * Rules of a StateStore whose SQL differs between SQLite and PostgreSQL (or is shared, and must hold on both):
 * the same checks for each. `a` and `b` are two connections to one database, as two processes have. Keys and
 * times are the caller's or fixed far from the other tests', so they can share a database.
 */
import { expect } from 'vitest';
import type { StateStore } from '../../src/store/state-store.js';
import { vote } from './votes.js';

const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

/** A cooldown ends: asked after its end the member is served and a new one starts, which refuses the next call. */
export async function checkCooldownEnds(a: StateStore, b: StateStore, user: string): Promise<void> {
  const t0 = new Date('2027-03-01T00:00:00Z');
  expect(await a.startCooldown(user, 'ask', 10, t0)).toBe(0);
  expect(await b.startCooldown(user, 'ask', 10, at(t0, 4000))).toBe(6000);
  // Five seconds after it ended (not at its last millisecond): served.
  expect(await b.startCooldown(user, 'ask', 10, at(t0, 15_000))).toBe(0);
  // That started the next one: a call a second later is refused, counted from the call that was served.
  expect(await a.startCooldown(user, 'ask', 10, at(t0, 16_000))).toBe(9000);
  expect(await b.startCooldown(user, 'ask', 10, at(t0, 24_999))).toBe(1);
  // Long after, still served, and the one after that still refused.
  expect(await a.startCooldown(user, 'ask', 10, at(t0, 3_600_000))).toBe(0);
  expect(await b.startCooldown(user, 'ask', 10, at(t0, 3_602_500))).toBe(7500);
}

/**
 * The /reindex lease passes from a holder whose lease ran out to another, and the first one's late release
 * does not free it: only its holder releases a lease.
 */
export async function checkLeaseHandover(a: StateStore, b: StateStore, name: string): Promise<void> {
  const t0 = new Date('2027-03-01T00:00:00Z');
  expect(await a.acquireLease(name, 'replica-a', 60_000, t0)).toBe(true);
  expect(await b.acquireLease(name, 'replica-b', 60_000, at(t0, 30_000))).toBe(false);
  // A stalled past its lease: B takes it.
  expect(await b.acquireLease(name, 'replica-b', 60_000, at(t0, 61_000))).toBe(true);
  // A wakes up, finishes and releases what it thinks is its lease: B still holds it.
  await a.releaseLease(name, 'replica-a');
  expect(await a.acquireLease(name, 'replica-a', 60_000, at(t0, 62_000))).toBe(false);
  expect(await b.acquireLease(name, 'replica-c', 60_000, at(t0, 62_000))).toBe(false);
  // B renews it as its holder; released by B, it is free.
  expect(await b.acquireLease(name, 'replica-b', 60_000, at(t0, 63_000))).toBe(true);
  await b.releaseLease(name, 'replica-b');
  expect(await a.acquireLease(name, 'replica-a', 60_000, at(t0, 64_000))).toBe(true);
  await a.releaseLease(name, 'replica-a');
}

/** Retention: an answer older than the cutoff goes, one newer stays, whichever kind. */
export async function checkPruneKeepsNewer(store: StateStore, prefix: string): Promise<void> {
  // Far before the other tests' records (saved now), so the count is this check's alone.
  const now = new Date('2020-01-01T00:00:00Z');
  const daysAgo = (d: number) => now.getTime() - d * 86_400_000;
  await store.saveRecord('answer', `${prefix}-old`, { n: 1 }, daysAgo(91));
  await store.saveRecord('timeline', `${prefix}-old`, { n: 2 }, daysAgo(90) - 1);
  await store.saveRecord('answer', `${prefix}-new`, { n: 3 }, daysAgo(89));
  await store.saveRecord('timeline', `${prefix}-new`, { n: 4 }, daysAgo(1));
  expect(await store.pruneRecords(90, now)).toBe(2);
  expect(await store.record('answer', `${prefix}-old`)).toBeUndefined();
  expect(await store.record('timeline', `${prefix}-old`)).toBeUndefined();
  expect(await store.record('answer', `${prefix}-new`)).toEqual({ n: 3 });
  expect(await store.record('timeline', `${prefix}-new`)).toEqual({ n: 4 });
  expect(await store.pruneRecords(90, now)).toBe(0);
}

/** An imported vote (from an earlier version's file) never replaces a newer stored one; a newer one does. */
export async function checkImportOrder(store: StateStore, answerId: string): Promise<void> {
  // After the upgrade, the member changes their mind; the old file still has their first vote.
  await store.recordVote(vote(answerId, 'u1', 'down', '2026-02-01T00:00:00Z'));
  await store.importVote(vote(answerId, 'u1', 'up', '2026-01-01T00:00:00Z'));
  expect(await store.voteOf(answerId, 'u1')).toBe('down');
  // A vote the database never had is imported; a newer one than the stored vote replaces it.
  await store.importVote(vote(answerId, 'u2', 'up', '2026-01-05T00:00:00Z'));
  await store.importVote(vote(answerId, 'u1', 'up', '2026-03-01T00:00:00Z'));
  const counted = (await store.votes()).filter((v) => v.answerId === answerId).map((v) => `${v.user} ${v.vote} ${v.at}`);
  expect(counted).toEqual(['u2 up 2026-01-05T00:00:00Z', 'u1 up 2026-03-01T00:00:00Z']);
}
