/** A vote as /ask's 👍/👎 buttons record it, for the store tests. */
import type { FeedbackEntry } from '../../src/qa/feedback-report.js';

export function vote(answerId: string, user: string, v: 'up' | 'down', at: string): FeedbackEntry {
  return { at, answerId, user, vote: v, question: `question of ${answerId}`, quotes: [{ text: 'A quote.', article: 'a1', paragraph: 1 }] };
}
