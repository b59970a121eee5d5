/**
 * /reindex — moderators rebuild the index from the corpus directory after adding articles. The old index keeps
 * answering until the new one is ready, and stays if the rebuild fails. With several shards, the shard that got
 * the command rebuilds and the others then load what it saved (src/discord/sharding.ts).
 */
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { MODERATOR_PERMISSION, requireModerator } from '../src/discord/preconditions.js';
import { LIMITS, renderNotice } from '../src/discord/render.js';
import { UserError, type BotContext, type CommandModule } from '../src/discord/types.js';
import type { ReindexRecord } from '../src/store/state-store.js';
import { processHolder } from '../src/store/open-store.js';
import { ReindexBusyError, ReindexFailedError, type ReindexResult } from '../src/index/index-service.js';
import { ShardBusyError, type ShardsUpdate } from '../src/discord/sharding.js';
import { truncateOnWord } from '../src/language/truncate.js';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the article index from the corpus directory (moderators)')
  .setDefaultMemberPermissions(MODERATOR_PERMISSION)
  .setContexts(InteractionContextType.Guild);

export const defer: CommandModule['defer'] = 'ephemeral';

/** Edit the progress message at most this often. */
const PROGRESS_INTERVAL_MS = 2000;

export const check: CommandModule['check'] = (interaction, ctx) => {
  requireModerator(interaction, 'reindex');
  if (ctx.indexes.busy) throw new UserError(busy());
};

/** Where the reindex that is running runs: this process, a shard (its number), or another replica. */
function busy(where?: number | 'replica'): string {
  const on = where === undefined ? '' : where === 'replica' ? ' on another replica' : ` on shard ${where}`;
  return `A reindex is already running${on}; it will finish on its own, and I keep answering from the current index until then.`;
}

/** The lease of one /reindex at a time across every process sharing the database. */
const REINDEX_LEASE = 'reindex';
/** How long the lease holds without renewal: a crashed holder blocks the next /reindex this long at most. */
const REINDEX_LEASE_MS = 2 * 60_000;
/** How often a running reindex renews its lease. */
const LEASE_RENEW_MS = 30_000;

/** Reindexes this process is running or taking the lease for: the process's own turn-taking. */
let running = 0;

/**
 * Take the cluster-wide lease for `work` and hold it (renewed) until the work is done. Without the database the
 * work runs anyway, as it did on one process: this process's own busy check still stands.
 */
async function underLease<T>(ctx: BotContext, work: () => Promise<T>): Promise<T> {
  // Two /reindex on this process at once: the second is told here, before it could take (and, failing, release)
  // the lease the first holds.
  if (running > 0 || ctx.indexes.busy) throw new UserError(busy());
  running++;
  try {
    return await leased(ctx, work);
  } finally {
    running--;
  }
}

async function leased<T>(ctx: BotContext, work: () => Promise<T>): Promise<T> {
  // A holder per reindex, not per process: releasing one never frees another's.
  const holder = processHolder();
  let held: boolean;
  try {
    held = await ctx.state.acquireLease(REINDEX_LEASE, holder, REINDEX_LEASE_MS);
  } catch (err) {
    ctx.logger.warn({ err }, 'reindexing without the cluster-wide lease: the database is unavailable');
    return work();
  }
  if (!held) throw new UserError(busy('replica'));
  ctx.logger.info({ holder }, 'took the reindex lease');
  const renew = setInterval(() => {
    ctx.state.acquireLease(REINDEX_LEASE, holder, REINDEX_LEASE_MS).then(
      (still) => {
        // Only after this process stalled past the expiry: another replica may be rebuilding too.
        if (!still) ctx.logger.warn({ holder }, 'the reindex lease expired and another process took it');
      },
      (err: unknown) => ctx.logger.warn({ err }, 'reindex lease not renewed'),
    );
  }, LEASE_RENEW_MS);
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await ctx.state
      .releaseLease(REINDEX_LEASE, holder)
      .catch((err: unknown) => ctx.logger.warn({ err }, 'reindex lease not released; it expires on its own'));
  }
}

/** Articles listed by name at most, per kind of change. */
const LISTED = 10;

/** "+ added 2: “Bolivia signs lithium deal” (lithium-deal), …": the title a moderator knows, and the file. */
function list(label: string, ids: string[], titleOf: (id: string) => string | undefined): string[] {
  if (!ids.length) return [];
  const named = (id: string) => {
    const title = titleOf(id);
    return title ? `“${truncateOnWord(title, 80)}” (${id})` : id;
  };
  return [
    `${label} ${ids.length}: ${ids.slice(0, LISTED).map(named).join(', ')}${ids.length > LISTED ? `, … (${ids.length - LISTED} more)` : ''}`,
  ];
}

/**
 * The report a moderator reads. `shards`: how the other shards took it, when there are several; `wallMs`: how
 * long the moderator waited (the build's own time leaves out loading and swapping); `titleOf`: an article's
 * title by id, from the new index or, for a removed one, the old.
 */
export function describeReindex(
  r: ReindexResult,
  shards?: ShardsUpdate,
  detail: { wallMs?: number; titleOf?: (id: string) => string | undefined } = {},
): string {
  const titleOf = detail.titleOf ?? (() => undefined);
  const { report } = r;
  const everywhere = shards && !shards.failed.length ? ` (${shards.updated} shards updated)` : '';
  // Only files whose content changed since the saved index are read again.
  const how =
    report.source === 'incremental'
      ? ` (read the ${report.filesRead} new or changed file${report.filesRead === 1 ? '' : 's'}, reused the rest)`
      : '';
  const lines = [
    `Reindexed in ${seconds(detail.wallMs ?? report.ms)}${how}: ${report.articles} articles, ${report.paragraphs} paragraphs, ${report.sentences} sentences.${everywhere}`,
    ...list('+ added', r.added, titleOf),
    ...list('− removed', r.removed, titleOf),
    ...list('~ changed', r.changed, titleOf),
  ];
  if (!r.added.length && !r.removed.length && !r.changed.length) lines.push('No articles changed.');
  if (shards?.failed.length) {
    lines.push(`Only ${shards.updated} of ${shards.total} shards updated; still on the previous index:`);
    for (const f of shards.failed.slice(0, 10)) lines.push(`• shard ${f.shard}: ${f.error}`);
    if (shards.failed.length > 10) lines.push(`… and ${shards.failed.length - 10} more (see the bot's log)`);
  }
  if (report.problems.length) {
    lines.push(`Skipped ${report.problems.length} file(s):`);
    for (const p of report.problems.slice(0, 20)) lines.push(`• ${p.file}: ${p.message}`);
    if (report.problems.length > 20)
      lines.push(`… and ${report.problems.length - 20} more: the bot's log lists every one (the operator can read it)`);
  }
  return truncateOnWord(lines.join('\n'), LIMITS.CONTENT);
}

/** "0.6 s", "12 s": never "0.0 s" for a reindex that took a moment. */
function seconds(ms: number): string {
  return ms < 10_000 ? `${Math.max(0.1, ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** For /about and /healthz, on every process sharing the database; a write that fails is only logged. */
async function remember(ctx: BotContext, record: ReindexRecord): Promise<void> {
  await ctx.state.recordReindex(record).catch((err: unknown) => ctx.logger.warn({ err }, 'could not save the reindex in the database'));
}

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  let last = 0;
  // Progress edits go out one after another, and none after the final reply: a late "Reindexing…" would
  // otherwise replace the report (or the failure) the moderator must read.
  let progress = Promise.resolve();
  let finished = false;
  const onProgress = (stage: string) => {
    const now = Date.now();
    if (finished || now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    progress = progress
      .then(() =>
        finished ? undefined : interaction.editReply(renderNotice(`Reindexing… ${stage}. The current index keeps answering meanwhile.`)),
      )
      .then(
        () => {},
        () => {},
      );
  };
  const finish = async () => {
    finished = true;
    await progress;
  };
  try {
    // Shards of one manager take turns through it (a busy one is named); replicas, through the database's lease.
    const rebuild = () => underLease(ctx, () => ctx.indexes.reindex(onProgress));
    const started = performance.now();
    const previous = ctx.indexes.index;
    const { result, shards } = ctx.cluster
      ? await ctx.cluster.reindex(rebuild, onProgress)
      : { result: await rebuild(), shards: undefined };
    ctx.logger.info(
      {
        interactionId: interaction.id,
        added: result.added.length,
        removed: result.removed.length,
        changed: result.changed.length,
        problems: result.report.problems.length,
        // Every skipped file with its reason: the Discord reply lists the first 20.
        ...(result.report.problems.length ? { skipped: result.report.problems.map((p) => `${p.file}: ${p.message}`) } : {}),
        ms: result.report.ms,
        ...(shards ? { shardsUpdated: shards.updated, shardsFailed: shards.failed } : {}),
      },
      'reindexed',
    );
    await finish();
    const { report } = result;
    ctx.metrics.reindex(true, report.ms);
    await remember(ctx, {
      at: new Date().toISOString(),
      by: interaction.user.tag,
      ok: true,
      result: `${report.articles} articles (+${result.added.length} −${result.removed.length} ~${result.changed.length}), ${report.problems.length} file(s) skipped`,
    });
    const current = ctx.indexes.index;
    const titleOf = (id: string) => (current.articles.find((a) => a.id === id) ?? previous.articles.find((a) => a.id === id))?.title;
    await interaction.editReply(renderNotice(describeReindex(result, shards, { wallMs: performance.now() - started, titleOf })));
  } catch (err) {
    await finish();
    // Busy (here, or on another replica: a UserError) is not a failed reindex.
    if (!(err instanceof ReindexBusyError) && !(err instanceof UserError)) ctx.metrics.reindex(false);
    if (err instanceof ReindexFailedError)
      await remember(ctx, { at: new Date().toISOString(), by: interaction.user.tag, ok: false, result: `failed: ${err.message}` });
    if (err instanceof ShardBusyError) throw new UserError(busy(err.holder));
    // Another /reindex started between this one's check and its start: nothing failed.
    if (err instanceof ReindexBusyError) throw new UserError(busy());
    if (err instanceof ReindexFailedError) throw new UserError(`Reindex failed: ${err.message}.`);
    throw err;
  }
};
