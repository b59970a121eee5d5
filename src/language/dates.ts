/**
 * Dates in news text, resolved against the article's publication date.
 *
 * chrono-node does the heavy lifting (month names, weekdays, full dates); this module adds what news text
 * needs on top: bare years ("in 1980", "by 2026"), past-first resolution of weekdays and months (news
 * reports what happened), "last/next <month>", "mid-2024", and it drops chrono's false positives (clock
 * times alone, "now", durations such as "five years earlier", fractions, "Sun"/"Sat" as names).
 * Every date keeps the granularity the text supports: a year is never padded to a day.
 */
import * as chrono from 'chrono-node';
import { coarseDates, coarseRange, displayCoarse, type CoarseGranularity } from './coarse-dates.js';

/** How precise a date is; the coarse ones (weeks, seasons, quarters, decades, centuries) only on timelines. */
export type Granularity = 'day' | 'month' | CoarseGranularity;

export interface DateMention {
  /** The words that produced the date, exactly as in the text. */
  phrase: string;
  /** Offset of `phrase` in the text. */
  index: number;
  /** YYYY, YYYY-MM or YYYY-MM-DD, at `granularity`; with `coarse`, also YYYY-Www, YYYY-SU, YYYY-Q3, 199X, 19XX. */
  value: string;
  granularity: Granularity;
  /** The text speaks of this date as planned or expected, or it lies after the publication date. */
  future: boolean;
}

/** A calendar date without time zone trouble: all arithmetic is done in UTC. */
export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** The months, the one list every date rule uses: January is index 0. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const MONTHS = MONTH_NAMES.map((m) => m.toLowerCase());
const MONTH_ABBR = MONTH_NAMES.map((m) => m.slice(0, 3));
/** Regex source for a month written in full. */
export const FULL_MONTH_PATTERN = MONTH_NAMES.join('|');
/** Regex source for a month in full or abbreviated as news writes it ("Sept", "Dec"; "May" is only in full). */
export const MONTH_PATTERN = `${FULL_MONTH_PATTERN}|${MONTH_ABBR.filter((a) => a !== 'May')
  .map((a) => (a === 'Sep' ? 'Sept?' : a))
  .join('|')}`;

/** 1–12 for a month's name or its first three or more letters ("Sept", "oct"); undefined otherwise. */
export function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m.startsWith(w));
  return i === -1 ? undefined : i + 1;
}
const WEEKDAY_ABBR = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// Words before a date that make it a plan or expectation, so an ambiguous weekday or month is the next one.
const FUTURE_CUE =
  /\b(will|shall|due|expected|scheduled|set to|plans? to|planned|planning|intends? to|aims? to|hopes? to|wants? to|upcoming|next|coming|later this|is to|are to)\s+(?:\S+\s+){0,8}$/i;
// A deadline ("by Aug. 6", "through Sept. 30") looks ahead.
const DEADLINE = /^(by|until|till|through|before)\b/i;
// Phrases chrono reads as dates that are not events: the moment of writing, or a span measured from another date.
const NOT_A_DATE =
  /^(now|right now|currently|recently|soon|this week|last week|next week|these days|at the moment|tonight|this morning|this afternoon|this evening)$/i;
const DURATION_FROM_OTHER_DATE =
  /\b(years?|months?|weeks?|days?|decades?|hours?|minutes?|seconds?)\s+(earlier|later|before|after|prior)\b|\b(next|following|previous|prior|same|that)\s+(day|morning|night|evening)\b|\bday (before|after)\b/i;
// Spans, not dates: "in the past 30 years", "the past year", "for one hour", "for a second year".
const SPAN =
  /^(for\b|over\b|after\s+(about|nearly|almost|some|\d|an?\b)|in\s+(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+(days?|weeks?|months?|years?)\b|(the\s+)?(past|previous|coming)\s+)|\b(week|weekend|hours?|minutes?|seconds?)$|\b(past|last|next|previous|coming)\s+(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|few|several|couple)\b/i;

export function parseYmd(text: string): Ymd | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const ymd = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isRealDate(ymd) ? ymd : undefined;
}

export function isRealDate({ year, month, day }: Ymd): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toUtc({ year, month, day }: Ymd): Date {
  return new Date(Date.UTC(year, month - 1, day, 12));
}

function fromUtc(d: Date): Ymd {
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Days since 1970-01-01 of a YYYY-MM-DD value (or of the first day of a coarser one). */
export function dayNumber(value: string): number {
  const range = coarseRange(value);
  if (range) return dayNumber(range[0]);
  const [y, m = '1', d = '1'] = value.split('-');
  return Math.floor(Date.UTC(Number(y), Number(m) - 1, Number(d)) / 86_400_000);
}

/** The YYYY-MM-DD value of day number `day` (see `dayNumber`). */
export function dayValue(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** First and last day a date value covers: "2025-02" → ["2025-02-01", "2025-02-31"] (string bounds suffice). */
export function daysCovered(value: string): [string, string] {
  const range = coarseRange(value);
  if (range) return range;
  if (value.length === 4) return [`${value}-01-01`, `${value}-12-31`];
  if (value.length === 7) return [`${value}-01`, `${value}-31`];
  return [value, value];
}

/** The calendar day (YYYY-MM-DD, UTC) of an instant: the as-of day of a question asked then. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** `text` as an as-of day if it is a real date written YYYY-MM-DD, else undefined. */
export function parseDay(text: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && parseYmd(text) ? text : undefined;
}

export function formatValue(ymd: Partial<Ymd> & { year: number }, granularity: Granularity): string {
  if (granularity === 'year') return pad(ymd.year, 4);
  if (granularity === 'month') return `${pad(ymd.year, 4)}-${pad(ymd.month!)}`;
  return `${pad(ymd.year, 4)}-${pad(ymd.month!)}-${pad(ymd.day!)}`;
}

/** "2025-05-12" → "Mon 12 May 2025", "2025-02" → "Feb 2025", "1980" → "1980". */
export function displayDate(value: string): string {
  const coarse = displayCoarse(value, displayDate);
  if (coarse) return coarse;
  const [y, m, d] = value.split('-').map(Number);
  if (d !== undefined) {
    const weekday = WEEKDAY_ABBR[toUtc({ year: y, month: m, day: d }).getUTCDay()];
    return `${weekday} ${d} ${MONTH_ABBR[m - 1]} ${y}`;
  }
  if (m !== undefined) return `${MONTH_ABBR[m - 1]} ${y}`;
  return String(y);
}

const CALENDAR_VALUE = /^\d{4}(?:-\d\d(?:-\d\d)?)?$/;

/**
 * Compare two date values of any granularity by their first day, the coarser first when they start together:
 * "2025" < "2025-02" < "2025-02-01"; "199X" (the 1990s) before "1990"; "2023-W42" (from Mon 16 Oct) after "2023-10".
 */
export function compareValues(a: string, b: string): number {
  if (CALENDAR_VALUE.test(a) && CALENDAR_VALUE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const [as, ae] = daysCovered(a);
  const [bs, be] = daysCovered(b);
  if (as !== bs) return as < bs ? -1 : 1;
  return ae > be ? -1 : ae < be ? 1 : 0;
}

/** The words before `index` in the same clause, where a future cue would govern the date. */
function sentenceBefore(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 100), index);
  return before.slice(Math.max(before.lastIndexOf('. '), before.lastIndexOf('; ')) + 1);
}

function isFutureCue(before: string): boolean {
  return FUTURE_CUE.test(before);
}

/** The latest date with this weekday on or before `ref` (or after it, when `future`). */
function resolveWeekday(weekday: number, ref: Ymd, future: boolean): Ymd {
  const refDate = toUtc(ref);
  const refDow = refDate.getUTCDay();
  const offset = future ? (weekday - refDow + 7) % 7 || 7 : -((refDow - weekday + 7) % 7);
  return fromUtc(new Date(refDate.getTime() + offset * 86_400_000));
}

/** The latest year in which month/day falls on or before `ref` (or the next one after it, when `future`). */
function resolveYear(month: number, day: number | undefined, ref: Ymd, future: boolean): number {
  const key = (m: number, d: number) => m * 100 + d;
  const refKey = key(ref.month, day === undefined ? 0 : ref.day);
  const k = key(month, day ?? 0);
  if (future) return k > refKey || (day === undefined && month === ref.month) ? ref.year : ref.year + 1;
  return k <= refKey || (day === undefined && month === ref.month) ? ref.year : ref.year - 1;
}

interface Span {
  index: number;
  end: number;
}

const overlaps = (a: Span, b: Span) => a.index < b.end && b.index < a.end;

// Cue words that make a four-digit number a year: "in 1980", "by 2026", "since 2019", "mid-2024".
const YEAR_WITH_CUE =
  /\b(in|by|since|from|until|till|before|after|during|of|around|circa|early|late|mid|mid-|between|and|to|through|the year|year|fiscal|FY|season|spring|summer|autumn|fall|winter)[\s-]+((?:1[0-9]|20|21)\d\d)\b(?![-–/.,]?\d)/gi;
// "2009–2010", "2009-10": a span of years, dated by its start.
const YEAR_RANGE = /\b(?:(?:from|between|in)\s+)?((?:1[0-9]|20)\d\d)\s*[–—-]\s*((?:1[0-9]|20)\d\d|\d\d)\b/g;
// "Q3 2024", "the third quarter of 2024": finer than a year, but no month says which, so the year it is.
const QUARTER = /\b(?:Q[1-4]|(?:first|second|third|fourth) quarter(?: of)?)\s+((?:1[0-9]|20)\d\d)\b/gi;
const MONTH_WORD = new RegExp(`\\b(${MONTH_PATTERN})\\b`, 'i');
// A period that ended in a month: "in the year to July", "the 12 months through August", "the quarter ended March
// 2024". Its date is that month, which has ended by the time it is reported on (chrono reads "in the year" as a
// year from now).
const PERIOD_TO_MONTH = new RegExp(
  `\\b(?:(?:in|over|for|during)\\s+)?the\\s+(?:(?:\\d+|one|two|three|four|five|six|nine|twelve)[\\s-]+)?(?:fiscal\\s+|financial\\s+)?(?:year|months?|quarter|weeks?|period|half)\\s+(?:to|through|thru|until|till|ending|ended|that\\s+ended)\\s+(?:(?:the\\s+)?end\\s+of\\s+)?(${FULL_MONTH_PATTERN})(?:\\s+((?:1[0-9]|20)\\d\\d))?\\b`,
  'gi',
);
// The clause before a date tells of the past ("Prices rose until March"): a deadline word then ends a past
// period, not a coming one. Past-tense verbs: regular ones, and the irregular ones news reports use most.
const PAST_VERB =
  /\b(?:[a-z]{2,}ed|rose|fell|grew|sank|shrank|stood|held|kept|ran|went|came|began|saw|took|gave|made|won|lost|paid|sold|bought|built|left|met|led|spent|swung|slid|stayed|was|were|had)\b/i;
// A modal or an infinitive makes a participle something to be done ("must be lifted by Aug. 6").
const NOT_YET = /\b(?:must|should|would|could|can|may|might|to|be|needs?)\b/i;
const toldAsPast = (clause: string) => PAST_VERB.test(clause) && !NOT_YET.test(clause);
/** The verb that governs "until March" is next to it ("rose until March", "a visit that runs until Thursday"). */
const lastWords = (text: string, n: number) => text.trim().split(/\s+/).slice(-n).join(' ');
const LAST_NEXT_MONTH = new RegExp(`\\b(?:(early|mid|late)[\\s-]+)?(last|this|next)\\s+(${FULL_MONTH_PATTERN})\\b`, 'g');

/** chrono's reading of a length of time as a date: "for five years", "after eight years", "over two decades". */
const HOW_LONG =
  /^(for|after|over|within|in)\s+(about\s+|nearly\s+|almost\s+|some\s+|more than\s+)?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|a few|several)\s+(days?|weeks?|months?|years?|decades?)\b/i;

/**
 * Every date mentioned in `text`, resolved against `published` (the article's date). Without a publication
 * date, only dates that carry their own year are returned.
 */
export function resolveDates(text: string, published?: Ymd, options: { coarse?: boolean } = {}): DateMention[] {
  return options.coarse ? withCoarseDates(text, published, resolveDates(text, published)) : calendarDates(text, published);
}

/**
 * A timeline's dates from the answer reader's (`calendar`, as resolveDates gives them, which callers cache): the
 * coarse ones added (they win where they overlap: "the end of last year", "the summer of 2019"), and lengths of
 * time chrono reads as dates dropped ("for five years", "after eight years of work"): the timeline reads stricter
 * than the reader, whose features were fitted with chrono's dates as they are.
 */
export function withCoarseDates(text: string, published: Ymd | undefined, calendar: readonly DateMention[]): DateMention[] {
  const coarse = coarseDates(text, published, (at) => isFutureCue(sentenceBefore(text, at))).map((m) => ({
    ...m,
    future: m.future || futureOf(text, published, m.index, m.value, m.granularity),
  }));
  const found: DateMention[] = [];
  const taken: Span[] = [];
  for (const m of [...coarse, ...calendar.filter((d) => !HOW_LONG.test(d.phrase.replace(LEADING_PREPOSITION, '')))]) {
    const span = { index: m.index, end: m.index + m.phrase.length };
    if (taken.some((t) => overlaps(t, span))) continue;
    taken.push(span);
    found.push(m);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The text speaks of a date as ahead: a plan or expectation before it, or a date after publication. */
function futureOf(text: string, published: Ymd | undefined, index: number, value: string, granularity: Granularity): boolean {
  if (isFutureCue(sentenceBefore(text, index))) return true;
  if (!published) return false;
  return compareValues(value, formatValue(published, granularity)) > 0;
}

/** The preposition fromChrono quotes before a date ("on" in "…gone on for five years"). */
const LEADING_PREPOSITION =
  /^(in|on|since|by|until|till|through|from|during|before|early|late|mid|last)\s+(?=for\b|after\b|over\b|within\b|in\b)/i;

function calendarDates(text: string, published?: Ymd): DateMention[] {
  const found: DateMention[] = [];
  const taken: Span[] = [];
  const add = (m: DateMention) => {
    const span = { index: m.index, end: m.index + m.phrase.length };
    if (taken.some((t) => overlaps(t, span))) return;
    taken.push(span);
    found.push(m);
  };
  const isFuture = (index: number, value: string, granularity: Granularity) => futureOf(text, published, index, value, granularity);

  // Weeks, seasons, quarters, decades… first: their phrases hold finer-looking words ("last year", "of 2019").

  // "in the year to July": the month the period ended, on or before publication unless a plan looks ahead.
  for (const m of text.matchAll(PERIOD_TO_MONTH)) {
    const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
    if (!m[2] && !published) continue;
    const ahead = isFutureCue(sentenceBefore(text, m.index!));
    const year = m[2] ? Number(m[2]) : resolveYear(month, undefined, published!, ahead);
    const value = formatValue({ year, month }, 'month');
    add({ phrase: m[0], index: m.index!, value, granularity: 'month', future: isFuture(m.index!, value, 'month') });
  }

  // "last May", "late last July": chrono reads these as the nearest May, which is wrong for news.
  for (const m of text.matchAll(LAST_NEXT_MONTH)) {
    if (!published) continue;
    const month = MONTHS.indexOf(m[3].toLowerCase()) + 1;
    const which = m[2].toLowerCase();
    let year = published.year;
    if (which === 'last') year = month < published.month ? published.year : published.year - 1;
    if (which === 'next') year = month > published.month ? published.year : published.year + 1;
    const value = formatValue({ year, month }, 'month');
    add({ phrase: m[0], index: m.index!, value, granularity: 'month', future: isFuture(m.index!, value, 'month') });
  }

  for (const m of text.matchAll(YEAR_RANGE)) {
    const start = Number(m[1]);
    const endText = m[2].length === 2 ? `${m[1].slice(0, 2)}${m[2]}` : m[2];
    if (Number(endText) <= start || Number(endText) - start > 50) continue;
    const value = formatValue({ year: start }, 'year');
    add({ phrase: m[0], index: m.index!, value, granularity: 'year', future: isFuture(m.index!, value, 'year') });
  }
  for (const m of text.matchAll(QUARTER)) {
    const value = formatValue({ year: Number(m[1]) }, 'year');
    add({ phrase: m[0], index: m.index!, value, granularity: 'year', future: isFuture(m.index!, value, 'year') });
  }

  const reference = published ? toUtc(published) : new Date(Date.UTC(2000, 0, 1, 12));
  for (const { r, index } of chronoParse(text, reference)) {
    const mention = fromChrono(text, r, index, published, isFuture);
    if (mention) add(mention);
  }

  for (const m of text.matchAll(YEAR_WITH_CUE)) {
    const index = m.index! + m[0].length - m[2].length;
    const year = Number(m[2]);
    if (year < 1000 || year > 2199) continue;
    const value = formatValue({ year }, 'year');
    // Keep the cue word in the phrase, as a reader would quote it ("by 2026").
    add({ phrase: m[0], index: m.index!, value, granularity: 'year', future: isFuture(index, value, 'year') });
  }

  return found.sort((a, b) => a.index - b.index);
}

/**
 * chrono reads longer texts in pieces of about this many characters. Its time per result grows with the length
 * of the text before it (a refiner matches a `$`-anchored pattern against everything before each date), so a
 * 32,000-character "sentence" dense with dates took seconds; a news sentence is far shorter and read whole.
 */
const CHRONO_PIECE_CHARS = 2000;
/** Each piece is read with this much of the text on either side, so a date across a cut is read whole. */
const CHRONO_CONTEXT_CHARS = 100;

/**
 * chrono's dates in `text`, each with its offset in `text`: the same as one `chrono.casual.parse` for any text of
 * up to CHRONO_PIECE_CHARS.
 */
function chronoParse(text: string, reference: Date): { r: chrono.ParsedResult; index: number }[] {
  const parse = (t: string) => chrono.casual.parse(t, { instant: reference, timezone: 0 }, { forwardDate: false });
  if (text.length <= CHRONO_PIECE_CHARS) return parse(text).map((r) => ({ r, index: r.index }));
  const results: { r: chrono.ParsedResult; index: number }[] = [];
  for (let from = 0; from < text.length;) {
    let to = Math.min(text.length, from + CHRONO_PIECE_CHARS);
    if (to < text.length) {
      // Cut at white space near the end of the piece, if there is some.
      for (let i = to; i > Math.max(from, to - CHRONO_CONTEXT_CHARS); i--) {
        if (/\s/.test(text[i])) {
          to = i;
          break;
        }
      }
    }
    const start = Math.max(0, from - CHRONO_CONTEXT_CHARS);
    // A date is kept by the piece it starts in; the context on either side only helps read it.
    for (const r of parse(text.slice(start, Math.min(text.length, to + CHRONO_CONTEXT_CHARS)))) {
      const index = start + r.index;
      if (index >= from && index < to) results.push({ r, index });
    }
    from = to;
  }
  return results;
}

function fromChrono(
  text: string,
  r: chrono.ParsedResult,
  /** Where `r` starts in `text`. */
  at: number,
  published: Ymd | undefined,
  isFuture: (index: number, value: string, granularity: Granularity) => boolean,
): DateMention | undefined {
  let phrase = r.text.replace(/[\s,;:]+$/, '');
  let index = at;
  // Quote the preposition too ("in February"), as a reader would.
  const prep = /\b(in|on|since|by|until|till|through|from|during|before|after|early|late|mid|last)\s+$/i.exec(
    text.slice(Math.max(0, index - 12), index),
  );
  if (prep && !/^(in|on|since|by|until|till|through|from|during|before|after|early|late|mid|last)\b/i.test(phrase)) {
    phrase = prep[0] + phrase;
    index -= prep[0].length;
  }
  const known = (c: chrono.Component) => r.start.isCertain(c);
  if (
    NOT_A_DATE.test(
      phrase
        .trim()
        .replace(/^(from|since|until|by|as of|for)\s+/i, '')
        .replace(/\s+on$/i, ''),
    )
  )
    return undefined;
  // Vague spans ("in the last few years", "in recent months") name no date.
  if (/\b(few|several|recent|many|some|couple)\b/i.test(text.slice(Math.max(0, index - 20), index + phrase.length))) return undefined;
  if (DURATION_FROM_OTHER_DATE.test(phrase) || SPAN.test(phrase)) return undefined;
  // "USA TODAY" is a newspaper, not a day.
  if (/\bTODAY\b/.test(phrase)) return undefined;
  // Fractions and scores ("1/2", "3-6") are not dates.
  if (/^\d{1,2}[/-]\d{1,2}$/.test(phrase)) return undefined;
  const hasDatePart = known('year') || known('month') || known('day') || known('weekday');
  // A clock time alone ("9:30 p.m.", "$1.50 a share" read as 1:50) says nothing about the day.
  if (!hasDatePart) {
    if (/^(today|yesterday|tomorrow)$/i.test(phrase) && published) {
      const offset = { today: 0, yesterday: -1, tomorrow: 1 }[phrase.toLowerCase() as 'today'];
      const d = fromUtc(new Date(toUtc(published).getTime() + offset * 86_400_000));
      const value = formatValue(d, 'day');
      return { phrase, index, value, granularity: 'day', future: offset > 0 };
    }
    return undefined;
  }
  // Month names must be written as names: "may" and "march" in lower case are verbs.
  const monthWord = MONTH_WORD.exec(phrase);
  if (monthWord && monthWord[0][0] !== monthWord[0][0].toUpperCase()) return undefined;
  // "Sun", "Sat", "Wed" alone are far more often names or words than weekdays.
  if (!known('month') && !known('day') && !known('year') && /^(on\s+)?(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)\.?$/i.test(phrase)) {
    return undefined;
  }
  const relativeYear = /\b(last|next|this|previous|ago)\b/i.test(phrase) && !known('month') && !known('day') && !known('weekday');

  if (known('year')) {
    if (!published && relativeYear) return undefined;
    const year = r.start.get('year')!;
    const granularity: Granularity = known('day') ? 'day' : known('month') ? 'month' : 'year';
    const value = formatValue({ year, month: r.start.get('month')!, day: r.start.get('day')! }, granularity);
    return { phrase, index, value, granularity, future: isFuture(index, value, granularity) };
  }
  if (!published) return undefined;
  const before = sentenceBefore(text, index);
  // "by March" looks ahead; "rose until March" ends a past period (a past-tense verb in the same clause).
  const deadline = DEADLINE.test(phrase) && !toldAsPast(lastWords(before.slice(before.lastIndexOf(',') + 1), 4));
  const futureCue = isFutureCue(before) || /^(next|this coming)\b/i.test(phrase) || deadline;
  if (known('month')) {
    const month = r.start.get('month')!;
    const day = known('day') ? r.start.get('day')! : undefined;
    const year = resolveYear(month, day, published, futureCue);
    const granularity: Granularity = day === undefined ? 'month' : 'day';
    if (day !== undefined && !isRealDate({ year, month, day })) return undefined;
    const value = formatValue({ year, month, day }, granularity);
    return { phrase, index, value, granularity, future: futureCue || isFuture(index, value, granularity) };
  }
  if (known('weekday')) {
    // "last Friday" and "next Friday" say which one; a bare weekday in news is the latest past one.
    const explicitPast = /\blast\b/i.test(phrase);
    const explicitFuture = /\bnext\b/i.test(phrase);
    const future = explicitFuture || (!explicitPast && futureCue);
    let d = resolveWeekday(r.start.get('weekday')!, published, future);
    if (explicitPast && d.year === published.year && d.month === published.month && d.day === published.day) {
      d = fromUtc(new Date(toUtc(d).getTime() - 7 * 86_400_000));
    }
    const value = formatValue(d, 'day');
    return { phrase: phrase.replace(/\s+at\s+.*$/i, ''), index, value, granularity: 'day', future };
  }
  return undefined;
}
