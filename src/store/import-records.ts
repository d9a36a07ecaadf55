/**
 * Writes one imported file into the store, inside one `BEGIN IMMEDIATE` transaction, merging without lying:
 *
 * - An actor is matched to an existing one by external ids (ATT&CK G-ids, STIX uuids, MISP uuids), then by name; a
 *   name that fits several actors merges into none of them and is reported. Two actors one source keeps apart (two
 *   MISP clusters, two STIX objects) are never merged into one.
 * - Every record keeps its provenance (source, original id, file version, content hash). An unchanged record is not
 *   touched, so re-importing a file writes nothing; a changed one replaces exactly its own contributions.
 * - Names from every source are kept as attestations; the aliases shown are derived from them, one per name however
 *   it is spelled. A name held by two actors stays on both and the actor card flags it.
 * - Curated records are never overwritten or deleted: imports add aliases and claims to a curated actor but leave its
 *   name, kind and description alone, and skip a record whose slug a curated record holds.
 */
import { createHash } from 'node:crypto';
import { sponsorsAgree } from '../domain/attribution.ts';
import { countryName } from '../domain/countries.ts';
import { aliasKey, isAttackGroupId, isSpellingVariant, slugify } from '../import/names.ts';
import type {
  ActorRecord,
  ActorRef,
  ClaimRecordIn,
  ImportBatch,
  ImportedClaim,
  IncidentRecord,
  RedirectRecord,
} from '../import/types.ts';
import type { Db } from './database.ts';
import { markSearchIndexStale, rebuildSearchIndex } from './search-index.ts';
import { createSourceWriter } from './sources.ts';
import { claimColumns } from './write-records.ts';

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export type ConflictKind =
  | 'ambiguous-alias'
  | 'competing-sponsors'
  | 'ambiguous-name'
  | 'same-source'
  | 'contested'
  | 'slug-taken';

export interface ImportConflict {
  kind: ConflictKind;
  message: string;
}

export interface ImportOutcome {
  /** Per record type: actors, redirects, incidents, claims. */
  counts: Map<string, ImportCounts>;
  /** Objects not imported, by type and reason (the importer's and the store's). */
  skipped: Map<string, number>;
  conflicts: ImportConflict[];
  /** Actors this file merged into actors that already existed. */
  merged: number;
  /** False when the file changed nothing (same file again, or only unchanged records). */
  changed: boolean;
  /** True when a file with these exact bytes was imported before. */
  seenBefore: boolean;
}

export interface ImportOptions {
  now: string;
  sha256: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * Leave the search index for the caller to rebuild once after several files (`refreshSearchIndexIfStale`); the
   * index is marked stale in this transaction, so a run that stops half-way is healed at the next open.
   */
  deferSearchIndex?: boolean;
}

/** Labels of the sources, for generated descriptions. */
const sourceLabels: Record<string, string> = {
  'mitre-attack': 'MITRE ATT&CK',
  'misp-galaxy': 'the MISP galaxy',
  eurepoc: 'EuRepoC',
  cfr: 'the CFR Cyber Operations Tracker',
  stix: 'a STIX bundle',
  cyberbrief: 'a cyberbrief data file',
};
const labelOf = (key: string) => sourceLabels[key] ?? key;

/** Origins whose descriptions are written by people and never replaced by a generated one. */
const authoredOrigins = new Set(['curated', 'cyberbrief']);

interface StoredRecord {
  id: number;
  entity_kind: string;
  actor_id: number | null;
  incident_id: number | null;
  content_hash: string;
  file_version: string | null;
  status: string;
  redirect_to: string | null;
  names: string | null;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/** True when `incoming` is older than `stored`; versions compare as numbers when both are numbers. */
function isOlder(incoming: string | undefined, stored: string | null): boolean {
  if (incoming === undefined || stored === null) return false;
  const a = Number(incoming);
  const b = Number(stored);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a < b;
  return incoming < stored;
}

function statementsFor(db: Db) {
  return {
    fileBySha: db.prepare('SELECT id FROM import_files WHERE sha256 = ?').pluck(),
    insertFile: db.prepare(
      'INSERT INTO import_files (sha256, name, format, source, version, imported_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    recordsOfSource: db.prepare(
      `SELECT original_id, id, entity_kind, actor_id, incident_id, content_hash, file_version, status, redirect_to, names
       FROM import_records WHERE source = ?`,
    ),
    upsertRecord: db
      .prepare(
        `INSERT INTO import_records (source, original_id, object_type, entity_kind, actor_id, incident_id, name,
           description, status, redirect_to, names, file_version, content_hash, file_id, first_imported_at, updated_at)
         VALUES (@source, @originalId, @objectType, @entityKind, @actorId, @incidentId, @name, @description, @status,
           @redirectTo, @names, @version, @hash, @fileId, @now, @now)
         ON CONFLICT (source, original_id) DO UPDATE SET object_type = excluded.object_type,
           entity_kind = excluded.entity_kind, actor_id = excluded.actor_id, incident_id = excluded.incident_id,
           name = excluded.name, description = excluded.description, status = excluded.status,
           redirect_to = excluded.redirect_to, names = excluded.names, file_version = excluded.file_version,
           content_hash = excluded.content_hash, file_id = excluded.file_id, updated_at = excluded.updated_at
         RETURNING id`,
      )
      .pluck(),
    actorIndexRows: db.prepare(
      `SELECT id, name AS n, 'name' AS kind FROM actors
       UNION ALL SELECT actor_id, name, 'alias' FROM actor_aliases
       UNION ALL SELECT actor_id, name, 'alias' FROM alias_attestations`,
    ),
    actorKeyRows: db.prepare(
      `SELECT actor_id AS id, scheme, value FROM actor_keys
       UNION ALL SELECT id, 'mitre-attack', mitre_attack_id FROM actors WHERE mitre_attack_id IS NOT NULL
       UNION ALL SELECT id, 'misp', misp_galaxy_uuid FROM actors WHERE misp_galaxy_uuid IS NOT NULL`,
    ),
    ownersOfSource: db.prepare(
      "SELECT actor_id, original_id FROM import_records WHERE source = ? AND entity_kind = 'actor' AND actor_id IS NOT NULL",
    ),
    actorById: db.prepare('SELECT id, slug, name, origin FROM actors WHERE id = ?'),
    actorIdBySlug: db.prepare('SELECT id FROM actors WHERE slug = ?').pluck(),
    actorSlugTaken: db.prepare('SELECT 1 FROM actors WHERE slug = ?').pluck(),
    insertActor: db
      .prepare(
        `INSERT INTO actors (slug, name, kind, description, origin, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .pluck(),
    setActorDescription: db.prepare('UPDATE actors SET description = ? WHERE id = ?'),
    deleteAttestations: db.prepare('DELETE FROM alias_attestations WHERE import_record_id = ?'),
    insertAttestation: db.prepare(
      'INSERT INTO alias_attestations (actor_id, import_record_id, name, key, coined_by, position) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deleteKeys: db.prepare('DELETE FROM actor_keys WHERE import_record_id = ?'),
    insertKey: db.prepare(
      'INSERT OR IGNORE INTO actor_keys (actor_id, import_record_id, scheme, value) VALUES (?, ?, ?, ?)',
    ),
    incidentBySlug: db.prepare('SELECT id, origin FROM incidents WHERE slug = ?'),
    incidentSlugTaken: db.prepare('SELECT 1 FROM incidents WHERE slug = ?').pluck(),
    insertIncident: db
      .prepare(
        `INSERT INTO incidents (slug, title, period_start, period_end, disclosed, summary, origin, recorded_at, deprecated_by)
         VALUES (@slug, @title, @start, @end, @disclosed, @summary, @origin, @now, @deprecatedBy) RETURNING id`,
      )
      .pluck(),
    updateIncident: db.prepare(
      `UPDATE incidents SET title = @title, period_start = @start, period_end = @end, disclosed = @disclosed,
         summary = @summary, deprecated_by = @deprecatedBy WHERE id = @id`,
    ),
    deleteIncidentAliases: db.prepare('DELETE FROM incident_aliases WHERE incident_id = ?'),
    insertIncidentAlias: db.prepare('INSERT OR IGNORE INTO incident_aliases (incident_id, name) VALUES (?, ?)'),
    deleteVictims: db.prepare('DELETE FROM victims WHERE incident_id = ?'),
    insertVictim: db.prepare(
      'INSERT INTO victims (incident_id, position, name, sector, country) VALUES (?, ?, ?, ?, ?)',
    ),
    statusTimes: db.prepare('SELECT date, event, recorded_at AS recordedAt FROM status_events WHERE incident_id = ?'),
    deleteStatus: db.prepare('DELETE FROM status_events WHERE incident_id = ?'),
    insertStatus: db.prepare(
      'INSERT INTO status_events (incident_id, date, event, source_id, recorded_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertRelated: db.prepare(
      'INSERT OR IGNORE INTO related_incidents (incident_id, related_id) SELECT ?, id FROM incidents WHERE slug = ?',
    ),
    claimBySlug: db.prepare('SELECT id, origin, import_record_id FROM claims WHERE slug = ?'),
    upsertClaim: db.prepare(
      `INSERT INTO claims (slug, incident_id, owner_actor_id, said, speaker_name, speaker_role, speaker_organization,
           speaker_state, speaker_kind, on_record, stance, subject_actor_id, sponsor_name, sponsor_part_of, sponsor_state,
           subject_state, statement, quote, hedge, likelihood, basis, basis_detail, source_id, tlp, origin, recorded_at,
           import_record_id)
         VALUES (@slug, @incidentId, @ownerActorId, @said, @speakerName, @speakerRole, @speakerOrganization,
           @speakerState, @speakerKind, @onRecord, @stance, @subjectActorId, @sponsorName, @sponsorPartOf, @sponsorState,
           @subjectState, @statement, @quote, @hedge, @likelihood, @basis, @basisDetail, @sourceId, @tlp, @origin, @now,
           @importRecordId)
         ON CONFLICT (slug) DO UPDATE SET incident_id = excluded.incident_id, owner_actor_id = excluded.owner_actor_id,
           said = excluded.said, speaker_name = excluded.speaker_name, speaker_role = excluded.speaker_role,
           speaker_organization = excluded.speaker_organization, speaker_state = excluded.speaker_state,
           speaker_kind = excluded.speaker_kind, on_record = excluded.on_record, stance = excluded.stance,
           subject_actor_id = excluded.subject_actor_id, sponsor_name = excluded.sponsor_name,
           sponsor_part_of = excluded.sponsor_part_of, sponsor_state = excluded.sponsor_state,
           subject_state = excluded.subject_state, statement = excluded.statement, quote = excluded.quote,
           hedge = excluded.hedge, likelihood = excluded.likelihood, basis = excluded.basis,
           basis_detail = excluded.basis_detail, source_id = excluded.source_id, tlp = excluded.tlp,
           import_record_id = excluded.import_record_id`,
    ),
    linkResponse: db.prepare(
      'UPDATE claims SET responds_to_id = (SELECT id FROM claims WHERE slug = @target) WHERE slug = @slug',
    ),
    deleteImportAliases: db.prepare("DELETE FROM actor_aliases WHERE actor_id = ? AND origin = 'import'"),
    authoredAliases: db.prepare("SELECT name FROM actor_aliases WHERE actor_id = ? AND origin <> 'import'").pluck(),
    attestationsOf: db.prepare(
      'SELECT name, key, coined_by AS coinedBy FROM alias_attestations WHERE actor_id = ? ORDER BY id',
    ),
    insertImportAlias: db.prepare(
      "INSERT OR IGNORE INTO actor_aliases (actor_id, name, coined_by, source_id, origin) VALUES (?, ?, ?, NULL, 'import')",
    ),
    recordsOfActor: db.prepare(
      `SELECT r.source, r.name, r.status, (SELECT value FROM actor_keys k WHERE k.import_record_id = r.id
         AND k.scheme = 'mitre-attack' LIMIT 1) AS gid
       FROM import_records r WHERE r.actor_id = ? AND r.entity_kind = 'actor' ORDER BY r.id`,
    ),
    markDeprecated: db.prepare(
      `UPDATE actors SET deprecated_by = CASE
         WHEN origin <> 'curated'
           AND NOT EXISTS (SELECT 1 FROM import_records WHERE actor_id = actors.id AND entity_kind = 'actor' AND status = 'live')
           AND EXISTS (SELECT 1 FROM import_records WHERE actor_id = actors.id AND entity_kind = 'actor' AND status = 'deprecated')
         THEN ? ELSE NULL END
       WHERE id = ?`,
    ),
    sharedAliases: db.prepare(
      `SELECT lower(a.name) AS k, min(a.name) AS alias, group_concat(DISTINCT act.name) AS holders,
         count(DISTINCT a.actor_id) AS n
       FROM actor_aliases a JOIN actors act ON act.id = a.actor_id
       WHERE lower(a.name) IN (SELECT lower(name) FROM actor_aliases WHERE actor_id IN (SELECT value FROM json_each(?)))
       GROUP BY k HAVING n > 1 ORDER BY k`,
    ),
    sponsorViews: db.prepare(
      `SELECT c.sponsor_name AS name, c.sponsor_part_of AS partOf, c.sponsor_state AS sponsorState,
         c.subject_state AS state, coalesce(c.speaker_organization, c.speaker_name) AS speaker
       FROM claims c WHERE c.subject_actor_id = ? AND c.incident_id IS NULL AND c.stance IN ('attributes', 'corroborates')
         AND (c.sponsor_name IS NOT NULL OR c.subject_state IS NOT NULL)`,
    ),
    deleteUnusedSources: db.prepare(
      `DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM claims
         UNION SELECT source_id FROM actor_aliases WHERE source_id IS NOT NULL
         UNION SELECT source_id FROM status_events WHERE source_id IS NOT NULL)`,
    ),
  };
}

/** Imports one mapped file; the whole file or nothing. */
export function applyImport(db: Db, batch: ImportBatch, options: ImportOptions): ImportOutcome {
  const run = db.transaction(() => importInTransaction(db, batch, options));
  return run.immediate();
}

function importInTransaction(db: Db, batch: ImportBatch, options: ImportOptions): ImportOutcome {
  const st = statementsFor(db);
  const { now } = options;
  const source = batch.source.key;
  const counts = new Map<string, ImportCounts>();
  const count = (type: string, what: keyof ImportCounts) => {
    const c = counts.get(type) ?? { added: 0, updated: 0, unchanged: 0, skipped: 0 };
    c[what]++;
    counts.set(type, c);
  };
  const skipped = new Map(batch.skipped);
  const skip = (type: string, reason: string) => {
    count(type, 'skipped');
    skipped.set(`${type}: ${reason}`, (skipped.get(`${type}: ${reason}`) ?? 0) + 1);
  };
  const conflicts: ImportConflict[] = [];
  let changed = false;
  let merged = 0;

  const seenFileId = st.fileBySha.get(options.sha256) as number | undefined;
  let fileId = seenFileId;
  const fileIdNow = () => {
    fileId ??= Number(
      st.insertFile.run(options.sha256, batch.file, batch.format, source, batch.fileVersion ?? null, now)
        .lastInsertRowid,
    );
    return fileId;
  };

  const stored = new Map<string, StoredRecord>();
  for (const row of st.recordsOfSource.all(source) as Array<StoredRecord & { original_id: string }>) {
    stored.set(row.original_id, row);
  }

  // In-memory indexes of actors by name key and by external id, kept up to date as the batch adds to them.
  const byName = new Map<string, Set<number>>();
  const byPrimaryName = new Map<string, Set<number>>();
  const addTo = (map: Map<string, Set<number>>, key: string, id: number) => {
    if (key === '') return;
    const set = map.get(key) ?? new Set<number>();
    set.add(id);
    map.set(key, set);
  };
  for (const row of st.actorIndexRows.all() as Array<{ id: number; n: string; kind: string }>) {
    addTo(byName, aliasKey(row.n), row.id);
    if (row.kind === 'name') addTo(byPrimaryName, aliasKey(row.n), row.id);
  }
  const byKey = new Map<string, Set<number>>();
  /** Actors a key points at: a STIX id meets the same id and links to it; a link meets only the id. */
  const actorsOfKey = (k: { scheme: string; value: string }): number[] => {
    const value = k.value.toLowerCase();
    const lookups =
      k.scheme === 'stix'
        ? [`stix:${value}`, `stix-link:${value}`]
        : k.scheme === 'stix-link'
          ? [`stix:${value}`]
          : [`${k.scheme}:${value}`];
    return lookups.flatMap((l) => [...(byKey.get(l) ?? [])]);
  };
  for (const row of st.actorKeyRows.all() as Array<{ id: number; scheme: string; value: string }>) {
    addTo(byKey, `${row.scheme}:${row.value.toLowerCase()}`, row.id);
  }
  /** Actors that already hold a distinct object of this source, and which one. */
  const owners = new Map<number, Set<string>>();
  for (const row of st.ownersOfSource.all(source) as Array<{ actor_id: number; original_id: string }>) {
    const set = owners.get(row.actor_id) ?? new Set<string>();
    set.add(row.original_id);
    owners.set(row.actor_id, set);
  }

  const sourceId = createSourceWriter(db);

  const actorName = (id: number) => (st.actorById.get(id) as { name: string } | undefined)?.name ?? `#${id}`;
  const uniqueSlug = (base: string, taken: (slug: string) => boolean) => {
    // Slugs travel in buttons (at most 64 characters), so leave room for a "-N" suffix.
    const root = base.slice(0, 58).replace(/-+$/g, '');
    if (!taken(root)) return root;
    for (let n = 2; ; n++) if (!taken(`${root}-${n}`)) return `${root}-${n}`;
  };

  const touchedActors = new Set<number>();
  /** original id → actor id, for this source (records stored before and written now). */
  const actorOfRecord = new Map<string, number>();
  const incidentOfRecord = new Map<string, number>();
  for (const [originalId, row] of stored) {
    if (row.actor_id !== null && (row.entity_kind === 'actor' || row.entity_kind === 'redirect')) {
      actorOfRecord.set(originalId, row.actor_id);
    }
    if (row.incident_id !== null && row.entity_kind === 'incident') incidentOfRecord.set(originalId, row.incident_id);
  }

  const total = batch.records.length;
  let done = 0;
  const progress = () => {
    done++;
    if (options.onProgress && (done % 200 === 0 || done === total)) options.onProgress(done, total);
  };

  // ---- Actors ---------------------------------------------------------------------------------------------------
  const actorRecords = batch.records.filter((r): r is ActorRecord => r.kind === 'actor');
  // Records matched by an external id go first, so a name never takes an actor an id would have chosen.
  const hasKeyMatch = (r: ActorRecord) =>
    stored.has(r.originalId) || r.actor.keys.some((k) => actorsOfKey(k).length > 0);
  // Among those, a record whose own name is also a name of an actor its ids point at goes first ("Charming Kitten"
  // before "Flying Kitten" when both point at one ATT&CK group).
  const nameFitsKeyMatch = (r: ActorRecord) => {
    const nameKey = aliasKey(r.actor.name);
    const named = byName.get(nameKey);
    return r.actor.keys.some((k) => actorsOfKey(k).some((id) => named?.has(id)));
  };
  const keyed = actorRecords.filter(hasKeyMatch);
  const ordered = [
    ...keyed.filter(nameFitsKeyMatch),
    ...keyed.filter((r) => !nameFitsKeyMatch(r)),
    ...actorRecords.filter((r) => !hasKeyMatch(r)),
  ];

  const heldByOther = (actorId: number, record: ActorRecord) => {
    if (!record.distinct) return false;
    const held = owners.get(actorId);
    return held !== undefined && [...held].some((id) => id !== record.originalId);
  };

  for (const record of ordered) {
    progress();
    const previous = stored.get(record.originalId);
    const hash = hashOf({ actor: record.actor, status: record.status, distinct: record.distinct });
    if (previous && previous.content_hash === hash && previous.actor_id !== null) {
      count('actors', 'unchanged');
      continue;
    }
    if (previous && isOlder(record.version, previous.file_version)) {
      skip('actors', 'older than the version already imported');
      continue;
    }
    let target = previous?.actor_id ?? undefined;
    if (target === undefined && record.actor.slug) {
      target = (st.actorIdBySlug.get(record.actor.slug) as number | undefined) ?? undefined;
    }
    if (target === undefined) {
      const hits = new Map<number, number>();
      for (const k of record.actor.keys) {
        for (const id of new Set(actorsOfKey(k))) hits.set(id, (hits.get(id) ?? 0) + 1);
      }
      const free = [...hits].filter(([id]) => !heldByOther(id, record));
      if (hits.size > free.length) {
        const others = [...hits.keys()].filter((id) => heldByOther(id, record)).map(actorName);
        conflicts.push({
          kind: 'same-source',
          message: `${record.actor.name}: its ids point at ${others.join(', ')}, which ${labelOf(source)} keeps as a different actor; not merged`,
        });
      }
      if (free.length > 0) {
        free.sort(
          ([a, na], [b, nb]) =>
            nb - na ||
            Number(aliasKey(actorName(b)) === aliasKey(record.actor.name)) -
              Number(aliasKey(actorName(a)) === aliasKey(record.actor.name)) ||
            a - b,
        );
        target = free[0]?.[0];
        if (free.length > 1) {
          conflicts.push({
            kind: 'ambiguous-name',
            message: `${record.actor.name}: ids match ${free.map(([id]) => actorName(id)).join(', ')}; merged into ${actorName(target ?? 0)} only`,
          });
        }
      }
    }
    if (target === undefined) {
      const nameKey = aliasKey(record.actor.name);
      const candidates = new Set<number>(byName.get(nameKey) ?? []);
      for (const alias of record.actor.aliases) {
        for (const id of byPrimaryName.get(aliasKey(alias.name)) ?? []) candidates.add(id);
      }
      const free = [...candidates].filter((id) => !heldByOther(id, record));
      if (free.length === 1) target = free[0];
      else if (free.length > 1) {
        conflicts.push({
          kind: 'ambiguous-name',
          message: `${record.actor.name}: the name fits ${free.map(actorName).join(', ')}; kept as a separate actor`,
        });
      }
    }

    let added = false;
    if (target === undefined) {
      const slug = uniqueSlug(record.actor.slug ?? slugify(record.actor.name, 60, 'actor'), (s) =>
        Boolean(st.actorSlugTaken.get(s)),
      );
      target = st.insertActor.get(
        slug,
        record.actor.name,
        record.actor.kind,
        record.actor.description ?? `Imported from ${labelOf(source)}.`,
        source,
        now,
      ) as number;
      addTo(byPrimaryName, aliasKey(record.actor.name), target);
      added = true;
    } else if (record.actor.description !== undefined) {
      const actor = st.actorById.get(target) as { origin: string } | undefined;
      if (actor && actor.origin === source && source === 'cyberbrief') {
        st.setActorDescription.run(record.actor.description, target);
      }
    }
    if (added) count('actors', 'added');
    else {
      count('actors', 'updated');
      if (!previous) merged++;
    }

    const recordId = st.upsertRecord.get({
      source,
      originalId: record.originalId,
      objectType: record.objectType,
      entityKind: 'actor',
      actorId: target,
      incidentId: null,
      name: record.actor.name,
      description: record.actor.sourceDescription ?? null,
      status: record.status,
      redirectTo: null,
      names: null,
      version: record.version ?? null,
      hash,
      fileId: fileIdNow(),
      now,
    }) as number;
    st.deleteAttestations.run(recordId);
    record.actor.aliases.forEach((alias, position) => {
      st.insertAttestation.run(target, recordId, alias.name, aliasKey(alias.name), alias.coinedBy ?? null, position);
      addTo(byName, aliasKey(alias.name), target ?? 0);
    });
    addTo(byName, aliasKey(record.actor.name), target);
    st.deleteKeys.run(recordId);
    for (const k of record.actor.keys) {
      st.insertKey.run(target, recordId, k.scheme, k.value);
      addTo(byKey, `${k.scheme}:${k.value.toLowerCase()}`, target);
    }
    if (record.distinct) {
      const set = owners.get(target) ?? new Set<string>();
      set.add(record.originalId);
      owners.set(target, set);
    }
    actorOfRecord.set(record.originalId, target);
    touchedActors.add(target);
    changed = true;
  }

  // ---- Redirects (revoked objects → their replacement) ----------------------------------------------------------
  for (const record of batch.records.filter((r): r is RedirectRecord => r.kind === 'redirect')) {
    progress();
    const previous = stored.get(record.originalId);
    const storedNames = previous?.names ? (JSON.parse(previous.names) as RedirectRecord['aliases']) : [];
    const names = record.aliases.length > 0 ? record.aliases : storedNames;
    const targetOriginal = record.target ?? previous?.redirect_to ?? undefined;
    const targetActor = targetOriginal === undefined ? undefined : actorOfRecord.get(targetOriginal);
    const hash = hashOf({ names, target: targetOriginal, targetActor });
    if (previous && previous.content_hash === hash) {
      count('redirects', 'unchanged');
      if (targetActor !== undefined) actorOfRecord.set(record.originalId, targetActor);
      continue;
    }
    const recordId = st.upsertRecord.get({
      source,
      originalId: record.originalId,
      objectType: record.objectType,
      entityKind: 'redirect',
      actorId: targetActor ?? null,
      incidentId: null,
      name: record.name ?? names[0]?.name ?? null,
      description: null,
      status: 'revoked',
      redirectTo: targetOriginal ?? null,
      names: JSON.stringify(names),
      version: record.version ?? null,
      hash,
      fileId: fileIdNow(),
      now,
    }) as number;
    st.deleteAttestations.run(recordId);
    if (targetActor !== undefined) {
      names.forEach((alias, position) => {
        st.insertAttestation.run(
          targetActor,
          recordId,
          alias.name,
          aliasKey(alias.name),
          alias.coinedBy ?? null,
          position,
        );
        addTo(byName, aliasKey(alias.name), targetActor);
      });
      actorOfRecord.set(record.originalId, targetActor);
      touchedActors.add(targetActor);
    } else {
      skipped.set(
        'redirects: revoked, replacement not imported yet (kept, applied when it is)',
        (skipped.get('redirects: revoked, replacement not imported yet (kept, applied when it is)') ?? 0) + 1,
      );
    }
    count('redirects', previous ? 'updated' : 'added');
    changed = true;
  }

  // ---- Incidents ------------------------------------------------------------------------------------------------
  const relatedToLink: Array<{ id: number; related: string[] }> = [];
  for (const record of batch.records.filter((r): r is IncidentRecord => r.kind === 'incident')) {
    progress();
    const previous = stored.get(record.originalId);
    const hash = hashOf({ incident: record.incident, status: record.status });
    if (previous && previous.content_hash === hash && previous.incident_id !== null) {
      count('incidents', 'unchanged');
      continue;
    }
    if (previous && isOlder(record.version, previous.file_version)) {
      skip('incidents', 'older than the version already imported');
      continue;
    }
    const incident = record.incident;
    let target = previous?.incident_id ?? undefined;
    if (target === undefined && incident.slug) {
      const existing = st.incidentBySlug.get(incident.slug) as { id: number; origin: string } | undefined;
      if (existing && existing.origin !== source) {
        conflicts.push({
          kind: 'slug-taken',
          message: `incident “${incident.slug}” is already held by ${existing.origin === 'curated' ? 'the curated data' : labelOf(existing.origin)}; not overwritten`,
        });
        skip('incidents', 'slug held by another record');
        continue;
      }
      target = existing?.id;
    }
    const values = {
      title: incident.title,
      start: incident.period.start,
      end: incident.period.end ?? null,
      disclosed: incident.disclosed ?? null,
      summary: incident.summary,
      deprecatedBy: record.status === 'deprecated' ? labelOf(source) : null,
    };
    const added = target === undefined;
    if (target === undefined) {
      const slug = uniqueSlug(incident.slug ?? incident.slugHint, (s) => Boolean(st.incidentSlugTaken.get(s)));
      target = st.insertIncident.get({ ...values, slug, origin: source, now }) as number;
    } else {
      st.updateIncident.run({ ...values, id: target });
    }
    st.deleteIncidentAliases.run(target);
    for (const alias of incident.aliases) st.insertIncidentAlias.run(target, alias);
    st.deleteVictims.run(target);
    incident.victims.forEach((v, position) => {
      st.insertVictim.run(target, position, v.name, v.sector ?? null, v.country ?? null);
    });
    const firstRecorded = new Map(
      (st.statusTimes.all(target) as Array<{ date: string; event: string; recordedAt: string }>).map((row) => [
        `${row.date}|${row.event}`,
        row.recordedAt,
      ]),
    );
    st.deleteStatus.run(target);
    for (const s of incident.status) {
      const recordedAt = firstRecorded.get(`${s.date}|${s.event}`) ?? now;
      st.insertStatus.run(target, s.date, s.event, s.source ? sourceId(s.source) : null, recordedAt);
    }
    if (incident.related.length > 0) relatedToLink.push({ id: target, related: incident.related });
    st.upsertRecord.get({
      source,
      originalId: record.originalId,
      objectType: record.objectType,
      entityKind: 'incident',
      actorId: null,
      incidentId: target,
      name: incident.title,
      description: incident.sourceDescription ?? null,
      status: record.status,
      redirectTo: null,
      names: null,
      version: record.version ?? null,
      hash,
      fileId: fileIdNow(),
      now,
    });
    incidentOfRecord.set(record.originalId, target);
    count('incidents', added ? 'added' : 'updated');
    changed = true;
  }
  for (const { id, related } of relatedToLink) for (const slug of related) st.insertRelated.run(id, slug);

  // ---- Claims ---------------------------------------------------------------------------------------------------
  const nameCache = new Map<string, number | 'ambiguous' | undefined>();
  const resolveName = (name: string): number | 'ambiguous' | undefined => {
    const key = aliasKey(name);
    if (nameCache.has(key)) return nameCache.get(key);
    let hits = isAttackGroupId(name) ? byKey.get(`mitre-attack:${name.trim().toLowerCase()}`) : byName.get(key);
    if ((hits === undefined || hits.size === 0) && [...key].length >= 8) {
      const fuzzy = new Set<number>();
      for (const [other, ids] of byName) {
        if (Math.abs(other.length - key.length) <= 1 && isSpellingVariant(key, other))
          for (const id of ids) fuzzy.add(id);
      }
      hits = fuzzy;
    }
    const result = hits === undefined || hits.size === 0 ? undefined : hits.size === 1 ? [...hits][0] : 'ambiguous';
    nameCache.set(key, result);
    return result;
  };
  const resolveActor = (ref: ActorRef | undefined, what: string): number | undefined => {
    if (ref === undefined) return undefined;
    if ('originalId' in ref) return actorOfRecord.get(ref.originalId);
    if ('slug' in ref) return (st.actorIdBySlug.get(ref.slug) as number | undefined) ?? undefined;
    const found = new Set<number>();
    let ambiguous = false;
    for (const name of ref.names) {
      const hit = resolveName(name);
      if (hit === 'ambiguous') ambiguous = true;
      else if (hit !== undefined) found.add(hit);
    }
    if (found.size === 1) return [...found][0];
    if (found.size > 1 || ambiguous) {
      conflicts.push({
        kind: 'ambiguous-name',
        message: `${what}: “${ref.names.join(' / ')}” fits several actors; the claim names none of them`,
      });
    }
    return undefined;
  };

  const claimRecords = batch.records.filter((r): r is ClaimRecordIn => r.kind === 'claim');
  const written: ImportedClaim[] = [];
  for (const record of claimRecords) {
    progress();
    const claim = record.claim;
    const incidentId =
      'incident' in record.owner
        ? (incidentOfRecord.get(record.owner.incident) ??
          (source === 'cyberbrief'
            ? (st.incidentBySlug.get(record.owner.incident) as { id: number } | undefined)?.id
            : undefined))
        : undefined;
    const ownerActorId =
      'actor' in record.owner
        ? (actorOfRecord.get(record.owner.actor) ??
          ((st.actorIdBySlug.get(record.owner.actor) as number | undefined) || undefined))
        : undefined;
    if ('incident' in record.owner && incidentId === undefined) {
      skip('claims', 'its incident is not in the store (import that file first)');
      continue;
    }
    if ('actor' in record.owner && ownerActorId === undefined) {
      skip('claims', 'its actor is not in the store');
      continue;
    }
    const subjectActorId =
      resolveActor(record.about, claim.id) ??
      (claim.subject.actor
        ? ((st.actorIdBySlug.get(claim.subject.actor) as number | undefined) ?? undefined)
        : undefined);
    const subjectActorSlug =
      subjectActorId === undefined ? undefined : (st.actorById.get(subjectActorId) as { slug: string }).slug;
    if (subjectActorId === undefined && !claim.subject.sponsor && !claim.subject.state) {
      skip('claims', 'names no actor, sponsor or state the store can place');
      continue;
    }
    const previous = stored.get(record.originalId);
    const hash = hashOf({ claim, subjectActorSlug, incidentId, ownerActorId });
    if (previous && previous.content_hash === hash) {
      count('claims', 'unchanged');
      continue;
    }
    if (previous && isOlder(record.version, previous.file_version)) {
      skip('claims', 'older than the version already imported');
      continue;
    }
    const existing = st.claimBySlug.get(claim.id) as
      | { id: number; origin: string; import_record_id: number | null }
      | undefined;
    if (existing && (existing.origin !== source || (previous === undefined && existing.import_record_id !== null))) {
      conflicts.push({
        kind: 'slug-taken',
        message: `claim “${claim.id}” is already held by ${existing.origin === 'curated' ? 'the curated data' : labelOf(existing.origin)}; not overwritten`,
      });
      skip('claims', 'id held by another record');
      continue;
    }
    const recordId = st.upsertRecord.get({
      source,
      originalId: record.originalId,
      objectType: record.objectType,
      entityKind: 'claim',
      actorId: subjectActorId ?? null,
      incidentId: incidentId ?? null,
      name: null,
      description: null,
      status: 'live',
      redirectTo: null,
      names: null,
      version: record.version ?? null,
      hash,
      fileId: fileIdNow(),
      now,
    }) as number;
    st.upsertClaim.run({
      slug: claim.id,
      incidentId: incidentId ?? null,
      ownerActorId: ownerActorId ?? null,
      said: claim.said ?? '',
      ...claimColumns(claim),
      subjectActorId: subjectActorId ?? null,
      sourceId: sourceId(claim.source),
      origin: source,
      now,
      importRecordId: recordId,
    });
    if (record.flags.includes('contested')) {
      conflicts.push({
        kind: 'contested',
        message: `${claim.id}: ${labelOf(source)} codes this attribution as contested`,
      });
    }
    if (subjectActorId !== undefined) touchedActors.add(subjectActorId);
    if (ownerActorId !== undefined) touchedActors.add(ownerActorId);
    written.push(claim);
    count('claims', previous ? 'updated' : 'added');
    changed = true;
  }
  for (const claim of written) {
    if (claim.respondsTo) st.linkResponse.run({ slug: claim.id, target: claim.respondsTo });
  }

  // ---- Derived: shown aliases, descriptions, deprecation; conflicts ---------------------------------------------
  for (const actorId of touchedActors) {
    refreshAliases(st, actorId);
    refreshDescription(st, actorId);
    st.markDeprecated.run(labelOf(source), actorId);
  }
  if (touchedActors.size > 0) {
    const touched = JSON.stringify([...touchedActors]);
    for (const row of st.sharedAliases.all(touched) as Array<{ alias: string; holders: string }>) {
      conflicts.push({
        kind: 'ambiguous-alias',
        message: `“${row.alias}” is used for ${row.holders.split(',').join(', ')}`,
      });
    }
    for (const actorId of touchedActors) {
      const message = competingSponsors(st, actorId, actorName(actorId));
      if (message) conflicts.push({ kind: 'competing-sponsors', message });
    }
  }

  if (changed) {
    fileIdNow();
    st.deleteUnusedSources.run();
    if (options.deferSearchIndex) markSearchIndexStale(db, now);
    else rebuildSearchIndex(db);
  }
  return { counts, skipped, conflicts, merged, changed, seenBefore: seenFileId !== undefined };
}

type Statements = ReturnType<typeof statementsFor>;

/**
 * Re-derives the aliases shown for an actor from every source's attestations: one per name however it is spelled
 * (the commonest spelling), with every coiner the sources name; curated aliases stay as they are and win.
 */
function refreshAliases(st: Statements, actorId: number): void {
  st.deleteImportAliases.run(actorId);
  const actor = st.actorById.get(actorId) as { name: string } | undefined;
  if (!actor) return;
  const authored = (st.authoredAliases.all(actorId) as string[]).map(aliasKey);
  const nameKey = aliasKey(actor.name);
  const groups: Array<{ keys: string[]; spellings: Map<string, number>; coiners: string[] }> = [];
  for (const row of st.attestationsOf.all(actorId) as Array<{ name: string; key: string; coinedBy: string | null }>) {
    if (row.key === '') continue;
    let group = groups.find((g) => g.keys.some((k) => isSpellingVariant(k, row.key)));
    if (!group) {
      group = { keys: [], spellings: new Map(), coiners: [] };
      groups.push(group);
    }
    if (!group.keys.includes(row.key)) group.keys.push(row.key);
    group.spellings.set(row.name, (group.spellings.get(row.name) ?? 0) + 1);
    for (const coiner of (row.coinedBy ?? '').split(/\s*,\s*/)) {
      if (coiner !== '' && !group.coiners.some((c) => c.toLowerCase() === coiner.toLowerCase())) {
        group.coiners.push(coiner);
      }
    }
  }
  for (const group of groups) {
    if (group.keys.some((k) => authored.some((a) => isSpellingVariant(a, k)))) continue;
    if (group.keys.some((k) => isSpellingVariant(k, nameKey)) && group.coiners.length === 0) continue;
    const [spelling] = [...group.spellings].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (spelling === undefined) continue;
    st.insertImportAlias.run(actorId, spelling, group.coiners.length > 0 ? group.coiners.join(', ') : null);
  }
}

/**
 * An imported actor's description, in our words: which sources track it under which names. The sources' own
 * descriptions stay with their import records, never shown as ours; curated and hand-written descriptions are kept.
 */
function refreshDescription(st: Statements, actorId: number): void {
  const actor = st.actorById.get(actorId) as { origin: string } | undefined;
  if (!actor || authoredOrigins.has(actor.origin)) return;
  const bySource = new Map<string, string[]>();
  for (const row of st.recordsOfActor.all(actorId) as Array<{ source: string; name: string; gid: string | null }>) {
    const names = bySource.get(row.source) ?? [];
    const label = `“${row.name}”${row.gid ? ` (${row.gid})` : ''}`;
    if (!names.includes(label)) names.push(label);
    bySource.set(row.source, names);
  }
  if (bySource.size === 0) return;
  const parts = [...bySource].map(([key, names]) => `by ${labelOf(key)} as ${names.slice(0, 3).join(', ')}`);
  let text = `Tracked ${parts.join('; ')}. Names, claims and their sources are listed with each entry.`;
  if (text.length > 1000) text = `${text.slice(0, 997)}…`;
  st.setActorDescription.run(text, actorId);
}

/** "Tick: China (MISP galaxy) · PLA Unit 61419 (…)" when an actor's sponsor links disagree. */
function competingSponsors(st: Statements, actorId: number, name: string): string | undefined {
  const rows = st.sponsorViews.all(actorId) as Array<{
    name: string | null;
    partOf: string | null;
    sponsorState: string | null;
    state: string | null;
    speaker: string | null;
  }>;
  const states = new Map<string, Set<string>>();
  const sponsors: Array<{ sponsor: { name: string; partOf?: string; state?: string }; speaker: string }> = [];
  for (const row of rows) {
    const state = row.state ?? row.sponsorState;
    if (state) {
      const holders = states.get(state) ?? new Set<string>();
      holders.add(row.speaker ?? '?');
      states.set(state, holders);
    }
    if (row.name) {
      sponsors.push({
        sponsor: {
          name: row.name,
          ...(row.partOf ? { partOf: row.partOf } : {}),
          ...(row.sponsorState ? { state: row.sponsorState } : {}),
        },
        speaker: row.speaker ?? '?',
      });
    }
  }
  const views: string[] = [];
  if (states.size > 1) {
    views.push(...[...states].map(([code, holders]) => `${countryName(code)} (${[...holders].join(', ')})`));
  }
  const conflicting = sponsors.filter((a) => sponsors.some((b) => b !== a && !sponsorsAgree(a.sponsor, b.sponsor)));
  const seen = new Set<string>();
  for (const { sponsor, speaker } of conflicting) {
    const label = `${sponsor.name} (${speaker})`;
    if (!seen.has(label)) views.push(label);
    seen.add(label);
  }
  return views.length > 1 ? `${name}: sponsors named differently — ${views.join(' · ')}` : undefined;
}
