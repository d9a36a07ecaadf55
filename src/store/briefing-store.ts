/**
 * SQL for daily briefings: subscriptions, the deliveries outbox, the sender lease, and what changed in the store
 * between two instants. Every write that must be atomic is one IMMEDIATE transaction, so two processes sharing the
 * file never interleave inside it.
 */
import type { Incident } from '../domain/schemas.ts';
import type { ClaimRecord } from '../domain/views.ts';
import { claimColumns, claimJoins, present, type Row, str, toClaimRecord } from './claim-rows.ts';
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

/**
 * What a briefing needs of an incident, read for many incidents at once: the same values as the incident's dossier
 * (`createRecordReader().incidentDossier`), of which it is a part — a test holds the two equal.
 */
export interface IncidentFacts {
  incident: Pick<Incident, 'title' | 'victims'>;
  claims: ClaimRecord[];
  /** Actor-level claims (sponsor links) about the actors the incident's claims name. */
  actorClaims: ClaimRecord[];
}

/** Appends to the list kept under `key`. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const subscriptionColumns = `id, platform, workspace_id AS workspaceId, channel_id AS channelId, local_time AS localTime,
  timezone, filters, tlp_ceiling AS tlpCeiling, quiet_days AS quietDays, created_by AS createdBy,
  created_at AS createdAt, covered_until AS coveredUntil`;

const deliveryColumns = `id, key, subscription_id AS subscriptionId, slot_date AS slotDate, slot_at AS slotAt,
  covers_from AS coversFrom, covers_to AS coversTo, status, attempts, next_attempt_at AS nextAttemptAt,
  remote_id AS remoteId, outcome, created_at AS createdAt, updated_at AS updatedAt`;

/**
 * Rows the briefing store itself has written on a connection (subscriptions, deliveries, leases): bookkeeping that
 * never changes what a briefing says. Kept per connection, so every briefing store on one connection shares it.
 */
const bookkeepingRows = new WeakMap<Db, { rows: number }>();

export function createBriefingStore(db: Db) {
  const bookkeeping = bookkeepingRows.get(db) ?? { rows: 0 };
  bookkeepingRows.set(db, bookkeeping);
  // data_version moves when another connection commits; total_changes() counts this connection's row writes.
  const writeMarks = db.prepare('SELECT data_version, total_changes() FROM pragma_data_version()').raw();
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  /** Runs one of our own writes and books its rows, so they do not count as new content. */
  const bookkeep = <T>(write: () => T): T => {
    const before = totalChanges.get() as number;
    try {
      return write();
    } finally {
      bookkeeping.rows += (totalChanges.get() as number) - before;
    }
  };

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
    // The facts queries take a JSON array of ids or slugs: one statement for a whole window's incidents.
    factIncidents: db.prepare('SELECT id, slug, title FROM incidents WHERE slug IN (SELECT value FROM json_each(?))'),
    factVictims: db.prepare(
      `SELECT incident_id AS incidentId, name, sector, country FROM victims
       WHERE incident_id IN (SELECT value FROM json_each(?)) ORDER BY incident_id, position`,
    ),
    factClaims: db.prepare(
      `SELECT c.incident_id AS forIncident, ${claimColumns} FROM claims c ${claimJoins}
       WHERE c.incident_id IN (SELECT value FROM json_each(?)) ORDER BY c.incident_id, c.said, c.id`,
    ),
    factActors: db
      .prepare(
        `SELECT DISTINCT incident_id AS incidentId, subject_actor_id AS actorId FROM claims
         WHERE incident_id IN (SELECT value FROM json_each(?)) AND subject_actor_id IS NOT NULL
         ORDER BY incident_id, subject_actor_id`,
      )
      .raw(),
    // Actor-level claims are few: reading them once, matched against the actors in SQL, beats a look-up per actor.
    factActorClaims: db.prepare(
      `SELECT x.value AS forActor, ${claimColumns} FROM json_each(?) x
       JOIN claims c ON c.incident_id IS NULL AND (c.subject_actor_id = x.value OR c.owner_actor_id = x.value)
       ${claimJoins}
       ORDER BY x.value, c.said, c.id`,
    ),
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
      return bookkeep(() =>
        db
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
          .immediate(),
      );
    },
    unsubscribe(id: number, platform: string, channelId: string): boolean {
      return bookkeep(() => s.deleteSubscription.run(id, platform, channelId).changes === 1);
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
      return bookkeep(() =>
        db
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
          .immediate(),
      );
    },

    /** Deliveries ready to send for the given platforms. */
    dueDeliveries: (now: string, platforms: string[], limit: number) =>
      s.dueDeliveries.all({ now, platforms: JSON.stringify(platforms), limit }) as DeliveryRow[],

    /** Moves a row to `sending` if it is still in the state we read; false when another sender got there first. */
    claim(delivery: DeliveryRow, now: string): boolean {
      return bookkeep(() => s.claimDelivery.run({ id: delivery.id, from: delivery.status, now }).changes === 1);
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
      bookkeep(() =>
        db
          .transaction(() => {
            s.finishDelivery.run({
              id: delivery.id,
              status: result.status,
              remoteId: result.remoteId ?? null,
              outcome: result.outcome,
              next: result.next ?? now,
              now,
            });
            if (result.status === 'delivered') s.advanceCoverage.run(delivery.coversTo, delivery.subscriptionId);
          })
          .immediate(),
      );
    },

    /** Rows left in `sending` by a process that died: their outcome is unknown, to be checked before resending. */
    recoverAbandoned(before: string, now: string, platforms: string[]): number {
      return bookkeep(() => s.abandonedSends.run({ before, now, platforms: JSON.stringify(platforms) }).changes);
    },

    /** Takes or renews a named lease; true while this owner holds it. */
    holdLease(name: string, owner: string, now: string, expires: string): boolean {
      return bookkeep(() => s.takeLease.run({ name, owner, now, expires }).changes === 1);
    },
    releaseLease: (name: string, owner: string) => void bookkeep(() => s.releaseLease.run(name, owner)),

    /** Incidents, claims and case-status events recorded in (from, to]. */
    changesBetween: (from: string, to: string) => s.changes.all({ from, to }) as ChangeRow[],

    /**
     * The facts of the incidents with these slugs, by slug; an unknown slug is left out. Equal, value for value, to
     * the parts of their dossiers, in a handful of statements instead of a dozen per incident.
     */
    incidentFacts(slugs: readonly string[]): Map<string, IncidentFacts> {
      const incidents = s.factIncidents.all(JSON.stringify(slugs)) as Array<{
        id: number;
        slug: string;
        title: string;
      }>;
      const ids = JSON.stringify(incidents.map((i) => i.id));
      const victims = new Map<number, Incident['victims']>();
      for (const v of s.factVictims.all(ids) as Row[]) {
        push(
          victims,
          Number(v.incidentId),
          present({ name: String(v.name), sector: str(v.sector), country: str(v.country) }),
        );
      }
      const claims = new Map<number, ClaimRecord[]>();
      for (const row of s.factClaims.all(ids) as Row[]) push(claims, Number(row.forIncident), toClaimRecord(row));
      const actorsOf = new Map<number, number[]>();
      for (const [incidentId, actorId] of s.factActors.all(ids) as Array<[number, number]>) {
        push(actorsOf, incidentId, actorId);
      }
      const actorIds = [...new Set([...actorsOf.values()].flat())];
      const actorClaims = new Map<number, ClaimRecord[]>();
      for (const row of s.factActorClaims.all(JSON.stringify(actorIds)) as Row[]) {
        push(actorClaims, Number(row.forActor), toClaimRecord(row));
      }
      return new Map(
        incidents.map((incident) => [
          incident.slug,
          {
            incident: { title: incident.title, victims: victims.get(incident.id) ?? [] },
            claims: claims.get(incident.id) ?? [],
            actorClaims: (actorsOf.get(incident.id) ?? []).flatMap((actorId) => actorClaims.get(actorId) ?? []),
          },
        ]),
      );
    },

    /**
     * A token that differs whenever what a briefing reads may have changed: a commit by another connection (another
     * process), or any write on this connection other than this store's own bookkeeping — an approved claim, an
     * import, an edit. Equal tokens mean cached briefing content is still current.
     */
    contentVersion(): string {
      const [dataVersion, written] = writeMarks.get() as [number, number];
      return `${dataVersion}:${written - bookkeeping.rows}`;
    },
  };
}

export type BriefingStore = ReturnType<typeof createBriefingStore>;
