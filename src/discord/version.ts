/**
 * The bot's version, from the nearest package.json above this module: the checkout's under tsx, the same one
 * from dist/src/discord/ once compiled (dist/ holds no package.json of its own).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findVersion(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'newsdesk-bot' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

export const VERSION = findVersion();
