/**
 * The time a question speaks of, resolved against the moment it is asked ("as of"): "this week", "yesterday",
 * "on Monday", "in March", "last year", "in 2022" become a window of publication dates; "latest", "recently",
 * "now", "currently", "still" ask for the newest reports. Dates are resolved by the same machinery as the
 * corpus's (resolveDates), with the as-of day in place of a publication date.
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
  window?: TimeWindow;
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

  for (const d of resolveDates(question, today)) {
    if (spans.some((s) => d.index < s.end && d.index + d.phrase.length > s.start)) continue;
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
  const window = windows.reduce<TimeWindow | undefined>((best, w) => (!best || width(w) < width(best) ? w : best), undefined);
  return { window, recency, spans };
}

/** The publication window for reports about a date the question names. */
function windowOf(d: DateMention, now: number, asOf: string): TimeWindow {
  // A planned event ("will speak on Tuesday") is reported before it happens: the week up to now.
  if (d.future && dayNumber(d.value) > now) return { from: dayValue(now - 7), to: asOf, value: d.value, label: displayDate(d.value) };
  const first = dayNumber(d.value);
  const last =
    d.granularity === 'day'
      ? first
      : d.granularity === 'month'
        ? dayNumber(nextPeriod(d.value)) - 1
        : dayNumber(`${Number(d.value) + 1}`) - 1;
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
