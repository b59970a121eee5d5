/**
 * What an operator deploys: `npm run build`'s output in a directory of its own, with the dependencies pruned to
 * production ones (no tsx, no TypeScript), started as `npm start` starts it, with plain node. It registers the
 * commands, reindexes (a worker thread, compiled), answers /ask against the fake Discord, and stops on SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEnv, E2E_TEST_TIMEOUT_MS, FakeDiscord } from './support/fake-discord.js';

const ROOT = path.join(import.meta.dirname, '..');
/** Building and pruning take a while on a busy machine. */
const TIMEOUT = E2E_TEST_TIMEOUT_MS + 120_000;

let app: string;
let fake: FakeDiscord;

/**
 * Run a compiled entry point with plain node in the deployed directory; its exit code and output. Not
 * execFileSync: the fake Discord it talks to runs in this process.
 */
async function runNode(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, args, { cwd: app, env: { ...process.env, ...env }, stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out };
}

beforeAll(async () => {
  app = mkdtempSync(path.join(tmpdir(), 'newsdesk-deploy-'));
  // npm run build, into the deployed directory.
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(app, 'dist')],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
  // npm run build's second step: the reader's weights beside its compiled module.
  expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.build).toContain('src/qa/reader-weights.json');
  cpSync(path.join(ROOT, 'src/qa/reader-weights.json'), path.join(app, 'dist/src/qa/reader-weights.json'));
  for (const f of ['package.json', 'package-lock.json']) cpSync(path.join(ROOT, f), path.join(app, f));
  cpSync(path.join(ROOT, 'corpus'), path.join(app, 'corpus'), { recursive: true });
  // The checkout's node_modules as hard links (fast, no network), then pruned as `npm prune --omit=dev` prunes a
  // deployment. npm rewrites its hidden lockfile in place, so that one file is not shared with the checkout.
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(app, 'node_modules')]);
  rmSync(path.join(app, 'node_modules', '.package-lock.json'), { force: true });
  execFileSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: app, stdio: 'pipe' });
  fake = await FakeDiscord.start();
}, TIMEOUT);

afterAll(async () => {
  await fake?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('the build, pruned to production dependencies', { timeout: TIMEOUT }, () => {
  it('has no dev dependencies left', () => {
    for (const dev of ['tsx', 'typescript', 'vitest']) expect(existsSync(path.join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(path.join(app, 'node_modules', 'discord.js'))).toBe(true);
  });

  it('registers the commands and reindexes with plain node', async () => {
    const env = botEnv(fake, app, { DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId });
    const deployed = await runNode(['dist/src/discord/deploy-commands.js'], env);
    expect(deployed).toEqual({ code: 0, out: `Registered 7 commands for guild ${fake.guildId}.\n` });
    const reindexed = await runNode(['dist/src/cli/reindex.js', '--json'], env);
    expect(reindexed.code).toBe(0);
    expect(JSON.parse(reindexed.out)).toMatchObject({ articles: 2, paragraphs: 30, problems: [] });
  });

  it('without a token, points at the compiled CLI to try the answers (npm run ask needs the pruned tsx), which works', async () => {
    const env = { ...botEnv(fake, app), DISCORD_TOKEN: '' };
    const started = await runNode(['dist/src/discord/bot.js'], env);
    expect(started.code).toBe(1);
    expect(started.out).toContain(
      `- DISCORD_TOKEN is missing: put the bot's token in .env (copy .env.example; Developer Portal → your application → Bot → Reset Token). To try the answers without Discord: node dist/src/cli/ask.js "When did Colombia join BRI?"`,
    );
    const tried = await runNode(['dist/src/cli/ask.js', 'When did Colombia join BRI?'], env);
    expect(tried.code).toBe(0);
    expect(tried.out).toMatch(/^Answer: Mon 12 May 2025/);
  });

  it('without the reader’s weights file, does not start, and says which file is missing and how to get it back', async () => {
    const weights = path.join(app, 'dist/src/qa/reader-weights.json');
    renameSync(weights, `${weights}.away`);
    try {
      const started = await runNode(['dist/src/discord/bot.js'], botEnv(fake, app));
      expect(started.code).toBe(1);
      expect(started.out).toContain(`error: the reader's weights file ${weights} cannot be read (ENOENT)`);
      expect(started.out).toContain('copy src/qa/reader-weights.json from the repository to dist/src/qa/ (npm run build does this)');
      const asked = await runNode(['dist/src/cli/ask.js', 'When did Colombia join BRI?'], botEnv(fake, app));
      expect(asked.code).toBe(1);
      expect(asked.out).toContain(`error: the reader's weights file ${weights} cannot be read (ENOENT)`);
    } finally {
      renameSync(`${weights}.away`, weights);
    }
  });

  it('starts as `npm start` does, answers /ask and a moderator’s /reindex, and stops on SIGTERM', async () => {
    // What `npm start` runs, with this node.
    const [command, ...args] = (
      JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { scripts: { start: string } }
    ).scripts.start.split(' ');
    expect(command).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: app,
      env: { ...process.env, ...botEnv(fake, app, { LOG_LEVEL: 'info', LOG_FORMAT: 'json' }) },
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      await fake.waitForReady({ timeoutMs: 120_000 });
      const ask = await fake.sendCommand('ask', { question: 'Which country is leaving the Belt and Road pact?' });
      await ask.waitForMessage();
      expect(ask.lastMessage().embeds[0].description).toContain('Panama said it was exiting');
      // /reindex rebuilds in a worker thread: the compiled worker, not a .ts one.
      const reindex = await fake.sendCommand('reindex', {}, { permissions: 0x20n });
      const report = await fake.waitForRequest(
        (r) => r.path.includes(reindex.token) && r.method === 'PATCH' && /^(Reindexed|Reindex failed)/.test(r.body?.content ?? ''),
      );
      expect(report.body.content).toMatch(/^Reindexed in .*: 2 articles, 30 paragraphs/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const handled = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; level: string; command?: string; outcome?: string });
    expect(handled.find((l) => l.msg === 'interaction handled' && l.command === 'ask')).toMatchObject({
      level: 'info',
      outcome: 'answered',
    });
    expect(output).not.toContain(fake.token);
  });
});
