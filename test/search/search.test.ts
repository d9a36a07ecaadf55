import { afterAll, describe, expect, test } from 'vitest';
import type { SearchOutcome } from '../../src/core/catalog.ts';
import { resolveHits } from '../../src/search/search.ts';
import { openCuratedStore } from '../helpers/store.ts';

const store = openCuratedStore();
afterAll(() => store.close());

/** The slugs an outcome offers, best first (suggestions marked with '?'). */
function slugs(outcome: SearchOutcome<{ slug: string }>): string[] {
  switch (outcome.kind) {
    case 'match':
      return [outcome.item.slug];
    case 'choices':
      return outcome.items.map((i) => i.slug);
    case 'none':
      return outcome.suggestions.map((i) => `?${i.slug}`);
  }
}

describe('searchIncidents on the curated data', () => {
  test.each([
    ['alias', 'sunburst', 'solarwinds-2020'],
    ['alias in another language', 'Bundestag-Hack', 'bundestag-2015'],
    ['victim', 'prykarpattyaoblenergo', 'ukraine-grid-2015'],
    ['prefix', 'solar', 'solarwinds-2020'],
    ['prefix of a word', 'notpet', 'notpetya-2017'],
    ['typo: missing letter', 'solarwind', 'solarwinds-2020'],
    ['typo: swapped letters', 'wnnacry', 'wannacry-2017'],
    ['typo: extra letter', 'kaseyya', 'kaseya-2021'],
    ['upper case and width', 'ＮＯＴＰＥＴＹＡ', 'notpetya-2017'],
    ['victim plus actor', 'jaxa tick', 'jaxa-2016-tick'],
    ['non-Latin name', '宇宙航空研究開発機構', 'jaxa-2016-tick'],
    ['exact slug', 'jaxa-2023-ad-server', 'jaxa-2023-ad-server'],
    ['words run together', 'colonialpipeline', 'colonial-pipeline-2021'],
  ])('GIVEN a query by %s (%j) THEN the one match is %s', (_kind, query, slug) => {
    const outcome = store.searchIncidents(query);
    expect(outcome.kind).toBe('match');
    expect(slugs(outcome)).toEqual([slug]);
  });

  test('GIVEN "jaxa" THEN the three JAXA incidents are offered, oldest first', () => {
    const outcome = store.searchIncidents('jaxa');
    expect(outcome.kind).toBe('choices');
    expect(slugs(outcome)[0]).toBe('jaxa-2016-tick');
    expect(slugs(outcome).sort()).toEqual(['jaxa-2016-tick', 'jaxa-2023-2024-breaches', 'jaxa-2023-ad-server']);
  });

  test('GIVEN "jaxxa" (typo) THEN the same three are offered', () => {
    expect(slugs(store.searchIncidents('jaxxa')).sort()).toEqual(
      ['jaxa-2016-tick', 'jaxa-2023-2024-breaches', 'jaxa-2023-ad-server'].sort(),
    );
  });

  test('GIVEN a query that matches nothing THEN the outcome is none with no suggestions', () => {
    expect(store.searchIncidents('xyzzy quux')).toEqual({ kind: 'none', suggestions: [] });
  });

  test('GIVEN a word found only in summaries THEN it is a suggestion, not an answer', () => {
    const outcome = store.searchIncidents('prosecutors');
    expect(outcome.kind).toBe('none');
    expect(slugs(outcome).length).toBeGreaterThan(0);
    expect(slugs(outcome).every((s) => s.startsWith('?'))).toBe(true);
  });

  test.each([["' OR 1=1 --"], ['"*:'], ['NEAR(a b)'], ['%'], ['_'], ['🔥🔥']])(
    'GIVEN SQL or FTS syntax %j THEN it is searched as text and answers without error',
    (query) => {
      expect(() => store.searchIncidents(query)).not.toThrow();
      expect(store.searchIncidents(query).kind).toBe('none');
    },
  );
});

describe('searchActors on the curated data', () => {
  test.each([
    ['vendor alias', 'bronze butler', 'tick'],
    ['typo in an alias', 'bronze butlr', 'tick'],
    ['typo', 'lazarous', 'lazarus-group'],
    ['alias with a space', 'apt 28', 'apt28'],
    ['MITRE ATT&CK id', 'G0060', 'tick'],
    ['Korean name', '라자루스', 'lazarus-group'],
    ['sponsor named in a claim', 'unit 61419', 'tick'],
  ])('GIVEN a query by %s (%j) THEN the one match is %s', (_kind, query, slug) => {
    const outcome = store.searchActors(query);
    expect(outcome.kind).toBe('match');
    expect(slugs(outcome)).toEqual([slug]);
  });
});

describe('resolveHits', () => {
  test('GIVEN one hit far ahead THEN it is the match', () => {
    expect(
      resolveHits([
        { entityId: 1, score: 1.2 },
        { entityId: 2, score: 0.6 },
      ]),
    ).toEqual({ kind: 'match', hit: { entityId: 1, score: 1.2 } });
  });

  test('GIVEN hits within the margin THEN they are choices, best first', () => {
    const outcome = resolveHits([
      { entityId: 1, score: 1 },
      { entityId: 2, score: 0.95 },
      { entityId: 3, score: 0.4 },
    ]);
    expect(outcome).toEqual({
      kind: 'choices',
      hits: [
        { entityId: 1, score: 1 },
        { entityId: 2, score: 0.95 },
      ],
    });
  });

  test('GIVEN only weak hits THEN none, with up to three suggestions', () => {
    const weak = [0.3, 0.2, 0.1, 0.05].map((score, i) => ({ entityId: i, score }));
    expect(resolveHits(weak)).toEqual({ kind: 'none', suggestions: weak.slice(0, 3) });
  });
});
