import { afterAll, describe, expect, test } from 'vitest';
import { searchQueries, termsOfName } from '../../src/store/search-index.ts';
import { openCuratedStore } from '../helpers/store.ts';

const store = openCuratedStore();
afterAll(() => store.close());

const sampleArguments: Record<keyof typeof searchQueries, unknown[]> = {
  namesExactly: ['incident', 'jaxa'],
  namesStartingWith: ['incident', 'ja', 'jb', 50],
  generation: ['search-index'],
  namesAbove: [0, 20_000],
};

describe('search queries', () => {
  test.each(Object.entries(searchQueries))(
    'GIVEN %s THEN SQLite answers it from an index, scanning no table',
    (name, sql) => {
      const plan = store.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...(sampleArguments[name as keyof typeof searchQueries] ?? [])) as Array<{ detail: string }>;
      const scans = plan.map((row) => row.detail).filter((d) => d.startsWith('SCAN') && !d.includes('json_each'));
      expect(scans).toEqual([]);
    },
  );

  test('GIVEN a name of several words THEN its terms are the words and the words run together', () => {
    expect(termsOfName('dark side')).toEqual(['dark', 'side', 'darkside']);
    expect(termsOfName('notpetya')).toEqual(['notpetya']);
  });
});

describe('card reads at scale', () => {
  test.each([
    ['victims', 'SELECT name, sector, country FROM victims WHERE incident_id = ? ORDER BY position', [1]],
    ['status events', 'SELECT date, event FROM status_events WHERE incident_id = ? ORDER BY date, id', [1]],
    [
      'actors sharing an alias',
      `SELECT aa.name FROM actor_aliases aa JOIN actor_aliases bb ON lower(bb.name) = lower(aa.name)
         AND bb.actor_id <> aa.actor_id WHERE aa.actor_id = ?`,
      [1],
    ],
  ])('GIVEN the %s of one record THEN SQLite finds them through an index', (_name, sql, args) => {
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).filter((d) => d.startsWith('SCAN'))).toEqual([]);
  });
});
