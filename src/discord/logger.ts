/**
 * Structured logs (pino): JSON lines on stdout for log collectors, or readable lines (pino-pretty) on a
 * terminal or with LOG_FORMAT=pretty. Levels are written as words ("info", not 30). Anything that could hold
 * the token, or an interaction's token, is redacted.
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  level?: string;
  /** Default: pretty when stdout is a terminal, else json. */
  format?: LogFormat;
  /** Where the lines go (default stdout); tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

export const REDACTED_PATHS = ['token', '*.token', 'headers.authorization', 'DISCORD_TOKEN', '*.DISCORD_TOKEN'];

export function createLogger(options: LoggerOptions | string = {}): Logger {
  const { level = process.env.LOG_LEVEL ?? 'info', format, destination } = typeof options === 'string' ? { level: options } : options;
  const settings = {
    level,
    base: { app: 'newsdesk-bot' },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  const out = destination ?? process.stdout;
  if ((format ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty') {
    // In this thread and synchronous, so the last lines before an exit are not lost.
    return pino(
      settings,
      pretty({
        destination: out,
        sync: true,
        colorize: destination === undefined && Boolean(process.stdout.isTTY),
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,app',
      }),
    );
  }
  return destination ? pino(settings, destination) : pino(settings);
}
