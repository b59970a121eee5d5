/**
 * The bot's HTTP server (on HTTP_PORT): GET /healthz for load balancers and service managers, GET /metrics for
 * Prometheus, and in HTTP interactions mode POST /interactions for Discord. Started before the index loads, so
 * /healthz says 503 "starting" rather than refusing connections.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.js';
import type { BotMetrics } from './metrics.js';
import { MAX_BODY_BYTES, type HttpReply, type InteractionResponder } from './http-interactions.js';

export type Health = 'starting' | 'ready' | 'stopping' | 'failed';

/** What /healthz reports; `status` decides 200 (ready) or 503. */
export interface HealthReport {
  status: Health;
  [key: string]: unknown;
}

export interface HttpServerOptions {
  port: number;
  host: string;
  logger: Logger;
  health: () => Promise<HealthReport>;
  metrics: BotMetrics;
  /** Set in HTTP interactions mode (possibly once started: until then /interactions answers 503). */
  interactions?: () => InteractionResponder | undefined;
}

export interface BotHttpServer {
  /** The port listened on (HTTP_PORT=0 picks a free one). */
  port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: HttpReply): void {
  res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json', 'cache-control': 'no-store' });
  res.end(reply.body, () => reply.sent?.());
}

/**
 * The server could not listen on `host` and `port`: the system's code for why (EADDRINUSE, EACCES, and ENOTFOUND
 * or EADDRNOTAVAIL for a host that is not an address of this machine), so the bot can name the setting at fault.
 */
export class ListenError extends Error {
  readonly code: string;
  constructor(
    readonly host: string,
    readonly port: number,
    cause: NodeJS.ErrnoException,
  ) {
    super(`cannot listen on ${host}, port ${port} (${cause.code ?? cause.message})`, { cause });
    this.code = cause.code ?? 'EIO';
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<BotHttpServer> {
  const { logger } = options;
  const server = createServer((req, res) => {
    route(req, res).catch((err) => {
      logger.error({ err, path: req.url }, 'http request failed');
      if (!res.headersSent) send(res, { status: 500, body: JSON.stringify({ error: 'internal error' }) });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, { status: 405, body: JSON.stringify({ error: 'use GET' }) });
      const report = await options.health();
      return send(res, { status: report.status === 'ready' ? 200 : 503, body: JSON.stringify(report) });
    }
    if (path === '/metrics') {
      if (req.method !== 'GET') return send(res, { status: 405, body: JSON.stringify({ error: 'use GET' }) });
      return send(res, { status: 200, contentType: options.metrics.contentType, body: await options.metrics.text() });
    }
    if (path === '/interactions' && options.interactions) {
      if (req.method !== 'POST') return send(res, { status: 405, body: JSON.stringify({ error: 'use POST' }) });
      const responder = options.interactions();
      if (!responder) return send(res, { status: 503, body: JSON.stringify({ error: 'starting' }) });
      let body: Buffer;
      try {
        body = await readBody(req, MAX_BODY_BYTES);
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          send(res, { status: 413, body: JSON.stringify({ error: `body over ${MAX_BODY_BYTES} bytes` }) });
          req.destroy();
          return;
        }
        throw err;
      }
      return send(res, await responder.handle(body, req.headers));
    }
    send(res, { status: 404, body: JSON.stringify({ error: 'not found: try /healthz or /metrics' }) });
  }

  await new Promise<void>((resolve, reject) => {
    const refused = (err: NodeJS.ErrnoException) => reject(new ListenError(options.host, options.port, err));
    server.once('error', refused);
    server.listen(options.port, options.host, () => {
      server.off('error', refused);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ port, host: options.host, interactions: Boolean(options.interactions) }, 'http server listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
