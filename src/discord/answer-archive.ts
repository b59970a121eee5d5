/**
 * Answers and timelines kept on disk, beside FEEDBACK_LOG (`answers.jsonl` in the same directory), so the
 * buttons under them — Show context, 👍/👎, ◀ ▶ — still work after a restart, in another shard's process, and on
 * another HTTP replica sharing the directory: every process appends what it answers and, for one it did not
 * give (or gave before it restarted), reads it back.
 * Lines are `{"id", "answer"}` or `{"id", "timeline"}`; the file is rolled over to `answers.1.jsonl` past MAX_BYTES, so lookups stay
 * cheap and the disk stays bounded, and answers older than two generations are forgotten like any old message.
 */
import { appendFile, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Answer } from '../qa/answer.js';
import type { Timeline } from '../qa/timeline.js';

/** A timeline as its ◀ ▶ buttons need it. */
export interface StoredTimeline {
  timeline: Timeline;
  searched: string;
  /** Who ran /timeline: only they page the shared message. */
  owner?: string;
}

interface Records {
  answer: Answer;
  timeline: StoredTimeline;
}

/** Roll the archive over past this size (about 10,000 answers). */
const MAX_BYTES = 16 * 1024 * 1024;
/** Check the size after this many saves. */
const CHECK_EVERY = 200;

export class AnswerArchive {
  private saves = 0;

  constructor(readonly file: string) {}

  /** The archive beside the feedback log. */
  static besideFeedbackLog(feedbackLog: string): AnswerArchive {
    return new AnswerArchive(path.join(path.dirname(feedbackLog), 'answers.jsonl'));
  }

  /** Append an answer. Throws when it cannot be written; the answer itself is still posted by the caller. */
  save(id: string, answer: Answer): Promise<void> {
    return this.append(id, 'answer', answer);
  }

  saveTimeline(id: string, timeline: StoredTimeline): Promise<void> {
    return this.append(id, 'timeline', timeline);
  }

  /** The answer saved under `id`, newest file first; undefined when it is not there (or too old). */
  get(id: string): Promise<Answer | undefined> {
    return this.find(id, 'answer');
  }

  getTimeline(id: string): Promise<StoredTimeline | undefined> {
    return this.find(id, 'timeline');
  }

  private async append<K extends keyof Records>(id: string, kind: K, value: Records[K]): Promise<void> {
    if (++this.saves % CHECK_EVERY === 0) await this.rollOver();
    await appendFile(this.file, `${JSON.stringify({ id, [kind]: value })}\n`);
  }

  private async find<K extends keyof Records>(id: string, kind: K): Promise<Records[K] | undefined> {
    const prefix = `{"id":${JSON.stringify(id)},${JSON.stringify(kind)}:`;
    for (const file of [this.file, this.older()]) {
      const text = await readFile(file, 'utf8').catch(() => '');
      // The newest line for the id wins; a line cut short by a crash is skipped.
      const lines = text.split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        if (!lines[i].startsWith(prefix)) continue;
        try {
          return (JSON.parse(lines[i]) as Partial<Records>)[kind] as Records[K];
        } catch {
          continue;
        }
      }
    }
    return undefined;
  }

  private older(): string {
    return this.file.replace(/\.jsonl$/, '') + '.1.jsonl';
  }

  private async rollOver(): Promise<void> {
    const size = await stat(this.file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > MAX_BYTES) await rename(this.file, this.older());
  }
}
