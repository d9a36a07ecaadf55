/**
 * Writes actors, incidents and claims into the store, upserting by slug so that re-loading the same records
 * changes nothing and a record keeps the time the store first learned of it.
 */
import type { CuratedData } from '../curated/load-curated.ts';
import { likelihoodFromHedge } from '../domain/likelihood.ts';
import type { Actor, Claim, Incident } from '../domain/schemas.ts';
import type { Db } from './database.ts';
import { rebuildSearchIndex } from './search-index.ts';
import { createSourceWriter } from './sources.ts';

/** The claim columns both writers fill the same way: speaker, stance, subject, words, confidence, basis, TLP. */
export function claimColumns(claim: Omit<Claim, 'id' | 'said' | 'source' | 'respondsTo'>) {
  return {
    speakerName: claim.speaker.name ?? null,
    speakerRole: claim.speaker.role ?? null,
    speakerOrganization: claim.speaker.organization ?? null,
    speakerState: claim.speaker.state ?? null,
    speakerKind: claim.speaker.kind,
    onRecord: claim.speaker.onRecord ? 1 : 0,
    stance: claim.stance,
    sponsorName: claim.subject.sponsor?.name ?? null,
    sponsorPartOf: claim.subject.sponsor?.partOf ?? null,
    sponsorState: claim.subject.sponsor?.state ?? null,
    subjectState: claim.subject.state ?? null,
    statement: claim.statement,
    quote: claim.quote ?? null,
    hedge: claim.confidence.hedge ?? null,
    likelihood: claim.confidence.level ?? likelihoodFromHedge(claim.confidence.hedge),
    basis: claim.basis ?? null,
    basisDetail: claim.basisDetail ?? null,
    tlp: claim.tlp,
  };
}

function createWriter(db: Db, origin: string, now: string) {
  const statements = {
    upsertActor: db
      .prepare(
        `INSERT INTO actors (slug, name, kind, description, mitre_attack_id, misp_galaxy_uuid, origin, recorded_at)
         VALUES (@slug, @name, @kind, @description, @mitre, @misp, @origin, @now)
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, kind = excluded.kind, description = excluded.description,
           mitre_attack_id = excluded.mitre_attack_id, misp_galaxy_uuid = excluded.misp_galaxy_uuid, origin = excluded.origin
         RETURNING id`,
      )
      .pluck(),
    // Aliases an import added (origin 'import') are the import's to replace; a curated alias takes over an imported
    // row of the same name.
    deleteAliases: db.prepare("DELETE FROM actor_aliases WHERE actor_id = ? AND origin <> 'import'"),
    insertAlias: db.prepare(
      `INSERT INTO actor_aliases (actor_id, name, coined_by, source_id, origin) VALUES (?, ?, ?, ?, 'curated')
       ON CONFLICT (actor_id, name) DO UPDATE SET coined_by = excluded.coined_by, source_id = excluded.source_id,
         origin = 'curated'
       WHERE actor_aliases.origin = 'import'`,
    ),
    upsertIncident: db
      .prepare(
        `INSERT INTO incidents (slug, title, period_start, period_end, disclosed, summary, origin, recorded_at)
         VALUES (@slug, @title, @start, @end, @disclosed, @summary, @origin, @now)
         ON CONFLICT (slug) DO UPDATE SET title = excluded.title, period_start = excluded.period_start,
           period_end = excluded.period_end, disclosed = excluded.disclosed, summary = excluded.summary, origin = excluded.origin
         RETURNING id`,
      )
      .pluck(),
    deleteIncidentChildren: [
      db.prepare('DELETE FROM incident_aliases WHERE incident_id = ?'),
      db.prepare('DELETE FROM victims WHERE incident_id = ?'),
      db.prepare('DELETE FROM status_events WHERE incident_id = ?'),
      db.prepare('DELETE FROM related_incidents WHERE incident_id = ?'),
    ],
    insertIncidentAlias: db.prepare('INSERT OR IGNORE INTO incident_aliases (incident_id, name) VALUES (?, ?)'),
    insertVictim: db.prepare(
      'INSERT INTO victims (incident_id, position, name, sector, country) VALUES (?, ?, ?, ?, ?)',
    ),
    statusTimes: db.prepare('SELECT date, event, recorded_at AS recordedAt FROM status_events WHERE incident_id = ?'),
    insertStatus: db.prepare(
      'INSERT INTO status_events (incident_id, date, event, source_id, recorded_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertRelated: db.prepare(
      'INSERT OR IGNORE INTO related_incidents (incident_id, related_id) SELECT ?, id FROM incidents WHERE slug = ?',
    ),
    upsertClaim: db.prepare(
      `INSERT INTO claims (slug, incident_id, owner_actor_id, said, speaker_name, speaker_role, speaker_organization,
           speaker_state, speaker_kind, on_record, stance, subject_actor_id, sponsor_name, sponsor_part_of, sponsor_state,
           subject_state, statement, quote, hedge, likelihood, basis, basis_detail, source_id, tlp, origin, recorded_at)
         VALUES (@slug, @incidentId, @ownerActorId, @said, @speakerName, @speakerRole, @speakerOrganization,
           @speakerState, @speakerKind, @onRecord, @stance, (SELECT id FROM actors WHERE slug = @subjectActor),
           @sponsorName, @sponsorPartOf, @sponsorState, @subjectState, @statement, @quote, @hedge, @likelihood, @basis,
           @basisDetail, @sourceId, @tlp, @origin, @now)
         ON CONFLICT (slug) DO UPDATE SET incident_id = excluded.incident_id, owner_actor_id = excluded.owner_actor_id,
           said = excluded.said, speaker_name = excluded.speaker_name, speaker_role = excluded.speaker_role,
           speaker_organization = excluded.speaker_organization, speaker_state = excluded.speaker_state,
           speaker_kind = excluded.speaker_kind, on_record = excluded.on_record, stance = excluded.stance,
           subject_actor_id = excluded.subject_actor_id, sponsor_name = excluded.sponsor_name,
           sponsor_part_of = excluded.sponsor_part_of, sponsor_state = excluded.sponsor_state,
           subject_state = excluded.subject_state, statement = excluded.statement, quote = excluded.quote,
           hedge = excluded.hedge, likelihood = excluded.likelihood, basis = excluded.basis,
           basis_detail = excluded.basis_detail, source_id = excluded.source_id, tlp = excluded.tlp, origin = excluded.origin`,
    ),
    linkResponse: db.prepare(
      'UPDATE claims SET responds_to_id = (SELECT id FROM claims WHERE slug = @target) WHERE slug = @slug',
    ),
  };

  const sourceId = createSourceWriter(db);

  const writeClaim = (claim: Claim, owner: { incidentId?: number; actorId?: number }) => {
    statements.upsertClaim.run({
      slug: claim.id,
      incidentId: owner.incidentId ?? null,
      ownerActorId: owner.actorId ?? null,
      said: claim.said,
      ...claimColumns(claim),
      subjectActor: claim.subject.actor ?? null,
      sourceId: sourceId(claim.source),
      origin,
      now,
    });
  };

  return {
    actor(actor: Actor): number {
      const id = statements.upsertActor.get({
        slug: actor.slug,
        name: actor.name,
        kind: actor.kind,
        description: actor.description,
        mitre: actor.externalIds.mitreAttack ?? null,
        misp: actor.externalIds.mispGalaxy ?? null,
        origin,
        now,
      }) as number;
      statements.deleteAliases.run(id);
      for (const alias of actor.aliases) {
        statements.insertAlias.run(
          id,
          alias.name,
          alias.coinedBy ?? null,
          alias.source ? sourceId(alias.source) : null,
        );
      }
      return id;
    },
    incident(incident: Incident): number {
      const id = statements.upsertIncident.get({
        slug: incident.slug,
        title: incident.title,
        start: incident.period.start,
        end: incident.period.end ?? null,
        disclosed: incident.disclosed ?? null,
        summary: incident.summary,
        origin,
        now,
      }) as number;
      // A status event keeps the time it was first recorded, so only genuinely new events reach a briefing.
      const firstRecorded = new Map(
        (statements.statusTimes.all(id) as Array<{ date: string; event: string; recordedAt: string }>).map((row) => [
          `${row.date}|${row.event}`,
          row.recordedAt,
        ]),
      );
      for (const statement of statements.deleteIncidentChildren) statement.run(id);
      for (const alias of incident.aliases) statements.insertIncidentAlias.run(id, alias);
      incident.victims.forEach((v, position) => {
        statements.insertVictim.run(id, position, v.name, v.sector ?? null, v.country ?? null);
      });
      for (const s of incident.status) {
        const recordedAt = firstRecorded.get(`${s.date}|${s.event}`) ?? now;
        statements.insertStatus.run(id, s.date, s.event, s.source ? sourceId(s.source) : null, recordedAt);
      }
      return id;
    },
    related(incidentId: number, slugs: string[]) {
      for (const slug of slugs) statements.insertRelated.run(incidentId, slug);
    },
    claim: writeClaim,
    linkResponse(claim: Claim) {
      statements.linkResponse.run({ slug: claim.id, target: claim.respondsTo ?? null });
    },
  };
}

/** Records to write: whole actors and incidents, each with its claims. */
export interface RecordSet {
  actors: Actor[];
  incidents: Incident[];
}

function upsertRecords(db: Db, data: RecordSet, origin: string, now: string) {
  const write = createWriter(db, origin, now);
  const actorIds = new Map(data.actors.map((a) => [a.slug, write.actor(a)]));
  const incidentIds = new Map(data.incidents.map((i) => [i.slug, write.incident(i)]));
  for (const incident of data.incidents) write.related(incidentIds.get(incident.slug) ?? 0, incident.related);
  for (const actor of data.actors) for (const c of actor.claims) write.claim(c, { actorId: actorIds.get(actor.slug) });
  for (const incident of data.incidents) {
    for (const c of incident.claims) write.claim(c, { incidentId: incidentIds.get(incident.slug) });
  }
  const allClaims = [...data.actors, ...data.incidents].flatMap((r) => r.claims);
  for (const claim of allClaims) write.linkResponse(claim);
  return { actorIds, incidentIds, allClaims };
}

function deleteUnusedSources(db: Db): void {
  // Sources no record cites any more (a claim moved to a better source) would otherwise pile up.
  db.prepare(
    `DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM claims
       UNION SELECT source_id FROM actor_aliases WHERE source_id IS NOT NULL
       UNION SELECT source_id FROM status_events WHERE source_id IS NOT NULL)`,
  ).run();
}

/**
 * Upserts records from any origin (an import, a reviewed news item) in one transaction and refreshes the search
 * index. Records are matched by slug and keep the time the store first recorded them.
 */
export function writeRecords(db: Db, data: RecordSet, origin: string, now: string): void {
  db.transaction(() => {
    upsertRecords(db, data, origin, now);
    deleteUnusedSources(db);
    rebuildSearchIndex(db);
  }).immediate();
}

/**
 * Loads curated data in one transaction: upserts every record, removes curated records that left the files, and
 * rebuilds the search index. Records from other origins (imports) are left alone.
 */
export function writeCuratedData(db: Db, data: CuratedData, now: string): void {
  const origin = 'curated';
  db.transaction(() => {
    const { actorIds, incidentIds, allClaims } = upsertRecords(db, data, origin, now);
    const keep = {
      claims: JSON.stringify(allClaims.map((c) => c.id)),
      incidents: JSON.stringify([...incidentIds.keys()]),
      actors: JSON.stringify([...actorIds.keys()]),
    };
    db.prepare('DELETE FROM claims WHERE origin = ? AND slug NOT IN (SELECT value FROM json_each(?))').run(
      origin,
      keep.claims,
    );
    db.prepare('DELETE FROM incidents WHERE origin = ? AND slug NOT IN (SELECT value FROM json_each(?))').run(
      origin,
      keep.incidents,
    );
    db.prepare('DELETE FROM actors WHERE origin = ? AND slug NOT IN (SELECT value FROM json_each(?))').run(
      origin,
      keep.actors,
    );
    deleteUnusedSources(db);
    db.prepare(
      `INSERT INTO dataset_versions (name, fingerprint, loaded_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, loaded_at = excluded.loaded_at`,
    ).run(origin, data.fingerprint, now);
    rebuildSearchIndex(db);
  }).immediate();
}

/** The fingerprint of the curated data the store was last built from, if any. */
export function curatedFingerprint(db: Db): string | undefined {
  return db.prepare("SELECT fingerprint FROM dataset_versions WHERE name = 'curated'").pluck().get() as
    | string
    | undefined;
}

/**
 * Adds one claim to an existing incident (a reviewed news item), inside the caller's transaction, and refreshes the
 * search index: an incident is also found by the names of the actors its claims blame.
 */
export function writeIncidentClaim(db: Db, claim: Claim, incidentSlug: string, origin: string, now: string): void {
  const incidentId = db.prepare('SELECT id FROM incidents WHERE slug = ?').pluck().get(incidentSlug) as
    | number
    | undefined;
  if (incidentId === undefined) throw new Error(`no incident ${incidentSlug}`);
  const write = createWriter(db, origin, now);
  write.claim(claim, { incidentId });
  write.linkResponse(claim);
  const actorId = claim.subject.actor
    ? (db.prepare('SELECT id FROM actors WHERE slug = ?').pluck().get(claim.subject.actor) as number | undefined)
    : undefined;
  // Only the incident and the actor it blames can have new search names: the rest of the index is left alone.
  rebuildSearchIndex(db, { incidentIds: [incidentId], actorIds: actorId === undefined ? [] : [actorId] });
}
