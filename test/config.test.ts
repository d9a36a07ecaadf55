import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const repositoryData = fileURLToPath(new URL('../data', import.meta.url));

const defaults = {
  databasePath: `${repositoryData}/cyberbrief.sqlite`,
  dataDir: repositoryData,
  logLevel: 'info',
  migrationsDir: `${repositoryData}/migrations`,
  review: { reviewerUserIds: [], allowPrivateNetwork: false },
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
      expected: { ...defaults, databasePath: '/tmp/x.sqlite', dataDir: '/tmp/data', logLevel: 'debug' },
    },
    {
      case: 'LOG_LEVEL=silent and an empty DATA_DIR',
      env: { LOG_LEVEL: 'silent', DATA_DIR: '' },
      expected: { ...defaults, logLevel: 'silent' },
    },
  ])('GIVEN $case THEN the defaults fill what is unset', ({ env, expected }) => {
    expect(loadConfig(env)).toEqual(expected);
  });

  test.each([
    { env: { LOG_LEVEL: 'loud' }, variable: 'LOG_LEVEL' },
    { env: { LOG_LEVEL: 'verbose\nmore' }, variable: 'LOG_LEVEL' },
    { env: { DATABASE_PATH: '/tmp/ok.sqlite', LOG_LEVEL: 'INFO!' }, variable: 'LOG_LEVEL' },
    { env: { SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_APP_TOKEN: 'xapp-1' }, variable: 'SLACK_BOT_TOKEN' },
    { env: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, variable: 'SLACK_APP_TOKEN' },
    { env: { SLACK_BOT_TOKEN: 'xoxb-1' }, variable: 'SLACK_SIGNING_SECRET' },
    { env: { SLACK_APP_TOKEN: 'xapp-1' }, variable: 'SLACK_BOT_TOKEN' },
    { env: { SLACK_API_URL: 'ftp://example.org' }, variable: 'SLACK_API_URL' },
    { env: { PORT: 'eighty' }, variable: 'PORT' },
    { env: { SLACK_ADMIN_USER_IDS: 'alice,bob' }, variable: 'SLACK_ADMIN_USER_IDS' },
    { env: { DISCORD_TOKEN: 'x'.repeat(60) }, variable: 'DISCORD_APPLICATION_ID' },
    { env: { DISCORD_TOKEN: 'x'.repeat(60), DISCORD_APPLICATION_ID: '12ab' }, variable: 'DISCORD_APPLICATION_ID' },
    { env: { DISCORD_APPLICATION_ID: '123456789012345678' }, variable: 'DISCORD_TOKEN' },
    { env: { REVIEWER_USER_IDS: 'alice' }, variable: 'REVIEWER_USER_IDS' },
    { env: { REVIEWER_USER_IDS: 'U0123,,U0456' }, variable: 'REVIEWER_USER_IDS' },
    { env: { INGEST_ALLOW_PRIVATE_NETWORK: 'yes' }, variable: 'INGEST_ALLOW_PRIVATE_NETWORK' },
    { env: { DISCORD_REVIEWER_ROLE: 'r'.repeat(101) }, variable: 'DISCORD_REVIEWER_ROLE' },
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

describe('loadConfig review', () => {
  test('GIVEN reviewers on both platforms, a role, a feeds file and private fetching THEN all are read', () => {
    expect(
      loadConfig({
        REVIEWER_USER_IDS: 'U0123, 123456789012345678',
        DISCORD_REVIEWER_ROLE: 'Reviewers',
        FEEDS_FILE: '/etc/cyberbrief/feeds.json',
        INGEST_ALLOW_PRIVATE_NETWORK: 'true',
      }).review,
    ).toEqual({
      reviewerUserIds: ['U0123', '123456789012345678'],
      discordReviewerRole: 'Reviewers',
      feedsFile: '/etc/cyberbrief/feeds.json',
      allowPrivateNetwork: true,
    });
  });
});

describe('loadConfig platforms', () => {
  test('GIVEN a bot token and an app token THEN Slack runs in Socket Mode, the default', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toEqual({
      mode: 'socket',
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      port: 3000,
      adminUserIds: [],
    });
  });

  test('GIVEN a bot token and a signing secret only THEN Slack runs in HTTP mode on PORT', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's'.repeat(32),
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      SLACK_ADMIN_USER_IDS: 'U0ADMIN, U0OTHER',
    });
    expect(config.slack).toEqual({
      mode: 'http',
      botToken: 'xoxb-1',
      signingSecret: 's'.repeat(32),
      apiUrl: 'http://127.0.0.1:9/api/',
      port: 8080,
      adminUserIds: ['U0ADMIN', 'U0OTHER'],
    });
    expect(config.discord).toBeUndefined();
  });

  test('GIVEN Discord variables THEN Discord is configured alongside', () => {
    const config = loadConfig({
      DISCORD_TOKEN: 't'.repeat(60),
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '223456789012345678',
    });
    expect(config.discord).toEqual({
      token: 't'.repeat(60),
      applicationId: '123456789012345678',
      guildId: '223456789012345678',
    });
    expect(config.slack).toBeUndefined();
  });
});
