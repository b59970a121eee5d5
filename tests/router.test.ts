import { MessageFlags, type Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { Cooldowns, createRouter } from '../src/discord/router.js';
import { loadCommands } from '../src/discord/load-commands.js';
import { UserError, type BotContext, type CommandModule } from '../src/discord/types.js';

/** Whether Discord shows the message only to the member: the EPHEMERAL bit, whatever other flags are set. */
const isEphemeral = (flags: unknown) => (Number(flags ?? 0) & MessageFlags.Ephemeral) !== 0;

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
  it('loads the seven commands, each with a valid definition', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()].sort()).toEqual(['about', 'article', 'ask', 'feed', 'follow', 'reindex', 'timeline']);
    expect(commands.get('follow')!.defer).toBe('ephemeral');
    expect(commands.get('reindex')!.defer).toBe('ephemeral');
    expect(commands.get('about')!.defer).toBe('ephemeral');
  });

  it('names the file and the missing export of a broken module', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/cmds-`);
    writeFileSync(`${dir}/broken.js`, 'export const data = { name: "broken", toJSON() { return {}; } };\n');
    await expect(loadCommands(dir)).rejects.toThrow('commands/broken.js: execute');
  });
});

describe('what the router sends is private only where it should be', () => {
  /** A slash command interaction that records what the router sends. */
  function fakeCommand(commandName: string) {
    const sent: { method: string; options: { flags?: unknown } }[] = [];
    const interaction = {
      id: '1',
      commandName,
      guildId: '2',
      user: { id: '3' },
      deferred: false,
      replied: false,
      ephemeral: false as boolean | null,
      isAutocomplete: () => false,
      isChatInputCommand: () => true,
      isButton: () => false,
      async deferReply(options: { flags?: unknown } = {}) {
        sent.push({ method: 'deferReply', options });
        interaction.deferred = true;
        interaction.ephemeral = isEphemeral(options.flags);
      },
      async reply(options: { flags?: unknown }) {
        sent.push({ method: 'reply', options });
        interaction.replied = true;
      },
      async editReply(options: { flags?: unknown }) {
        sent.push({ method: 'editReply', options });
      },
      async followUp(options: { flags?: unknown }) {
        sent.push({ method: 'followUp', options });
      },
      async deleteReply() {
        sent.push({ method: 'deleteReply', options: {} });
      },
    };
    return { interaction: interaction as unknown as Interaction, sent };
  }

  const ctx = {
    config: { INTERACTIONS: 'gateway' },
    logger: { info() {}, error() {}, debug() {} },
    metrics: { interaction() {} },
  } as unknown as BotContext;
  const module = (name: string, parts: Partial<CommandModule>): [string, CommandModule] => [
    name,
    { data: { name, toJSON: () => ({}) }, execute: async () => {}, ...parts },
  ];

  it('defers "ephemeral" commands privately and "public" ones publicly', async () => {
    const route = createRouter(new Map([module('private', { defer: 'ephemeral' }), module('public', { defer: 'public' })]), ctx);
    const priv = fakeCommand('private');
    const pub = fakeCommand('public');
    await route(priv.interaction);
    await route(pub.interaction);
    expect(priv.sent.map((s) => s.method)).toEqual(['deferReply']);
    expect(isEphemeral(priv.sent[0].options.flags)).toBe(true);
    expect(pub.sent.map((s) => s.method)).toEqual(['deferReply']);
    expect(isEphemeral(pub.sent[0].options.flags)).toBe(false);
  });

  it('refuses privately, before and after a public "thinking…"', async () => {
    const refuse = async () => {
      throw new UserError('no');
    };
    const route = createRouter(new Map([module('checked', { check: refuse }), module('late', { defer: 'public', execute: refuse })]), ctx);
    const early = fakeCommand('checked');
    const late = fakeCommand('late');
    await route(early.interaction);
    await route(late.interaction);
    expect(early.sent.map((s) => s.method)).toEqual(['reply']);
    expect(isEphemeral(early.sent[0].options.flags)).toBe(true);
    expect(late.sent.map((s) => s.method)).toEqual(['deferReply', 'deleteReply', 'followUp']);
    expect(isEphemeral(late.sent[2].options.flags)).toBe(true);
  });

  it('tells the bit apart from other flags', () => {
    expect(isEphemeral(MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds)).toBe(true);
    expect(isEphemeral(MessageFlags.SuppressEmbeds)).toBe(false);
    expect(isEphemeral(undefined)).toBe(false);
  });
});
