/**
 * The time a question speaks of, resolved against the moment it is asked ("as of"). Two kinds:
 * - news time, said relative to now ("this week", "yesterday", "on Monday", "in March", "last year"): the news
 *   of that time, so a window of publication dates, and the words are not words of the topic;
 * - event time, a date written with its year ("in 2021", "in March 2019", "since 1979"): when the event
 *   happened, which reports of any later day tell ("How much did Chile export in 2021?" is answered by a 2022
 *   article on 2021's trade). No window: the year stays a search word, and sentences that date something in
 *   that period are preferred.
 * "latest", "recently", "now", "currently", "still" ask for the newest reports. Dates are resolved by the same
 * machinery as the corpus's (resolveDates), with the as-of day in place of a publication date.
 */
import { dayNumber, dayValue, displayDate, parseYmd, resolveDates, type DateMention } from './dates.js';

export interface TimeWindow {
  /** First and last publication day (YYYY-MM-DD) of reports about that time. */
  from: string;
  to: string;
  /** The date the question names (YYYY, YYYY-MM or YYYY-MM-DD), when it names one; sentences that mention it are preferred. */
  value?: string;
  /** How a reader would name the window: "this week", "Mon 13 Jun 2022", "Mar 2022", "2021". */
  label: string;
}

export interface QuestionTime {
  /** Publication dates of the news the question asks about (news time). */
  window?: TimeWindow;
  /** The period in which the event asked about happened (event time): its first and last day, no reporting lag. */
  event?: TimeWindow;
  /** The question asks for the current state of things: newest reports first. */
  recency: boolean;
  /** Where the time phrases are in the question, so they are not also read as words of its topic. */
  spans: { start: number; end: number }[];
}

/** Reports of an event on day D are published from D to a day or two later. */
const REPORTING_LAG_DAYS = 2;

// Phrases about weeks, which resolveDates leaves alone (in articles they are not events with a date).
const WEEK_PHRASE =
  /\b(?:(?:earlier|later)\s+)?(?:this|last|past|previous)\s+(?:past\s+)?(week|weekend)\b|\bthe\s+past\s+(?:seven|7)\s+days\b/gi;
const RECENCY_WORDS =
  /\b(latest|newest|most recent|recently|recent|currently|current|now|still|so far|as of today|these days|nowadays)\b/gi;

/** The question's time, as of the day `asOf` (YYYY-MM-DD). */
export function resolveQuestionTime(question: string, asOf: string): QuestionTime {
  const today = parseYmd(asOf);
  if (!today) throw new Error(`question-time: as-of "${asOf}" is not a YYYY-MM-DD date`);
  const now = dayNumber(asOf);
  const spans: QuestionTime['spans'] = [];
  const windows: TimeWindow[] = [];

  for (const m of question.matchAll(WEEK_PHRASE)) {
    spans.push({ start: m.index, end: m.index + m[0].length });
    const last = /\b(last|previous)\b/i.test(m[0]) && !/\bpast\b/i.test(m[0]);
    if (last) {
      // The calendar week before this one (weeks start on Monday), and the reports of its last days.
      const monday = now - ((new Date(now * 86_400_000).getUTCDay() + 6) % 7);
      windows.push({ from: dayValue(monday - 7), to: dayValue(monday - 1 + REPORTING_LAG_DAYS), label: m[0].toLowerCase() });
    } else {
      windows.push({ from: dayValue(now - 7), to: asOf, label: m[0].toLowerCase() });
    }
  }

  const events: TimeWindow[] = [];
  for (const d of resolveDates(question, today)) {
    if (spans.some((s) => d.index < s.end && d.index + d.phrase.length > s.start)) continue;
    if (namesEventTime(d)) {
      events.push(periodOf(d));
      continue;
    }
    spans.push({ start: d.index, end: d.index + d.phrase.length });
    windows.push(windowOf(d, now, asOf));
  }

  let recency = false;
  for (const m of question.matchAll(RECENCY_WORDS)) {
    recency = true;
    // "so far this year": the year is the window; "so far" only says up to now.
    if (!spans.some((s) => m.index < s.end && m.index + m[0].length > s.start)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  spans.sort((a, b) => a.start - b.start);
  // "on Monday … this week": the narrowest time named is the one asked about.
  const width = (w: TimeWindow) => dayNumber(w.to) - dayNumber(w.from);
  const narrowest = (list: TimeWindow[]) =>
    list.reduce<TimeWindow | undefined>((best, w) => (!best || width(w) < width(best) ? w : best), undefined);
  const window = narrowest(windows);
  const event = narrowest(events);
  return { ...(window ? { window } : {}), ...(event ? { event } : {}), recency, spans };
}

/** A date written with its year ("in 2021", "March 2019") names when an event happened, not which news to read. */
export function namesEventTime(d: DateMention): boolean {
  return /\b\d{4}\b/.test(d.phrase);
}

/** The days a date covers, as a window: "2021" is 1 Jan to 31 Dec 2021. */
function periodOf(d: DateMention): TimeWindow {
  return { from: dayValue(dayNumber(d.value)), to: dayValue(lastDayOf(d)), value: d.value, label: displayDate(d.value) };
}

/** The day number of the last day a date covers. */
function lastDayOf(d: DateMention): number {
  if (d.granularity === 'day') return dayNumber(d.value);
  if (d.granularity === 'month') return dayNumber(nextPeriod(d.value)) - 1;
  return dayNumber(`${Number(d.value.slice(0, 4)) + 1}`) - 1;
}

/** The publication window for reports about a date the question names. */
function windowOf(d: DateMention, now: number, asOf: string): TimeWindow {
  // A planned event ("will speak on Tuesday") is reported before it happens: the week up to now.
  if (d.future && dayNumber(d.value) > now) return { from: dayValue(now - 7), to: asOf, value: d.value, label: displayDate(d.value) };
  const first = dayNumber(d.value);
  const last = lastDayOf(d);
  return {
    from: dayValue(first),
    to: dayValue(Math.min(last + REPORTING_LAG_DAYS, Math.max(now, first))),
    value: d.value,
    label: displayDate(d.value),
  };
}

function nextPeriod(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
