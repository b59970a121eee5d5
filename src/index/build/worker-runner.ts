/**
 * Run the index build in a worker thread (src/index-worker). Under tsx (development, tests) the worker first
 * registers tsx's loader, since worker threads do not inherit it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { BuildOptions, BuildReport } from './pipeline.js';
import type { IndexSnapshot, IndexStats } from '../news-index.js';

/** The build report without the index's counts, which the receiving thread reads off the index. */
export type WorkerReport = Omit<BuildReport, keyof IndexStats>;
import type { ProgressListener } from '../index-service.js';

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

/**
 * Run src/<name> in a worker thread until it posts `{ type: 'done', result }` or `{ type: 'error', name,
 * message }`; any other message goes to `onUpdate`. The worker is terminated once it has answered.
 */
export function runWorker<T>(name: string, data: unknown, onUpdate: (message: { type: string; [key: string]: unknown }) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(name, data);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: { type: string; result?: T; name?: string; message?: string }) => {
      if (m.type === 'done') settle(() => resolve(m.result!));
      else if (m.type === 'error') settle(() => reject(new WorkerBuildError(m.name ?? 'Error', m.message ?? 'unknown error')));
      else onUpdate(m);
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`${name} exited with code ${code}`))));
  });
}

export function buildInWorker(corpusDir: string, options: BuildOptions, onProgress: ProgressListener): Promise<{ snapshot: IndexSnapshot; report: WorkerReport }> {
  return runWorker('reindex-worker', { corpusDir, snapshot: options.snapshot, threads: options.threads }, (m) => {
    if (m.type === 'progress') onProgress(m.stage as string);
  });
}
