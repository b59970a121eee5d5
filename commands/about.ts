/**
 * /about — what the bot knows: how many articles and paragraphs, which sources, what dates, when the last
 * /reindex ran (and how it went), how old the saved index is, and the version. Private to the member.
 */
import { stat } from 'node:fs/promises';
import { SlashCommandBuilder } from 'discord.js';
import { renderAbout } from '../src/discord/render.js';
import type { CommandModule } from '../src/discord/types.js';
import { summarizeCorpus } from '../src/index/corpus-summary.js';
import { dayOf } from '../src/language/dates.js';
import { VERSION } from '../src/discord/version.js';

export const data = new SlashCommandBuilder().setName('about').setDescription('What the bot knows: articles, sources, dates, last reindex');

export const defer: CommandModule['defer'] = 'ephemeral';

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  const snapshot = ctx.config.INDEX_SNAPSHOT;
  const saved = snapshot ? await stat(snapshot).catch(() => undefined) : undefined;
  await interaction.editReply(
    renderAbout({
      corpus: summarizeCorpus(ctx.indexes.index),
      lastReindex: await ctx.reindexLog.latest(),
      snapshotAgeSeconds: saved ? Math.max(0, (Date.now() - saved.mtimeMs) / 1000) : undefined,
      version: VERSION,
      today: dayOf(new Date()),
    }),
  );
};
