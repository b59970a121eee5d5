/**
 * `npm run bench:http`: /ask under load in the HTTP interactions mode. The fake Discord POSTs N signed /ask
 * interactions at once (default 200) to the bot's /interactions endpoint, in R rounds; for each it times the
 * acknowledgement (the HTTP response, which Discord wants within 3 s) and the answer (the PATCH of "thinking…").
 * The baseline is the same load sent over the gateway to the same bot code, in the same process, first. Then a
 * second HTTP replica on the same files takes a Show context click on every answer of the last round, at once:
 * each is read back from the bot's database (SQLite here), as a replica that did not give the answer must.
 *
 *   npm run bench:http -- [--concurrency 200] [--rounds 3] [--corpus DIR]
 *
 * The fake and the bot share this process and its one event loop, so the figures include the fake's own work
 * (signing, recording): a real deployment has only the bot's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBot } from '../src/discord/bot.js';
import { loadConfig } from '../src/discord/config.js';
import { createLogger } from '../src/discord/logger.js';
import { botEnv, FakeDiscord, type InteractionHandle } from '../tests/support/fake-discord.js';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    corpus: { type: 'string', default: path.join(import.meta.dirname, '..', 'corpus') },
  },
});
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
/** Discord fails an interaction not acknowledged within this. */
const DISCORD_ACK_MS = 3000;
const QUESTIONS = [
  'When did Colombia join BRI?',
  'How much credit did Xi pledge?',
  'What does CHEC stand for?',
  'When did Petro arrive in Beijing?',
  'Which country is leaving the Belt and Road pact?',
  'What is the stock price of Zijin Mining?',
];

interface Run {
  ack: number[];
  answer: number[];
  failed: number;
  /** Edits that reached the fake before it had read the HTTP response (refused with 404, as Discord would, and retried). */
  early: number;
  /** HTTP mode: Show context clicked at once on every answer of the last round, served by a second replica. */
  context: number[];
}

async function load(mode: 'gateway' | 'http'): Promise<Run> {
  const fake = await FakeDiscord.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-http-'));
  const bot = await startBot(
    loadConfig(
      botEnv(fake, dir, {
        CORPUS_DIR: values.corpus!,
        ...(mode === 'http' ? { INTERACTIONS: 'http', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', DISCORD_PUBLIC_KEY: fake.publicKeyHex } : {}),
      }),
      { dotenv: false },
    ),
    createLogger('silent'),
  );
  await bot.ready;
  if (mode === 'http') fake.endpoint = `http://127.0.0.1:${bot.http!.port}/interactions`;
  const run: Run = { ack: [], answer: [], failed: 0, early: 0, context: [] };
  let last: InteractionHandle[] = [];
  for (let round = 0; round < rounds; round++) {
    last = [];
    await Promise.all(
      Array.from({ length: concurrency }, async (_, i) => {
        const started = performance.now();
        const handle = await fake.sendCommand(
          'ask',
          { question: QUESTIONS[i % QUESTIONS.length] },
          { userId: String(300000000000000000n + BigInt(i)) },
        );
        last.push(handle);
        await handle.waitForCallback(60_000);
        run.ack.push(performance.now() - started);
        if (mode === 'http' && fake.endpointResponses.get(handle.id)?.status !== 200) run.failed++;
        await handle.waitForMessage(120_000);
        run.answer.push(performance.now() - started);
      }),
    );
  }
  run.early = fake.earlyWebhookRequests;
  if (mode === 'http') {
    // A second replica on the same files, which gave none of these answers: each click reads one from the answer archive.
    const other = await startBot(
      loadConfig(
        botEnv(fake, dir, {
          CORPUS_DIR: values.corpus!,
          INTERACTIONS: 'http',
          HTTP_PORT: '0',
          HTTP_HOST: '127.0.0.1',
          DISCORD_PUBLIC_KEY: fake.publicKeyHex,
        }),
        { dotenv: false },
      ),
      createLogger('silent'),
    );
    const endpoint = `http://127.0.0.1:${other.http!.port}/interactions`;
    await Promise.all(
      last.map(async (answered) => {
        const message = answered.lastMessage();
        const id = (message.components?.[0]?.components ?? []).find((c: { custom_id: string }) =>
          c.custom_id.startsWith('ctx:'),
        )?.custom_id;
        if (!id) return;
        const started = performance.now();
        const click = await fake.sendButton(id, message, { endpoint });
        const reply = await click.waitForCallback(60_000);
        if (reply.body?.type === 4 && !String(reply.body.data?.content ?? '').includes('too old'))
          run.context.push(performance.now() - started);
        else run.failed++;
      }),
    );
    await other.stop();
  }
  await bot.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  return run;
}

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function row(name: string, times: number[], base?: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  const b = base ? [...base].sort((x, y) => x - y) : undefined;
  const cell = (p: number) => {
    const v = quantile(s, p);
    return `${v.toFixed(0)} ms${b ? ` (${(v / quantile(b, p)).toFixed(2)}×)` : ''}`;
  };
  return `| ${name} | ${cell(0.5)} | ${cell(0.95)} | ${cell(0.99)} | ${s.at(-1)!.toFixed(0)} ms |`;
}

const gateway = await load('gateway');
const http = await load('http');
console.log(
  `/ask, ${concurrency} at once × ${rounds} rounds, corpus ${values.corpus}; ratios are HTTP mode ÷ gateway (same process, run first)`,
);
console.log('| | p50 | p95 | p99 | max |');
console.log('|---|---|---|---|---|');
console.log(row('gateway: acknowledged', gateway.ack));
console.log(row('gateway: answered', gateway.answer));
console.log(row('HTTP: acknowledged (HTTP response)', http.ack, gateway.ack));
console.log(row('HTTP: answered (PATCH)', http.answer, gateway.answer));
console.log(row(`HTTP: Show context on another replica (every answer with quotes, ${http.context.length} at once)`, http.context));
const late = http.ack.filter((t) => t > DISCORD_ACK_MS).length;
console.log(
  `HTTP mode: ${http.ack.length - http.failed} of ${http.ack.length} acknowledged with 200, ${late} after Discord's ${DISCORD_ACK_MS} ms: ${late === 0 && http.failed === 0 ? 'within' : 'NOT within'} Discord's limit`,
);
console.log(`HTTP mode: ${http.early} edit(s) reached the fake before it had read the acknowledgement; each was refused (404) and retried`);
process.exitCode = late === 0 && http.failed === 0 ? 0 : 1;
