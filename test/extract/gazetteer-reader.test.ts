import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readGazetteer } from '../../src/store/gazetteer-reader.ts';
import type { Store } from '../../src/store/store.ts';
import { openCuratedStore } from '../helpers/store.ts';

describe('readGazetteer', () => {
  let store: Store;
  beforeAll(() => {
    store = openCuratedStore();
  });
  afterAll(() => store.close());

  test('GIVEN the curated store THEN every actor with its aliases and every incident with aliases and victims', () => {
    const gazetteer = readGazetteer(store.db);
    const actorCount = store.db.prepare('SELECT count(*) FROM actors').pluck().get() as number;
    expect(gazetteer.actors).toHaveLength(actorCount);
    expect(gazetteer.actors.find((a) => a.slug === 'tick')).toMatchObject({
      name: 'Tick',
      aliases: expect.arrayContaining(['BRONZE BUTLER']),
    });
    expect(gazetteer.incidents.find((i) => i.slug === 'jaxa-2016-tick')).toMatchObject({
      aliases: expect.arrayContaining(['JAXA hack']),
      victims: expect.arrayContaining([expect.stringContaining('Japan Aerospace Exploration Agency')]),
    });
  });

  test('GIVEN records merged away (deprecated_by) THEN they are left out', () => {
    store.db.prepare("UPDATE actors SET deprecated_by = 'apt29' WHERE slug = 'tick'").run();
    store.db.prepare("UPDATE incidents SET deprecated_by = 'opm-2015' WHERE slug = 'jaxa-2016-tick'").run();
    const gazetteer = readGazetteer(store.db);
    expect(gazetteer.actors.some((a) => a.slug === 'tick')).toBe(false);
    expect(gazetteer.incidents.some((i) => i.slug === 'jaxa-2016-tick')).toBe(false);
    expect(gazetteer.actors.some((a) => a.slug === 'apt29')).toBe(true);
  });
});
