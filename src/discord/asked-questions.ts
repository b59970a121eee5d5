/**
 * The questions lately asked and answered in each server, suggested in its empty /ask box. Kept in
 * `asked.jsonl` beside FEEDBACK_LOG, so every shard and every HTTP replica sharing that directory suggests the
 * same ones, and a restart keeps them: lines `{"server","question"}` when a question is answered, and
 * `{"server","question","forget":true}` when a member marks its answer 👎. Each process applies the lines in
 * order as it reads them; the file is rolled over to `asked.1.jsonl` past MAX_BYTES, and both are read at start.
 */
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { JsonlTail, olderGeneration, rollOverPast } from './jsonl-tail.js';

/** Questions kept per server, newest first. */
export const ASKED_KEPT = 50;
/** Roll the file over past this size (about 10,000 questions). */
const MAX_BYTES = 2 * 1024 * 1024;
/** Check the size after this many appends. */
const CHECK_EVERY = 200;

interface AskedLine {
  server: string;
  question: string;
  forget?: boolean;
}

export class AskedQuestions {
  private readonly byServer = new Map<string, string[]>();
  private readonly tail: JsonlTail;
  private started = false;
  private appends = 0;
  private catchingUp: Promise<void> | undefined;

  constructor(readonly file: string) {
    this.tail = new JsonlTail(file);
  }

  static besideFeedbackLog(feedbackLog: string): AskedQuestions {
    return new AskedQuestions(path.join(path.dirname(feedbackLog), 'asked.jsonl'));
  }

  /** A question answered in `server`: suggested first from now on. */
  remember(server: string, question: string): Promise<void> {
    return this.append({ server, question });
  }

  /** A question whose answer a member marked 👎: no longer suggested. */
  forget(server: string, question: string): Promise<void> {
    return this.append({ server, question, forget: true });
  }

  /** The server's questions, newest first, as every process sharing the file has asked them. */
  async recent(server: string): Promise<string[]> {
    await this.catchUp().catch(() => undefined);
    return this.byServer.get(server) ?? [];
  }

  private async append(line: AskedLine): Promise<void> {
    // Applied here at once; read back from the file later, applying it again changes nothing.
    this.apply(line);
    if (++this.appends % CHECK_EVERY === 0) await this.rollOver();
    await appendFile(this.file, `${JSON.stringify(line)}\n`);
  }

  private catchUp(): Promise<void> {
    this.catchingUp ??= this.readNew().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  private async readNew(): Promise<void> {
    if (!this.started) {
      this.started = true;
      const older = await readFile(this.older(), 'utf8').catch(() => '');
      for (const line of older.split('\n')) this.applyText(line);
    }
    for (const line of await this.tail.readNew()) this.applyText(line);
  }

  private applyText(text: string): void {
    if (!text.trim()) return;
    try {
      const line = JSON.parse(text) as AskedLine;
      if (typeof line.server === 'string' && typeof line.question === 'string') this.apply(line);
    } catch {
      // a line cut short by a crash
    }
  }

  private apply({ server, question, forget }: AskedLine): void {
    const others = (this.byServer.get(server) ?? []).filter((q) => q.toLowerCase() !== question.toLowerCase());
    this.byServer.set(server, forget ? others : [question, ...others].slice(0, ASKED_KEPT));
  }

  private older(): string {
    return olderGeneration(this.file);
  }

  private rollOver(): Promise<void> {
    return rollOverPast(this.file, MAX_BYTES);
  }
}
