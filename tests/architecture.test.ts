/**
 * The layers DESIGN.md draws, checked over the source: imports only point down (language → corpus → index →
 * qa → cli / discord → commands), there is no import loop, and nothing below discord/ knows Discord.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKERS } from '../src/index/build/protocol.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Lower layers first; a module may import its own layer and any below it. */
const LAYERS: { name: string; rank: number; test: (file: string) => boolean }[] = [
  { name: 'base', rank: 0, test: (f) => f === 'src/errors.ts' || f === 'src/files.ts' },
  { name: 'language', rank: 1, test: (f) => f.startsWith('src/language/') },
  { name: 'corpus', rank: 2, test: (f) => f.startsWith('src/corpus/') },
  { name: 'index', rank: 3, test: (f) => f.startsWith('src/index/') },
  { name: 'qa', rank: 4, test: (f) => f.startsWith('src/qa/') },
  { name: 'store', rank: 4.5, test: (f) => f.startsWith('src/store/') },
  { name: 'cli', rank: 5, test: (f) => f.startsWith('src/cli/') },
  { name: 'discord', rank: 5, test: (f) => f.startsWith('src/discord/') },
  { name: 'commands', rank: 6, test: (f) => f.startsWith('commands/') },
];

function layerOf(file: string) {
  const layer = LAYERS.find((l) => l.test(file));
  if (!layer)
    throw new Error(
      `${file} is in no layer: put it in one of src/{language,corpus,index,qa,store,cli,discord}/ or add a layer here and in DESIGN.md`,
    );
  return layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** Every module's imports: project files (as repository paths) and packages (by name). */
function importGraph(): Map<string, { files: string[]; packages: string[] }> {
  const graph = new Map<string, { files: string[]; packages: string[] }>();
  for (const file of [...sourceFiles('src'), ...sourceFiles('commands')]) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const files: string[] = [];
    const packages: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.')) files.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts'));
      else packages.push(spec);
    }
    graph.set(file, { files, packages });
  }
  return graph;
}

describe('architecture', () => {
  const graph = importGraph();

  it('finds the modules and their imports', () => {
    expect(graph.size).toBeGreaterThan(30);
    expect(graph.get('src/qa/answer.ts')?.files).toContain('src/index/news-index.ts');
    for (const [file, { files }] of graph)
      for (const target of files) expect(graph.has(target), `${file} imports ${target}, which does not exist`).toBe(true);
  });

  it('imports only point down the layers', () => {
    const upward: string[] = [];
    for (const [file, { files }] of graph) {
      const from = layerOf(file);
      for (const target of files) {
        const to = layerOf(target);
        if (to.rank > from.rank || (to.rank === from.rank && to.name !== from.name))
          upward.push(`${file} (${from.name}) imports ${target} (${to.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import loop', () => {
    const loops: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        loops.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file)?.files ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(loops).toEqual([]);
  });

  it('keeps discord.js in discord/ and commands/', () => {
    const leaks = [...graph]
      .filter(([file, { packages }]) => (layerOf(file).rank < 5 || file.startsWith('src/cli/') ? packages.includes('discord.js') : false))
      .map(([f]) => f);
    expect(leaks).toEqual([]);
  });

  it('names only worker modules that exist', () => {
    for (const w of WORKERS) expect(existsSync(path.join(ROOT, 'src/index/build', `${w.module}.ts`)), w.module).toBe(true);
  });
});
