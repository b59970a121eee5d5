/**
 * Upgrade without loss: the state that earlier versions kept in files beside FEEDBACK_LOG — the votes (the log
 * itself), the answers archive (`answers.<N>.jsonl`), the suggested questions (`asked.<N>.jsonl`) and the last
 * /reindex (`last-reindex.json`) — is read into the database once, in the order it was written, and each file is
 * then renamed `<name>.imported`, left in place, so that it is never imported twice.
 */
import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { parseFeedback } from '../qa/feedback-report.js';
import type { ReindexRecord, StateStore } from './state-store.js';

export interface ImportReport {
  votes: number;
  answers: number;
  timelines: number;
  questions: number;
  reindex: boolean;
  /** The files read and renamed. */
  files: string[];
}

/**
 * The generations of a shared log in `dir`, oldest first: `<name>.jsonl` (the single file of the versions before
 * generations), then `<name>.1.jsonl`, `<name>.2.jsonl`…
 */
async function generations(dir: string, name: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${name}(?:\\.(\\d+))?\\.jsonl$`);
  return names
    .map((n) => ({ n, m: pattern.exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => !!x.m)
    .sort((a, b) => Number(a.m[1] ?? 0) - Number(b.m[1] ?? 0))
    .map((x) => path.join(dir, x.n));
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Lines of a JSONL file parsed, those cut short by a crash skipped. */
function jsonLines(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // a line torn by a crash or by two writers: it was never read back by the old version either
    }
  }
  return out;
}

/** Import the files beside `feedbackLog` into `store`, then rename them; what was imported. */
export async function importFileState(store: StateStore, feedbackLog: string): Promise<ImportReport> {
  const dir = path.dirname(feedbackLog);
  const report: ImportReport = { votes: 0, answers: 0, timelines: 0, questions: 0, reindex: false, files: [] };
  const done: string[] = [];

  const votes = await readIfThere(feedbackLog);
  if (votes !== undefined) {
    // In the order cast: the last vote of a member on an answer is the one that counts.
    for (const entry of parseFeedback(votes)) if ((await store.recordVote(entry)) !== 'unchanged') report.votes++;
    done.push(feedbackLog);
  }
  for (const file of await generations(dir, 'answers')) {
    for (const line of jsonLines(await readFile(file, 'utf8'))) {
      const { id, answer, timeline } = line as { id?: unknown; answer?: unknown; timeline?: unknown };
      if (typeof id !== 'string') continue;
      if (answer !== undefined) {
        await store.saveRecord('answer', id, answer);
        report.answers++;
      } else if (timeline !== undefined) {
        await store.saveRecord('timeline', id, timeline);
        report.timelines++;
      }
    }
    done.push(file);
  }
  for (const file of await generations(dir, 'asked')) {
    for (const line of jsonLines(await readFile(file, 'utf8'))) {
      const { server, question, forget } = line as { server?: unknown; question?: unknown; forget?: unknown };
      if (typeof server !== 'string' || typeof question !== 'string') continue;
      if (forget === true) await store.forgetQuestion(server, question);
      else await store.rememberQuestion(server, question);
      report.questions++;
    }
    done.push(file);
  }
  const lastReindex = path.join(dir, 'last-reindex.json');
  const reindex = await readIfThere(lastReindex);
  if (reindex !== undefined) {
    try {
      const record = JSON.parse(reindex) as ReindexRecord;
      if (typeof record.at === 'string' && typeof record.by === 'string' && typeof record.result === 'string') {
        await store.recordReindex({ at: record.at, by: record.by, result: record.result, ok: record.ok === true });
        report.reindex = true;
      }
    } catch {
      // a file cut short: nothing to import
    }
    done.push(lastReindex);
  }
  // Renamed only once everything is in: a failure part-way leaves every file to be imported again (records and
  // votes are keyed, so nothing counts twice).
  for (const file of done) await rename(file, `${file}.imported`);
  report.files = done;
  return report;
}
