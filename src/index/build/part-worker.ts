/**
 * Reads, parses and indexes one share of the corpus files in a worker thread, and hands its parts back with
 * arrays transferred, not copied (pipeline.ts merges every part once).
 */
import { snapshotBuffers } from '../news-index.js';
import { indexFileBatch } from './pipeline.js';
import { PART_WORKER } from './protocol.js';
import { serveWorker } from './worker-runner.js';

await serveWorker(
  PART_WORKER,
  async ({ dir, files }, update) => {
    const result = await indexFileBatch(dir, files, (filesLoaded) => update({ filesLoaded }));
    return { result, transfer: result.parts.flatMap(snapshotBuffers) };
  },
  (err) => `indexing worker failed: ${err.stack ?? String(err)}`,
);
