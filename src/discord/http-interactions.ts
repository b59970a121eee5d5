/**
 * HTTP interactions (INTERACTIONS=http): Discord POSTs each interaction to our endpoint, signed with Ed25519,
 * instead of sending it over a gateway websocket. Every request is verified (bad or stale signatures get 401),
 * PING gets PONG, and everything else goes through discord.js's own interaction classes to the same router and
 * command modules as in gateway mode.
 *
 * Discord wants the first response to an HTTP interaction in the HTTP response itself. discord.js sends it as
 * a REST call (POST /interactions/{id}/{token}/callback), so the REST client's `makeRequest` is wrapped: that
 * one call is answered into the waiting HTTP response instead, and every later call (editing "thinking…",
 * follow-ups) goes to Discord's REST API as usual, as Discord documents for deferred responses.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { DefaultRestOptions, type Client, type RESTOptions } from 'discord.js';
import type { Logger } from './logger.js';

/** Discord's ping, and our pong. */
const PING = 1;
const PONG = 1;
/** Signed requests older (or further in the future) than this are refused, so a captured one cannot be replayed later. */
export const MAX_SIGNATURE_AGE_SECONDS = 300;
/** Discord fails an interaction not answered within 3 s; answering at 2.9 s at least says why in our log. */
export const RESPONSE_DEADLINE_MS = 2_900;
/** Interaction payloads are a few kB; anything much larger is not from Discord. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** DER prefix of an Ed25519 public key in SPKI form; Discord gives the raw 32 bytes in hex. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export type SignatureCheck = 'ok' | 'missing' | 'bad signature' | 'stale';

/** Discord signs timestamp + body; the timestamp is Unix seconds. */
export function checkSignature(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  now = Date.now(),
): SignatureCheck {
  if (!signature || !timestamp) return 'missing';
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return 'bad signature';
  const valid = verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  if (!valid) return 'bad signature';
  if (Math.abs(now / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) return 'stale';
  return 'ok';
}

export interface HttpReply {
  status: number;
  contentType?: string;
  body: Buffer | string;
}

const json = (status: number, value: unknown): HttpReply => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
});

const CALLBACK = /\/interactions\/(\d+)\/[^/]+\/callback(?:\?|$)/;

/**
 * Holds each HTTP request until discord.js makes the interaction's first response, and hands that response
 * back as the HTTP reply. Create it before the Client, whose REST options take `restOptions`.
 */
export class InteractionResponder {
  private readonly waiting = new Map<string, (reply: HttpReply) => void>();
  private client: Client | undefined;
  private readonly key: KeyObject;

  constructor(
    publicKeyHex: string,
    private readonly logger: Logger,
  ) {
    this.key = publicKeyFromHex(publicKeyHex);
  }

  /** REST options for the Client: the first callback of a waiting interaction is answered here. */
  get restOptions(): Partial<RESTOptions> {
    const forward = DefaultRestOptions.makeRequest;
    return {
      makeRequest: async (url, init) => {
        const m = CALLBACK.exec(url);
        const answer = m ? this.waiting.get(m[1]) : undefined;
        if (!answer) return forward(url, init);
        this.waiting.delete(m![1]);
        // Whatever discord.js built (JSON, or multipart with files) is what Discord reads from our response.
        const request = new Request('http://response.local/', { method: 'POST', body: init.body, headers: init.headers } as RequestInit);
        answer({
          status: 200,
          contentType: request.headers.get('content-type') ?? 'application/json',
          body: Buffer.from(await request.arrayBuffer()),
        });
        return new Response(null, { status: 204 });
      },
    };
  }

  attach(client: Client): void {
    this.client = client;
  }

  /** Serve one POST /interactions: verify it, then answer PING, or route the interaction and wait for its first response. */
  async handle(body: Buffer, headers: Record<string, string | string[] | undefined>): Promise<HttpReply> {
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const check = checkSignature(this.key, header('x-signature-ed25519'), header('x-signature-timestamp'), body);
    if (check !== 'ok') {
      this.logger.warn({ reason: check }, 'refused an interaction request: signature');
      return json(401, { error: check === 'stale' ? 'stale timestamp' : 'invalid request signature' });
    }
    let data: { id?: unknown; type?: unknown };
    try {
      data = JSON.parse(body.toString('utf8')) as { id?: unknown; type?: unknown };
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    if (data.type === PING) return json(200, { type: PONG });
    if (typeof data.id !== 'string' || typeof data.type !== 'number') return json(400, { error: 'not an interaction' });
    if (!this.client) return json(503, { error: 'starting' });
    const id = data.id;
    const reply = new Promise<HttpReply>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.logger.error({ interactionId: id, type: data.type }, `no response within ${RESPONSE_DEADLINE_MS} ms`);
        resolve(json(500, { error: 'no response in time' }));
      }, RESPONSE_DEADLINE_MS);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    // discord.js builds the interaction (ChatInputCommandInteraction, ButtonInteraction…) and emits
    // InteractionCreate, exactly as for one from the gateway.
    (this.client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }).actions.InteractionCreate.handle(data);
    return reply;
  }
}
