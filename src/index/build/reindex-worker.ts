/**
 * Builds an index in a worker thread, so a /reindex never blocks the bot: the worker reads and indexes the
 * corpus (reusing the saved snapshot for unchanged files, and saving the new one), then hands the index's
 * arrays over to the main thread without copying them.
 */
import { snapshotBuffers } from '../news-index.js';
import { buildSnapshot } from './pipeline.js';
import { REINDEX_WORKER } from './protocol.js';
import { serveWorker } from './worker-runner.js';

await serveWorker(REINDEX_WORKER, async ({ corpusDir, snapshot, threads }, update) => {
  update({ stage: 'reading the corpus in the background' });
  const built = await buildSnapshot(corpusDir, { snapshot, threads, onProgress: (stage) => update({ stage }) });
  update({ stage: 'swapping in the new index' });
  return { result: built, transfer: snapshotBuffers(built.snapshot) };
});
