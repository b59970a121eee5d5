/**
 * Index snapshots on disk, so a restart serves from the saved index instead of rebuilding, and rebuilds only
 * when the corpus changed (a content hash per file). Written with v8's serializer (no JSON string size
 * limit, and fast), to a temporary file renamed into place so a crash never leaves half a snapshot.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CorpusProblem, CorpusWarning } from '../corpus/article.js';
import type { IndexSnapshot } from './news-index.js';

export interface SnapshotFile {
  fingerprint: Record<string, string>;
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
  index: IndexSnapshot;
}

export async function writeSnapshot(file: string, content: SnapshotFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, serialize(content));
  await rename(tmp, file);
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
