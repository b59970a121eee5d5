/**
 * JSONL files that several processes append to. `JsonlTail` reads one: each call returns the whole lines
 * appended since the last one; a line still being written is left for the next call, and a file renamed away and
 * replaced (a rollover) is read again from its start. Files are rolled over to one older generation
 * (`x.jsonl` → `x.1.jsonl`) to bound the disk.
 */
import { open, rename, stat } from 'node:fs/promises';

/** The older generation of a rolled-over file: `answers.jsonl` → `answers.1.jsonl`. */
export function olderGeneration(file: string): string {
  return file.replace(/\.jsonl$/, '') + '.1.jsonl';
}

/** Roll `file` over to its older generation (replacing the one before) once it is past `maxBytes`. */
export async function rollOverPast(file: string, maxBytes: number): Promise<void> {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size > maxBytes) await rename(file, olderGeneration(file));
}

export class JsonlTail {
  private ino: number | undefined;
  private offset = 0;

  constructor(readonly file: string) {}

  /** The whole lines appended since the last call; none when there is no file. */
  async readNew(): Promise<string[]> {
    const handle = await open(this.file, 'r').catch(() => undefined);
    if (!handle) {
      this.ino = undefined;
      this.offset = 0;
      return [];
    }
    try {
      const { ino, size } = await handle.stat();
      if (ino !== this.ino) {
        this.ino = ino;
        this.offset = 0;
      }
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      this.offset += end;
      return buffer
        .subarray(0, end)
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim());
    } finally {
      await handle.close();
    }
  }
}
