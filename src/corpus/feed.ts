/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds, read with fast-xml-parser: the feed's title and its items' links, ids,
 * titles and dates, newest first. Only what following a feed needs: each item's link is fetched and read as an
 * article like any other page.
 */
import { XMLParser } from 'fast-xml-parser';
import { NewsdeskError } from '../errors.js';
import { httpUrl } from './fetch-page.js';

export interface FeedItem {
  /** What identifies it across polls: its guid or Atom id, else its link. */
  id: string;
  link: string;
  title?: string;
  /** ISO time, when the feed gives one. */
  date?: string;
}

export interface ParsedFeed {
  title?: string;
  items: FeedItem[];
}

export class FeedError extends NewsdeskError {
  constructor(message: string) {
    super('FEED_INVALID', message);
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Entities stay as written: no expansion, so no entity bomb.
  processEntities: false,
  isArray: (name) => ['item', 'entry', 'link'].includes(name),
});

type Node = Record<string, unknown>;

const textOf = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in (v as Node)) return textOf((v as Node)['#text']);
  return undefined;
};

function isoOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}


/** The feed at `xml` (fetched from `base`); FeedError when it is not RSS or Atom. */
export function parseFeed(xml: string, base: string): ParsedFeed {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new FeedError(`not a feed: the XML cannot be read (${(err as Error).message.split('\n')[0]})`);
  }
  const rss = doc.rss as Node | undefined;
  const rdf = doc['rdf:RDF'] as Node | undefined;
  const atom = doc.feed as Node | undefined;
  const items: FeedItem[] = [];
  let title: string | undefined;
  if (rss || rdf) {
    const channel = ((rss?.channel ?? rdf?.channel) as Node | undefined) ?? {};
    title = textOf(channel.title);
    const raw = ((rss ? channel.item : rdf?.item) as Node[] | undefined) ?? [];
    for (const item of raw) {
      const link = httpUrl(textOf((item.link as unknown[] | undefined)?.[0]) ?? textOf(item['@rdf:about']), base);
      if (!link) continue;
      const date = isoOf(textOf(item.pubDate) ?? textOf(item['dc:date']));
      const itemTitle = textOf(item.title);
      items.push({ id: textOf(item.guid) ?? link, link, ...(itemTitle ? { title: itemTitle } : {}), ...(date ? { date } : {}) });
    }
  } else if (atom) {
    title = textOf(atom.title);
    for (const entry of (atom.entry as Node[] | undefined) ?? []) {
      const links = (entry.link as Node[] | undefined) ?? [];
      const alternate = links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
      const link = httpUrl(textOf(alternate?.['@href']), base);
      if (!link) continue;
      const date = isoOf(textOf(entry.published) ?? textOf(entry.updated));
      const entryTitle = textOf(entry.title);
      items.push({ id: textOf(entry.id) ?? link, link, ...(entryTitle ? { title: entryTitle } : {}), ...(date ? { date } : {}) });
    }
  } else throw new FeedError('not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> element)');
  // Newest first; items without a date keep the feed's order after the dated ones.
  items.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return { ...(title ? { title } : {}), items };
}
