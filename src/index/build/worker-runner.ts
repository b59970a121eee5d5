/**
 * Both ends of a build worker thread, typed by a `WorkerSpec` (protocol.ts): `runWorker` on the main thread,
 * `serveWorker` inside the worker. Under tsx (development, tests) the worker first registers tsx's loader,
 * since worker threads do not inherit it.
 */
import { createRequire } from 'node:module';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { NewsdeskError } from '../../errors.js';
import type { WorkerMessage, WorkerSpec } from './protocol.js';

/** The worker failed (the corpus could not be read there, or the worker itself broke). */
export class WorkerBuildError extends NewsdeskError {
  constructor(
    readonly causeName: string,
    message: string,
  ) {
    super('WORKER_FAILED', message);
  }
}

/** Start the spec's module (its .ts under tsx, its compiled .js otherwise) in a worker thread. */
function startWorker(module: string, data: unknown): Worker {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.js')) return new Worker(new URL(`./${module}.js`, here), { workerData: data });
  const tsx = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const entry = new URL(`./${module}.ts`, here).href;
  const code = `import { register } from ${JSON.stringify(`file://${tsx}`)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: data });
}

/** Run `spec` in a worker thread with `input` until it answers; its updates go to `onUpdate`. */
export function runWorker<I, U, R>(spec: WorkerSpec<I, U, R>, input: I, onUpdate: (update: U) => void = () => {}): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(spec.module, input);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage<U, R>) => {
      if (m.type === 'done') settle(() => resolve(m.result));
      else if (m.type === 'error') settle(() => reject(new WorkerBuildError(m.name, m.message)));
      else if (!settled) onUpdate(m.update);
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new WorkerBuildError('Error', `${spec.module} exited with code ${code}`))));
  });
}

/**
 * Inside a worker: run `work` on the input the main thread sent, and answer with its result (transferring
 * `transfer`) or its error. `describeError` words the error message the main thread will see.
 */
export async function serveWorker<I, U, R>(
  _spec: WorkerSpec<I, U, R>,
  work: (input: I, update: (u: U) => void) => Promise<{ result: R; transfer: ArrayBuffer[] }>,
  describeError: (err: Error) => string = (err) => err.message,
): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run in a worker thread');
  const post = (m: WorkerMessage<U, R>, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  try {
    const { result, transfer } = await work(workerData as I, (update) => post({ type: 'update', update }));
    post({ type: 'done', result }, transfer);
  } catch (err) {
    post({ type: 'error', name: (err as Error).name, message: describeError(err as Error) });
  }
}
