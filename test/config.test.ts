import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const repositoryData = fileURLToPath(new URL('../data', import.meta.url));

const defaults = {
  DATABASE_PATH: `${repositoryData}/cyberbrief.sqlite`,
  DATA_DIR: repositoryData,
  LOG_LEVEL: 'info',
  migrationsDir: `${repositoryData}/migrations`,
};

describe('loadConfig', () => {
  test.each([
    { case: 'an empty env', env: {}, expected: defaults },
    {
      case: 'empty strings for every variable',
      env: { DATABASE_PATH: '', DATA_DIR: '', LOG_LEVEL: '' },
      expected: defaults,
    },
    { case: 'undefined values', env: { DATABASE_PATH: undefined, LOG_LEVEL: undefined }, expected: defaults },
    { case: 'unrelated variables', env: { PATH: '/usr/bin', HOME: '/root', TERM: 'xterm' }, expected: defaults },
    {
      case: 'every variable set',
      env: { DATABASE_PATH: '/tmp/x.sqlite', DATA_DIR: '/tmp/data', LOG_LEVEL: 'debug' },
      expected: { ...defaults, DATABASE_PATH: '/tmp/x.sqlite', DATA_DIR: '/tmp/data', LOG_LEVEL: 'debug' },
    },
    {
      case: 'LOG_LEVEL=silent and an empty DATA_DIR',
      env: { LOG_LEVEL: 'silent', DATA_DIR: '' },
      expected: { ...defaults, LOG_LEVEL: 'silent' },
    },
  ])('GIVEN $case THEN the defaults fill what is unset', ({ env, expected }) => {
    expect(loadConfig(env)).toEqual(expected);
  });

  test.each([
    { env: { LOG_LEVEL: 'loud' }, variable: 'LOG_LEVEL' },
    { env: { LOG_LEVEL: 'verbose\nmore' }, variable: 'LOG_LEVEL' },
    { env: { DATABASE_PATH: '/tmp/ok.sqlite', LOG_LEVEL: 'INFO!' }, variable: 'LOG_LEVEL' },
  ])('GIVEN $env THEN it throws a one-line ConfigError naming $variable', ({ env, variable }) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
  });
});
