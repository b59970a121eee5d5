/**
 * Newer reports first for questions whose answer changes over time, on articles made for the purpose: the
 * order follows the publication dates, not the files or the wording.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/qa/answer.js';
import { buildIndex } from '../src/index/build/pipeline.js';

const YET = 'Portugal has yet to join the Northern Rail Pact, officials in Lisbon said.';
const JOINED = 'Portugal joined the Northern Rail Pact on Monday, officials in Lisbon said.';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function answerWith(yetDate: string, joinedDate: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'recency-'));
  dirs.push(dir);
  const article = (title: string, date: string, text: string) =>
    `---\ntitle: "${title}"\nsource: "Test Wire"\ndate: ${date}\n---\n\n${text}\n`;
  writeFileSync(path.join(dir, 'a-yet.md'), article('Rail pact talks', yetDate, YET));
  writeFileSync(path.join(dir, 'b-joined.md'), article('Portugal in rail pact', joinedDate, JOINED));
  const { index } = await buildIndex(dir, { threads: 1 });
  return answerQuestion(index, 'Has Portugal joined the Northern Rail Pact?');
}

describe('newest report first', () => {
  it('quotes "joined" (2025) before "has yet to join" (2023)', async () => {
    const answer = await answerWith('2023-03-01', '2025-05-12');
    expect(answer.quotes.map((q) => q.text)).toEqual([JOINED, YET]);
    expect(answer.quotes[0].citation.date).toBe('2025-05-12');
  });

  it('swapping the two publication dates swaps the order', async () => {
    const answer = await answerWith('2025-05-12', '2023-03-01');
    expect(answer.quotes.map((q) => q.text)).toEqual([YET, JOINED]);
    expect(answer.quotes[0].citation.date).toBe('2025-05-12');
  });
});
