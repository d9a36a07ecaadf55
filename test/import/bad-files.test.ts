/**
 * Bad files stop the import with one message naming the file, the object (index and id) and the field, and leave
 * the database byte for byte as it was. The bad files are made at run time from the real datasets, in a temp dir.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFile } from '../../src/import/run-import.ts';
import { ImportError } from '../../src/import/types.ts';
import { files, fingerprint, now, openFileStore, tempDir } from './helpers.ts';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('bad files', () => {
  let dir: string;
  let dbPath: string;
  let before: { bytes: string; content: ReturnType<typeof fingerprint> };

  beforeAll(() => {
    dir = tempDir();
    dbPath = join(dir, 'store.sqlite');
    openFileStore(dbPath).close();
    before = { bytes: sha(dbPath), content: fingerprint(dbPath) };
  }, 60_000);
  afterAll(() => {
    // Every case below must have left the file exactly as it was.
    expect(sha(dbPath)).toBe(before.bytes);
  });

  /** Imports one file through a freshly opened store and returns the error it stopped with. */
  function failure(name: string, content: string | Buffer): ImportError {
    const path = join(dir, name);
    writeFileSync(path, content);
    const store = openFileStore(dbPath);
    try {
      importFile(store.db, path, { now });
    } catch (error) {
      if (error instanceof ImportError) return error;
      throw error;
    } finally {
      store.close();
    }
    throw new Error(`${name} was imported`);
  }

  const unchanged = () => {
    expect(sha(dbPath)).toBe(before.bytes);
    expect(fingerprint(dbPath)).toEqual(before.content);
  };

  test('GIVEN truncated JSON THEN one message names the file and the JSON error, and the database is unchanged', () => {
    const error = failure('truncated.json', readFileSync(files.oasisApt1, 'utf8').slice(0, 5000));
    expect(error.message).toMatch(/truncated\.json › \(file\) › \(json\): not valid JSON/);
    expect(error.message.split('\n')).toHaveLength(1);
    unchanged();
  });

  test('GIVEN a wrong type deep in a real bundle THEN the message names the object by index and id, and the field', () => {
    const bundle = JSON.parse(readFileSync(files.attack, 'utf8')) as { objects: Array<Record<string, unknown>> };
    const index = bundle.objects.findIndex((o) => o.name === 'BRONZE BUTLER');
    (bundle.objects[index] as Record<string, unknown>).aliases = 'BRONZE BUTLER';
    const error = failure('wrong-type.json', JSON.stringify(bundle));
    expect(error.message).toContain(
      `wrong-type.json › object #${index} (intrusion-set--93f52415-0fe4-4d3d-896c-fc9b8e88ab90) › aliases:`,
    );
    unchanged();
  });

  test('GIVEN a 50 MB string in one field THEN it is refused by name, not stored', () => {
    const bundle = JSON.parse(readFileSync(files.attackTick, 'utf8')) as { objects: Array<Record<string, unknown>> };
    (bundle.objects[0] as Record<string, unknown>).description = 'x'.repeat(50 * 1024 * 1024);
    const error = failure('huge-string.json', JSON.stringify(bundle));
    expect(error.message).toMatch(/huge-string\.json › object #0 \(intrusion-set--93f52415-[^)]+\) › description: /);
    unchanged();
  });

  test('GIVEN a CSV with shifted columns THEN the row and the column are named', () => {
    const lines = readFileSync(files.cfr2021, 'utf8').split('\r\n');
    // Row 3: an extra field pushes every column after Title one place to the right.
    lines[3] = lines[3]?.replace(/^("[^"]*"|[^,]*),/, '$1,"shifted",') ?? '';
    const error = failure('shifted.csv', lines.join('\r\n'));
    expect(error.message).toMatch(
      /shifted\.csv › object #3 \([^)]*\) › Sources_3: row has 13 fields but the header has 12/,
    );
    unchanged();
  });

  test('GIVEN a EuRepoC row with a field of the wrong kind THEN the row id and the column are named', () => {
    const text = readFileSync(files.eurepocAttributions, 'utf8').replace(
      /\n956,1125\.0,2021-01-01,/,
      '\n956,1125.0,last spring,',
    );
    const error = failure('EuRepoC_Attribution_dataset_9.9.csv', text);
    expect(error.message).toMatch(
      /EuRepoC_Attribution_dataset_9\.9\.csv › object #\d+ \(956\) › attribution_date: expected YYYY-MM-DD/,
    );
    unchanged();
  });

  test('GIVEN a file in no known format THEN it is refused before anything is read into the store', () => {
    const error = failure('notes.csv', 'a,b,c\n1,2,3\n');
    expect(error.message).toContain('notes.csv › (file) › (header): unknown CSV format');
    unchanged();
  });
});
