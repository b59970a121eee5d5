/**
 * Builds an index in a worker thread, so a /reindex never blocks the bot: the worker reads and indexes the
 * corpus (reusing the saved snapshot for unchanged files, and saving the new one), then hands the index's
 * arrays over to the main thread without copying them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshot } from './pipeline.js';
import { snapshotBuffers } from '../news-index.js';

const { corpusDir, snapshot, threads } = workerData as { corpusDir: string; snapshot?: string; threads?: number };
const port = parentPort!;
try {
  port.postMessage({ type: 'progress', stage: 'reading the corpus in the background' });
  const built = await buildSnapshot(corpusDir, { snapshot, threads, onProgress: (stage) => port.postMessage({ type: 'progress', stage }) });
  port.postMessage({ type: 'progress', stage: 'swapping in the new index' });
  port.postMessage({ type: 'done', result: { snapshot: built.snapshot, report: built.report } }, snapshotBuffers(built.snapshot));
} catch (err) {
  port.postMessage({ type: 'error', name: (err as Error).name, message: (err as Error).message });
}
