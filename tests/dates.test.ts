import { describe, expect, it } from 'vitest';
import { compareValues, daysCovered, displayDate, resolveDates, type Ymd } from '../src/language/dates.js';

const ymd = (s: string): Ymd => {
  const [year, month, day] = s.split('-').map(Number);
  return { year, month, day };
};

/** The dates of `text` as [phrase, value, granularity, future], resolved against `published`. */
const dates = (text: string, published?: string) =>
  resolveDates(text, published ? ymd(published) : undefined).map((d) => [d.phrase, d.value, d.granularity, d.future]);

describe('resolveDates: relative dates against the publication date', () => {
  it('"On Monday" in a Wed 2025-05-14 article is Mon 2025-05-12', () => {
    expect(dates('On Monday Petro said Colombia would join the Belt and Road Initiative.', '2025-05-14')).toEqual([
      ['On Monday', '2025-05-12', 'day', false],
    ]);
  });

  it('"on Tuesday" in a Wed 2023-10-25 article is 2023-10-24', () => {
    expect(dates('On his arrival in Beijing on Tuesday, Petro hailed the potential.', '2023-10-25')).toEqual([
      ['on Tuesday', '2023-10-24', 'day', false],
    ]);
  });

  it('"last year" in a 2023 article is the year 2022, not a day', () => {
    expect(dates('Colombia had a trade deficit of more than $8 billion last year.', '2023-10-25')).toEqual([
      ['last year', '2022', 'year', false],
    ]);
  });

  it('"in February" in a May 2025 article is the month 2025-02', () => {
    expect(dates('But in February Panama said it was exiting from the pact.', '2025-05-14')).toEqual([
      ['in February', '2025-02', 'month', false],
    ]);
  });

  it('"said on Friday" in a Wednesday article is the previous Friday', () => {
    expect(dates('The minister said on Friday that talks went well.', '2025-05-14')).toEqual([['on Friday', '2025-05-09', 'day', false]]);
  });

  it('"will meet on Friday" is the next Friday, in the future', () => {
    expect(dates('The leaders will meet on Friday in Beijing.', '2025-05-14')).toEqual([['on Friday', '2025-05-16', 'day', true]]);
  });

  it('"last May" in a May 2025 article is May 2024', () => {
    expect(dates('Prices rose sharply last May.', '2025-05-14')).toEqual([['last May', '2024-05', 'month', false]]);
  });
});

describe('resolveDates: absolute dates', () => {
  it('"in 1980" is the year 1980', () => {
    expect(dates('The two countries upgraded their relations, first established in 1980.', '2023-10-25')).toEqual([
      ['in 1980', '1980', 'year', false],
    ]);
  });

  it('"by 2026" in a 2023 article is 2026, in the future', () => {
    expect(dates('CHEC is expected to complete by 2026 two subway lines.', '2023-10-25')).toEqual([['by 2026', '2026', 'year', true]]);
  });

  it('"in August 2022" is the month 2022-08', () => {
    expect(dates('Petro, who took over in August 2022, made his first trip.', '2025-05-14')).toEqual([
      ['in August 2022', '2022-08', 'month', false],
    ]);
  });

  it('"May 14, 2025" is the day 2025-05-14', () => {
    expect(dates('The pact was signed May 14, 2025.', '2025-05-20')).toEqual([['May 14, 2025', '2025-05-14', 'day', false]]);
  });
});

describe('resolveDates: things that are not dates', () => {
  it.each([
    ['a share price', 'The company earned $1.50 a share.'],
    ['"now"', 'The deal is now done.'],
    ['a duration from another date', 'Shipments rose almost 20% from five years earlier.'],
    ['a name', 'Sun Yat-sen founded the party.'],
    ['lower-case "may" as a verb', 'Officials may sign the deal.'],
  ])('%s: %j', (_what, text) => {
    expect(resolveDates(text, ymd('2025-05-14'))).toEqual([]);
  });
});

describe('resolveDates without a publication date', () => {
  it('drops relative dates but keeps dates that carry their own year', () => {
    expect(dates('On Monday Petro said relations were first established in 1980.')).toEqual([['in 1980', '1980', 'year', false]]);
    expect(dates('Colombia had a trade deficit last year.')).toEqual([]);
    expect(dates('The pact was signed May 14, 2025.')).toEqual([['May 14, 2025', '2025-05-14', 'day', false]]);
  });
});

describe('resolveDates: phrase and index point into the text', () => {
  it('text.slice(index, index + phrase.length) is the phrase', () => {
    const text = 'Petro, who took over in August 2022, met Xi on Tuesday; ties were first established in 1980.';
    expect(dates(text, '2023-10-25').map((d) => d[0])).toEqual(['in August 2022', 'on Tuesday', 'in 1980']);
    const found = resolveDates(text, ymd('2023-10-25'));
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) expect(text.slice(d.index, d.index + d.phrase.length)).toBe(d.phrase);
    expect(found.map((d) => d.index)).toEqual([...found.map((d) => d.index)].sort((a, b) => a - b));
  });
});

describe('displayDate', () => {
  it.each([
    ['2025-05-12', 'Mon 12 May 2025'],
    ['2025-05-14', 'Wed 14 May 2025'],
    ['2023-10-24', 'Tue 24 Oct 2023'],
    ['2025-02', 'Feb 2025'],
    ['1980', '1980'],
  ])('%s → %s', (value, shown) => {
    expect(displayDate(value)).toBe(shown);
  });
});

describe('coarse dates, as a timeline reads them', () => {
  const coarse = (text: string, published = '2023-10-25') =>
    resolveDates(text, ymd(published), { coarse: true }).map((d) => [d.phrase, d.value, d.granularity, d.future]);

  it('weeks: this, last and next week as ISO weeks; "for the past week" is a span', () => {
    expect(coarse('Petro visited Beijing this week after talks last week, and returns next week.')).toEqual([
      ['this week', '2023-W43', 'week', false],
      ['last week', '2023-W42', 'week', false],
      ['next week', '2023-W44', 'week', true],
    ]);
    expect(coarse('Prices have risen for the past week.')).toEqual([]);
    expect(displayDate('2023-W43')).toBe('week of Mon 23 Oct 2023');
  });

  it('weeks across year boundaries: the week’s Thursday decides its year, and years that start on a Thursday have a week 53', () => {
    const week = (text: string, published: string) => coarse(text, published).map(([, value]) => value);
    // [published, "this week" there, the Monday it starts on]
    for (const [published, value, monday] of [
      ['2015-01-01', '2015-W01', 'Mon 29 Dec 2014'], // 2015 starts on a Thursday: its first week starts in 2014
      ['2015-12-31', '2015-W53', 'Mon 28 Dec 2015'],
      ['2016-01-03', '2015-W53', 'Mon 28 Dec 2015'], // 2016 starts on a Friday: its first days are 2015's last week
      ['2016-01-04', '2016-W01', 'Mon 4 Jan 2016'],
      ['2019-12-30', '2020-W01', 'Mon 30 Dec 2019'],
      ['2020-12-31', '2020-W53', 'Mon 28 Dec 2020'],
      ['2021-01-01', '2020-W53', 'Mon 28 Dec 2020'],
      ['2021-01-03', '2020-W53', 'Mon 28 Dec 2020'],
      ['2021-01-04', '2021-W01', 'Mon 4 Jan 2021'],
      ['2026-01-01', '2026-W01', 'Mon 29 Dec 2025'], // 2026 starts on a Thursday
      ['2026-12-31', '2026-W53', 'Mon 28 Dec 2026'],
    ]) {
      expect(week('The port reopened this week.', published), published).toEqual([value]);
      expect(displayDate(value), value).toBe(`week of ${monday}`);
    }
    expect(week('Talks ended last week.', '2021-01-04')).toEqual(['2020-W53']);
    expect(coarse('Talks resume next week.', '2020-12-24')).toEqual([['next week', '2020-W53', 'week', true]]);
    expect(week('Talks resume next week.', '2021-01-01')).toEqual(['2021-W01']);
    expect(daysCovered('2020-W53')).toEqual(['2020-12-28', '2021-01-03']);
    expect(daysCovered('2026-W01')).toEqual(['2025-12-29', '2026-01-04']);
  });

  it('seasons: last, this and next as the reader means them, or with a year; "fall" alone is a verb', () => {
    expect(coarse('The deal was agreed last summer; talks resume next spring and end this winter.')).toEqual([
      ['last summer', '2023-SU', 'season', false],
      ['next spring', '2024-SP', 'season', true],
      ['this winter', '2023-WI', 'season', true],
    ]);
    // In July, last summer is the year before's.
    expect(coarse('It rained last summer.', '2023-07-10')).toEqual([['last summer', '2022-SU', 'season', false]]);
    expect(coarse('The summer of 2019 was hot. Prices may fall in the spring.')).toEqual([
      ['The summer of 2019', '2019-SU', 'season', false],
    ]);
    expect(displayDate('2019-SU')).toBe('summer 2019');
    expect(displayDate('2023-WI')).toBe('winter 2023–24');
  });

  it('quarters, fiscal years and the end of the year', () => {
    expect(coarse('Profits rose in the third quarter, in Q2 2022 and last quarter.')).toEqual([
      ['the third quarter', '2023-Q3', 'quarter', false],
      ['Q2 2022', '2022-Q2', 'quarter', false],
      ['last quarter', '2023-Q3', 'quarter', false],
    ]);
    expect(coarse('Sales fell this fiscal year and will rise by the end of the year.')).toEqual([
      ['this fiscal year', '2023', 'year', false],
      ['the end of the year', '2023', 'year', true],
    ]);
  });

  it('decades and centuries, dated at their own granularity', () => {
    expect(coarse('In the 1990s, the early 2000s and the ’80s; in the 20th century and this century.')).toEqual([
      ['the 1990s', '199X', 'decade', false],
      ['the early 2000s', '200X', 'decade', false],
      ['the ’80s', '198X', 'decade', false],
      ['the 20th century', '19XX', 'century', false],
      ['this century', '20XX', 'century', false],
    ]);
    expect(displayDate('199X')).toBe('the 1990s');
    expect(displayDate('19XX')).toBe('the 20th century');
  });

  it('a year written before its noun is a year; a count before its unit is not', () => {
    expect(coarse('A 2010 commando raid, his 2007 presidential campaign and Iran’s 2009 election.')).toEqual([
      ['2010', '2010', 'year', false],
      ['2007', '2007', 'year', false],
      ['2009', '2009', 'year', false],
    ]);
    expect(
      coarse('She won the 2000 metres race; the 1500 troops left; he is 45 years old; a 3-2 win at 9:30 p.m.; 2,000 people now.'),
    ).toEqual([]);
  });

  it('orders coarse dates among fine ones by their first day, the coarser first', () => {
    const values = ['2023-10-24', '2023-W43', '2023', '199X', '1990', '2023-10', '2023-Q4', '19XX'];
    expect([...values].sort(compareValues)).toEqual(['19XX', '199X', '1990', '2023', '2023-Q4', '2023-10', '2023-W43', '2023-10-24']);
  });

  it('leaves the answer reader’s dates as they were: coarse dates only when asked', () => {
    expect(resolveDates('He visited this week, last summer and in the 1990s.', ymd('2023-10-25'))).toEqual([]);
  });
});
