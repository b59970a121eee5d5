/**
 * Making the directories a file from a setting goes in, one level at a time. Node's recursive mkdir loops forever
 * when a directory exists but refuses new entries with ENOENT (/proc), so paths that come from settings never go
 * through it; this stops at the first refusal with the directory and the reason.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** A directory that could not be made: `dir` and the system's code for why. */
export class DirectoryError extends Error {
  constructor(
    readonly dir: string,
    readonly code: string,
    why: string,
  ) {
    super(`${dir} ${why} (${code})`);
  }
}

/** The directories of `dir` that do not exist yet, outermost first (none when it exists). */
function missingFrom(dir: string, exists: (d: string) => boolean): string[] {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !exists(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (at === path.dirname(at)) break;
  }
  return missing;
}

function refusal(dir: string, err: unknown): DirectoryError {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  const why =
    code === 'EEXIST' || code === 'ENOTDIR'
      ? 'cannot be made: a file stands where a directory of the path should be'
      : code === 'ENOENT'
        ? 'cannot be made: the directory above it refuses new entries (a system directory such as /proc)'
        : 'cannot be made';
  return new DirectoryError(dir, code, why);
}

/** Whether `at` is an existing directory; a file there throws, as no directory can be made through it. */
function isDirectory(at: string, st: { isDirectory(): boolean } | undefined): boolean {
  if (!st) return false;
  if (!st.isDirectory()) throw refusal(at, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }));
  return true;
}

/** Make `dir` and the directories above it that are missing; DirectoryError naming the one that could not be. */
export function makeDirectories(dir: string): void {
  const statOf = (at: string) => {
    try {
      return statSync(at);
    } catch {
      return undefined; // missing, or under a file: the walk up finds which
    }
  };
  const exists = (at: string) => isDirectory(at, statOf(at));
  for (const d of missingFrom(dir, exists)) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !exists(d)) throw refusal(d, err);
    }
  }
}

/** As {@link makeDirectories}, without blocking. */
export async function makeDirectoriesAsync(dir: string): Promise<void> {
  const known = new Map<string, boolean>();
  const statOf = async (at: string) => known.set(at, isDirectory(at, await stat(at).catch(() => undefined)));
  // The walk up is short (a few levels): stat them first, then decide synchronously.
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    await statOf(at);
    if (known.get(at) || at === path.dirname(at)) break;
  }
  for (const d of missingFrom(dir, (at) => known.get(at) ?? true)) {
    try {
      await mkdir(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(d).catch(() => undefined))?.isDirectory()) throw refusal(d, err);
    }
  }
}
