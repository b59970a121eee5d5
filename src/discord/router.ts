/**
 * Routes interactions to command modules: cooldowns, checks, deferring, and answering every interaction
 * exactly once — expected problems with a short private reply, unexpected ones with a reference id that is
 * also in the log. Nothing a handler throws escapes to crash the process.
 */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { NO_MENTIONS } from './render.js';
import { UserError, type BotContext, type CommandModule, type CommandReport } from './types.js';
import type { Outcome } from './metrics.js';
import { BEFORE_ACK_MS, withinMs } from '../store/state-store.js';

type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** Cooldowns of this process alone: used only while the database (which every process shares) is unavailable. */
export class Cooldowns {
  private readonly until = new Map<string, number>();

  /** Seconds left for this key, or 0 after starting a new cooldown of `seconds`. */
  take(key: string, seconds: number, now = Date.now()): number {
    if (seconds <= 0) return 0;
    const until = this.until.get(key) ?? 0;
    if (until > now) return Math.ceil((until - now) / 1000);
    this.until.set(key, now + seconds * 1000);
    if (this.until.size > 10_000) for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
    return 0;
  }
}

export function createRouter(commands: ReadonlyMap<string, CommandModule>, ctx: BotContext) {
  const localCooldowns = new Cooldowns();

  /** Seconds left of the member's cooldown on `command`, or 0 after starting one: shared by every process. */
  async function cooldownLeft(command: string, user: string, seconds: number): Promise<number> {
    if (seconds <= 0) return 0;
    try {
      return Math.ceil((await withinMs(ctx.state.startCooldown(user, command, seconds), BEFORE_ACK_MS)) / 1000);
    } catch (err) {
      ctx.logger.warn({ err }, 'cooldowns are per process while the database is unavailable');
      return localCooldowns.take(`${command}:${user}`, seconds);
    }
  }
  const buttonHandlers = new Map<string, { module: CommandModule; handle: NonNullable<CommandModule['buttons']>[number]['handle'] }>();
  for (const module of commands.values()) for (const b of module.buttons ?? []) buttonHandlers.set(b.prefix, { module, handle: b.handle });
  const modalHandlers = new Map<string, NonNullable<CommandModule['modals']>[number]['handle']>();
  for (const module of commands.values()) for (const m of module.modals ?? []) modalHandlers.set(m.prefix, m.handle);

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void | CommandReport> {
    const command = commands.get(interaction.commandName);
    if (!command)
      throw new UserError(
        `/${interaction.commandName} is not one of this bot's commands any more; it will disappear once the operator registers the commands again.`,
      );
    await command.check?.(interaction, ctx);
    const wait = await cooldownLeft(interaction.commandName, interaction.user.id, command.cooldownSeconds?.(ctx.config) ?? 0);
    if (wait) throw new UserError(`Slow down a little: you can use /${interaction.commandName} again in ${wait} s.`);
    const visibility = typeof command.defer === 'function' ? command.defer(interaction, ctx.config) : command.defer;
    if (visibility) {
      await interaction.deferReply(visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
      // Answering takes milliseconds of this one thread; interactions that arrived meanwhile are acknowledged
      // first (Discord allows 3 s for that, and 15 minutes for the answer).
      await new Promise((resolve) => setImmediate(resolve));
    }
    return command.execute(interaction, ctx);
  }

  async function onButton(interaction: ButtonInteraction): Promise<void | CommandReport> {
    const [prefix, ...args] = interaction.customId.split(':');
    const handler = buttonHandlers.get(prefix);
    if (!handler) throw new UserError('This button is no longer active.');
    return handler.handle(interaction, ctx, args);
  }

  async function onModal(interaction: ModalSubmitInteraction): Promise<void | CommandReport> {
    const [prefix, ...args] = interaction.customId.split(':');
    const handle = modalHandlers.get(prefix);
    if (!handle) throw new UserError('This form is no longer active.');
    return handle(interaction, ctx, args);
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const started = performance.now();
    const command = commands.get(interaction.commandName);
    const what = `autocomplete:${interaction.commandName}`;
    try {
      if (command?.autocomplete) await command.autocomplete(interaction, ctx);
      else await interaction.respond([]);
      ctx.metrics.interaction(what, 'answered', performance.now() - started);
    } catch (err) {
      ctx.metrics.interaction(what, 'failed', performance.now() - started);
      ctx.logger.error({ err, interactionId: interaction.id, command: interaction.commandName }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => {});
    }
  }

  /** Tell the member what went wrong, in the one way still open for this interaction. */
  async function replyWithError(interaction: Repliable, err: unknown): Promise<void> {
    const expected = err instanceof UserError;
    const content = expected
      ? err.message
      : `Something went wrong (ref ${interaction.id}). Tell a moderator: the bot's operator can find this reference in the bot's log.`;
    const payload = { content, embeds: [], components: [], allowedMentions: NO_MENTIONS };
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
    } else if (interaction.deferred && interaction.ephemeral) {
      // Private and deferred: the member's one reply is edited into the error, even after progress edits
      // (which discord.js counts as `replied`).
      await interaction.editReply(payload);
    } else {
      // A public "thinking…" cannot turn private: remove it and answer privately instead.
      if (interaction.deferred && !interaction.replied) await interaction.deleteReply().catch(() => {});
      await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    }
  }

  return async function handleInteraction(interaction: Interaction): Promise<void> {
    const started = performance.now();
    if (interaction.isAutocomplete()) {
      await onAutocomplete(interaction);
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    // Gateway mode without shards logs shard 0; a shard's logger already carries its id, HTTP mode has none.
    const shard = ctx.config.INTERACTIONS === 'gateway' && !ctx.cluster ? { shard: 0 } : {};
    const log = { interactionId: interaction.id, user: interaction.user.id, guild: interaction.guildId, ...shard };
    const what = interaction.isChatInputCommand()
      ? interaction.commandName
      : `${interaction.isModalSubmit() ? 'modal' : 'button'}:${interaction.customId.split(':')[0]}`;
    const done = (outcome: Outcome) => {
      const ms = performance.now() - started;
      ctx.metrics.interaction(what, outcome, ms);
      return { ...log, command: what, outcome, ms: Math.round(ms) };
    };
    try {
      const report = interaction.isChatInputCommand()
        ? await onCommand(interaction)
        : interaction.isModalSubmit()
          ? await onModal(interaction)
          : await onButton(interaction);
      const fields = done(report?.outcome ?? 'answered');
      if (report?.shortAnswer) ctx.metrics.shortAnswer(report.shortAnswer.confidence, report.shortAnswer.stated);
      ctx.logger.info(
        {
          ...fields,
          ...(report?.quotes !== undefined ? { quotes: report.quotes } : {}),
          ...(report?.topScore !== undefined ? { topScore: report.topScore } : {}),
          ...(report?.shortAnswer ? { confidence: report.shortAnswer.confidence, stated: report.shortAnswer.stated } : {}),
          ...(ctx.config.LOG_QUESTIONS && report?.question !== undefined ? { question: report.question } : {}),
        },
        'interaction handled',
      );
      if (report?.detail !== undefined) ctx.logger.debug({ interactionId: interaction.id, ranking: report.detail }, 'ranking detail');
    } catch (err) {
      if (err instanceof UserError) ctx.logger.info({ ...done('user error'), reason: err.message }, 'interaction refused');
      else ctx.logger.error({ ...done('failed'), err }, 'interaction failed');
      try {
        await replyWithError(interaction, err);
      } catch (replyErr) {
        ctx.logger.error({ ...log, err: replyErr }, 'could not send the error reply');
      }
    }
  };
}
