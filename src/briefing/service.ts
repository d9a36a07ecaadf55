/** The /briefing command's service: subscriptions for a channel, previews, and the cards deliveries post. */
import { buildBriefingCard } from '../cards/briefing-card.ts';
import type { BriefingService, Invoker, SubscriptionRequest, SubscriptionView } from '../core/briefings.ts';
import type { Card } from '../core/card.ts';
import type { Catalog } from '../core/catalog.ts';
import type { Clock } from '../core/clock.ts';
import type { Tlp } from '../domain/schemas.ts';
import type { BriefingStore, DeliveryRow, SubscriptionRow } from '../store/briefing-store.ts';
import {
  type Briefing,
  type BriefingDossier,
  type BriefingFilters,
  type Change,
  composeBriefing,
  composeFromViews,
  type IncidentView,
  viewIncident,
} from './compose.ts';
import { parseFilters } from './engine.ts';
import { localDate, nextSlot } from './slots.ts';

/** Filters as stored: keys sorted, so equal filters compare equal and a duplicate subscription is caught. */
export function filtersKey(filters: BriefingFilters): string {
  return JSON.stringify(Object.fromEntries(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b))));
}

function viewOf(row: SubscriptionRow, store: BriefingStore, now: Date): SubscriptionView {
  const next = nextSlot(now, row.localTime, row.timezone);
  const last = store.lastDelivery(row.id);
  return {
    id: row.id,
    time: row.localTime,
    timezone: row.timezone,
    filters: parseFilters(row.filters),
    tlpCeiling: row.tlpCeiling as Tlp,
    quietDays: row.quietDays,
    nextRun: `${next.date} ${row.localTime} ${row.timezone}`,
    ...(last
      ? { lastDelivery: { date: last.slotDate, status: last.status, outcome: last.outcome ?? last.status } }
      : {}),
  };
}

/** How many entries each part of the briefing cache keeps, least recently used first out. */
export interface BriefingCacheLimits {
  /** Distinct windows whose changes are kept. */
  windows: number;
  /** Incidents' facts (each with its views per TLP ceiling). */
  dossiers: number;
  /** Composed briefings, one per distinct window × filters × TLP ceiling. */
  briefings: number;
}

/**
 * Thousands of subscriptions share a few dozen windows and filter sets, and a day at 100k incidents changes a few
 * hundred of them: these limits hold a busy tick's work with room for catch-ups, in a few tens of MB at most.
 */
export const defaultBriefingCacheLimits: BriefingCacheLimits = { windows: 16, dossiers: 2048, briefings: 128 };

export interface BriefingServiceDeps {
  store: BriefingStore;
  catalog: Catalog;
  clock: Clock;
  /** `false` composes every card from the store afresh (the reference the cache is tested against). */
  cache?: BriefingCacheLimits | false;
}

/** A map that forgets its least recently used entry once it holds more than `limit`. */
function lruMap<K, V>(limit: number) {
  const entries = new Map<K, V>();
  return {
    get(key: K): V | undefined {
      const value = entries.get(key);
      if (value !== undefined) {
        // Re-inserting moves the key to the end of the Map's order: the most recently used.
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: K, value: V): V {
      entries.delete(key);
      entries.set(key, value);
      for (const oldest of entries.keys()) {
        if (entries.size <= limit) break;
        entries.delete(oldest);
      }
      return value;
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}

function toChange(c: ReturnType<BriefingStore['changesBetween']>[number]): Change {
  return {
    kind: c.kind,
    incidentSlug: c.incidentSlug,
    recordedAt: c.recordedAt,
    ...(c.claimSlug ? { claimSlug: c.claimSlug } : {}),
    ...(c.statusDate ? { statusDate: c.statusDate } : {}),
    ...(c.statusEvent ? { statusEvent: c.statusEvent } : {}),
  };
}

/** A cached briefing is handed to every card built from it: frozen, so no card builder can change another's. */
function frozen(briefing: Briefing): Briefing {
  for (const item of briefing.items) Object.freeze(Object.freeze(item).changes);
  Object.freeze(briefing.items);
  return Object.freeze(briefing);
}

/**
 * Composes briefings, sharing the work across deliveries: the changes of a window are read once, the facts of its
 * incidents once (in a few batched statements), and each distinct (window, filters, ceiling) composed once.
 * Everything is dropped as soon as the store's content version moves (a write on this connection, a commit by
 * another process), so a claim recorded a moment ago is in the very next briefing; the engine's own outbox writes
 * do not move it. Without a cache (`false`), each card is composed from the incidents' full dossiers, as before.
 */
function createBriefingComposer(store: BriefingStore, catalog: Catalog, limits: BriefingCacheLimits | false) {
  const uncached = (window: { from: string; to: string }, options: { filters: BriefingFilters; tlpCeiling: Tlp }) =>
    composeBriefing(
      window,
      store.changesBetween(window.from, window.to).map(toChange),
      (slug) => catalog.incidentDossier(slug),
      options,
    );
  if (limits === false) return { compose: uncached, sizes: () => ({ windows: 0, dossiers: 0, briefings: 0 }) };

  const windows = lruMap<string, readonly Change[]>(limits.windows);
  const dossiers = lruMap<string, { dossier: BriefingDossier | undefined; views: Map<Tlp, IncidentView> }>(
    limits.dossiers,
  );
  const briefings = lruMap<string, Briefing>(limits.briefings);
  let version: string | undefined;

  const changesOf = (window: { from: string; to: string }) => {
    const key = `${window.from}|${window.to}`;
    return (
      windows.get(key) ?? windows.set(key, Object.freeze(store.changesBetween(window.from, window.to).map(toChange)))
    );
  };
  /** Reads, in one go, the incidents of these changes not cached yet: a window's worth costs a few statements. */
  const readIncidents = (slugs: Iterable<string>) => {
    const missing = [...new Set(slugs)].filter((slug) => dossiers.get(slug) === undefined);
    if (missing.length === 0) return;
    const facts = store.incidentFacts(missing);
    for (const slug of missing) dossiers.set(slug, { dossier: facts.get(slug), views: new Map() });
  };
  const viewOf = (slug: string, tlpCeiling: Tlp): IncidentView | undefined => {
    // Only when the window had more incidents than the cache holds was this one dropped before its turn.
    if (dossiers.get(slug) === undefined) readIncidents([slug]);
    const entry = dossiers.get(slug);
    if (!entry?.dossier) return undefined;
    let view = entry.views.get(tlpCeiling);
    if (!view) {
      view = viewIncident(entry.dossier, tlpCeiling);
      entry.views.set(tlpCeiling, view);
    }
    return view;
  };

  return {
    compose(window: { from: string; to: string }, options: { filters: BriefingFilters; tlpCeiling: Tlp }): Briefing {
      const current = store.contentVersion();
      if (current !== version) {
        windows.clear();
        dossiers.clear();
        briefings.clear();
        version = current;
      }
      const key = JSON.stringify([window.from, window.to, filtersKey(options.filters), options.tlpCeiling]);
      const known = briefings.get(key);
      if (known) return known;
      const changes = changesOf(window);
      readIncidents(changes.map((c) => c.incidentSlug));
      return briefings.set(
        key,
        frozen(composeFromViews(window, changes, (slug) => viewOf(slug, options.tlpCeiling), options)),
      );
    },
    /** Entries held now, for tests and diagnostics. */
    sizes: () => ({ windows: windows.size, dossiers: dossiers.size, briefings: briefings.size }),
  };
}

export function createBriefingService({ store, catalog, clock, cache }: BriefingServiceDeps) {
  const composer = createBriefingComposer(store, catalog, cache ?? defaultBriefingCacheLimits);
  // Reading a date in a zone goes through Intl, dearer than the rest of a card; deliveries share a handful of them.
  const dates = lruMap<string, string>(256);
  const dateIn = (instant: string, timezone: string) => {
    const key = `${instant}|${timezone}`;
    return dates.get(key) ?? dates.set(key, localDate(new Date(instant), timezone));
  };

  /** The card for the changes in (from, to] seen through a subscription's filters and ceiling. */
  function briefingCard(
    window: { from: string; to: string },
    settings: { filters: BriefingFilters; tlpCeiling: Tlp; timezone: string },
    page: { page: number; preview: boolean; action: (n: number) => Card['actions'][number] },
  ) {
    const briefing = composer.compose(window, { filters: settings.filters, tlpCeiling: settings.tlpCeiling });
    const card = buildBriefingCard(briefing, {
      date: dateIn(window.to, settings.timezone),
      timezone: settings.timezone,
      page: page.page,
      preview: page.preview,
      pageAction: page.action,
    });
    return { card, quiet: briefing.items.length === 0 && briefing.withheld === 0 };
  }

  // Thousands of subscriptions store the same few filter texts: validate each text once.
  const parsedFilters = lruMap<string, BriefingFilters>(256);
  const filtersOf = (json: string) =>
    parsedFilters.get(json) ?? parsedFilters.set(json, Object.freeze(parseFilters(json)));
  const settingsOf = (row: SubscriptionRow) => ({
    filters: filtersOf(row.filters),
    tlpCeiling: row.tlpCeiling as Tlp,
    timezone: row.timezone,
  });

  const service: BriefingService = {
    subscribe(invoker: Invoker, request: SubscriptionRequest) {
      const { row, created } = store.subscribe(
        {
          platform: invoker.platform,
          workspaceId: invoker.workspaceId,
          channelId: invoker.channelId,
          localTime: request.time,
          timezone: request.timezone,
          filters: filtersKey(request.filters),
          tlpCeiling: request.tlpCeiling,
          quietDays: request.quietDays,
          createdBy: invoker.userId,
        },
        clock.now().toISOString(),
      );
      return { view: viewOf(row, store, clock.now()), created };
    },
    unsubscribe: (invoker, id) => store.unsubscribe(id, invoker.platform, invoker.channelId),
    list: (invoker) =>
      store.channelSubscriptions(invoker.platform, invoker.channelId).map((row) => viewOf(row, store, clock.now())),
    preview(invoker, page) {
      const now = clock.now().toISOString();
      const [first] = store.channelSubscriptions(invoker.platform, invoker.channelId);
      // Without a subscription, a preview covers the last 24 hours with no filters.
      const from = first?.coveredUntil ?? new Date(clock.now().getTime() - 86_400_000).toISOString();
      const settings = first ? settingsOf(first) : { filters: {}, tlpCeiling: 'CLEAR' as Tlp, timezone: 'UTC' };
      return briefingCard({ from, to: now }, settings, {
        page,
        preview: true,
        action: (n) => ({ label: 'More', command: 'briefing', options: { action: 'preview', page: String(n) } }),
      }).card;
    },
    show(invoker, deliveryId, page) {
      const delivery = store.delivery(deliveryId);
      const subscription = delivery ? store.subscription(delivery.subscriptionId) : undefined;
      // Only the channel the briefing went to may page through it.
      if (!delivery || !subscription || subscription.channelId !== invoker.channelId) return undefined;
      return deliveryCard(subscription, delivery, page).card;
    },
  };

  /** The card a delivery posts (page 1) or shows further on. */
  function deliveryCard(subscription: SubscriptionRow, delivery: DeliveryRow, page = 1) {
    const built = briefingCard({ from: delivery.coversFrom, to: delivery.coversTo }, settingsOf(subscription), {
      page,
      preview: false,
      action: (n) => ({
        label: 'More',
        command: 'briefing',
        options: { action: 'show', id: String(delivery.id), page: String(n) },
      }),
    });
    // The reference lets a sender recognise this briefing in the channel's history after an interrupted send.
    return { ...built, card: { ...built.card, footer: `${built.card.footer ?? ''} · ref ${delivery.key}` } };
  }

  return { service, deliveryCard, cacheSizes: composer.sizes };
}
