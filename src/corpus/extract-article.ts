/**
 * A news page's HTML → an article: its text by Mozilla's Readability (Firefox's Reader View) over linkedom's DOM,
 * which never runs the page's scripts, and its metadata from what publishers put in the page for search engines
 * and link previews, most specific first: JSON-LD (`NewsArticle`: headline, datePublished, author, publisher),
 * Open Graph and `article:` meta tags, `<time datetime>`, the canonical link.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NewsdeskError } from '../errors.js';
import { httpUrl } from './fetch-page.js';

export interface ExtractedArticle {
  title: string;
  /** The publication's name (JSON-LD publisher, og:site_name), else the site's host name. */
  source: string;
  /** YYYY-MM-DD as the page states it, when it does. */
  date?: string;
  authors: string[];
  /** The canonical address of the article (or the address it was fetched from); none for an uploaded page without one. */
  url?: string;
  /** The address it was fetched from, when the page names another as its own (kept to fetch it again). */
  fetchedFrom?: string;
  /** A summary the page gives (og:description), kept as the standfirst: searchable, never quoted. */
  standfirst?: string;
  paragraphs: string[];
}

/** The page holds no article text the bot can quote. */
export class NoArticleError extends NewsdeskError {
  constructor(message: string) {
    super('NO_ARTICLE', message);
  }
}

/** An article with less text than this is a teaser, a paywall or a page of links. */
const MIN_ARTICLE_CHARS = 200;

type Json = Record<string, unknown>;
/** linkedom's document (the project has no DOM library types: nothing else runs in a browser). */
type Doc = ReturnType<typeof parseHTML>['document'];

/** Every object in the page's JSON-LD blocks, @graph arrays opened. */
function jsonLdObjects(document: Doc): Json[] {
  const out: Json[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      out.push(value as Json);
      if (Array.isArray((value as Json)['@graph'])) visit((value as Json)['@graph']);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // a block that is not JSON: skipped, as search engines do
    }
  }
  return out;
}

/** The JSON-LD object describing the article itself. */
function articleLd(objects: Json[]): Json | undefined {
  const types = (o: Json) => [o['@type']].flat().map(String);
  return objects.find((o) => types(o).some((t) => /(^|News|Reportage|Analysis|Opinion|Blog|Scholarly)(Article|Posting)$/.test(t)));
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.replace(/\s+/g, ' ').trim() : undefined);

/** A JSON-LD `mainEntityOfPage`'s address: a URL string, or an object with its @id (or url). */
function ldEntityId(v: unknown): string | undefined {
  if (typeof v === 'string') return text(v);
  return v && typeof v === 'object' ? (text((v as Json)['@id']) ?? text((v as Json).url)) : undefined;
}

/** Names from a JSON-LD author: a string, a Person, or a list of them. */
function names(v: unknown): string[] {
  return [v]
    .flat()
    .map((a) => (typeof a === 'string' ? a : a && typeof a === 'object' ? (a as Json).name : undefined))
    .map(text)
    .filter((n): n is string => !!n);
}

/** The people a byline or an author tag names: "Marta Quiroga and Tomás Reyes | Altiplano Daily" → both names. */
export function namesIn(byline: string): string[] {
  return (byline.split(/\s[|•·]\s/)[0] ?? '')
    .split(/\s*(?:,|;|&|\band\b)\s*/)
    .map((n) => n.trim())
    .filter((n) => n.length > 1);
}

/** The calendar day a date string states: its own YYYY-MM-DD when it starts with one (no time zone shifting). */
export function dayStated(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  if (iso) return iso[1];
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString().slice(0, 10);
}

function meta(document: Doc, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const el = document.querySelector(`meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`);
    const value = text(el?.getAttribute('content'));
    if (value) return value;
  }
  return undefined;
}


/**
 * The article in a page fetched from `pageUrl` (undefined: an uploaded file); NoArticleError when there is none
 * to quote.
 */
export function extractArticle(html: string, pageUrl?: string): ExtractedArticle {
  const base = pageUrl ?? 'https://uploaded.invalid/';
  const { document } = parseHTML(html);
  const ld = articleLd(jsonLdObjects(document));
  // The article's own address, as the page states it, before the one it was fetched from (a mirror, a
  // redirect, a local copy): citations link to where the article lives. Only http(s): never a javascript: link.
  const canonical =
    httpUrl(document.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? undefined, base) ??
    httpUrl(text(ld?.url), base) ??
    httpUrl(ldEntityId(ld?.mainEntityOfPage), base) ??
    httpUrl(meta(document, 'og:url'), base) ??
    pageUrl;
  const date =
    dayStated(text(ld?.datePublished)) ??
    dayStated(meta(document, 'article:published_time', 'datePublished', 'date', 'pubdate', 'publishdate', 'DC.date.issued', 'dc.date')) ??
    dayStated(document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined);
  const ldAuthors = names(ld?.author);
  const publisher = ld?.publisher && typeof ld.publisher === 'object' ? text((ld.publisher as Json).name) : undefined;
  const headline = text(ld?.headline) ?? meta(document, 'og:title', 'twitter:title');
  const standfirst = text(ld?.description) ?? meta(document, 'og:description', 'description');
  const metaAuthor = meta(document, 'author', 'article:author');

  // Readability rewrites the document it is given: metadata first, then the page's ads and promotions out, then
  // the text.
  removePromotions(document);
  const parsed = new Readability(document as never, { charThreshold: MIN_ARTICLE_CHARS }).parse();
  const byline = parsed?.byline ? text(parsed.byline.replace(/^by\s+/i, '')) : undefined;
  const authors = ldAuthors.length ? ldAuthors : metaAuthor && !/^https?:/.test(metaAuthor) ? namesIn(metaAuthor) : byline ? namesIn(byline) : [];
  const paragraphs = (parsed?.content ? paragraphsOf(parsed.content) : []).filter((p) => !isFurniture(p, authors));
  if (!parsed || paragraphs.join(' ').length < MIN_ARTICLE_CHARS)
    throw new NoArticleError(
      'no article text found on the page (a paywall, a login page, a list of links, or a page that builds its text with scripts); save the article’s text as a .md or .txt file and add that instead',
    );
  // The page's own metadata first; Readability's guess only when it has none.
  const day = date ?? dayStated(parsed.publishedTime ?? undefined);
  const host = canonical ? new URL(canonical).hostname.replace(/^www\./, '') : 'an uploaded page';
  return {
    ...(pageUrl && canonical !== pageUrl ? { fetchedFrom: pageUrl } : {}),
    title: headline ?? text(parsed.title) ?? host,
    source: publisher ?? meta(document, 'og:site_name', 'application-name') ?? text(parsed.siteName) ?? host,
    ...(day ? { date: day } : {}),
    authors,
    ...(canonical ? { url: canonical } : {}),
    ...(standfirst ? { standfirst } : {}),
    paragraphs,
  };
}

// Words that name an ad or a promotion in a class or id ("ad-slot", "sponsored_content", "related-stories",
// "newsletter-signup"), matched as whole words of the name, so "header", "shadow" or "broadcast" never are.
const PROMOTION_WORDS = new Set(
  'ad ads adv advert adverts advertisement advertisements advertising advertorial adslot adunit dfp sponsor sponsors sponsored sponsorship promo promos promoted promotion promotions promotional newsletter newsletters related recommended recommendations outbrain taboola'.split(
    ' ',
  ),
);
// What an ad or a promotion says of itself, as its first words: alone, or before a colon or a dash ("Sponsored: …").
const PROMOTION_MARKER = /^(?:advertisement|advertising|sponsored(?:\s+content)?|paid\s+(?:content|post|partnership)|promoted(?:\s+content)?|partner\s+content)\s*(?:$|[:|·•—–-])/i;
// A link list's or a call to act's first words: "Read more: …", "Related: …", "Sign up for our newsletter".
const PROMPT =
  /^(?:(?:read\s+(?:more|also|next)|related(?:\s+(?:stories|articles|coverage|content))?|see\s+also|more\s+(?:stories|on\s+this(?:\s+story)?)|recommended(?:\s+for\s+you)?)\s*[:\-–—]|(?:sign\s+up|subscribe)\b.*\b(?:newsletter|inbox|e-?mail)s?\b)/i;
// A byline: "By" and names (joined by "and", commas), perhaps a role or an outlet after a bar or a dash; no sentence.
const BYLINE = /^(?:by|By|BY)\s+\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|and|&|de|da|del|van|von|la|le|bin|al)|,)*(?:\s*[|,—–-]\s*[^.!?]*)?$/u;
/** An ad block longer than this is no ad block: the element is the article, or holds it. */
const MAX_PROMOTION_CHARS = 1_500;

/** What the extraction reads of a page's element (linkedom's elements, typed only as far as used). */
interface PageElement {
  tagName: string;
  isConnected: boolean;
  textContent: string | null;
  attributes?: ArrayLike<{ name: string }>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): unknown;
  remove(): void;
}

/** Whether an element's class, id, role, aria-label or data attributes say it is an ad or a promotion. */
function isPromotionElement(el: PageElement): boolean {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase().split(/[\s_-]+/);
  if (names.some((n) => PROMOTION_WORDS.has(n))) return true;
  const label = `${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('data-component') ?? ''}`;
  if (/\b(?:advertis|sponsor|promot|related|newsletter)/i.test(label)) return true;
  for (const attr of Array.from(el.attributes ?? [])) if (/^data-(?:ad|ads|ad-[\w-]+|google-query-id)$/.test(attr.name)) return true;
  return false;
}

/**
 * Take the page's ads, promotions, "related stories" and newsletter boxes out before Readability reads it: by
 * their class, id, role, aria-label and data attributes, and by what they say of themselves ("Advertisement",
 * "Sponsored: …"). Never an element that holds the article (an <article> or <main>, or more text than an ad has).
 */
function removePromotions(document: Doc): void {
  // Innermost first, so that an ad slot inside a container goes before the container is judged by its first words.
  const elements = Array.from(document.querySelectorAll('body *') as ArrayLike<PageElement>).reverse();
  for (const el of elements) {
    if (!el.isConnected || /^(?:ARTICLE|MAIN|BODY|HTML)$/.test(el.tagName)) continue;
    const content = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (content.length > MAX_PROMOTION_CHARS || el.querySelector('article, main')) continue;
    if (isPromotionElement(el) || el.getAttribute('role') === 'complementary' || (PROMOTION_MARKER.test(content) && content.length < 400))
      el.remove();
  }
}

/**
 * A paragraph that is page furniture, not the article's words: an ad's or a promotion's own line
 * ("ADVERTISEMENT — Refinance your mortgage today"), a link prompt ("Read more: …"), or the byline ("By Marta
 * Quiroga and Tomás Reyes", or the extracted authors' names with little else), which the front matter keeps.
 */
export function isFurniture(paragraph: string, authors: readonly string[]): boolean {
  if (paragraph.length < 400 && PROMOTION_MARKER.test(paragraph)) return true;
  if (paragraph.length < 250 && PROMPT.test(paragraph)) return true;
  if (paragraph.length >= 150) return false;
  if (BYLINE.test(paragraph)) return true;
  if (!authors.length || !authors.every((a) => paragraph.includes(a))) return false;
  let rest = paragraph;
  for (const a of authors) rest = rest.replace(a, ' ');
  // Names, joined by "by", "and", commas or bars, perhaps with a role or a date: under 40 characters of it.
  return rest.replace(/\b(?:by|and|with|reporting|writing)\b|[,|&·•—–-]/gi, ' ').replace(/\s+/g, ' ').trim().length < 40;
}

/** The paragraphs of Readability's article HTML: its <p> (and list items, quotes), each as one line of text. */
function paragraphsOf(content: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${content}</body></html>`);
  const out: string[] = [];
  for (const el of document.querySelectorAll('p, li, blockquote, pre')) {
    // Only the innermost: a <p> inside a <blockquote> is one paragraph, not two.
    if (el.querySelector('p, li, blockquote, pre')) continue;
    const line = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (line.length >= 2) out.push(line);
  }
  return out;
}
