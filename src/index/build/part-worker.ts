/**
 * Reads, parses and indexes one share of the corpus files in a worker thread, and hands its parts back with
 * arrays transferred, not copied (pipeline.ts merges every part once).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexFileBatch } from './pipeline.js';
import { snapshotBuffers } from '../news-index.js';

const { dir, files } = workerData as { dir: string; files: string[] };
const port = parentPort!;
try {
  const result = await indexFileBatch(dir, files, (n) => port.postMessage({ type: 'loaded', files: n }));
  port.postMessage({ type: 'done', result }, result.parts.flatMap(snapshotBuffers));
} catch (err) {
  port.postMessage({ type: 'error', name: (err as Error).name, message: `indexing worker failed: ${(err as Error).stack ?? String(err)}` });
}
