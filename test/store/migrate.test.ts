import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openDatabase, StoreError } from '../../src/store/database.ts';
import { migrate, readMigrations } from '../../src/store/migrate.ts';

const realMigrations = fileURLToPath(new URL('../../data/migrations', import.meta.url));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cyberbrief-'));
}

function migrationsDir(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function tableNames(db: ReturnType<typeof openDatabase>): string[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

describe('readMigrations', () => {
  test('GIVEN the real migrations folder THEN it starts at version 1 and runs without gaps', () => {
    const migrations = readMigrations(realMigrations);
    expect(migrations.length).toBeGreaterThanOrEqual(1);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]?.name).toBe('0001_core.sql');
    expect(migrations[0]?.sql).toContain('CREATE TABLE claims');
  });

  test('GIVEN files listed out of order and a file that is not a migration THEN they come back sorted by version, without the stray file', () => {
    const dir = migrationsDir({
      '0002_second.sql': 'CREATE TABLE b (x INTEGER);',
      'README.md': 'not a migration',
      '0001_first.sql': 'CREATE TABLE a (x INTEGER);',
      'notes.sql': 'SELECT 1;',
    });
    const migrations = readMigrations(dir);
    expect(migrations.map((m) => [m.version, m.name])).toEqual([
      [1, '0001_first.sql'],
      [2, '0002_second.sql'],
    ]);
    expect(migrations[1]?.sql).toBe('CREATE TABLE b (x INTEGER);');
  });

  test('GIVEN a gap in the versions (0001, 0003) THEN it throws naming the file out of sequence', () => {
    const dir = migrationsDir({ '0001_a.sql': 'SELECT 1;', '0003_c.sql': 'SELECT 1;' });
    expect(() => readMigrations(dir)).toThrow(/0003_c\.sql is out of sequence: expected 2/);
  });

  test('GIVEN migrations that do not start at 0001 THEN it throws', () => {
    const dir = migrationsDir({ '0002_b.sql': 'SELECT 1;' });
    expect(() => readMigrations(dir)).toThrow(/out of sequence: expected 1/);
  });
});

describe('migrate', () => {
  test('GIVEN an empty database THEN 0001 is applied, its tables exist and user_version is 1', () => {
    const db = openDatabase(join(tempDir(), 'store.sqlite'));
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      const applied = migrate(db, readMigrations(realMigrations));
      expect(applied[0]).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(readMigrations(realMigrations).length);
      expect(tableNames(db)).toEqual(
        expect.arrayContaining(['actors', 'claims', 'incidents', 'sources', 'dataset_versions', 'search_terms']),
      );
    } finally {
      db.close();
    }
  });

  test('GIVEN a database already migrated THEN running migrate again applies nothing and keeps user_version', () => {
    const path = join(tempDir(), 'store.sqlite');
    const migrations = readMigrations(realMigrations);
    const first = openDatabase(path);
    migrate(first, migrations);
    first.close();
    const db = openDatabase(path);
    try {
      expect(migrate(db, migrations)).toEqual([]);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    } finally {
      db.close();
    }
  });

  test('GIVEN a database whose user_version is higher than the migrations count THEN it throws a StoreError saying newer and leaves the file byte-identical', () => {
    const path = join(tempDir(), 'future.sqlite');
    const setup = openDatabase(path);
    setup.exec('CREATE TABLE from_the_future (x INTEGER); INSERT INTO from_the_future VALUES (42);');
    setup.pragma('user_version = 99');
    setup.close();
    const before = sha256(path);

    const db = openDatabase(path);
    let caught: unknown;
    try {
      migrate(db, readMigrations(realMigrations));
    } catch (error) {
      caught = error;
    } finally {
      db.close();
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as Error).message).toMatch(/newer/);
    expect((caught as Error).message).not.toContain('\n');
    expect(sha256(path)).toBe(before);
  });

  test('GIVEN a migration that fails midway THEN it rolls back: user_version stays at the last good one and none of its tables exist', () => {
    const dir = migrationsDir({
      '0001_good.sql': 'CREATE TABLE good (x INTEGER);',
      '0002_bad.sql':
        'CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE never (y INTEGER);',
    });
    const db = openDatabase(join(tempDir(), 'store.sqlite'));
    try {
      expect(() => migrate(db, readMigrations(dir))).toThrow(/no_such_table/);
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      const tables = tableNames(db);
      expect(tables).toContain('good');
      expect(tables).not.toContain('half_done');
      expect(tables).not.toContain('never');
    } finally {
      db.close();
    }
  });

  test('GIVEN the first migration fails midway on an empty database THEN user_version stays 0 and no table is left', () => {
    const dir = migrationsDir({ '0001_bad.sql': 'CREATE TABLE t1 (x INTEGER);\nTHIS IS NOT SQL;' });
    const db = openDatabase(join(tempDir(), 'store.sqlite'));
    try {
      expect(() => migrate(db, readMigrations(dir))).toThrow();
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(tableNames(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
