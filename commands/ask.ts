/**
 * /ask question:<text> — quotes from the corpus that answer the question, with citations, and buttons to see
 * the cited paragraphs and to rate the answer.
 */
import {
  ActionRowBuilder,
  MessageFlags,
  ModalBuilder,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { answerQuestion, type Answer } from '../src/qa/answer.js';
import { answerFollowUp, contextOf } from '../src/qa/follow-up.js';
import {
  FOLLOW_UP_MODAL,
  LIMITS,
  renderAnswer,
  renderContext,
  renderNotice,
  STATE_MESSAGES,
  withoutButtons,
  type FollowUpShown,
} from '../src/discord/render.js';
import { UserError, type BotContext, type CommandModule } from '../src/discord/types.js';
import { privateOption, replyVisibility } from '../src/discord/visibility.js';
import { MAX_QUESTION_LENGTH, QuestionError, validateQuestion } from '../src/qa/question.js';
import { formatCitation, isStated } from '../src/qa/citations.js';
import { dayOf } from '../src/language/dates.js';
import { truncateOnWord } from '../src/language/truncate.js';
import { suggestQuestions } from '../src/qa/suggestions.js';
import { BEFORE_ACK_MS, StoreTimeout, VOTE_WAIT_MS, withinMs } from '../src/store/state-store.js';
import { quickView, recallRecord } from '../src/discord/state-reads.js';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask about the news: get exact quotes from the articles, with sources')
  .addStringOption((o) =>
    o
      .setName('question')
      .setDescription('Your question, e.g. "When did Colombia join BRI?"')
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_LENGTH)
      .setAutocomplete(true),
  )
  .addBooleanOption(privateOption);

export const defer: CommandModule['defer'] = replyVisibility;
export const cooldownSeconds: CommandModule['cooldownSeconds'] = (config) => config.ASK_COOLDOWN_SECONDS;

export const check: CommandModule['check'] = (interaction) => {
  try {
    validateQuestion(interaction.options.getString('question', true));
  } catch (err) {
    if (err instanceof QuestionError) throw new UserError(`That question can't be answered: ${err.message}.`);
    throw err;
  }
};

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  const question = interaction.options.getString('question', true);
  // As of when the member asked (the interaction's snowflake), even if the answer is worked out later.
  // The server's view: the operator's articles and the ones its moderators added, no other server's.
  const index = await ctx.indexes.forServer(interaction.guildId);
  const answer = answerQuestion(index, question, { maxQuotes: ctx.config.MAX_QUOTES, asOf: dayOf(interaction.createdAt) });
  return postAnswer(interaction, ctx, question, answer);
};

/**
 * Save an answer (its buttons read it back, and a follow-up reads it as context) and post it in the reply to
 * `interaction`, with its buttons when it was saved; `followUp` when it answers a follow-up.
 */
async function postAnswer(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  ctx: BotContext,
  question: string,
  answer: Answer,
  followUp?: FollowUpShown,
): Promise<CommandReportOf> {
  const [saved] = await Promise.all([
    // Its buttons (Show context, votes) read it back, on any process and after a restart.
    ctx.state.saveRecord('answer', interaction.id, answer).then(
      () => true,
      (err: unknown) => {
        ctx.logger.warn({ err, interactionId: interaction.id }, 'answer not saved: posted without its buttons');
        return false;
      },
    ),
    // Answered questions are suggested in this server's empty /ask box (until someone marks them 👎).
    answer.answered &&
      ctx.state
        .rememberQuestion(serverOf(interaction), answer.question)
        .catch((err: unknown) => ctx.logger.warn({ err, interactionId: interaction.id }, 'question not saved for suggestions')),
  ]);
  const reply = renderAnswer(answer, interaction.id, followUp);
  await interaction.editReply(saved ? reply : withoutButtons(reply, STATE_MESSAGES.answerUnsaved));
  return {
    outcome: answer.answered ? 'answered' : 'abstained',
    quotes: answer.quotes.length,
    ...(answer.quotes.length ? { topScore: answer.quotes[0].score } : {}),
    ...(answer.answer?.confidence !== undefined ? { shortAnswer: { confidence: answer.answer.confidence, stated: isStated(answer) } } : {}),
    question,
    detail: answer.quotes.map((q) => ({ score: q.score, article: q.citation.article, paragraph: q.citation.paragraph })),
  };
}

type CommandReportOf = Awaited<ReturnType<CommandModule['execute']>>;

/** How many completions of the member's own words come before the topics. */
const TYPED_COMPLETIONS = 5;

/** Suggestions for a box: the member's own text first (Enter keeps it), then whole questions and topics. */
export async function suggest(interaction: AutocompleteInteraction, ctx: BotContext, recent: readonly string[]): Promise<void> {
  const typed = interaction.options.getFocused().slice(0, MAX_QUESTION_LENGTH);
  const choices: string[] = [];
  const add = (s: string) => {
    const text = truncateOnWord(s, LIMITS.CHOICE_LENGTH);
    if (!choices.some((c) => c.toLowerCase() === text.toLowerCase())) choices.push(text);
  };
  if (typed.trim()) add(typed.trim());
  const index = await quickView(ctx, interaction.guildId);
  // The member's words with the word being typed completed ("… join the Be" → "… join the Belt"), then whole
  // questions and topics that hold what is typed.
  for (const s of index.suggest(typed, TYPED_COMPLETIONS)) add(s);
  for (const s of suggestQuestions(index, typed, recent, LIMITS.AUTOCOMPLETE_CHOICES)) add(s);
  await interaction.respond(choices.slice(0, LIMITS.AUTOCOMPLETE_CHOICES).map((text) => ({ name: text, value: text })));
}

export const autocomplete: CommandModule['autocomplete'] = async (interaction, ctx) => {
  // Without the database the box still offers the corpus's questions and topics.
  const recent = await withinMs(ctx.state.recentQuestions(serverOf(interaction)), BEFORE_ACK_MS).catch((err: unknown) => {
    ctx.logger.warn({ err, interactionId: interaction.id }, 'suggested questions not read');
    return [];
  });
  await suggest(interaction, ctx, recent);
};

/** The key of a server's suggestions: its guild id, or "dm" outside a server. */
function serverOf(interaction: { guildId: string | null }): string {
  return interaction.guildId ?? 'dm';
}

/** The answer a button belongs to. */
function recall(ctx: BotContext, answerId: string): Promise<Answer> {
  return recallRecord<Answer>(ctx, 'answer', answerId);
}

/** The form of a "Follow up" button: one text field, the follow-up question. */
function followUpModal(answerId: string): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(FOLLOW_UP_MODAL.id(answerId))
    .setTitle('Ask a follow-up')
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId(FOLLOW_UP_MODAL.field)
          .setLabel('Your follow-up question')
          .setPlaceholder('e.g. "And Panama?", "When did he take office?"')
          .setStyle(TextInputStyle.Short)
          .setRequired(true)
          .setMaxLength(MAX_QUESTION_LENGTH),
      ),
    );
}

export const modals: CommandModule['modals'] = [
  {
    // A follow-up of an answer (issue 35): read in the context of the stored answer it follows, so it works on
    // any shard or replica and after a restart; posted as that answer was, public or private, with the same buttons.
    prefix: 'fupq',
    async handle(interaction, ctx, [answerId]) {
      const typed = interaction.fields.getTextInputValue(FOLLOW_UP_MODAL.field);
      let question: string;
      try {
        question = validateQuestion(typed);
      } catch (err) {
        if (err instanceof QuestionError) throw new UserError(`That question can't be answered: ${err.message}.`);
        throw err;
      }
      const previous = await recall(ctx, answerId);
      const ephemeral = interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false;
      await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      await new Promise((resolve) => setImmediate(resolve));
      const index = await ctx.indexes.forServer(interaction.guildId);
      const { reading, answer } = answerFollowUp(index, contextOf(previous.question, previous), question, {
        maxQuotes: ctx.config.MAX_QUOTES,
        asOf: dayOf(interaction.createdAt),
      });
      return postAnswer(interaction, ctx, question, answer, {
        typed: question,
        after: previous.question,
        ...(reading.changed ? { readAs: reading.question } : {}),
        ...(interaction.message?.url && !ephemeral ? { afterUrl: interaction.message.url } : {}),
      });
    },
  },
];

export const buttons: CommandModule['buttons'] = [
  {
    prefix: 'fup',
    async handle(interaction, ctx, [answerId]) {
      // The answer must still be there (past retention it is pruned: the member is told so, not shown a form).
      await recall(ctx, answerId);
      await interaction.showModal(followUpModal(answerId));
    },
  },
  {
    prefix: 'ctx',
    async handle(interaction, ctx, [answerId]) {
      const answer = await recall(ctx, answerId);
      const index = await quickView(ctx, interaction.guildId);
      const seen = new Set<string>();
      const paragraphs: { heading: string; text: string; url: string | null }[] = [];
      for (const q of answer.quotes) {
        for (const c of q.citations) {
          const key = `${c.article}#${c.paragraph}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const text = index.paragraphText(
            index.allArticles().findIndex((a) => a.id === c.article),
            c.paragraph,
          );
          paragraphs.push({
            heading: formatCitation({ ...c, url: null }),
            text: text ?? '(this article is no longer in the corpus)',
            url: c.url,
          });
        }
      }
      await interaction.reply({ ...renderContext(paragraphs), flags: MessageFlags.Ephemeral });
    },
  },
  {
    prefix: 'vote',
    async handle(interaction, ctx, [answerId, vote]) {
      if (vote !== 'up' && vote !== 'down') throw new UserError('Unknown vote.');
      const answer = await recall(ctx, answerId);
      let outcome;
      try {
        outcome = await withinMs(
          ctx.state.recordVote({
            at: new Date().toISOString(),
            answerId,
            user: interaction.user.id,
            vote,
            question: answer.question,
            // The short answer the member read: a guess below the confidence threshold was not shown.
            ...(answer.answer && isStated(answer) ? { answer: answer.answer.text } : {}),
            quotes: answer.quotes.map((q) => ({ text: q.text, article: q.citation.article, paragraph: q.citation.paragraph })),
            ...(answer.articles ? { articles: answer.articles.map((a) => a.article) } : {}),
            // Titles, for the report moderators read (npm run feedback).
            titles: Object.fromEntries([
              ...answer.quotes.map((q) => [q.citation.article, q.citation.title] as const),
              ...(answer.articles ?? []).map((a) => [a.article, a.title] as const),
            ]),
            ...(answer.answered ? {} : { abstained: true }),
          }),
          VOTE_WAIT_MS,
        );
      } catch (err) {
        // Not saved, so not counted (or not known to be: pressing again counts once): the member may try again.
        ctx.logger.error({ err, interactionId: interaction.id }, 'vote not saved');
        throw new UserError(err instanceof StoreTimeout ? STATE_MESSAGES.voteUnconfirmed : STATE_MESSAGES.voteUnsaved);
      }
      const emoji = vote === 'up' ? '👍' : '👎';
      const text =
        outcome === 'recorded'
          ? `Thanks — your ${emoji} is recorded.`
          : outcome === 'changed'
            ? `Your vote is now ${emoji}.`
            : `Your ${emoji} was already recorded.`;
      await interaction.reply({ ...renderNotice(text), flags: MessageFlags.Ephemeral });
      // A 👎 takes the question out of the suggestions (after the reply, which must not wait on it).
      if (vote === 'down')
        await ctx.state
          .forgetQuestion(serverOf(interaction), answer.question)
          .catch((err: unknown) => ctx.logger.warn({ err, interactionId: interaction.id }, 'question not removed from suggestions'));
    },
  },
];
