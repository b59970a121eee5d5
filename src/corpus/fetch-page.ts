/**
 * Fetching what a moderator typed: a page to add, or a feed to follow. Since anyone with Manage Server can make
 * the bot fetch a URL, every request is held to rules, each refusal naming the rule: only http(s); never a
 * loopback, private, link-local or metadata address (checked on the addresses the name resolves to, at connect
 * time, so a DNS answer cannot change between the check and the connection, and again on every redirect), unless
 * the operator sets FETCH_ALLOW_PRIVATE (loopback and private networks only: link-local and metadata never); a time limit, a size limit (from Content-Length before reading, and while
 * reading), a limit on redirects, an identifying User-Agent, and only the content types asked for.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { NewsdeskError } from '../errors.js';
import { MAX_FILE_BYTES } from './article.js';

/** The kinds of content a fetch accepts, by Content-Type. */
export const CONTENT_TYPES = {
  html: ['text/html', 'application/xhtml+xml'],
  feed: ['application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/rdf+xml'],
  text: ['text/plain', 'text/markdown'],
} as const;

export type ContentKind = keyof typeof CONTENT_TYPES;

export interface FetchPolicy {
  /** FETCH_ALLOW_PRIVATE: allow loopback and private addresses (tests, an intranet); never link-local. Default false. */
  allowPrivate: boolean;
  /** Give up after this long, headers and body together. Default 15 s. */
  timeoutMs: number;
  /** The most bytes read. Default 5 MB, the size limit of a corpus file. */
  maxBytes: number;
  /** The most redirects followed. Default 5. */
  maxRedirects: number;
  /** Sent with every request. */
  userAgent: string;
  /** What may come back. */
  accept: readonly ContentKind[];
  /** Take any content type (a file whose kind is checked by its name and bytes, as an upload is). */
  anyType?: boolean;
  /** Conditional request headers (a feed's ETag and Last-Modified from its last poll). */
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  allowPrivate: false,
  timeoutMs: 15_000,
  maxBytes: MAX_FILE_BYTES,
  maxRedirects: 5,
  userAgent: 'newsdesk-bot/1 (+https://github.com/; a Discord bot that quotes news articles for its members)',
  accept: ['html', 'feed', 'text'],
};

export interface FetchedPage {
  /** Where the body came from, after redirects. */
  url: string;
  /** 200, or 304 (not modified since the conditional headers: no body). */
  status: number;
  /** The media type, lower case, without parameters. */
  contentType: string;
  kind: ContentKind | undefined;
  body: Buffer;
  etag?: string;
  lastModified?: string;
}

/** Why a fetch was refused: `rule` names the rule, the message says what happened and what to do. */
export class FetchRefused extends NewsdeskError {
  constructor(
    readonly rule: 'scheme' | 'address' | 'size' | 'redirects' | 'timeout' | 'content type' | 'status' | 'network',
    message: string,
  ) {
    super('FETCH_REFUSED', message);
  }
}

/** Addresses no fetch may reach unless the operator allows private ones: loopback, private, link-local, metadata… */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/**
 * Link-local addresses, where clouds serve their instance metadata (credentials among them): refused even with
 * FETCH_ALLOW_PRIVATE, which is for a local test server or an intranet, never for those.
 */
const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');
LINK_LOCAL.addAddress('fd00:ec2::254', 'ipv6');

function check(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 4) return list.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:169.254.169.254) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1], 'ipv4');
  return list.check(address, 'ipv6');
}

/** Whether `address` (an IP literal) is one a fetch may not reach without FETCH_ALLOW_PRIVATE. */
export function isPrivateAddress(address: string): boolean {
  return check(PRIVATE, address) || check(LINK_LOCAL, address);
}

/** Whether `address` is link-local or a cloud metadata address: never fetched. */
export function isMetadataAddress(address: string): boolean {
  return check(LINK_LOCAL, address);
}

/** Whether the policy lets a fetch reach `address`. */
function reachable(address: string, policy: FetchPolicy): boolean {
  return policy.allowPrivate ? !isMetadataAddress(address) : !isPrivateAddress(address);
}

function addressRefused(host: string, address: string): FetchRefused {
  return isMetadataAddress(address)
    ? new FetchRefused(
        'address',
        `${host} is a link-local or cloud metadata address (${address}); the bot never fetches those, whatever FETCH_ALLOW_PRIVATE says`,
      )
    : new FetchRefused(
        'address',
        `${host} is a private, loopback, link-local or metadata address (${address}); the bot does not fetch those (an operator can allow private networks with FETCH_ALLOW_PRIVATE=true)`,
      );
}

/** dns.lookup, refusing when any address the name resolves to is private (checked where the socket connects). */
function guardedLookup(policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const bad = addresses.find((a) => !reachable(a.address, policy));
      if (bad) return callback(addressRefused(hostname, bad.address), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** The absolute http(s) address `value` names, relative to `base`; undefined for any other scheme or no address. */
export function httpUrl(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** The media type of a Content-Type header, lower case. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

function kindOf(type: string): ContentKind | undefined {
  for (const [kind, types] of Object.entries(CONTENT_TYPES) as [ContentKind, readonly string[]][]) if (types.includes(type)) return kind;
  // Feeds are often served as XML under their own names (application/feed+xml…).
  if (/^application\/[\w.+-]*\+xml$/.test(type)) return 'feed';
  return undefined;
}

/** Fetch `url` under `policy`, following redirects; FetchRefused naming the rule when it may not or cannot be had. */
export async function fetchPage(url: string, options: Partial<FetchPolicy> = {}): Promise<FetchedPage> {
  const policy: FetchPolicy = { ...DEFAULT_FETCH_POLICY, ...options };
  const deadline = Date.now() + policy.timeoutMs;
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await requestOnce(current, policy, deadline);
    if (response.redirect === undefined) return response.page;
    if (hop >= policy.maxRedirects)
      throw new FetchRefused('redirects', `${url} redirects more than ${policy.maxRedirects} times; give the article's own address`);
    current = response.redirect;
  }
}

type Hop = { redirect: string; page?: undefined } | { redirect?: undefined; page: FetchedPage };

function requestOnce(url: string, policy: FetchPolicy, deadline: number): Promise<Hop> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new FetchRefused('scheme', `${JSON.stringify(url)} is not a web address; give one starting with https://`));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return Promise.reject(
      new FetchRefused('scheme', `only http and https addresses can be fetched, not ${target.protocol.replace(/:$/, '')}`),
    );
  if (target.username || target.password)
    return Promise.reject(new FetchRefused('scheme', 'an address with a user name or password in it is not fetched'));
  // An IP written in the address is connected to without a lookup: checked here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !reachable(literal, policy)) return Promise.reject(addressRefused(target.hostname, literal));
  const left = deadline - Date.now();
  if (left <= 0) return Promise.reject(new FetchRefused('timeout', `${url} did not answer within ${policy.timeoutMs / 1000} s`));
  const accept = policy.accept.flatMap((k) => CONTENT_TYPES[k]).join(', ');
  const headers: Record<string, string> = { 'user-agent': policy.userAgent, accept, 'accept-encoding': 'identity' };
  if (policy.ifNoneMatch) headers['if-none-match'] = policy.ifNoneMatch;
  if (policy.ifModifiedSince) headers['if-modified-since'] = policy.ifModifiedSince;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<Hop>((resolveHop, rejectHop) => {
    // The whole exchange, body included, within what is left of the time limit.
    const timer = setTimeout(
      () => request.destroy(new FetchRefused('timeout', `${url} did not answer within ${policy.timeoutMs / 1000} s`)),
      left,
    );
    const resolve = (hop: Hop) => {
      clearTimeout(timer);
      resolveHop(hop);
    };
    const reject = (err: Error) => {
      clearTimeout(timer);
      rejectHop(err);
    };
    const request = client.get(target, { headers, lookup: guardedLookup(policy) }, (res) => {
      const status = res.statusCode ?? 0;
      const done = (err: Error) => {
        res.destroy();
        reject(err);
      };
      if (status >= 300 && status < 400 && status !== 304) {
        res.resume();
        const location = res.headers.location;
        if (!location) return done(new FetchRefused('status', `${url} answered ${status} without saying where to`));
        return resolve({ redirect: new URL(location, target).toString() });
      }
      const contentType = mediaType(res.headers['content-type']);
      const page = {
        url: target.toString(),
        status,
        contentType,
        kind: kindOf(contentType),
        ...(typeof res.headers.etag === 'string' ? { etag: res.headers.etag } : {}),
        ...(typeof res.headers['last-modified'] === 'string' ? { lastModified: res.headers['last-modified'] } : {}),
      };
      if (status === 304) {
        res.resume();
        return resolve({ page: { ...page, body: Buffer.alloc(0) } });
      }
      if (status !== 200) return done(new FetchRefused('status', `${url} answered ${status} ${res.statusMessage ?? ''}`.trim()));
      if (!policy.anyType && (!page.kind || !policy.accept.includes(page.kind)))
        return done(
          new FetchRefused(
            'content type',
            `${url} is ${contentType || 'of no stated type'}, not ${policy.accept.map((k) => (k === 'html' ? 'a web page' : k === 'feed' ? 'an RSS or Atom feed' : 'text')).join(' or ')}`,
          ),
        );
      const tooBig = () =>
        new FetchRefused('size', `${url} is larger than ${(policy.maxBytes / 1048576).toFixed(0)} MB, the limit for an article`);
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > policy.maxBytes) return done(tooBig());
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxBytes) return done(tooBig());
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ page: { ...page, body: Buffer.concat(chunks) } }));
      res.on('error', (err) => reject(new FetchRefused('network', `${url} could not be read (${err.message})`)));
    });
    request.on('error', (err: Error & { code?: string }) => {
      if (err instanceof FetchRefused) return reject(err);
      reject(new FetchRefused('network', `${url} could not be reached (${err.code ?? err.message})`));
    });
  });
}
