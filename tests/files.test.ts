/**
 * Paths from settings that the file system refuses: every one ends in a message naming the setting, at once,
 * whatever the refusal (a file in the way, /proc's ENOENT, /sys's EPERM), and nothing loops on a mkdir
 * (Node's recursive mkdir spins forever under /proc).
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryError, makeDirectories, makeDirectoriesAsync } from '../src/files.js';
import { ConfigError, loadConfig } from '../src/discord/config.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { writeSnapshot } from '../src/index/snapshot-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'newsdesk-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'a-file'), '');

/** Places no directory can be made, as the system refuses them (Linux). */
const REFUSED = [path.join(dir, 'a-file', 'sub'), '/proc/newsdesk-nope', '/sys/newsdesk-nope'];

describe('making the directories of a path', () => {
  it('makes the missing levels, and stops at the first refusal naming the directory and the reason', async () => {
    makeDirectories(path.join(dir, 'a', 'b', 'c'));
    await makeDirectoriesAsync(path.join(dir, 'x', 'y'));
    expect(statSync(path.join(dir, 'a', 'b', 'c')).isDirectory() && statSync(path.join(dir, 'x', 'y')).isDirectory()).toBe(true);
    makeDirectories(path.join(dir, 'a', 'b')); // there already: nothing to do
    for (const refused of REFUSED) {
      expect(() => makeDirectories(path.join(refused, 'deeper')), refused).toThrow(DirectoryError);
      await expect(makeDirectoriesAsync(path.join(refused, 'deeper')), refused).rejects.toThrow(DirectoryError);
    }
    expect(() => makeDirectories(path.join(dir, 'a-file', 'sub'))).toThrow(
      `${path.join(dir, 'a-file')} cannot be made: a file stands where a directory of the path should be (ENOTDIR)`,
    );
    expect(() => makeDirectories('/proc/newsdesk-nope/x')).toThrow(
      '/proc/newsdesk-nope cannot be made: the directory above it refuses new entries (a system directory such as /proc) (ENOENT)',
    );
    expect(existsSync('/proc/newsdesk-nope')).toBe(false);
  });

  it('the bot’s settings: INDEX_SNAPSHOT and DATABASE_FILE there are each one problem naming the setting', () => {
    for (const refused of REFUSED) {
      let message = '';
      try {
        loadConfig(
          {
            DISCORD_TOKEN: 'MTIz.GaBc.abcd',
            INDEX_SNAPSHOT: path.join(refused, 'index.snapshot'),
            DATABASE_FILE: path.join(refused, 'db.sqlite'),
          },
          { dotenv: false, paths: true },
        );
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        message = (err as Error).message;
      }
      const lines = message.split('\n');
      expect(lines[0], refused).toBe('Configuration problems:');
      expect(
        lines.filter((l) => l.startsWith(`- INDEX_SNAPSHOT ${path.join(refused, 'index.snapshot')} cannot be written: `)),
      ).toHaveLength(1);
      expect(lines.filter((l) => l.startsWith(`- DATABASE_FILE ${path.join(refused, 'db.sqlite')} cannot be written: `))).toHaveLength(1);
    }
  });

  it('the database and the snapshot, opened there all the same, fail at once with the file named', async () => {
    for (const refused of REFUSED) {
      expect(() => SqliteStore.open(path.join(refused, 'db.sqlite'))).toThrow(
        `the bot's database ${path.join(refused, 'db.sqlite')} cannot be opened for writing`,
      );
      await expect(writeSnapshot(path.join(refused, 'index.snapshot'), { version: 0 } as never)).rejects.toThrow(DirectoryError);
    }
  });
});
