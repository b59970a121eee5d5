/**
 * The HTTP server's own answers, without Discord: /healthz's status codes, the body limit of /interactions,
 * and the signature check Discord's requests must pass.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { DiscordAPIError } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/discord/logger.js';
import { BotMetrics } from '../src/discord/metrics.js';
import { startHttpServer, type BotHttpServer, type HealthReport } from '../src/discord/http-server.js';
import { checkSignature, InteractionResponder, MAX_BODY_BYTES, publicKeyFromHex } from '../src/discord/http-interactions.js';

const logger = createLogger('silent');
let server: BotHttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(health: () => HealthReport, responder?: InteractionResponder): Promise<string> {
  const metrics = new BotMetrics({ index: () => undefined, serverIndexes: () => undefined, gatewayPingMs: () => undefined });
  server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger,
    metrics,
    health: async () => health(),
    ...(responder ? { interactions: () => responder } : {}),
  });
  return `http://127.0.0.1:${server.port}`;
}

describe('/healthz', () => {
  it('is 503 while starting and after a fatal error, 200 when ready', async () => {
    let report: HealthReport = { status: 'starting' };
    const base = await serve(() => report);
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    report = { status: 'ready' };
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    report = { status: 'failed', error: 'the gateway session was invalidated' };
    const failed = await fetch(`${base}/healthz`);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual(report);
    // The index is not loaded: the gauges say 0, and the text is still valid.
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^newsdesk_index_articles 0$/m);
  });
});

describe('/interactions', () => {
  const keys = generateKeyPairSync('ed25519');
  const publicHex = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

  it('refuses a body over the limit with 413, before reading it whole', async () => {
    const base = await serve(() => ({ status: 'ready' }), new InteractionResponder(publicHex, logger));
    const res = await fetch(`${base}/interactions`, { method: 'POST', body: Buffer.alloc(MAX_BODY_BYTES + 1, 32) }).catch(
      (err: Error) => err,
    );
    // The server may close the connection while the client is still sending: either way nothing is served.
    if (res instanceof Response) expect(res.status).toBe(413);
  });

  it('checks the signature over timestamp + body, and the timestamp’s age', () => {
    const key = publicKeyFromHex(publicHex);
    const body = Buffer.from('{"type":1}');
    const now = Date.now();
    const ts = String(Math.floor(now / 1000));
    const sig = sign(null, Buffer.concat([Buffer.from(ts), body]), keys.privateKey).toString('hex');
    expect(checkSignature(key, sig, ts, body, now)).toBe('ok');
    expect(checkSignature(key, sig, ts, Buffer.from('{"type":2}'), now)).toBe('bad signature');
    expect(checkSignature(key, sig, String(Number(ts) + 1), body, now)).toBe('bad signature');
    expect(checkSignature(key, 'zz', ts, body, now)).toBe('bad signature');
    expect(checkSignature(key, undefined, ts, body, now)).toBe('missing');
    expect(checkSignature(key, sig, ts, body, now + 301_000)).toBe('stale');
  });
});

describe('logs', () => {
  it('never hold the interaction token or the request body of a failed REST call (the question is in it)', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d) => (text += d));
    const url = 'https://discord.com/api/v10/webhooks/123456789012345678/tok_SECRETinteractionTOKEN/messages/@original';
    const err = new DiscordAPIError({ code: 10015, message: 'Unknown Webhook' }, 10015, 404, 'PATCH', url, {
      body: { embeds: [{ title: 'a member’s own question' }] },
      files: undefined,
    });
    createLogger({ level: 'info', format: 'json', destination: stream }).error({ err }, 'interaction failed');
    const line = JSON.parse(text) as { err: { url: string; code: number; message: string } };
    expect(line.err).toMatchObject({ code: 10015, message: 'Unknown Webhook' });
    expect(line.err.url).toBe('https://discord.com/api/v10/webhooks/123456789012345678/[redacted]/messages/@original');
    expect(text).not.toContain('SECRETinteraction');
    expect(text).not.toContain('own question');
  });
});
