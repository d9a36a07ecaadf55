/**
 * The importers on the real, unmodified files in ../shared/datasets: counts against the datasets' READMEs, then one
 * store with the curated data, ATT&CK, MISP and EuRepoC imported, asked through the real /actor and /incident
 * commands.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFile, mapFile, readImportFile } from '../../src/import/run-import.ts';
import type {
  ActorRecord,
  ClaimRecordIn,
  ImportBatch,
  IncidentRecord,
  RedirectRecord,
} from '../../src/import/types.ts';
import type { ImportConflict } from '../../src/store/import-records.ts';
import type { Store } from '../../src/store/store.ts';
import { files, fingerprint, now, openFileStore, run, tempDir } from './helpers.ts';

const mapped = (path: string): ImportBatch => mapFile(readImportFile(path));
const ofKind = <K extends ImportBatch['records'][number]['kind']>(batch: ImportBatch, kind: K) =>
  batch.records.filter((r) => r.kind === kind) as Array<Extract<ImportBatch['records'][number], { kind: K }>>;

describe('mapping the real files, counted against the READMEs', () => {
  test('GIVEN the assembled ATT&CK Enterprise bundle THEN 187 intrusion-sets: 181 actors (9 deprecated) and 6 revoked redirects, 52 campaigns, 25 attributions', () => {
    const batch = mapped(files.attack);
    expect(batch.objectCount).toBe(6904);
    const actors = ofKind(batch, 'actor') as ActorRecord[];
    const redirects = ofKind(batch, 'redirect') as RedirectRecord[];
    expect(actors.length + redirects.length).toBe(187);
    expect(redirects.map((r) => r.name).sort()).toEqual(
      ['APT34', 'Charming Kitten', 'Dragonfly 2.0', 'MONSOON', 'Stolen Pencil', 'UNC2452'].sort(),
    );
    expect(redirects.every((r) => r.target !== undefined)).toBe(true);
    expect(
      actors
        .filter((a) => a.status === 'deprecated')
        .map((a) => a.actor.name)
        .sort(),
    ).toEqual(
      [
        'CostaRicto',
        'Dust Storm',
        'Frankenstein',
        'Gelsemium',
        'Honeybee',
        'Night Dragon',
        'Operation Wocao',
        'Sharpshooter',
        'Taidoor',
      ].sort(),
    );
    expect(ofKind(batch, 'incident')).toHaveLength(52);
    const claims = ofKind(batch, 'claim') as ClaimRecordIn[];
    expect(claims).toHaveLength(25);
    expect(
      claims.every((c) => c.claim.speaker.organization === 'MITRE ATT&CK' && c.claim.speaker.kind === 'researcher'),
    ).toBe(true);
    // 6,665 relationships: 25 attributed-to and 6 revoked-by are used, the rest counted and skipped.
    const skippedRelationships = [...batch.skipped]
      .filter(([k]) => k.startsWith('relationship'))
      .reduce((n, [, v]) => n + v, 0);
    expect(skippedRelationships).toBe(6665 - 25 - 6);
    const tick = actors.find((a) => a.originalId === 'intrusion-set--93f52415-0fe4-4d3d-896c-fc9b8e88ab90');
    expect(tick?.actor.aliases.map((a) => a.name)).toEqual(['BRONZE BUTLER', 'REDBALDKNIGHT', 'Tick']);
    expect(tick?.actor.keys).toContainEqual({ scheme: 'mitre-attack', value: 'G0060' });
  });

  test('GIVEN the ICS bundle in STIX 2.1 and 2.0 THEN both give 16 intrusion-sets (2 revoked), 8 campaigns (1 deprecated), 5 attributions, unknown types counted', () => {
    for (const path of [files.attackIcs21, files.attackIcs20]) {
      const batch = mapped(path);
      expect(ofKind(batch, 'actor').length + ofKind(batch, 'redirect').length).toBe(16);
      expect(ofKind(batch, 'redirect')).toHaveLength(2);
      const campaigns = ofKind(batch, 'incident') as IncidentRecord[];
      expect(campaigns).toHaveLength(8);
      expect(campaigns.filter((c) => c.status === 'deprecated').map((c) => c.incident.title)).toEqual([
        'Oldsmar Treatment Plant Intrusion',
      ]);
      expect(ofKind(batch, 'claim')).toHaveLength(5);
      expect(batch.skipped.get('attack-pattern')).toBe(95);
      expect(batch.skipped.get('x-mitre-tactic')).toBe(12);
    }
    expect(mapped(files.attackIcs21).fileVersion).toBe('18.1');
  });

  test('GIVEN the MISP galaxy THEN 1,041 clusters become actors, sponsor units become claims, and producers name who coined each alias', () => {
    const batch = mapped(files.misp);
    expect(batch.fileVersion).toBe('349');
    const actors = ofKind(batch, 'actor') as ActorRecord[];
    expect(actors).toHaveLength(1041);
    const tick = actors.find((a) => a.actor.name === 'Tick');
    const names = tick?.actor.aliases.map((a) => a.name) ?? [];
    expect(names).not.toContain('PLA Unit 61419');
    expect(tick?.actor.aliases.find((a) => a.name === 'BRONZE BUTLER')?.coinedBy).toBe('Trend Micro, Secureworks');
    expect(tick?.actor.aliases.find((a) => a.name === 'Swirl Typhoon')?.coinedBy).toBe('Microsoft');
    expect(tick?.actor.keys).toEqual(
      expect.arrayContaining([
        { scheme: 'misp', value: 'add6554a-815a-4ac3-9b22-9337b9661ab8' },
        { scheme: 'mitre-attack', value: 'G0060' },
        { scheme: 'stix-link', value: '93f52415-0fe4-4d3d-896c-fc9b8e88ab90' },
      ]),
    );
    const claims = ofKind(batch, 'claim') as ClaimRecordIn[];
    const units = claims.filter((c) => c.objectType === 'meta.synonyms (sponsor unit)');
    expect(units.map((c) => c.claim.subject.sponsor?.name).sort()).toEqual(
      [
        'Bureau 121',
        'PLA Navy',
        'PLA Navy',
        'PLA Navy',
        'PLA Unit 61398',
        'PLA Unit 61419',
        'PLA Unit 61486',
        'PLA Unit 65017',
        'PLA Unit 69010',
        'PLA Unit 78020',
        'Unit 121',
      ].sort(),
    );
    const tickClaims = claims.filter((c) => c.originalId.startsWith('add6554a'));
    expect(tickClaims.map((c) => c.claim.speaker.organization).sort()).toEqual([
      'CFR Cyber Operations Tracker, via MISP galaxy',
      'MISP galaxy',
      'MISP galaxy',
    ]);
    const country = tickClaims.find((c) => c.objectType === 'meta.country');
    expect(country?.claim.subject.state).toBe('CN');
    expect(country?.claim.confidence.level).toBe('unassessed');
    expect(country?.claim.basisDetail).toContain('default');
    // 477 clusters give a country; one that is not an ISO code is counted, not guessed.
    const countries = claims.filter((c) => c.objectType === 'meta.country').length;
    expect(countries + (batch.skipped.get('meta.country (not an ISO country)') ?? 0)).toBe(477);
    expect(claims.filter((c) => c.objectType === 'meta.cfr-suspected-state-sponsor').length).toBeGreaterThanOrEqual(99);
  });

  test('GIVEN the EuRepoC files THEN 1,643 incidents (16 without any date counted) and 2,643 attribution rows, each a claim or counted', () => {
    const incidents = mapped(files.eurepocIncidents);
    expect(incidents.objectCount).toBe(1643);
    const undated = incidents.skipped.get('incident (no start or end date)') ?? 0;
    expect(ofKind(incidents, 'incident').length + undated).toBe(1643);
    const attributions = mapped(files.eurepocAttributions);
    expect(attributions.objectCount).toBe(2643);
    const skipped = [...attributions.skipped.values()].reduce((a, b) => a + b, 0);
    expect(ofKind(attributions, 'claim').length + skipped).toBe(2643);
    const tick = (ofKind(attributions, 'claim') as ClaimRecordIn[]).filter((c) =>
      c.originalId.startsWith('attribution:956:'),
    );
    expect(tick).toHaveLength(4);
    expect(tick.every((c) => c.claim.said === '2021')).toBe(true);
    expect(
      tick.every((c) => c.claim.subject.sponsor?.name === 'PLA Unit 61419' && c.claim.subject.state === 'CN'),
    ).toBe(true);
    expect(
      mapped(files.eurepocReceivers).skipped.get('receiver row (the Global Database already lists receivers)'),
    ).toBe(6333);
  });

  test('GIVEN the two CFR exports THEN 481 and 768 rows, the misaligned rows of the 2023 export counted, not guessed', () => {
    const old = mapped(files.cfr2021);
    const recent = mapped(files.cfr2023);
    expect(old.objectCount).toBe(481);
    expect(recent.objectCount).toBe(768);
    expect(recent.skipped.get('row (columns slid: Type is not a CFR type)')).toBe(6);
    const jaxa = (ofKind(recent, 'incident') as IncidentRecord[]).find(
      (i) => i.incident.title === 'Targeting of Japanese businesses and research groups',
    );
    expect(jaxa?.incident.summary).toContain('Japanese Aerospace Exploration Agency');
  });
});

describe('a store with the curated data, ATT&CK, MISP and EuRepoC imported', () => {
  let dir: string;
  let dbPath: string;
  let store: Store;
  const imported = [files.attack, files.misp, files.eurepocIncidents, files.eurepocAttributions];
  const conflicts: ImportConflict[] = [];

  beforeAll(() => {
    dir = tempDir();
    dbPath = join(dir, 'store.sqlite');
    store = openFileStore(dbPath);
    for (const path of imported) conflicts.push(...importFile(store.db, path, { now }).outcome.conflicts);
  }, 120_000);
  afterAll(() => store?.close());

  test.each([
    'bronze butler',
    'REDBALDKNIGHT',
    'Stalker Panda',
    'Swirl Typhoon',
    'G0060',
    'tick',
    'REBALDKNIGHT',
    'RedBaldNight',
  ])('GIVEN /actor %s THEN it opens the one Tick card', (query) => {
    const reply = run(store, `/actor ${query}`);
    expect(reply.kind).toBe('card');
    expect(reply.card.title).toBe('Tick');
    expect(reply.card.canonical).toEqual({ command: 'actor', options: { query: 'tick' } });
  });

  test('GIVEN Tick after the import THEN one actor holds G0060 and the MISP uuid, and the card shows who coined each name once per spelling', () => {
    const ids = store.db
      .prepare(
        "SELECT DISTINCT actor_id FROM actor_keys WHERE (scheme = 'mitre-attack' AND value = 'G0060') OR value = 'add6554a-815a-4ac3-9b22-9337b9661ab8'",
      )
      .pluck()
      .all();
    expect(ids).toHaveLength(1);
    const aliases =
      run(store, '/actor tick')
        .card.sections.find((s) => s.title === 'Also known as')
        ?.entries.map((e) => e.text) ?? [];
    expect(aliases).toEqual(
      expect.arrayContaining([
        'BRONZE BUTLER — Secureworks',
        'REDBALDKNIGHT — Trend Micro',
        'Stalker Panda — CrowdStrike',
        'Swirl Typhoon — Microsoft',
        'TICK CASTLE — Google',
        'G0060 — MITRE',
      ]),
    );
    // One entry per name, however the sources spell it (REDBALDKNIGHT, REBALDKNIGHT, STALKER PANDA …).
    expect(aliases.filter((a) => /re(d)?baldk?night/i.test(a))).toHaveLength(1);
    expect(aliases.filter((a) => /stalker panda/i.test(a))).toHaveLength(1);
    expect(aliases.some((a) => a.includes('61419'))).toBe(false);
  });

  test('GIVEN sponsor units MISP lists as synonyms THEN they are sponsor-link claims by the MISP galaxy, not aliases', () => {
    const claims = store.actorProfile('tick')?.claims ?? [];
    expect(
      claims.some((c) => c.speaker.organization === 'MISP galaxy' && c.subject.sponsor?.name === 'PLA Unit 61419'),
    ).toBe(true);
    expect(
      claims.some(
        (c) => c.speaker.organization === 'CFR Cyber Operations Tracker, via MISP galaxy' && c.subject.state === 'CN',
      ),
    ).toBe(true);
    expect(run(store, '/actor tick').card.sections.some((s) => s.title === 'Sponsor links (claims)')).toBe(true);
    const lazarus = run(store, '/actor lazarus group').card;
    const names = lazarus.sections.find((s) => s.title === 'Also known as')?.entries.map((e) => e.text) ?? [];
    expect(names.some((n) => /^(Bureau|Unit) 121/.test(n))).toBe(false);
    expect(
      store
        .actorProfile(lazarus.canonical?.options.query ?? '')
        ?.claims.some((c) => c.subject.sponsor?.name === 'Bureau 121'),
    ).toBe(true);
  });

  test('GIVEN the import THEN its report lists the conflicts: shared aliases, competing sponsors, contested attributions', () => {
    const of = (kind: ImportConflict['kind']) => conflicts.filter((c) => c.kind === kind).map((c) => c.message);
    expect(of('ambiguous-alias').some((m) => /Nobelium/i.test(m) && m.includes('UNC2452'))).toBe(true);
    expect(of('competing-sponsors').some((m) => m.startsWith('Tick:') && m.includes('PLA Unit 61419'))).toBe(true);
    expect(of('contested').length).toBeGreaterThan(0);
  });

  test('GIVEN a name two actors hold THEN it stays on both, flagged ⚠ on each card, never merged', () => {
    const reply = run(store, '/actor nobelium');
    expect(reply.kind).toBe('choices');
    const apt29 = run(store, '/actor apt29').card;
    expect(apt29.notes.join('\n')).toMatch(/“(Nobelium|NOBELIUM)” is also used for UNC2452/);
    const unc = run(store, '/actor unc2452').card;
    expect(unc.title).toBe('UNC2452');
    expect(unc.sections.find((s) => s.title === 'Also known as')?.entries.some((e) => /NOBELIUM.*⚠/.test(e.text))).toBe(
      true,
    );
  });

  test('GIVEN revoked and deprecated ATT&CK groups THEN APT34 redirects to OilRig and deprecated groups are kept but not offered as live', () => {
    expect(run(store, '/actor APT34').card.title).toBe('OilRig');
    expect(run(store, '/actor MONSOON').card.title).toMatch(/Patchwork/);
    const deprecated = store.db
      .prepare("SELECT count(*) FROM import_records WHERE source = 'mitre-attack' AND status = 'deprecated'")
      .pluck()
      .get();
    expect(deprecated).toBe(9);
    const dead = store.db.prepare('SELECT id, name FROM actors WHERE deprecated_by IS NOT NULL').all() as Array<{
      id: number;
    }>;
    expect(dead.length).toBeGreaterThan(0);
    const indexed = store.db
      .prepare(
        `SELECT count(*) FROM search_names WHERE entity_kind = 'actor' AND entity_id IN (${dead.map((d) => d.id).join(',')})`,
      )
      .pluck()
      .get();
    expect(indexed).toBe(0);
  });

  test('GIVEN EuRepoC incident 956 THEN it arrives with its four attribution claims, linked to Tick and to PLA Unit 61419', () => {
    const reply = run(store, '/incident Tick aka PLA Unit 61419 vs. Japanese Defense Companies');
    expect(reply.kind).toBe('card');
    const slug = reply.card.canonical?.options.query ?? '';
    expect(slug).toMatch(/^eurepoc-956-/);
    const dossier = store.incidentDossier(slug);
    expect(dossier?.claims).toHaveLength(4);
    expect(dossier?.claims.filter((c) => c.subject.actor === 'tick')).toHaveLength(2);
    expect(dossier?.claims.every((c) => c.subject.sponsor?.name === 'PLA Unit 61419' && c.said === '2021')).toBe(true);
    expect(dossier?.incident.victims[0]?.country).toBe('JP');
    expect(reply.card.verdict).toContain('Tick');
  });

  test('GIVEN the same files imported again THEN nothing changes, row for row', () => {
    store.close();
    const before = fingerprint(dbPath);
    store = openFileStore(dbPath);
    const outcomes = imported.map((path) => importFile(store.db, path, { now: '2026-03-01T00:00:00.000Z' }).outcome);
    expect(outcomes.map((o) => o.changed)).toEqual([false, false, false, false]);
    expect(outcomes.every((o) => o.seenBefore)).toBe(true);
    const added = outcomes.flatMap((o) => [...o.counts.values()]).reduce((n, c) => n + c.added + c.updated, 0);
    expect(added).toBe(0);
    store.close();
    expect(fingerprint(dbPath)).toEqual(before);
    store = openFileStore(dbPath);
  });

  test('GIVEN a newer version of one ATT&CK object THEN that record is updated and nothing else', () => {
    const newer = join(dir, 'bronze-butler-newer.json');
    copyFileSync(files.attackTick, newer);
    const bundle = JSON.parse(readFileSync(newer, 'utf8')) as { objects: Array<Record<string, unknown>> };
    const object = bundle.objects[0] as { aliases: string[]; modified: string };
    object.aliases.push('Test Alias From A Newer Release');
    object.modified = '2099-01-01T00:00:00.000Z';
    writeFileSync(newer, JSON.stringify(bundle));
    const { outcome } = importFile(store.db, newer, { now });
    expect(outcome.counts.get('actors')).toEqual({ added: 0, updated: 1, unchanged: 0, skipped: 0 });
    expect(run(store, '/actor Test Alias From A Newer Release').card.title).toBe('Tick');
    // The older object again is refused rather than undoing the update.
    const older = importFile(store.db, files.attackTick, { now }).outcome;
    expect(older.counts.get('actors')?.skipped).toBe(1);
    expect(run(store, '/actor Test Alias From A Newer Release').card.title).toBe('Tick');
  });
});
