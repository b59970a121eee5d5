/**
 * /feed add url:<feed> channel:<#channel> — moderators follow an RSS or Atom feed: its new items become this
 * server's own articles, polled every FEED_INTERVAL_MINUTES, each batch announced in the channel given;
 * /feed remove url:<…> stops following one; /feed list shows the server's feeds and how their polls went.
 */
import { ChannelType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { parseFeed, FeedError } from '../src/corpus/feed.js';
import { fetchPage, FetchRefused } from '../src/corpus/fetch-page.js';
import { MODERATOR_PERMISSION, requireModerator } from '../src/discord/preconditions.js';
import { LIMITS, renderNotice } from '../src/discord/render.js';
import { UserError, type CommandModule } from '../src/discord/types.js';
import { truncateOnWord } from '../src/language/truncate.js';

export const data = new SlashCommandBuilder()
  .setName('feed')
  .setDescription("Follow news feeds: their new articles become this server's (moderators)")
  .setDefaultMemberPermissions(MODERATOR_PERMISSION)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Follow an RSS or Atom feed')
      .addStringOption((o) => o.setName('url').setDescription("The feed's address").setRequired(true).setMaxLength(2000))
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to announce its new articles')
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Stop following a feed')
      .addStringOption((o) => o.setName('url').setDescription('The feed').setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) => s.setName('list').setDescription("This server's feeds and how their last polls went"));

export const defer: CommandModule['defer'] = 'ephemeral';

export const check: CommandModule['check'] = (interaction) => {
  requireModerator(interaction, 'follow feeds');
};

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  const server = interaction.guildId!;
  const sub = interaction.options.getSubcommand();
  const minutes = ctx.config.FEED_INTERVAL_MINUTES;
  if (sub === 'add') {
    const url = interaction.options.getString('url', true).trim();
    const channel = interaction.options.getChannel('channel')?.id;
    // Read once now, so a wrong address is refused here rather than failing quietly every half hour.
    let title: string | undefined;
    let items: number;
    try {
      const page = await fetchPage(url, { accept: ['feed'], allowPrivate: ctx.config.FETCH_ALLOW_PRIVATE });
      const feed = parseFeed(page.body.toString('utf8'), page.url);
      title = feed.title;
      items = feed.items.length;
    } catch (err) {
      if (err instanceof FetchRefused || err instanceof FeedError) throw new UserError(`Not followed: ${err.message.replace(/\.$/, '')}.`);
      throw err;
    }
    const added = await ctx.state.addFeed({ server, url, ...(channel ? { channel } : {}), addedBy: interaction.user.tag });
    if (!added) throw new UserError('This server follows that feed already; /feed list shows its polls.');
    ctx.logger.info({ interactionId: interaction.id, guild: server, feed: url }, 'feed followed');
    await interaction.editReply(
      renderNotice(
        `Following “${truncateOnWord(title ?? url, 150)}” (${items} item${items === 1 ? '' : 's'} now): its articles become this server's, read now and every ${minutes} minutes${channel ? `, each batch announced in <#${channel}>` : ''}.`,
      ),
    );
    // Its current items are read at once rather than at the next tick.
    void ctx.feeds?.pollDue(new Date()).catch((err: unknown) => ctx.logger.warn({ err }, 'first poll of a new feed failed'));
    return;
  }
  if (sub === 'remove') {
    const url = interaction.options.getString('url', true);
    if (!(await ctx.state.removeFeed(server, url)))
      throw new UserError('This server does not follow that feed; /feed list shows the ones it does.');
    await interaction.editReply(renderNotice(`No longer following ${url}. The articles it brought stay; /article remove takes one out.`));
    return;
  }
  const feeds = await ctx.state.feeds(server);
  const lines = feeds.map(
    (f) =>
      `• ${truncateOnWord(f.title ?? f.url, 100)} — ${f.url}${f.channel ? ` → <#${f.channel}>` : ''}${f.failures ? ` · last ${f.failures} poll(s) failed: ${truncateOnWord(f.lastError ?? '', 150)}` : ''}`,
  );
  await interaction.editReply(
    renderNotice(
      lines.length
        ? [`This server follows ${lines.length} feed(s), read every ${minutes} minutes:`, ...lines].join('\n')
        : 'This server follows no feeds; /feed add follows one.',
    ),
  );
};

export const autocomplete: CommandModule['autocomplete'] = async (interaction, ctx) => {
  if (!interaction.guildId) return interaction.respond([]);
  const typed = interaction.options.getFocused().toLowerCase();
  const feeds = await ctx.state.feeds(interaction.guildId).catch(() => []);
  await interaction.respond(
    feeds
      .filter((f) => !typed || f.url.toLowerCase().includes(typed) || (f.title ?? '').toLowerCase().includes(typed))
      .slice(0, LIMITS.AUTOCOMPLETE_CHOICES)
      .map((f) => ({ name: truncateOnWord(f.title ? `${f.title} — ${f.url}` : f.url, LIMITS.CHOICE_LENGTH), value: f.url.slice(0, 100) })),
  );
};
