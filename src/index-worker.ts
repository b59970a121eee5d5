/**
 * Builds an index in a worker thread, so a /reindex never blocks the bot: the worker reads and indexes the
 * corpus (and saves the snapshot), then hands the index over as a snapshot the main thread loads in batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndex } from './engine.js';

const { corpusDir, snapshot } = workerData as { corpusDir: string; snapshot?: string };
const port = parentPort!;
try {
  port.postMessage({ type: 'progress', stage: 'reading and indexing the corpus in the background' });
  const { index, report } = await buildIndex(corpusDir, { snapshot });
  port.postMessage({ type: 'progress', stage: 'swapping in the new index' });
  port.postMessage({ type: 'done', snapshot: index.toSnapshot(), report });
} catch (err) {
  port.postMessage({ type: 'error', name: (err as Error).name, message: (err as Error).message });
}
