/**
 * Run the index build in a worker thread (src/index-worker). Under tsx (development, tests) the worker first
 * registers tsx's loader, since worker threads do not inherit it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { BuildOptions, BuildReport } from './engine.js';
import type { IndexSnapshot, IndexStats } from './search-index.js';

/** The build report without the index's counts, which the receiving thread reads off the index. */
export type WorkerReport = Omit<BuildReport, keyof IndexStats>;
import type { ProgressListener } from './index-service.js';

/** The corpus could not be read in the worker (same meaning as in the main thread). */
export class WorkerBuildError extends Error {
  constructor(readonly causeName: string, message: string) {
    super(message);
    this.name = 'WorkerBuildError';
  }
}

/** Start src/<name>.ts (under tsx) or the compiled src/<name>.js in a worker thread. */
export function startWorker(name: string, data: unknown): Worker {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.js')) return new Worker(new URL(`./${name}.js`, here), { workerData: data });
  const tsx = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const entry = new URL(`./${name}.ts`, here).href;
  const code = `import { register } from ${JSON.stringify(`file://${tsx}`)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: data });
}

export function buildInWorker(corpusDir: string, options: BuildOptions, onProgress: ProgressListener): Promise<{ snapshot: IndexSnapshot; report: WorkerReport }> {
  return new Promise((resolve, reject) => {
    const worker = startWorker('index-worker', { corpusDir, snapshot: options.snapshot, threads: options.threads });
    let settled = false;
    worker.on('message', (m: { type: string; stage?: string; snapshot?: IndexSnapshot; report?: WorkerReport; name?: string; message?: string }) => {
      if (m.type === 'progress') onProgress(m.stage!);
      else if (m.type === 'done') {
        settled = true;
        resolve({ snapshot: m.snapshot!, report: m.report! });
        void worker.terminate();
      } else if (m.type === 'error') {
        settled = true;
        reject(new WorkerBuildError(m.name!, m.message!));
        void worker.terminate();
      }
    });
    worker.on('error', (err) => { if (!settled) { settled = true; reject(err); } });
    worker.on('exit', (code) => { if (!settled) { settled = true; reject(new Error(`index worker exited with code ${code}`)); } });
  });
}
