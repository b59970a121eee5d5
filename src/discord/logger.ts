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

/** The interaction token in a REST path (`/webhooks/<app>/<token>/…`, `/interactions/<id>/<token>/callback`). */
const TOKEN_IN_URL = /(\/(?:webhooks|interactions)\/\d+\/)[^/?]+/g;

/**
 * Errors as pino writes them, minus what a REST error carries that must not be logged: the interaction token in
 * its url, and the request body (a member's question is in an answer's embed).
 */
function serializeError(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!out || typeof out !== 'object') return out;
  delete out.requestBody;
  if (typeof out.url === 'string') out.url = out.url.replace(TOKEN_IN_URL, '$1[redacted]');
  if (typeof out.stack === 'string') out.stack = out.stack.replace(TOKEN_IN_URL, '$1[redacted]');
  if (typeof out.message === 'string') out.message = out.message.replace(TOKEN_IN_URL, '$1[redacted]');
  return out;
}

export function createLogger(options: LoggerOptions | string = {}): Logger {
  const { level = process.env.LOG_LEVEL ?? 'info', format, destination } = typeof options === 'string' ? { level: options } : options;
  const settings = {
    level,
    base: { app: 'newsdesk-bot' },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
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
