import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger, redactTokens } from '../src/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('createLogger', () => {
  test('GIVEN tokens in a log object THEN they are redacted', () => {
    const { lines, logger } = capture();
    logger.info(
      { botToken: 'xoxb-123-secret', request: { headers: { authorization: 'Bot abc' }, token: 'itok' } },
      'x',
    );
    const text = lines.join('');
    expect(text).not.toContain('xoxb-123-secret');
    expect(text).not.toContain('Bot abc');
    expect(text).not.toContain('itok');
    expect(text).toContain('[redacted]');
  });

  test('GIVEN an error whose message carries a token THEN the token is redacted', () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error('auth failed for xoxb-999-abc and xapp-1-xyz') }, 'boom');
    expect(lines.join('')).not.toMatch(/xoxb-999|xapp-1-xyz/);
  });
});

describe('redactTokens', () => {
  test('GIVEN a Discord-shaped token in text THEN it is replaced', () => {
    const token = `${'M'.repeat(26)}.${'a'.repeat(6)}.${'b'.repeat(38)}`;
    expect(redactTokens(`login ${token} failed`)).toBe('login [redacted] failed');
  });
});
