/**
 * /about — what the bot knows: how many articles and paragraphs, which sources, what dates, when the last
 * /reindex ran (and how it went), how old the saved index is, and the version. Private to the member.
 */
import { SlashCommandBuilder } from 'discord.js';
import { renderAbout } from '../src/discord/render.js';
import type { CommandModule } from '../src/discord/types.js';
import { summarizeCorpus } from '../src/index/corpus-summary.js';
import { dayOf } from '../src/language/dates.js';
import { VERSION } from '../src/discord/version.js';

export const data = new SlashCommandBuilder().setName('about').setDescription('What the bot knows: articles, sources, dates, last reindex');

export const defer: CommandModule['defer'] = 'ephemeral';

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  await interaction.editReply(
    renderAbout({
      corpus: summarizeCorpus(await ctx.indexes.forServer(interaction.guildId)),
      ...(await ctx.state.latestReindex().then(
        (lastReindex) => (lastReindex ? { lastReindex } : {}),
        (err: unknown) => {
          ctx.logger.warn({ err, interactionId: interaction.id }, 'last reindex not read from the database');
          return { lastReindexUnknown: true };
        },
      )),
      snapshotAgeSeconds: await ctx.indexes.snapshotAgeSeconds(),
      version: VERSION,
      today: dayOf(new Date()),
    }),
  );
};
