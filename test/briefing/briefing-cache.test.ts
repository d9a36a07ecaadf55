import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type BriefingCacheLimits, createBriefingService } from '../../src/briefing/service.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { Tlp } from '../../src/domain/schemas.ts';
import { createBriefingStore, type DeliveryRow, type SubscriptionRow } from '../../src/store/briefing-store.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { writeRecords } from '../../src/store/write-records.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';

// The curated data is recorded when the store opens: 2026-01-01T00:00Z. This window holds all of it.
const clock = fixedClock('2026-01-01T00:00:00Z');
const day = { from: '2025-12-31T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' };
const zones = ['UTC', 'Asia/Tokyo', 'America/New_York'];
const filterSets = ['{}', '{"country":"US"}', '{"claimant":"CN"}', '{"sector":"government"}', '{"actor":"tick"}'];
const ceilings: Tlp[] = ['CLEAR', 'GREEN', 'AMBER'];

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function open(path = ':memory:'): Store {
  const store = openStore({ path, dataDir: repositoryDataDir, migrationsDir, clock });
  stores.push(store);
  return store;
}

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'cyberbrief-cache-')), 'store.sqlite');

/** The briefing store, counting the incidents whose facts it reads, to see what the cache saves. */
function countingStore(store: Store) {
  const briefings = createBriefingStore(store.db);
  const counting = {
    ...briefings,
    incidentsRead: 0,
    incidentFacts(slugs: readonly string[]) {
      counting.incidentsRead += slugs.length;
      return briefings.incidentFacts(slugs);
    },
  };
  return counting;
}

function services(store: Store, limits?: BriefingCacheLimits) {
  const briefings = countingStore(store);
  const cached = createBriefingService({
    store: briefings,
    catalog: store,
    clock,
    ...(limits ? { cache: limits } : {}),
  });
  // The reference: every card composed from the incidents' dossiers, read afresh each time.
  const fresh = createBriefingService({ store: briefings, catalog: store, clock, cache: false });
  return { briefings, cached, fresh };
}

function subscription(id: number, settings: { timezone: string; filters: string; tlpCeiling: Tlp }): SubscriptionRow {
  return {
    id,
    platform: id % 2 === 0 ? 'slack' : 'discord',
    workspaceId: 'T1',
    channelId: `C${id}`,
    localTime: '09:00',
    ...settings,
    quietDays: 'post',
    createdBy: 'U1',
    createdAt: day.from,
    coveredUntil: day.from,
  };
}

function delivery(id: number, window: { from: string; to: string }): DeliveryRow {
  return {
    id,
    key: `briefing:${id}:${window.to.slice(0, 10)}`,
    subscriptionId: id,
    slotDate: window.to.slice(0, 10),
    slotAt: window.to,
    coversFrom: window.from,
    coversTo: window.to,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: window.to,
    remoteId: null,
    outcome: null,
    createdAt: window.to,
    updatedAt: window.to,
  };
}

/** Every combination of zone, filters and ceiling, once each. */
function subscriptions(): SubscriptionRow[] {
  const rows: SubscriptionRow[] = [];
  for (const timezone of zones)
    for (const filters of filterSets)
      for (const tlpCeiling of ceilings) rows.push(subscription(rows.length + 1, { timezone, filters, tlpCeiling }));
  return rows;
}

/** An incident whose claims sit at several TLP levels, as an import or a reviewed news item would record it. */
function recordIncident(store: Store, slug: string, now: string, tlps: Tlp[] = ['CLEAR', 'GREEN', 'AMBER']) {
  const incident = {
    slug,
    title: `Cache test incident ${slug}`,
    aliases: [],
    period: { start: '2025' },
    victims: [{ name: 'Example Ministry', country: 'US', sector: 'government' }],
    summary: 'An incident written by the cache tests.',
    status: [],
    related: [],
    claims: tlps.map((tlp, n) => ({
      id: `${slug}-claim-${n}`,
      said: `2025-12-0${n + 1}`,
      speaker: {
        organization: `Example Agency ${n}`,
        state: n === 0 ? 'US' : 'CN',
        kind: 'government' as const,
        onRecord: true,
      },
      stance: 'attributes' as const,
      subject: { actor: 'tick' },
      statement: 'Example attribution.',
      confidence: {},
      source: { publisher: 'Example Wire' },
      tlp,
    })),
  };
  writeRecords(store.db, { actors: [], incidents: [incident] }, 'test', now);
}

const titlesIn = (card: { sections: Array<{ entries: Array<{ text: string }> }> }) =>
  card.sections.flatMap((s) => s.entries.map((e) => e.text));

describe('briefing cache', () => {
  test('GIVEN subscriptions over every zone, filter set and ceiling THEN cached cards equal freshly composed ones, page by page', () => {
    const store = open();
    recordIncident(store, 'cache-mixed-tlp', '2026-01-01T06:00:00.000Z');
    const { cached, fresh, briefings } = services(store);
    const cases = subscriptions().flatMap((row) => [1, 2, 4].map((page) => ({ row, page })));
    const expected = cases.map(({ row, page }) => fresh.deliveryCard(row, delivery(row.id, day), page));
    // The second pass is served from the cache alone.
    for (let pass = 0; pass < 2; pass++) {
      cases.forEach(({ row, page }, n) => {
        expect(cached.deliveryCard(row, delivery(row.id, day), page)).toEqual(expected[n]);
      });
    }
    // One composition per distinct filters × ceiling, and each changed incident read once for all of them.
    expect(cached.cacheSizes().briefings).toBe(filterSets.length * ceilings.length);
    const changed = new Set(briefings.changesBetween(day.from, day.to).map((c) => c.incidentSlug));
    expect(briefings.incidentsRead).toBe(changed.size);
  });

  test('GIVEN a claim recorded after a first briefing THEN the next briefing for the same window shows it', () => {
    const store = open();
    const { cached, fresh } = services(store);
    const row = subscription(1, { timezone: 'UTC', filters: '{}', tlpCeiling: 'CLEAR' });
    const before = cached.deliveryCard(row, delivery(1, day)).card;
    recordIncident(store, 'cache-late-claim', '2026-01-01T12:00:00.000Z', ['CLEAR']);
    const after = cached.deliveryCard(row, delivery(1, day)).card;
    expect(titlesIn(before)).not.toContain('Cache test incident cache-late-claim');
    expect(titlesIn(after)).toContain('Cache test incident cache-late-claim');
    expect(after).toEqual(fresh.deliveryCard(row, delivery(1, day)).card);
  });

  test('GIVEN an edit that adds no change row (a claim moved above the ceiling) THEN the verdict is recomposed', () => {
    const store = open();
    recordIncident(store, 'cache-edited', '2026-01-01T06:00:00.000Z', ['CLEAR', 'CLEAR']);
    const { cached, fresh } = services(store);
    const row = subscription(1, { timezone: 'UTC', filters: '{"claimant":"US"}', tlpCeiling: 'CLEAR' });
    const before = cached.deliveryCard(row, delivery(1, day)).card;
    // Upserting by slug keeps the claim's recorded time: only the dossier changes, not the window's changes.
    recordIncident(store, 'cache-edited', '2026-01-01T18:00:00.000Z', ['CLEAR', 'RED']);
    const after = cached.deliveryCard(row, delivery(1, day)).card;
    expect(after).toEqual(fresh.deliveryCard(row, delivery(1, day)).card);
    expect(after).not.toEqual(before);
  });

  test('GIVEN a write committed by another connection (another process) THEN the next briefing shows it', () => {
    const path = tempPath();
    const ours = open(path);
    const theirs = open(path);
    const { cached } = services(ours);
    const row = subscription(1, { timezone: 'UTC', filters: '{}', tlpCeiling: 'CLEAR' });
    expect(titlesIn(cached.deliveryCard(row, delivery(1, day)).card)).not.toContain(
      'Cache test incident cache-other-process',
    );
    recordIncident(theirs, 'cache-other-process', '2026-01-01T12:00:00.000Z', ['CLEAR']);
    expect(titlesIn(cached.deliveryCard(row, delivery(1, day)).card)).toContain(
      'Cache test incident cache-other-process',
    );
  });

  test('GIVEN only the outbox bookkeeping of deliveries in between THEN nothing is read again', () => {
    const store = open();
    const { cached, briefings } = services(store);
    const row = subscription(1, { timezone: 'UTC', filters: '{}', tlpCeiling: 'CLEAR' });
    const first = cached.deliveryCard(row, delivery(1, day)).card;
    const reads = briefings.incidentsRead;
    // What an engine tick writes around each send, partly through a second briefing store on the same connection.
    const other = createBriefingStore(store.db);
    const now = '2026-01-01T09:00:00.000Z';
    const { row: subscribed } = briefings.subscribe(
      {
        platform: 'console',
        workspaceId: '',
        channelId: 'C1',
        localTime: '09:00',
        timezone: 'UTC',
        filters: '{}',
        tlpCeiling: 'CLEAR',
        quietDays: 'post',
        createdBy: 'U1',
      },
      '2025-12-31T00:00:00.000Z',
    );
    expect(other.holdLease('briefing-sender:console', 'me', now, '2026-01-01T09:01:00.000Z')).toBe(true);
    expect(briefings.enqueue(subscribed, { date: '2026-01-01', at: now }, now)).toBe(true);
    const [queued] = briefings.dueDeliveries(now, ['console'], 10);
    if (!queued) throw new Error('no delivery queued');
    expect(other.claim(queued, now)).toBe(true);
    briefings.finish({ ...queued, status: 'sending' }, { status: 'delivered', outcome: 'delivered' }, now);
    briefings.recoverAbandoned(now, now, ['console']);
    other.releaseLease('briefing-sender:console', 'me');
    expect(cached.deliveryCard(row, delivery(1, day)).card).toEqual(first);
    expect(briefings.incidentsRead).toBe(reads);
    // A content write on the same connection does count.
    recordIncident(store, 'cache-after-bookkeeping', '2026-01-01T12:00:00.000Z', ['CLEAR']);
    cached.deliveryCard(row, delivery(1, day));
    expect(briefings.incidentsRead).toBeGreaterThan(reads);
  });

  test('GIVEN small limits and many windows THEN the cache stays within them and cards stay right', () => {
    const store = open();
    recordIncident(store, 'cache-bounded', '2026-01-01T06:00:00.000Z');
    const limits = { windows: 2, dossiers: 5, briefings: 3 };
    const { cached, fresh } = services(store, limits);
    const starts = ['2025-12-28', '2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01'];
    let id = 0;
    for (const start of starts) {
      const window = { from: `${start}T00:00:00.000Z`, to: day.to };
      for (const filters of filterSets.slice(0, 3)) {
        for (const tlpCeiling of ['CLEAR', 'AMBER'] as Tlp[]) {
          const row = subscription(++id, { timezone: 'UTC', filters, tlpCeiling });
          expect(cached.deliveryCard(row, delivery(id, window), 2)).toEqual(
            fresh.deliveryCard(row, delivery(id, window), 2),
          );
          const sizes = cached.cacheSizes();
          expect(sizes.windows).toBeLessThanOrEqual(limits.windows);
          expect(sizes.dossiers).toBeLessThanOrEqual(limits.dossiers);
          expect(sizes.briefings).toBeLessThanOrEqual(limits.briefings);
        }
      }
    }
    expect(cached.cacheSizes()).toEqual(limits);
  });

  test('GIVEN a caller that changes the card it was given THEN later cards are unaffected', () => {
    const store = open();
    const { cached, fresh } = services(store);
    const row = subscription(1, { timezone: 'UTC', filters: '{}', tlpCeiling: 'CLEAR' });
    const card = cached.deliveryCard(row, delivery(1, day)).card;
    const entry = card.sections[0]?.entries[0];
    const action = card.actions.find((a) => a.command === 'incident');
    if (!entry || !action) throw new Error('expected a briefing with entries and incident buttons');
    entry.text = 'changed';
    action.options.query = 'changed';
    card.sections[0]?.entries.pop();
    expect(cached.deliveryCard(row, delivery(1, day)).card).toEqual(fresh.deliveryCard(row, delivery(1, day)).card);
  });
});

describe('content version', () => {
  test('GIVEN briefing bookkeeping THEN it stays; GIVEN content written on this or another connection THEN it moves', () => {
    const path = tempPath();
    const ours = open(path);
    const theirs = open(path);
    const briefings = createBriefingStore(ours.db);
    const start = briefings.contentVersion();
    const now = '2026-01-01T09:00:00.000Z';
    briefings.holdLease('briefing-sender:slack', 'me', now, '2026-01-01T09:01:00.000Z');
    briefings.releaseLease('briefing-sender:slack', 'me');
    expect(briefings.contentVersion()).toBe(start);
    recordIncident(ours, 'version-ours', now, ['CLEAR']);
    const afterOurs = briefings.contentVersion();
    expect(afterOurs).not.toBe(start);
    recordIncident(theirs, 'version-theirs', now, ['CLEAR']);
    expect(briefings.contentVersion()).not.toBe(afterOurs);
  });
});
