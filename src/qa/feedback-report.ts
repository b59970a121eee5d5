/**
 * What members thought of the answers: per question, the votes that count (a member's last vote on an answer),
 * the short answers shown and the articles quoted, worst first, so moderators see what to fix. A vote's fields
 * live here, under the bot that records it, the database that keeps it and the CLI that reports it; so does the
 * JSON-lines form votes are exported in (and were kept in before the database).
 */

/** One vote, as the bot records it (and `npm run feedback -- --export` prints it, one per line). */
export interface FeedbackEntry {
  at: string;
  answerId: string;
  user: string;
  vote: 'up' | 'down';
  question: string;
  /** The short answer shown first, if any: a wrong one is what a 👎 most often means. */
  answer?: string;
  quotes: { text: string; article: string; paragraph: number }[];
  /** For an answer read from the front matter: the articles it was read from. */
  articles?: string[];
  /** The bot said the corpus does not hold the answer. */
  abstained?: boolean;
  /** The titles of the articles quoted or read, by id: what the report shows (votes before it have ids only). */
  titles?: Record<string, string>;
}

export interface QuestionFeedback {
  question: string;
  up: number;
  down: number;
  /** Times it was answered "not in the corpus" among the answers voted on. */
  abstained: number;
  /** Short answers shown, as written. */
  answers: string[];
  /** Articles quoted (or read), most quoted first. */
  articles: string[];
  lastVote: string;
  /** Titles of the articles, by id, where the votes recorded them. */
  titles?: Record<string, string>;
}

/** Votes in JSON-lines text (an export, or an earlier version's FEEDBACK_LOG); lines that are not a vote (a line cut short by a crash) are skipped. */
export function parseFeedback(text: string): FeedbackEntry[] {
  const out: FeedbackEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as FeedbackEntry;
      if (e && typeof e.question === 'string' && e.answerId && e.user && (e.vote === 'up' || e.vote === 'down')) out.push(e);
    } catch {
      continue;
    }
  }
  return out;
}

/** How two wordings of a question are compared: case and spacing aside. */
export function questionKey(question: string): string {
  return question.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A question's votes as the database counts them (store/state-store.ts VoteTally). */
export interface QuestionTally {
  questionKey: string;
  question: string;
  up: number;
  down: number;
  abstained: number;
  lastVote: string;
}

/**
 * The report's rows: the database's tallies, in their order (worst first), each with the short answers shown
 * and the articles quoted (most quoted first) read from the votes themselves.
 */
export function describeTallies(tallies: readonly QuestionTally[], entries: readonly FeedbackEntry[]): QuestionFeedback[] {
  const detail = new Map<string, { answers: string[]; counts: Map<string, number>; titles: Record<string, string> }>();
  for (const e of entries) {
    const key = questionKey(e.question);
    let d = detail.get(key);
    if (!d) detail.set(key, (d = { answers: [], counts: new Map(), titles: {} }));
    Object.assign(d.titles, e.titles);
    if (e.answer && !d.answers.includes(e.answer)) d.answers.push(e.answer);
    for (const a of [...e.quotes.map((x) => x.article), ...(e.articles ?? [])]) d.counts.set(a, (d.counts.get(a) ?? 0) + 1);
  }
  return tallies.map((t) => {
    const d = detail.get(t.questionKey);
    return {
      question: t.question,
      up: t.up,
      down: t.down,
      abstained: t.abstained,
      answers: d?.answers ?? [],
      articles: d ? [...d.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id) : [],
      lastVote: t.lastVote,
      ...(d && Object.keys(d.titles).length ? { titles: d.titles } : {}),
    };
  });
}

/** The report as text: one block per question, worst first. */
export function renderFeedbackText(rows: readonly QuestionFeedback[]): string {
  if (!rows.length) return 'No votes yet.';
  return rows
    .map((r) =>
      [
        `👎 ${r.down}  👍 ${r.up}  “${r.question}”`,
        ...(r.abstained ? [`   answered "not in the corpus" ${r.abstained} time(s)`] : []),
        ...(r.answers.length ? [`   short answer: ${r.answers.join(' | ')}`] : []),
        ...(r.articles.length
          ? [
              `   articles: ${r.articles
                .slice(0, 5)
                .map((id) => (r.titles?.[id] ? `“${r.titles[id]}” (${id})` : id))
                .join(', ')}${r.articles.length > 5 ? `, … ${r.articles.length - 5} more` : ''}`,
            ]
          : []),
      ].join('\n'),
    )
    .join('\n\n');
}
