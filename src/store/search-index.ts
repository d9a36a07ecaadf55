/**
 * The search tables: writing them from the store's records, and the indexed look-ups the ranking needs. Every
 * look-up goes through an index (a B-tree range or the trigram table); nothing here scans all records.
 */

import type { Statement } from 'better-sqlite3';
import { actorSearchNames, incidentSearchNames, type SearchName } from '../search/index-entries.ts';
import { normalizeText, trigramsOf, wordsOf } from '../search/normalize.ts';
import type { EntityKind, NameRow, PostingRow, SearchIndexReader, TermRow } from '../search/search.ts';
import type { Db } from './database.ts';

/** Above every valid character in UTF-8 order, so `[prefix, prefix + top)` is a prefix range. */
const top = '\u{10ffff}';

/** The words a name is found by: each word, and all words run together ("dark side" also finds "darkside"). */
export function termsOfName(normalized: string): string[] {
  const words = wordsOf(normalized);
  const joined = words.join('');
  return words.length > 1 && joined.length <= 40 ? [...new Set([...words, joined])] : [...new Set(words)];
}

/** Row in `dataset_versions` saying the search index lags behind the records (an import deferred its rebuild). */
const staleMarker = 'search-index-stale';

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

/**
 * Rebuilds every search table from the records in the store; runs inside the caller's transaction. Records every
 * source has deprecated are left out: they are kept, not offered as live. An actor is also found by every spelling a
 * source gave one of its names.
 */
export function rebuildSearchIndex(db: Db): void {
  db.exec(
    'DELETE FROM search_postings; DELETE FROM search_term_trigrams; DELETE FROM search_names; DELETE FROM search_terms; DELETE FROM search_stats;',
  );
  db.prepare('DELETE FROM dataset_versions WHERE name = ?').run(staleMarker);
  const insertName = db.prepare(
    'INSERT INTO search_names (entity_kind, entity_id, name, normalized, weight) VALUES (?, ?, ?, ?, ?)',
  );
  const insertTerm = db.prepare('INSERT INTO search_terms (term) VALUES (?)');
  const insertTrigram = db.prepare('INSERT OR IGNORE INTO search_term_trigrams (trigram, term_id) VALUES (?, ?)');
  const insertPosting = db.prepare('INSERT OR IGNORE INTO search_postings (term_id, name_id) VALUES (?, ?)');
  const setEntityCount = db.prepare('UPDATE search_terms SET entity_count = ? WHERE id = ?');

  const termIds = new Map<string, number>();
  const entitiesOfTerm = new Map<number, Set<string>>();

  const addNames = (kind: EntityKind, entityId: number, names: SearchName[]) => {
    for (const { name, weight } of names) {
      const normalized = normalizeText(name);
      if (normalized === '') continue;
      const nameId = Number(insertName.run(kind, entityId, name, normalized, weight).lastInsertRowid);
      for (const term of termsOfName(normalized)) {
        let termId = termIds.get(term);
        if (termId === undefined) {
          termId = Number(insertTerm.run(term).lastInsertRowid);
          termIds.set(term, termId);
          for (const gram of trigramsOf(term)) insertTrigram.run(gram, termId);
        }
        insertPosting.run(termId, nameId);
        const holders = entitiesOfTerm.get(termId) ?? new Set<string>();
        holders.add(`${kind}:${entityId}`);
        entitiesOfTerm.set(termId, holders);
      }
    }
  };

  const incidents = selectIncidentNameSources(db);
  const actors = selectActorNameSources(db);
  for (const row of incidents) addNames('incident', row.id, incidentSearchNames(row));
  for (const row of actors) addNames('actor', row.id, actorSearchNames(row));
  const setStats = db.prepare('INSERT INTO search_stats (entity_kind, entity_count) VALUES (?, ?)');
  setStats.run('incident', incidents.length);
  setStats.run('actor', actors.length);
  for (const [termId, holders] of entitiesOfTerm) setEntityCount.run(holders.size, termId);
}

const splitList = (value: string | null): string[] =>
  (value ? (JSON.parse(value) as Array<string | null>) : []).filter((v): v is string => typeof v === 'string');

function selectIncidentNameSources(db: Db) {
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
       FROM incidents i WHERE i.deprecated_by IS NULL`,
    )
    .all() as Array<Record<string, string | number | null>>;
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

function selectActorNameSources(db: Db) {
  const rows = db
    .prepare(
      `SELECT a.id, a.slug, a.name, a.description, a.mitre_attack_id AS mitreAttackId,
        (SELECT json_group_array(name) FROM (SELECT name FROM actor_aliases WHERE actor_id = a.id
           UNION SELECT name FROM alias_attestations WHERE actor_id = a.id)) AS aliases,
        (SELECT json_group_array(DISTINCT sponsor_name) FROM claims
           WHERE subject_actor_id = a.id AND sponsor_name IS NOT NULL AND stance IN ('attributes', 'corroborates')) AS sponsorNames,
        (SELECT json_group_array(DISTINCT i.title) FROM claims c JOIN incidents i ON i.id = c.incident_id
           WHERE c.subject_actor_id = a.id AND c.stance IN ('attributes', 'corroborates')) AS incidentTitles
       FROM actors a WHERE a.deprecated_by IS NULL`,
    )
    .all() as Array<Record<string, string | number | null>>;
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

/** The look-ups behind `searchEntities`; each must be answered from an index (checked by a query-plan test). */
export const searchQueries = {
  namesExactly: 'SELECT entity_id AS entityId, weight FROM search_names WHERE entity_kind = ? AND normalized = ?',
  namesStartingWith: `SELECT entity_id AS entityId, weight FROM search_names
     WHERE entity_kind = ? AND normalized > ? AND normalized < ? LIMIT ?`,
  term: 'SELECT id, term, entity_count AS entityCount FROM search_terms WHERE term = ?',
  termsStartingWith:
    'SELECT id, term, entity_count AS entityCount FROM search_terms WHERE term > ? AND term < ? LIMIT ?',
  // Counts shared trigrams on the trigram index alone and reads the term only for the groups that pass: joining
  // search_terms before grouping costs one look-up per trigram row (10k+ rows for common trigrams at scale). Rows
  // reach the sorter in the same order as before, so the same terms come back (checked on the benchmark queries).
  termsSharingTrigrams: `SELECT g.term_id AS id, (SELECT term FROM search_terms WHERE id = g.term_id) AS term,
       (SELECT entity_count FROM search_terms WHERE id = g.term_id) AS entityCount, count(*) AS shared
     FROM search_term_trigrams g WHERE g.trigram IN (SELECT value FROM json_each(?))
     GROUP BY g.term_id HAVING shared >= ? ORDER BY shared DESC LIMIT ?`,
  postings: `SELECT n.entity_id AS entityId, n.id AS nameId, n.weight FROM search_postings p
     JOIN search_names n ON n.id = p.name_id WHERE p.term_id = ? AND n.entity_kind = ? LIMIT ?`,
  entityCount: 'SELECT entity_count FROM search_stats WHERE entity_kind = ?',
} as const;

/** The indexed look-ups behind `searchEntities`, as prepared statements. */
export function createSearchIndexReader(db: Db): SearchIndexReader {
  const q = Object.fromEntries(
    Object.entries(searchQueries).map(([name, sql]) => [name, db.prepare<unknown[]>(sql)]),
  ) as Record<keyof typeof searchQueries, Statement<unknown[]>>;
  return {
    namesExactly: (kind, normalized) => q.namesExactly.all(kind, normalized) as NameRow[],
    namesStartingWith: (kind, prefix, limit) => q.namesStartingWith.all(kind, prefix, prefix + top, limit) as NameRow[],
    term: (word) => q.term.get(word) as TermRow | undefined,
    termsStartingWith: (prefix, limit) => q.termsStartingWith.all(prefix, prefix + top, limit) as TermRow[],
    termsSharingTrigrams: (grams, minShared, limit) =>
      q.termsSharingTrigrams.all(JSON.stringify(grams), minShared, limit) as TermRow[],
    postings: (termId, kind, limit) => q.postings.all(termId, kind, limit) as PostingRow[],
    entityCount: (kind) => Number(q.entityCount.pluck().get(kind) ?? 0),
  };
}
