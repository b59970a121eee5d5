/**
 * `npm run bench:e2e`: /ask end to end through the local fake Discord — from the INTERACTION_CREATE the fake
 * sends to the answer's PATCH the bot makes — median and p95 over N questions (default 50).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import { botEnv, FakeDiscord } from '../tests/support/fake-discord.js';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '50' }, corpus: { type: 'string', default: path.join(import.meta.dirname, '..', 'corpus') } },
});
const questions = [
  'When did Colombia join BRI?',
  'How much credit did Xi pledge?',
  'What does CHEC stand for?',
  'When did Petro arrive in Beijing?',
  'Who won the 2022 World Cup?',
];

const fake = await FakeDiscord.start();
const bot = await startBot(
  loadConfig(botEnv(fake, mkdtempSync(path.join(tmpdir(), 'bench-')), { CORPUS_DIR: values.corpus!, INDEX_SNAPSHOT: '' }), {
    dotenv: false,
  }),
  createLogger('silent'),
);
await bot.ready;
const times: number[] = [];
for (let i = 0; i < Number(values.n); i++) {
  const started = performance.now();
  const handle = await fake.sendCommand('ask', { question: questions[i % questions.length] });
  await handle.waitForMessage();
  times.push(performance.now() - started);
}
await bot.stop();
await fake.close();
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(
  `/ask end to end through the fake Discord, n=${times.length}: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${times.at(-1)!.toFixed(1)} ms`,
);
