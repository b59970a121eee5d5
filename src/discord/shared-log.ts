/**
 * A JSONL log that several processes (shards, HTTP replicas) append to and read, kept in numbered generations
 * (`answers.1.jsonl`, `answers.2.jsonl`, …). Appends go to the newest generation; once it is past `maxBytes`, a
 * process starts the next one (created exclusively, so two cannot both) and removes all but the two newest. A
 * name is never reused, so where a reader stopped in each file (its generation and byte offset) stays true
 * whatever the other processes do; each read returns the whole lines appended since, in every live generation.
 */
import { appendFile, mkdir, open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A line as read: its text, and where it is (to read it again alone). */
export interface LogLine {
  generation: number;
  start: number;
  length: number;
  text: string;
}

/** How often an appending process looks for a newer generation, or starts one. */
const REFRESH_MS = 1000;
/** Bytes read at a time. */
const CHUNK = 1024 * 1024;

export class SharedLog {
  /** Bytes read so far (whole lines) per generation. */
  private readonly offsets = new Map<number, number>();
  /** The generation this process appends to (0: not looked yet). */
  private current = 0;
  private refreshedAt = 0;
  private reading: Promise<{ lines: LogLine[]; live: number[] }> | undefined;

  /** `dir/name.<N>.jsonl`, rolled over past `maxBytes`; `refreshMs`: how often appends look for a newer generation. */
  constructor(
    readonly dir: string,
    readonly name: string,
    readonly maxBytes: number,
    private readonly refreshMs = REFRESH_MS,
  ) {}

  file(generation: number): string {
    // Generation 0 is the single file of versions before generations (`answers.jsonl`), read until removed.
    return path.join(this.dir, generation === 0 ? `${this.name}.jsonl` : `${this.name}.${generation}.jsonl`);
  }

  /** Append one line (one write, so processes' lines never interleave on a local disk). */
  async append(text: string): Promise<void> {
    if (this.current === 0 || Date.now() - this.refreshedAt >= this.refreshMs) await this.refresh();
    await appendFile(this.file(this.current), `${text}\n`);
  }

  /**
   * The whole lines appended since the last call, generation by generation, and the generations on disk now
   * (what an index built from earlier lines may still point into). One read at a time. `headBytes`: decode only
   * the start of each line (enough to index it; `readLine` gives the rest).
   */
  readNew(headBytes = Infinity): Promise<{ lines: LogLine[]; live: number[] }> {
    const previous = (this.reading ?? Promise.resolve()).catch(() => undefined);
    const next = previous.then(() => this.read(headBytes));
    this.reading = next.finally(() => {
      if (this.reading === next) this.reading = undefined;
    });
    return next;
  }

  /** One line again, by where `readNew` said it is; undefined when its generation is gone. */
  async readLine(at: Pick<LogLine, 'generation' | 'start' | 'length'>): Promise<string | undefined> {
    const handle = await open(this.file(at.generation), 'r').catch(() => undefined);
    if (!handle) return undefined;
    try {
      const buffer = Buffer.alloc(at.length);
      const { bytesRead } = await handle.read(buffer, 0, at.length, at.start);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  }

  /** The generations on disk, oldest first. */
  async generations(): Promise<number[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const pattern = new RegExp(`^${this.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\.(\\d+))?\\.jsonl$`);
    return names
      .map((n) => pattern.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1] ?? 0))
      .sort((a, b) => a - b);
  }

  /** Append to the newest generation; start the next one when it is full, and drop the ones before the last two. */
  private async refresh(): Promise<void> {
    if (this.current === 0) await mkdir(this.dir, { recursive: true });
    const live = await this.generations();
    let newest = Math.max(1, live.at(-1) ?? 1);
    const size = await stat(this.file(newest)).then(
      (s) => s.size,
      () => 0,
    );
    if (size > this.maxBytes) {
      newest += 1;
      // Exclusive: of two processes rolling over at once, one creates it and both append to it.
      await open(this.file(newest), 'wx').then(
        (h) => h.close(),
        (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
        },
      );
      for (const g of live) if (g < newest - 1) await unlink(this.file(g)).catch(() => undefined);
    }
    this.current = newest;
    this.refreshedAt = Date.now();
  }

  private async read(headBytes: number): Promise<{ lines: LogLine[]; live: number[] }> {
    const live = await this.generations();
    for (const g of this.offsets.keys()) if (!live.includes(g)) this.offsets.delete(g);
    const lines: LogLine[] = [];
    for (const generation of live) {
      const handle = await open(this.file(generation), 'r').catch(() => undefined);
      if (!handle) continue;
      try {
        const { size } = await handle.stat();
        let offset = this.offsets.get(generation) ?? 0;
        // Removed and made again by a process still appending to it: read it anew.
        if (size < offset) offset = 0;
        this.offsets.set(generation, await readLines(handle, generation, offset, size, headBytes, lines));
      } finally {
        await handle.close();
      }
    }
    return { lines, live };
  }
}

/**
 * Push the whole lines of `handle` from byte `from` to `to`, each decoded up to `headBytes`; returns the offset
 * after the last one (a line still being written is left for the next read).
 */
export async function readLines(
  handle: FileHandle,
  generation: number,
  from: number,
  to: number,
  headBytes: number,
  out: LogLine[],
): Promise<number> {
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
      if (nl > lineStart)
        out.push({
          generation,
          start: carryStart + lineStart,
          length: nl - lineStart,
          text: data.subarray(lineStart, Math.min(nl, lineStart + headBytes)).toString('utf8'),
        });
      lineStart = nl + 1;
    }
    carry = Buffer.from(data.subarray(lineStart));
    carryStart += lineStart;
  }
  return carryStart;
}
