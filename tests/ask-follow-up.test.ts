/**
 * `npm run ask` with follow-ups (issue 35): `--after "previous" "follow-up"` answers the previous question first
 * and prints "Read as: …" when the follow-up is read otherwise; `--questions FILE` reads lines with the same
 * "conversation" as one conversation in file order; `--json` adds "readAs" only when it differs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as ask } from '../src/cli/ask.js';
import { runMain } from './support/cli.js';

const AS_OF = ['--as-of', '2026-01-01'];

describe('npm run ask -- --after', () => {
  it('prints "Read as" and answers the rewritten question', async () => {
    const run = await runMain(ask, [...AS_OF, '--after', 'When did Petro visit Beijing?', 'When did he take office?']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('Read as: When did Petro take office?\n\n')).toBe(true);
  });

  it('--json: "readAs" when it differs, none for a follow-up that stands alone (answered as alone)', async () => {
    const followed = JSON.parse(
      (await runMain(ask, [...AS_OF, '--json', '--after', 'When did Colombia join the Belt and Road?', 'Why?'])).stdout,
    );
    expect(followed.readAs).toBe('Why did Colombia join the Belt and Road?');
    expect(followed.question).toBe(followed.readAs);
    const alone = 'How much credit did Xi pledge?';
    const after = JSON.parse((await runMain(ask, [...AS_OF, '--json', '--after', 'When did Colombia join BRI?', alone])).stdout);
    const asked = JSON.parse((await runMain(ask, [...AS_OF, '--json', alone])).stdout);
    expect(after).not.toHaveProperty('readAs');
    expect({ ...after, ms: 0 }).toEqual({ ...asked, ms: 0 });
  });

  it('refuses --after with --questions, and an empty previous question', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ask-follow-'));
    const file = path.join(dir, 'q.jsonl');
    writeFileSync(file, '{"question": "Why?"}\n');
    expect((await runMain(ask, ['--after', 'x', '--questions', file])).code).toBe(2);
    const empty = await runMain(ask, ['--after', '  ', 'Why?']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/empty/);
  });
});

describe('npm run ask -- --questions FILE with conversations', () => {
  it('reads each line in the context of the line before of the same conversation, in file order', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ask-follow-'));
    const file = path.join(dir, 'q.jsonl');
    const lines = [
      { id: 'a1', conversation: 'a', question: 'When did Colombia join the Belt and Road?' },
      { id: 'b1', conversation: 'b', question: 'When did Petro visit Beijing?' },
      { id: 'a2', conversation: 'a', question: 'And Panama?' },
      { id: 'b2', conversation: 'b', question: 'When did he take office?' },
      { id: 'a3', conversation: 'a', question: 'Why?' },
      { id: 'x', question: 'Why?' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const run = await runMain(ask, [...AS_OF, '--questions', file]);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'x']);
    expect(out.map((o) => o.readAs ?? null)).toEqual([
      null,
      null,
      'When did Panama join the Belt and Road?',
      'When did Petro take office?',
      'Why did Panama join the Belt and Road?',
      null,
    ]);
  });
});
