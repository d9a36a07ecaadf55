/**
 * The store as the rest of the program sees it: open the file, bring the schema up to date, load the curated data
 * when it changed, and answer the catalog's questions.
 */
import { existsSync } from 'node:fs';
import type { ActorSummary, Catalog, SearchOutcome } from '../core/catalog.ts';
import type { Clock } from '../core/clock.ts';
import { loadCuratedData } from '../curated/load-curated.ts';
import type { ActorKind } from '../domain/schemas.ts';
import { type EntityKind, resolveHits, type SearchHit } from '../search/search.ts';
import { type Db, enableWriteAheadLog, openDatabase } from './database.ts';
import { assertMigratable, migrate, readMigrations } from './migrate.ts';
import { createRecordReader } from './read-records.ts';
import { createStoreSearch, refreshSearchIndexIfStale, type StoreSearch } from './search-index.ts';
import { curatedFingerprint, writeCuratedData } from './write-records.ts';

export interface StoreOptions {
  /** SQLite file, or ':memory:'. */
  path: string;
  /** Folder with `actors/` and `incidents/` curated files. */
  dataDir: string;
  /** Folder with the `NNNN_slug.sql` migrations. */
  migrationsDir: string;
  clock: Clock;
}

export interface Store extends Catalog {
  readonly db: Db;
  /** True when this open created the file or reloaded changed curated data. */
  readonly loadedCuratedData: boolean;
  /**
   * The ranked search behind the catalog's look-ups. Its in-memory index loads at the first query (about a second per
   * million names); call `searchIndex.refresh()` to load it earlier, e.g. right after start-up.
   */
  readonly searchIndex: StoreSearch;
  close(): void;
}

/** Hits a resolution looks at: the choices it may offer and the suggestions, with room for ties. */
const resolveFrom = 10;

export function openStore(options: StoreOptions): Store {
  const isNew = options.path === ':memory:' || !existsSync(options.path);
  // Validate the curated files before touching the database, so bad data never leaves a half-built store.
  const curated = loadCuratedData(options.dataDir);
  const db = openDatabase(options.path);
  let loadedCuratedData = false;
  try {
    const migrations = readMigrations(options.migrationsDir);
    assertMigratable(db, migrations);
    enableWriteAheadLog(db);
    migrate(db, migrations);
    if (isNew || curatedFingerprint(db) !== curated.fingerprint) {
      writeCuratedData(db, curated, options.clock.now().toISOString());
      loadedCuratedData = true;
    }
    // An import that stopped before rebuilding the search index (it defers that to the end of a run).
    refreshSearchIndexIfStale(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return createStore(db, loadedCuratedData);
}

function createStore(db: Db, loadedCuratedData: boolean): Store {
  const records = createRecordReader(db);
  const index = createStoreSearch(db);
  const actorSummary = db.prepare(
    `SELECT a.id, a.slug, a.name, a.kind,
       (SELECT json_group_array(name) FROM (SELECT name FROM actor_aliases WHERE actor_id = a.id ORDER BY id LIMIT 4)) AS aliases,
       (SELECT count(DISTINCT incident_id) FROM claims WHERE subject_actor_id = a.id AND incident_id IS NOT NULL) AS incidents
     FROM actors a WHERE a.id = ?`,
  );
  const slugOfIncident = db.prepare('SELECT slug FROM incidents WHERE id = ?').pluck();
  const newestIncidents = db
    .prepare('SELECT id FROM incidents WHERE deprecated_by IS NULL ORDER BY period_start DESC, id DESC LIMIT ?')
    .pluck();
  const actorsByName = db.prepare('SELECT id FROM actors WHERE deprecated_by IS NULL ORDER BY name LIMIT ?').pluck();

  const toActorSummary = (hit: SearchHit): ActorSummary[] => {
    const row = actorSummary.get(hit.entityId) as Record<string, string | number> | undefined;
    if (!row) return [];
    return [
      {
        slug: String(row.slug),
        name: String(row.name),
        kind: String(row.kind) as ActorKind,
        aliases: JSON.parse(String(row.aliases)) as string[],
        incidentCount: Number(row.incidents),
      },
    ];
  };

  function search<T>(kind: EntityKind, query: string, toItems: (hits: SearchHit[]) => T[]): SearchOutcome<T> {
    const resolution = resolveHits(index.search(kind, query, resolveFrom));
    switch (resolution.kind) {
      case 'match': {
        const [item] = toItems([resolution.hit]);
        return item === undefined ? { kind: 'none', suggestions: [] } : { kind: 'match', item };
      }
      case 'choices':
        return { kind: 'choices', items: toItems(resolution.hits) };
      case 'none':
        return { kind: 'none', suggestions: toItems(resolution.suggestions) };
    }
  }

  return {
    db,
    loadedCuratedData,
    searchIndex: index,
    searchIncidents(query) {
      // An exact slug (from a button or a choice list) is the incident itself.
      const bySlug = records.incidentIdBySlug(query.trim().toLowerCase());
      if (bySlug !== undefined) {
        const [item] = records.incidentSummaries([bySlug]);
        if (item) return { kind: 'match', item };
      }
      return search('incident', query, (hits) => {
        const summaries = records.incidentSummaries(hits.map((h) => h.entityId));
        // Equal scores read best in time order ("jaxa": 2016–17, then 2023, then 2023–24).
        const scoreOf = new Map(hits.map((h) => [String(slugOfIncident.get(h.entityId)), h.score]));
        return summaries.sort(
          (a, b) =>
            (scoreOf.get(b.slug) ?? 0) - (scoreOf.get(a.slug) ?? 0) || a.period.start.localeCompare(b.period.start),
        );
      });
    },
    searchActors(query) {
      const bySlug = records.actorIdBySlug(query.trim().toLowerCase());
      if (bySlug !== undefined) {
        const [item] = toActorSummary({ entityId: bySlug, score: 1 });
        if (item) return { kind: 'match', item };
      }
      return search('actor', query, (hits) => hits.flatMap(toActorSummary));
    },
    suggestIncidents(text, limit) {
      const ids =
        text.trim() === ''
          ? (newestIncidents.all(limit) as number[])
          : index.search('incident', text, limit).map((h) => h.entityId);
      return records.incidentSummaries(ids);
    },
    suggestActors(text, limit) {
      const hits =
        text.trim() === ''
          ? (actorsByName.all(limit) as number[]).map((entityId) => ({ entityId, score: 0 }))
          : index.search('actor', text, limit);
      return hits.flatMap(toActorSummary);
    },
    incidentDossier(slug) {
      const id = records.incidentIdBySlug(slug);
      return id === undefined ? undefined : records.incidentDossier(id);
    },
    actorProfile(slug) {
      const id = records.actorIdBySlug(slug);
      return id === undefined ? undefined : records.actorProfile(id);
    },
    close: () => db.close(),
  };
}
