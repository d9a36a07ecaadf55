/** The /briefing command's service: subscriptions for a channel, previews, and the cards deliveries post. */
import { buildBriefingCard } from '../cards/briefing-card.ts';
import type { BriefingService, Invoker, SubscriptionRequest, SubscriptionView } from '../core/briefings.ts';
import type { Card } from '../core/card.ts';
import type { Catalog } from '../core/catalog.ts';
import type { Clock } from '../core/clock.ts';
import type { Tlp } from '../domain/schemas.ts';
import type { BriefingStore, DeliveryRow, SubscriptionRow } from '../store/briefing-store.ts';
import { type BriefingFilters, composeBriefing } from './compose.ts';
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

export interface BriefingServiceDeps {
  store: BriefingStore;
  catalog: Catalog;
  clock: Clock;
}

export function createBriefingService({ store, catalog, clock }: BriefingServiceDeps) {
  /** The card for the changes in (from, to] seen through a subscription's filters and ceiling. */
  function briefingCard(
    window: { from: string; to: string },
    settings: { filters: BriefingFilters; tlpCeiling: Tlp; timezone: string },
    page: { page: number; preview: boolean; action: (n: number) => Card['actions'][number] },
  ) {
    const changes = store.changesBetween(window.from, window.to).map((c) => ({
      kind: c.kind,
      incidentSlug: c.incidentSlug,
      recordedAt: c.recordedAt,
      ...(c.claimSlug ? { claimSlug: c.claimSlug } : {}),
      ...(c.statusDate ? { statusDate: c.statusDate } : {}),
      ...(c.statusEvent ? { statusEvent: c.statusEvent } : {}),
    }));
    const briefing = composeBriefing(window, changes, (slug) => catalog.incidentDossier(slug), settings);
    const card = buildBriefingCard(briefing, {
      date: localDate(new Date(window.to), settings.timezone),
      timezone: settings.timezone,
      page: page.page,
      preview: page.preview,
      pageAction: page.action,
    });
    return { card, quiet: briefing.items.length === 0 && briefing.withheld === 0 };
  }

  const settingsOf = (row: SubscriptionRow) => ({
    filters: parseFilters(row.filters),
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

  return { service, deliveryCard };
}
