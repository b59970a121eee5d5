/**
 * Running the CLIs as a user would see them: exit code, stdout and stderr. `runMain` calls a CLI's `main`
 * in this process (fast; no tsx start-up per case); `runScript` starts the real entry point in a child process.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CliMain } from '../../src/cli/common.js';

export const ROOT = path.join(import.meta.dirname, '..', '..');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The user's environment, minus any corpus override (the CLIs must find ./corpus on their own), and with no index
 * snapshot: `npm run reindex` saves INDEX_SNAPSHOT, ./data/index.snapshot by default, and the tests never write to
 * the repository. A test of the snapshot sets INDEX_SNAPSHOT to a file of its own.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, INDEX_SNAPSHOT: '' };
  delete env.CORPUS_DIR;
  return env;
}

/** The repository's own snapshot file, which no test may write: its inode, size and time, or undefined if absent. */
function repositorySnapshot(): string | undefined {
  try {
    const s = statSync(path.join(ROOT, 'data', 'index.snapshot'));
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Call a CLI's `main` in-process with its own stdout, stderr and a copy of the environment (a .env file it
 * loads goes into that copy). Relative paths, such as the default ./corpus, resolve against the current
 * directory, which is the project root under `npm test`. Fails loudly if the run leaked process-wide state or
 * wrote the repository's index snapshot.
 */
export async function runMain(main: CliMain, args: string[], env: NodeJS.ProcessEnv = userEnv()): Promise<Run> {
  if (process.cwd() !== ROOT)
    throw new Error(`run the tests from ${ROOT} (the CLIs resolve ./corpus against the current directory ${process.cwd()})`);
  const corpusDirBefore = process.env.CORPUS_DIR;
  const exitCodeBefore = process.exitCode;
  const snapshotBefore = repositorySnapshot();
  const out = collector();
  const err = collector();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, env });
  if (process.exitCode !== exitCodeBefore) throw new Error(`main(${JSON.stringify(args)}) set process.exitCode to ${process.exitCode}`);
  if (process.env.CORPUS_DIR !== corpusDirBefore) throw new Error(`main(${JSON.stringify(args)}) changed process.env.CORPUS_DIR`);
  if (repositorySnapshot() !== snapshotBefore) throw new Error(`main(${JSON.stringify(args)}) wrote the repository's data/index.snapshot`);
  return { code, stdout: out.text(), stderr: err.text() };
}

/**
 * How to start `script`: with tsx's command (`tsx script`, what `npm run ask` runs) or its loader
 * (`node --import tsx script`); `npx tsx script` where tsx cannot be resolved from the project.
 */
function command(script: string, via: 'tsx' | 'loader'): [string, string[]] {
  const { resolve } = createRequire(path.join(ROOT, 'package.json'));
  try {
    if (via === 'tsx') return [process.execPath, [resolve('tsx/cli'), script]];
    resolve('tsx');
    return [process.execPath, ['--import', 'tsx', script]];
  } catch {
    return ['npx', ['tsx', script]];
  }
}

export interface ScriptOptions {
  /** Start it as `tsx script` (as npm run does) or as `node --import tsx script` (default). */
  via?: 'tsx' | 'loader';
  env?: NodeJS.ProcessEnv;
  /** Run as this user and group (the parent must be root); supplementary groups are dropped. */
  uid?: number;
  gid?: number;
  /** Kill the process after this long; a killed run resolves with code -1 (default 150 s). */
  timeoutMs?: number;
}

/** Start a CLI's real entry point (`src/cli/….ts`) in a child process from the project root. */
export function runScript(script: string, args: string[], options: ScriptOptions = {}): Promise<Run> {
  const [cmd, pre] = command(script, options.via ?? 'loader');
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      [...pre, ...args],
      {
        cwd: ROOT,
        env: options.env ?? userEnv(),
        uid: options.uid,
        gid: options.gid,
        timeout: options.timeoutMs ?? 150_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        // A process that could not be started at all (EPERM, ENOENT) is not a result to assert on.
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string' && (err as NodeJS.ErrnoException).syscall?.startsWith('spawn')) {
          reject(err);
          return;
        }
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
