/**
 * Reads made for a reply that is its own acknowledgement (a button, autocomplete), which Discord wants within
 * 3 s: the database and a server's view each get part of that, and say so plainly when they run out.
 */
import type { CorpusIndex } from '../index/news-index.js';
import { BEFORE_ACK_MS, withinMs } from '../store/state-store.js';
import { recordGoneMessage, STATE_MESSAGES } from './render.js';
import { UserError, type BotContext } from './types.js';

/** How long such a reply waits for a server's view to be made. */
const VIEW_WAIT_MS = 1500;

/**
 * The server's view for a reply due within Discord's 3 s; while it is still being made (a large corpus), the
 * shared articles alone, which hold nothing of another server's.
 */
export async function quickView(ctx: BotContext, server: string | null): Promise<CorpusIndex> {
  return withinMs(ctx.indexes.forServer(server), VIEW_WAIT_MS).catch(() => ctx.indexes.index);
}

/** The answer or timeline a button belongs to; a member-facing refusal when it cannot be had. */
export async function recallRecord<T>(ctx: BotContext, kind: 'answer' | 'timeline', id: string): Promise<T> {
  let value: T | undefined;
  try {
    value = await withinMs(ctx.state.record<T>(kind, id), BEFORE_ACK_MS);
  } catch (err) {
    ctx.logger.warn({ err, [`${kind}Id`]: id }, `${kind} not read from the database`);
    throw new UserError(STATE_MESSAGES.unreachable);
  }
  if (!value) throw new UserError(recordGoneMessage(kind, id, ctx.config.ANSWER_RETENTION_DAYS));
  return value;
}
