import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { enableWriteAheadLog, openDatabase, StoreError } from '../../src/store/database.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cyberbrief-'));
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('openDatabase', () => {
  test('GIVEN a file full of garbage bytes THEN it throws a one-line StoreError naming the path and leaves the file byte-identical', () => {
    const dir = tempDir();
    const path = join(dir, 'garbage.sqlite');
    writeFileSync(path, 'this is not a database\n'.repeat(500));
    const before = sha256(path);

    let caught: unknown;
    try {
      openDatabase(path).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreError);
    const message = (caught as Error).message;
    expect(message).toContain(path);
    expect(message).not.toContain('\n');
    expect(sha256(path)).toBe(before);
    // Nothing written beside it either (no -wal / -shm / -journal left behind).
    expect(readdirSync(dir)).toEqual(['garbage.sqlite']);
  });

  test('GIVEN a file DB THEN foreign keys and the busy timeout are on, and WAL once enabled', () => {
    const db = openDatabase(join(tempDir(), 'store.sqlite'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      enableWriteAheadLog(db);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });

  test('GIVEN a path in a folder that does not exist THEN it throws a one-line StoreError naming the path', () => {
    const path = join(tempDir(), 'missing', 'store.sqlite');
    let caught: unknown;
    try {
      openDatabase(path).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as Error).message).toContain(path);
    expect((caught as Error).message).not.toContain('\n');
  });
});
