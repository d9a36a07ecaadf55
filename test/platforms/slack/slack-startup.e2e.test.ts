/** Start-up failures: a token Slack refuses stops startSlack with Slack's own error, and leaves nothing running. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import type { PlatformDeps } from '../../../src/platforms/platform.ts';
import { startSlack } from '../../../src/platforms/slack/start-slack.ts';
import type { Store } from '../../../src/store/store.ts';
import { openCuratedStore } from '../../helpers/store.ts';
import { captureLogger, FakeSlack } from './fake-slack.ts';

describe('startSlack when Slack refuses a token', () => {
  let fake: FakeSlack;
  let store: Store;
  let deps: PlatformDeps;

  beforeEach(async () => {
    fake = await FakeSlack.start();
    store = openCuratedStore();
    deps = {
      commands,
      context: { catalog: store, clock: fixedClock('2026-01-01T00:00:00Z'), commands },
      logger: captureLogger().logger,
    };
  });

  afterEach(async () => {
    await fake.stop();
    store.close();
  });

  test('GIVEN a revoked bot token THEN start-up fails with invalid_auth before anything listens', async () => {
    fake.api['auth.test'] = () => ({ json: { ok: false, error: 'invalid_auth' } });
    await expect(
      startSlack(
        {
          mode: 'http',
          botToken: 'xoxb-revoked',
          signingSecret: 'x'.repeat(32),
          apiUrl: fake.apiUrl,
          port: 0,
          adminUserIds: [],
        },
        deps,
      ),
    ).rejects.toThrow(/invalid_auth/);
    expect(fake.calls.filter((c) => c.name === 'auth.test')).toHaveLength(1);
  });

  test('GIVEN a revoked app token THEN Socket Mode start-up fails with invalid_auth and opens no socket', async () => {
    fake.api['apps.connections.open'] = () => ({ json: { ok: false, error: 'invalid_auth' } });
    await expect(
      startSlack(
        {
          mode: 'socket',
          botToken: 'xoxb-ok',
          appToken: 'xapp-revoked',
          apiUrl: fake.apiUrl,
          port: 0,
          adminUserIds: [],
        },
        deps,
      ),
    ).rejects.toThrow(/invalid_auth/);
    expect(fake.sockets).toHaveLength(0);
  });
});
