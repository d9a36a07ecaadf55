import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';

let dir: string;
let store: Store;
const open = () =>
  openStore({
    path: join(dir, 'store.sqlite'),
    dataDir: repositoryDataDir,
    migrationsDir,
    clock: fixedClock('2026-11-26T00:00:00Z'),
  });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cyberbrief-summaries-'));
  store = open();
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const attributionOf = (s: Store) =>
  s.suggestIncidents('wannacry', 5).find((i) => i.slug === 'wannacry-2017')?.attribution;

// Retracting every attribution is a change a summary must show at once, whichever connection makes it.
const retractAll = 'UPDATE claims SET stance = ? WHERE incident_id = (SELECT id FROM incidents WHERE slug = ?)';

test('GIVEN summaries served again and again THEN they are the same objects, and frozen', () => {
  const first = store.suggestIncidents('wannacry', 5);
  const again = store.suggestIncidents('wannacry', 5);
  expect(again[0]).toBe(first[0]);
  expect(Object.isFrozen(first[0])).toBe(true);
});

test('GIVEN a write on the same connection THEN the next summary reflects it', () => {
  expect(attributionOf(store)).not.toBe('unattributed');
  store.db.prepare(retractAll).run('non-acknowledgement', 'wannacry-2017');
  expect(attributionOf(store)).toBe('unattributed');
});

test('GIVEN a write from another connection THEN the next summary reflects it', () => {
  expect(attributionOf(store)).not.toBe('unattributed');
  const other = open();
  other.db.prepare(retractAll).run('non-acknowledgement', 'wannacry-2017');
  other.close();
  expect(attributionOf(store)).toBe('unattributed');
});
