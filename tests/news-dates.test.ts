import { describe, expect, it } from 'vitest';
import { resolveDates } from '../src/language/dates.js';

const wed2025 = { year: 2025, month: 5, day: 14 };
const wed2023 = { year: 2023, month: 10, day: 25 };
const values = (text: string, published = wed2025) => resolveDates(text, published).map((d) => d.value);

describe('dates in news text', () => {
  it('resolves relative dates against the publication date, past first', () => {
    expect(resolveDates('On Monday Petro said Colombia would join', wed2025)).toMatchObject([
      { phrase: 'On Monday', value: '2025-05-12', granularity: 'day', future: false },
    ]);
    expect(values('On his arrival in Beijing on Tuesday', wed2023)).toEqual(['2023-10-24']);
    expect(resolveDates('a trade deficit of $8 billion last year', wed2023)).toMatchObject([
      { phrase: 'last year', value: '2022', granularity: 'year' },
    ]);
    expect(resolveDates('but in February Panama said', wed2025)).toMatchObject([
      { phrase: 'in February', value: '2025-02', granularity: 'month' },
    ]);
    expect(values('the company said on Friday', wed2025)).toEqual(['2025-05-09']);
    expect(values('late last July, prices fell', wed2025)).toEqual(['2024-07']);
    expect(values('last May, prices fell', wed2025)).toEqual(['2024-05']);
  });

  it('looks ahead when the text does', () => {
    expect(resolveDates('Leaders will meet on Friday', wed2025)).toMatchObject([{ value: '2025-05-16', future: true }]);
    expect(resolveDates('is expected to complete by 2026 two subway lines', wed2023)).toMatchObject([
      { phrase: 'by 2026', value: '2026', future: true },
    ]);
    expect(resolveDates('The ban must be lifted by Aug. 6.', wed2025)).toMatchObject([{ value: '2025-08-06', future: true }]);
  });

  it('reads a period that has ended, or a past-tense clause, as past: "tripled in the year to July" is not next July', () => {
    const tue2Sep2025 = { year: 2025, month: 9, day: 2 };
    const read = (text: string) => resolveDates(text, tue2Sep2025).map(({ phrase, value, future }) => ({ phrase, value, future }));
    expect(read('Exports tripled in the year to July, the ministry said.')).toEqual([
      { phrase: 'in the year to July', value: '2025-07', future: false },
    ]);
    expect(read('Output fell in the twelve months through August.')).toEqual([
      { phrase: 'in the twelve months through August', value: '2025-08', future: false },
    ]);
    expect(read('Sales rose 5% in the three months to June.')).toEqual([
      { phrase: 'in the three months to June', value: '2025-06', future: false },
    ]);
    expect(read('Profit doubled in the quarter ended March 2024.')).toEqual([
      { phrase: 'in the quarter ended March 2024', value: '2024-03', future: false },
    ]);
    expect(read('Prices rose until March, then fell.')).toEqual([{ phrase: 'until March', value: '2025-03', future: false }]);
    // What is planned still looks ahead: a future cue, a modal, or a deadline in a clause of its own.
    expect(read('Inflation will ease in the year to July.')).toEqual([{ phrase: 'in the year to July', value: '2026-07', future: true }]);
    expect(read('The ban must be lifted by March.')).toEqual([{ phrase: 'by March', value: '2026-03', future: true }]);
    expect(read('The contract, signed in May, runs through August.')).toEqual([
      { phrase: 'in May', value: '2025-05', future: false },
      { phrase: 'through August', value: '2026-08', future: true },
    ]);
  });

  it('reads bare years, mid-years, ranges and quarters at year granularity', () => {
    expect(resolveDates('relations, first established in 1980, as', wed2025)).toMatchObject([
      { phrase: 'in 1980', value: '1980', granularity: 'year' },
    ]);
    expect(values('Since 2019 the mine has faced blockades', wed2025)).toEqual(['2019']);
    expect(values('growth slowed in mid-2024', wed2025)).toEqual(['2024']);
    expect(values('The children died between 1880 and 1910.', wed2025)).toEqual(['1880', '1910']);
    expect(values('the 2009–2010 season', wed2025)).toEqual(['2009']);
    expect(values('earnings in Q3 2024 rose', wed2025)).toEqual(['2024']);
  });

  it('keeps full dates at day granularity and never pads a year', () => {
    expect(values('May 14, 2025', wed2025)).toEqual(['2025-05-14']);
    expect(values('Petro, who took over in August 2022', wed2025)).toEqual(['2022-08']);
  });

  it('ignores what only looks like a date', () => {
    for (const text of [
      'Shares closed at $1.50 a share.',
      'We are here now.',
      'up almost 20% from five years earlier',
      'Sun Yat-sen founded the party.',
      'Colombia may join the bank.',
      'He won 3-6, 7-5.',
      'It rose for 2 hours.',
      'in the past 30 years',
      'a USA TODAY content partner',
      'three hours later the bridge opened',
      'its biggest jump in five months',
    ]) {
      expect(resolveDates(text, wed2025), text).toEqual([]);
    }
  });

  it('without a publication date, keeps only dates that carry their year', () => {
    expect(resolveDates('On Monday, relations first established in 1980 were upgraded last year.').map((d) => d.value)).toEqual(['1980']);
  });
});
