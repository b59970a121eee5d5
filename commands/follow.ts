/**
 * /follow add topic:<text> channel:<#channel> — moderators follow a story: each new article about the topic (from
 * /reindex, feeds or /article add) is posted in the channel with the sentences that say what it reports, and a
 * Timeline button; /follow remove topic:<…> stops one; /follow list shows, to anyone, the server's follows, their
 * channels and the last article each posted.
 */
import { ChannelType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { requireModerator } from '../src/discord/preconditions.js';
import { LIMITS, renderNotice, renderTimelinePage, STATE_MESSAGES, withoutButtons, withTimelinePicture } from '../src/discord/render.js';
import { UserError, type BotContext, type CommandModule, type StoredTimeline } from '../src/discord/types.js';
import { terms } from '../src/language/analyzer.js';
import { truncateOnWord } from '../src/language/truncate.js';
import { buildTimeline, describeTimelineQuery } from '../src/qa/timeline.js';
import { topicKey } from '../src/store/migrations.js';
import type { FollowRecord } from '../src/store/state-store.js';

/** The longest topic: it rides in its posts' Timeline button, whose id Discord caps at 100 characters. */
const FOLLOW_TOPIC_LENGTH = 80;

export const data = new SlashCommandBuilder()
  .setName('follow')
  .setDescription('Follow a story: new articles on a topic posted in a channel, with what they say')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Follow a topic: its new articles are posted in a channel (moderators)')
      .addStringOption((o) =>
        o
          .setName('topic')
          .setDescription('What to follow, e.g. "lithium", "Colombia BRI" or "Petro"')
          .setRequired(true)
          .setMaxLength(FOLLOW_TOPIC_LENGTH),
      )
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to post its new articles')
          .setRequired(true)
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Stop following a topic (moderators)')
      .addStringOption((o) => o.setName('topic').setDescription('The followed topic').setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) => s.setName('list').setDescription('The topics this server follows, where, and the last article each posted'));

export const defer: CommandModule['defer'] = 'ephemeral';

export const check: CommandModule['check'] = (interaction) => {
  const sub = interaction.options.getSubcommand();
  if (sub === 'list') return;
  requireModerator(interaction, 'follow topics');
  if (sub === 'add' && !terms(interaction.options.getString('topic', true)).length)
    throw new UserError('A topic needs a word to look for, such as "lithium" or "Colombia BRI"; "the" or "of" alone match nothing.');
};

/** “lithium” → <#channel>: how a follow is named to moderators. */
function named(f: Pick<FollowRecord, 'topic' | 'channel'>): string {
  return `“${truncateOnWord(f.topic, FOLLOW_TOPIC_LENGTH)}” in <#${f.channel}>`;
}

/** The follow a remove names: picked from the box (its id), or typed (its topic, when only one follow has it). */
async function chosen(ctx: BotContext, server: string, value: string): Promise<FollowRecord> {
  const follows = await ctx.state.follows(server);
  const byId = /^\d+$/.test(value) ? follows.find((f) => String(f.id) === value) : undefined;
  const byTopic = follows.filter((f) => topicKey(f.topic) === topicKey(value));
  const found = byId ?? (byTopic.length === 1 ? byTopic[0] : undefined);
  if (found) return found;
  if (byTopic.length > 1)
    throw new UserError('This server follows that topic in several channels; pick the one to stop from the list as you type.');
  throw new UserError('This server does not follow that topic; /follow list shows the ones it does.');
}

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  const server = interaction.guildId!;
  const sub = interaction.options.getSubcommand();
  if (sub === 'add') {
    const topic = interaction.options.getString('topic', true).trim();
    const channel = interaction.options.getChannel('channel', true).id;
    const added = await ctx.state.addFollow({ server, topic, channel, addedBy: interaction.user.tag }, ctx.config.FOLLOWS_PER_SERVER);
    if (added === 'exists')
      throw new UserError(`This server already follows ${named({ topic, channel })}; /follow list shows its follows.`);
    if (added === 'full')
      throw new UserError(
        `This server follows ${ctx.config.FOLLOWS_PER_SERVER} topics, the most it may (FOLLOWS_PER_SERVER); /follow remove one first.`,
      );
    ctx.logger.info({ interactionId: interaction.id, guild: server, follow: added.id, channel }, 'topic followed');
    await interaction.editReply(
      renderNotice(
        `Following ${named(added)}: each new article about it (from /reindex, feeds and /article add) is posted there with what it says, at most ${ctx.config.FOLLOW_POSTS_PER_HOUR} an hour. Articles already here are not posted.`,
      ),
    );
    return;
  }
  if (sub === 'remove') {
    const follow = await chosen(ctx, server, interaction.options.getString('topic', true));
    if (!(await ctx.state.removeFollow(server, follow.id)))
      throw new UserError('This server does not follow that topic; /follow list shows the ones it does.');
    await interaction.editReply(renderNotice(`No longer following ${named(follow)}.`));
    return;
  }
  const follows = await ctx.state.follows(server);
  const lines = follows.map((f) => {
    const last = f.lastArticle
      ? `last posted <t:${Math.floor((f.lastPostedMs ?? 0) / 1000)}:R>: “${truncateOnWord(f.lastArticle, 120)}”`
      : 'nothing posted yet';
    const broken = f.channelError
      ? ` · ⚠️ not posting: the bot cannot post in that channel (${truncateOnWord(f.channelError, 100)}); give it Send Messages and Embed Links there, then /follow remove and /follow add it again`
      : '';
    return `• ${named(f)} · ${last}${broken}`;
  });
  await interaction.editReply(
    renderNotice(
      lines.length
        ? [`This server follows ${lines.length} topic${lines.length === 1 ? '' : 's'}:`, ...lines].join('\n')
        : 'This server follows no topics; moderators can follow one with /follow add.',
    ),
  );
};

export const autocomplete: CommandModule['autocomplete'] = async (interaction, ctx) => {
  if (!interaction.guildId) return interaction.respond([]);
  const typed = interaction.options.getFocused().toLowerCase();
  const follows = await ctx.state.follows(interaction.guildId).catch(() => []);
  const channelName = (id: string) => interaction.guild?.channels.cache.get(id)?.name ?? id;
  await interaction.respond(
    follows
      .filter((f) => !typed || f.topic.toLowerCase().includes(typed))
      .slice(0, LIMITS.AUTOCOMPLETE_CHOICES)
      .map((f) => ({ name: truncateOnWord(`${f.topic} — #${channelName(f.channel)}`, LIMITS.CHOICE_LENGTH), value: String(f.id) })),
  );
};

export const buttons: CommandModule['buttons'] = [
  {
    // A post's Timeline button: /timeline for its topic, privately, in the server's own view, paged as /timeline is.
    prefix: 'ftl',
    async handle(interaction, ctx, parts) {
      const topic = parts.join(':');
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const timeline = buildTimeline(await ctx.indexes.forServer(interaction.guildId), { topic });
      const searched = describeTimelineQuery({ topic });
      const stored: StoredTimeline = { timeline, searched, owner: interaction.user.id };
      const saved = await ctx.state.saveRecord('timeline', interaction.id, stored).then(
        () => true,
        (err: unknown) => {
          ctx.logger.warn({ err, interactionId: interaction.id }, 'timeline not saved: posted without its buttons');
          return false;
        },
      );
      const page = withTimelinePicture(renderTimelinePage(timeline, 0, interaction.id, searched), timeline, 0, searched);
      await interaction.editReply(saved || !page.components.length ? page : withoutButtons(page, STATE_MESSAGES.timelineUnsaved));
      return { outcome: timeline.events.length ? 'answered' : 'abstained', question: searched };
    },
  },
];
