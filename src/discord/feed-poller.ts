/**
 * Following feeds: every FEED_INTERVAL_MINUTES each feed is fetched with its conditional headers (ETag,
 * Last-Modified: an unchanged feed costs one small request), and each item not taken before is fetched and added
 * as an article, the operator's (FEEDS) or the server's that follows it (/feed add). A batch of new articles is
 * announced in one short message. A feed that fails is polled again later and later (twice the interval per
 * failure in a row, at most a day). With several processes, one polls at a time (the database's `feeds` lease).
 */
import { readFile } from 'node:fs/promises';
import { addArticle } from '../corpus/add-article.js';
import { articleIdOf } from '../corpus/article.js';
import { parseFeed } from '../corpus/feed.js';
import { fetchPage } from '../corpus/fetch-page.js';
import type { IndexService } from '../index/index-service.js';
import { processHolder } from '../store/open-store.js';
import type { FeedRecord, StateStore } from '../store/state-store.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { renderFeedAnnouncement, type MessagePayload } from './render.js';

/** Items taken from one feed in one poll: a feed that suddenly lists hundreds is read over several. */
const ITEMS_PER_POLL = 20;
/** How often the poller looks for due feeds. */
const TICK_MS = 60_000;
/** The longest a failing feed waits. */
const MAX_BACKOFF_MS = 24 * 3600_000;

export interface PollerDeps {
  config: Config;
  logger: Logger;
  state: StateStore;
  indexes: IndexService;
  /** Post a message in a channel. */
  announce: (channel: string, message: MessagePayload) => Promise<void>;
  /** Serve the operator's new articles: a reindex (through the shard manager when there is one). */
  reindex: () => Promise<unknown>;
}

export interface PollReport {
  feed: string;
  server: string;
  added: { title: string; source?: string; url?: string }[];
  notModified?: boolean;
  error?: string;
}

/** The addresses in a FEEDS file: one per line, blank lines and # comments skipped. */
export function feedsInFile(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

export class FeedPoller {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<PollReport[]> | undefined;
  private readonly holder = processHolder();

  constructor(private readonly deps: PollerDeps) {}

  start(): void {
    this.timer = setInterval(
      () => void this.pollDue().catch((err: unknown) => this.deps.logger.error({ err }, 'feed poll failed')),
      TICK_MS,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Poll every feed that is due (all of them with `all`), once at a time; what each poll did. */
  pollDue(now = new Date(), all = false): Promise<PollReport[]> {
    this.polling ??= this.run(now, all).finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async run(now: Date, all: boolean): Promise<PollReport[]> {
    const { state } = this.deps;
    if (!(await state.acquireLease('feeds', this.holder, 10 * TICK_MS))) return [];
    try {
      await this.syncOperatorFeeds();
      const feeds = all ? await state.feeds() : await state.dueFeeds(now);
      const reports: PollReport[] = [];
      for (const feed of feeds) reports.push(await this.poll(feed, now));
      // The operator's articles are in the shared index: served after a reindex. A server's are seen at once.
      if (reports.some((r) => r.server === '' && r.added.length))
        await this.deps
          .reindex()
          .catch((err: unknown) => this.deps.logger.warn({ err }, 'new feed articles not indexed yet; the next /reindex serves them'));
      return reports;
    } finally {
      await state.releaseLease('feeds', this.holder).catch(() => undefined);
    }
  }

  /** The FEEDS file's addresses, followed as the operator's feeds. */
  private async syncOperatorFeeds(): Promise<void> {
    const { config, state, logger } = this.deps;
    if (!config.FEEDS) return;
    let text: string;
    try {
      text = await readFile(config.FEEDS, 'utf8');
    } catch (err) {
      logger.warn({ err, file: config.FEEDS }, 'FEEDS cannot be read; following the feeds already known');
      return;
    }
    const listed = new Set(feedsInFile(text));
    for (const url of listed)
      await state.addFeed({
        server: '',
        url,
        ...(config.FEED_ANNOUNCE_CHANNEL ? { channel: config.FEED_ANNOUNCE_CHANNEL } : {}),
        addedBy: 'FEEDS',
      });
    for (const feed of await state.feeds('')) if (!listed.has(feed.url)) await state.removeFeed('', feed.url);
  }

  private async poll(feed: FeedRecord, now: Date): Promise<PollReport> {
    const { config, state, logger } = this.deps;
    const interval = config.FEED_INTERVAL_MINUTES * 60_000;
    const report: PollReport = { feed: feed.url, server: feed.server, added: [] };
    const allowPrivate = config.FETCH_ALLOW_PRIVATE;
    let title = feed.title;
    try {
      const page = await fetchPage(feed.url, {
        accept: ['feed'],
        allowPrivate,
        ...(feed.etag ? { ifNoneMatch: feed.etag } : {}),
        ...(feed.lastModified ? { ifModifiedSince: feed.lastModified } : {}),
      });
      if (page.status === 304) report.notModified = true;
      else {
        const parsed = parseFeed(page.body.toString('utf8'), page.url);
        title = parsed.title ?? title;
        let serverChanged = false;
        const ids: string[] = [];
        for (const item of parsed.items.slice(0, ITEMS_PER_POLL)) {
          if (!(await state.takeFeedItem(feed.server, feed.url, item.id))) continue;
          try {
            const added = await addArticle(
              { url: item.link },
              { corpusDir: this.deps.indexes.corpusDir, ...(feed.server ? { server: feed.server } : {}), fetch: { allowPrivate } },
            );
            serverChanged = !!feed.server;
            ids.push(articleIdOf(added.file));
            if (!added.updated)
              report.added.push({
                title: added.article.title,
                ...(added.article.source ? { source: added.article.source } : {}),
                ...(added.article.url ? { url: added.article.url } : {}),
              });
          } catch (err) {
            // Taken all the same: a page that cannot be read is not fetched again every poll.
            logger.warn({ feed: feed.url, item: item.link, reason: (err as Error).message }, 'feed item not added');
          }
        }
        // The server's members are answered from the new articles by every shard and replica at their next question.
        // Its followed topics are matched against the new articles.
        if (serverChanged) await this.deps.indexes.serverArticlesChanged(feed.server, ids);
      }
      await state.updateFeed(feed.server, feed.url, {
        ...(title ? { title } : {}),
        ...(page.etag ? { etag: page.etag } : feed.etag ? { etag: feed.etag } : {}),
        ...(page.lastModified ? { lastModified: page.lastModified } : feed.lastModified ? { lastModified: feed.lastModified } : {}),
        failures: 0,
        nextPollMs: now.getTime() + interval,
      });
    } catch (err) {
      const failures = feed.failures + 1;
      report.error = (err as Error).message;
      logger.warn({ feed: feed.url, server: feed.server || undefined, failures, reason: report.error }, 'feed poll failed; backing off');
      await state.updateFeed(feed.server, feed.url, {
        ...(title ? { title } : {}),
        ...(feed.etag ? { etag: feed.etag } : {}),
        ...(feed.lastModified ? { lastModified: feed.lastModified } : {}),
        failures,
        lastError: report.error,
        nextPollMs: now.getTime() + Math.min(MAX_BACKOFF_MS, interval * 2 ** Math.min(failures, 10)),
      });
      return report;
    }
    if (report.added.length && feed.channel)
      await this.deps
        .announce(feed.channel, renderFeedAnnouncement(title ?? feed.url, report.added))
        .catch((err: unknown) => logger.warn({ err, channel: feed.channel }, 'new feed articles not announced'));
    return report;
  }
}
