/**
 * The dates a reader puts on a timeline that are coarser than a month or not written as calendar dates: weeks
 * ("this week" → its ISO week), seasons ("last summer"), quarters ("the third quarter"), fiscal years, "the end
 * of the year", decades ("the 1990s"), centuries ("the 20th century"), and years written before a noun ("a 2010
 * commando raid", "Iran's 2009 election"). Each keeps its own granularity and a value in the TimeML style:
 * `2023-W42`, `2023-SU`, `2024-Q3`, `199X` (a decade), `19XX` (a century: the 20th), `2010`.
 *
 * These read as events on a timeline; the answer reader does not use them (its features were fitted without),
 * so `resolveDates` adds them only when asked (`{ coarse: true }`).
 */

/** Calendar day arithmetic in UTC, as dates.ts does it. */
interface Day {
  year: number;
  month: number;
  day: number;
}

const toTime = ({ year, month, day }: Day) => Date.UTC(year, month - 1, day, 12);
const DAY_MS = 86_400_000;

/** The ISO week ("2023-W42") of a day, `weeks` weeks away: the week's Thursday decides its year (ISO 8601). */
export function isoWeekOf(d: Day, weeks = 0): string {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + weeks * 7 * DAY_MS);
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The Monday an ISO week starts on, as a UTC time. */
function weekStart(value: string): number {
  const m = /^(\d{4})-W(\d{2})$/.exec(value)!;
  const jan4 = Date.UTC(Number(m[1]), 0, 4, 12);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return monday + (Number(m[2]) - 1) * 7 * DAY_MS;
}

export const SEASONS = ['SP', 'SU', 'FA', 'WI'] as const;
type Season = (typeof SEASONS)[number];
/** The first month of each season (northern, meteorological): winter runs from December into the next year. */
const SEASON_START: Record<Season, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };
const SEASON_WORD: Record<string, Season> = { spring: 'SP', summer: 'SU', autumn: 'FA', fall: 'FA', winter: 'WI' };
const SEASON_NAME: Record<Season, string> = { SP: 'spring', SU: 'summer', FA: 'autumn', WI: 'winter' };

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The first and last day (YYYY-MM-DD) of a coarse value, or undefined when `value` is not one: a week, a season,
 * a quarter, a decade or a century.
 */
export function coarseRange(value: string): [string, string] | undefined {
  // Calendar values (digits and dashes) are most of them: one test instead of five.
  if (!/[A-Z]/.test(value)) return undefined;
  let m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) {
    const start = weekStart(value);
    return [iso(start), iso(start + 6 * DAY_MS)];
  }
  m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
  if (m) {
    const year = Number(m[1]);
    const first = SEASON_START[m[2] as Season];
    const start = Date.UTC(year, first - 1, 1, 12);
    const end = Date.UTC(year, first + 2, 0, 12);
    return [iso(start), iso(end)];
  }
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) {
    const q = Number(m[2]);
    return [iso(Date.UTC(Number(m[1]), (q - 1) * 3, 1, 12)), iso(Date.UTC(Number(m[1]), q * 3, 0, 12))];
  }
  m = /^(\d{3})X$/.exec(value);
  if (m) return [`${m[1]}0-01-01`, `${m[1]}9-12-31`];
  m = /^(\d{2})XX$/.exec(value);
  if (m) return [`${m[1]}00-01-01`, `${m[1]}99-12-31`];
  return undefined;
}

const ORDINAL = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** A coarse value as a reader says it: "week of Mon 16 Oct 2023", "summer 2023", "Q3 2024", "the 1990s", "the 20th century". */
export function displayCoarse(value: string, displayDay: (day: string) => string): string | undefined {
  let m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) return `week of ${displayDay(iso(weekStart(value)))}`;
  m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
  if (m) return m[2] === 'WI' ? `winter ${m[1]}–${String(Number(m[1]) + 1).slice(2)}` : `${SEASON_NAME[m[2] as Season]} ${m[1]}`;
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) return `Q${m[2]} ${m[1]}`;
  m = /^(\d{3})X$/.exec(value);
  if (m) return `the ${m[1]}0s`;
  m = /^(\d{2})XX$/.exec(value);
  if (m) return `the ${ORDINAL(Number(m[1]) + 1)} century`;
  return undefined;
}

export type CoarseGranularity = 'century' | 'decade' | 'season' | 'quarter' | 'week' | 'year' | 'month';

export interface CoarseMention {
  phrase: string;
  index: number;
  value: string;
  granularity: CoarseGranularity;
  /** Set for a relative phrase pointing after the publication date ("next summer"). */
  future: boolean;
}

/** The season occurrence (its December's year for winter) a day falls in. */
function seasonOf(d: Day): { year: number; season: Season } {
  if (d.month === 12) return { year: d.year, season: 'WI' };
  if (d.month <= 2) return { year: d.year - 1, season: 'WI' };
  return { year: d.year, season: SEASONS[Math.floor((d.month - 3) / 3)] };
}

/** Occurrences of `season` near `published`, by which a relative word picks one. */
function relativeSeason(season: Season, which: string, published: Day): number {
  const now = toTime(published);
  const range = (year: number) => coarseRange(`${year}-${season}`)!.map((d) => Date.parse(`${d}T12:00:00Z`));
  const years = [published.year - 2, published.year - 1, published.year, published.year + 1];
  if (which === 'last') return years.filter((y) => range(y)[1] < now).at(-1)!;
  if (which === 'next') return years.find((y) => range(y)[0] > now)!;
  // "this summer": the one running now, else the nearer of the last and the next.
  const current = seasonOf(published);
  if (current.season === season) return current.year;
  return years.map((y) => ({ y, gap: Math.min(Math.abs(range(y)[0] - now), Math.abs(range(y)[1] - now)) })).sort((a, b) => a.gap - b.gap)[0]
    .y;
}

const YEAR4 = '((?:1[0-9]|20)\\d\\d)';
const WEEK = /\b(for|over)?\s*\b(this|last|next|the past|the last|the coming)\s+week\b(?!s|end)/gi;
const SEASON = new RegExp(
  `\\b(?:(last|this|next|early|late|mid)[\\s-]+)?(?:the\\s+)?(spring|summer|autumn|fall|winter)\\b(?:\\s+(?:of\\s+)?${YEAR4}\\b)?`,
  'gi',
);
const QUARTER = new RegExp(
  `\\b(?:(Q[1-4])|(?:the\\s+)?(first|second|third|fourth|last|this|next|current|previous)\\s+quarter)(?:\\s+(?:of\\s+)?${YEAR4}\\b)?`,
  'gi',
);
const FISCAL = /\b(this|last|next|the current|the previous|the coming)\s+fiscal\s+year\b/gi;
const MONTH_PART = /\b(?:the\s+)?(end|start|beginning|middle|rest)\s+of\s+(the|this|last|next)\s+month\b/gi;
const YEAR_PART = /\b(?:the\s+)?(end|start|beginning|middle|rest|first half|second half)\s+of\s+(the|this|last|next)\s+year\b/gi;
const DECADE = /\b(?:the\s+)?(?:(early|mid|late)[\s-]+)?((?:1[0-9]|20)\d0)['’]?s\b|\bthe\s+['’](\d0)s\b/gi;
const CENTURY = /\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)[\s-]+century\b|\b(this|last|next|the last|the previous)\s+century\b/gi;
/** A determiner or possessive, a four-digit number, a lower-case word: where an attributive year can be. */
const ATTRIBUTIVE_CUE = /(?:\b(?:an?|the|his|her|its|their|our|this|that)|['’]s)\s+\d{4}\s+[a-z]/i;

/** Nouns that make a four-digit number a count, not a year: "a 2000 metres race", "the 1500 troops". */
const QUANTITY_NOUNS =
  '(?:people|persons|troops|soldiers|workers|jobs|homes|houses|cars|vehicles|units|tons|tonnes|barrels|metres|meters|km|kilometres|kilometers|miles|feet|yards|acres|hectares|dollars|euros|pounds|yuan|rupees|pesos|points|votes|seats|calories|words|pages|copies|cases|deaths|patients|students|children|members|megawatts|mw|gw|kwh|square|sq|miles?|hours|minutes|seconds|days|weeks|months|years)';
/** A year written before the noun it dates: "a 2010 commando raid", "his 2007 presidential campaign", "Iran's 2009 election". */
const ATTRIBUTIVE_YEAR = new RegExp(
  `\\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|[Tt]his|[Tt]hat|[A-Z][\\w.]*['’]s)\\s+${YEAR4}\\s+(?=[a-z])(?!${QUANTITY_NOUNS}\\b)`,
  'g',
);

const QUARTER_WORDS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4 };

/**
 * The coarse dates in `text`, resolved against `published` (relative ones need it; a year written does not).
 * `lookingAhead(index)`: whether the words before `index` speak of a plan ("plans a terminal in the second
 * quarter"), so that an ambiguous period is the next one rather than the last.
 */
export function coarseDates(text: string, published?: Day, lookingAhead: (index: number) => boolean = () => false): CoarseMention[] {
  const out: CoarseMention[] = [];
  const pubTime = published ? toTime(published) : undefined;
  const futureOf = (value: string) => {
    if (pubTime === undefined) return false;
    const range = coarseRange(value);
    return range ? Date.parse(`${range[0]}T12:00:00Z`) > pubTime : Number(value) > published!.year;
  };
  const push = (phrase: string, index: number, value: string, granularity: CoarseGranularity) =>
    out.push({ phrase: phrase.trim(), index, value, granularity, future: futureOf(value) });

  // Each kind only where its word is: most sentences name none, and a regex pass over each costs a timeline.
  const lower = text.toLowerCase();
  const has = (...words: string[]) => words.some((w) => lower.includes(w));
  for (const m of has('week') ? text.matchAll(WEEK) : []) {
    // "for the past week", "over the last week": how long, not when.
    if (m[1] || !published) continue;
    const which = m[2].toLowerCase();
    const offset = which === 'last' ? -1 : which === 'next' || which === 'the coming' ? 1 : 0;
    const start = m.index! + m[0].indexOf(m[2]);
    push(text.slice(start, m.index! + m[0].length), start, isoWeekOf(published, offset), 'week');
  }
  for (const m of has('spring', 'summer', 'autumn', 'fall', 'winter') ? text.matchAll(SEASON) : []) {
    const [, cue, word, year] = m;
    const season = SEASON_WORD[word.toLowerCase()];
    // "fall" is a verb and a season is a common word: only a season with a year or a last/this/next is a date.
    if (year) push(m[0], m.index!, `${year}-${season}`, 'season');
    else if (cue && ['last', 'this', 'next'].includes(cue.toLowerCase()) && published)
      push(m[0], m.index!, `${relativeSeason(season, cue.toLowerCase(), published)}-${season}`, 'season');
  }
  for (const m of has('quarter', 'q1', 'q2', 'q3', 'q4') ? text.matchAll(QUARTER) : []) {
    const [, q, word, year] = m;
    // "the last quarter of 2022" is its fourth.
    const n = q ? Number(q[1]) : (QUARTER_WORDS[word.toLowerCase()] ?? (year && word.toLowerCase() === 'last' ? 4 : undefined));
    if (year && n) {
      push(m[0], m.index!, `${year}-Q${n}`, 'quarter');
      continue;
    }
    if (!published) continue;
    const current = { year: published.year, q: Math.floor((published.month - 1) / 3) + 1 };
    const shift = (k: number) => {
      const i = current.year * 4 + current.q - 1 + k;
      return `${Math.floor(i / 4)}-Q${(i % 4) + 1}`;
    };
    const w = (word ?? '').toLowerCase();
    // A quarter named alone is the latest one of that name, or the next one when the sentence looks ahead.
    if (n)
      push(
        m[0],
        m.index!,
        lookingAhead(m.index!)
          ? n > current.q
            ? `${current.year}-Q${n}`
            : `${current.year + 1}-Q${n}`
          : n <= current.q
            ? `${current.year}-Q${n}`
            : `${current.year - 1}-Q${n}`,
        'quarter',
      );
    else if (w === 'last' || w === 'previous') push(m[0], m.index!, shift(-1), 'quarter');
    else if (w === 'next') push(m[0], m.index!, shift(1), 'quarter');
    else if (w === 'this' || w === 'current') push(m[0], m.index!, shift(0), 'quarter');
  }
  for (const m of has('fiscal') ? text.matchAll(FISCAL) : []) {
    if (!published) continue;
    const w = m[1].toLowerCase();
    const year = published.year + (w === 'last' || w === 'the previous' ? -1 : w === 'next' || w === 'the coming' ? 1 : 0);
    push(m[0], m.index!, String(year), 'year');
  }
  for (const m of has(' month') ? text.matchAll(MONTH_PART) : []) {
    if (!published) continue;
    const w = m[2].toLowerCase();
    const shift = w === 'last' ? -1 : w === 'next' ? 1 : 0;
    const i = published.year * 12 + published.month - 1 + shift;
    push(m[0], m.index!, `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, 'month');
  }
  for (const m of has(' year') ? text.matchAll(YEAR_PART) : []) {
    if (!published) continue;
    const w = m[2].toLowerCase();
    push(m[0], m.index!, String(published.year + (w === 'last' ? -1 : w === 'next' ? 1 : 0)), 'year');
  }
  for (const m of /\d0['’]?s\b/.test(text) ? text.matchAll(DECADE) : []) {
    const decade = m[2] ?? (m[3] ? `${Number(m[3]) >= 30 ? '19' : '20'}${m[3]}` : undefined);
    if (decade) push(m[0], m.index!, `${decade.slice(0, 3)}X`, 'decade');
  }
  for (const m of has('century') ? text.matchAll(CENTURY) : []) {
    if (m[1]) {
      const n = Number(m[1]);
      if (n >= 1 && n <= 22) push(m[0], m.index!, `${String(n - 1).padStart(2, '0')}XX`, 'century');
    } else if (published) {
      const w = m[2].toLowerCase();
      const c = Math.floor(published.year / 100) + (w === 'next' ? 1 : w === 'this' ? 0 : -1);
      push(m[0], m.index!, `${c}XX`, 'century');
    }
  }
  for (const m of ATTRIBUTIVE_CUE.test(text) ? text.matchAll(ATTRIBUTIVE_YEAR) : []) {
    const start = m.index! + m[0].indexOf(m[1]);
    push(m[1], start, m[1], 'year');
  }
  return out;
}
