/**
 * A TCP proxy on 127.0.0.1 in front of a server, that can stop answering without refusing: connections are
 * still accepted, but nothing goes through, as when a database host hangs or a network drops packets. A server
 * that is stopped refuses at once, which is the easy case; this one tests the timeouts.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Hold every connection, new and open, without a byte through (true), or forward again (false). */
  silent(on: boolean): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let quiet = false;
  const pairs = new Set<{ client: Socket; server?: Socket }>();
  const server: Server = createServer((client) => {
    const pair: { client: Socket; server?: Socket } = { client };
    pairs.add(pair);
    client.on('close', () => {
      pair.server?.destroy();
      pairs.delete(pair);
    });
    client.on('error', () => undefined);
    // Silent: accepted, never forwarded, never answered.
    if (quiet) return;
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    pair.server = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    silent(on) {
      quiet = on;
      for (const pair of pairs) {
        if (on) {
          // What is open stops flowing both ways.
          pair.client.unpipe();
          pair.server?.unpipe();
          pair.client.pause();
          pair.server?.pause();
        } else {
          // Held connections are dropped, as a recovered network resets them; new ones go through.
          pair.client.destroy();
        }
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) pair.client.destroy();
        server.close(() => resolve());
      }),
  };
}
