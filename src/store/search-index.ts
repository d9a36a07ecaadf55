/**
 * The search index in the store. SQLite keeps every searchable name of every entity (`search_names`); the ranking
 * runs on an in-memory index derived from them (`SearchIndex`), loaded at the first query and kept fresh across
 * processes: every write that changes names bumps a generation (a `dataset_versions` row), and each query first
 * reads that row. Changed entities get all their names rewritten under new, ever higher ids, so a reader applies
 * just the names above the highest id it has seen; a removal makes readers reload everything.
 */

import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { actorSearchNames, incidentSearchNames, type SearchName } from '../search/index-entries.ts';
import { type IndexedName, SearchIndex } from '../search/memory-index.ts';
import { normalizeText } from '../search/normalize.ts';
import { type EntityKind, type NameRow, type PhraseLookup, type SearchHit, searchEntities } from '../search/search.ts';
import type { Db } from './database.ts';

export { termsOfName } from '../search/memory-index.ts';

/** Above every valid character in UTF-8 order, so `[prefix, prefix + top)` is a prefix range. */
const top = '\u{10ffff}';

/** Row in `dataset_versions` saying the search index lags behind the records (an import deferred its rebuild). */
const staleMarker = 'search-index-stale';

/** Row in `dataset_versions` holding the index generation (`fingerprint`, as JSON). */
const generationRow = 'search-index';

/**
 * `generation` grows with every change to the names; `highestNameId` is the highest name id ever given (ids are never
 * reused, so names above a reader's last one are news); `resetAt` is the generation of the last removal, which
 * readers older than it cannot patch.
 */
interface IndexGeneration {
  generation: number;
  highestNameId: number;
  resetAt: number;
}

function parseGeneration(fingerprint: string | undefined): IndexGeneration | undefined {
  if (fingerprint === undefined) return undefined;
  try {
    const value = JSON.parse(fingerprint) as Partial<IndexGeneration>;
    const { generation, highestNameId, resetAt } = value;
    if (typeof generation === 'number' && typeof highestNameId === 'number' && typeof resetAt === 'number') {
      return { generation, highestNameId, resetAt };
    }
  } catch {
    // A row this code did not write: treated as absent, so the next rebuild rewrites it and readers reload.
  }
  return undefined;
}

/** Records, inside the caller's transaction, that the search index must be rebuilt before it is trusted again. */
export function markSearchIndexStale(db: Db, now: string): void {
  db.prepare(
    `INSERT INTO dataset_versions (name, fingerprint, loaded_at) VALUES (?, 'stale', ?)
     ON CONFLICT (name) DO UPDATE SET loaded_at = excluded.loaded_at`,
  ).run(staleMarker, now);
}

/** Rebuilds the search index in its own transaction if an import left it stale; true when it did. */
export function refreshSearchIndexIfStale(db: Db): boolean {
  return db
    .transaction(() => {
      const stale = db.prepare('SELECT 1 FROM dataset_versions WHERE name = ?').pluck().get(staleMarker);
      if (stale === undefined) return false;
      rebuildSearchIndex(db);
      return true;
    })
    .immediate();
}

/** What a name row holds, as one comparable line. */
const lineOf = (name: string, weight: number) => `${weight}\u0001${name}`;
const signatureOf = (lines: string[]) => createHash('sha1').update(lines.sort().join('\u0002')).digest('base64');

/** Page cache while all names are rewritten (256 MiB); the connection's own setting is restored afterwards. */
const rewriteCacheKiB = 262_144;

/** Above this share of entities changed, all names are rewritten at once rather than entity by entity. */
const rewriteAllAbove = 0.5;

/**
 * Brings `search_names` up to date with the records, inside the caller's transaction: derives every live entity's
 * names, compares them with the stored ones, and rewrites only the entities whose names changed (new ids), removing
 * those of entities that are gone or deprecated. Records every source has deprecated are left out: they are kept,
 * not offered as live. An actor is also found by every spelling a source gave one of its names.
 */
/** Records whose names may have changed; the others are left as they are. */
export interface SearchScope {
  incidentIds: number[];
  actorIds: number[];
}

export function rebuildSearchIndex(db: Db, scope?: SearchScope): void {
  db.prepare('DELETE FROM dataset_versions WHERE name = ?').run(staleMarker);
  // The term, trigram and posting tables of the former SQLite-only index are no longer read.
  if (db.prepare('SELECT 1 FROM search_terms LIMIT 1').get() !== undefined) {
    db.exec('DELETE FROM search_postings; DELETE FROM search_term_trigrams; DELETE FROM search_terms;');
  }
  const previous = parseGeneration(
    db.prepare('SELECT fingerprint FROM dataset_versions WHERE name = ?').pluck().get(generationRow) as
      | string
      | undefined,
  );

  const wanted = new Map<string, { kind: EntityKind; entityId: number; names: SearchName[] }>();
  const incidents = selectIncidentNameSources(db, scope?.incidentIds);
  const actors = selectActorNameSources(db, scope?.actorIds);
  for (const row of incidents) {
    wanted.set(`incident:${row.id}`, { kind: 'incident', entityId: row.id, names: incidentSearchNames(row) });
  }
  for (const row of actors) {
    wanted.set(`actor:${row.id}`, { kind: 'actor', entityId: row.id, names: actorSearchNames(row) });
  }

  const stored = new Map<string, { ids: number[]; lines: string[] }>();
  let highestNameId = previous?.highestNameId ?? 0;
  const storedRows = (
    scope
      ? db
          .prepare(
            `SELECT id, entity_kind, entity_id, name, weight FROM search_names
             WHERE (entity_kind = 'incident' AND entity_id IN (SELECT value FROM json_each(?)))
                OR (entity_kind = 'actor' AND entity_id IN (SELECT value FROM json_each(?)))`,
          )
          .raw()
          .iterate(JSON.stringify(scope.incidentIds), JSON.stringify(scope.actorIds))
      : db.prepare('SELECT id, entity_kind, entity_id, name, weight FROM search_names').raw().iterate()
  ) as IterableIterator<[number, string, number, string, number]>;
  if (scope) {
    // Names above any id already written: a scoped rewrite must not reuse an id another record's names hold.
    const top = db.prepare('SELECT max(id) FROM search_names').pluck().get() as number | null;
    if (top !== null && top > highestNameId) highestNameId = top;
  }
  for (const [id, kind, entityId, name, weight] of storedRows) {
    const key = `${kind}:${entityId}`;
    const entry = stored.get(key) ?? { ids: [], lines: [] };
    entry.ids.push(id);
    entry.lines.push(lineOf(name, weight));
    stored.set(key, entry);
    if (id > highestNameId) highestNameId = id;
  }

  const changed: string[] = [];
  for (const [key, entity] of wanted) {
    const now = stored.get(key);
    if (!now || signatureOf(now.lines) !== signatureOf(entity.names.map((n) => lineOf(n.name, n.weight)))) {
      changed.push(key);
    }
  }
  const gone = [...stored.keys()].filter((key) => !wanted.has(key));
  if (changed.length === 0 && gone.length === 0 && previous !== undefined) return;

  const deleteName = db.prepare('DELETE FROM search_names WHERE id = ?');
  const insertName = db.prepare(
    'INSERT INTO search_names (id, entity_kind, entity_id, name, normalized, weight) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const rewriteAll = scope === undefined && changed.length + gone.length > rewriteAllAbove * Math.max(1, stored.size);
  // Millions of names go into the B-tree on normalized names in no useful order: with SQLite's default 2 MB page cache
  // every insert would re-read pages from disk.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  if (rewriteAll) {
    db.pragma(`cache_size = ${-rewriteCacheKiB}`);
    db.exec('DELETE FROM search_names');
  } else for (const key of [...changed, ...gone]) for (const id of stored.get(key)?.ids ?? []) deleteName.run(id);
  for (const key of rewriteAll ? wanted.keys() : changed) {
    const entity = wanted.get(key);
    if (!entity) continue;
    for (const { name, weight } of entity.names) {
      const normalized = normalizeText(name);
      if (normalized === '') continue;
      insertName.run(++highestNameId, entity.kind, entity.entityId, name, normalized, weight);
    }
  }

  if (rewriteAll) db.pragma(`cache_size = ${cacheSize}`);

  const generation = (previous?.generation ?? 0) + 1;
  const next: IndexGeneration = {
    generation,
    highestNameId,
    resetAt: rewriteAll || gone.length > 0 || previous === undefined ? generation : previous.resetAt,
  };
  db.prepare(
    `INSERT INTO dataset_versions (name, fingerprint, loaded_at) VALUES (?, ?, '')
     ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint`,
  ).run(generationRow, JSON.stringify(next));
  // A scoped refresh saw only some records: the counts of all stay as they were.
  if (scope) return;
  db.exec('DELETE FROM search_stats');
  const setStats = db.prepare('INSERT INTO search_stats (entity_kind, entity_count) VALUES (?, ?)');
  setStats.run('incident', incidents.length);
  setStats.run('actor', actors.length);
}

const splitList = (value: string | null): string[] =>
  (value ? (JSON.parse(value) as Array<string | null>) : []).filter((v): v is string => typeof v === 'string');

function selectIncidentNameSources(db: Db, only?: number[]) {
  const rows = db
    .prepare(
      `SELECT i.id, i.slug, i.title, i.summary, i.period_start AS periodStart, i.period_end AS periodEnd,
        (SELECT json_group_array(name) FROM incident_aliases WHERE incident_id = i.id) AS aliases,
        (SELECT json_group_array(json_object('name', name, 'country', country)) FROM victims WHERE incident_id = i.id) AS victims,
        (SELECT json_group_array(n.name) FROM (
           SELECT a.name FROM claims c JOIN actors a ON a.id = c.subject_actor_id
             WHERE c.incident_id = i.id AND c.stance IN ('attributes', 'corroborates')
           UNION SELECT aa.name FROM claims c JOIN actor_aliases aa ON aa.actor_id = c.subject_actor_id
             WHERE c.incident_id = i.id AND c.stance IN ('attributes', 'corroborates')) n) AS blamedActorNames,
        (SELECT json_group_array(DISTINCT sponsor_name) FROM claims WHERE incident_id = i.id AND sponsor_name IS NOT NULL) AS sponsorNames,
        (SELECT json_group_array(DISTINCT coalesce(subject_state, sponsor_state)) FROM claims
           WHERE incident_id = i.id AND stance IN ('attributes', 'corroborates')) AS accusedStates
       FROM incidents i WHERE i.deprecated_by IS NULL
         AND (@only IS NULL OR i.id IN (SELECT value FROM json_each(@only)))`,
    )
    .all({ only: only ? JSON.stringify(only) : null }) as Array<Record<string, string | number | null>>;
  return rows.map((r) => ({
    id: Number(r.id),
    slug: String(r.slug),
    title: String(r.title),
    summary: String(r.summary),
    periodStart: String(r.periodStart),
    ...(r.periodEnd ? { periodEnd: String(r.periodEnd) } : {}),
    aliases: splitList(r.aliases as string),
    victims: (JSON.parse(String(r.victims)) as Array<{ name: string; country: string | null }>).map((v) => ({
      name: v.name,
      ...(v.country ? { country: v.country } : {}),
    })),
    blamedActorNames: splitList(r.blamedActorNames as string),
    sponsorNames: splitList(r.sponsorNames as string),
    accusedStates: splitList(r.accusedStates as string),
  }));
}

function selectActorNameSources(db: Db, only?: number[]) {
  const rows = db
    .prepare(
      `SELECT a.id, a.slug, a.name, a.description, a.mitre_attack_id AS mitreAttackId,
        (SELECT json_group_array(name) FROM (SELECT name FROM actor_aliases WHERE actor_id = a.id
           UNION SELECT name FROM alias_attestations WHERE actor_id = a.id)) AS aliases,
        (SELECT json_group_array(DISTINCT sponsor_name) FROM claims
           WHERE subject_actor_id = a.id AND sponsor_name IS NOT NULL AND stance IN ('attributes', 'corroborates')) AS sponsorNames,
        (SELECT json_group_array(DISTINCT i.title) FROM claims c JOIN incidents i ON i.id = c.incident_id
           WHERE c.subject_actor_id = a.id AND c.stance IN ('attributes', 'corroborates')) AS incidentTitles
       FROM actors a WHERE a.deprecated_by IS NULL
         AND (@only IS NULL OR a.id IN (SELECT value FROM json_each(@only)))`,
    )
    .all({ only: only ? JSON.stringify(only) : null }) as Array<Record<string, string | number | null>>;
  return rows.map((r) => ({
    id: Number(r.id),
    slug: String(r.slug),
    name: String(r.name),
    description: String(r.description),
    ...(r.mitreAttackId ? { mitreAttackId: String(r.mitreAttackId) } : {}),
    aliases: splitList(r.aliases as string),
    sponsorNames: splitList(r.sponsorNames as string),
    incidentTitles: splitList(r.incidentTitles as string),
  }));
}

/** The statements behind the search; each must be answered from an index (checked by a query-plan test). */
export const searchQueries = {
  namesExactly: 'SELECT entity_id AS entityId, weight FROM search_names WHERE entity_kind = ? AND normalized = ?',
  namesStartingWith: `SELECT entity_id AS entityId, weight FROM search_names
     WHERE entity_kind = ? AND normalized > ? AND normalized < ? LIMIT ?`,
  generation: 'SELECT fingerprint FROM dataset_versions WHERE name = ?',
  namesAbove:
    'SELECT entity_kind, entity_id, normalized, weight, id FROM search_names WHERE id > ? ORDER BY id LIMIT ?',
} as const;

/** The store's search: the in-memory index, refreshed from `search_names` whenever its generation moved. */
export interface StoreSearch {
  /** Ranked hits for a query, best first (at most `limit`). */
  search(kind: EntityKind, query: string, limit?: number): SearchHit[];
  /** Loads the index now, or brings it up to date, instead of at the next query. */
  refresh(): void;
}

const namesPerPage = 20_000;

/** Above this share of dead name slots, the index is reloaded rather than patched further. */
const reloadAboveDeadShare = 0.5;

export function createStoreSearch(db: Db): StoreSearch {
  const q = Object.fromEntries(
    Object.entries(searchQueries).map(([name, sql]) => [name, db.prepare<unknown[]>(sql)]),
  ) as Record<keyof typeof searchQueries, Statement<unknown[]>>;
  const generation = q.generation.pluck();
  const phrases: PhraseLookup = {
    namesExactly: (kind, normalized) => q.namesExactly.all(kind, normalized) as NameRow[],
    namesStartingWith: (kind, prefix, limit) => q.namesStartingWith.all(kind, prefix, prefix + top, limit) as NameRow[],
  };
  let index: SearchIndex | undefined;
  let loadedFingerprint: string | undefined;
  let loaded: IndexGeneration | undefined;

  /**
   * Names above an id, in id order, read in pages of raw rows. With `reuse`, every name is the same object refilled:
   * a full load consumes each at once, and millions of short-lived objects would only feed the garbage collector.
   */
  function* namesAbove(id: number, reuse: boolean): Generator<IndexedName> {
    let after = id;
    const shared: IndexedName = { kind: 'incident', entityId: 0, normalized: '', weight: 0 };
    for (;;) {
      const rows = q.namesAbove.raw().all(after, namesPerPage) as Array<[EntityKind, number, string, number, number]>;
      for (const [kind, entityId, normalized, weight] of rows) {
        if (!reuse) yield { kind, entityId, normalized, weight };
        else {
          shared.kind = kind;
          shared.entityId = entityId;
          shared.normalized = normalized;
          shared.weight = weight;
          yield shared;
        }
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < namesPerPage) return;
      after = last[4];
    }
  }

  const refresh = () => {
    // The common case, nothing written since the last query, costs one indexed read.
    if (index !== undefined && generation.get(generationRow) === loadedFingerprint) return;
    // One read transaction: the generation and the names it describes come from the same snapshot.
    db.transaction(() => {
      const fingerprint = generation.get(generationRow) as string | undefined;
      if (index !== undefined && fingerprint === loadedFingerprint) return;
      const now = parseGeneration(fingerprint);
      if (
        index === undefined ||
        now === undefined ||
        loaded === undefined ||
        now.resetAt > loaded.generation ||
        index.deadShare > reloadAboveDeadShare
      ) {
        index = SearchIndex.build(namesAbove(0, true));
      } else {
        index.replaceEntities([...namesAbove(loaded.highestNameId, false)]);
      }
      loadedFingerprint = fingerprint;
      loaded = now;
    })();
  };

  return {
    search(kind, query, limit) {
      refresh();
      return index === undefined ? [] : searchEntities(index, phrases, kind, query, limit);
    },
    refresh,
  };
}
