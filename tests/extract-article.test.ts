/**
 * Article text only (src/corpus/extract-article.ts): pages in the shapes publishers make them, written here, read
 * into paragraphs that are the article's words, all of them and in order: no ad slot, sponsored block, "related
 * stories" box, newsletter prompt or byline.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractArticle, isFurniture, namesIn } from '../src/corpus/extract-article.js';
import { articleMarkdown } from '../src/corpus/article-file.js';
import { main as addMain } from '../src/cli/add.js';
import { runMain } from './support/cli.js';

/** The article's own paragraphs, shared by the pages below: what every shape must yield, in this order. */
const BODY = [
  'Bolivia’s state lithium company signed an agreement on Tuesday with a consortium led by China’s CATL to build two extraction plants on the Uyuni salt flat, the ministry of hydrocarbons said.',
  'The plants will use direct lithium extraction, a method that draws the metal from brine without the evaporation ponds that have held back production for a decade.',
  'The consortium will invest more than $1 billion in the first phase, according to the ministry, and the plants are due to produce 25,000 tonnes of lithium carbonate a year from 2027.',
  'By Monday, opposition lawmakers had asked to see the contract before it goes to the legislature for approval.',
  'Local communities near the salt flat said they had not been consulted about the water the plants would use.',
];
const AUTHORS = ['Marta Quiroga', 'Tomás Reyes'];

/** A WordPress theme: entry-content, a byline paragraph, a sharing bar, related posts and a newsletter box inside. */
function wordpressPage(): string {
  const [a, b, c, d, e] = BODY;
  return `<!doctype html><html><head><title>Bolivia signs lithium deal &#8211; Altiplano Daily</title>
<meta property="og:site_name" content="Altiplano Daily">
<meta name="author" content="Marta Quiroga">
<meta property="article:published_time" content="2025-05-28T09:00:00+00:00">
</head><body class="post-template-default single single-post">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">Altiplano Daily</a></p>
<nav><ul><li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li></ul></nav></header>
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-812" class="post-812 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">Bolivia signs lithium extraction deal with Chinese consortium</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="2025-05-28T09:00:00+00:00">May 28, 2025</time></span></div></header>
<div class="entry-content">
<p>By Marta Quiroga</p>
<p>${a}</p>
<p>${b}</p>
<div class="wp-block-group newsletter-signup"><p>Get the Altiplano Daily morning briefing in your inbox every weekday.</p><form><input type="email"><button>Subscribe</button></form></div>
<p>${c}</p>
<p>${d}</p>
<div class="jp-relatedposts" id="jp-relatedposts"><h3 class="jp-relatedposts-headline">Related</h3>
<p><a href="/p/1">Chile raises royalties on lithium exports as prices fall for a second year</a></p>
<p><a href="/p/2">Argentina’s lithium triangle draws investors from three continents this season</a></p></div>
<p>${e}</p>
<p>Sign up for our newsletter to get the day’s news from the Andes by email.</p>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/economy">Economy</a></span></footer>
</article></main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Most read</h2><ul><li>Story one</li></ul></section></aside>
<footer class="site-footer"><p>© 2025 Altiplano Daily. All rights reserved.</p></footer>
</body></html>`;
}

/** A news site: JSON-LD, an ad above the story, inline ad slots, a "Sponsored:" block and a related-links box between paragraphs, a byline paragraph with both authors. */
function newsSitePage(): string {
  const [a, b, c, d, e] = BODY;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: 'Bolivia signs lithium extraction deal with Chinese consortium',
    datePublished: '2025-05-28T09:00:00Z',
    author: AUTHORS.map((name) => ({ '@type': 'Person', name })),
    publisher: { '@type': 'Organization', name: 'Altiplano Daily' },
  };
  return `<!doctype html><html><head><title>Bolivia signs lithium deal | Altiplano Daily</title>
<script type="application/ld+json">${JSON.stringify(ld)}</script>
<link rel="canonical" href="https://altiplano.example/economy/bolivia-lithium-deal"></head><body>
<div class="ad ad-leaderboard"><span>ADVERTISEMENT</span> — Refinance your mortgage today and save hundreds every month with our lowest rates ever.</div>
<div class="story-page"><article class="story">
<h1>Bolivia signs lithium extraction deal with Chinese consortium</h1>
<div class="story-body">
<p class="byline">By Marta Quiroga and Tomás Reyes</p>
<p>${a}</p>
<div class="ad-slot" data-ad-unit="inline-1"><p>Advertisement</p><p>Holidays in Patagonia from $999: book by Friday and a second guest travels free of charge.</p></div>
<p>${b}</p>
<p>${c}</p>
<div class="partner-box"><p>Sponsored: The smarter way to invest in battery metals. Open an account in five minutes and trade from anywhere.</p></div>
<div class="story-links" aria-label="Related coverage"><p><a href="/x">Peru’s copper output jumps on new mines coming online in the south of the country</a></p></div>
<p>${d}</p>
<aside class="pullquote" role="complementary"><p>“We were never asked about the water,” a community leader told reporters in Colchani.</p></aside>
<p>${e}</p>
<p>Read more: Chile and Argentina race to court the battery makers of Asia and Europe</p>
</div></article></div>
<div id="taboola-below-article"><p>You may like: Doctors stunned by this one simple trick that anyone can do at home every day.</p></div>
</body></html>`;
}

/** Only Open Graph and plain paragraphs, an inline promotion marked by its own first word, a byline with both names. */
function openGraphPage(): string {
  const [a, b, c, d, e] = BODY;
  return `<!doctype html><html><head>
<meta property="og:title" content="Bolivia signs lithium extraction deal with Chinese consortium">
<meta property="og:site_name" content="Altiplano Daily">
<meta property="og:url" content="https://altiplano.example/lithium">
<meta property="article:published_time" content="2025-05-28">
<meta name="author" content="Marta Quiroga and Tomás Reyes">
</head><body><div id="content">
<p>Marta Quiroga and Tomás Reyes | Altiplano Daily</p>
<p>${a}</p><p>${b}</p>
<div><p>Promoted content: Earn 5% on your savings with the bank that puts you first, no fees and no minimum balance.</p></div>
<p>${c}</p><p>${d}</p><p>${e}</p>
</div></body></html>`;
}

describe('the article’s text only', () => {
  it('a WordPress page: the entry’s paragraphs in order, without the byline, the newsletter box or the related posts', () => {
    const article = extractArticle(wordpressPage());
    expect(article.paragraphs).toEqual(BODY);
    expect(article).toMatchObject({ source: 'Altiplano Daily', date: '2025-05-28', authors: ['Marta Quiroga'] });
  });

  it('a news site with inline ad slots, a sponsored block, a related-links box and a pull quote: only the story', () => {
    const article = extractArticle(newsSitePage());
    expect(article.paragraphs).toEqual(BODY);
    expect(article.authors).toEqual(AUTHORS);
  });

  it('an Open Graph page: a promotion marked by its first words and a byline naming the authors are left out', () => {
    // No structured authors here: the author tag's names, and the byline line goes because it is only those and the outlet's name.
    const article = extractArticle(openGraphPage());
    expect(article.paragraphs).toEqual(BODY);
    expect(article).toMatchObject({
      title: 'Bolivia signs lithium extraction deal with Chinese consortium',
      url: 'https://altiplano.example/lithium',
    });
  });

  it('tells furniture from the article’s words', () => {
    expect(isFurniture('By Marta Quiroga and Tomás Reyes', [])).toBe(true);
    expect(isFurniture('BY MARTA QUIROGA', [])).toBe(true);
    expect(isFurniture('By Marta Quiroga, Reuters', [])).toBe(true);
    expect(isFurniture('Marta Quiroga and Tomás Reyes in La Paz', AUTHORS)).toBe(true);
    expect(isFurniture('ADVERTISEMENT — Refinance your mortgage today', [])).toBe(true);
    expect(isFurniture('Related: Chile raises lithium royalties', [])).toBe(true);
    expect(isFurniture('Sign up for our newsletter to get the news by email.', [])).toBe(true);
    // The article's own sentences that merely start like furniture stay.
    expect(namesIn('Marta Quiroga, Tomás Reyes & Ana Paz | Altiplano Daily')).toEqual([...AUTHORS, 'Ana Paz']);
    expect(isFurniture('By Monday, opposition lawmakers had asked to see the contract.', [])).toBe(false);
    expect(isFurniture('Related talks between the two governments stalled in March.', [])).toBe(false);
    expect(isFurniture('Advertising revenue at the state broadcaster fell by a third last year, its accounts show.', [])).toBe(false);
    expect(
      isFurniture('Marta Quiroga, the ministry’s spokeswoman, said the plants would open in 2027 as planned.', ['Marta Quiroga']),
    ).toBe(false);
  });
});

describe('npm run add on a saved page', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-extract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves the story’s paragraphs and nothing of the ads, the promotions or the byline', async () => {
    const page = path.join(dir, 'bolivia-lithium.html');
    writeFileSync(page, newsSitePage());
    const corpus = path.join(dir, 'corpus');
    const run = await runMain(addMain, [page, '--corpus', corpus, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const saved = readFileSync(JSON.parse(run.stdout).file, 'utf8');
    const body = saved
      .slice(saved.indexOf('\n---', 3) + 4)
      .trim()
      .split(/\n\s*\n/);
    expect(body).toEqual(BODY);
    expect(saved).toMatch(/authors:.*Marta Quiroga/s);
  });
});

describe('the article’s own address', () => {
  const body = `<article>${BODY.map((p) => `<p>${p}</p>`).join('')}</article>`;
  const page = (head: string) => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
  const fetched = 'http://127.0.0.1:8765/lithium.html';

  it('is the one the page states (canonical link, JSON-LD url or mainEntityOfPage, og:url), not where it was fetched from, which is kept', () => {
    const ld = (o: object) =>
      `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Lithium deal', ...o })}</script>`;
    expect(extractArticle(page('<link rel="canonical" href="https://altiplano.example/a">'), fetched).url).toBe(
      'https://altiplano.example/a',
    );
    expect(extractArticle(page(ld({ url: 'https://altiplano.example/b' })), fetched).url).toBe('https://altiplano.example/b');
    expect(extractArticle(page(ld({ mainEntityOfPage: { '@id': 'https://altiplano.example/c' } })), fetched).url).toBe(
      'https://altiplano.example/c',
    );
    expect(extractArticle(page('<meta property="og:url" content="/d">'), fetched).url).toBe('http://127.0.0.1:8765/d');
    const saved = articleMarkdown(extractArticle(page(ld({ url: 'https://altiplano.example/b' })), fetched));
    expect(saved).toContain('url: "https://altiplano.example/b"');
    expect(saved).toContain(`fetched_from: "${fetched}"`);
    // Fetched from its own address: nothing more to keep.
    expect(articleMarkdown(extractArticle(page(''), fetched))).not.toContain('fetched_from');
  });

  it('is never a javascript: or data: link: the next address the page states, else where it was fetched from', () => {
    expect(
      extractArticle(
        page('<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="https://altiplano.example/og">'),
        fetched,
      ).url,
    ).toBe('https://altiplano.example/og');
    expect(extractArticle(page('<link rel="canonical" href="data:text/html,hi">'), fetched).url).toBe(fetched);
    expect(extractArticle(page('<link rel="canonical" href="javascript:alert(1)">')).url).toBeUndefined();
  });
});
