/**
 * `npm start`: the Discord bot. Loads the configuration and the index, logs in (Guilds intent only), routes
 * interactions, and shuts down cleanly on SIGINT/SIGTERM. With SHARDS other than 1 this process becomes the
 * shard manager (src/discord/sharding.ts), which runs this same file once per shard.
 */
import { Client, DiscordAPIError, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { CorpusDirectoryError } from '../corpus/article.js';
import { loadCommands } from './load-commands.js';
import { RecentStore } from './recent-store.js';
import { createRouter } from './router.js';
import type { BotContext } from './types.js';
import { FeedbackLog, FeedbackLogError } from './feedback.js';
import { AnswerArchive } from './answer-archive.js';
import { IndexService } from '../index/index-service.js';
import { createLogger, type Logger } from './logger.js';
import { preloadNames } from '../language/names.js';
import { ShardLink, startShards } from './sharding.js';

export interface Bot {
  client: Client;
  context: BotContext;
  /** Resolves once the gateway session is ready. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export async function startBot(
  config: Config,
  logger: Logger = createLogger(config.LOG_LEVEL),
  extra: Partial<ClientOptions> = {},
): Promise<Bot> {
  const started = performance.now();
  // Checked first: a vote must never be taken that cannot be saved.
  const feedback = await FeedbackLog.open(config.FEEDBACK_LOG);
  const indexes = await IndexService.open(config.CORPUS_DIR, {
    snapshot: config.INDEX_SNAPSHOT || undefined,
    threads: config.INDEX_THREADS,
  });
  // The English lexicon (names in questions typed in lower case, noun phrases for short answers), loaded now
  // rather than during a member's first question.
  preloadNames();
  const { report } = indexes;
  logger.info(
    { articles: report.articles, paragraphs: report.paragraphs, problems: report.problems.length, ms: report.ms, source: report.source },
    'index ready',
  );
  for (const p of report.problems) logger.warn({ file: p.file }, `skipped corpus file: ${p.message}`);

  const commands = await loadCommands();
  const context: BotContext = {
    config,
    logger,
    indexes,
    answers: new RecentStore(),
    timelines: new RecentStore(),
    feedback,
    archive: AnswerArchive.besideFeedbackLog(config.FEEDBACK_LOG),
    askedWell: new Map(),
  };
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(config.DISCORD_API_BASE ? { rest: { api: config.DISCORD_API_BASE } } : {}),
    ...extra,
  });
  // Spawned by the shard manager: discord.js has read this shard's id and count from the environment.
  if (client.shard) context.cluster = new ShardLink(client.shard, indexes, logger, { snapshot: Boolean(config.INDEX_SNAPSHOT) });
  const route = createRouter(commands, context);
  client.on(Events.InteractionCreate, (interaction) => {
    route(interaction).catch((err) => logger.error({ err, interactionId: interaction.id }, 'unhandled interaction error'));
  });
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, (c) => {
      logger.info({ user: c.user.tag, guilds: c.guilds.cache.size, ms: Math.round(performance.now() - started) }, 'bot ready');
      resolve();
    });
  });
  await client.login(config.DISCORD_TOKEN);
  return {
    client,
    context,
    ready,
    async stop() {
      await client.destroy();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // A shard process (SHARDING_MANAGER and SHARDS, its id, are set by discord.js's ShardingManager).
  const shard = process.env.SHARDING_MANAGER ? Number(process.env.SHARDS) : undefined;
  const manager = shard === undefined && config.SHARDS !== 1;
  const logger = shard === undefined ? createLogger(config.LOG_LEVEL) : createLogger(config.LOG_LEVEL).child({ shard });
  let stop: () => Promise<void>;
  try {
    stop = manager ? (await startShards(config, logger)).stop : (await startBot(config, logger)).stop;
  } catch (err) {
    const e = err as Error & { code?: string; cause?: { code?: string } };
    // The shard manager's REST call (fetch) puts the network error's code in `cause`.
    const code = e.code ?? e.cause?.code ?? '';
    if (code === 'TokenInvalid' || (err instanceof DiscordAPIError && err.status === 401))
      console.error(
        'error: Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env.',
      );
    else if (err instanceof CorpusDirectoryError) console.error(`error: ${e.message}`);
    else if (err instanceof FeedbackLogError) console.error(`error: ${e.message}: ${err.hint}.`);
    else if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(code)) {
      console.error(
        `error: cannot reach Discord (${code}${config.DISCORD_API_BASE ? ` at ${config.DISCORD_API_BASE}` : ''}); check the network, or unset DISCORD_API_BASE.`,
      );
    } else if (code === 'ShardingReadyDied')
      console.error(`error: a shard stopped before it was ready (${e.message}); its error is above.`);
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
