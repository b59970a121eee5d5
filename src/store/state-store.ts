/**
 * What the bot remembers between interactions, behind one interface: the answers and timelines behind each
 * button, the votes, the questions suggested per server, the /reindex history and its lease, the interaction
 * ids already answered, the members' cooldowns, the feeds followed, the version of each server's own articles,
 * and the topics followed with the articles posted for each. One implementation per database
 * (store/sqlite-store.ts, store/postgres-store.ts); every method is async so that a server-backed one can take
 * its place.
 */
import type { ServerArticleVersions } from '../index/server-views.js';
import { NewsdeskError } from '../errors.js';
import type { FeedbackEntry, QuestionTally } from '../qa/feedback-report.js';

/** What recording a vote did. */
export type VoteOutcome = 'recorded' | 'changed' | 'unchanged';

/** What /about says of a /reindex. */
export interface ReindexRecord {
  /** ISO time it finished. */
  at: string;
  /** The moderator's user tag. */
  by: string;
  /** One line: counts and changes, or why it failed. */
  result: string;
  ok: boolean;
}

/** How long an interaction id is remembered: Discord redelivers within seconds, never after its 15-minute token. */
export const INTERACTION_MEMORY_MS = 60 * 60 * 1000;

/** One question's votes that count (a member's last on each answer), as the database tallies them for `npm run feedback`. */
export type VoteTally = QuestionTally;

/** Questions kept per server for the empty /ask box, newest first. */
export const ASKED_KEPT = 50;

export interface StateStore {
  /**
   * Keep what a button under message `id` needs: an answer or a timeline (any JSON value). `savedMs`: when it was
   * given (default now), from which its retention counts.
   */
  saveRecord(kind: 'answer' | 'timeline', id: string, value: unknown, savedMs?: number): Promise<void>;
  /** What was saved under `id`; undefined when never saved, or pruned. */
  record<T>(kind: 'answer' | 'timeline', id: string): Promise<T | undefined>;
  /** Forget answers and timelines saved more than `days` days before `now`; how many went. */
  pruneRecords(days: number, now?: Date): Promise<number>;

  /**
   * A member's vote on an answer: 'recorded' for a first vote, 'changed' when it replaces their other vote,
   * 'unchanged' when it repeats it. Only a vote that is stored counts: a failure throws and changes nothing.
   */
  recordVote(entry: FeedbackEntry): Promise<VoteOutcome>;
  voteOf(answerId: string, user: string): Promise<'up' | 'down' | undefined>;
  /** A vote from an earlier version's file: kept only if newer than the member's stored vote on that answer. */
  importVote(entry: FeedbackEntry): Promise<void>;
  /** Whether the earlier version's file `key` (path, size, time) was imported already. */
  wasImported(key: string): Promise<boolean>;
  markImported(key: string): Promise<void>;
  /** Every vote that counts (a member's last on each answer), oldest first, cast on or after `since` (YYYY-MM-DD). */
  votes(since?: string): Promise<FeedbackEntry[]>;
  /** Per question, the votes cast on or after `since`, counted by the database: most 👎 over 👍 first, then most 👎, then newest. */
  voteTallies(since?: string): Promise<VoteTally[]>;

  /** A question answered in `server`: suggested first from now on. */
  rememberQuestion(server: string, question: string): Promise<void>;
  /** A question whose answer a member marked 👎: no longer suggested. */
  forgetQuestion(server: string, question: string): Promise<void>;
  /** The server's questions, newest first, at most ASKED_KEPT. */
  recentQuestions(server: string): Promise<string[]>;

  recordReindex(record: ReindexRecord): Promise<void>;
  latestReindex(): Promise<ReindexRecord | undefined>;

  /** True for the first caller with this interaction id (which answers it), false for every later one. */
  claimInteraction(id: string, now?: Date): Promise<boolean>;
  /**
   * Start `user`'s cooldown on `command` for `seconds` unless one is running: 0 when it started (the member may
   * go on), else the milliseconds left of the one running.
   */
  startCooldown(user: string, command: string, seconds: number, now?: Date): Promise<number>;
  /** Take the lease `name` for `ms` milliseconds: true when `holder` has it (free, expired, or theirs already). */
  acquireLease(name: string, holder: string, ms: number, now?: Date): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;

  /** Follow a feed for `server` ('' for the operator's FEEDS); false when it is followed already. */
  addFeed(feed: { server: string; url: string; channel?: string; addedBy: string }): Promise<boolean>;
  /** Stop following; false when it was not followed. */
  removeFeed(server: string, url: string): Promise<boolean>;
  /** The feeds of `server`, or every feed (undefined). */
  feeds(server?: string): Promise<FeedRecord[]>;
  /** Feeds whose next poll is due at `now`. */
  dueFeeds(now?: Date): Promise<FeedRecord[]>;
  /** What a poll learnt: the conditional request headers, the failures in a row and when to poll again. */
  updateFeed(
    server: string,
    url: string,
    state: Pick<FeedRecord, 'title' | 'etag' | 'lastModified' | 'failures' | 'lastError' | 'nextPollMs'>,
  ): Promise<void>;
  /** Note an item (its guid or link) of a feed as taken: true the first time, false after. */
  takeFeedItem(server: string, url: string, item: string): Promise<boolean>;

  /**
   * The articles of `server` changed: bump its version (1 the first time) in one statement, so bumps from several
   * replicas at once each count; the new version.
   */
  noteServerArticlesChanged(server: string, now?: Date): Promise<number>;
  /** The version of `server`'s articles, 0 when never noted: one indexed read, for every replica or shard to poll. */
  serverArticlesVersion(server: string): Promise<number>;
  /** Forget the version of `server`'s articles (the bot left the server). */
  forgetServerArticles(server: string): Promise<void>;

  /**
   * Follow `topic` for `server`, posting in `channel`: the new follow, or why not: 'exists' (the server follows
   * that topic in that channel already) or 'full' (it has `maxPerServer` follows). One statement: two processes
   * cannot both add the last follow allowed.
   */
  addFollow(
    follow: { server: string; topic: string; channel: string; addedBy: string },
    maxPerServer: number,
    now?: Date,
  ): Promise<FollowRecord | 'exists' | 'full'>;
  /** Stop following (and forget what it posted and what waited): the follow removed, or undefined when `server` has none of that id. */
  removeFollow(server: string, id: number): Promise<FollowRecord | undefined>;
  /** The follows of `server`, or every follow (undefined), oldest first. */
  follows(server?: string): Promise<FollowRecord[]>;
  /** Queue articles matched to follows; an article already queued or posted for a follow is not queued again. How many were new. */
  queueFollowArticles(items: readonly Omit<FollowArticle, 'queuedMs'>[], now?: Date): Promise<number>;
  /** Articles waiting to be posted, of follows whose channel can be posted in; by follow, oldest first. */
  waitingFollowArticles(): Promise<FollowArticle[]>;
  /** Take a waiting article to post it: true for one caller only. */
  claimFollowArticle(follow: number, article: string, now?: Date): Promise<boolean>;
  /** Put a claimed article back to wait (its post failed for a reason that may pass). */
  unclaimFollowArticle(follow: number, article: string): Promise<void>;
  /** Articles posted (or claimed) for a follow since `sinceMs`. */
  followPostsSince(follow: number, sinceMs: number): Promise<number>;
  /** Note the last article a follow posted (its title), for /follow list. */
  noteFollowPosted(follow: number, lastArticle: string, now?: Date): Promise<void>;
  /** Why the follow's channel cannot be posted in (nothing more is posted until it is added again), or undefined to clear it. */
  setFollowChannelError(follow: number, error: string | undefined): Promise<void>;
  /** Forget every follow of `server` and its articles (the bot left the server). */
  forgetFollows(server: string): Promise<void>;

  close(): Promise<void>;
}

/** Servers' article versions as the serving index reads them (index/server-views.ts), kept in this database. */
export function serverVersionsIn(store: StateStore): ServerArticleVersions {
  return {
    version: async (server) => String(await store.serverArticlesVersion(server)),
    changed: async (server) => void (await store.noteServerArticlesChanged(server)),
  };
}

/** A feed followed, and where its polling stands. */
export interface FeedRecord {
  /** The server whose articles its items become ('' : the operator's, shared by every server). */
  server: string;
  url: string;
  /** Where a batch of new articles is announced. */
  channel?: string;
  addedBy: string;
  title?: string;
  etag?: string;
  lastModified?: string;
  /** Polls failed in a row (backing off). */
  failures: number;
  lastError?: string;
  nextPollMs: number;
}

/** A topic a server follows (/follow add), and where its posts go. */
export interface FollowRecord {
  id: number;
  server: string;
  /** As the moderator typed it. */
  topic: string;
  channel: string;
  addedBy: string;
  addedMs: number;
  /** Why the channel could not be posted in: set once, and nothing more is posted for the follow until it is added again. */
  channelError?: string;
  /** The title of the last article posted, and when. */
  lastArticle?: string;
  lastPostedMs?: number;
}

/** An article matched to a follow: `item` is what the post shows of it (JSON), kept so any process can post it. */
export interface FollowArticle {
  follow: number;
  article: string;
  item: string;
  queuedMs: number;
}

/**
 * `work`, or a StoreError once `ms` have passed without an answer: for the calls made before Discord's 3 s
 * acknowledgement deadline, which fall back to the process's own memory rather than wait.
 */
export function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeout(ms)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** How long a call made before the acknowledgement may wait for the database. */
export const BEFORE_ACK_MS = 750;

/** How long a vote may wait to be stored: with a read before it, the reply stays inside Discord's 3 s. */
export const VOTE_WAIT_MS = 1500;

/** The database cannot be opened or written; the message names it and the reason. */
export class StoreError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('STORE_UNAVAILABLE', message, hint);
  }
}

/** The database did not answer in time: the call may still complete, so what it did is unknown. */
export class StoreTimeout extends StoreError {
  constructor(readonly ms: number) {
    super(`the database did not answer within ${ms} ms`);
  }
}
