import { describe, expect, test } from 'vitest';
import { createBriefingStore } from '../../src/store/briefing-store.ts';
import { writeRecords } from '../../src/store/write-records.ts';
import { openCuratedStore } from '../helpers/store.ts';

describe('incident facts', () => {
  test('GIVEN every curated incident THEN its facts equal the same parts of its dossier, value for value', () => {
    const store = openCuratedStore();
    const slugs = store.db.prepare('SELECT slug FROM incidents ORDER BY id').pluck().all() as string[];
    const facts = createBriefingStore(store.db).incidentFacts(slugs);
    expect([...facts.keys()].sort()).toEqual([...slugs].sort());
    let actorClaims = 0;
    for (const slug of slugs) {
      const dossier = store.incidentDossier(slug);
      if (!dossier) throw new Error(`no dossier for ${slug}`);
      actorClaims += dossier.actorClaims.length;
      expect(facts.get(slug)).toEqual({
        incident: { title: dossier.incident.title, victims: dossier.incident.victims },
        claims: dossier.claims,
        actorClaims: dossier.actorClaims,
      });
    }
    // The curated data has sponsor links on actors: the comparison covers actor-level claims too.
    expect(actorClaims).toBeGreaterThan(0);
    store.close();
  });

  test('GIVEN an incident blamed on several actors, with optional fields absent THEN the facts still match', () => {
    const store = openCuratedStore();
    const claim = (id: string, actor: string, extra: object = {}) => ({
      id,
      said: '2025-11-01',
      speaker: { organization: 'Example Agency', kind: 'vendor' as const, onRecord: false },
      stance: 'attributes' as const,
      subject: { actor },
      statement: 'Example attribution.',
      confidence: {},
      source: { publisher: 'Example Wire' },
      tlp: 'GREEN' as const,
      ...extra,
    });
    writeRecords(
      store.db,
      {
        actors: [],
        incidents: [
          {
            slug: 'facts-several-actors',
            title: 'Facts test incident',
            aliases: [],
            period: { start: '2025' },
            victims: [{ name: 'Example Port' }, { name: 'Example Ministry', country: 'JP', sector: 'government' }],
            summary: 'Blamed on two actors.',
            status: [],
            related: [],
            claims: [claim('facts-claim-a', 'tick'), claim('facts-claim-b', 'apt28', { respondsTo: 'facts-claim-a' })],
          },
        ],
      },
      'test',
      '2026-01-01T06:00:00.000Z',
    );
    const facts = createBriefingStore(store.db).incidentFacts(['facts-several-actors', 'no-such-incident']);
    const dossier = store.incidentDossier('facts-several-actors');
    expect([...facts.keys()]).toEqual(['facts-several-actors']);
    expect(dossier?.actors.length).toBe(2);
    expect(facts.get('facts-several-actors')).toEqual({
      incident: { title: dossier?.incident.title, victims: dossier?.incident.victims },
      claims: dossier?.claims,
      actorClaims: dossier?.actorClaims,
    });
    store.close();
  });
});
