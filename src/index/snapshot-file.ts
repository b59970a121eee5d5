/**
 * Index snapshots on disk, so a restart serves from the saved index instead of rebuilding, and rebuilds only
 * when the corpus changed (a content hash per file). Written with v8's serializer (no JSON string size
 * limit, and fast), to a temporary file renamed into place so a crash never leaves half a snapshot.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { makeDirectoriesAsync } from '../files.js';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CorpusProblem, CorpusWarning } from '../corpus/article.js';
import type { IndexSnapshot } from './news-index.js';

/** Where the bot and `npm run reindex` save the index when INDEX_SNAPSHOT is not set ("" saves none). */
export const DEFAULT_INDEX_SNAPSHOT = './data/index.snapshot';

/** How often, in seconds, a running bot checks INDEX_SNAPSHOT for a newer index when SNAPSHOT_POLL_SECONDS is not set. */
export const DEFAULT_SNAPSHOT_POLL_SECONDS = 10;

export interface SnapshotFile {
  fingerprint: Record<string, string>;
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
  index: IndexSnapshot;
}

export async function writeSnapshot(file: string, content: SnapshotFile): Promise<void> {
  await makeDirectoriesAsync(path.dirname(file));
  // Unique across processes and machines sharing the directory; the rename publishes it whole.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, serialize(content));
  await rename(tmp, file);
}

/**
 * Which snapshot is on disk, cheaply: a new one is renamed into place, so its inode, size and time change.
 * Undefined when there is none.
 */
export async function snapshotVersion(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The saved snapshot, or undefined when there is none or it cannot be read (it is then rebuilt). */
export async function readSnapshot(file: string): Promise<SnapshotFile | undefined> {
  try {
    const content = deserialize(await readFile(file)) as SnapshotFile;
    return content && typeof content === 'object' && content.index ? content : undefined;
  } catch {
    return undefined;
  }
}

export function sameFingerprint(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
