/**
 * /timeline topic:<text> from:<date> to:<date> — how a story unfolded, date by date, paginated.
 */
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import {
  LIMITS,
  renderTimelinePage,
  STATE_MESSAGES,
  timelinePageCount,
  withoutButtons,
  withTimelinePicture,
} from '../src/discord/render.js';
import { UserError, type CommandModule, type StoredTimeline } from '../src/discord/types.js';
import { privateOption, replyVisibility } from '../src/discord/visibility.js';
import { buildTimeline, describeTimelineQuery, OPTION_NAMES, parseDateBound, TimelineInputError } from '../src/qa/timeline.js';
import { quickView, recallRecord } from '../src/discord/state-reads.js';
import { suggestTopics } from '../src/qa/suggestions.js';
import { terms } from '../src/language/analyzer.js';
import { truncateOnWord } from '../src/language/truncate.js';

/** The longest topic the box takes. */
const TOPIC_LENGTH = 100;

export const data = new SlashCommandBuilder()
  .setName('timeline')
  .setDescription('How a story unfolded across the articles, date by date')
  .addStringOption((o) =>
    o.setName('topic').setDescription('Only events about this, e.g. "BRI"').setMaxLength(TOPIC_LENGTH).setAutocomplete(true),
  )
  .addStringOption((o) => o.setName('from').setDescription('Start: 2023, 2023-10, Oct 2023 or 2023-10-25').setMaxLength(30))
  .addStringOption((o) => o.setName('to').setDescription('End: 2025, 2025-05, May 2025 or 2025-05-14').setMaxLength(30))
  .addBooleanOption(privateOption);

export const defer: CommandModule['defer'] = replyVisibility;
export const cooldownSeconds: CommandModule['cooldownSeconds'] = (config) => config.TIMELINE_COOLDOWN_SECONDS;

function query(interaction: Parameters<CommandModule['execute']>[0]) {
  return {
    topic: interaction.options.getString('topic') ?? undefined,
    from: interaction.options.getString('from') ?? undefined,
    to: interaction.options.getString('to') ?? undefined,
  };
}

export const check: CommandModule['check'] = (interaction) => {
  const q = query(interaction);
  try {
    if (q.from) parseDateBound(q.from, OPTION_NAMES.from);
    if (q.to) parseDateBound(q.to, OPTION_NAMES.to);
  } catch (err) {
    if (err instanceof TimelineInputError) throw new UserError(err.message);
    throw err;
  }
};

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  const q = query(interaction);
  let timeline;
  try {
    timeline = buildTimeline(await ctx.indexes.forServer(interaction.guildId), q);
  } catch (err) {
    if (err instanceof TimelineInputError) throw new UserError(err.message);
    throw err;
  }
  const searched = describeTimelineQuery(q);
  const stored: StoredTimeline = { timeline, searched, owner: interaction.user.id };
  // ◀ ▶ read it back, on any process and after a restart.
  const saved = await ctx.state.saveRecord('timeline', interaction.id, stored).then(
    () => true,
    (err: unknown) => {
      ctx.logger.warn({ err, interactionId: interaction.id }, 'timeline not saved: posted without its buttons');
      return false;
    },
  );
  const page = withTimelinePicture(renderTimelinePage(timeline, 0, interaction.id, searched), timeline, 0, searched);
  const paged = page.components.length > 0;
  await interaction.editReply(saved || !paged ? page : withoutButtons(page, STATE_MESSAGES.timelineUnsaved));
  return { outcome: timeline.events.length ? 'answered' : 'abstained', question: searched };
};

// Topics, not questions or single words: a timeline is about a subject.
export const autocomplete: CommandModule['autocomplete'] = async (interaction, ctx) => {
  const typed = interaction.options.getFocused().slice(0, TOPIC_LENGTH).trim();
  const index = await quickView(ctx, interaction.guildId);
  const choices: string[] = [];
  // What is typed first (Enter keeps it), when it names something: "be" is not a topic.
  if (terms(typed).length) choices.push(typed);
  for (const t of suggestTopics(index, typed, LIMITS.AUTOCOMPLETE_CHOICES)) {
    const text = truncateOnWord(t, Math.min(LIMITS.CHOICE_LENGTH, TOPIC_LENGTH));
    if (!choices.some((c) => c.toLowerCase() === text.toLowerCase())) choices.push(text);
  }
  await interaction.respond(choices.slice(0, LIMITS.AUTOCOMPLETE_CHOICES).map((text) => ({ name: text, value: text })));
};

export const buttons: CommandModule['buttons'] = [
  {
    prefix: 'tl',
    async handle(interaction, ctx, [timelineId, page]) {
      const stored = await recallRecord<StoredTimeline>(ctx, 'timeline', timelineId);
      const p = Math.min(Math.max(0, Number(page) || 0), timelinePageCount(stored.timeline) - 1);
      const rendered = withTimelinePicture(
        renderTimelinePage(stored.timeline, p, timelineId, stored.searched),
        stored.timeline,
        p,
        stored.searched,
      );
      // Another member's ◀ ▶ on the shared message opens their own private copy at that page; the channel's
      // message stays where its owner left it. A private copy is theirs to page.
      const shared = !interaction.message.flags.has(MessageFlags.Ephemeral);
      if (shared && stored.owner && interaction.user.id !== stored.owner) {
        await interaction.reply({ ...rendered, flags: MessageFlags.Ephemeral });
        return;
      }
      await interaction.update(rendered);
    },
  },
];
