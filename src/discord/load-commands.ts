/**
 * Loads every module in commands/ and checks its shape with zod, so a broken command fails at start-up with
 * the file and the missing export named, not at the first interaction.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { CommandModule } from './types.js';
import { NewsdeskError } from '../errors.js';

export const COMMANDS_DIR = path.join(import.meta.dirname, '..', '..', 'commands');

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');
const CommandShape = z.object({
  data: z.object({ name: z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u, 'must be a valid command name'), toJSON: fn }),
  defer: z.union([z.enum(['public', 'ephemeral']), fn]).optional(),
  cooldownSeconds: fn.optional(),
  check: fn.optional(),
  execute: fn,
  autocomplete: fn.optional(),
  buttons: z.array(z.object({ prefix: z.string().regex(/^[a-z]+$/), handle: fn })).optional(),
  modals: z.array(z.object({ prefix: z.string().regex(/^[a-z]+$/), handle: fn })).optional(),
});

export class CommandLoadError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('COMMAND_LOAD', message, hint);
  }
}

export async function loadCommands(dir = COMMANDS_DIR): Promise<Map<string, CommandModule>> {
  const files = (await readdir(dir)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
  const commands = new Map<string, CommandModule>();
  const prefixes = new Set<string>();
  for (const file of files) {
    const module = await import(pathToFileURL(path.join(dir, file)).href);
    const parsed = CommandShape.safeParse(module);
    if (!parsed.success) {
      throw new CommandLoadError(
        `commands/${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'module'} ${i.message}`).join('; ')}`,
      );
    }
    const command = module as CommandModule;
    if (commands.has(command.data.name)) throw new CommandLoadError(`commands/${file}: /${command.data.name} is defined twice`);
    for (const b of [...(command.buttons ?? []), ...(command.modals ?? [])]) {
      if (prefixes.has(b.prefix)) throw new CommandLoadError(`commands/${file}: button or form prefix "${b.prefix}" is used twice`);
      prefixes.add(b.prefix);
    }
    commands.set(command.data.name, command);
  }
  return commands;
}
