/**
 * The questions lately asked and answered in each server, suggested in its empty /ask box. Kept in
 * `asked.<N>.jsonl` beside FEEDBACK_LOG (shared-log.ts), so every shard and every HTTP replica sharing that
 * directory suggests the same ones, and a restart keeps them: lines `{"server","question"}` when a question is
 * answered, and `{"server","question","forget":true}` when a member marks its answer 👎. Every process applies
 * the lines in the order they are in the files, its own included, so all reach the same lists.
 */
import path from 'node:path';
import { SharedLog } from './shared-log.js';

/** Questions kept per server, newest first. */
export const ASKED_KEPT = 50;
/** Start a new generation past this size (about 10,000 questions). */
const MAX_BYTES = 2 * 1024 * 1024;

interface AskedLine {
  server: string;
  question: string;
  forget?: boolean;
}

export class AskedQuestions {
  private readonly byServer = new Map<string, string[]>();
  private readonly log: SharedLog;

  /** Kept in `dir` (the directory of FEEDBACK_LOG). */
  constructor(readonly dir: string) {
    this.log = new SharedLog(dir, 'asked', MAX_BYTES);
  }

  static besideFeedbackLog(feedbackLog: string): AskedQuestions {
    return new AskedQuestions(path.dirname(feedbackLog));
  }

  /** A question answered in `server`: suggested first from now on. */
  remember(server: string, question: string): Promise<void> {
    return this.append({ server, question });
  }

  /** A question whose answer a member marked 👎: no longer suggested. */
  forget(server: string, question: string): Promise<void> {
    return this.append({ server, question, forget: true });
  }

  /** The server's questions, newest first, as every process sharing the files has asked them. */
  async recent(server: string): Promise<string[]> {
    await this.catchUp().catch(() => undefined);
    return this.byServer.get(server) ?? [];
  }

  /** Applied when read back, by `recent`, after what others wrote before it. */
  private append(line: AskedLine): Promise<void> {
    return this.log.append(JSON.stringify(line));
  }

  private async catchUp(): Promise<void> {
    for (const { text } of (await this.log.readNew()).lines) {
      try {
        const line = JSON.parse(text) as AskedLine;
        if (typeof line.server === 'string' && typeof line.question === 'string') this.apply(line);
      } catch {
        // a line cut short by a crash
      }
    }
  }

  private apply({ server, question, forget }: AskedLine): void {
    const others = (this.byServer.get(server) ?? []).filter((q) => q.toLowerCase() !== question.toLowerCase());
    this.byServer.set(server, forget ? others : [question, ...others].slice(0, ASKED_KEPT));
  }
}
