/**
 * The searchers a bot author would reach for, configured exactly as in ../shared/research/peer-search-baseline.md,
 * plus ours, all over the same records: Fuse.js (threshold 0.4, ignoreLocation), MiniSearch (fuzzy 0.2, prefix),
 * a naive `LIKE '%q%'` scan and an FTS5 trigram phrase MATCH ordered by bm25, both in a WAL file DB in the temp dir.
 * Each searcher answers the top 3 entity ids for a query.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { EntityKind } from '../search/search.ts';
import type { Db } from '../store/database.ts';
import type { Store } from '../store/store.ts';

/** One searchable record: its own name and its other names (aliases for actors, victims for incidents). */
export interface PeerRecord {
  id: number;
  name: string;
  aliases: string[];
}

export interface Searcher {
  name: string;
  buildMs: number;
  search(query: string): number[];
  close?(): void;
}

/** The records the peers index, read from the store: actors with their aliases, incidents with their victims. */
export function loadPeerRecords(db: Db, kind: EntityKind): PeerRecord[] {
  const sql =
    kind === 'actor'
      ? `SELECT a.id, a.name, (SELECT json_group_array(name) FROM actor_aliases WHERE actor_id = a.id) AS others
         FROM actors a WHERE a.deprecated_by IS NULL ORDER BY a.id`
      : `SELECT i.id, i.title AS name, (SELECT json_group_array(name) FROM victims WHERE incident_id = i.id) AS others
         FROM incidents i WHERE i.deprecated_by IS NULL ORDER BY i.id`;
  return (db.prepare(sql).all() as Array<{ id: number; name: string; others: string }>).map((r) => ({
    id: r.id,
    name: r.name,
    aliases: [...new Set(JSON.parse(r.others) as string[])],
  }));
}

function timed<T>(build: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = build();
  return { value, ms: performance.now() - start };
}

export function fuseSearcher(records: PeerRecord[]): Searcher {
  const { value: fuse, ms } = timed(
    () => new Fuse(records, { keys: ['name', 'aliases'], threshold: 0.4, ignoreLocation: true, includeScore: true }),
  );
  return { name: 'Fuse.js', buildMs: ms, search: (q) => fuse.search(q, { limit: 3 }).map((r) => r.item.id) };
}

export function miniSearcher(records: PeerRecord[]): Searcher {
  const { value: ms, ms: buildMs } = timed(() => {
    const index = new MiniSearch<PeerRecord>({
      idField: 'id',
      fields: ['name', 'aliases'],
      extractField: (doc, field) => {
        const value = (doc as unknown as Record<string, unknown>)[field];
        return Array.isArray(value) ? value.join(' ') : (value as string);
      },
      searchOptions: { fuzzy: 0.2, prefix: true },
    });
    index.addAll(records);
    return index;
  });
  return {
    name: 'MiniSearch',
    buildMs,
    search: (q) =>
      ms
        .search(q)
        .slice(0, 3)
        .map((r) => r.id as number),
  };
}

function peerDb(dir: string, file: string) {
  const path = join(dir, file);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  return {
    db,
    close() {
      db.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    },
  };
}

const likeEscape = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function likeSearcher(records: PeerRecord[], dir: string, tag: string): Searcher {
  const { db, close } = peerDb(dir, `peer-like-${tag}.sqlite`);
  const { ms } = timed(() => {
    db.exec('CREATE TABLE rec (id INTEGER PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO rec (id, name, aliases) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const r of records) insert.run(r.id, r.name, r.aliases.join(' | '));
    })();
  });
  const select = db
    .prepare("SELECT id FROM rec WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\' LIMIT 3")
    .pluck();
  return {
    name: 'SQLite LIKE',
    buildMs: ms,
    search: (q) => {
      const p = likeEscape(q);
      return select.all(p, p) as number[];
    },
    close,
  };
}

export function fts5Searcher(records: PeerRecord[], dir: string, tag: string): Searcher {
  const { db, close } = peerDb(dir, `peer-fts-${tag}.sqlite`);
  const { ms } = timed(() => {
    db.exec("CREATE VIRTUAL TABLE rec_fts USING fts5(name, aliases, tokenize='trigram')");
    const insert = db.prepare('INSERT INTO rec_fts (rowid, name, aliases) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const r of records) insert.run(r.id, r.name, r.aliases.join(' | '));
    })();
  });
  const select = db
    .prepare('SELECT rowid AS id FROM rec_fts WHERE rec_fts MATCH ? ORDER BY bm25(rec_fts) LIMIT 3')
    .pluck();
  return {
    name: 'FTS5 trigram',
    buildMs: ms,
    search: (q) => select.all(`"${q.replace(/"/g, '""')}"`) as number[],
    close,
  };
}

/** Ours: the store's ranking. Its build time is the load of its in-memory index (a no-op once loaded). */
export function oursSearcher(store: Store, kind: EntityKind): Searcher {
  const { ms } = timed(() => store.searchIndex.refresh());
  return {
    name: 'cyberbrief',
    buildMs: ms,
    search: (q) => store.searchIndex.search(kind, q, 3).map((h) => h.entityId),
  };
}
