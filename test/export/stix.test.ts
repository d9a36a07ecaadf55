import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CYBERBRIEF_STIX_FORMAT,
  confidenceOf,
  incidentToStix,
  levelOfConfidence,
  PRODUCER_ID,
  type StixBundle,
  type StixObject,
  tlpMarkingDefinition,
  tlpMarkingIds,
  uuidv5,
} from '../../src/export/stix.ts';
import { readCyberbriefBundle } from '../../src/export/stix-import.ts';
import { createStixValidator, findStixSchemas, type StixValidator } from '../../src/export/validate-stix.ts';
import type { Store } from '../../src/store/store.ts';
import { openCuratedStore } from '../helpers/store.ts';

const schemasDir = findStixSchemas();

let store: Store;
let bundle: StixBundle;
let validator: StixValidator;

beforeAll(() => {
  store = openCuratedStore();
  const dossier = store.incidentDossier('jaxa-2016-tick');
  if (!dossier) throw new Error('the curated data has no jaxa-2016-tick');
  bundle = incidentToStix(dossier, store);
  if (!schemasDir) throw new Error('STIX 2.1 schemas not found next to the repository (../shared/datasets/…)');
  validator = createStixValidator(schemasDir);
});
afterAll(() => store.close());

const byId = (id: unknown) => bundle.objects.find((o) => o.id === id);
const ofType = (type: string) => bundle.objects.filter((o) => o.type === type);
const claimObject = (claimId: string) => bundle.objects.find((o) => o.x_cyberbrief_claim_id === claimId);

describe('uuidv5', () => {
  test('GIVEN the RFC 4122 DNS namespace example THEN it gives the published UUID', () => {
    // python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    expect(uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});

describe('confidence on the STIX 2.1 DNI scale', () => {
  test('GIVEN each ICD 203 level THEN it maps to the spec’s value and back', () => {
    expect(confidenceOf('very-likely')).toBe(85);
    expect(confidenceOf('almost-certain')).toBe(95);
    expect(confidenceOf('almost-no-chance')).toBe(5);
    expect(confidenceOf('unassessed')).toBeUndefined();
    for (const level of ['almost-no-chance', 'unlikely', 'likely', 'very-likely', 'almost-certain'] as const) {
      expect(levelOfConfidence(confidenceOf(level) ?? -1)).toBe(level);
    }
  });
});

describe('the JAXA 2016 card as a STIX 2.1 bundle', () => {
  test('GIVEN the bundle THEN every object and the bundle validate against the OASIS STIX 2.1 schemas', () => {
    expect(validator.validate(bundle)).toEqual([]);
    expect(bundle.objects.length).toBeGreaterThan(20);
  });

  test('GIVEN a broken object THEN the validator names it (the schemas really are applied)', () => {
    const kato = claimObject('jaxa-2016-tick-kato-highly-likely') as StixObject;
    const broken = {
      ...bundle,
      objects: bundle.objects.map((o) => (o === kato ? { ...o, confidence: 'high', created: '2021-04-20' } : o)),
    };
    const problems = validator.validate(broken);
    expect(problems.some((p) => p.id === kato.id && p.path === '/confidence')).toBe(true);
    expect(problems.some((p) => p.id === kato.id && p.path === '/created')).toBe(true);
  });

  test('GIVEN Kato’s claim THEN it is an attributed-to from the campaign to Tick, created by Kato, confidence from “highly likely”', () => {
    const kato = claimObject('jaxa-2016-tick-kato-highly-likely');
    expect(kato).toMatchObject({
      type: 'relationship',
      relationship_type: 'attributed-to',
      confidence: 85,
      start_time: '2021-04-20T00:00:00.000Z',
      x_cyberbrief_hedge: 'highly likely',
      x_cyberbrief_level: 'very-likely',
    });
    expect(byId(kato?.source_ref)).toMatchObject({ type: 'campaign', x_cyberbrief_slug: 'jaxa-2016-tick' });
    expect(byId(kato?.target_ref)).toMatchObject({ type: 'intrusion-set', name: 'Tick' });
    expect(byId(kato?.created_by_ref)).toMatchObject({
      type: 'identity',
      name: 'Katsunobu Kato',
      identity_class: 'individual',
      roles: ['Chief Cabinet Secretary'],
    });
    expect(String(byId(kato?.created_by_ref)?.description)).toContain('speaks for Japan');
    expect(kato?.external_references).toEqual([
      expect.objectContaining({
        source_name: 'CNA (Associated Press)',
        url: 'https://www.channelnewsasia.com/asia/japan-chinese-military-likely-behind-cyberattacks-230421',
      }),
    ]);
    // The PLA half of the claim: Tick → PLA, the spec's intrusion-set → threat-actor pair, by the same speaker.
    const sponsorLink = bundle.objects.find(
      (o) => o.x_cyberbrief_part_of_claim === 'jaxa-2016-tick-kato-highly-likely' && o.type === 'relationship',
    );
    expect(sponsorLink).toMatchObject({ source_ref: kato?.target_ref, created_by_ref: kato?.created_by_ref });
    expect(byId(sponsorLink?.target_ref)).toMatchObject({ type: 'threat-actor', name: 'PLA' });
  });

  test('GIVEN the hedge words THEN a note on Kato’s claim keeps them verbatim', () => {
    const kato = claimObject('jaxa-2016-tick-kato-highly-likely');
    const notes = ofType('note').filter((n) => (n.object_refs as string[]).includes(String(kato?.id)));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.abstract).toContain('“highly likely”');
    expect(notes[0]?.content).toContain('PLA involvement in the attacks is highly likely');
    expect(notes[0]?.created_by_ref).toBe(PRODUCER_ID);
  });

  test('GIVEN Wang Wenbin’s three counter-claims THEN they are opinions by him pointing at Kato’s relationship', () => {
    const kato = claimObject('jaxa-2016-tick-kato-highly-likely');
    const wang = ofType('identity').find((i) => i.name === 'Wang Wenbin');
    const opinions = ofType('opinion').filter((o) => o.created_by_ref === wang?.id);
    expect(opinions.map((o) => [o.x_cyberbrief_stance, o.opinion])).toEqual([
      ['non-acknowledgement', 'neutral'],
      ['evidence-challenge', 'disagree'],
      ['evidence-challenge', 'disagree'],
    ]);
    for (const opinion of opinions) {
      expect((opinion.object_refs as string[])[0]).toBe(kato?.id);
      expect(opinion.authors).toEqual(['Wang Wenbin']);
      expect(opinion.explanation).toEqual(expect.any(String));
    }
    expect(String(wang?.description)).toContain('speaks for China');
  });

  test('GIVEN the markings THEN every object carries an official TLP 2.0 marking that the bundle defines', () => {
    const markings = ofType('marking-definition');
    expect(markings).toContainEqual(tlpMarkingDefinition('CLEAR'));
    expect(tlpMarkingIds.CLEAR).toBe('marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487');
    const tlpIds = new Set(Object.values(tlpMarkingIds));
    for (const object of bundle.objects.filter((o) => o.type !== 'marking-definition')) {
      const refs = object.object_marking_refs as string[] | undefined;
      expect(refs, object.id).toHaveLength(1);
      expect(tlpIds.has(refs?.[0] ?? ''), object.id).toBe(true);
      expect(byId(refs?.[0]), object.id).toBeDefined();
    }
  });

  test('GIVEN the producer THEN the bundle says it is ours, and our reader refuses bundles that are not', () => {
    expect(byId(PRODUCER_ID)).toMatchObject({ name: 'cyberbrief', x_cyberbrief_format: CYBERBRIEF_STIX_FORMAT });
    expect(readCyberbriefBundle(bundle)).toBeDefined();
    const apt1 = join(schemasDir ?? '', '../../oasis-cti-documentation/examples/example_json/apt1.json');
    expect(readCyberbriefBundle(JSON.parse(readFileSync(apt1, 'utf8')))).toBeUndefined();
    expect(readCyberbriefBundle({ type: 'bundle', id: 'bundle--x', objects: [] })).toBeUndefined();
    expect(readCyberbriefBundle('not json')).toBeUndefined();
  });

  test('GIVEN two exports, even from two stores THEN the bundles are identical (ids and times from the records)', () => {
    const again = openCuratedStore();
    try {
      const dossier = again.incidentDossier('jaxa-2016-tick');
      if (!dossier) throw new Error('missing');
      expect(JSON.stringify(incidentToStix(dossier, again))).toBe(JSON.stringify(bundle));
    } finally {
      again.close();
    }
    expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
  });
});
