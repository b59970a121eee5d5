/**
 * A timeline as a picture (PNG, drawn with @napi-rs/canvas): a horizontal time axis scaled to the dates, with a
 * visible break where a long gap would squeeze the rest; each event a marker with its date and the words about
 * it, in lanes above and below the axis so that no two labels overlap; dates coarser than a day as spans; planned
 * events hollow, with a dashed leader; colours by source, with a legend. An opaque card, readable on Discord's dark
 * and light themes alike, sized for how Discord shows attachments. The same events give the same bytes: the fonts
 * ship with the product (DejaVu), and nothing in the picture depends on the clock.
 *
 * The layout (where each label's card goes, what it says) is worked out before anything is drawn and is exported
 * (`layoutTimelinePicture`), so that what a reader sees can be checked without reading pixels: no two cards
 * overlap, none leaves the picture, and every line of words fits its card, shortened on a word boundary with "…".
 */
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { compareValues, dayNumber, daysCovered, displayDate } from '../language/dates.js';
import { EVENTS_PER_PAGE, timelinePageCount, type Timeline, type TimelineEvent } from './timeline.js';

/** Pixels: wide enough to read at Discord's attachment size, which scales it down to about 550 on a phone. */
export const PICTURE_WIDTH = 1200;
const MARGIN = 40;
/** The width of a label's words; its card is CARD_PAD wider on each side. */
const LABEL_WIDTH = 230;
const CARD_PAD_X = 4;
const CARD_PAD_Y = 3;
const LABEL_LINE = 19;
/** Lines of a label at most: its date (one line, two when long) and the words about it. */
const LABEL_LINES = 4;
const BODY_LINES = 3;
const LANE_HEIGHT = LABEL_LINE * LABEL_LINES + 14;
/** Pixels between two cards side by side in one lane. */
const CARD_GAP = 12;
/**
 * How far a label may sit from straight over its marker (its leader then slants), and what a lane further from
 * the axis costs against that: a label moves aside a little rather than open a lane, but never so far that its
 * leader runs under a neighbour's whole card.
 */
const MAX_SHIFT = LABEL_WIDTH;
const LANE_COST = 140;
const CROSS_COST = 300;
const BREAK_PX = 36;
/** A gap longer than this share of the whole span (and over a year) is drawn as a break. */
const BREAK_SHARE = 0.35;
const LEGEND_ROW = 24;
const LEGEND_NAME_WIDTH = 260;

/** Colour-blind-safe (Okabe–Ito), dark enough for white text not to be needed: markers and swatches. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7F6A00', '#000000'];
/** A label's date is written in its source's colour, darkened by this much so that it reads on white. */
const TEXT_SHADE = 0.7;
const INK = '#1F2328';
const MUTED = '#57606A';
const CARD = '#FFFFFF';
const RULE = '#D0D7DE';
const UNKNOWN_SOURCE = 'unknown source';

/** Two families, not two weights of one: registered under one name, every text came out bold. */
const FONT = 'Newsdesk Sans';
const FONT_BOLD = 'Newsdesk Sans Bold';
let fontsReady = false;
function registerFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT);
  GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), FONT_BOLD);
  fontsReady = true;
}
const TITLE_FONT = `24px "${FONT_BOLD}"`;
const HEAD_FONT = `15px "${FONT_BOLD}"`;
const BODY_FONT = `14px "${FONT}"`;
const AXIS_FONT = `13px "${FONT}"`;
const LEGEND_FONT = `14px "${FONT}"`;

let measurer: SKRSContext2D | undefined;
function measuringContext(): SKRSContext2D {
  registerFonts();
  return (measurer ??= createCanvas(1, 1).getContext('2d'));
}

/** FNV-1a over the name's UTF-16 code units: the same number on every machine and in every picture. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A colour per source, from its name: each takes the palette slot its name hashes to (its home), so a source has
 * the same colour in every picture, whatever else the picture shows. When two names settled together share a
 * home, the one that sorts first keeps it and the other takes the next slot free after the homes are given, so the
 * two stay apart without moving anyone else from theirs. Settled over `sources`: a whole timeline's, so every page of it
 * agrees. Beyond the palette's eight, names share colours by their hash.
 */
export function sourceColours(sources: Iterable<string>): Map<string, string> {
  const names = [...new Set(sources)].sort();
  const home = new Map(names.map((name) => [name, nameHash(name) % PALETTE.length]));
  const slots = new Map<string, number>();
  const taken = new Set<number>();
  // Homes first, each to the first name on it; then the others, each to the next free slot after its home.
  for (const name of names)
    if (!taken.has(home.get(name)!)) {
      slots.set(name, home.get(name)!);
      taken.add(home.get(name)!);
    }
  for (const name of names) {
    if (slots.has(name)) continue;
    let slot = home.get(name)!;
    if (taken.size < PALETTE.length) while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
    slots.set(name, slot);
    taken.add(slot);
  }
  return new Map(names.map((name) => [name, PALETTE[slots.get(name)!]]));
}

/** `colour` darkened for text: the same hue as the marker, dark enough to read on the white card. */
function textShade(colour: string): string {
  const rgb = [1, 3, 5].map((i) => Math.round(parseInt(colour.slice(i, i + 2), 16) * TEXT_SHADE));
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

const sourceOf = (e: TimelineEvent) => e.citations[0]?.source || UNKNOWN_SOURCE;

/** Day numbers → x, with long gaps drawn as fixed-width breaks. */
interface Scale {
  x(day: number): number;
  /** The x of each break's middle. */
  breaks: number[];
  /** Years whose first day is on the axis outside a break. */
  years: number[];
}

function scaleFor(days: number[], left: number, right: number): Scale {
  const points = [...new Set(days)].sort((a, b) => a - b);
  if (points.length <= 1) return { x: () => (left + right) / 2, breaks: [], years: [] };
  const span = points.at(-1)! - points[0];
  const gaps = points.slice(1).map((p, i) => p - points[i]);
  const isBreak = gaps.map((g) => g > 366 && g > span * BREAK_SHARE);
  const kept = gaps.reduce((sum, g, i) => sum + (isBreak[i] ? 0 : g), 0);
  const breaks = isBreak.filter(Boolean).length;
  // Each event keeps at least a little room, however close in time, so the axis never piles them up.
  const minStep = Math.min(24, (right - left) / (points.length * 2));
  const free = right - left - breaks * BREAK_PX - minStep * (points.length - 1);
  const perDay = kept > 0 ? Math.max(0, free) / kept : 0;
  const xs = [left];
  const breakXs: number[] = [];
  gaps.forEach((g, i) => {
    const step = isBreak[i] ? BREAK_PX : g * perDay + minStep;
    if (isBreak[i]) breakXs.push(xs[i] + step / 2);
    xs.push(xs[i] + step);
  });
  // Centre a short axis.
  const shift = (right - xs.at(-1)!) / 2;
  const at = xs.map((v) => v + shift);
  const x = (day: number) => {
    const i = points.findIndex((p) => p >= day);
    if (i <= 0) return at[0];
    const [p0, p1] = [points[i - 1], points[i]];
    return isBreak[i - 1] ? (day === p1 ? at[i] : at[i - 1]) : at[i - 1] + ((day - p0) / (p1 - p0)) * (at[i] - at[i - 1]);
  };
  const years: number[] = [];
  const first = new Date(points[0] * 86_400_000).getUTCFullYear();
  const last = new Date(points.at(-1)! * 86_400_000).getUTCFullYear();
  for (let y = first; y <= last + 1; y++) {
    const d = dayNumber(String(y));
    if (d < points[0] || d > points.at(-1)!) continue;
    const i = points.findIndex((p) => p >= d);
    if (i > 0 && isBreak[i - 1]) continue;
    years.push(y);
  }
  return { x, breaks: breakXs.map((b) => b + shift), years };
}

/** The longest start of `word` that fits `width` with "…" after it: only for a word wider than a whole line. */
function cutWord(ctx: SKRSContext2D, word: string, width: number): string {
  const chars = [...word];
  while (chars.length > 1 && ctx.measureText(`${chars.join('')}…`).width > width) chars.pop();
  return `${chars.join('')}…`;
}

/**
 * `text` in lines of at most `width` pixels in the context's font, at most `lines` of them. Text that does not
 * fit ends at a whole word with "…" (a word wider than a line, such as an address, is the only one cut inside).
 */
export function wrapWords(ctx: SKRSContext2D, text: string, width: number, lines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const fits = (s: string) => ctx.measureText(s).width <= width;
  const out: string[] = [];
  let line = '';
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    const next = line ? `${line} ${w}` : w;
    if (fits(next)) {
      line = next;
      continue;
    }
    if (!line) {
      // A word wider than a whole line: cut it, and the label ends there.
      out.push(cutWord(ctx, w, width));
      return out.slice(0, lines);
    }
    out.push(line);
    line = '';
    if (out.length === lines) break;
    i--; // the word opens the next line
  }
  if (line && out.length < lines) out.push(line);
  const shown = out.join(' ').split(/\s+/).filter(Boolean).length;
  if (shown < words.length && out.length) {
    // Shortened: the last line ends at a whole word, with "…" (no comma or colon left before it).
    let last = out[out.length - 1];
    while (last.includes(' ') && !fits(`${last.replace(/[…,;:]$/, '')}…`)) last = last.replace(/\s+\S+$/, '');
    last = last.replace(/[…,;:]$/, '');
    out[out.length - 1] = fits(`${last}…`) ? `${last}…` : cutWord(ctx, last, width);
  }
  return out;
}

/** The label of an event: its date and the words about it. */
function labelOf(e: TimelineEvent): { head: string; body: string } {
  return {
    head: `${displayDate(e.date)}${e.future ? ' (expected)' : ''}`,
    body: (e.excerpt ?? e.text).replace(/^…/, '').replace(/…$/, ''),
  };
}

/** One event's label as drawn: its card (the white rectangle behind the words) and the lines in it. */
export interface LabelBox {
  event: TimelineEvent;
  /** The card, in pixels from the picture's top left corner. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** The date line(s), bold, in the source's colour, and the words about the event, as drawn. */
  head: string[];
  lines: string[];
  /** What the label would say uncut: `head` and `lines` are it, shortened on word boundaries with "…". */
  full: { head: string; body: string };
  /** The widest of its lines as measured in its font: never more than the card's room for words. */
  textWidth: number;
  /** The room for words in the card. */
  textRoom: number;
  source: string;
  colour: string;
  side: 'above' | 'below';
  /** 0 for the lane next to the axis. */
  lane: number;
  /** The marker's x on the axis, and the span's ends (equal for a day). */
  anchor: number;
  spanStart: number;
  spanEnd: number;
}

export interface LegendEntry {
  source: string;
  colour: string;
  /** The name as drawn (shortened with "…" when very long). */
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What the picture shows, and where: everything `renderTimelinePicture` draws, before it is drawn. */
export interface TimelineLayout {
  width: number;
  height: number;
  title: string;
  axisY: number;
  boxes: LabelBox[];
  legend: LegendEntry[];
  /** Whether the legend explains a hollow marker ("expected"), and where it goes. */
  expected?: { left: number; top: number };
  breaks: number[];
  years: { year: number; x: number }[];
}

export interface PictureOptions {
  /** Events drawn at most (the first ones by date): a page of a timeline. */
  maxEvents?: number;
  /** The sources colours are settled over (default: those of the events drawn); a whole timeline's on its pages. */
  sources?: readonly string[];
}

/** Text-left positions a card may take: inside the picture's margins. */
const MIN_LEFT = MARGIN;
const MAX_LEFT = PICTURE_WIDTH - MARGIN - LABEL_WIDTH;
/** Two cards in one lane closer than this (their text-lefts) would overlap. */
const CARD_STEP = LABEL_WIDTH + 2 * CARD_PAD_X + CARD_GAP;

/** The spots of a lane a card may take near `want`: free of the lane's other cards, at most MAX_SHIFT away. */
function freeSpots(taken: readonly number[], want: number): number[] {
  const candidates = [want, ...taken.flatMap((t) => [t - CARD_STEP, t + CARD_STEP])];
  return [...new Set(candidates)].filter(
    (c) => c >= MIN_LEFT && c <= MAX_LEFT && Math.abs(c - want) <= MAX_SHIFT && taken.every((t) => Math.abs(t - c) >= CARD_STEP),
  );
}

/** A card being placed, in distances from the axis (the same on both sides): where its leader runs. */
interface Slot {
  anchor: number;
  /** Text-left of the card. */
  left: number;
  /** The card's edges' distances from the axis: near (where its leader ends) and far. */
  near: number;
  far: number;
}

/** Distance from the axis of a card's near edge in lane `lane` of a side. */
const nearEdge = (side: 'above' | 'below', lane: number) => (side === 'above' ? 14 : 23) + lane * LANE_HEIGHT;
/** Where a leader meets its card: straight over the marker when it can, else the card's nearest corner. */
const attachX = (anchor: number, left: number) => Math.min(Math.max(anchor, left - CARD_PAD_X + 12), left + LABEL_WIDTH + CARD_PAD_X - 12);

/** Whether the leader of `deep` passes behind the card of `shallow` (a card nearer the axis on the same side). */
function leaderCrosses(deep: Slot, shallow: Slot): boolean {
  // Cards over the same marker share its leader: one behind the other is no confusion.
  if (Math.abs(deep.anchor - shallow.anchor) < 1) return false;
  const to = attachX(deep.anchor, deep.left);
  const at = (d: number) => deep.anchor + ((to - deep.anchor) * (d - 8)) / (deep.near - 8);
  const [x0, x1] = [at(shallow.near), at(shallow.far)].sort((a, b) => a - b);
  return x1 >= shallow.left - CARD_PAD_X && x0 <= shallow.left + LABEL_WIDTH + CARD_PAD_X;
}

/**
 * Where everything goes. Labels are placed in date order, alternating sides from one event to the next, each at
 * the cheapest spot no other card takes: a pixel aside from straight over its marker costs one (at most
 * MAX_SHIFT), a lane further from the axis LANE_COST, a leader passing behind another event's card CROSS_COST.
 * A new lane opens when none has room: every event keeps its label, and no card covers another.
 */
export function layoutTimelinePicture(events: readonly TimelineEvent[], title: string, options: PictureOptions = {}): TimelineLayout {
  const ctx = measuringContext();
  const shown = [...events].sort((a, b) => compareValues(a.date, b.date)).slice(0, options.maxEvents ?? 12);
  const colours = sourceColours(options.sources ?? shown.map(sourceOf));
  const colourOf = (source: string) => colours.get(source) ?? sourceColours([source]).get(source)!;
  const ranges = shown.map((e) => daysCovered(e.date).map(dayNumber) as [number, number]);
  const scale = scaleFor(ranges.flat(), MARGIN + LABEL_WIDTH / 2, PICTURE_WIDTH - MARGIN - LABEL_WIDTH / 2);

  // What each label says, measured first: a card's height decides which leaders pass behind it.
  const labels = shown.map((e) => {
    const full = labelOf(e);
    ctx.font = HEAD_FONT;
    const head = wrapWords(ctx, full.head, LABEL_WIDTH, 2);
    const headWidth = Math.max(...head.map((l) => ctx.measureText(l).width));
    ctx.font = BODY_FONT;
    const lines = wrapWords(ctx, full.body, LABEL_WIDTH, Math.min(BODY_LINES, LABEL_LINES - head.length));
    const bodyWidth = Math.max(0, ...lines.map((l) => ctx.measureText(l).width));
    const height = LABEL_LINE * (head.length + lines.length) + 2 * CARD_PAD_Y;
    return { full, head, lines, height, textWidth: Math.max(headWidth, bodyWidth) };
  });
  const lanes = { above: [] as number[][], below: [] as number[][] };
  const slots = { above: [] as (Slot & { lane: number })[], below: [] as (Slot & { lane: number })[] };
  const placed = shown.map((e, i) => {
    const [start, end] = ranges[i];
    const spanStart = scale.x(start);
    const spanEnd = Math.max(spanStart, scale.x(end));
    const anchor = (spanStart + spanEnd) / 2;
    const want = Math.min(Math.max(MIN_LEFT, anchor - LABEL_WIDTH / 2), MAX_LEFT);
    const preferred = i % 2 === 0 ? 'above' : 'below';
    let best: { side: 'above' | 'below'; lane: number; left: number; cost: number } | undefined;
    for (const side of [preferred, preferred === 'above' ? 'below' : 'above'] as const) {
      // Every lane of this side, and one more.
      for (let lane = 0; lane <= lanes[side].length; lane++) {
        for (const left of freeSpots(lanes[side][lane] ?? [], want)) {
          const near = nearEdge(side, lane);
          const slot: Slot = { anchor, left, near, far: near + labels[i].height };
          const crossings = slots[side].filter((o) =>
            o.lane < lane ? leaderCrosses(slot, o) : o.lane > lane && leaderCrosses(o, slot),
          ).length;
          // The preferred side wins a tie, then the spot further left.
          const cost = Math.abs(left - want) + lane * LANE_COST + crossings * CROSS_COST + (side === preferred ? 0 : 1);
          if (!best || cost < best.cost) best = { side, lane, left, cost };
        }
      }
    }
    // A new lane is empty, so `best` is always set.
    const { side, lane, left } = best!;
    (lanes[side][lane] ??= []).push(left);
    const near = nearEdge(side, lane);
    slots[side].push({ anchor, left, near, far: near + labels[i].height, lane });
    const source = sourceOf(e);
    const { full, head, lines, height, textWidth } = labels[i];
    return {
      event: e,
      left,
      head,
      lines,
      full,
      height,
      textWidth,
      source,
      colour: colourOf(source),
      side,
      lane,
      anchor,
      spanStart,
      spanEnd,
    };
  });

  const depthAbove = lanes.above.length;
  const depthBelow = lanes.below.length;
  const top = MARGIN + 40;
  const axisY = top + depthAbove * LANE_HEIGHT + 12;
  const boxes: LabelBox[] = placed.map((p) => {
    // Above the axis a card sits on the bottom of its lane, below it hangs from the top: near its leader.
    const near = nearEdge(p.side, p.lane);
    const cardTop = p.side === 'above' ? axisY - near - p.height : axisY + near;
    return { ...p, left: p.left - CARD_PAD_X, top: cardTop, width: LABEL_WIDTH + 2 * CARD_PAD_X, textRoom: LABEL_WIDTH };
  });

  // The legend: the sources drawn, in the order they first appear, in rows as wide as the picture.
  ctx.font = LEGEND_FONT;
  const legendTop = axisY + 23 + depthBelow * LANE_HEIGHT + 12;
  const legend: LegendEntry[] = [];
  let lx = MARGIN;
  let row = 0;
  const entryWidth = (text: string) => 20 + ctx.measureText(text).width;
  for (const source of [...new Set(boxes.map((b) => b.source))]) {
    const text = wrapWords(ctx, source, LEGEND_NAME_WIDTH, 1)[0] ?? source;
    const width = entryWidth(text);
    if (lx > MARGIN && lx + width > PICTURE_WIDTH - MARGIN) [lx, row] = [MARGIN, row + 1];
    legend.push({ source, colour: colourOf(source), text, left: lx, top: legendTop + row * LEGEND_ROW, width, height: 16 });
    lx += width + 24;
  }
  let expected: TimelineLayout['expected'];
  if (shown.some((e) => e.future)) {
    if (lx > MARGIN && lx + entryWidth('expected') > PICTURE_WIDTH - MARGIN) [lx, row] = [MARGIN, row + 1];
    expected = { left: lx, top: legendTop + row * LEGEND_ROW };
  }
  const rows = legend.length || expected ? row + 1 : 0;
  const height = legendTop + rows * LEGEND_ROW + 12;

  ctx.font = AXIS_FONT;
  const years: TimelineLayout['years'] = [];
  let lastYearX = -Infinity;
  for (const year of scale.years) {
    const x = scale.x(dayNumber(String(year)));
    if (x - lastYearX < 56) continue;
    lastYearX = x;
    years.push({ year, x });
  }
  ctx.font = TITLE_FONT;
  const shownTitle = wrapWords(ctx, title, PICTURE_WIDTH - 2 * MARGIN, 1)[0] ?? '';
  return { width: PICTURE_WIDTH, height, title: shownTitle, axisY, boxes, legend, expected, breaks: scale.breaks, years };
}

/** Draw a layout. */
function draw(layout: TimelineLayout): Buffer {
  registerFonts();
  const { width, height, axisY, boxes } = layout;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');

  ctx.fillStyle = CARD;
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = RULE;
  ctx.lineWidth = 2;
  ctx.strokeRect(1, 1, width - 2, height - 2);
  ctx.fillStyle = INK;
  ctx.font = TITLE_FONT;
  ctx.textBaseline = 'top';
  ctx.fillText(layout.title, MARGIN, MARGIN - 12);

  // The axis, its years, and a break mark where a long gap was left out.
  ctx.strokeStyle = MUTED;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(MARGIN, axisY);
  ctx.lineTo(width - MARGIN, axisY);
  ctx.stroke();
  ctx.font = AXIS_FONT;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'center';
  for (const { year, x } of layout.years) {
    ctx.fillRect(x - 0.5, axisY - 5, 1, 10);
    ctx.fillText(String(year), x, axisY + 8);
  }
  for (const b of layout.breaks) {
    ctx.fillStyle = CARD;
    ctx.fillRect(b - 9, axisY - 7, 18, 14);
    ctx.strokeStyle = MUTED;
    ctx.beginPath();
    for (const dx of [-4, 4]) {
      ctx.moveTo(b + dx - 3, axisY + 7);
      ctx.lineTo(b + dx + 3, axisY - 7);
    }
    ctx.stroke();
  }

  // Leaders first, then spans and markers, then labels on a card of their own: no line strikes through words.
  for (const b of boxes) {
    ctx.strokeStyle = b.colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(b.event.future ? [5, 4] : []);
    ctx.beginPath();
    ctx.moveTo(b.anchor, b.side === 'above' ? axisY - 8 : axisY + 8);
    ctx.lineTo(Math.min(Math.max(b.anchor, b.left + 12), b.left + b.width - 12), b.side === 'above' ? b.top + b.height : b.top);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  for (const b of boxes) {
    if (b.spanEnd - b.spanStart > 4) {
      ctx.globalAlpha = 0.22;
      ctx.fillStyle = b.colour;
      ctx.fillRect(b.spanStart, axisY - 4, b.spanEnd - b.spanStart, 8);
      ctx.globalAlpha = 1;
    }
    ctx.beginPath();
    ctx.arc(b.anchor, axisY, 7, 0, Math.PI * 2);
    ctx.fillStyle = b.event.future ? CARD : b.colour;
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = b.colour;
    ctx.stroke();
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (const b of boxes) {
    ctx.fillStyle = CARD;
    ctx.fillRect(b.left, b.top, b.width, b.height);
    const x = b.left + CARD_PAD_X;
    let y = b.top + CARD_PAD_Y;
    ctx.fillStyle = textShade(b.colour);
    ctx.font = HEAD_FONT;
    for (const line of b.head) {
      ctx.fillText(line, x, y);
      y += LABEL_LINE;
    }
    ctx.fillStyle = INK;
    ctx.font = BODY_FONT;
    for (const line of b.lines) {
      ctx.fillText(line, x, y);
      y += LABEL_LINE;
    }
  }

  // The legend: each source's colour, and what a hollow marker means.
  ctx.font = LEGEND_FONT;
  ctx.textBaseline = 'middle';
  for (const entry of layout.legend) {
    const y = entry.top + entry.height / 2;
    ctx.fillStyle = entry.colour;
    ctx.beginPath();
    ctx.arc(entry.left + 7, y, 7, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = INK;
    ctx.fillText(entry.text, entry.left + 20, y);
  }
  if (layout.expected) {
    const { left, top } = layout.expected;
    ctx.strokeStyle = MUTED;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.arc(left + 7, top + 8, 7, 0, Math.PI * 2);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText('expected', left + 20, top + 8);
  }
  return canvas.toBuffer('image/png');
}

/**
 * The events as a PNG. `title` is drawn on top (what was searched). Events beyond `maxEvents` (12 unless given)
 * are left out: the caller draws a page at a time.
 */
export function renderTimelinePicture(events: readonly TimelineEvent[], title: string, options: PictureOptions = {}): Buffer {
  return draw(layoutTimelinePicture(events, title, options));
}

/**
 * What page `page` (from 0) of a timeline draws, as /timeline attaches it and `npm run timeline -- --png F
 * --page N` writes it: that page's events, its title ("· page 2 of 4" when there are several), and colours
 * settled over the whole timeline's sources, so that a source keeps its colour from page to page.
 */
export function timelinePagePicture(
  timeline: Timeline,
  page: number,
  searched: string,
): { events: TimelineEvent[]; title: string; options: PictureOptions } {
  const pages = timelinePageCount(timeline);
  const p = Math.min(Math.max(0, page), pages - 1);
  return {
    events: timeline.events.slice(p * EVENTS_PER_PAGE, (p + 1) * EVENTS_PER_PAGE),
    title: `Timeline — ${searched}${pages > 1 ? ` · page ${p + 1} of ${pages}` : ''}`,
    options: { maxEvents: EVENTS_PER_PAGE, sources: timeline.events.map(sourceOf) },
  };
}
