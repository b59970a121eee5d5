/**
 * Upgrade without loss: the state that earlier versions kept in files beside FEEDBACK_LOG — the votes (the log
 * itself), the answers archive (`answers.<N>.jsonl`), the suggested questions (`asked.<N>.jsonl`) and the last
 * /reindex (`last-reindex.json`) — is read into the database once, in the order it was written, and each file is
 * then renamed `<name>.imported`, left in place.
 */
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFeedback } from '../qa/feedback-report.js';
import type { ReindexRecord, StateStore } from './state-store.js';

export interface ImportReport {
  votes: number;
  answers: number;
  timelines: number;
  questions: number;
  reindex: boolean;
  /** The files read (each renamed `<name>.imported` unless listed in `notRenamed`). */
  files: string[];
  /** Files that could not be renamed: left in place, and never read again (the database remembers them). */
  notRenamed: string[];
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

/** Discord's epoch: an interaction id (a snowflake) holds the milliseconds since it in its top bits. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** When the interaction `id` happened, so an imported answer's retention counts from when it was given. */
function givenAt(id: string): number | undefined {
  return /^\d{15,20}$/.test(id) ? Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS) : undefined;
}

/**
 * Import the files beside `feedbackLog` into `store`, then rename them; what was imported. Each file is marked
 * imported in the database (by path, size and time) once all of it is in, so a file read once is never read
 * again, even when it cannot be renamed; one cut short by a failure is read again whole, which changes nothing
 * (records are keyed by id, and an older vote never replaces a newer one).
 */
export async function importFileState(store: StateStore, feedbackLog: string): Promise<ImportReport> {
  const dir = path.dirname(feedbackLog);
  const report: ImportReport = { votes: 0, answers: 0, timelines: 0, questions: 0, reindex: false, files: [], notRenamed: [] };
  /** Run `read` over the file unless the database says it was imported; then mark it, and rename it. */
  const once = async (file: string, read: (text: string) => Promise<void>) => {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return;
    const key = `${path.resolve(file)}:${info.size}:${Math.round(info.mtimeMs)}`;
    if (!(await store.wasImported(key))) {
      await read(await readFile(file, 'utf8'));
      await store.markImported(key);
      report.files.push(file);
    }
    try {
      await rename(file, `${file}.imported`);
    } catch {
      report.notRenamed.push(file);
    }
  };

  await once(feedbackLog, async (text) => {
    for (const entry of parseFeedback(text)) {
      await store.importVote(entry);
      report.votes++;
    }
  });
  for (const file of await generations(dir, 'answers'))
    await once(file, async (text) => {
      for (const line of jsonLines(text)) {
        const { id, answer, timeline } = line as { id?: unknown; answer?: unknown; timeline?: unknown };
        if (typeof id !== 'string') continue;
        if (answer !== undefined) {
          await store.saveRecord('answer', id, answer, givenAt(id));
          report.answers++;
        } else if (timeline !== undefined) {
          await store.saveRecord('timeline', id, timeline, givenAt(id));
          report.timelines++;
        }
      }
    });
  for (const file of await generations(dir, 'asked'))
    await once(file, async (text) => {
      // In file order: a question marked 👎 after it was asked stays out.
      for (const line of jsonLines(text)) {
        const { server, question, forget } = line as { server?: unknown; question?: unknown; forget?: unknown };
        if (typeof server !== 'string' || typeof question !== 'string') continue;
        if (forget === true) await store.forgetQuestion(server, question);
        else await store.rememberQuestion(server, question);
        report.questions++;
      }
    });
  await once(path.join(dir, 'last-reindex.json'), async (text) => {
    try {
      const record = JSON.parse(text) as ReindexRecord;
      if (typeof record.at === 'string' && typeof record.by === 'string' && typeof record.result === 'string') {
        await store.recordReindex({ at: record.at, by: record.by, result: record.result, ok: record.ok === true });
        report.reindex = true;
      }
    } catch {
      // a file cut short: nothing to import
    }
  });
  return report;
}
