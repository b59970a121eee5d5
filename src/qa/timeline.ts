/**
 * A story's timeline: every dated sentence of the corpus (or of the paragraphs matching a topic), each date
 * resolved against its article's publication date, the same fact from several articles merged into one event,
 * in chronological order.
 */
import { aliasForms } from '../language/acronyms.js';
import { citationOf, EMPTY_CORPUS_MESSAGE, type Citation } from './answer.js';
import { compareValues, daysCovered, displayDate, isRealDate, MONTH_NAMES, monthNumber, type Granularity } from '../language/dates.js';
import { analyzeQuestion } from './question.js';
import type { CorpusIndex } from '../index/news-index.js';
import { sameFactChecker } from '../language/same-fact.js';
import { clauseAround } from '../language/clauses.js';
import { NewsdeskError } from '../errors.js';

export interface TimelineEvent {
  /** YYYY, YYYY-MM or YYYY-MM-DD; or coarser: YYYY-Www, YYYY-SU, YYYY-Q3, 199X (a decade), 19XX (a century). */
  date: string;
  granularity: Granularity;
  /** The words that gave the date. */
  phrase: string;
  /** The sentence, exactly as written. */
  text: string;
  /**
   * When the sentence tells of events on several dates: the part of it about this one ("…launched by Xi in
   * 2013…"), which is what the timeline shows, so that no whole sentence is read twice.
   */
  excerpt?: string;
  /** Planned or expected, not yet happened when reported. */
  future: boolean;
  citations: Citation[];
}

export interface TimelineQuery {
  topic?: string;
  from?: string;
  to?: string;
}

export interface Timeline {
  events: TimelineEvent[];
  /**
   * Set when the story is too big to read whole: the timeline is built from the `used` most relevant
   * paragraphs (newest articles first without a topic) of `matched`.
   */
  truncated?: { used: number; matched: number };
  /** Set when the index holds no article at all: the reader is told so, not that the topic has no events. */
  emptyCorpus?: boolean;
}

/** Sentences a timeline reads at most (dates are resolved per sentence, the slow part): bounds its time. */
export const MAX_TIMELINE_SENTENCES = 2000;
/**
 * Characters of paragraph text a timeline reads at most: resolving dates costs about 2 s per MB, and a
 * paragraph of one 32,000-character "sentence" (text without full stops) counts as one sentence above. Two
 * thousand news sentences are about 300,000 characters, so this bound is only reached by such text.
 */
export const MAX_TIMELINE_CHARS = 1_000_000;
/**
 * Dates one sentence gives the timeline at most (the first ones written within from/to). A news sentence names
 * a few; a "sentence" of thousands of dates (a table or a list without full stops) would otherwise make
 * thousands of events, each quoting all of it.
 */
export const MAX_DATES_PER_SENTENCE = 20;

/**
 * Events per page of a timeline: /timeline's ◀ ▶ buttons and `npm run timeline -- --page N` page by it, and each
 * page's picture draws that many. Keeps a page readable and far below Discord's embed limits.
 */
export const EVENTS_PER_PAGE = 8;

export function timelinePageCount(timeline: Timeline): number {
  return Math.max(1, Math.ceil(timeline.events.length / EVENTS_PER_PAGE));
}

/** A from/to bound a reader typed that is not a date we accept. */
export class TimelineInputError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('TIMELINE_INPUT', message, hint);
  }
}

export const ACCEPTED_DATE_FORMS = '2023, 2023-10, Oct 2023, October 2023 or 2023-10-25';

/** How a surface names the from/to bounds in its messages: Discord's options (the default), the CLI's flags. */
export interface BoundNames {
  from: string;
  to: string;
}
export const OPTION_NAMES: BoundNames = { from: 'from', to: 'to' };

/** A from/to bound as a date value at its own granularity; `name` is the bound as the person typed it (--from). */
export function parseDateBound(input: string, name = 'the date'): string {
  const s = input.trim();
  let m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  if (m) {
    const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined];
    if (month !== undefined && (month < 1 || month > 12)) throw badBound(name, input, `there is no month ${month}`);
    if (day !== undefined && !isRealDate({ year, month: month!, day })) {
      const days = new Date(Date.UTC(year, month!, 0)).getUTCDate();
      throw badBound(name, input, `${MONTH_NAMES[month! - 1]} ${year} has ${days} days`);
    }
    return [m[1], month && String(month).padStart(2, '0'), day && String(day).padStart(2, '0')].filter(Boolean).join('-');
  }
  m = /^([A-Za-z]{3,9})\.?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = monthNumber(m[1]);
    if (month) return `${m[2]}-${String(month).padStart(2, '0')}`;
    throw badBound(name, input, `"${m[1]}" is not a month`);
  }
  throw badBound(name, input);
}

function badBound(name: string, input: string, why?: string): TimelineInputError {
  return new TimelineInputError(`${name} "${input}" is not a date${why ? `: ${why}` : ''}; write it as ${ACCEPTED_DATE_FORMS}`);
}

/** The events on one date, in the order made; those from `ownFrom` on come from `article`, the one being read. */
interface SameDay {
  events: TimelineEvent[];
  ownFrom: number;
  article: number;
}

/** Build the timeline; throws TimelineInputError for a bad from/to, naming it as `names` say (Discord's options). */
export function buildTimeline(index: CorpusIndex, query: TimelineQuery = {}, names: BoundNames = OPTION_NAMES): Timeline {
  const from = query.from ? daysCovered(parseDateBound(query.from, names.from))[0] : undefined;
  const to = query.to ? daysCovered(parseDateBound(query.to, names.to))[1] : undefined;
  if (from && to && from > to) throw new TimelineInputError(`${names.from} "${query.from}" is after ${names.to} "${query.to}"; swap them`);
  if (index.articleCount === 0) return { events: [], emptyCorpus: true };

  // Candidate paragraphs, most relevant first: those holding every concept of the topic (either form of an
  // acronym counts), ranked by BM25; without a topic, the newest articles' paragraphs.
  let ranked: number[];
  if (query.topic?.trim()) {
    const q = analyzeQuestion(query.topic, index);
    const hits = index.searchParagraphs(q.searchTerms, Number.MAX_SAFE_INTEGER);
    const forms = q.concepts.map((c) => [c.terms, ...(c.alias ? aliasForms(c.alias) : [])]);
    ranked = hits.map((h) => h.paragraph).filter((p) => forms.every((groups) => groups.some((g) => index.paragraphHoldsAll(p, g))));
  } else {
    const newestFirst = index
      .allArticles()
      .map((a, i) => ({ a, i }))
      .sort((x, y) => compareValues(y.a.date ?? '', x.a.date ?? '') || x.i - y.i);
    ranked = newestFirst.flatMap(({ a }) => Array.from({ length: a.paragraphCount }, (_, k) => a.firstParagraph + k));
  }
  const paragraphs: number[] = [];
  let sentences = 0;
  let chars = 0;
  for (const p of ranked) {
    const spans = index.paragraph(p).sentences;
    const n = spans.length;
    // The paragraph's length, read from where its last sentence ends rather than by decoding its text.
    const length = n ? spans[n - 1].end : 0;
    if ((sentences + n > MAX_TIMELINE_SENTENCES || chars + length > MAX_TIMELINE_CHARS) && paragraphs.length > 0) break;
    paragraphs.push(p);
    sentences += n;
    chars += length;
  }
  paragraphs.sort((a, b) => a - b);

  const events: TimelineEvent[] = [];
  const byDate = new Map<string, SameDay>();
  const isSameFact = sameFactChecker();
  for (const p of paragraphs) {
    const article = index.paragraph(p).article;
    index.paragraph(p).sentences.forEach((_, s) => {
      const text = index.sentenceText(p, s);
      // One answer per earlier sentence: many events can quote the same sentence (one per date in it).
      const sameFactAs = new Map<string, boolean>();
      const sameAs = (other: string) => {
        let same = sameFactAs.get(other);
        if (same === undefined) sameFactAs.set(other, (same = isSameFact(other, text)));
        return same;
      };
      let taken = 0;
      // Weeks, seasons, decades… too: a timeline shows every date a reader would put on it.
      const dates = index.sentenceDates(p, s, { coarse: true }).filter((d) => {
        const [start, end] = daysCovered(d.value);
        return !((from && end < from) || (to && start > to));
      });
      for (const d of dates) {
        if (taken++ === MAX_DATES_PER_SENTENCE) break;
        const citation = citationOf(index, p);
        let sameDay = byDate.get(d.value);
        if (!sameDay) byDate.set(d.value, (sameDay = { events: [], ownFrom: 0, article }));
        // Paragraphs are read in order and an article's paragraphs are consecutive, so this article's own
        // events on this day are the last ones; they cite it already and can never take it again. Skipping
        // them keeps an article with thousands of same-day dates from being compared with itself n² times.
        if (sameDay.article !== article) Object.assign(sameDay, { ownFrom: sameDay.events.length, article });
        let same: TimelineEvent | undefined;
        for (let i = 0; i < sameDay.ownFrom && !same; i++) {
          const e = sameDay.events[i];
          if (e.citations.every((c) => c.article !== citation.article) && sameAs(e.text)) same = e;
        }
        if (same) {
          same.citations.push(citation);
          continue;
        }
        const event: TimelineEvent = {
          date: d.value,
          granularity: d.granularity,
          phrase: d.phrase,
          text,
          ...(dates.length > 1 ? { excerpt: clauseAround(text, d.index, d.index + d.phrase.length) } : {}),
          future: d.future,
          citations: [citation],
        };
        events.push(event);
        sameDay.events.push(event);
      }
    });
  }
  // Chronological by first day, the coarser first when two start together ("2025" before "2025-01" before
  // "2025-01-01"; "the 1990s" before 1990); ties by the earlier report.
  events.sort((a, b) => compareValues(a.date, b.date) || compareValues(a.citations[0].date ?? '', b.citations[0].date ?? ''));
  return paragraphs.length < ranked.length ? { events, truncated: { used: paragraphs.length, matched: ranked.length } } : { events };
}

/** What a reader is told when a big story's timeline was built from part of its paragraphs. */
/** What a timeline was asked for, as its title and its empty message show it: "“BRI” from 2023". */
export function describeTimelineQuery(q: TimelineQuery): string {
  const parts = [q.topic ? `“${q.topic}”` : 'all articles'];
  if (q.from) parts.push(`from ${q.from}`);
  if (q.to) parts.push(`to ${q.to}`);
  return parts.join(' ');
}

export function noEventsMessage(timeline: Timeline, searched: string): string {
  return timeline.emptyCorpus ? EMPTY_CORPUS_MESSAGE : `No dated events found for ${searched}.`;
}

export function truncationNote(t: { used: number; matched: number }): string {
  return `Built from the ${t.used.toLocaleString('en-US')} most relevant of ${t.matched.toLocaleString('en-US')} matching paragraphs; narrow it with a more specific topic or from/to.`;
}

/** "Wed 14 May 2025" etc., with a marker for planned events. */
export function displayEventDate(e: TimelineEvent): string {
  return `${displayDate(e.date)}${e.future ? ' (expected)' : ''}`;
}
