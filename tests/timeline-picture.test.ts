/**
 * The timeline's picture (src/qa/timeline-picture.ts): a valid PNG of a stated size, small, the same bytes every
 * time; and what a reader sees in it, read from its layout: every event's label in a card of its own that no
 * other card overlaps, inside the picture, its words whole (shortened only at a word, with "…"); a source in the
 * same colour in every picture; and `npm run timeline -- --png F --page N` drawing the page /timeline shows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { main as timelineMain } from '../src/cli/timeline.js';
import { withTimelinePicture, renderTimelinePage } from '../src/discord/render.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import {
  layoutTimelinePicture,
  PICTURE_WIDTH,
  renderTimelinePicture,
  timelinePagePicture,
  wrapWords,
  type TimelineLayout,
} from '../src/qa/timeline-picture.js';
import { buildTimeline, timelinePageCount, type Timeline, type TimelineEvent } from '../src/qa/timeline.js';
import { runMain } from './support/cli.js';

const event = (date: string, granularity: TimelineEvent['granularity'], text: string, source: string, future = false): TimelineEvent => ({
  date,
  granularity,
  phrase: date,
  text,
  future,
  citations: [{ article: `a-${source}`, title: 'A title', source, date: '2025-05-14', paragraph: 1, url: null }],
});

/** Ten events over two centuries: a long gap (a break), coarse dates (spans), the same day twice, a plan. */
const TEN = [
  event('1822', 'year', 'Colombia established ties with the United States in 1822.', 'Reuters'),
  event('199X', 'decade', 'Trade has grown steadily since the 1990s.', 'Reuters'),
  event('2013', 'year', 'Xi launched the Belt and Road Initiative in 2013.', 'TRT World'),
  event('2019-SU', 'season', 'Duque visited Beijing in the summer of 2019.', 'Reuters'),
  event('2022-08', 'month', 'Petro took office in August 2022.', 'TRT World'),
  event('2023-W43', 'week', 'Petro visited Beijing this week.', 'Reuters'),
  event('2023-10-25', 'day', 'China elevated relations to a strategic partnership on Wednesday.', 'Reuters'),
  event('2023-10-25', 'day', 'Petro told Xi of a great imbalance on Wednesday.', 'Reuters'),
  event('2025-05-14', 'day', 'China and Colombia signed a joint cooperation plan on Wednesday.', 'TRT World'),
  event('2026', 'year', 'CHEC is expected to complete two subway lines by 2026.', 'Reuters', true),
];

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/**
 * What a reader must be able to read in a picture: one label per event drawn; no two cards overlapping; every card
 * inside the picture, clear of the title, the axis and the legend; every line within its card's room; each label's
 * date whole and its words the event's own, in order, whole words, shortened only at the end and then with "…".
 */
function expectReadable(layout: TimelineLayout, events: readonly TimelineEvent[]): void {
  expect(layout.boxes.map((b) => b.event)).toEqual(events);
  const described = (i: number) => `${layout.boxes[i].event.date} "${layout.boxes[i].lines.join(' ')}"`;
  layout.boxes.forEach((a, i) => {
    for (let j = i + 1; j < layout.boxes.length; j++) {
      const b = layout.boxes[j];
      const apart = a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
      expect(apart, `${described(i)} overlaps ${described(j)}`).toBe(true);
    }
    expect(a.left, described(i)).toBeGreaterThanOrEqual(2);
    expect(a.left + a.width, described(i)).toBeLessThanOrEqual(layout.width - 2);
    expect(a.top, described(i)).toBeGreaterThanOrEqual(60); // below the title
    // Clear of the axis, its markers and its years.
    expect(a.top + a.height <= layout.axisY - 10 || a.top >= layout.axisY + 22, described(i)).toBe(true);
    for (const entry of layout.legend) expect(a.top + a.height, described(i)).toBeLessThanOrEqual(entry.top);
    expect(a.textWidth, described(i)).toBeLessThanOrEqual(a.textRoom);
    expect(a.head.join(' ')).toBe(a.full.head);
    expect(a.lines.length).toBeGreaterThan(0);
    // The words shown are the label's own, in order and whole; shortened, the last whole word ends in "…".
    const shown = words(a.lines.join(' '));
    const full = words(a.full.body);
    const last = shown.length - 1;
    if (shown[last] !== full[last] && shown[last].endsWith('…')) {
      expect(shown.slice(0, last), described(i)).toEqual(full.slice(0, last));
      expect(shown[last].slice(0, -1), described(i)).toBe(full[last].replace(/[,;:]$/, ''));
      expect(last, described(i)).toBeLessThan(full.length - 1);
    } else expect(shown, described(i)).toEqual(full);
  });
  expect(layout.height).toBeGreaterThanOrEqual(Math.max(...layout.legend.map((e) => e.top + e.height)));
}

/** The layout of each page of `timeline`, as /timeline attaches it and `--png --page N` writes it. */
const pages = (timeline: Timeline) =>
  Array.from({ length: timelinePageCount(timeline) }, (_, p) => {
    const { events, title, options } = timelinePagePicture(timeline, p, 'all articles');
    return { events, layout: layoutTimelinePicture(events, title, options) };
  });

describe('the timeline picture', () => {
  it('is a valid PNG of the stated width, under 1 MB for ten events, and the same bytes for the same events', () => {
    const png = renderTimelinePicture(TEN, 'Timeline — “BRI”');
    const { width, height } = pngSize(png);
    expect(width).toBe(PICTURE_WIDTH);
    expect(height).toBeGreaterThan(200);
    expect(height).toBeLessThan(1200);
    expect(png.length).toBeLessThan(1024 * 1024);
    expect(renderTimelinePicture(TEN, 'Timeline — “BRI”').equals(png)).toBe(true);
    expect(renderTimelinePicture(TEN.slice(0, 9), 'Timeline — “BRI”').equals(png)).toBe(false);
    expectReadable(layoutTimelinePicture(TEN, 'Timeline — “BRI”'), TEN);
  });

  it('draws one event, and none, without failing', () => {
    expect(pngSize(renderTimelinePicture(TEN.slice(0, 1), 'One')).width).toBe(PICTURE_WIDTH);
    expect(pngSize(renderTimelinePicture([], 'None')).width).toBe(PICTURE_WIDTH);
  });

  it('shortens words only at a word, with "…", and cuts inside a word only one wider than a whole line', () => {
    const ctx = createCanvas(1, 1).getContext('2d');
    ctx.font = '14px sans-serif';
    const text = 'Xian Metro Company and Canada’s Bombardier Inc consortium won the Bogota Metro contract in 2019';
    const lines = wrapWords(ctx, text, 150, 2);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(ctx.measureText(l).width).toBeLessThanOrEqual(150);
    expect(lines[1]).toMatch(/\S…$/);
    expect(text.startsWith(`${lines.join(' ').slice(0, -1)} `)).toBe(true);
    expect(wrapWords(ctx, 'short text', 150, 2)).toEqual(['short text']);
    const [long] = wrapWords(ctx, `https://example.com/${'x'.repeat(80)}`, 150, 2);
    expect(long.endsWith('…') && ctx.measureText(long).width <= 150).toBe(true);
  });
});

describe('labels a reader can read', () => {
  let corpusTimeline: Timeline;
  beforeAll(async () => {
    const { index } = await buildIndex(new URL('../corpus', import.meta.url).pathname);
    corpusTimeline = buildTimeline(index);
  });

  it('on the bundled corpus without a topic: no label overlaps or cuts another, on every page and all in one picture', () => {
    expect(corpusTimeline.events.length).toBeGreaterThan(16);
    for (const { events, layout } of pages(corpusTimeline)) expectReadable(layout, events);
    // The picture that cut "Xian Metro Comp" was the first twelve events in one; all of them at once too.
    for (const maxEvents of [12, corpusTimeline.events.length])
      expectReadable(layoutTimelinePicture(corpusTimeline.events, 'all', { maxEvents }), corpusTimeline.events.slice(0, maxEvents));
    const xian = pages(corpusTimeline)
      .flatMap((p) => p.layout.boxes)
      .find((b) => b.event.text.includes('Xian Metro'))!;
    expect(xian.lines.join(' ')).toContain('Xian Metro Company');
  });

  it('on a corpus of many events on close dates: every event keeps its whole-word label, on a card of its own', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tl-close-'));
    // Twenty events in one week, three a day, in long sentences from three outlets.
    const who = [
      'The Bogota Metro consortium',
      'Mayor Carlos Fernando Galan',
      'China Harbour Engineering Company',
      'The Transport Ministry',
    ];
    const did = [
      'reported that tunnelling under Avenida Caracas had advanced another four hundred metres',
      'opened the viaduct section between Kennedy and Plaza de la Hoja to inspectors',
      'signed a supplementary contract for the rolling stock depot in Bosa',
      'announced a review of the station designs along Avenida Primero de Mayo',
      'warned that flooding near the Tunjuelo River could delay the works',
    ];
    const sentences = Array.from({ length: 20 }, (_, i) => `${who[i % 4]} ${did[i % 5]} on March ${1 + Math.floor(i / 3)}.`);
    for (const [k, source] of ['Reuters', 'TRT World', 'El Tiempo'].entries())
      writeFileSync(
        path.join(dir, `metro-${k}.md`),
        `---\ntitle: "Metro diary ${k}"\nsource: ${source}\ndate: 2024-04-01\n---\n\n${sentences.filter((_, i) => i % 3 === k).join('\n\n')}\n`,
      );
    const { index } = await buildIndex(dir);
    const timeline = buildTimeline(index);
    expect(timeline.events.length).toBe(20);
    for (const { events, layout } of pages(timeline)) expectReadable(layout, events);
    expectReadable(layoutTimelinePicture(timeline.events, 'all', { maxEvents: 20 }), timeline.events);
    // Twelve events on the very same day.
    const sameDay = Array.from({ length: 12 }, (_, i) =>
      event('2024-03-05', 'day', `${sentences[i]} And then a second long sentence follows it.`, ['Reuters', 'AP'][i % 2]),
    );
    expectReadable(layoutTimelinePicture(sameDay, 'one day'), sameDay);
  });

  it('gives a source the same colour in every picture, whatever other sources it shares one with', () => {
    const colourIn = (layout: TimelineLayout, source: string) => layout.boxes.find((b) => b.source === source)!.colour;
    const a = layoutTimelinePicture(TEN, 'A');
    const b = layoutTimelinePicture(
      [
        event('2020', 'year', 'One.', 'Al Jazeera'),
        event('2021', 'year', 'Two.', 'BBC'),
        event('2022', 'year', 'Three.', 'Reuters'),
        event('2023', 'year', 'Four.', 'Associated Press'),
      ],
      'B',
    );
    const c = layoutTimelinePicture([event('2020', 'year', 'One.', 'AP'), event('2021', 'year', 'Two.', 'Reuters')], 'C');
    expect(colourIn(b, 'Reuters')).toBe(colourIn(a, 'Reuters'));
    expect(colourIn(c, 'Reuters')).toBe(colourIn(a, 'Reuters'));
    // Sources drawn together are told apart, in the boxes and in the legend.
    for (const layout of [a, b, c]) {
      const colours = new Map(layout.boxes.map((box) => [box.source, box.colour]));
      expect(new Set(colours.values()).size).toBe(colours.size);
      expect(layout.legend.map((e) => [e.source, e.colour])).toEqual([...colours.entries()]);
    }
    // On every page of a timeline, and in a timeline of other sources, Reuters and TRT World keep theirs.
    const byPage = pages(corpusTimeline).flatMap((p) => p.layout.boxes.map((box) => [box.source, box.colour] as const));
    expect(new Map(byPage).size).toBe(2);
    for (const [source, colour] of byPage) expect(colour).toBe(colourIn(a, source));
  });
});

describe('npm run timeline -- --png F --page N', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tl-page-'));
  const file = (name: string) => path.join(dir, name);

  it('draws the page /timeline shows, its title naming the page; the first page by default', async () => {
    const run = await runMain(timelineMain, ['--png', file('p2.png'), '--page', '2']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Picture of page 2 of 4 (events 9–16 of 25; --page N draws another) → ${file('p2.png')}\n`);
    const { index } = await buildIndex(new URL('../corpus', import.meta.url).pathname);
    const timeline = buildTimeline(index);
    // The same bytes as the attachment of Discord's page 2 (◀ ▶ page from 0).
    const discord = withTimelinePicture(renderTimelinePage(timeline, 1, 'id', 'all articles'), timeline, 1, 'all articles');
    expect(readFileSync(file('p2.png')).equals(discord.files![0].attachment)).toBe(true);
    expect(timelinePagePicture(timeline, 1, 'all articles').title).toBe('Timeline — all articles · page 2 of 4');
    // Into a directory not there yet: it is made.
    const first = await runMain(timelineMain, ['--png', file('new/dir/p1.png')]);
    expect(first.stderr).toContain('Picture of page 1 of 4 (events 1–8 of 25');
    expect(readFileSync(file('new/dir/p1.png')).subarray(1, 4).toString()).toBe('PNG');
    const last = await runMain(timelineMain, ['--png', file('p4.png'), '--page', '4']);
    expect(last.stderr).toContain('Picture of page 4 of 4 (event 25 of 25');
    const topic = await runMain(timelineMain, ['--topic', 'BRI', '--png', file('bri.png'), '--page', '1']);
    expect(topic.stderr).toBe(`Picture of the 5 events → ${file('bri.png')}\n`);
  });

  it('refuses a page out of range, or not a page number, before printing anything, and --page without --png', async () => {
    const five = await runMain(timelineMain, ['--png', file('p5.png'), '--page', '5']);
    expect(five).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --page 5 is out of range: pages count from 1, and this timeline has 4 pages (25 events, 8 a page); use --page 1 to 4\n',
    });
    const zero = await runMain(timelineMain, ['--png', file('p0.png'), '--page', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--page 0 is out of range');
    const topic = await runMain(timelineMain, ['--topic', 'BRI', '--png', file('bri2.png'), '--page', '2']);
    expect(topic.stderr).toContain('this timeline has one page (5 events, 8 a page); use --page 1');
    const word = await runMain(timelineMain, ['--png', file('x.png'), '--page', 'two']);
    expect(word).toMatchObject({ code: 2, stderr: 'error: --page takes a page number (1, 2, …), not "two" (see --help)\n' });
    const alone = await runMain(timelineMain, ['--page', '2']);
    expect(alone).toMatchObject({ code: 2, stderr: 'error: --page chooses the page --png draws; add --png FILE (see --help)\n' });
  });

  it('is in --help', async () => {
    const help = await runMain(timelineMain, ['--help']);
    expect(help.stdout).toContain('--png FILE [--page N]');
    expect(help.stdout).toMatch(/--page N\s+the page --png draws, from 1 \(default 1\), as \/timeline's ◀ ▶ buttons page/);
  });
});
