/** pino, to standard error, with every secret a bot handles redacted wherever it appears in a log object. */
import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths that hold bearer secrets: tokens, signing secrets, authorization headers, response URLs. */
export const redactedPaths = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'response_url',
  '*.response_url',
  'responseUrl',
  '*.responseUrl',
];

/** Strings shaped like Slack or Discord tokens, for messages that carry one inside free text. */
const tokenPattern = /\b(xox[abprs]-[\w-]+|xapp-[\w-]+|[\w-]{24,}\.[\w-]{6}\.[\w-]{27,})\b/g;

/** Replaces anything shaped like a token in a string. */
export function redactTokens(text: string): string {
  return text.replace(tokenPattern, '[redacted]');
}

export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true }),
): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: {
        err: (error: unknown) => {
          const serialized = pino.stdSerializers.err(error as Error);
          return {
            ...serialized,
            message: redactTokens(serialized.message),
            stack: redactTokens(serialized.stack ?? ''),
          };
        },
      },
    },
    destination,
  );
}
