/**
 * Answers and timelines kept on disk, beside FEEDBACK_LOG (`answers.jsonl` in the same directory), so the
 * buttons under them — Show context, 👍/👎, ◀ ▶ — still work after a restart, in another shard's process, and on
 * another HTTP replica sharing the directory: every process appends what it answers and, for one it did not
 * give (or gave before it restarted), reads it back.
 *
 * Lines are `{"id", "answer"}` or `{"id", "timeline"}`; the file is rolled over to `answers.1.jsonl` past
 * MAX_BYTES, so the disk stays bounded, and answers older than two generations are forgotten like any old
 * message. Each process keeps where every id's line is (read once, then only the bytes appended since), so a
 * lookup reads one line, not the file: a button under another replica's answer must be acknowledged within 3 s.
 */
import { appendFile, open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Answer } from '../qa/answer.js';
import type { Timeline } from '../qa/timeline.js';
import { olderGeneration, rollOverPast } from './jsonl-tail.js';

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

/** Where a record's line is: in the current file or the older one, and its bytes. */
interface Located {
  older: boolean;
  start: number;
  length: number;
}

/** The start of a line: `{"id":"<id>","answer":` or `…"timeline":`. */
const LINE_KEY = /^\{"id":("(?:[^"\\]|\\.)*"),"(answer|timeline)":/;

export class AnswerArchive {
  private saves = 0;
  /** `kind id` → where its newest line is. */
  private readonly lines = new Map<string, Located>();
  /** The current file as read so far: its inode, and the bytes indexed (up to the last whole line). */
  private scanned: { ino: number; bytes: number } | undefined;
  /** The inode of the older file whose lines are indexed. */
  private olderIno: number | undefined;
  private catchingUp: Promise<void> | undefined;

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

  /** The answer saved under `id`; undefined when it is not there (or too old). */
  get(id: string): Promise<Answer | undefined> {
    return this.find(id, 'answer');
  }

  getTimeline(id: string): Promise<StoredTimeline | undefined> {
    return this.find(id, 'timeline');
  }

  private async append<K extends keyof Records>(id: string, kind: K, value: Records[K]): Promise<void> {
    if (++this.saves % CHECK_EVERY === 0) await this.rollOver();
    // One write per line: processes sharing the file each append whole lines.
    await appendFile(this.file, `${JSON.stringify({ id, [kind]: value })}\n`);
  }

  private async find<K extends keyof Records>(id: string, kind: K): Promise<Records[K] | undefined> {
    await this.catchUp();
    const at = this.lines.get(`${kind} ${id}`);
    if (!at) return undefined;
    let handle: FileHandle | undefined;
    try {
      handle = await open(at.older ? this.older() : this.file, 'r');
      const buffer = Buffer.alloc(at.length);
      await handle.read(buffer, 0, at.length, at.start);
      const line = buffer.toString('utf8');
      // Rolled over between the index and this read, the bytes are another line, or none.
      if (!line.startsWith(`{"id":${JSON.stringify(id)},${JSON.stringify(kind)}:`)) return undefined;
      return (JSON.parse(line) as Partial<Records>)[kind] as Records[K];
    } catch {
      return undefined;
    } finally {
      await handle?.close();
    }
  }

  /** Index the lines appended since the last call, following rollovers; one call at a time. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= this.readNewLines().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  private async readNewLines(): Promise<void> {
    const olderIno = await stat(this.older()).then(
      (s) => s.ino,
      () => undefined,
    );
    if (olderIno !== this.olderIno) {
      // A rollover of the file this process was reading: its lines are where they were, in the older file.
      const rolled = olderIno !== undefined && olderIno === this.scanned?.ino;
      for (const [key, at] of this.lines) {
        if (at.older || !rolled) this.lines.delete(key);
        else at.older = true;
      }
      if (rolled) this.scanned = undefined;
      else if (olderIno !== undefined) await this.indexFile(this.older(), true, 0);
      this.olderIno = olderIno;
    }
    const handle = await open(this.file, 'r').catch(() => undefined);
    if (!handle) {
      for (const [key, at] of this.lines) if (!at.older) this.lines.delete(key);
      this.scanned = undefined;
      return;
    }
    try {
      const { ino, size } = await handle.stat();
      if (this.scanned?.ino !== ino) {
        for (const [key, at] of this.lines) if (!at.older) this.lines.delete(key);
        this.scanned = { ino, bytes: 0 };
      }
      this.scanned.bytes = await indexLines(handle, this.scanned.bytes, size, false, this.lines);
    } finally {
      await handle.close();
    }
  }

  private async indexFile(file: string, older: boolean, from: number): Promise<void> {
    const handle = await open(file, 'r').catch(() => undefined);
    if (!handle) return;
    try {
      await indexLines(handle, from, (await handle.stat()).size, older, this.lines);
    } finally {
      await handle.close();
    }
  }

  private older(): string {
    return olderGeneration(this.file);
  }

  private rollOver(): Promise<void> {
    return rollOverPast(this.file, MAX_BYTES);
  }
}

/** Bytes read at a time while indexing. */
const CHUNK = 1024 * 1024;

/**
 * Note where each whole line from `from` to `to` starts and ends, by its kind and id (later lines win); returns
 * the offset after the last whole line, where the next call starts (a line still being written is left).
 */
async function indexLines(handle: FileHandle, from: number, to: number, older: boolean, lines: Map<string, Located>): Promise<number> {
  let pos = from;
  let carry = Buffer.alloc(0);
  let carryStart = from;
  while (pos < to) {
    const buffer = Buffer.alloc(Math.min(CHUNK, to - pos));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
    let lineStart = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, lineStart)) {
      const head = data.subarray(lineStart, Math.min(nl, lineStart + 200)).toString('utf8');
      const m = LINE_KEY.exec(head);
      if (m) {
        try {
          lines.set(`${m[2]} ${JSON.parse(m[1]) as string}`, { older, start: carryStart + lineStart, length: nl - lineStart });
        } catch {
          // not a line of ours
        }
      }
      lineStart = nl + 1;
    }
    carry = Buffer.from(data.subarray(lineStart));
    carryStart += lineStart;
  }
  return carryStart;
}
