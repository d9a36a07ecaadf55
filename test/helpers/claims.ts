/** Builders for claim records in card tests: a plain default, overridden per test. */
import type { ClaimRecord, IncidentDossier } from '../../src/domain/views.ts';

export function claimRecord(overrides: Partial<ClaimRecord> & Pick<ClaimRecord, 'id'>): ClaimRecord {
  return {
    said: '2021-04-20',
    speaker: { name: 'Example Official', role: 'Spokesperson', state: 'JP', kind: 'government', onRecord: true },
    stance: 'attributes',
    subject: { actor: 'example-group' },
    subjectActorName: 'Example Group',
    statement: 'Example Group carried out the intrusions.',
    confidence: { level: 'unassessed' },
    source: { publisher: 'Example Wire', date: '2021-04-20' },
    tlp: 'CLEAR',
    recordedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function dossier(claims: ClaimRecord[], overrides: Partial<IncidentDossier> = {}): IncidentDossier {
  return {
    incident: {
      slug: 'example-2020',
      title: 'Example intrusion (2020)',
      aliases: [],
      period: { start: '2020' },
      victims: [{ name: 'Example Agency', sector: 'government', country: 'JP' }],
      summary: 'An example incident used in tests.',
      status: [],
    },
    claims,
    actorClaims: [],
    related: [],
    actors: [{ slug: 'example-group', name: 'Example Group', aliases: [] }],
    recordedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
