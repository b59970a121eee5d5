/**
 * Structured logs (pino, JSON lines on stdout). Anything that could hold the token is redacted.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'newsdesk-bot' },
    redact: { paths: ['token', '*.token', 'headers.authorization', 'DISCORD_TOKEN', '*.DISCORD_TOKEN'], censor: '[redacted]' },
  });
}
