/**
 * 👍/👎 feedback on answers, appended to a local JSONL file: the question, the short answer, the quoted
 * paragraphs (or "abstained"), the vote and when. A member has one vote per answer and may change it; the last
 * line for an answer and member is the vote that counts. A vote counts only once it is written: the file is
 * checked for writing at start, the votes already in it are read back, and before each vote the lines other
 * processes appended since are read, so neither a restart nor another shard forgets or double-counts one.
 */
import { constants } from 'node:fs';
import { access, appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { NewsdeskError } from '../errors.js';
import { parseFeedback, type FeedbackEntry } from '../qa/feedback-report.js';
import { JsonlTail } from './jsonl-tail.js';

/** What recording a vote did. */
export type VoteOutcome = 'recorded' | 'changed' | 'unchanged';

/** FEEDBACK_LOG cannot be written; the message names the file and what to do. */
export class FeedbackLogError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('FEEDBACK_LOG_UNWRITABLE', message, hint);
  }
}

export class FeedbackLog {
  /** The vote that counts, per "answerId:user". */
  private readonly votes = new Map<string, 'up' | 'down'>();
  /** Votes being written, so two quick clicks cannot both append. */
  private readonly writing = new Set<string>();
  /** The lines not yet read into `votes`. */
  private readonly tail: JsonlTail;

  private constructor(readonly file: string) {
    this.tail = new JsonlTail(file);
  }

  /**
   * Open the log: create its directory, check the file can be appended to, and read back the votes already in
   * it. Throws FeedbackLogError (with the path) when it cannot be written.
   */
  static async open(file: string): Promise<FeedbackLog> {
    const log = new FeedbackLog(file);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, '');
      await access(file, constants.W_OK);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new FeedbackLogError(
        `FEEDBACK_LOG ${file} cannot be written (${reason})`,
        'point FEEDBACK_LOG at a file in a directory the bot may write to, or fix its permissions',
      );
    }
    await log.catchUp();
    return log;
  }

  /**
   * Read the votes appended since the last read: another shard's process (or this one before a restart) may
   * have written some.
   */
  private async catchUp(): Promise<void> {
    for (const e of parseFeedback((await this.tail.readNew()).join('\n'))) this.votes.set(`${e.answerId}:${e.user}`, e.vote);
  }

  /** The vote that counts for this member on this answer, if any. */
  voteOf(answerId: string, user: string): 'up' | 'down' | undefined {
    return this.votes.get(`${answerId}:${user}`);
  }

  /**
   * Record a vote: 'recorded' for a first vote, 'changed' when it replaces the member's other vote, 'unchanged'
   * when it repeats it (nothing is written). The vote counts only after its line is appended; a failed write
   * throws and leaves the previous vote standing.
   */
  async record(entry: Omit<FeedbackEntry, 'at'>): Promise<VoteOutcome> {
    const key = `${entry.answerId}:${entry.user}`;
    await this.catchUp().catch(() => undefined);
    const previous = this.votes.get(key);
    if (previous === entry.vote || this.writing.has(key)) return 'unchanged';
    this.writing.add(key);
    try {
      await appendFile(this.file, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
      this.votes.set(key, entry.vote);
    } finally {
      this.writing.delete(key);
    }
    return previous ? 'changed' : 'recorded';
  }
}
