/**
 * The sample chat queries in ../shared/corpus/dev-queries.json, against the curated data: the record each query
 * means must come first (as the match, or as the first of the choices).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { devQuerySlugs } from '../../src/bench/queries.ts';
import { openCuratedStore } from '../helpers/store.ts';

const devQueries = z
  .array(z.object({ query: z.string(), kind: z.enum(['incident', 'actor']), expect: z.string(), note: z.string() }))
  .parse(JSON.parse(readFileSync(new URL('../../../shared/corpus/dev-queries.json', import.meta.url), 'utf8')));

const slugFor = devQuerySlugs;

const store = openCuratedStore();
afterAll(() => store.close());

function ranked(kind: 'incident' | 'actor', query: string): string[] {
  const outcome = kind === 'incident' ? store.searchIncidents(query) : store.searchActors(query);
  if (outcome.kind === 'match') return [outcome.item.slug];
  if (outcome.kind === 'choices') return outcome.items.map((i) => i.slug);
  return [];
}

describe('dev-queries.json', () => {
  test('GIVEN every expected record THEN the curated data holds it', () => {
    for (const q of devQueries) expect(slugFor[q.expect], q.expect).toBeDefined();
  });

  test.each(devQueries.map((q) => [q.query, q.kind, q.expect, q.note] as const))(
    'GIVEN %j (%s) THEN %s comes first (%s)',
    (query, kind, expected) => {
      expect(ranked(kind, query)[0]).toBe(slugFor[expected]);
    },
  );

  test('GIVEN the Norwegian query THEN both Storting breaches can be found', () => {
    const outcome = store.searchIncidents('Stortinget');
    expect(outcome.kind).toBe('choices');
    expect(ranked('incident', 'Stortinget').sort()).toEqual(['storting-2020', 'storting-2021']);
  });
});
