/**
 * The names the claim extractor looks for: every live actor with its aliases, every live incident with its title,
 * aliases and victims. Records merged into others (`deprecated_by` set) are left out.
 */
import type { Gazetteer } from '../extract/types.ts';
import type { Db } from './database.ts';

interface NamedRow {
  id: number;
  slug: string;
  name: string;
}

export function readGazetteer(db: Db): Gazetteer {
  const actors = db.prepare('SELECT id, slug, name FROM actors WHERE deprecated_by IS NULL ORDER BY slug');
  const actorAliases = db.prepare('SELECT name FROM actor_aliases WHERE actor_id = ? ORDER BY id').pluck();
  const incidents = db.prepare(
    'SELECT id, slug, title AS name FROM incidents WHERE deprecated_by IS NULL ORDER BY slug',
  );
  const incidentAliases = db.prepare('SELECT name FROM incident_aliases WHERE incident_id = ? ORDER BY rowid').pluck();
  const victims = db.prepare('SELECT name FROM victims WHERE incident_id = ? ORDER BY position').pluck();
  return {
    actors: (actors.all() as NamedRow[]).map((row) => ({
      slug: row.slug,
      name: row.name,
      aliases: actorAliases.all(row.id) as string[],
    })),
    incidents: (incidents.all() as NamedRow[]).map((row) => ({
      slug: row.slug,
      title: row.name,
      aliases: incidentAliases.all(row.id) as string[],
      victims: victims.all(row.id) as string[],
    })),
  };
}
