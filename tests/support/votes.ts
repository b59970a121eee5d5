/** A vote as /ask's 👍/👎 buttons record it, for the store tests. */
import type { FeedbackEntry } from '../../src/qa/feedback-report.js';

export function vote(answerId: string, user: string, v: 'up' | 'down', at: string): FeedbackEntry {
  return { at, answerId, user, vote: v, question: `question of ${answerId}`, quotes: [{ text: 'A quote.', article: 'a1', paragraph: 1 }] };
}

/** Votes for a report: a member changing their vote, a question typed two ways, an abstention, an older vote. */
export function reportVotes(): FeedbackEntry[] {
  const v = (at: string, answerId: string, user: string, vote: 'up' | 'down', question: string, extra: Partial<FeedbackEntry> = {}) => ({
    at,
    answerId,
    user,
    vote,
    question,
    quotes: [{ text: 'x', article: 'reuters-1', paragraph: 2 }],
    ...extra,
  });
  return [
    v('2025-05-01T10:00:00Z', 'a1', 'u1', 'up', 'When did Colombia join BRI?', { answer: 'Mon 12 May 2025' }),
    v('2025-05-01T10:05:00Z', 'a1', 'u1', 'down', 'When did Colombia join BRI?', { answer: 'Mon 12 May 2025' }),
    v('2025-05-02T09:00:00Z', 'a2', 'u2', 'down', 'when did colombia join  BRI?', { answer: '2019' }),
    v('2025-04-01T09:00:00Z', 'a3', 'u3', 'down', 'Who won the World Cup?', { abstained: true, quotes: [] }),
    v('2025-05-03T09:00:00Z', 'a4', 'u1', 'up', 'How much credit did Xi pledge?'),
  ];
}

/** What the database counts of reportVotes(), worst first. */
export const REPORT_TALLIES = [
  {
    questionKey: 'when did colombia join bri?',
    question: 'When did Colombia join BRI?',
    up: 0,
    down: 2,
    abstained: 0,
    lastVote: '2025-05-02T09:00:00Z',
  },
  {
    questionKey: 'who won the world cup?',
    question: 'Who won the World Cup?',
    up: 0,
    down: 1,
    abstained: 1,
    lastVote: '2025-04-01T09:00:00Z',
  },
  {
    questionKey: 'how much credit did xi pledge?',
    question: 'How much credit did Xi pledge?',
    up: 1,
    down: 0,
    abstained: 0,
    lastVote: '2025-05-03T09:00:00Z',
  },
];
