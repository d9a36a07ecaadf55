import { afterAll, describe, expect, test } from 'vitest';
import { searchQueries, termsOfName } from '../../src/store/search-index.ts';
import { openCuratedStore } from '../helpers/store.ts';

const store = openCuratedStore();
afterAll(() => store.close());

const sampleArguments: Record<keyof typeof searchQueries, unknown[]> = {
  namesExactly: ['incident', 'jaxa'],
  namesStartingWith: ['incident', 'ja', 'jb', 50],
  term: ['jaxa'],
  termsStartingWith: ['ja', 'jb', 20],
  termsSharingTrigrams: ['["  j"," ja","jax"]', 1, 40],
  postings: [1, 'incident', 500],
  entityCount: ['incident'],
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
