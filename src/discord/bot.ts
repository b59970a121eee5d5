/**
 * `npm start` (compiled) or `npm run dev` (tsx): the Discord bot. Loads the configuration and the index, then
 * takes interactions from the gateway (Guilds intent only) or, with INTERACTIONS=http, as signed HTTP requests
 * (http-interactions.ts); routes them; serves /healthz and /metrics on HTTP_PORT; picks up index snapshots other
 * processes save; and shuts down cleanly on SIGINT/SIGTERM. With SHARDS other than 1 this process becomes the
 * shard manager (src/discord/sharding.ts), which runs this same file once per shard.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, DiscordAPIError, Events, HTTPError, GatewayIntentBits, Options, Routes, type ClientOptions } from 'discord.js';
import { FeedPoller } from './feed-poller.js';
import { FollowPoster } from './follow-poster.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { CorpusDirectoryError } from '../corpus/article.js';
import { loadCommands } from './load-commands.js';
import { createRouter } from './router.js';
import type { BotContext } from './types.js';
import { describeStore, importEarlierFiles, openStateStore } from '../store/open-store.js';
import { serverVersionsIn, StoreError, type StateStore } from '../store/state-store.js';
import { IndexService } from '../index/index-service.js';
import { createLogger, type Logger } from './logger.js';
import { preloadEnglish } from '../language/english.js';
import { preloadWordnet } from '../language/wordnet.js';
import { ReaderWeightsError, shippedReaderWeights } from '../qa/reader.js';
import { preloadNames } from '../language/names.js';
import { ShardLink, shardOfThisProcess, startShards } from './sharding.js';
import { BotMetrics } from './metrics.js';
import { InteractionResponder } from './http-interactions.js';
import { ListenError, startHttpServer, type BotHttpServer, type Health, type HealthReport } from './http-server.js';
import { VERSION } from './version.js';

export interface Bot {
  client: Client;
  context: BotContext;
  /** Resolves once the bot serves interactions: the gateway session is ready, or (HTTP mode) at once. */
  ready: Promise<void>;
  /** The HTTP server (HTTP_PORT set): /healthz, /metrics and, in HTTP mode, /interactions. */
  http?: BotHttpServer;
  /** Resolves, with why, if the bot can no longer serve (the gateway session was invalidated): the process should exit. */
  fatal: Promise<string>;
  /** Refuse new interactions (/healthz says 503), let those in progress finish (up to DRAIN_MS), then disconnect. */
  stop(): Promise<void>;
}

/** How often answers and timelines older than ANSWER_RETENTION_DAYS are deleted (also once at start). */
const PRUNE_EVERY_MS = 60 * 60_000;

/** Where the state is, from the configuration. */
function storeLocation(config: Config) {
  return { file: config.DATABASE_FILE, url: config.DATABASE_URL };
}

/**
 * Open the bot's database and, once for all the processes sharing it, import the state files an earlier version
 * kept beside FEEDBACK_LOG. StoreError when the database cannot be opened.
 */
export async function openBotState(config: Config, logger: Logger, importFiles = true): Promise<StateStore> {
  const where = storeLocation(config);
  const existed = !!where.url || existsSync(where.file);
  const state = await openStateStore(where);
  // Where the state is, said once: a mistyped DATABASE_FILE shows as a new database in an unexpected place.
  logger.info(
    { database: describeStore(where), ...(where.url ? {} : { path: path.resolve(where.file), created: !existed }) },
    existed ? 'database opened' : 'database created',
  );
  if (!importFiles) return state;
  try {
    const imported = await importEarlierFiles(state, config.FEEDBACK_LOG);
    if (imported?.files.length)
      logger.info(
        { database: describeStore(storeLocation(config)), ...imported },
        `imported the earlier version's state files into the database (each renamed <name>.imported)`,
      );
    if (imported?.notRenamed.length)
      logger.warn(
        { files: imported.notRenamed },
        'could not rename these imported files to <name>.imported; the database remembers them, so they are not imported again',
      );
  } catch (err) {
    // Nothing is renamed unless all of it is in: the next start tries again.
    logger.error(
      { err, feedbackLog: config.FEEDBACK_LOG },
      `could not import the earlier version's state files; the next start tries again`,
    );
  }
  return state;
}

/** How long stopping waits for interactions already taken to be answered. */
const DRAIN_MS = 10_000;

/** In HTTP mode no gateway fills the caches, and every interaction would add its user and message for good. */
const HTTP_MODE_CACHE = Options.cacheWithLimits({
  ...Options.DefaultMakeCacheSettings,
  MessageManager: 0,
  UserManager: 1000,
  GuildMemberManager: 1000,
});

/**
 * discord.js holds every REST call of a client to Discord's global limit of 50 a second, but "interaction
 * endpoints are not bound to the bot's global rate limit" (Discord, Rate Limits): answering, editing "thinking…"
 * and follow-ups. They are all this client sends once logged in, so at 50 a second the 200th of 200 questions
 * asked at once waited 4 s for its answer. Per-route limits (one bucket per interaction token) still apply, and
 * a 429 from Discord is still obeyed.
 */
const CLIENT_REQUESTS_PER_SECOND = 1000;

export async function startBot(
  config: Config,
  logger: Logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT }),
  extra: Partial<ClientOptions> = {},
): Promise<Bot> {
  const started = performance.now();
  const mode = config.INTERACTIONS;
  // One process per shard, all on this machine: shard N listens on HTTP_PORT + N.
  const shardId = shardOfThisProcess() ?? 0;
  let health: Health = 'starting';
  let failure: string | undefined;
  let indexes: IndexService | undefined;
  let client: Client | undefined;
  let context: BotContext | undefined;
  let state: StateStore | undefined;
  const gatewayPingMs = () => (mode === 'gateway' && client?.isReady() ? client.ws.ping : undefined);
  const metrics = new BotMetrics({ index: () => indexes?.report, serverIndexes: () => indexes?.views.stats, gatewayPingMs });
  const responder = mode === 'http' ? new InteractionResponder(config.DISCORD_PUBLIC_KEY!, logger) : undefined;
  const healthReport = async (): Promise<HealthReport> => {
    const snapshotAge = await indexes?.snapshotAgeSeconds();
    let database: 'ok' | 'unavailable' | undefined;
    let last;
    if (state) {
      try {
        last = await state.latestReindex();
        database = 'ok';
      } catch {
        database = 'unavailable';
      }
    }
    return {
      status: health,
      mode,
      ...(mode === 'gateway' ? { gateway: { ready: Boolean(client?.isReady()), pingMs: gatewayPingMs() ?? null } } : {}),
      index: indexes
        ? {
            loaded: true,
            articles: indexes.report.articles,
            paragraphs: indexes.report.paragraphs,
            source: indexes.report.source,
            servingSince: indexes.servingSince.toISOString(),
            snapshotAgeSeconds: snapshotAge === undefined ? null : Math.round(snapshotAge),
          }
        : { loaded: false },
      // Not who ran it: /healthz may be seen beyond the server's members.
      lastReindex: last ? { at: last.at, ok: last.ok, result: last.result } : null,
      // Unavailable: answers still go out, without buttons; votes are refused until it is back.
      ...(database ? { database } : {}),
      version: VERSION,
      uptimeSeconds: Math.round(process.uptime()),
      ...(failure ? { error: failure } : {}),
    };
  };
  const http =
    config.HTTP_PORT !== undefined
      ? await startHttpServer({
          port: config.HTTP_PORT === 0 ? 0 : config.HTTP_PORT + shardId,
          host: config.HTTP_HOST,
          logger,
          metrics,
          health: healthReport,
          ...(responder ? { interactions: () => (health === 'ready' ? responder : undefined) } : {}),
        })
      : undefined;
  let poll: NodeJS.Timeout | undefined;
  let prune: NodeJS.Timeout | undefined;
  let feeds: FeedPoller | undefined;
  let follows: FollowPoster | undefined;
  let inflight = 0;
  let reportFatal: (why: string) => void = () => {};
  const fatal = new Promise<string>((resolve) => (reportFatal = resolve));
  const stop = async () => {
    health = 'stopping';
    clearInterval(poll);
    clearInterval(prune);
    feeds?.stop();
    follows?.stop();
    const until = Date.now() + DRAIN_MS;
    while (inflight > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    if (inflight > 0) logger.warn({ inflight }, 'stopping with interactions still unanswered');
    await client?.destroy();
    await http?.close();
    await state?.close().catch(() => undefined);
  };

  try {
    // The reader's weights ship with the product: without them no question can be answered.
    shippedReaderWeights();
    // Checked first: nothing is served that could not be remembered. A shard's manager imported the old files.
    state = await openBotState(config, logger, shardOfThisProcess() === undefined);
    const pruneOld = (db: StateStore) =>
      db.pruneRecords(config.ANSWER_RETENTION_DAYS).then(
        (n) => n && logger.info({ pruned: n, days: config.ANSWER_RETENTION_DAYS }, 'deleted answers and timelines past their retention'),
        (err: unknown) => logger.warn({ err }, 'could not prune old answers; trying again in an hour'),
      );
    await pruneOld(state);
    const kept = state;
    prune = setInterval(() => void pruneOld(kept), PRUNE_EVERY_MS);
    prune.unref();
    indexes = await IndexService.open(
      config.CORPUS_DIR,
      { snapshot: config.INDEX_SNAPSHOT || undefined, threads: config.INDEX_THREADS },
      { versions: serverVersionsIn(state), budgetBytes: config.SERVER_INDEX_BUDGET_MB * 1024 * 1024 },
    );
    // The English lexicon (names in questions typed in lower case, noun phrases for short answers), the
    // spelling dictionary (typos are corrected, English words are not) and WordNet's indexes (paraphrases),
    // loaded now rather than during a member's first question.
    preloadNames();
    preloadEnglish();
    preloadWordnet();
    const { report } = indexes;
    logger.info(
      { articles: report.articles, paragraphs: report.paragraphs, problems: report.problems.length, ms: report.ms, source: report.source },
      'index ready',
    );
    // One warning, listing every file skipped: an operator reads why at once, and an empty corpus is said plainly.
    if (report.articles === 0 || report.problems.length) {
      const skipped = report.problems.map((p) => `${p.file}: ${p.message}`);
      logger.warn(
        { corpus: config.CORPUS_DIR, skipped },
        report.articles === 0
          ? `the corpus is empty: no articles are indexed${skipped.length ? ` (${skipped.length} file(s) skipped)` : ''}; /ask says so until articles are added and a moderator runs /reindex`
          : `skipped ${skipped.length} corpus file(s)`,
      );
    }

    const commands = await loadCommands();
    context = {
      config,
      logger,
      indexes,
      state,
      metrics,
    };
    client = new Client({
      intents: mode === 'gateway' ? [GatewayIntentBits.Guilds] : [],
      ...(mode === 'http' ? { makeCache: HTTP_MODE_CACHE } : {}),
      rest: {
        ...(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}),
        globalRequestsPerSecond: CLIENT_REQUESTS_PER_SECOND,
        ...responder?.restOptions,
      },
      ...extra,
    });
    // Spawned by the shard manager: discord.js has read this shard's id and count from the environment.
    if (client.shard) context.cluster = new ShardLink(client.shard, indexes, logger, { snapshot: Boolean(config.INDEX_SNAPSHOT), metrics });
    const rest = client.rest;
    const serving = indexes;
    const cluster = context.cluster;
    feeds = new FeedPoller({
      config,
      logger,
      state,
      indexes,
      announce: async (channel, message) => {
        await rest.post(Routes.channelMessages(channel), { body: { content: message.content, allowed_mentions: { parse: [] } } });
      },
      reindex: () => (cluster ? cluster.reindex(() => serving.reindex()) : serving.reindex()),
    });
    context.feeds = feeds;
    feeds.start();
    follows = new FollowPoster({
      config,
      logger,
      state,
      indexes,
      post: async (channel, message) => {
        await rest.post(Routes.channelMessages(channel), {
          body: { embeds: message.embeds, components: message.components, allowed_mentions: { parse: [] } },
        });
      },
    });
    context.follows = follows;
    follows.start();
    const route = createRouter(commands, context);
    client.on(Events.InteractionCreate, (interaction) => {
      inflight++;
      route(interaction)
        .catch((err) => logger.error({ err, interactionId: interaction.id }, 'unhandled interaction error'))
        .finally(() => inflight--);
    });
    client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
    // Removed from a server (not an outage, which leaves it unavailable): its followed topics go with it.
    const remembered = state;
    client.on(Events.GuildDelete, (guild) => {
      if (!guild.available) return;
      remembered
        .forgetFollows(guild.id)
        .then(() => logger.info({ guild: guild.id }, 'left a server: its followed topics are forgotten'))
        .catch((err: unknown) => logger.warn({ err, guild: guild.id }, 'left a server, but its followed topics could not be forgotten'));
    });
    // Another process (a replica's or a shard's /reindex, or `npm run reindex`) saved a newer index: serve it.
    if (config.INDEX_SNAPSHOT && config.SNAPSHOT_POLL_SECONDS > 0) {
      const watched = indexes;
      poll = setInterval(() => {
        watched.checkSnapshot().then(
          (r) => {
            if (!r) return;
            metrics.reload(true);
            logger.info(
              { articles: r.report.articles, added: r.added.length, removed: r.removed.length, changed: r.changed.length, ms: r.report.ms },
              'loaded the index snapshot another process saved',
            );
          },
          (err) => {
            metrics.reload(false);
            logger.error({ err }, 'could not load the newer index snapshot; the current index is still serving');
          },
        );
      }, config.SNAPSHOT_POLL_SECONDS * 1000);
      poll.unref();
    }
    let ready: Promise<void>;
    const served = client;
    if (responder) {
      // No gateway: the REST client needs the token for anything not sent with an interaction's own token.
      served.rest.setToken(config.DISCORD_TOKEN);
      const shared = state;
      responder.attach(served, (id) => shared.claimInteraction(id));
      health = 'ready';
      logger.info({ mode, port: http?.port, ms: Math.round(performance.now() - started) }, 'bot ready');
      ready = Promise.resolve();
    } else {
      served.on(Events.Invalidated, () => {
        health = 'failed';
        failure = 'the gateway session was invalidated';
        reportFatal(failure);
      });
      ready = new Promise<void>((resolve) => {
        served.once(Events.ClientReady, (c) => {
          health = 'ready';
          logger.info({ mode, user: c.user.tag, guilds: c.guilds.cache.size, ms: Math.round(performance.now() - started) }, 'bot ready');
          resolve();
        });
      });
      await served.login(config.DISCORD_TOKEN);
    }
    return { client: served, context, ready, ...(http ? { http } : {}), fatal, stop };
  } catch (err) {
    health = 'failed';
    failure = (err as Error).message;
    await stop();
    throw err;
  }
}

/**
 * What an operator reads when the bot could not start: the setting to look at and how to fix it, in one line;
 * undefined for a failure no setting explains (logged whole, with its stack).
 */
export function startFailure(err: unknown, config: Config): string | undefined {
  const e = err as Error & { code?: string; cause?: { code?: string } };
  // The shard manager's REST call (fetch) puts the network error's code in `cause`.
  const code = e.code ?? e.cause?.code ?? '';
  if (code === 'TokenInvalid' || (err instanceof DiscordAPIError && err.status === 401))
    return 'error: Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env.';
  if (err instanceof CorpusDirectoryError) {
    const create = /does not exist/.test(e.message) ? `create it (mkdir -p ${config.CORPUS_DIR}) and add articles, or ` : '';
    return `error: ${e.message}; ${create}point CORPUS_DIR in .env at the directory that holds the articles.`;
  }
  if (err instanceof ListenError) return listenFailure(err, config);
  if (err instanceof StoreError || err instanceof ReaderWeightsError) return `error: ${e.message}: ${err.hint}.`;
  // Discord's API answered, but not with what the bot asked for: from DISCORD_API_BASE, that is not Discord's API.
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    const request = `${err.method.toUpperCase()} ${apiPath(err.url)}`;
    if (config.DISCORD_API_BASE)
      return `error: DISCORD_API_BASE ${config.DISCORD_API_BASE} answered ${err.status} to ${request}, which Discord's API answers; unset DISCORD_API_BASE to use Discord's own API, or point it at the base URL of the API to use instead, such as http://127.0.0.1:8080/api.`;
    return err.status >= 500
      ? `error: Discord answered ${err.status} to ${request}: it may be having trouble (https://discordstatus.com); try again in a few minutes.`
      : `error: Discord refused ${request} (${err.status}: ${err.message}).`;
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(code))
    return config.DISCORD_API_BASE
      ? `error: cannot reach Discord (${code} at ${config.DISCORD_API_BASE}); check the network, or unset DISCORD_API_BASE to use Discord's own address.`
      : `error: cannot reach Discord (${code}); check this machine's network connection and DNS.`;
  if (code === 'ShardingReadyDied') return `error: a shard stopped before it was ready (${e.message}); its error is above.`;
  return undefined;
}

/** The HTTP server could not listen: HTTP_HOST or HTTP_PORT, by the system's reason. */
function listenFailure(err: ListenError, config: Config): string {
  const shards = config.SHARDS !== 1 ? ' (shard N listens on HTTP_PORT + N)' : '';
  switch (err.code) {
    case 'EADDRINUSE':
      return `error: HTTP_PORT ${config.HTTP_PORT} is already in use on HTTP_HOST ${err.host}${shards}; stop the other process, or set HTTP_PORT to a free port.`;
    case 'EACCES':
    case 'EPERM':
      return `error: HTTP_PORT ${config.HTTP_PORT} needs privileges this user does not have (${err.code}): ports below 1024 are reserved; set HTTP_PORT to 1024 or above, such as 8080.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EADDRNOTAVAIL':
      return `error: HTTP_HOST ${err.host} is not an address of this machine (${err.code}), so the HTTP server cannot listen on it; set HTTP_HOST to 0.0.0.0 (every interface), 127.0.0.1 (this machine only) or one of this machine's own addresses.`;
    default:
      return `error: the HTTP server cannot listen on HTTP_HOST ${err.host}, HTTP_PORT ${config.HTTP_PORT} (${err.code}); check both settings.`;
  }
}

/** The path of a request to Discord's API as its documentation names it: /gateway/bot, without the base or version. */
function apiPath(url: string): string {
  try {
    return new URL(url).pathname.replace(/^.*?\/v\d+(?=\/)/, '');
  } catch {
    return url;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    // Every rule at once, the files it will write among them, before anything starts.
    config = loadConfig(process.env, { paths: true });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const shard = shardOfThisProcess();
  const manager = shard === undefined && config.SHARDS !== 1;
  const base = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const logger = shard === undefined ? base : base.child({ shard });
  let stop: () => Promise<void>;
  try {
    if (manager) {
      // The shards share the database; the old files are imported once, here, before any of them starts.
      await (await openBotState(config, logger)).close();
      stop = (await startShards(config, logger)).stop;
    } else {
      const bot = await startBot(config, logger);
      stop = bot.stop;
      // Exit, so that the service manager (or the shard manager) starts a fresh process.
      void bot.fatal.then((reason) => {
        logger.fatal({ reason }, 'the bot can no longer serve; exiting');
        bot.stop().finally(() => process.exit(1));
      });
    }
  } catch (err) {
    const message = startFailure(err, config);
    if (message) console.error(message);
    else logger.fatal({ err }, 'could not start the bot');
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A shard whose manager is gone (killed, crashed, even while this shard was starting) would keep its gateway
  // session and never be updated.
  if (shard !== undefined) {
    if (!process.connected) shutdown('manager disconnected');
    else process.on('disconnect', () => shutdown('manager disconnected'));
  }
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
