/**
 * What a slash command module is, and what every handler is given.
 */
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import type { Config } from './config.js';
import type { IndexService } from '../index/index-service.js';
import type { Logger } from './logger.js';
import type { ShardLink } from './sharding.js';
import type { BotMetrics } from './metrics.js';
import type { StateStore } from '../store/state-store.js';
import type { FeedPoller } from './feed-poller.js';
import type { FollowPoster } from './follow-poster.js';
import type { Timeline } from '../qa/timeline.js';
import { NewsdeskError } from '../errors.js';

/** A timeline as its ◀ ▶ buttons need it. */
export interface StoredTimeline {
  timeline: Timeline;
  searched: string;
  /** Who ran /timeline: only they page the shared message. */
  owner?: string;
}

export interface BotContext {
  config: Config;
  logger: Logger;
  indexes: IndexService;
  /**
   * What the bot remembers, in its database (SQLite, or PostgreSQL shared by replicas): the answers and
   * timelines behind buttons, votes, suggested questions per server, /reindex history and lease, cooldowns.
   */
  state: StateStore;
  /** Set when this process is one shard of several: /reindex then goes through the shard manager. */
  cluster?: ShardLink;
  metrics: BotMetrics;
  /** Polls the operator's FEEDS and the servers' /feed add feeds. */
  feeds?: FeedPoller;
  /** Matches new articles against the topics servers follow (/follow), and posts them. */
  follows?: FollowPoster;
}

/**
 * What a command tells the router of how it went, for the log and the metrics. Nothing returned means
 * "answered" with nothing more to say.
 */
export interface CommandReport {
  outcome: 'answered' | 'abstained';
  /** Quotes shown. */
  quotes?: number;
  /** The best quote's score. */
  topScore?: number;
  /** The judged short answer: the probability that it is right, and whether it was stated. */
  shortAnswer?: { confidence: number; stated: boolean };
  /** The member's text; logged only when LOG_QUESTIONS is on. */
  question?: string;
  /** Ranking detail, logged at debug level. */
  detail?: unknown;
}

export type Visibility = 'public' | 'ephemeral';

export interface CommandModule {
  /** The command's definition, built with SlashCommandBuilder. */
  data: { name: string; toJSON(): unknown };
  /**
   * Acknowledge before `execute` runs: 'public' or 'ephemeral' ("thinking…"), or a function of the interaction
   * (a `private:` option) and the configuration; the reply's ephemerality is fixed here.
   */
  defer?: Visibility | ((interaction: ChatInputCommandInteraction, config: Config) => Visibility);
  /** Per-user cooldown in seconds (0 or absent: none). */
  cooldownSeconds?: (config: Config) => number;
  /** Checks run before deferring, so a bad input gets a private reply. Throw UserError to refuse. */
  check?: (interaction: ChatInputCommandInteraction, ctx: BotContext) => void | Promise<void>;
  execute: (interaction: ChatInputCommandInteraction, ctx: BotContext) => Promise<void | CommandReport>;
  autocomplete?: (interaction: AutocompleteInteraction, ctx: BotContext) => Promise<void>;
  /** Buttons whose custom id starts with `<prefix>:`; `args` are the id's remaining parts. */
  buttons?: {
    prefix: string;
    handle: (interaction: ButtonInteraction, ctx: BotContext, args: string[]) => Promise<void | CommandReport>;
  }[];
  /** Modals (opened by one of its buttons) whose custom id starts with `<prefix>:`; `args` are the id's remaining parts. */
  modals?: {
    prefix: string;
    handle: (interaction: ModalSubmitInteraction, ctx: BotContext, args: string[]) => Promise<void | CommandReport>;
  }[];
}

/** An expected problem with what the member asked; its message is shown to them, privately. */
export class UserError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('USER_INPUT', message, hint);
  }
}
