/**
 * /reindex — moderators rebuild the index from the corpus directory after adding articles. The old index keeps
 * answering until the new one is ready, and stays if the rebuild fails.
 */
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { LIMITS, renderNotice } from '../src/discord/render.js';
import { UserError, type CommandModule } from '../src/discord/types.js';
import { ReindexBusyError, ReindexFailedError, type ReindexResult } from '../src/index-service.js';
import { truncateOnWord } from '../src/text.js';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the article index from the corpus directory (moderators)')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export const defer: CommandModule['defer'] = 'ephemeral';

/** Edit the progress message at most this often. */
const PROGRESS_INTERVAL_MS = 2000;

export const check: CommandModule['check'] = (interaction, ctx) => {
  // Discord hides the command from members without Manage Server, but server settings can change that, and
  // the corpus is the moderators' to change.
  if (!interaction.inGuild() || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError('Only moderators with the Manage Server permission can reindex.');
  }
  if (ctx.indexes.busy) throw new UserError('A reindex is already running; I will keep answering from the current index until it is done.');
};

function list(label: string, ids: string[]): string[] {
  if (!ids.length) return [];
  const shown = ids.slice(0, 15).join(', ');
  return [`${label} ${ids.length}: ${shown}${ids.length > 15 ? `, … (${ids.length - 15} more)` : ''}`];
}

export function describeReindex(r: ReindexResult): string {
  const { report } = r;
  const lines = [
    `Reindexed in ${(report.ms / 1000).toFixed(1)} s: ${report.articles} articles, ${report.paragraphs} paragraphs, ${report.sentences} sentences.`,
    ...list('+ added', r.added),
    ...list('− removed', r.removed),
    ...list('~ changed', r.changed),
  ];
  if (!r.added.length && !r.removed.length && !r.changed.length) lines.push('No articles changed.');
  if (report.problems.length) {
    lines.push(`Skipped ${report.problems.length} file(s):`);
    for (const p of report.problems.slice(0, 20)) lines.push(`• ${p.file}: ${p.message}`);
    if (report.problems.length > 20) lines.push(`… and ${report.problems.length - 20} more (see npm run reindex)`);
  }
  return truncateOnWord(lines.join('\n'), LIMITS.CONTENT);
}

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  let last = 0;
  const onProgress = (stage: string) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    interaction.editReply(renderNotice(`Reindexing… ${stage}. The current index keeps answering meanwhile.`)).catch(() => {});
  };
  try {
    const result = await ctx.indexes.reindex(onProgress);
    ctx.logger.info({ interactionId: interaction.id, added: result.added.length, removed: result.removed.length, changed: result.changed.length, problems: result.report.problems.length, ms: result.report.ms }, 'reindexed');
    await interaction.editReply(renderNotice(describeReindex(result)));
  } catch (err) {
    if (err instanceof ReindexBusyError || err instanceof ReindexFailedError) throw new UserError(`Reindex failed: ${err.message}.`);
    throw err;
  }
};
