/**
 * `npm start`: the Discord bot. Loads the configuration and the index, logs in (Guilds intent only), routes
 * interactions, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { CorpusDirectoryError } from './corpus.js';
import { loadCommands } from './discord/load-commands.js';
import { RecentStore } from './discord/recent-store.js';
import { createRouter } from './discord/router.js';
import type { BotContext } from './discord/types.js';
import { FeedbackLog } from './feedback.js';
import { IndexService } from './index-service.js';
import { createLogger, type Logger } from './logger.js';

export interface Bot {
  client: Client;
  context: BotContext;
  /** Resolves once the gateway session is ready. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export async function startBot(config: Config, logger: Logger = createLogger(config.LOG_LEVEL), extra: Partial<ClientOptions> = {}): Promise<Bot> {
  const started = performance.now();
  const indexes = await IndexService.open(config.CORPUS_DIR, { snapshot: config.INDEX_SNAPSHOT || undefined });
  const { report } = indexes;
  logger.info({ articles: report.articles, paragraphs: report.paragraphs, problems: report.problems.length, ms: report.ms, source: report.source }, 'index ready');
  for (const p of report.problems) logger.warn({ file: p.file }, `skipped corpus file: ${p.message}`);

  const commands = await loadCommands();
  const context: BotContext = {
    config,
    logger,
    indexes,
    answers: new RecentStore(),
    timelines: new RecentStore(),
    feedback: new FeedbackLog(config.FEEDBACK_LOG),
  };
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(config.DISCORD_API_BASE ? { rest: { api: config.DISCORD_API_BASE } } : {}),
    ...extra,
  });
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
  const logger = createLogger(config.LOG_LEVEL);
  let bot: Bot;
  try {
    bot = await startBot(config, logger);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'TokenInvalid') console.error('error: Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env.');
    else if (err instanceof CorpusDirectoryError) console.error(`error: ${e.message}`);
    else if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(e.code ?? '')) {
      console.error(`error: cannot reach Discord (${e.code}${config.DISCORD_API_BASE ? ` at ${config.DISCORD_API_BASE}` : ''}); check the network, or unset DISCORD_API_BASE.`);
    }
    else logger.fatal({ err }, 'could not start the bot');
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    bot.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
