/**
 * A real PostgreSQL server for the tests: Debian's `postgresql` package (15, or whichever version is there),
 * a cluster made with initdb in a temporary directory, run on a private port on 127.0.0.1 as the `postgres` user
 * when the tests run as root (postgres refuses to run as root), and stopped afterwards. When it cannot be
 * started, `startPostgres` says why; the caller skips its tests with that message, except under CI, where a
 * skipped database test is a failure.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  url: string;
  /** Stop the server and remove its files. */
  stop(): Promise<void>;
  /** Stop the server, keeping its data, as when a database host goes down. */
  pause(): Promise<void>;
  /** Start it again on the same port with the same data. */
  resume(): Promise<void>;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** A TCP port on 127.0.0.1 that nothing listens on just now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Start a throwaway server, or the reason it cannot be. */
export async function startPostgres(): Promise<RunningPostgres | { skipped: string }> {
  const bin = binDir();
  if (!bin) return { skipped: 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): apt-get install postgresql' };
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-pg-'));
  const data = path.join(dir, 'data');
  let uid: number | undefined;
  let gid: number | undefined;
  if (asRoot) {
    try {
      uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    } catch {
      return { skipped: 'running as root, and there is no postgres user to run the server as' };
    }
    chownSync(dir, uid, gid);
  }
  const run = (file: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]) as [string, string[]];
  try {
    const [cmd, args] = run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'newsdesk', '--no-sync', '-E', 'UTF8']);
    execFileSync(cmd, args, { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `initdb failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}` };
  }
  const port = await freePort();
  const [cmd, args] = run(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  let server: ChildProcess;
  let log = '';
  const url = `postgres://newsdesk@127.0.0.1:${port}/postgres`;
  const launch = () => {
    // Its own process group: the signal that stops it reaches postgres itself, not only runuser.
    server = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  };
  const halt = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      process.kill(-server.pid!, 'SIGINT');
      await exited;
    }
  };
  const stop = async () => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  /** Whether the server takes connections within 20 s. */
  const ready = async () => {
    for (let waited = 0; waited < 20_000; waited += 200) {
      if (server.exitCode !== null) return false;
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        return true;
      } catch {
        await client.end().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return false;
  };
  launch();
  if (await ready())
    return {
      url,
      stop,
      pause: halt,
      resume: async () => {
        launch();
        if (!(await ready())) throw new Error(`PostgreSQL did not start again: ${log.trim().split('\n').slice(-3).join(' / ')}`);
      },
    };
  await stop();
  return { skipped: `the server did not start: ${log.trim().split('\n').slice(-3).join(' / ')}` };
}
