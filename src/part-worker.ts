/**
 * Reads, parses and indexes one share of the corpus files in a worker thread, and hands the part back with
 * its arrays transferred, not copied (src/engine.ts merges the parts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexFileBatch } from './engine.js';
import { snapshotBuffers } from './search-index.js';

const { dir, files } = workerData as { dir: string; files: string[] };
const port = parentPort!;
try {
  const { part, problems, warnings } = await indexFileBatch(dir, files, (n) => port.postMessage({ type: 'loaded', files: n }));
  port.postMessage({ type: 'done', part, problems, warnings }, part ? snapshotBuffers(part) : []);
} catch (err) {
  port.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) });
}
