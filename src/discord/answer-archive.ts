/**
 * Answers and timelines kept on disk, beside FEEDBACK_LOG (`answers.<N>.jsonl` in the same directory), so the
 * buttons under them — Show context, 👍/👎, ◀ ▶ — still work after a restart, in another shard's process, and on
 * another HTTP replica sharing the directory: every process appends what it answers and, for one it did not
 * give (or gave before it restarted), reads it back.
 *
 * Lines are `{"id", "answer"}` or `{"id", "timeline"}`, in generations of MAX_BYTES (shared-log.ts), so the
 * disk stays bounded and answers older than two generations are forgotten like any old message. Each process
 * keeps where every id's line is (read once, then only the lines appended since), so a lookup reads one line,
 * not the files: a button under another replica's answer must be acknowledged within 3 s.
 */
import path from 'node:path';
import type { Answer } from '../qa/answer.js';
import type { Timeline } from '../qa/timeline.js';
import { SharedLog, type LogLine } from './shared-log.js';

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

/** Start a new generation past this size (about 10,000 answers). */
const MAX_BYTES = 16 * 1024 * 1024;

/** Bytes of a line read to index it: its key and then some (ids are about 20 characters). */
const KEY_BYTES = 200;
/** The start of a line: `{"id":"<id>","answer":` or `…"timeline":`. */
const LINE_KEY = /^\{"id":("(?:[^"\\]|\\.)*"),"(answer|timeline)":/;

export class AnswerArchive {
  private readonly log: SharedLog;
  /** `kind id` → where its newest line is. */
  private readonly lines = new Map<string, Pick<LogLine, 'generation' | 'start' | 'length'>>();
  private indexing: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  /** Archive in `dir` (the directory of FEEDBACK_LOG). */
  constructor(readonly dir: string) {
    this.log = new SharedLog(dir, 'answers', MAX_BYTES);
  }

  /** The archive beside the feedback log. */
  static besideFeedbackLog(feedbackLog: string): AnswerArchive {
    return new AnswerArchive(path.dirname(feedbackLog));
  }

  /** Append an answer. Throws when it cannot be written; the answer itself is still posted by the caller. */
  save(id: string, answer: Answer): Promise<void> {
    return this.log.append(JSON.stringify({ id, answer }));
  }

  saveTimeline(id: string, timeline: StoredTimeline): Promise<void> {
    return this.log.append(JSON.stringify({ id, timeline }));
  }

  /** The answer saved under `id`; undefined when it is not there (or too old). */
  get(id: string): Promise<Answer | undefined> {
    return this.find(id, 'answer');
  }

  getTimeline(id: string): Promise<StoredTimeline | undefined> {
    return this.find(id, 'timeline');
  }

  private async find<K extends keyof Records>(id: string, kind: K): Promise<Records[K] | undefined> {
    // A miss may be a line appended while the index was being read: one more look.
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.catchUp();
      const at = this.lines.get(`${kind} ${id}`);
      if (!at) continue;
      const line = await this.log.readLine(at);
      // The line must be the one indexed (a generation removed and made again holds other lines).
      if (!line?.startsWith(`{"id":${JSON.stringify(id)},${JSON.stringify(kind)}:`)) continue;
      try {
        return (JSON.parse(line) as Partial<Records>)[kind] as Records[K];
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /**
   * Index what was appended since, once for everyone asking at the same time: a caller arriving while an index
   * read runs (which may have started before its line was written) waits for the next one, shared by all who
   * arrive meanwhile.
   */
  private catchUp(): Promise<void> {
    if (!this.indexing) {
      this.indexing = this.indexNewLines().finally(() => {
        this.indexing = undefined;
      });
      return this.indexing;
    }
    this.queued ??= this.indexing
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.catchUp();
      });
    return this.queued;
  }

  /** Index the lines appended since the last look, and forget those of removed generations. */
  private async indexNewLines(): Promise<void> {
    const { lines, live } = await this.log.readNew(KEY_BYTES);
    for (const line of lines) {
      const m = LINE_KEY.exec(line.text);
      if (!m) continue;
      try {
        this.lines.set(`${m[2]} ${JSON.parse(m[1]) as string}`, { generation: line.generation, start: line.start, length: line.length });
      } catch {
        // not a line of ours
      }
    }
    const alive = new Set(live);
    for (const [key, at] of this.lines) if (!alive.has(at.generation)) this.lines.delete(key);
  }
}
