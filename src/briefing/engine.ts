/**
 * The briefing engine: on each tick, the process holding the sender lease writes an outbox row for every due slot,
 * then sends what is due. Exactly once comes from the outbox's unique keys, the lease, and senders that can tell
 * whether an interrupted send went out — not from the scheduler.
 */

import type { Card } from '../core/card.ts';
import type { Clock } from '../core/clock.ts';
import type { Log } from '../core/log.ts';
import type { Tlp } from '../domain/schemas.ts';
import type { BriefingStore, DeliveryRow, SubscriptionRow } from '../store/briefing-store.ts';
import { type BriefingFilters, briefingFiltersSchema } from './compose.ts';
import { type BriefingSender, type BriefingTarget, DeliveryError } from './sender.ts';
import { latestDueSlot } from './slots.ts';

export interface EngineOptions {
  store: BriefingStore;
  clock: Clock;
  /** Senders by platform; deliveries for a platform without one wait (another process may serve it). */
  senders: Partial<Record<BriefingTarget['platform'], BriefingSender>>;
  /** Builds the card for a delivery: the changes in (coversFrom, coversTo] through the subscription's filters. */
  cardFor(subscription: SubscriptionRow, delivery: DeliveryRow): { card: Card; quiet: boolean };
  /** This process, for the lease. */
  owner: string;
  logger: Log;
  /** How long a lease lasts without renewal. @default 60 s */
  leaseMs?: number;
  /** Deliveries read from the outbox at a time. @default 50 */
  batch?: number;
  /**
   * How long one tick keeps sending further batches; shorter than the scheduler's 15 s period, so ticks do not pile
   * up behind a slow platform. @default 10 s
   */
  tickBudgetMs?: number;
}

export const senderLease = 'briefing-sender';

/** Back-off after the n-th failed attempt: 5 s, 10 s, 20 s … up to 30 min. */
export function backoffMs(attempt: number): number {
  return Math.min(30 * 60_000, 5_000 * 2 ** Math.max(0, attempt - 1));
}

export function parseFilters(json: string): BriefingFilters {
  const parsed = briefingFiltersSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : {};
}

export function targetOf(subscription: SubscriptionRow): BriefingTarget {
  return { platform: subscription.platform, workspaceId: subscription.workspaceId, channelId: subscription.channelId };
}

export interface TickReport {
  leader: boolean;
  enqueued: number;
  delivered: number;
  retrying: number;
  failed: number;
}

export function createBriefingEngine(options: EngineOptions) {
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 50;
  const tickBudgetMs = options.tickBudgetMs ?? 10_000;
  const { store, clock, logger } = options;
  const iso = (ms: number) => new Date(ms).toISOString();

  const platforms = Object.keys(options.senders) as Array<BriefingTarget['platform']>;
  /** One lease per platform, so a console and a Slack bot on one database each send their own. */
  const leaseName = (platform: string) => `${senderLease}:${platform}`;
  const holdLease = (platform: string): boolean => {
    const now = clock.now().getTime();
    return store.holdLease(leaseName(platform), options.owner, iso(now), iso(now + leaseMs));
  };

  /** Writes the outbox rows for every subscription's latest due slot. */
  function enqueueDue(now: Date): number {
    let enqueued = 0;
    for (const subscription of store.allSubscriptions()) {
      const slot = latestDueSlot(now, subscription.localTime, subscription.timezone);
      // Slots before the subscription existed are not owed.
      if (slot.at.toISOString() <= subscription.createdAt) continue;
      if (store.enqueue(subscription, { date: slot.date, at: slot.at.toISOString() }, now.toISOString())) enqueued++;
    }
    return enqueued;
  }

  async function deliver(delivery: DeliveryRow, report: TickReport): Promise<void> {
    const subscription = store.subscription(delivery.subscriptionId);
    if (!subscription) return;
    const sender = options.senders[subscription.platform];
    if (!sender) return;
    // Renewing before each send keeps the lease ours for longer than any send may take.
    if (!holdLease(subscription.platform)) return;
    const outcomeUnknown = delivery.status === 'unknown';
    if (!store.claim(delivery, clock.now().toISOString())) return;
    const { card, quiet } = options.cardFor(subscription, delivery);
    const done = (result: Parameters<BriefingStore['finish']>[1]) =>
      store.finish(delivery, result, clock.now().toISOString());
    if (quiet && subscription.quietDays === 'skip' && !outcomeUnknown) {
      done({ status: 'delivered', outcome: 'quiet day: nothing posted, as the subscription asks' });
      report.delivered++;
      return;
    }
    try {
      const { remoteId } = await sender.send(
        targetOf(subscription),
        { card, key: delivery.key, since: delivery.createdAt },
        { outcomeUnknown },
      );
      done({ status: 'delivered', remoteId, outcome: 'delivered' });
      report.delivered++;
    } catch (error) {
      const now = clock.now().getTime();
      const attempts = delivery.attempts + 1;
      const failure = error instanceof DeliveryError ? error.failure : 'transient';
      const reason = (error as Error).message;
      // Only a permanent refusal gives up. Anything else may have posted (or will post once the platform is back):
      // keep checking and retrying with capped back-off; a row still open holds back the next slot (enqueue).
      if (failure === 'permanent') {
        done({ status: 'failed', outcome: reason });
        report.failed++;
        logger.warn({ delivery: delivery.key, reason }, 'briefing delivery failed');
        return;
      }
      const wait =
        error instanceof DeliveryError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffMs(attempts);
      // Rate limited: the platform refused, nothing was posted. Otherwise the send may have gone out: check first.
      done({
        status: failure === 'rate-limited' ? (outcomeUnknown ? 'unknown' : 'pending') : 'unknown',
        outcome: reason,
        next: iso(now + wait),
      });
      report.retrying++;
    }
  }

  return {
    /** One pass: lease, recover, enqueue, send. Safe to call from several processes at once. */
    async tick(): Promise<TickReport> {
      const report: TickReport = { leader: false, enqueued: 0, delivered: 0, retrying: 0, failed: 0 };
      const held = platforms.filter(holdLease);
      if (held.length === 0) return report;
      report.leader = true;
      const now = clock.now();
      // A row left in `sending` longer than a lease by a process that is gone: treat its outcome as unknown.
      store.recoverAbandoned(iso(now.getTime() - leaseMs), now.toISOString(), held);
      report.enqueued = enqueueDue(now);
      // Batch after batch while there is time: 10k channels due at 09:00 go out in minutes, not one batch per tick.
      const until = now.getTime() + tickBudgetMs;
      for (;;) {
        const due = store.dueDeliveries(clock.now().toISOString(), held, batch);
        for (const delivery of due) await deliver(delivery, report);
        if (due.length < batch || clock.now().getTime() >= until) break;
      }
      return report;
    },
    /** Gives the lease up so another process can take over at once. */
    release(): void {
      for (const platform of platforms) store.releaseLease(leaseName(platform), options.owner);
    },
  };
}

export type BriefingEngine = ReturnType<typeof createBriefingEngine>;
export type { BriefingFilters, Tlp };
