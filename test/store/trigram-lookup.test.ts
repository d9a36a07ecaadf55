/**
 * The typo look-up (terms sharing trigrams with a word) counts on the trigram index alone; it must return what a
 * brute-force count over every term gives: terms with at least `minShared` shared, most shared first, up to the limit
 * (which of several equally good terms makes the limit is left to SQLite, as before).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { trigramsOf } from '../../src/search/normalize.ts';
import { createSearchIndexReader } from '../../src/store/search-index.ts';
import { openCuratedStore } from '../helpers/store.ts';

const store = openCuratedStore();
afterAll(() => store.close());

function bruteForce(word: string, minShared: number) {
  const grams = new Set(trigramsOf(word));
  const terms = store.db.prepare('SELECT id, term, entity_count AS entityCount FROM search_terms').all() as Array<{
    id: number;
    term: string;
    entityCount: number;
  }>;
  return terms
    .map((t) => ({ ...t, shared: trigramsOf(t.term).filter((g) => grams.has(g)).length }))
    .filter((t) => t.shared >= minShared)
    .sort((a, b) => b.shared - a.shared || a.id - b.id);
}

describe('terms sharing trigrams', () => {
  test.each([
    ['jaxxa', 3, 40],
    ['sandwrom', 4, 40],
    ['lazarous', 4, 5],
    ['solarwindss', 6, 40],
    ['a', 1, 10],
  ])(
    'GIVEN %j (at least %i shared, limit %i) THEN the index answers what a brute-force count does',
    (word, min, limit) => {
      const reader = createSearchIndexReader(store.db);
      const found = reader.termsSharingTrigrams(trigramsOf(word), min, limit) as unknown as Array<{
        id: number;
        shared: number;
      }>;
      const all = bruteForce(word, min);
      const expected = all.slice(0, limit);
      expect(found.map((t) => t.shared)).toEqual(expected.map((t) => t.shared));
      for (const term of found) expect(all).toContainEqual(term);
      // Every term more similar than the weakest one returned is among the results.
      const weakest = found[found.length - 1]?.shared ?? Infinity;
      for (const term of all.filter((t) => t.shared > weakest)) expect(found).toContainEqual(term);
    },
  );
});
