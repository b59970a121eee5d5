/**
 * Several gateway shards (SHARDS ≠ 1): a manager process starts one child process per shard with discord.js's
 * ShardingManager, each running the same bot entry (startBot) on the same index snapshot. The manager also
 * coordinates /reindex: one shard at a time rebuilds (saving the snapshot), the others are told it is busy,
 * then every other shard loads that snapshot. Messages travel over the shards' IPC channels.
 */
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard, type ShardClientUtil } from 'discord.js';
import type { Config } from './config.js';
import type { ProgressListener } from '../index/build/protocol.js';
import { ReindexBusyError, ReindexFailedError, type IndexService, type ReindexResult } from '../index/index-service.js';
import type { Logger } from './logger.js';
import type { BotMetrics } from './metrics.js';

/** Discord allows `max_concurrency` identifies per 5 s; a little more keeps clear of the limit. */
const IDENTIFY_WINDOW_MS = 5_500;
/** From spawn to READY, which includes loading or building the index (news-2022: ~30 s to build). */
const READY_TIMEOUT_MS = 10 * 60_000;
/** A sibling loads the snapshot in seconds, but rebuilds from the corpus when no snapshot is configured. */
const RELOAD_TIMEOUT_MS = 10 * 60_000;
/** The manager answers a lock request at once; no answer means it is gone. */
const LOCK_TIMEOUT_MS = 10_000;
/** How long the manager waits for the shards to disconnect and exit before killing them. */
const STOP_TIMEOUT_MS = 10_000;

// ---- the IPC protocol (our messages carry `newsdesk`; discord.js's own use `_`-prefixed keys) ----

type ToManager =
  /** May this shard reindex now? */
  | { newsdesk: 'lock'; id: string }
  /** The rebuild ended; when `ok`, the snapshot is saved and the others should load it. Releases the lock. */
  | { newsdesk: 'reindexed'; id: string; ok: boolean }
  /** A sibling's answer to `reload`. */
  | { newsdesk: 'reloaded'; id: string; ok: boolean; error?: string };

type ToShard =
  | { newsdesk: 'lock'; id: string; granted: boolean; holder?: number }
  | { newsdesk: 'reload'; id: string }
  | { newsdesk: 'reindexed'; id: string; updated: number[]; failed: ShardFailure[] };

export interface ShardFailure {
  shard: number;
  error: string;
}

/** How a /reindex went across the shards. */
export interface ShardsUpdate {
  /** Shards now serving the new index, this one included. */
  updated: number;
  total: number;
  /** Shards still on the previous index, and why. */
  failed: ShardFailure[];
}

function isMessage<T extends { newsdesk: string }>(m: unknown): m is T {
  return typeof m === 'object' && m !== null && typeof (m as { newsdesk?: unknown }).newsdesk === 'string';
}

// ---- manager side ----

/** The bot entry every shard runs: this module's sibling bot.ts (bot.js once compiled). */
function botEntry(): { file: string; execArgv: string[] } {
  const compiled = import.meta.url.endsWith('.js');
  const file = fileURLToPath(new URL(compiled ? './bot.js' : './bot.ts', import.meta.url));
  // Child processes do not inherit tsx's loader; resolved to a file URL so any working directory works.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file, execArgv: compiled ? [] : ['--import', tsx] };
}

/** GET /gateway/bot: checks the token and says how many shards Discord recommends, and how fast they may identify. */
async function fetchGateway(config: Config): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}).setToken(config.DISCORD_TOKEN);
  return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
}

export interface ShardCluster {
  manager: ShardingManager;
  total: number;
  /** Stop every shard (each disconnects cleanly on SIGTERM), then resolve. */
  stop(): Promise<void>;
}

export async function startShards(config: Config, parentLogger: Logger): Promise<ShardCluster> {
  // The shards log to the same stdout with their own `shard`; this tells the manager's lines apart.
  const logger = parentLogger.child({ manager: true });
  const gateway = await fetchGateway(config);
  const total = config.SHARDS === 'auto' ? gateway.shards : config.SHARDS;
  // Discord recommends one shard per 1,000 servers and refuses to connect more than 2,500 on one.
  if (total < gateway.shards) logger.warn({ shards: total, recommended: gateway.shards }, 'fewer shards than Discord recommends');
  const { file, execArgv } = botEntry();
  // No respawn while starting: a shard that cannot start (bad corpus, bad token) would otherwise loop.
  const manager = new ShardingManager(file, { totalShards: total, token: config.DISCORD_TOKEN, execArgv, mode: 'process', respawn: false });
  const coordinator = new ReindexCoordinator(manager, logger);
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    shard.on('spawn', (child) => logger.info({ shard: shard.id, pid: (child as ChildProcess).pid }, 'shard started'));
    shard.on('ready', () => logger.info({ shard: shard.id }, 'shard ready'));
    shard.on('death', (child) => {
      if (stopping) logger.info({ shard: shard.id }, 'shard stopped');
      else
        logger.warn(
          { shard: shard.id, code: (child as ChildProcess).exitCode, signal: (child as ChildProcess).signalCode, respawn: manager.respawn },
          'shard exited',
        );
      coordinator.onDeath(shard.id);
    });
    shard.on('error', (err) => logger.error({ shard: shard.id, err }, 'shard error'));
    shard.on('message', (m) => {
      if (isMessage<ToManager>(m)) coordinator.onMessage(shard, m);
    });
  });
  const maxConcurrency = Math.max(1, gateway.session_start_limit?.max_concurrency ?? 1);
  logger.info({ shards: total, from: config.SHARDS === 'auto' ? 'Discord' : 'SHARDS', maxConcurrency }, 'starting shards');

  const stop = async () => {
    stopping = true;
    manager.respawn = false;
    const children = [...manager.shards.values()].map((s) => s.process).filter((c): c is ChildProcess => c !== null && c.exitCode === null);
    const exited = Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
    for (const s of manager.shards.values()) if (s.process) s.kill();
    await Promise.race([exited, sleep(STOP_TIMEOUT_MS, undefined, { ref: false })]);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  try {
    // Spawned one after another, each waiting for the previous one's READY: shard 0 builds and saves the
    // snapshot when there is none, and the later shards load it instead of building it again.
    await manager.spawn({ amount: total, delay: Math.ceil(IDENTIFY_WINDOW_MS / maxConcurrency), timeout: READY_TIMEOUT_MS });
  } catch (err) {
    await stop();
    throw err;
  }
  manager.respawn = true;
  logger.info({ shards: total }, 'all shards ready');
  return { manager, total, stop };
}

/** In the manager: one reindex at a time across all shards, then the others load the new snapshot. */
class ReindexCoordinator {
  private holder: { shard: number; id: string } | undefined;
  /** Replies to `reload` awaited: settle with undefined when the shard loaded the index, else why not. */
  private readonly waiting = new Set<{ id: string; shard: number; settle: (failure?: string) => void }>();

  constructor(
    private readonly manager: ShardingManager,
    private readonly logger: Logger,
  ) {}

  onMessage(from: Shard, m: ToManager): void {
    if (m.newsdesk === 'lock') {
      const granted = this.holder === undefined;
      if (granted) this.holder = { shard: from.id, id: m.id };
      this.send(from, { newsdesk: 'lock', id: m.id, granted, holder: this.holder?.shard });
    } else if (m.newsdesk === 'reindexed') {
      if (this.holder?.id !== m.id) return;
      if (!m.ok) {
        this.holder = undefined;
        return;
      }
      void this.propagate(from, m.id).then(({ updated, failed }) => {
        this.holder = undefined;
        this.logger.info({ from: from.id, updated, failed }, 'reindex propagated');
        this.send(from, { newsdesk: 'reindexed', id: m.id, updated, failed });
      });
    } else if (m.newsdesk === 'reloaded') {
      for (const w of this.waiting) if (w.id === m.id && w.shard === from.id) w.settle(m.ok ? undefined : (m.error ?? 'failed'));
    }
  }

  onDeath(shard: number): void {
    // The holder's lock is released when propagation ends, even if the holder died meanwhile.
    const propagating = [...this.waiting].some((w) => w.id === this.holder?.id);
    if (this.holder?.shard === shard && !propagating) this.holder = undefined;
    for (const w of this.waiting) if (w.shard === shard) w.settle('the shard exited while loading the new index');
  }

  /** Ask every other shard to load the saved index; which did, and which did not and why. */
  private async propagate(origin: Shard, id: string): Promise<{ updated: number[]; failed: ShardFailure[] }> {
    const others = [...this.manager.shards.values()].filter((s) => s.id !== origin.id);
    const outcomes = await Promise.all(
      others.map(async (shard): Promise<[number, string | undefined]> => {
        // A shard being restarted loads the saved index as it starts, so it is not waited for.
        if (!shard.process) return [shard.id, 'not running; it loads the saved index when it restarts'];
        let settle!: (failure?: string) => void;
        const reply = new Promise<string | undefined>((resolve) => {
          const timer = setTimeout(() => settle(`no answer within ${RELOAD_TIMEOUT_MS / 1000} s`), RELOAD_TIMEOUT_MS);
          const waiter = {
            id,
            shard: shard.id,
            settle: (failure?: string) => {
              clearTimeout(timer);
              this.waiting.delete(waiter);
              resolve(failure);
            },
          };
          settle = waiter.settle;
          this.waiting.add(waiter);
        });
        await shard
          .send({ newsdesk: 'reload', id } satisfies ToShard)
          .catch((err: Error) => settle(`could not be reached: ${err.message}`));
        return [shard.id, await reply];
      }),
    );
    return {
      updated: outcomes.filter(([, failure]) => failure === undefined).map(([s]) => s),
      failed: outcomes.filter(([, failure]) => failure !== undefined).map(([shard, error]) => ({ shard, error: error! })),
    };
  }

  private send(shard: Shard, m: ToShard): void {
    shard.send(m).catch((err) => this.logger.warn({ shard: shard.id, err, message: m.newsdesk }, 'could not message the shard'));
  }
}

// ---- shard side ----

/** This process's shard id when the shard manager started it (it sets SHARDING_MANAGER, and SHARDS to the id). */
export function shardOfThisProcess(): number | undefined {
  return process.env.SHARDING_MANAGER ? Number(process.env.SHARDS) || 0 : undefined;
}

/** Another shard is reindexing. */
export class ShardBusyError extends ReindexBusyError {
  constructor(readonly holder: number | undefined) {
    super(`a reindex is already running${holder === undefined ? '' : ` on shard ${holder}`}; wait for it to finish`);
  }
}

/** In a shard process: this shard's line to the manager, for /reindex across the shards. */
export class ShardLink {
  private seq = 0;
  private readonly replies = new Map<string, (m: ToShard) => void>();

  constructor(
    private readonly util: ShardClientUtil,
    private readonly indexes: IndexService,
    private readonly logger: Logger,
    private readonly options: { snapshot: boolean; metrics?: BotMetrics },
  ) {
    process.on('message', (m) => {
      if (isMessage<ToShard>(m)) this.onMessage(m);
    });
  }

  get id(): number {
    return this.util.ids[0];
  }

  get count(): number {
    return this.util.count;
  }

  /**
   * Run `rebuild` (this shard's IndexService.reindex) while no other shard reindexes, then have every other
   * shard load the saved result. Throws ShardBusyError when another shard is reindexing.
   */
  async reindex(
    rebuild: () => Promise<ReindexResult>,
    onProgress: ProgressListener = () => {},
  ): Promise<{ result: ReindexResult; shards: ShardsUpdate }> {
    const id = `${this.id}:${++this.seq}`;
    const lock = await this.request({ newsdesk: 'lock', id }, LOCK_TIMEOUT_MS).catch((err: Error) => {
      // Had the manager granted it after all, this releases it.
      this.util.send({ newsdesk: 'reindexed', id, ok: false } satisfies ToManager).catch(() => {});
      throw new ReindexFailedError(`${err.message}; the current index is still serving`);
    });
    if (lock.newsdesk !== 'lock' || !lock.granted) throw new ShardBusyError(lock.newsdesk === 'lock' ? lock.holder : undefined);
    let result: ReindexResult;
    try {
      result = await rebuild();
    } catch (err) {
      this.util.send({ newsdesk: 'reindexed', id, ok: false } satisfies ToManager).catch(() => {});
      throw err;
    }
    onProgress('loading the new index on the other shards');
    try {
      const reply = await this.request({ newsdesk: 'reindexed', id, ok: true }, RELOAD_TIMEOUT_MS + LOCK_TIMEOUT_MS);
      if (reply.newsdesk !== 'reindexed') throw new Error(`unexpected answer from the shard manager: ${reply.newsdesk}`);
      return { result, shards: { updated: 1 + reply.updated.length, total: this.count, failed: reply.failed } };
    } catch (err) {
      // This shard serves the new index whatever happened to the others.
      const others = Array.from({ length: this.count }, (_, i) => i).filter((s) => s !== this.id);
      return {
        result,
        shards: { updated: 1, total: this.count, failed: others.map((shard) => ({ shard, error: (err as Error).message })) },
      };
    }
  }

  private request(m: ToManager, timeoutMs: number): Promise<ToShard> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(m.id);
        reject(new Error(`the shard manager did not answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.replies.set(m.id, (reply) => {
        clearTimeout(timer);
        this.replies.delete(m.id);
        resolve(reply);
      });
      this.util.send(m).catch((err) => {
        clearTimeout(timer);
        this.replies.delete(m.id);
        reject(err);
      });
    });
  }

  private onMessage(m: ToShard): void {
    if (m.newsdesk === 'reload') void this.reload(m.id);
    else this.replies.get(m.id)?.(m);
  }

  /** Another shard reindexed: serve what it saved (or, without a snapshot file, rebuild from the corpus too). */
  private async reload(id: string): Promise<void> {
    let reply: ToManager;
    try {
      const r = this.options.snapshot ? await this.indexes.reloadFromSnapshot() : await this.indexes.reindex();
      this.logger.info(
        {
          articles: r.report.articles,
          added: r.added.length,
          removed: r.removed.length,
          changed: r.changed.length,
          ms: r.report.ms,
          source: r.report.source,
        },
        'index reloaded after a reindex on another shard',
      );
      reply = { newsdesk: 'reloaded', id, ok: true };
      this.options.metrics?.reload(true);
    } catch (err) {
      this.options.metrics?.reload(false);
      this.logger.error({ err }, 'could not load the index another shard rebuilt; the previous index is still serving');
      reply = { newsdesk: 'reloaded', id, ok: false, error: (err as Error).message };
    }
    await this.util.send(reply).catch((err) => this.logger.warn({ err }, 'could not answer the shard manager'));
  }
}
