/**
 * SQL for daily briefings: subscriptions, the deliveries outbox, the sender lease, and what changed in the store
 * between two instants. Every write that must be atomic is one IMMEDIATE transaction, so two processes sharing the
 * file never interleave inside it.
 */
import type { Db } from './database.ts';

export type DeliveryStatus = 'pending' | 'sending' | 'unknown' | 'delivered' | 'failed' | 'superseded';

export interface SubscriptionRow {
  id: number;
  platform: 'slack' | 'discord' | 'console';
  workspaceId: string;
  channelId: string;
  localTime: string;
  timezone: string;
  filters: string;
  tlpCeiling: string;
  quietDays: 'post' | 'skip';
  createdBy: string;
  createdAt: string;
  coveredUntil: string;
}

export interface DeliveryRow {
  id: number;
  key: string;
  subscriptionId: number;
  slotDate: string;
  slotAt: string;
  coversFrom: string;
  coversTo: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  remoteId: string | null;
  outcome: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a caller gives to subscribe; the store adds the id, the creation time and the coverage mark. */
export type NewSubscription = Omit<SubscriptionRow, 'id' | 'createdAt' | 'coveredUntil'>;

/** A change recorded in the store between two instants. */
export interface ChangeRow {
  kind: 'incident' | 'claim' | 'status';
  incidentId: number;
  incidentSlug: string;
  recordedAt: string;
  /** claim rows */
  claimSlug: string | null;
  stance: string | null;
  tlp: string | null;
  speakerState: string | null;
  respondsTo: string | null;
  /** status rows */
  statusDate: string | null;
  statusEvent: string | null;
}

const subscriptionColumns = `id, platform, workspace_id AS workspaceId, channel_id AS channelId, local_time AS localTime,
  timezone, filters, tlp_ceiling AS tlpCeiling, quiet_days AS quietDays, created_by AS createdBy,
  created_at AS createdAt, covered_until AS coveredUntil`;

const deliveryColumns = `id, key, subscription_id AS subscriptionId, slot_date AS slotDate, slot_at AS slotAt,
  covers_from AS coversFrom, covers_to AS coversTo, status, attempts, next_attempt_at AS nextAttemptAt,
  remote_id AS remoteId, outcome, created_at AS createdAt, updated_at AS updatedAt`;

export function createBriefingStore(db: Db) {
  const s = {
    insertSubscription: db.prepare(
      `INSERT INTO subscriptions (platform, workspace_id, channel_id, local_time, timezone, filters, tlp_ceiling,
         quiet_days, created_by, created_at, covered_until)
       VALUES (@platform, @workspaceId, @channelId, @localTime, @timezone, @filters, @tlpCeiling, @quietDays,
         @createdBy, @now, @now)
       ON CONFLICT (platform, channel_id, local_time, timezone, filters) DO NOTHING RETURNING id`,
    ),
    findSubscription: db.prepare(
      `SELECT ${subscriptionColumns} FROM subscriptions
       WHERE platform = ? AND channel_id = ? AND local_time = ? AND timezone = ? AND filters = ?`,
    ),
    subscription: db.prepare(`SELECT ${subscriptionColumns} FROM subscriptions WHERE id = ?`),
    channelSubscriptions: db.prepare(
      `SELECT ${subscriptionColumns} FROM subscriptions WHERE platform = ? AND channel_id = ? ORDER BY id`,
    ),
    allSubscriptions: db.prepare(`SELECT ${subscriptionColumns} FROM subscriptions ORDER BY id`),
    deleteSubscription: db.prepare('DELETE FROM subscriptions WHERE id = ? AND platform = ? AND channel_id = ?'),
    advanceCoverage: db.prepare('UPDATE subscriptions SET covered_until = max(covered_until, ?) WHERE id = ?'),
    lastDelivery: db.prepare(
      `SELECT ${deliveryColumns} FROM deliveries WHERE subscription_id = ? AND status <> 'superseded'
       ORDER BY slot_at DESC, id DESC LIMIT 1`,
    ),
    deliveryForSlot: db.prepare(`SELECT id FROM deliveries WHERE subscription_id = ? AND slot_at >= ? LIMIT 1`).pluck(),
    openEarlier: db
      .prepare(
        `SELECT id FROM deliveries
         WHERE subscription_id = ? AND slot_at < ? AND status IN ('sending', 'unknown') LIMIT 1`,
      )
      .pluck(),
    coveredUntil: db.prepare('SELECT covered_until FROM subscriptions WHERE id = ?').pluck(),
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (key, subscription_id, slot_date, slot_at, covers_from, covers_to, status,
         next_attempt_at, created_at, updated_at)
       VALUES (@key, @subscriptionId, @slotDate, @slotAt, @coversFrom, @coversTo, 'pending', @now, @now, @now)
       ON CONFLICT (key) DO NOTHING`,
    ),
    supersedeOpen: db.prepare(
      `UPDATE deliveries SET status = 'superseded', outcome = 'covered by the delivery for ' || @slotDate,
         updated_at = @now
       WHERE subscription_id = @subscriptionId AND status IN ('pending', 'failed') AND slot_at < @slotAt`,
    ),
    delivery: db.prepare(`SELECT ${deliveryColumns} FROM deliveries WHERE id = ?`),
    dueDeliveries: db.prepare(
      `SELECT ${deliveryColumns} FROM deliveries
       WHERE status IN ('pending', 'unknown') AND next_attempt_at <= @now
         AND subscription_id IN (SELECT id FROM subscriptions WHERE platform IN (SELECT value FROM json_each(@platforms)))
       ORDER BY next_attempt_at, id LIMIT @limit`,
    ),
    claimDelivery: db.prepare(
      `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = @now
       WHERE id = @id AND status = @from`,
    ),
    finishDelivery: db.prepare(
      `UPDATE deliveries SET status = @status, remote_id = @remoteId, outcome = @outcome, next_attempt_at = @next,
         updated_at = @now WHERE id = @id AND status = 'sending'`,
    ),
    abandonedSends: db.prepare(
      `UPDATE deliveries SET status = 'unknown', outcome = 'interrupted while sending', updated_at = @now
       WHERE status = 'sending' AND updated_at < @before
         AND subscription_id IN (SELECT id FROM subscriptions WHERE platform IN (SELECT value FROM json_each(@platforms)))`,
    ),
    takeLease: db.prepare(
      `INSERT INTO leases (name, owner, expires_at) VALUES (@name, @owner, @expires)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.owner = excluded.owner OR leases.expires_at < @now`,
    ),
    releaseLease: db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?'),
    changes: db.prepare(
      `SELECT 'incident' AS kind, i.id AS incidentId, i.slug AS incidentSlug, i.recorded_at AS recordedAt,
         NULL AS claimSlug, NULL AS stance, NULL AS tlp, NULL AS speakerState, NULL AS respondsTo,
         NULL AS statusDate, NULL AS statusEvent
       FROM incidents i WHERE i.recorded_at > @from AND i.recorded_at <= @to
       UNION ALL
       SELECT 'claim', i.id, i.slug, c.recorded_at, c.slug, c.stance, c.tlp, c.speaker_state, r.slug, NULL, NULL
       FROM claims c JOIN incidents i ON i.id = c.incident_id LEFT JOIN claims r ON r.id = c.responds_to_id
       WHERE c.recorded_at > @from AND c.recorded_at <= @to
       UNION ALL
       SELECT 'status', i.id, i.slug, e.recorded_at, NULL, NULL, NULL, NULL, NULL, e.date, e.event
       FROM status_events e JOIN incidents i ON i.id = e.incident_id
       WHERE e.recorded_at > @from AND e.recorded_at <= @to
       ORDER BY recordedAt, kind`,
    ),
  };

  return {
    /** Adds a subscription; an identical one in the same channel is returned instead of a second copy. */
    subscribe(subscription: NewSubscription, now: string): { row: SubscriptionRow; created: boolean } {
      return db
        .transaction(() => {
          const inserted = s.insertSubscription.get({ ...subscription, now }) as { id: number } | undefined;
          const row = s.findSubscription.get(
            subscription.platform,
            subscription.channelId,
            subscription.localTime,
            subscription.timezone,
            subscription.filters,
          ) as SubscriptionRow;
          return { row, created: inserted !== undefined };
        })
        .immediate();
    },
    unsubscribe(id: number, platform: string, channelId: string): boolean {
      return s.deleteSubscription.run(id, platform, channelId).changes === 1;
    },
    subscription: (id: number) => s.subscription.get(id) as SubscriptionRow | undefined,
    channelSubscriptions: (platform: string, channelId: string) =>
      s.channelSubscriptions.all(platform, channelId) as SubscriptionRow[],
    allSubscriptions: () => s.allSubscriptions.all() as SubscriptionRow[],
    lastDelivery: (subscriptionId: number) => s.lastDelivery.get(subscriptionId) as DeliveryRow | undefined,
    delivery: (id: number) => s.delivery.get(id) as DeliveryRow | undefined,

    /**
     * Writes the outbox row for a due slot unless one exists for it (or a later one): the row exists before
     * anything is sent. Older rows still waiting are superseded: this one covers everything they would have.
     */
    enqueue(subscription: SubscriptionRow, slot: { date: string; at: string }, now: string): boolean {
      return db
        .transaction(() => {
          if (s.deliveryForSlot.get(subscription.id, slot.at) !== undefined) return false;
          // An earlier briefing may already be out: until that is known, what this one covers is not.
          if (s.openEarlier.get(subscription.id, slot.at) !== undefined) return false;
          s.supersedeOpen.run({ subscriptionId: subscription.id, slotAt: slot.at, slotDate: slot.date, now });
          const inserted = s.insertDelivery.run({
            key: `briefing:${subscription.id}:${slot.date}`,
            subscriptionId: subscription.id,
            slotDate: slot.date,
            slotAt: slot.at,
            // Read here, in the transaction: the subscription row passed in may be older than the last delivery.
            coversFrom: s.coveredUntil.get(subscription.id) as string,
            coversTo: slot.at,
            now,
          });
          return inserted.changes === 1;
        })
        .immediate();
    },

    /** Deliveries ready to send for the given platforms. */
    dueDeliveries: (now: string, platforms: string[], limit: number) =>
      s.dueDeliveries.all({ now, platforms: JSON.stringify(platforms), limit }) as DeliveryRow[],

    /** Moves a row to `sending` if it is still in the state we read; false when another sender got there first. */
    claim(delivery: DeliveryRow, now: string): boolean {
      return s.claimDelivery.run({ id: delivery.id, from: delivery.status, now }).changes === 1;
    },

    /** Records the outcome; a delivered briefing advances the subscription's coverage in the same transaction. */
    finish(
      delivery: DeliveryRow,
      result: {
        status: 'delivered' | 'pending' | 'unknown' | 'failed';
        remoteId?: string;
        outcome: string;
        next?: string;
      },
      now: string,
    ): void {
      db.transaction(() => {
        s.finishDelivery.run({
          id: delivery.id,
          status: result.status,
          remoteId: result.remoteId ?? null,
          outcome: result.outcome,
          next: result.next ?? now,
          now,
        });
        if (result.status === 'delivered') s.advanceCoverage.run(delivery.coversTo, delivery.subscriptionId);
      }).immediate();
    },

    /** Rows left in `sending` by a process that died: their outcome is unknown, to be checked before resending. */
    recoverAbandoned(before: string, now: string, platforms: string[]): number {
      return s.abandonedSends.run({ before, now, platforms: JSON.stringify(platforms) }).changes;
    },

    /** Takes or renews a named lease; true while this owner holds it. */
    holdLease(name: string, owner: string, now: string, expires: string): boolean {
      return s.takeLease.run({ name, owner, now, expires }).changes === 1;
    },
    releaseLease: (name: string, owner: string) => void s.releaseLease.run(name, owner),

    /** Incidents, claims and case-status events recorded in (from, to]. */
    changesBetween: (from: string, to: string) => s.changes.all({ from, to }) as ChangeRow[],
  };
}

export type BriefingStore = ReturnType<typeof createBriefingStore>;
