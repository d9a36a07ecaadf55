/**
 * Sources are stored once per publication (publisher, title, date, URL) however many claims, aliases or status
 * events cite them. One writer for every path that records them: curated data, imports, reviewed claims.
 */
import type { Source } from '../domain/schemas.ts';
import type { Db } from './database.ts';

const sourceKey = (s: Source) => [s.publisher, s.title ?? '', s.date ?? '', s.url ?? ''].join('|');

/** The id of a source row, inserted when new; ids are remembered for the life of the writer (one write run). */
export function createSourceWriter(db: Db): (source: Source) => number {
  const find = db.prepare('SELECT id FROM sources WHERE key = ?').pluck();
  const insert = db.prepare('INSERT INTO sources (key, publisher, title, date, url) VALUES (?, ?, ?, ?, ?)');
  const known = new Map<string, number>();
  return (source) => {
    const key = sourceKey(source);
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    const id =
      (find.get(key) as number | undefined) ??
      Number(
        insert.run(key, source.publisher, source.title ?? null, source.date ?? null, source.url ?? null)
          .lastInsertRowid,
      );
    known.set(key, id);
    return id;
  };
}
