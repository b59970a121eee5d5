/**
 * Reading a JSONL file that other processes append to (the feedback log): each call returns the whole lines
 * appended since the last one; a line still being written is left for the next call. Calls are served one at a
 * time, so two at once cannot both move past the same lines.
 */
import { open } from 'node:fs/promises';

export class JsonlTail {
  private ino: number | undefined;
  private offset = 0;
  private reading: Promise<string[]> | undefined;

  constructor(readonly file: string) {}

  /** The whole lines appended since the last call; none when there is no file. */
  readNew(): Promise<string[]> {
    const previous = (this.reading ?? Promise.resolve([])).catch(() => []);
    const next = previous.then(() => this.read());
    this.reading = next;
    return next;
  }

  private async read(): Promise<string[]> {
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
