/**
 * The sample chat queries in ../shared/corpus/dev-queries.json, against the curated data: the record each query
 * means must come first (as the match, or as the first of the choices).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { openCuratedStore } from '../helpers/store.ts';

const devQueries = z
  .array(z.object({ query: z.string(), kind: z.enum(['incident', 'actor']), expect: z.string(), note: z.string() }))
  .parse(JSON.parse(readFileSync(new URL('../../../shared/corpus/dev-queries.json', import.meta.url), 'utf8')));

/** The corpus names records in its own words; these are our slugs for them. */
const slugFor: Record<string, string> = {
  'JAXA cyberattacks (2016-2017)': 'jaxa-2016-tick',
  'SolarWinds supply-chain compromise': 'solarwinds-2020',
  NotPetya: 'notpetya-2017',
  'Sony Pictures hack (2014)': 'sony-pictures-2014',
  'Bundestag hack (2015)': 'bundestag-2015',
  WannaCry: 'wannacry-2017',
  'Kaseya VSA ransomware attack (2021)': 'kaseya-2021',
  'Storting email breach (2020)': 'storting-2020',
  'OPM data breach (2015)': 'opm-2015',
  'Ukraine power grid attack (2015)': 'ukraine-grid-2015',
  'Equifax breach (2017)': 'equifax-2017',
  APT28: 'apt28',
  APT29: 'apt29',
  Tick: 'tick',
  'Lazarus Group': 'lazarus-group',
  Sandworm: 'sandworm',
  'Volt Typhoon': 'volt-typhoon',
  DarkSide: 'darkside',
};

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
