/**
 * 👍/👎 feedback on answers, appended to a local JSONL file: the question, the quoted paragraphs, the vote and
 * when. One vote per member per answer.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

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
}

export class FeedbackLog {
  private readonly voted = new Set<string>();

  constructor(readonly file: string) {}

  /** Record a vote; false when this member already voted on this answer. */
  async record(entry: Omit<FeedbackEntry, 'at'>): Promise<boolean> {
    const key = `${entry.answerId}:${entry.user}`;
    if (this.voted.has(key)) return false;
    this.voted.add(key);
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
    return true;
  }
}
