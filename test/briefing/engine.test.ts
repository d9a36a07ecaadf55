import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createBriefingEngine } from '../../src/briefing/engine.ts';
import { type BriefingSender, DeliveryError } from '../../src/briefing/sender.ts';
import { createBriefingService } from '../../src/briefing/service.ts';
import type { Invoker } from '../../src/core/briefings.ts';
import type { Card } from '../../src/core/card.ts';
import type { Clock } from '../../src/core/clock.ts';
import { createBriefingStore } from '../../src/store/briefing-store.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { writeRecords } from '../../src/store/write-records.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';

/** A clock the test moves by hand. */
function manualClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(iso).getTime();
  return {
    now: () => new Date(now),
    set: (next) => {
      now = new Date(next).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A platform that remembers every message by key, as Slack history (metadata) or Discord nonces let us. */
class FakePlatform implements BriefingSender {
  readonly posts: Array<{ channel: string; key: string; title: string; card: Card }> = [];
  /** Faults to inject, consumed one per send. */
  faults: Array<'429' | '503' | 'gone' | 'lost-response'> = [];
  async send(
    target: { channelId: string },
    message: { card: Card; key: string },
    options: { outcomeUnknown: boolean },
  ) {
    if (options.outcomeUnknown) {
      const earlier = this.posts.findIndex((p) => p.key === message.key);
      if (earlier >= 0) return { remoteId: String(earlier) };
    }
    const fault = this.faults.shift();
    if (fault === '429') throw new DeliveryError('rate-limited', 'ratelimited', 30_000);
    if (fault === '503') throw new DeliveryError('transient', 'HTTP 503');
    if (fault === 'gone') throw new DeliveryError('permanent', 'channel_not_found');
    this.posts.push({ channel: target.channelId, key: message.key, title: message.card.title, card: message.card });
    // The post went out but the answer never came back: the engine cannot know.
    if (fault === 'lost-response') throw new DeliveryError('transient', 'socket hang up');
    return { remoteId: String(this.posts.length - 1) };
  }
}

const logger = { info() {}, warn() {}, error() {} };
const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function setup(clock: Clock, path = join(mkdtempSync(join(tmpdir(), 'cyberbrief-')), 'store.sqlite')) {
  const store = openStore({ path, dataDir: repositoryDataDir, migrationsDir, clock });
  stores.push(store);
  const briefings = createBriefingStore(store.db);
  const { service, deliveryCard } = createBriefingService({ store: briefings, catalog: store, clock });
  const engine = (
    platform: FakePlatform,
    owner = 'process-a',
    tuning: { batch?: number; tickBudgetMs?: number } = {},
  ) =>
    createBriefingEngine({
      store: briefings,
      clock,
      senders: { console: platform },
      cardFor: (subscription, delivery) => deliveryCard(subscription, delivery),
      owner,
      logger,
      ...tuning,
    });
  return { store, briefings, service, engine, path };
}

const invoker: Invoker = {
  platform: 'console',
  workspaceId: '',
  channelId: 'C1',
  userId: 'U1',
  canManageChannel: true,
};

/** A new claim arriving in the store, as an import or reviewed news item would add it. */
function addClaim(store: Store, clock: Clock, id: string) {
  const incident = {
    slug: 'example-new-incident',
    title: 'Example new incident (2026)',
    aliases: [],
    period: { start: '2026' },
    victims: [{ name: 'Example Ministry', country: 'JP', sector: 'government' }],
    summary: 'A test incident.',
    status: [],
    related: [],
    claims: [
      {
        id,
        said: '2026-06-01',
        speaker: { organization: 'Example Government', state: 'JP', kind: 'government' as const, onRecord: true },
        stance: 'attributes' as const,
        subject: { actor: 'tick' },
        statement: 'Example attribution.',
        confidence: {},
        source: { publisher: 'Example Wire' },
        tlp: 'CLEAR' as const,
      },
    ],
  };
  writeRecords(store.db, { actors: [], incidents: [incident] }, 'test', clock.now().toISOString());
}

describe('briefing engine', () => {
  test('GIVEN more channels due than one batch THEN one tick sends batch after batch until its time budget is spent', async () => {
    const clock = manualClock('2026-06-01T00:00:00Z');
    const { service, engine } = setup(clock);
    for (let i = 0; i < 7; i++) {
      service.subscribe(
        { ...invoker, channelId: `C${i}` },
        {
          time: '09:00',
          timezone: 'UTC',
          filters: {},
          tlpCeiling: 'CLEAR',
          quietDays: 'post',
        },
      );
    }
    clock.set('2026-06-02T09:00:10Z');
    const platform = new FakePlatform();
    expect(await engine(platform, 'process-a', { batch: 2 }).tick()).toMatchObject({ delivered: 7 });
    expect(new Set(platform.posts.map((p) => p.channel)).size).toBe(7);

    // A platform slow enough to use up the budget: the tick stops after the batch in which time ran out.
    clock.set('2026-06-03T09:00:10Z');
    const slow = new FakePlatform();
    const send = slow.send.bind(slow);
    slow.send = async (...args) => {
      clock.advance(4_000);
      return send(...args);
    };
    const first = await engine(slow, 'process-a', { batch: 2, tickBudgetMs: 10_000 }).tick();
    // 2 sends (8 s, within budget), 2 more (16 s): stop, 3 left for the next tick.
    expect(first.delivered).toBe(4);
    const second = await engine(slow, 'process-a', { batch: 2, tickBudgetMs: 10_000 }).tick();
    expect(second.delivered).toBe(3);
  });

  test('GIVEN a subscription and a new claim THEN the next slot posts one briefing naming it, and only once', async () => {
    const clock = manualClock('2026-06-01T00:00:00Z');
    const { store, service, engine } = setup(clock);
    service.subscribe(invoker, {
      time: '09:00',
      timezone: 'Asia/Tokyo',
      filters: {},
      tlpCeiling: 'CLEAR',
      quietDays: 'post',
    });
    clock.set('2026-06-01T12:00:00Z');
    addClaim(store, clock, 'example-claim-1');
    const platform = new FakePlatform();
    const run = engine(platform);
    await run.tick();
    expect(platform.posts).toEqual([]); // 09:00 Tokyo on 06-02 is 00:00Z; not yet due
    clock.set('2026-06-02T00:00:00Z');
    await run.tick();
    await run.tick();
    expect(platform.posts).toHaveLength(1);
    expect(platform.posts[0]?.title).toBe('Daily briefing — 2026-06-02 (Asia/Tokyo)');
    const entry = platform.posts[0]?.card.sections[0]?.entries[0];
    expect(entry?.text).toBe('Example new incident (2026)');
    expect(entry?.detail).toMatch(/^Attributed to Tick — by Japan’s government/);
    expect(entry?.meta).toBe('new incident · new claim by Japan’s government');
    expect(service.list(invoker)[0]?.lastDelivery).toMatchObject({ date: '2026-06-02', status: 'delivered' });
    expect(service.list(invoker)[0]?.nextRun).toBe('2026-06-03 09:00 Asia/Tokyo');
  });

  test('GIVEN three days of downtime THEN one catch-up briefing covers them all', async () => {
    const clock = manualClock('2026-06-01T00:30:00Z');
    const { service, engine } = setup(clock);
    service.subscribe(invoker, { time: '09:00', timezone: 'UTC', filters: {}, tlpCeiling: 'CLEAR', quietDays: 'post' });
    clock.set('2026-06-04T10:00:00Z');
    const platform = new FakePlatform();
    await engine(platform).tick();
    await engine(platform).tick();
    expect(platform.posts.map((p) => p.key)).toEqual([`briefing:1:2026-06-04`]);
  });

  test('GIVEN a lost response THEN the retry finds the message instead of posting it twice', async () => {
    const clock = manualClock('2026-06-01T08:00:00Z');
    const { service, engine } = setup(clock);
    service.subscribe(invoker, { time: '09:00', timezone: 'UTC', filters: {}, tlpCeiling: 'CLEAR', quietDays: 'post' });
    const platform = new FakePlatform();
    platform.faults = ['lost-response'];
    const run = engine(platform);
    clock.set('2026-06-01T09:00:00Z');
    expect((await run.tick()).retrying).toBe(1);
    clock.advance(10_000);
    expect((await run.tick()).delivered).toBe(1);
    expect(platform.posts).toHaveLength(1);
  });

  test('GIVEN 429 then 503 THEN it waits and retries, posting once', async () => {
    const clock = manualClock('2026-06-01T08:00:00Z');
    const { service, engine } = setup(clock);
    service.subscribe(invoker, { time: '09:00', timezone: 'UTC', filters: {}, tlpCeiling: 'CLEAR', quietDays: 'post' });
    const platform = new FakePlatform();
    platform.faults = ['429', '503'];
    const run = engine(platform);
    clock.set('2026-06-01T09:00:00Z');
    await run.tick();
    clock.advance(10_000);
    await run.tick(); // still inside Retry-After
    expect(platform.posts).toHaveLength(0);
    clock.advance(30_000);
    await run.tick(); // 503
    clock.advance(10_000);
    await run.tick();
    expect(platform.posts).toHaveLength(1);
  });

  test('GIVEN a channel that is gone THEN its delivery fails with the reason and other channels still get theirs', async () => {
    const clock = manualClock('2026-06-01T08:00:00Z');
    const { service, engine } = setup(clock);
    service.subscribe(invoker, { time: '09:00', timezone: 'UTC', filters: {}, tlpCeiling: 'CLEAR', quietDays: 'post' });
    service.subscribe(
      { ...invoker, channelId: 'C2' },
      { time: '09:00', timezone: 'UTC', filters: {}, tlpCeiling: 'CLEAR', quietDays: 'post' },
    );
    const platform = new FakePlatform();
    platform.faults = ['gone'];
    clock.set('2026-06-01T09:00:00Z');
    await engine(platform).tick();
    expect(platform.posts.map((p) => p.channel)).toEqual(['C2']);
    expect(service.list(invoker)[0]?.lastDelivery).toMatchObject({ status: 'failed', outcome: 'channel_not_found' });
  });

  test('GIVEN two processes on one database file THEN only the lease holder sends, and the other takes over when it lapses', async () => {
    const clock = manualClock('2026-06-01T08:00:00Z');
    const first = setup(clock);
    const second = setup(clock, first.path);
    first.service.subscribe(invoker, {
      time: '09:00',
      timezone: 'UTC',
      filters: {},
      tlpCeiling: 'CLEAR',
      quietDays: 'post',
    });
    const platform = new FakePlatform();
    const a = first.engine(platform, 'process-a');
    const b = second.engine(platform, 'process-b');
    clock.set('2026-06-01T09:00:00Z');
    const [ra, rb] = [await a.tick(), await b.tick()];
    expect([ra.leader, rb.leader]).toEqual([true, false]);
    // a dies without releasing; after the lease lapses b sends the next day's briefing.
    clock.set('2026-06-02T09:00:30Z');
    expect((await b.tick()).leader).toBe(true);
    expect(platform.posts.map((p) => p.key)).toEqual(['briefing:1:2026-06-01', 'briefing:1:2026-06-02']);
  });

  test('GIVEN a quiet day and a subscription that skips them THEN nothing is posted but the day counts as done', async () => {
    const clock = manualClock('2026-06-01T08:00:00Z');
    const { service, engine } = setup(clock);
    service.subscribe(invoker, { time: '09:00', timezone: 'UTC', filters: {}, tlpCeiling: 'CLEAR', quietDays: 'skip' });
    const platform = new FakePlatform();
    clock.set('2026-06-01T09:00:00Z');
    await engine(platform).tick();
    expect(platform.posts).toHaveLength(0);
    expect(service.list(invoker)[0]?.lastDelivery?.status).toBe('delivered');
  });
});

describe('subscriptions', () => {
  test('GIVEN a restart THEN subscriptions and delivery outcomes are still there', async () => {
    const clock = manualClock('2026-06-01T08:00:00Z');
    const first = setup(clock);
    first.service.subscribe(invoker, {
      time: '09:00',
      timezone: 'UTC',
      filters: { country: 'JP' },
      tlpCeiling: 'GREEN',
      quietDays: 'post',
    });
    clock.set('2026-06-01T09:00:00Z');
    await first.engine(new FakePlatform()).tick();
    first.store.close();
    stores.splice(stores.indexOf(first.store), 1);
    const second = setup(clock, first.path);
    expect(second.service.list(invoker)).toEqual([
      {
        id: 1,
        time: '09:00',
        timezone: 'UTC',
        filters: { country: 'JP' },
        tlpCeiling: 'GREEN',
        quietDays: 'post',
        nextRun: '2026-06-02 09:00 UTC',
        lastDelivery: { date: '2026-06-01', status: 'delivered', outcome: 'delivered' },
      },
    ]);
  });
});
