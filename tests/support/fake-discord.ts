/**
 * A small fake Discord for end-to-end tests: the REST API paths discord.js v14 uses and a JSON gateway, on
 * 127.0.0.1 with a random port. It records every REST request so tests can assert on what the bot sent.
 * With `endpoint` set it delivers interactions as Discord does to an HTTP interactions endpoint instead:
 * POSTed and signed with its own Ed25519 key (`publicKeyHex`), the HTTP response taken as the first callback.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * How long a wait gives the bot by default. A normal run answers in well under a second on a quiet machine and
 * a few seconds on a loaded one (2 cores, other test files and benches running); waits are for the bot to do
 * its work at all, not a latency check, so they allow far more than that. Tests that wait this long need a
 * test timeout above it (see E2E_TEST_TIMEOUT_MS).
 */
export const DEFAULT_WAIT_MS = 60_000;
/** A test timeout that leaves room for a couple of waits of DEFAULT_WAIT_MS, so the wait's message is what fails. */
export const E2E_TEST_TIMEOUT_MS = 180_000;

/** The ephemeral bit of a message's flags (MessageFlags.Ephemeral); other bits may be set alongside it. */
export const EPHEMERAL = 64;

/** Whether `flags` has the ephemeral bit set, whatever other flags come with it. */
export function isEphemeral(flags: number | undefined | null): boolean {
  return ((flags ?? 0) & EPHEMERAL) !== 0;
}

/** Allowed mentions that let nothing in the message ping. */
export const NO_PINGS = { parse: [], users: [], roles: [] } as const;

/**
 * The allowed mentions of an outbound message body, with absent lists as empty (what Discord does when
 * `allowed_mentions` is present), or undefined when the message sets none, in which case Discord pings every
 * mention in its content. Compare with NO_PINGS. `replied_user` is left out: interaction responses are not
 * message replies.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function allowedMentionsOf(body: any): { parse: string[]; users: string[]; roles: string[] } | undefined {
  const am = body?.allowed_mentions;
  if (am === undefined || am === null) return undefined;
  return { parse: am.parse ?? [], users: am.users ?? [], roles: am.roles ?? [] };
}

/** The message part of an outbound request: a callback's `data`, or a webhook's body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function messageBody(r: RecordedRequest): any {
  return r.path.endsWith('/callback') ? r.body?.data : r.body;
}

/** Whether the request sends or edits a message members see (reply or update callback, webhook edit or follow-up). */
export function carriesMessage(r: RecordedRequest): boolean {
  return (
    (r.path.endsWith('/callback') && (r.body?.type === 4 || r.body?.type === 7)) ||
    (r.path.startsWith('/webhooks/') && (r.method === 'PATCH' || r.method === 'POST'))
  );
}

export interface AnswerQuote {
  /** The quote as sent (escaped), without the leading "> ", the citation marks and the bold around the answer phrase. */
  text: string;
  /** The answer phrase bolded in it, if any (escaped, as sent). */
  bold?: string;
  /** Its citation numbers, e.g. [1, 2] for "[1][2]". */
  refs: number[];
  /** The "-# …" note line under it (resolved dates, "earlier report, …"), without the "-# ". */
  note: string;
}

/**
 * The short answer an /ask embed states: its bold line ("**Mon 12 May 2025** (“Monday”) [1]") and the confidence
 * shown under it ("-# Confidence: 72%"); undefined when it states none (a guess below the threshold is not shown).
 */
export function statedAnswer(embed: { description?: string }): { line: string; confidence: number } | undefined {
  const m = /^(\*\*.+)\n-# Confidence: (\d+)%$/m.exec(answerLead(embed).join('\n\n'));
  return m ? { line: m[1], confidence: Number(m[2]) / 100 } : undefined;
}

/**
 * The lines before the quotes of an /ask answer embed: the short answer ("**12 May 2025** … [1]") and the
 * notice, each a block of its own.
 */
export function answerLead(embed: { description?: string }): string[] {
  const blocks = (embed.description ?? '').split('\n\n');
  const lead: string[] = [];
  for (const block of blocks) {
    if (block.startsWith('> ')) break;
    lead.push(block);
  }
  return lead;
}

/**
 * The quotes of an /ask answer embed, in the order members read them. src/discord/render.ts lays each one out
 * as "> {quote} [1][2]", optionally followed by a "-# {note}" line, blocks separated by blank lines, after the
 * lead blocks (`answerLead`). Throws when the description does not have that shape, so a layout change fails
 * loudly instead of matching nothing.
 */
export function answerQuotes(embed: { description?: string }): AnswerQuote[] {
  const description = embed.description ?? '';
  const quotes: AnswerQuote[] = [];
  for (const block of description.split('\n\n').slice(answerLead(embed).length)) {
    const [line, ...rest] = block.split('\n');
    const m = /^> (.+?) ((?:\[\d+\])+)$/s.exec(line);
    if (!m) throw new Error(`not an answer quote block: ${JSON.stringify(block)}`);
    const note = rest.find((l) => l.startsWith('-# '));
    // The only unescaped "**" in a quote are the two around its answer phrase; the article's own are escaped.
    const bold = /(?<!\\)\*\*(.+?)(?<!\\)\*\*/s.exec(m[1]);
    const text = bold ? m[1].slice(0, bold.index) + bold[1] + m[1].slice(bold.index + bold[0].length) : m[1];
    quotes.push({
      text,
      ...(bold ? { bold: bold[1] } : {}),
      refs: [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1])),
      note: note ? note.slice(3) : '',
    });
  }
  return quotes;
}

/** The numbered source lines of an answer's "Sources" field ("**[1]** …"), by number. */
export function answerSources(embed: { fields?: { name: string; value: string }[] }): Map<number, string> {
  const field = embed.fields?.find((f) => f.name === 'Sources');
  const sources = new Map<number, string>();
  for (const line of field?.value.split('\n') ?? []) {
    const m = /^\*\*\[(\d+)\]\*\* (.*)$/.exec(line);
    if (m) sources.set(Number(m[1]), m[2]);
  }
  return sources;
}

export interface RecordedRequest {
  method: string;
  /** Decoded path below /api/v10, e.g. "/interactions/123/tok/callback". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  at: number;
}

export interface InteractionHandle {
  id: string;
  token: string;
  /** Callback and webhook requests for this interaction, in order. */
  requests(): RecordedRequest[];
  waitForCallback(timeoutMs?: number): Promise<RecordedRequest>;
  /** The first request that carries the bot's visible answer: an edit of @original, a follow-up, or a reply/update callback. */
  waitForMessage(timeoutMs?: number): Promise<RecordedRequest>;
  /** The message as it stands after every edit. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  lastMessage(): any;
}

export interface SendOptions {
  userId?: string;
  /** Permission bitfield of the member (default: administrator-free moderator, Manage Server). */
  permissions?: bigint;
  shard?: number;
  /** When the member sent it: the interaction's snowflake id carries this time (default: now). */
  sentAt?: Date;
  /** HTTP mode: the interactions endpoint to POST this one to (default: the fake's `endpoint`). */
  endpoint?: string;
  /** HTTP mode: deliver the same interaction to these endpoints too, at the same time (a load balancer's retry). */
  alsoTo?: string[];
  /** The subcommand the options belong to (/article add …). */
  subcommand?: string;
  /** The server the member is in (default: the fake's one server). */
  guildId?: string;
}

/** A channel given as a command option. */
export interface FakeChannel {
  channelId: string;
}

/** An upload attached to a command option, as Discord describes it. */
export interface FakeAttachment {
  filename: string;
  size: number;
  /** Where the bot downloads it from (Discord's CDN; a local server in the tests). */
  url: string;
  contentType?: string;
}

/**
 * The environment of a bot talking to `fake`, with its files in `dir` (a corpus/ there, its database and
 * snapshot beside it) and no cooldowns: the tests' one place for it.
 */
export function botEnv(fake: FakeDiscord, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    CORPUS_DIR: path.join(dir, 'corpus'),
    FEEDBACK_LOG: path.join(dir, 'feedback.jsonl'),
    DATABASE_FILE: path.join(dir, 'newsdesk.sqlite'),
    INDEX_SNAPSHOT: path.join(dir, 'index.snapshot'),
    ASK_COOLDOWN_SECONDS: '0',
    TIMELINE_COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** The HTTP response of an interactions endpoint to a signed POST. */
export interface EndpointResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

interface Session {
  ws: WebSocket;
  shard: [number, number];
  sessionId: string;
  seq: number;
  ready: boolean;
}

let counter = 0n;
/** Snowflake-shaped ids: Discord's epoch milliseconds of `at` in the top bits, then a counter. */
function snowflake(at = Date.now()): string {
  counter += 1n;
  return String((BigInt(at - 1420070400000) << 22n) + counter);
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly applicationId = snowflake();
  readonly botUserId = this.applicationId;
  /** The one server the bot is in (set at start to replay state an earlier run saved for its server). */
  guildId = snowflake();
  readonly channelId = snowflake();
  readonly token: string;
  /** HTTP interactions: where to POST interactions (unset: send them over the gateway). */
  endpoint: string | undefined;
  /** The application's Ed25519 key pair; the bot verifies with the public half (DISCORD_PUBLIC_KEY). */
  private readonly keys = generateKeyPairSync('ed25519');
  readonly publicKeyHex = this.keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  /** HTTP responses of the endpoint, by interaction id. */
  readonly endpointResponses = new Map<string, EndpointResponse>();
  /** Every HTTP response to each interaction, in the order they came (several when delivered with `alsoTo`). */
  private readonly deliveries = new Map<string, EndpointResponse[]>();
  /** Tokens of HTTP interactions whose response has not been read yet: as on Discord, their webhooks are unknown. */
  private readonly unacknowledged = new Set<string>();
  /** Webhook requests refused with 404 because they came before the HTTP response was read. */
  earlyWebhookRequests = 0;
  /** Channels the bot may not post in, and what Discord answers (403: no access, 404: deleted). */
  readonly refusedChannels = new Map<string, 403 | 404>();
  /** HTTP mode: how long the fake takes to read an acknowledgement, as Discord may behind a load balancer. */
  acknowledgementDelayMs = 0;
  apiBase = '';
  private gatewayUrl = '';
  private readonly sessions: Session[] = [];
  private readonly waiters: (() => void)[] = [];
  /** Messages by interaction token: the original response, as edited. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly messages = new Map<string, any>();
  private readonly http: Server;
  private readonly wss: WebSocketServer;

  private constructor(
    private readonly shardCount: number,
    private readonly maxConcurrency: number,
  ) {
    this.token = `${Buffer.from(this.botUserId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
    this.http = createServer((req, res) => {
      this.onHttp(req, res).catch((err) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    this.wss = new WebSocketServer({ server: this.http, path: '/gateway' });
    this.wss.on('connection', (ws) => this.onSocket(ws));
  }

  /** `shards`: the count GET /gateway/bot recommends; `maxConcurrency`: identifies allowed per 5 s. */
  static async start(options: { shards?: number; maxConcurrency?: number; guildId?: string } = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options.shards ?? 1, options.maxConcurrency ?? 1);
    if (options.guildId) fake.guildId = options.guildId;
    await new Promise<void>((resolve) => fake.http.listen(0, '127.0.0.1', resolve));
    const { port } = fake.http.address() as AddressInfo;
    fake.apiBase = `http://127.0.0.1:${port}/api`;
    fake.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    return fake;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Resolves when `shards` sessions (default: all) have identified and been sent READY and GUILD_CREATE. */
  async waitForReady(options: { shards?: number; timeoutMs?: number } = {}): Promise<void> {
    const want = options.shards ?? this.shardCount;
    // Distinct shards: a shard that identified twice (a crash and a restart) must not count for another.
    const ready = () => new Set(this.sessions.filter((s) => s.ready).map((s) => s.shard[0])).size;
    await this.until(() => ready() >= want, options.timeoutMs ?? DEFAULT_WAIT_MS, `${want} shard(s) to connect`);
  }

  // ---- gateway ----

  private send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    session.ws.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
  }

  private onSocket(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- gateway payloads are checked by each handler
      const msg = JSON.parse(String(raw)) as { op: number; d: any };
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (msg.op === 2) this.onIdentify(ws, msg.d);
      else if (msg.op === 6) this.onResume(ws, msg.d);
    });
  }

  private held: Promise<void> | undefined;

  /** Hold back READY from now on, until the returned function is called: the bot stays "starting". */
  holdReady(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  private onIdentify(ws: WebSocket, d: { token: string; shard?: [number, number] }): void {
    if (this.held) {
      void this.held.then(() => this.onIdentify(ws, d));
      return;
    }
    if (d.token !== this.token) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    const session: Session = { ws, shard: d.shard ?? [0, 1], sessionId: randomBytes(16).toString('hex'), seq: 0, ready: false };
    this.sessions.push(session);
    const guilds = session.shard[0] === 0 ? [{ id: this.guildId, unavailable: true }] : [];
    this.send(session, 'READY', {
      v: 10,
      user: this.botUser(),
      guilds,
      session_id: session.sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: session.shard,
      application: { id: this.applicationId, flags: 0 },
    });
    if (guilds.length) this.send(session, 'GUILD_CREATE', this.guild());
    session.ready = true;
    this.notify();
  }

  private onResume(ws: WebSocket, d: { token: string; session_id: string; seq: number }): void {
    const session = this.sessions.find((s) => s.sessionId === d.session_id);
    if (!session || d.token !== this.token) {
      ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return;
    }
    session.ws = ws;
    session.ready = true;
    this.send(session, 'RESUMED', {});
    this.resumed += 1;
    this.notify();
  }

  private resumed = 0;

  /** Send op 7 RECONNECT; resolves once the client has resumed the session. */
  async reconnect(shard = 0, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const session = this.session(shard);
    const before = this.resumed;
    session.ready = false;
    session.ws.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
    await this.until(() => this.resumed > before, timeoutMs, 'the client to RESUME');
  }

  private session(shard: number): Session {
    const s = [...this.sessions].reverse().find((x) => x.shard[0] === shard && x.ready);
    if (!s) throw new Error(`fake discord: no ready session on shard ${shard}`);
    return s;
  }

  private botUser() {
    return { id: this.botUserId, username: 'newsdesk', discriminator: '0', global_name: null, avatar: null, bot: true };
  }

  private guild() {
    const everyone = {
      id: this.guildId,
      name: '@everyone',
      permissions: '0',
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    };
    return {
      id: this.guildId,
      name: 'Test Newsroom',
      icon: null,
      owner_id: snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [everyone],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      presences: [],
      threads: [],
      stage_instances: [],
      guild_scheduled_events: [],
      channels: [
        {
          id: this.channelId,
          type: 0,
          name: 'news',
          guild_id: this.guildId,
          position: 0,
          permission_overwrites: [],
          parent_id: null,
          topic: null,
          nsfw: false,
          rate_limit_per_user: 0,
          last_message_id: null,
        },
      ],
    };
  }

  // ---- interactions ----

  private member(opts: SendOptions) {
    const id = opts.userId ?? '300000000000000001';
    return {
      user: { id, username: `member${id.slice(-3)}`, discriminator: '0', global_name: null, avatar: null },
      roles: [],
      permissions: String(opts.permissions ?? 0x20n),
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    };
  }

  private dispatchInteraction(type: number, data: unknown, opts: SendOptions, message?: unknown): InteractionHandle {
    const id = snowflake(opts.sentAt?.getTime());
    const token = `tok_${randomBytes(24).toString('base64url')}`;
    const guild = opts.guildId ?? this.guildId;
    const payload = {
      id,
      token,
      type,
      application_id: this.applicationId,
      version: 1,
      data,
      channel: { id: this.channelId, type: 0, guild_id: guild, name: 'news' },
      channel_id: this.channelId,
      guild_id: guild,
      guild: { id: guild, locale: 'en-US', features: [] },
      member: this.member(opts),
      app_permissions: '2248473465835073',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: guild },
      context: 0,
      attachment_size_limit: 8_388_608,
      ...(message ? { message } : {}),
    };
    const endpoint = opts.endpoint ?? this.endpoint;
    if (endpoint) {
      this.unacknowledged.add(token);
      for (const target of [endpoint, ...(opts.alsoTo ?? [])])
        void this.postSigned(target, payload).then(
          async (response) => {
            if (this.acknowledgementDelayMs) await new Promise((r) => setTimeout(r, this.acknowledgementDelayMs));
            this.deliveries.set(id, [...(this.deliveries.get(id) ?? []), response]);
            if (target === endpoint || response.status === 200) this.endpointResponses.set(id, response);
            if (response.status === 200) this.recordCallback(id, token, response.body, new URLSearchParams());
            else this.notify();
          },
          (err: Error) => {
            this.deliveries.set(id, [...(this.deliveries.get(id) ?? []), { status: 0, body: err.message }]);
            if (target === endpoint) this.endpointResponses.set(id, { status: 0, body: err.message });
            this.notify();
          },
        );
    } else this.send(this.session(opts.shard ?? 0), 'INTERACTION_CREATE', payload);
    return this.handle(id, token);
  }

  /**
   * POST `payload` to an interactions endpoint as Discord does: signed over timestamp + body. `timestamp` (Unix
   * seconds) and `key` let a test send a stale or wrongly signed request.
   */
  async postSigned(endpoint: string, payload: unknown, options: { timestamp?: number; key?: KeyObject } = {}): Promise<EndpointResponse> {
    const body = JSON.stringify(payload);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), options.key ?? this.keys.privateKey).toString('hex');
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
      body,
    });
    // A response with files (a timeline's picture) is multipart, as Discord reads it: its JSON and its files.
    const type = res.headers.get('content-type') ?? '';
    if (type.startsWith('multipart/form-data'))
      return { status: res.status, body: await parseMultipart(type, Buffer.from(await res.arrayBuffer())) };
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: parsed };
  }

  /** Every endpoint's HTTP response to interaction `id` (HTTP mode; several with `alsoTo`), once `count` have come. */
  async waitForDeliveries(id: string, count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<EndpointResponse[]> {
    await this.until(() => (this.deliveries.get(id)?.length ?? 0) >= count, timeoutMs, `${count} endpoint responses to ${id}`);
    return this.deliveries.get(id)!;
  }

  /** Wait for the endpoint's HTTP response to interaction `id` (HTTP mode). */
  async waitForEndpointResponse(id: string, timeoutMs = DEFAULT_WAIT_MS): Promise<EndpointResponse> {
    await this.until(() => this.endpointResponses.has(id), timeoutMs, `the endpoint's response to ${id}`);
    return this.endpointResponses.get(id)!;
  }

  async sendCommand(
    name: string,
    options: Record<string, string | number | boolean | FakeAttachment | FakeChannel> = {},
    opts: SendOptions = {},
  ): Promise<InteractionHandle> {
    const typeOf = (v: unknown) =>
      typeof v === 'object' ? 11 : typeof v === 'number' ? (Number.isInteger(v) ? 4 : 10) : typeof v === 'boolean' ? 5 : 3;
    const attachments: Record<string, unknown> = {};
    const channels: Record<string, unknown> = {};
    const given = Object.entries(options).map(([n, value]) => {
      if (typeof value !== 'object') return { name: n, type: typeOf(value), value };
      if ('channelId' in value) {
        channels[value.channelId] = { id: value.channelId, type: 0, name: 'news', permissions: '2248473465835073' };
        return { name: n, type: 7, value: value.channelId };
      }
      // An upload: the option holds its id, and `resolved` what Discord says of it (its CDN address, its size).
      const id = snowflake();
      attachments[id] = {
        id,
        filename: value.filename,
        size: value.size,
        url: value.url,
        proxy_url: value.url,
        ...(value.contentType ? { content_type: value.contentType } : {}),
      };
      return { name: n, type: 11, value: id };
    });
    const data = {
      id: snowflake(),
      name,
      type: 1,
      guild_id: opts.guildId ?? this.guildId,
      options: opts.subcommand ? [{ name: opts.subcommand, type: 1, options: given }] : given,
      ...(Object.keys(attachments).length || Object.keys(channels).length
        ? {
            resolved: {
              ...(Object.keys(attachments).length ? { attachments } : {}),
              ...(Object.keys(channels).length ? { channels } : {}),
            },
          }
        : {}),
    };
    return this.dispatchInteraction(2, data, opts);
  }

  async sendAutocomplete(
    name: string,
    focused: string,
    options: Record<string, string>,
    opts: SendOptions = {},
  ): Promise<InteractionHandle> {
    const data = {
      id: snowflake(),
      name,
      type: 1,
      guild_id: opts.guildId ?? this.guildId,
      options: ((given) => (opts.subcommand ? [{ name: opts.subcommand, type: 1, options: given }] : given))(
        Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value, ...(n === focused ? { focused: true } : {}) })),
      ),
    };
    return this.dispatchInteraction(4, data, opts);
  }

  /** Click a button of `message` (a message object as the bot posted it, e.g. from `lastMessage()`). */
  async sendButton(customId: string, message: unknown, opts: SendOptions = {}): Promise<InteractionHandle> {
    return this.dispatchInteraction(3, { custom_id: customId, component_type: 2 }, opts, message);
  }

  /** Submit the form `customId` (opened by a button of `message`) with its text fields' values. */
  async sendModal(customId: string, values: Record<string, string>, message: unknown, opts: SendOptions = {}): Promise<InteractionHandle> {
    const components = Object.entries(values).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] }));
    return this.dispatchInteraction(5, { custom_id: customId, components }, opts, message);
  }

  private handle(id: string, token: string): InteractionHandle {
    const mine = () => this.requests.filter((r) => r.path.includes(`/${token}`));
    return {
      id,
      token,
      requests: mine,
      waitForCallback: (timeoutMs = DEFAULT_WAIT_MS) =>
        this.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`, timeoutMs),
      waitForMessage: (timeoutMs = DEFAULT_WAIT_MS) =>
        this.waitForRequest((r) => r.path.includes(`/${token}`) && carriesMessage(r), timeoutMs),
      lastMessage: () => this.messages.get(token),
    };
  }

  /** A message the bot posted in a channel (a recorded POST's body), as Discord returns it: for pressing its buttons. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  messageOf(posted: RecordedRequest): any {
    return this.messageFrom(posted.body);
  }

  /** Every request that sent or edited a message members see, in order (all interactions). */
  messageRequests(): RecordedRequest[] {
    return this.requests.filter(carriesMessage);
  }

  /**
   * The first recorded request matching `pred`, or the first one to arrive. Requests are kept for the life of
   * the fake, so a request that came before the call is found too: no wait can miss its event.
   */
  async waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedRequest> {
    let found: RecordedRequest | undefined;
    // Requests are only appended: each check reads the ones that came since the last (hundreds of waiters at once
    // in the load benchmark would otherwise rescan every request on every event).
    let checked = 0;
    const scan = () => {
      for (; checked < this.requests.length && !found; checked++) if (pred(this.requests[checked])) found = this.requests[checked];
      return found !== undefined;
    };
    await this.until(scan, timeoutMs, 'a matching request');
    return found!;
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Re-checks `cond` after every recorded request and gateway event (no polling interval to fall between). */
  private until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        reject(new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (done) return; // timed out: stop re-registering
        if (cond()) {
          done = true;
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  // ---- REST ----

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
    const body = await parseBody(req, raw, url);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      at: Date.now(),
    };
    this.requests.push(record);
    const json = (status: number, data?: unknown) => {
      res.writeHead(status, data === undefined ? {} : { 'content-type': 'application/json' });
      res.end(data === undefined ? undefined : JSON.stringify(data));
      this.notify();
    };

    if (req.method === 'GET' && path === '/gateway/bot') {
      if (req.headers.authorization !== `Bot ${this.token}`) return json(401, { message: '401: Unauthorized', code: 0 });
      return json(200, {
        url: this.gatewayUrl,
        shards: this.shardCount,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.maxConcurrency },
      });
    }
    let m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (m && req.method === 'POST') {
      const [, id, token] = m;
      this.applyCallback(id, token, body);
      if (url.searchParams.get('with_response') === 'true') {
        return json(200, { interaction: { id, type: 2 }, resource: { type: body?.type, message: this.messages.get(token) } });
      }
      return json(204);
    }
    m = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (m && req.method === 'POST') {
      if (req.headers.authorization !== `Bot ${this.token}`) return json(401, { message: '401: Unauthorized', code: 0 });
      const refused = this.refusedChannels.get(m[1]);
      if (refused === 403) return json(403, { message: 'Missing Access', code: 50001 });
      if (refused === 404) return json(404, { message: 'Unknown Channel', code: 10003 });
      return json(200, this.messageFrom({ ...body, channel_id: m[1] }));
    }
    m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (m) {
      const [, , token, which] = m;
      if (this.unacknowledged.has(token)) {
        // Not taken, so not recorded: what tests read is what Discord would have shown.
        this.requests.splice(this.requests.indexOf(record), 1);
        this.earlyWebhookRequests += 1;
        return json(404, { message: 'Unknown Webhook', code: 10015 });
      }
      if (req.method === 'PATCH' && which === '@original') {
        const message = this.messageFrom({ ...this.messages.get(token), ...body, flags: (this.messages.get(token)?.flags ?? 0) & ~128 });
        this.messages.set(token, message);
        return json(200, message);
      }
      if (req.method === 'GET' && which === '@original') return json(200, this.messages.get(token) ?? this.messageFrom({}));
      if (req.method === 'DELETE') return json(204);
      if (req.method === 'POST' && !which) return json(200, this.messageFrom(body));
      if (req.method === 'PATCH') return json(200, this.messageFrom(body));
    }
    m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (m && req.method === 'PUT') {
      if (req.headers.authorization !== `Bot ${this.token}`) return json(401, { message: '401: Unauthorized', code: 0 });
      return json(
        200,
        (body as { name: string }[]).map((c) => ({
          ...c,
          id: snowflake(),
          application_id: this.applicationId,
          version: snowflake(),
          ...(m![2] ? { guild_id: m![2] } : {}),
        })),
      );
    }
    return json(404, { message: 'Unknown', code: 0 });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private applyCallback(id: string, token: string, body: any): void {
    if (body?.type === 4 || body?.type === 7) this.messages.set(token, this.messageFrom({ ...this.messages.get(token), ...body.data }, id));
    if (body?.type === 5) {
      // In HTTP mode the edit of "thinking…" can reach the REST API before the fake has read the HTTP response.
      const edited = this.messages.get(token);
      const deferred = this.messageFrom({ content: '', flags: (body.data?.flags ?? 0) | 128 }, id);
      this.messages.set(token, edited ? { ...deferred, ...edited, flags: body.data?.flags ?? 0 } : deferred);
    }
  }

  /** An HTTP interaction's response, recorded as the callback request it stands for. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private recordCallback(id: string, token: string, body: any, query: URLSearchParams): void {
    this.unacknowledged.delete(token);
    this.applyCallback(id, token, body);
    this.requests.push({
      method: 'POST',
      path: `/interactions/${id}/${token}/callback`,
      query: Object.fromEntries(query),
      headers: {},
      body,
      at: Date.now(),
    });
    this.notify();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private messageFrom(data: any, interactionId?: string): any {
    return {
      id: data.id ?? snowflake(),
      type: interactionId ? 20 : 19,
      channel_id: this.channelId,
      author: this.botUser(),
      content: data.content ?? '',
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      attachments: [],
      flags: data.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      application_id: this.applicationId,
      webhook_id: this.applicationId,
      ...(data.allowed_mentions ? { allowed_mentions: data.allowed_mentions } : {}),
    };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function parseBody(req: IncomingMessage, raw: Buffer, url: URL): Promise<any> {
  if (raw.length === 0) return undefined;
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) return parseMultipart(type, raw, url);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

/** A multipart body as Discord reads it: `payload_json`, and each file's field name, file name and size. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function parseMultipart(type: string, raw: Buffer, url: URL = new URL('http://fake.local/')): Promise<any> {
  const form = await new Request(url, { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
  const payload = JSON.parse(String(form.get('payload_json') ?? '{}'));
  const files: { name: string; filename: string; size: number }[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string') files.push({ name, filename: value.name, size: value.size });
  }
  return { ...payload, files };
}
