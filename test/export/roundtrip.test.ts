import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import type { Actor, Incident } from '../../src/domain/schemas.ts';
import type { ClaimRecord } from '../../src/domain/views.ts';
import { actorToStix, buildStixBundle, incidentToStix, type StixBundle, tlpMarkingIds } from '../../src/export/stix.ts';
import { readCyberbriefBundle, StixBundleError } from '../../src/export/stix-import.ts';
import { createStixValidator, findStixSchemas, formatStixProblem } from '../../src/export/validate-stix.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { writeRecords } from '../../src/store/write-records.ts';
import { claimRecord } from '../helpers/claims.ts';
import { migrationsDir, openCuratedStore } from '../helpers/store.ts';

/** What a claim is, without when this store happened to record it. */
const claimFacts = (c: ClaimRecord) => ({
  id: c.id,
  incident: c.incident,
  speaker: c.speaker,
  stance: c.stance,
  subject: c.subject,
  statement: c.statement,
  quote: c.quote,
  hedge: c.confidence.hedge,
  level: c.confidence.level,
  basis: c.basis,
  basisDetail: c.basisDetail,
  said: c.said,
  source: c.source,
  tlp: c.tlp,
  respondsTo: c.respondsTo,
});

/** An empty store (no curated files) to import into. */
function openEmptyStore(): Store {
  return openStore({
    path: ':memory:',
    dataDir: mkdtempSync(join(tmpdir(), 'cyberbrief-empty-')),
    migrationsDir,
    clock: fixedClock('2026-02-01T00:00:00Z'),
  });
}

/** Merges the records read from several bundles: one record per slug, one claim per id. */
function merge(sets: Array<{ actors: Actor[]; incidents: Incident[] }>) {
  const actors = new Map<string, Actor>();
  const incidents = new Map<string, Incident>();
  const into = <T extends { slug: string; claims: Array<{ id: string }> }>(map: Map<string, T>, record: T) => {
    const seen = map.get(record.slug);
    if (!seen) map.set(record.slug, { ...record, claims: [...record.claims] });
    else for (const c of record.claims) if (!seen.claims.some((s) => s.id === c.id)) seen.claims.push(c);
  };
  for (const set of sets) {
    for (const a of set.actors) into(actors, a);
    for (const i of set.incidents) into(incidents, i);
  }
  return { actors: [...actors.values()], incidents: [...incidents.values()] };
}

const schemasDir = findStixSchemas();

describe('round trip of the whole curated store through STIX 2.1', () => {
  let original: Store;
  let copy: Store;
  let incidentSlugs: string[];
  let actorSlugs: string[];
  const bundles: StixBundle[] = [];

  beforeAll(() => {
    original = openCuratedStore();
    incidentSlugs = original.db.prepare('SELECT slug FROM incidents ORDER BY slug').pluck().all() as string[];
    actorSlugs = original.db.prepare('SELECT slug FROM actors ORDER BY slug').pluck().all() as string[];
    for (const slug of incidentSlugs) {
      const dossier = original.incidentDossier(slug);
      if (dossier) bundles.push(incidentToStix(dossier, original));
    }
    for (const slug of actorSlugs) {
      const profile = original.actorProfile(slug);
      if (profile) bundles.push(actorToStix(profile, original));
    }
    // As files: what an importer reads is JSON text, not our objects.
    const read = bundles.map((b) => readCyberbriefBundle(JSON.parse(JSON.stringify(b))));
    copy = openEmptyStore();
    writeRecords(copy.db, merge(read.filter((r) => r !== undefined)), 'stix-import', '2026-02-01T00:00:00.000Z');
  });
  afterAll(() => {
    original.close();
    copy.close();
  });

  test('GIVEN every incident and actor THEN each bundle validates against the STIX 2.1 schemas', () => {
    expect(bundles).toHaveLength(incidentSlugs.length + actorSlugs.length);
    if (!schemasDir) throw new Error('STIX 2.1 schemas not found next to the repository');
    const validator = createStixValidator(schemasDir);
    for (const bundle of bundles) expect(validator.validate(bundle).map(formatStixProblem), bundle.id).toEqual([]);
  });

  test('GIVEN the bundles read back into a fresh store THEN it holds exactly the same claims', () => {
    const count = (store: Store) => store.db.prepare('SELECT count(*) FROM claims').pluck().get();
    expect(count(copy)).toBe(count(original));
    expect(Number(count(original))).toBeGreaterThan(100);
    for (const slug of incidentSlugs) {
      const before = original.incidentDossier(slug);
      const after = copy.incidentDossier(slug);
      expect(after?.claims.map(claimFacts), slug).toEqual(before?.claims.map(claimFacts));
      // Grouped by actor in the order the store numbered the actors, which an import need not repeat.
      const byId = (claims: ClaimRecord[] = []) => claims.map(claimFacts).sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(after?.actorClaims), slug).toEqual(byId(before?.actorClaims));
      expect(after?.incident, slug).toEqual(before?.incident);
      expect(
        after?.related.map((r) => r.slug),
        slug,
      ).toEqual(before?.related.map((r) => r.slug));
    }
    for (const slug of actorSlugs) {
      const before = original.actorProfile(slug);
      const after = copy.actorProfile(slug);
      expect(after?.claims.map(claimFacts), slug).toEqual(before?.claims.map(claimFacts));
      expect(after?.actor, slug).toEqual(before?.actor);
    }
  });

  test('GIVEN counter-claims THEN they come back answering the same claims', () => {
    const answers = (store: Store) =>
      store.db
        .prepare(
          'SELECT c.slug, r.slug AS answers FROM claims c JOIN claims r ON r.id = c.responds_to_id ORDER BY c.slug',
        )
        .all();
    expect(answers(copy)).toEqual(answers(original));
    expect(answers(original).length).toBeGreaterThan(30);
  });
});

describe('round trip of claims the curated data does not have', () => {
  const speaker = { name: 'A. Analyst', organization: 'Example Lab', kind: 'researcher', onRecord: true } as const;
  const claims: ClaimRecord[] = [
    claimRecord({
      id: 'amber-attribution',
      said: '2020-03',
      tlp: 'AMBER',
      subject: { sponsor: { name: 'Unit 1', partOf: 'Example Army', state: 'KP' }, state: 'KP' },
      confidence: { level: 'roughly-even-chance' },
      basis: 'forensics',
      basisDetail: 'shared code',
    }),
    claimRecord({
      id: 'red-denial',
      said: '2020',
      tlp: 'RED',
      speaker,
      stance: 'denies',
      subject: { state: 'KP' },
      respondsTo: 'amber-attribution',
      confidence: { hedge: 'almost certainly not', level: 'unassessed' },
    }),
    claimRecord({
      id: 'strict-counter-accusation',
      said: '2020-04-01',
      tlp: 'AMBER+STRICT',
      speaker,
      stance: 'counter-accusation',
      subject: { state: 'US' },
      source: { publisher: 'Example Daily' },
    }),
    claimRecord({
      id: 'green-retraction',
      said: '2021',
      tlp: 'GREEN',
      stance: 'retracts',
      subject: { actor: 'example-group' },
      respondsTo: 'amber-attribution',
    }),
  ];
  const actor: Actor = {
    slug: 'example-group',
    name: 'Example Group',
    kind: 'unknown',
    aliases: [{ name: 'EXAMPLE PANDA', coinedBy: 'A Vendor' }],
    externalIds: { mitreAttack: 'G9999' },
    description: 'An example group.',
    claims: [],
  };
  const incident = {
    slug: 'example-2020',
    title: 'Example intrusion (2020)',
    aliases: [],
    period: { start: '2020-02' },
    victims: [{ name: 'Example Agency' }],
    summary: 'An example.',
    status: [],
  };
  const bundle = buildStixBundle({
    focus: { kind: 'incident', slug: 'example-2020' },
    incidents: [{ incident, related: [], recordedAt: '2026-01-01T00:00:00Z' }],
    actors: [actor],
    claims: claims.map((claim) => ({ claim, owner: { incident: 'example-2020' } })),
  });

  test('GIVEN TLP levels THEN each claim is marked with its own, and a speaker as openly as their openest claim', () => {
    const object = (claimId: string) => bundle.objects.find((o) => o.x_cyberbrief_claim_id === claimId);
    expect(object('amber-attribution')?.object_marking_refs).toEqual([tlpMarkingIds.AMBER]);
    expect(object('red-denial')?.object_marking_refs).toEqual([tlpMarkingIds.RED]);
    expect(object('strict-counter-accusation')?.object_marking_refs).toEqual([tlpMarkingIds['AMBER+STRICT']]);
    const analyst = bundle.objects.find((o) => o.name === 'A. Analyst');
    expect(analyst?.object_marking_refs).toEqual([tlpMarkingIds['AMBER+STRICT']]);
    const markings = bundle.objects.filter((o) => o.type === 'marking-definition').map((o) => o.name);
    expect(markings).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
  });

  test('GIVEN stances THEN the opinion scale and the attribution target follow the documented table', () => {
    const object = (claimId: string) => bundle.objects.find((o) => o.x_cyberbrief_claim_id === claimId);
    const attribution = object('amber-attribution');
    expect(attribution).toMatchObject({ relationship_type: 'attributed-to', confidence: 50 });
    expect(bundle.objects.find((o) => o.id === attribution?.target_ref)).toMatchObject({
      type: 'threat-actor',
      name: 'Unit 1',
      threat_actor_types: ['nation-state'],
    });
    expect(object('red-denial')).toMatchObject({ opinion: 'strongly-disagree', object_refs: [attribution?.id] });
    expect(object('green-retraction')).toMatchObject({ opinion: 'disagree', object_refs: [attribution?.id] });
    // A counter-accusation that answers no single claim is an opinion on the incident itself.
    expect(object('strict-counter-accusation')).toMatchObject({
      opinion: 'strongly-disagree',
      object_refs: [bundle.objects.find((o) => o.type === 'campaign')?.id],
    });
    expect(object('red-denial')?.confidence).toBeUndefined();
  });

  test('GIVEN the bundle THEN it validates, and reads back to the same claims', () => {
    if (!schemasDir) throw new Error('STIX 2.1 schemas not found next to the repository');
    expect(createStixValidator(schemasDir).validate(bundle).map(formatStixProblem)).toEqual([]);
    const read = readCyberbriefBundle(JSON.parse(JSON.stringify(bundle)));
    expect(read?.actors).toEqual([actor]);
    const store = openEmptyStore();
    try {
      writeRecords(store.db, read ?? { actors: [], incidents: [] }, 'stix-import', '2026-02-01T00:00:00.000Z');
      const back = store.incidentDossier('example-2020');
      expect(back?.claims.map(claimFacts)).toEqual(
        claims.map((c) => claimFacts({ ...c, incident: 'example-2020' })).sort((a, b) => a.said.localeCompare(b.said)),
      );
      expect(back?.incident).toEqual(incident);
    } finally {
      store.close();
    }
  });

  test('GIVEN an answer to a claim outside the bundle THEN no dangling reference, and the answered id survives', () => {
    const orphan = claimRecord({
      id: 'orphan-denial',
      stance: 'denies',
      respondsTo: 'elsewhere',
      subject: { state: 'KP' },
    });
    const alone = buildStixBundle({
      focus: { kind: 'incident', slug: 'example-2020' },
      incidents: [{ incident, related: [], recordedAt: '2026-01-01T00:00:00Z' }],
      actors: [],
      claims: [{ claim: orphan, owner: { incident: 'example-2020' } }],
    });
    const opinion = alone.objects.find((o) => o.x_cyberbrief_claim_id === 'orphan-denial');
    expect(opinion?.object_refs).toEqual([alone.objects.find((o) => o.type === 'campaign')?.id]);
    if (!schemasDir) throw new Error('STIX 2.1 schemas not found next to the repository');
    expect(createStixValidator(schemasDir).validate(alone).map(formatStixProblem)).toEqual([]);
    expect(readCyberbriefBundle(alone)?.incidents[0]?.claims[0]?.respondsTo).toBe('elsewhere');
  });

  test('GIVEN a tampered cyberbrief bundle THEN the reader names the object and the field', () => {
    const tampered = JSON.parse(JSON.stringify(bundle)) as StixBundle;
    const index = tampered.objects.findIndex((o) => o.x_cyberbrief_claim_id === 'red-denial');
    const target = tampered.objects[index];
    if (target) target.x_cyberbrief_stance = 'shrugs';
    expect(() => readCyberbriefBundle(tampered)).toThrow(StixBundleError);
    expect(() => readCyberbriefBundle(tampered)).toThrow(`objects[${index}] (${target?.id}) › stance`);
  });
});
