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
import { BEFORE_ACK_MS, withinMs } from '../store/state-store.js';

/** Discord's ping, and our pong. */
const PING = 1;
const PONG = 1;
/** Signed requests older (or further in the future) than this are refused, so a captured one cannot be replayed later. */
export const MAX_SIGNATURE_AGE_SECONDS = 300;
/**
 * Discord fails an interaction not answered within 3 s; giving up a little before says why in our log (a timer
 * cannot interrupt work in progress, so it may fire late under load).
 */
export const RESPONSE_DEADLINE_MS = 2_500;
/** How long an interaction id is remembered here, so a replayed request (the signature holds for 5 minutes) is refused. */
const SEEN_FOR_MS = 10 * 60_000;

/**
 * Claims an interaction id for this process: true for the first claimant of all the replicas sharing the
 * database, false for every other one. Rejects when the database is unavailable.
 */
export type ClaimInteraction = (id: string) => Promise<boolean>;
/**
 * An edit of "thinking…" sent right after the HTTP response can reach Discord's API before Discord has read that
 * response through the load balancer; a 404 then is retried a few times, this far apart.
 */
const EARLY_EDIT_RETRY_MS = [100, 250, 500, 1000];
/** For this long after an acknowledgement, its token's 404s are taken as "too early", not "gone". */
const EARLY_EDIT_WINDOW_MS = 5_000;
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
  /** Called by the server once the response is written out. */
  sent?: () => void;
}

const json = (status: number, value: unknown): HttpReply => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
});

const CALLBACK = /\/interactions\/(\d+)\/([^/]+)\/callback(?:\?|$)/;
const WEBHOOK = /\/webhooks\/\d+\/([^/?]+)/;

interface Waiting {
  settle: (reply: HttpReply) => void;
}

/**
 * Holds each HTTP request until discord.js makes the interaction's first response, and hands that response
 * back as the HTTP reply. Create it before the Client, whose REST options take `restOptions`.
 */
export class InteractionResponder {
  private readonly waiting = new Map<string, Waiting>();
  /** Interaction ids served lately (id → when), oldest first. */
  private readonly seen = new Map<string, number>();
  /** Interaction tokens acknowledged lately (token → when). */
  private readonly acknowledged = new Map<string, number>();
  private client: Client | undefined;
  private claim: ClaimInteraction | undefined;
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
        const waiting = m ? this.waiting.get(m[1]) : undefined;
        if (!waiting) return this.forwardEarlyEdit(forward, url, init);
        this.waiting.delete(m![1]);
        // Whatever discord.js built (JSON, or multipart with files) is what Discord reads from our response.
        let request: Request;
        let body: Buffer;
        try {
          request = new Request('http://response.local/', { method: 'POST', body: init.body, headers: init.headers } as RequestInit);
          body = Buffer.from(await request.arrayBuffer());
        } catch (err) {
          waiting.settle(json(500, { error: 'internal error' }));
          throw err;
        }
        // discord.js goes on to edit "thinking…" once this returns: not before the response is on its way.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1000);
          waiting.settle({
            status: 200,
            contentType: request.headers.get('content-type') ?? 'application/json',
            body,
            sent: () => {
              clearTimeout(timer);
              resolve();
            },
          });
        });
        this.acknowledged.set(m![2], Date.now());
        return new Response(null, { status: 204 });
      },
    };
  }

  /** A REST call after the acknowledgement; an early edit's 404 is tried again (see EARLY_EDIT_RETRY_MS). */
  private async forwardEarlyEdit(
    forward: NonNullable<RESTOptions['makeRequest']>,
    url: string,
    init: Parameters<NonNullable<RESTOptions['makeRequest']>>[1],
  ): ReturnType<NonNullable<RESTOptions['makeRequest']>> {
    const token = WEBHOOK.exec(url)?.[1];
    const since = token ? this.acknowledged.get(token) : undefined;
    let res = await forward(url, init);
    for (const wait of EARLY_EDIT_RETRY_MS) {
      if (res.status !== 404 || since === undefined || Date.now() - since > EARLY_EDIT_WINDOW_MS) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      res = await forward(url, init);
    }
    return res;
  }

  private forgetOld(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at < SEEN_FOR_MS) break;
      this.seen.delete(id);
    }
    for (const [token, at] of this.acknowledged) {
      if (now - at < EARLY_EDIT_WINDOW_MS) break;
      this.acknowledged.delete(token);
    }
  }

  /** Serve interactions through `client`; `claim` makes a replica's interaction id count once across all of them. */
  attach(client: Client, claim?: ClaimInteraction): void {
    this.client = client;
    this.claim = claim;
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
    const now = Date.now();
    // Discord's clock runs from the request, not from when this replica is done claiming it.
    const arrived = now;
    this.forgetOld(now);
    // A signed request stays valid for MAX_SIGNATURE_AGE_SECONDS: one sent twice is answered once.
    if (this.seen.has(id)) {
      this.logger.warn({ interactionId: id }, 'refused a repeated interaction');
      return json(409, { error: 'interaction already received' });
    }
    this.seen.set(id, now);
    // The same interaction delivered to two replicas (a load balancer's retry): the one that claims it first
    // answers, the other stays silent. Without the database, this replica's own memory is all there is.
    const mine = this.claim
      ? await withinMs(this.claim(id), BEFORE_ACK_MS).catch((err: unknown) => {
          this.logger.warn({ err, interactionId: id }, 'interaction claimed by this replica alone: the database is unavailable');
          return true;
        })
      : true;
    if (!mine) {
      this.logger.info({ interactionId: id }, 'another replica is answering this interaction');
      return json(409, { error: 'interaction already received' });
    }
    const reply = new Promise<HttpReply>((resolve) => {
      // Settled once: by the first response, by the deadline, or by a failure, whichever comes first.
      let settled = false;
      const entry: Waiting = {
        settle: (r) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (this.waiting.get(id) === entry) this.waiting.delete(id);
          resolve(r);
        },
      };
      const timer = setTimeout(
        () => {
          if (settled) return;
          this.logger.error({ interactionId: id, type: data.type }, `no response within ${RESPONSE_DEADLINE_MS} ms`);
          entry.settle(json(500, { error: 'no response in time' }));
        },
        Math.max(0, RESPONSE_DEADLINE_MS - (Date.now() - arrived)),
      );
      this.waiting.set(id, entry);
    });
    try {
      // discord.js builds the interaction (ChatInputCommandInteraction, ButtonInteraction…) and emits
      // InteractionCreate, exactly as for one from the gateway.
      (this.client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }).actions.InteractionCreate.handle(data);
    } catch (err) {
      this.waiting.get(id)?.settle(json(500, { error: 'internal error' }));
      this.logger.error({ err, interactionId: id }, 'could not read the interaction');
    }
    return reply;
  }
}
