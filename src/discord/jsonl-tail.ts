/**
 * Reading a JSONL file that other processes append to (the feedback log): each call returns the whole lines
 * appended since the last one; a line still being written is left for the next call. Calls are served one at a
 * time, so two at once cannot both move past the same lines.
 */
import { open } from 'node:fs/promises';
import { readLines, type LogLine } from './shared-log.js';

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
      const lines: LogLine[] = [];
      this.offset = await readLines(handle, 0, this.offset, size, Infinity, lines);
      return lines.map((l) => l.text).filter((text) => text.trim());
    } finally {
      await handle.close();
    }
  }
}
