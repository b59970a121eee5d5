/**
 * What members thought of the answers, from the feedback log (one JSON object per vote): per question, the votes
 * that count (a member's last vote on an answer), the short answers shown and the articles quoted, worst first,
 * so moderators see what to fix. The log's line format lives here, under both the bot that writes it and the CLI
 * that reads it.
 */

/** One vote, as the bot appends it to FEEDBACK_LOG. */
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
}

/** Votes in the log's text; lines that are not a vote (a line cut short by a crash) are skipped. */
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

/**
 * Per question (same wording, case and spacing aside), the votes that count since `since` (YYYY-MM-DD), worst
 * first: most 👎 over 👍, then most 👎, then the most recent.
 */
export function summarizeFeedback(entries: readonly FeedbackEntry[], since?: string): QuestionFeedback[] {
  const last = new Map<string, FeedbackEntry>();
  for (const e of entries) if (!since || e.at.slice(0, 10) >= since) last.set(`${e.answerId}:${e.user}`, e);
  const byQuestion = new Map<string, QuestionFeedback & { counts: Map<string, number> }>();
  for (const e of last.values()) {
    const key = e.question.trim().replace(/\s+/g, ' ').toLowerCase();
    let q = byQuestion.get(key);
    if (!q)
      byQuestion.set(
        key,
        (q = { question: e.question.trim(), up: 0, down: 0, abstained: 0, answers: [], articles: [], lastVote: e.at, counts: new Map() }),
      );
    if (e.vote === 'up') q.up++;
    else q.down++;
    if (e.abstained) q.abstained++;
    if (e.answer && !q.answers.includes(e.answer)) q.answers.push(e.answer);
    for (const a of [...e.quotes.map((x) => x.article), ...(e.articles ?? [])]) q.counts.set(a, (q.counts.get(a) ?? 0) + 1);
    if (e.at > q.lastVote) q.lastVote = e.at;
  }
  const out = [...byQuestion.values()].map(({ counts, ...q }) => ({
    ...q,
    articles: [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id),
  }));
  return out.sort((a, b) => b.down - b.up - (a.down - a.up) || b.down - a.down || (a.lastVote < b.lastVote ? 1 : -1));
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
          ? [`   articles: ${r.articles.slice(0, 5).join(', ')}${r.articles.length > 5 ? `, … ${r.articles.length - 5} more` : ''}`]
          : []),
      ].join('\n'),
    )
    .join('\n\n');
}
