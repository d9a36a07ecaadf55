/**
 * Bolt's logger interface over our pino logger. Bolt's chatter is demoted one level (its `info` is our `debug`, its
 * `debug` our `trace`) so that a normal start logs only our own ready line; warnings and errors keep their level.
 * Every message is redacted: tokens and response URLs are bearer secrets.
 */
import { format } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger, redactTokens } from '../../logger.ts';

/** A response_url lets anyone post into the channel for 30 minutes. */
const responseUrlPattern = /https:\/\/hooks\.slack\.com\/[^\s"'<>]+/g;

export function redactSlackText(text: string): string {
  return redactTokens(text).replace(responseUrlPattern, '[redacted]');
}

type PinoMethod = 'trace' | 'debug' | 'warn' | 'error';

export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const write = (method: PinoMethod, args: unknown[]) => {
    if (!logger.isLevelEnabled(method)) return;
    const error = args.find((arg): arg is Error => arg instanceof Error);
    const message = redactSlackText(format(...args.filter((arg) => arg !== error)));
    logger[method](error ? { err: error } : {}, message === '' ? 'Slack error' : message);
  };
  return {
    debug: (...args: unknown[]) => write('trace', args),
    info: (...args: unknown[]) => write('debug', args),
    warn: (...args: unknown[]) => write('warn', args),
    error: (...args: unknown[]) => write('error', args),
    // Filtering is pino's job (LOG_LEVEL); Bolt only reads the level back.
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
