/**
 * Applies the `.sql` files of a migrations folder in order, each in its own transaction, and records progress in
 * `PRAGMA user_version`. A database newer than the code is refused rather than touched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, StoreError } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const migrationFile = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Reads `NNNN_slug.sql` files; versions must run 1, 2, 3 … without gaps. */
export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((name) => ({ name, match: migrationFile.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .map(({ name, match }) => ({ version: Number(match[1]), name, sql: readFileSync(join(dir, name), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`Migration ${m.name} is out of sequence: expected ${index + 1}`);
  });
  return migrations;
}

/**
 * Refuses, before anything is written, a database this code must not touch: one made by a newer version, or an
 * SQLite file of some other program (tables but no schema version of ours).
 */
export function assertMigratable(db: Db, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new StoreError(
      `Database schema version ${current} is newer than this code knows (${latest}). Upgrade cyberbrief; the file was left untouched.`,
    );
  }
  const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").pluck().get();
  if (current === 0 && Number(tables) > 0) {
    throw new StoreError(
      `Database ${db.name} holds tables but no cyberbrief schema version; it looks like another program's file. It was left untouched.`,
    );
  }
}

/** Brings the schema up to the newest migration; returns the versions it applied. */
export function migrate(db: Db, migrations: Migration[]): number[] {
  assertMigratable(db, migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
