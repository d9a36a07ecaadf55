/**
 * Every name the curated data gives an incident or actor finds it: titles, aliases and victims for /incident,
 * names and vendor aliases for /actor. A name shared by several records may give a list, but the record is on it.
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { SearchOutcome } from '../../src/core/catalog.ts';
import { loadCuratedData } from '../../src/curated/load-curated.ts';
import { openCuratedStore, repositoryDataDir } from '../helpers/store.ts';

const data = loadCuratedData(repositoryDataDir);
const store = openCuratedStore();
afterAll(() => store.close());

function offered(outcome: SearchOutcome<{ slug: string }>): string[] {
  if (outcome.kind === 'match') return [outcome.item.slug];
  if (outcome.kind === 'choices') return outcome.items.map((i) => i.slug);
  return [];
}

describe('every curated name finds its record', () => {
  test('GIVEN each incident title, alias and victim THEN /incident offers that incident', () => {
    const misses: string[] = [];
    for (const incident of data.incidents) {
      const names = [incident.title, ...incident.aliases, ...incident.victims.map((v) => v.name)];
      for (const name of names) {
        if (!offered(store.searchIncidents(name)).includes(incident.slug)) misses.push(`${incident.slug} ← “${name}”`);
      }
    }
    expect(misses).toEqual([]);
  });

  test('GIVEN each actor name and alias THEN /actor offers that actor', () => {
    const misses: string[] = [];
    for (const actor of data.actors) {
      for (const name of [actor.name, ...actor.aliases.map((a) => a.name)]) {
        if (!offered(store.searchActors(name)).includes(actor.slug)) misses.push(`${actor.slug} ← “${name}”`);
      }
    }
    expect(misses).toEqual([]);
  });
});
