/**
 * A timeline as a picture (PNG, drawn with @napi-rs/canvas): a horizontal time axis scaled to the dates, with a
 * visible break where a long gap would squeeze the rest; each event a marker with its date and the words about
 * it, in lanes above and below the axis so that no two labels overlap; dates coarser than a day as spans; planned
 * events hollow, with a dashed leader; colours by source, with a legend. An opaque card, readable on Discord's dark
 * and light themes alike, sized for how Discord shows attachments. The same events give the same bytes: the fonts
 * ship with the product (DejaVu), and nothing in the picture depends on the clock.
 */
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { compareValues, dayNumber, daysCovered, displayDate } from '../language/dates.js';
import type { TimelineEvent } from './timeline.js';

/** Pixels: wide enough to read at Discord's attachment size, which scales it down to about 550 on a phone. */
export const PICTURE_WIDTH = 1200;
const MARGIN = 40;
const LABEL_WIDTH = 230;
const LABEL_LINE = 19;
const LABEL_LINES = 3;
const LANE_HEIGHT = LABEL_LINE * (LABEL_LINES + 1) + 14;
const LANES_PER_SIDE = 3;
const BREAK_PX = 36;
/** A gap longer than this share of the whole span (and over a year) is drawn as a break. */
const BREAK_SHARE = 0.35;

/** Colour-blind-safe (Okabe–Ito), dark enough for white text not to be needed: markers and swatches. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7F6A00', '#000000'];
const INK = '#1F2328';
const MUTED = '#57606A';
const CARD = '#FFFFFF';
const RULE = '#D0D7DE';

const FONT = 'Newsdesk Sans';
let fontsReady = false;
function registerFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT);
  GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), FONT);
  fontsReady = true;
}

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

/** `text` in lines of at most `width` pixels, at most `lines` of them, the last ending in "…" when cut. */
function wrap(ctx: SKRSContext2D, text: string, width: number, lines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (ctx.measureText(next).width <= width) line = next;
    else {
      if (line) out.push(line);
      line = w;
      if (out.length === lines) break;
    }
  }
  if (out.length < lines && line) out.push(line);
  if (out.length > lines || (out.length === lines && out.join(' ').length < words.join(' ').length)) {
    out.length = lines;
    let last = out[lines - 1];
    while (last && ctx.measureText(`${last}…`).width > width) last = last.replace(/\s*\S+$/, '');
    out[lines - 1] = `${last.replace(/[…,;:]$/, '')}…`;
  }
  return out;
}

/** The label of an event: its date (bold) and the words about it. */
function labelOf(e: TimelineEvent): { head: string; body: string } {
  return {
    head: `${displayDate(e.date)}${e.future ? ' (expected)' : ''}`,
    body: (e.excerpt ?? e.text).replace(/^…/, '').replace(/…$/, ''),
  };
}

/**
 * The events as a PNG. `title` is drawn on top (what was searched). Events beyond `maxEvents` are left out
 * (the caller draws a page at a time).
 */
export function renderTimelinePicture(events: readonly TimelineEvent[], title: string, maxEvents = 12): Buffer {
  registerFonts();
  const shown = [...events].sort((a, b) => compareValues(a.date, b.date)).slice(0, maxEvents);
  const sources = [...new Set(shown.map((e) => e.citations[0]?.source ?? 'unknown source'))];
  const colourOf = (e: TimelineEvent) => PALETTE[sources.indexOf(e.citations[0]?.source ?? 'unknown source') % PALETTE.length];
  const ranges = shown.map((e) => daysCovered(e.date).map(dayNumber) as [number, number]);
  const left = MARGIN + LABEL_WIDTH / 2;
  const right = PICTURE_WIDTH - MARGIN - LABEL_WIDTH / 2;
  const scale = scaleFor(ranges.flat(), left, right);

  // Labels in lanes, nearest first, alternating sides from one event to the next: each in the first lane where
  // it overlaps no other label. Placed before drawing, so the picture is only as tall as its lanes.
  const lanes = LANES_PER_SIDE * 2;
  const laneEnds = Array.from({ length: lanes }, () => -Infinity);
  const placed = shown.map((e, i) => {
    const [start, end] = ranges[i];
    const x0 = scale.x(start);
    const x1 = Math.max(x0, scale.x(end));
    const anchor = (x0 + x1) / 2;
    const boxLeft = Math.min(Math.max(MARGIN, anchor - LABEL_WIDTH / 2), PICTURE_WIDTH - MARGIN - LABEL_WIDTH);
    const order = Array.from({ length: LANES_PER_SIDE }, (_, depth) => [depth * 2 + (i % 2), depth * 2 + ((i + 1) % 2)]).flat();
    // Every lane taken at that spot: the one that frees up first.
    const lane =
      order.find((k) => laneEnds[k] + 12 <= boxLeft) ?? order.reduce((best, k) => (laneEnds[k] < laneEnds[best] ? k : best), order[0]);
    laneEnds[lane] = boxLeft + LABEL_WIDTH;
    return { e, x0, x1, anchor, boxLeft, above: lane % 2 === 0, depth: Math.floor(lane / 2) };
  });
  const depthAbove = Math.max(0, ...placed.filter((p) => p.above).map((p) => p.depth + 1));
  const depthBelow = Math.max(0, ...placed.filter((p) => !p.above).map((p) => p.depth + 1));
  const top = MARGIN + 40;
  const axisY = top + depthAbove * LANE_HEIGHT + 12;
  const legendY = axisY + 30 + depthBelow * LANE_HEIGHT + 10;
  const height = legendY + 36;
  const canvas = createCanvas(PICTURE_WIDTH, height);
  const ctx = canvas.getContext('2d');

  ctx.fillStyle = CARD;
  ctx.fillRect(0, 0, PICTURE_WIDTH, height);
  ctx.strokeStyle = RULE;
  ctx.lineWidth = 2;
  ctx.strokeRect(1, 1, PICTURE_WIDTH - 2, height - 2);
  ctx.fillStyle = INK;
  ctx.font = `bold 24px "${FONT}"`;
  ctx.textBaseline = 'top';
  ctx.fillText(wrap(ctx, title, PICTURE_WIDTH - 2 * MARGIN, 1)[0] ?? '', MARGIN, MARGIN - 12);

  // The axis, its years, and a break mark where a long gap was left out.
  ctx.strokeStyle = MUTED;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(MARGIN, axisY);
  ctx.lineTo(PICTURE_WIDTH - MARGIN, axisY);
  ctx.stroke();
  ctx.font = `13px "${FONT}"`;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  let lastYearX = -Infinity;
  for (const y of scale.years) {
    const x = scale.x(dayNumber(String(y)));
    if (x - lastYearX < 56) continue;
    lastYearX = x;
    ctx.fillRect(x - 0.5, axisY - 5, 1, 10);
    ctx.fillText(String(y), x, axisY + 8);
  }
  for (const b of scale.breaks) {
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

  const boxTopOf = (p: (typeof placed)[number]) =>
    p.above ? axisY - 12 - (p.depth + 1) * LANE_HEIGHT + 10 : axisY + 26 + p.depth * LANE_HEIGHT;
  // Leaders first, then spans and markers, then labels on a card of their own: no line strikes through words.
  for (const p of placed) {
    const boxTop = boxTopOf(p);
    ctx.strokeStyle = colourOf(p.e);
    ctx.lineWidth = 1.5;
    ctx.setLineDash(p.e.future ? [5, 4] : []);
    ctx.beginPath();
    ctx.moveTo(p.anchor, p.above ? axisY - 8 : axisY + 8);
    ctx.lineTo(Math.min(Math.max(p.anchor, p.boxLeft + 8), p.boxLeft + LABEL_WIDTH - 8), p.above ? boxTop + LANE_HEIGHT - 20 : boxTop);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  for (const p of placed) {
    const colour = colourOf(p.e);
    if (p.x1 - p.x0 > 4) {
      ctx.globalAlpha = 0.22;
      ctx.fillStyle = colour;
      ctx.fillRect(p.x0, axisY - 4, p.x1 - p.x0, 8);
      ctx.globalAlpha = 1;
    }
    ctx.beginPath();
    ctx.arc(p.anchor, axisY, 7, 0, Math.PI * 2);
    ctx.fillStyle = p.e.future ? CARD : colour;
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = colour;
    ctx.stroke();
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (const p of placed) {
    const boxTop = boxTopOf(p);
    const { head, body } = labelOf(p.e);
    ctx.font = `14px "${FONT}"`;
    const lines = wrap(ctx, body, LABEL_WIDTH, LABEL_LINES);
    ctx.fillStyle = CARD;
    ctx.fillRect(p.boxLeft - 4, boxTop - 3, LABEL_WIDTH + 8, LABEL_LINE * (lines.length + 1) + 6);
    ctx.fillStyle = colourOf(p.e);
    ctx.font = `bold 15px "${FONT}"`;
    ctx.fillText(wrap(ctx, head, LABEL_WIDTH, 1)[0] ?? head, p.boxLeft, boxTop);
    ctx.fillStyle = INK;
    ctx.font = `14px "${FONT}"`;
    lines.forEach((line, k) => ctx.fillText(line, p.boxLeft, boxTop + LABEL_LINE * (k + 1)));
  }

  // The legend: each source's colour, and what a hollow marker means.
  ctx.font = `14px "${FONT}"`;
  ctx.textBaseline = 'middle';
  let lx = MARGIN;
  for (const [k, source] of sources.entries()) {
    const text = wrap(ctx, source, 260, 1)[0] ?? source;
    ctx.fillStyle = PALETTE[k % PALETTE.length];
    ctx.beginPath();
    ctx.arc(lx + 7, legendY, 7, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = INK;
    ctx.fillText(text, lx + 20, legendY);
    lx += 20 + ctx.measureText(text).width + 24;
  }
  if (shown.some((e) => e.future)) {
    ctx.strokeStyle = MUTED;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.arc(lx + 7, legendY, 7, 0, Math.PI * 2);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText('expected', lx + 20, legendY);
  }
  return canvas.toBuffer('image/png');
}
