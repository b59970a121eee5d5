/**
 * Following a story (/follow). When articles enter what servers see (IndexService.onArticlesChanged: a /reindex,
 * a feed's reindex, a snapshot another shard, replica or `npm run reindex` saved, a server's /article add or
 * feed), each new or changed article is matched against the follows it concerns (qa/follow-match.ts: a shared
 * article against every server's, a server's own against that server's alone) and queued in the database with
 * what its post shows. One process at a time (the database's `follows` lease) posts what waits: one message per
 * follow and batch, at most FOLLOW_POSTS_PER_HOUR articles per follow per hour (the rest wait for the next batch).
 *
 * Every process matches what it sees: the database keeps an article once per follow (queued by an insert only one
 * caller wins, claimed before it is posted), so a reindex every replica loads is posted once, and an article is
 * never posted twice for a follow, across restarts. A channel the bot can no longer post in (Discord's 403 or
 * 404) is logged once and noted on the follow, which /follow list shows; nothing more is posted there.
 */
import type { ArticlesChange, IndexService } from '../index/index-service.js';
import type { CorpusIndex } from '../index/news-index.js';
import { matchTopic, type TopicMatch } from '../qa/follow-match.js';
import { topicKey } from '../store/migrations.js';
import { processHolder } from '../store/open-store.js';
import type { FollowArticle, FollowRecord, StateStore } from '../store/state-store.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { renderFollowPost, type MessagePayload } from './render.js';

/** How often waiting articles are looked for (those over a follow's hourly limit, or whose post failed). */
const TICK_MS = 60_000;
/** The posting lease: renewed before each follow's post, so a crashed poster frees it this soon. */
const LEASE = 'follows';
const LEASE_MS = 2 * 60_000;
const HOUR_MS = 3600_000;

export interface FollowPosterDeps {
  config: Config;
  logger: Logger;
  state: StateStore;
  indexes: IndexService;
  /** Post a message in a channel; throws Discord's error (with its HTTP `status`) when it cannot. */
  post: (channel: string, message: MessagePayload) => Promise<void>;
}

/** What one post did, for the log and the tests. */
export interface FollowPostReport {
  follow: number;
  channel: string;
  articles: string[];
  /** Why it was not posted. */
  error?: string;
}

/** Discord's answer to a post in a channel the bot cannot see or write in: 403 (no access) or 404 (gone). */
function channelRefusal(err: unknown): string | undefined {
  const status = (err as { status?: unknown }).status;
  if (status !== 403 && status !== 404) return undefined;
  return `${(err as Error).message} (${status})`;
}

export class FollowPoster {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Matching runs one change at a time, in the order they came. */
  private matching: Promise<unknown> = Promise.resolve();
  private posting: Promise<FollowPostReport[]> | undefined;
  /** Articles were queued while a post ran: post again when it ends. */
  private again = false;
  private readonly holder = processHolder();

  constructor(private readonly deps: FollowPosterDeps) {}

  start(): void {
    this.unsubscribe = this.deps.indexes.onArticlesChanged((change) => void this.articlesChanged(change));
    this.timer = setInterval(() => void this.postDue(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
  }

  /** Match a change against the follows it concerns, queue the matches, and post them; how many were queued. */
  articlesChanged(change: ArticlesChange, now = new Date()): Promise<number> {
    const run = this.matching
      .then(() => this.match(change, now))
      .then(
        (queued) => {
          if (queued) void this.postDue(now);
          return queued;
        },
        (err: unknown) => {
          this.deps.logger.error(
            { err, server: change.server, articles: change.ids.length },
            'new articles not matched against followed topics',
          );
          return 0;
        },
      );
    this.matching = run;
    return run;
  }

  /** Once the changes told so far are matched and their posts sent (for tests, and stopping cleanly). */
  async settled(): Promise<void> {
    await this.matching;
    while (this.posting) await this.posting;
  }

  private async match(change: ArticlesChange, now: Date): Promise<number> {
    const { state, indexes } = this.deps;
    const follows = (await state.follows(change.server)).filter((f) => !f.channelError);
    if (!follows.length) return 0;
    // A shared article is read in the shared index (every server sees it the same); a server's own in its view.
    const index: CorpusIndex = change.server ? await indexes.forServer(change.server) : indexes.index;
    const wanted = new Set(change.ids);
    const positions: number[] = [];
    index.allArticles().forEach((a, i) => wanted.has(a.id) && positions.push(i));
    if (!positions.length) return 0;
    // Each topic read once, however many servers or channels follow it.
    const byTopic = new Map<string, FollowRecord[]>();
    for (const f of follows) byTopic.set(topicKey(f.topic), [...(byTopic.get(topicKey(f.topic)) ?? []), f]);
    const items: Omit<FollowArticle, 'queuedMs'>[] = [];
    for (const group of byTopic.values()) {
      for (const m of matchTopic(index, group[0].topic, positions))
        for (const f of group) items.push({ follow: f.id, article: m.article, item: JSON.stringify(m) });
      // Interactions that came meanwhile are served between topics.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const queued = items.length ? await state.queueFollowArticles(items, now) : 0;
    if (queued)
      this.deps.logger.info(
        { server: change.server, articles: positions.length, topics: byTopic.size, queued },
        'articles queued for followed topics',
      );
    return queued;
  }

  /** Post what waits, under the lease (one process at a time); what each post did. */
  postDue(now = new Date()): Promise<FollowPostReport[]> {
    if (this.posting) {
      this.again = true;
      return this.posting;
    }
    this.posting = this.run(now)
      .catch((err: unknown) => {
        this.deps.logger.error({ err }, 'posting followed topics failed; trying again at the next tick');
        return [];
      })
      .finally(() => {
        this.posting = undefined;
        if (this.again) {
          this.again = false;
          void this.postDue();
        }
      });
    return this.posting;
  }

  private async run(now: Date): Promise<FollowPostReport[]> {
    const { state } = this.deps;
    if (!(await state.acquireLease(LEASE, this.holder, LEASE_MS, now))) return [];
    try {
      const waiting = await state.waitingFollowArticles();
      if (!waiting.length) return [];
      const follows = new Map((await state.follows()).map((f) => [f.id, f]));
      const byFollow = new Map<number, FollowArticle[]>();
      for (const w of waiting) byFollow.set(w.follow, [...(byFollow.get(w.follow) ?? []), w]);
      const reports: FollowPostReport[] = [];
      for (const [id, group] of byFollow) {
        const follow = follows.get(id);
        if (!follow || follow.channelError) continue;
        await state.acquireLease(LEASE, this.holder, LEASE_MS);
        const report = await this.postFollow(follow, group, now);
        if (report) reports.push(report);
      }
      return reports;
    } finally {
      await state.releaseLease(LEASE, this.holder).catch(() => undefined);
    }
  }

  /** One follow's waiting articles, as many as its hour allows, in one message. */
  private async postFollow(follow: FollowRecord, waiting: readonly FollowArticle[], now: Date): Promise<FollowPostReport | undefined> {
    const { state, config, logger } = this.deps;
    const allowance = config.FOLLOW_POSTS_PER_HOUR - (await state.followPostsSince(follow.id, now.getTime() - HOUR_MS));
    const batch: FollowArticle[] = [];
    for (const w of waiting.slice(0, Math.max(0, allowance))) if (await state.claimFollowArticle(follow.id, w.article, now)) batch.push(w);
    if (!batch.length) return undefined;
    const articles = batch.map((w) => ({ match: JSON.parse(w.item) as TopicMatch, arrivedMs: w.queuedMs }));
    const report: FollowPostReport = { follow: follow.id, channel: follow.channel, articles: batch.map((w) => w.article) };
    try {
      await this.deps.post(follow.channel, renderFollowPost(follow.topic, articles));
    } catch (err) {
      for (const w of batch) await state.unclaimFollowArticle(follow.id, w.article).catch(() => undefined);
      const refused = channelRefusal(err);
      report.error = refused ?? (err as Error).message;
      if (refused) {
        // Once: the follow is marked, and nothing more is tried in that channel until it is added again.
        logger.warn(
          { follow: follow.id, guild: follow.server, channel: follow.channel, reason: refused },
          'cannot post in the channel of a followed topic; /follow list says so',
        );
        await state.setFollowChannelError(follow.id, refused);
      } else logger.warn({ err, follow: follow.id, channel: follow.channel }, 'followed topic not posted; trying again at the next tick');
      return report;
    }
    const newest = [...articles].sort((a, b) => (b.match.date ?? '').localeCompare(a.match.date ?? ''))[0];
    await state.noteFollowPosted(follow.id, newest.match.title, now);
    logger.info({ follow: follow.id, guild: follow.server, channel: follow.channel, articles: batch.length }, 'followed topic posted');
    return report;
  }
}
