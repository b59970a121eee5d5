import { describe, expect, it } from 'vitest';
import { Cooldowns } from '../src/discord/router.js';
import { loadCommands } from '../src/discord/load-commands.js';

describe('per-member cooldowns', () => {
  it('lets a member go, then says how long to wait, then lets them go again', () => {
    const c = new Cooldowns();
    expect(c.take('ask:1', 5, 0)).toBe(0);
    expect(c.take('ask:1', 5, 1200)).toBe(4);
    expect(c.take('ask:2', 5, 1200)).toBe(0);
    expect(c.take('ask:1', 5, 5000)).toBe(0);
    expect(c.take('ask:1', 0, 5001)).toBe(0);
  });
});

describe('command loader', () => {
  it('loads the three commands, each with a valid definition', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()].sort()).toEqual(['ask', 'reindex', 'timeline']);
    expect(commands.get('reindex')!.defer).toBe('ephemeral');
  });

  it('names the file and the missing export of a broken module', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/cmds-`);
    writeFileSync(`${dir}/broken.js`, 'export const data = { name: "broken", toJSON() { return {}; } };\n');
    await expect(loadCommands(dir)).rejects.toThrow('commands/broken.js: execute');
  });
});
