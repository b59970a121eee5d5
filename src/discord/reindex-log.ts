/**
 * The last /reindex, for /about and /healthz: kept in memory and in `last-reindex.json` beside FEEDBACK_LOG, so
 * every shard and every HTTP replica sharing that directory reports the last one run on any of them, and a
 * restart still knows it.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** What /about says of the last /reindex. */
export interface ReindexRecord {
  /** ISO time it finished. */
  at: string;
  /** The moderator's user tag. */
  by: string;
  /** One line: counts and changes, or why it failed. */
  result: string;
  ok: boolean;
}

export class ReindexLog {
  private mine: ReindexRecord | undefined;

  constructor(readonly file: string) {}

  static besideFeedbackLog(feedbackLog: string): ReindexLog {
    return new ReindexLog(path.join(path.dirname(feedbackLog), 'last-reindex.json'));
  }

  /** Note a /reindex this process ran; written whole (temporary file, renamed), or kept in memory only if that fails. */
  async record(record: ReindexRecord): Promise<void> {
    this.mine = record;
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(record));
    await rename(tmp, this.file);
  }

  /** The newest /reindex this process or any other sharing the file ran. */
  async latest(): Promise<ReindexRecord | undefined> {
    let shared: ReindexRecord | undefined;
    try {
      shared = JSON.parse(await readFile(this.file, 'utf8')) as ReindexRecord;
    } catch {
      shared = undefined;
    }
    if (!shared || typeof shared.at !== 'string') return this.mine;
    return !this.mine || shared.at > this.mine.at ? shared : this.mine;
  }
}
