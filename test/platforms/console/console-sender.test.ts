import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { createBriefingEngine } from '../../../src/briefing/engine.ts';
import { createBriefingService } from '../../../src/briefing/service.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { createConsoleSender } from '../../../src/platforms/console/console-sender.ts';
import { createBriefingStore } from '../../../src/store/briefing-store.ts';
import { openCuratedStore } from '../../helpers/store.ts';

const store = openCuratedStore();
afterAll(() => store.close());

describe('console briefings', () => {
  test('GIVEN a console subscription THEN its briefing is printed into the console once, even when retried', async () => {
    let now = new Date('2026-06-01T08:59:00Z');
    const clock: Clock = { now: () => new Date(now) };
    const briefings = createBriefingStore(store.db);
    const { service, deliveryCard } = createBriefingService({ store: briefings, catalog: store, clock });
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => {
      printed += String(chunk);
    });
    const sender = createConsoleSender(output, false);
    const engine = createBriefingEngine({
      store: briefings,
      clock,
      senders: { console: sender },
      cardFor: (subscription, delivery) => deliveryCard(subscription, delivery),
      owner: 'console-test',
      logger: { info() {}, warn() {}, error() {} },
    });
    service.subscribe(
      { platform: 'console', workspaceId: '', channelId: 'console', userId: 'local', canManageChannel: true },
      { time: '09:00', timezone: 'UTC', filters: {}, tlpCeiling: 'CLEAR', quietDays: 'post' },
    );
    now = new Date('2026-06-01T09:00:05Z');
    await engine.tick();
    await sender.send(
      { platform: 'console', workspaceId: '', channelId: 'console' },
      {
        card: { kind: 'notice', title: 'x', tone: 'neutral', fields: [], sections: [], notes: [], actions: [] },
        key: 'briefing:1:2026-06-01',
        since: '2026-06-01T09:00:00Z',
      },
      { outcomeUnknown: true },
    );
    expect(printed.match(/Daily briefing — 2026-06-01 \(UTC\)/g)).toHaveLength(1);
    expect(printed).toContain('Quiet day');
  });
});
