/** The timeline's picture (src/qa/timeline-picture.ts): a valid PNG of a stated size, small, the same bytes every time. */
import { describe, expect, it } from 'vitest';
import { PICTURE_WIDTH, renderTimelinePicture } from '../src/qa/timeline-picture.js';
import type { TimelineEvent } from '../src/qa/timeline.js';

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
  });

  it('draws one event, and none, without failing', () => {
    expect(pngSize(renderTimelinePicture(TEN.slice(0, 1), 'One')).width).toBe(PICTURE_WIDTH);
    expect(pngSize(renderTimelinePicture([], 'None')).width).toBe(PICTURE_WIDTH);
  });
});
