import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { CuratedDataError } from '../../src/curated/load-curated.ts';
import type { ActorInput, ClaimInput, IncidentInput } from '../../src/domain/schemas.ts';
import { StoreError } from '../../src/store/database.ts';
import { openStore, type Store } from '../../src/store/store.ts';

const migrationsDir = fileURLToPath(new URL('../../data/migrations', import.meta.url));
const firstClock = fixedClock('2026-01-02T03:04:05.000Z');
const laterClock = fixedClock('2026-06-01T00:00:00.000Z');

const source = (publisher: string) => ({ publisher, date: '2021-04-20', url: 'https://example.org/' });

const alphaSponsor: ClaimInput = {
  id: 'alpha-sponsor-ministry',
  said: '2020-01',
  speaker: { organization: 'Think Tank', kind: 'researcher', onRecord: true },
  stance: 'attributes',
  subject: { actor: 'alpha', sponsor: { name: 'Ministry X', state: 'RU' }, state: 'RU' },
  statement: 'Alpha works for Ministry X.',
  source: { publisher: 'Think Tank Report' },
};

const attribution: ClaimInput = {
  id: 'one-minister-attributes',
  said: '2021-04-20',
  speaker: {
    name: 'Jane Minister',
    organization: 'Government of Germany',
    state: 'DE',
    kind: 'government',
    onRecord: true,
  },
  stance: 'attributes',
  subject: { actor: 'alpha', state: 'RU' },
  statement: 'Alpha is highly likely behind the attack.',
  confidence: { hedge: 'highly likely' },
  basis: 'intelligence',
  source: source('Daily Paper'),
};

const denial: ClaimInput = {
  id: 'one-embassy-denies',
  said: '2021-04-21',
  speaker: { organization: 'Embassy of Russia', state: 'RU', kind: 'accused-party', onRecord: true },
  stance: 'denies',
  subject: { state: 'RU' },
  statement: 'Rejected the accusation.',
  source: source('Wire Service'),
  respondsTo: 'one-minister-attributes',
};

const challenge: ClaimInput = {
  id: 'one-ministry-challenges',
  said: '2021-04-22',
  speaker: {
    name: 'A Spokesperson',
    organization: 'Foreign Ministry of Russia',
    state: 'RU',
    kind: 'accused-party',
    onRecord: true,
  },
  stance: 'evidence-challenge',
  subject: { state: 'RU' },
  statement: 'Said no evidence was shown.',
  source: source('Other Wire'),
  respondsTo: 'one-minister-attributes',
};

function actors(): ActorInput[] {
  return [
    {
      slug: 'alpha',
      name: 'Alpha Team',
      kind: 'state-linked',
      aliases: [
        { name: 'Shared Name', coinedBy: 'Vendor A' },
        { name: 'Alpha Bear', coinedBy: 'Vendor B', source: { publisher: 'Vendor B blog' } },
      ],
      externalIds: { mitreAttack: 'G9999' },
      description: 'A test group.',
      claims: [alphaSponsor],
    },
    {
      slug: 'beta',
      name: 'Beta Crew',
      kind: 'criminal',
      aliases: [{ name: 'Shared Name', coinedBy: 'Vendor C' }],
      description: 'Another test group.',
    },
  ];
}

function incidents(oneClaims: ClaimInput[] = [attribution, denial, challenge], oneTitle = 'Incident One (2020)') {
  const one: IncidentInput = {
    slug: 'one-2020',
    title: oneTitle,
    period: { start: '2020', end: '2021' },
    disclosed: '2021-04-20',
    victims: [{ name: 'Victim Org', sector: 'energy', country: 'DE' }, { name: 'Second Victim' }],
    summary: 'Something happened to Victim Org.',
    status: [
      { date: '2021-10-01', event: 'charges dropped' },
      { date: '2021-04-20', event: 'case opened', source: { publisher: 'Court' } },
    ],
    related: ['two-2021'],
    claims: oneClaims,
  };
  const two: IncidentInput = {
    slug: 'two-2021',
    title: 'Incident Two (2021)',
    period: { start: '2021' },
    victims: [{ name: 'Other Victim' }],
    summary: 'Something else happened.',
    claims: [
      {
        id: 'two-vendor-attributes',
        said: '2021-05',
        speaker: { organization: 'Some Vendor', kind: 'vendor', onRecord: true },
        stance: 'attributes',
        subject: { actor: 'beta' },
        statement: 'Beta did it.',
        source: { publisher: 'Some Vendor blog' },
      },
    ],
  };
  return [one, two];
}

function writeData(dataDir: string, data: { actors: unknown[]; incidents: unknown[] }): void {
  for (const folder of ['actors', 'incidents'] as const) {
    rmSync(join(dataDir, folder), { recursive: true, force: true });
    mkdirSync(join(dataDir, folder), { recursive: true });
    for (const record of data[folder]) {
      const slug = (record as { slug: string }).slug;
      writeFileSync(join(dataDir, folder, `${slug}.json`), `${JSON.stringify(record, null, 2)}\n`);
    }
  }
}

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'cyberbrief-'));
  const dataDir = join(dir, 'data');
  writeData(dataDir, { actors: actors(), incidents: incidents() });
  const path = join(dir, 'store.sqlite');
  const open = (clock = firstClock) => openStore({ path, dataDir, migrationsDir, clock });
  return { dir, dataDir, path, open };
}

function withStore<T>(store: Store, use: (store: Store) => T): T {
  try {
    return use(store);
  } finally {
    store.close();
  }
}

const countedTables = [
  'sources',
  'actors',
  'actor_aliases',
  'incidents',
  'incident_aliases',
  'victims',
  'status_events',
  'related_incidents',
  'claims',
  'dataset_versions',
  'search_terms',
  'search_term_trigrams',
  'search_names',
  'search_postings',
];

function rowCounts(store: Store): Record<string, number> {
  return Object.fromEntries(
    countedTables.map((t) => [t, store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]),
  );
}

describe('openStore on a small fixture', () => {
  test('GIVEN a fresh path THEN the incident dossier has its claims, responses, victims, status in date order and related incidents', () => {
    const { open } = fixture();
    withStore(open(), (store) => {
      const dossier = store.incidentDossier('one-2020');
      expect(dossier).toBeDefined();
      if (!dossier) return;
      expect(dossier.incident.title).toBe('Incident One (2020)');
      expect(dossier.incident.period).toEqual({ start: '2020', end: '2021' });
      expect(dossier.claims.map((c) => c.id)).toEqual([
        'one-minister-attributes',
        'one-embassy-denies',
        'one-ministry-challenges',
      ]);
      const byId = new Map(dossier.claims.map((c) => [c.id, c]));
      expect(byId.get('one-embassy-denies')?.respondsTo).toBe('one-minister-attributes');
      expect(byId.get('one-ministry-challenges')?.respondsTo).toBe('one-minister-attributes');
      expect(byId.get('one-minister-attributes')?.respondsTo).toBeUndefined();
      const kato = byId.get('one-minister-attributes');
      expect(kato?.confidence).toEqual({ hedge: 'highly likely', level: 'very-likely' });
      expect(kato?.speaker).toEqual({
        name: 'Jane Minister',
        organization: 'Government of Germany',
        state: 'DE',
        kind: 'government',
        onRecord: true,
      });
      expect(kato?.subject).toEqual({ actor: 'alpha', state: 'RU' });
      expect(kato?.subjectActorName).toBe('Alpha Team');
      expect(kato?.source).toEqual({ publisher: 'Daily Paper', date: '2021-04-20', url: 'https://example.org/' });
      expect(kato?.incident).toBe('one-2020');
      expect(kato?.recordedAt).toBe('2026-01-02T03:04:05.000Z');

      expect(dossier.incident.victims).toEqual([
        { name: 'Victim Org', sector: 'energy', country: 'DE' },
        { name: 'Second Victim' },
      ]);
      expect(dossier.incident.status.map((s) => s.date)).toEqual(['2021-04-20', '2021-10-01']);
      expect(dossier.incident.status[0]?.source).toEqual({ publisher: 'Court' });
      expect(dossier.related.map((r) => [r.slug, r.title, r.attribution])).toEqual([
        ['two-2021', 'Incident Two (2021)', 'attributed'],
      ]);
      expect(dossier.related[0]?.blamed).toEqual(['Beta Crew']);
      // Aliases in file order, as the actor profile gives them.
      expect(dossier.actors).toEqual([{ slug: 'alpha', name: 'Alpha Team', aliases: ['Shared Name', 'Alpha Bear'] }]);
      expect(dossier.actorClaims.map((c) => c.id)).toEqual(['alpha-sponsor-ministry']);
      expect(dossier.actorClaims[0]?.incident).toBeUndefined();
    });
  });

  test('GIVEN a fresh path THEN the actor profile lists aliases with who coined them, aliases shared with another actor, and its incidents', () => {
    const { open } = fixture();
    withStore(open(), (store) => {
      const profile = store.actorProfile('alpha');
      expect(profile).toBeDefined();
      if (!profile) return;
      expect(profile.actor.name).toBe('Alpha Team');
      expect(profile.actor.externalIds).toEqual({ mitreAttack: 'G9999' });
      expect(profile.actor.aliases).toEqual([
        { name: 'Shared Name', coinedBy: 'Vendor A' },
        { name: 'Alpha Bear', coinedBy: 'Vendor B', source: { publisher: 'Vendor B blog' } },
      ]);
      expect(profile.sharedAliases).toEqual([{ alias: 'Shared Name', others: ['Beta Crew'] }]);
      expect(profile.incidents.map((i) => i.slug)).toEqual(['one-2020']);
      expect(profile.incidents[0]?.attribution).toBe('contested');
      expect(profile.claims.map((c) => c.id).sort()).toEqual(
        ['alpha-sponsor-ministry', 'one-embassy-denies', 'one-minister-attributes', 'one-ministry-challenges'].sort(),
      );

      const beta = store.actorProfile('beta');
      expect(beta?.sharedAliases).toEqual([{ alias: 'Shared Name', others: ['Alpha Team'] }]);
      expect(beta?.incidents.map((i) => i.slug)).toEqual(['two-2021']);
      expect(store.actorProfile('nobody')).toBeUndefined();
      expect(store.incidentDossier('nothing-here')).toBeUndefined();
    });
  });

  test('GIVEN a second open with unchanged data THEN loadedCuratedData is false and every table keeps the same row count', () => {
    const { open } = fixture();
    const first = withStore(open(), (store) => ({ loaded: store.loadedCuratedData, counts: rowCounts(store) }));
    expect(first.loaded).toBe(true);
    expect(first.counts.claims).toBe(5);
    expect(first.counts.actors).toBe(2);
    expect(first.counts.incidents).toBe(2);
    const second = withStore(open(laterClock), (store) => ({
      loaded: store.loadedCuratedData,
      counts: rowCounts(store),
    }));
    expect(second.loaded).toBe(false);
    expect(second.counts).toEqual(first.counts);
  });

  test('GIVEN a data file changes between opens THEN the store reloads it, the change is visible and rows are not duplicated', () => {
    const { open, dataDir } = fixture();
    const before = withStore(open(), rowCounts);
    writeData(dataDir, { actors: actors(), incidents: incidents(undefined, 'Incident One, renamed') });
    withStore(open(laterClock), (store) => {
      expect(store.loadedCuratedData).toBe(true);
      const dossier = store.incidentDossier('one-2020');
      expect(dossier?.incident.title).toBe('Incident One, renamed');
      // An upsert keeps the time the store first learned of a record.
      expect(dossier?.recordedAt).toBe('2026-01-02T03:04:05.000Z');
      expect(dossier?.claims[0]?.recordedAt).toBe('2026-01-02T03:04:05.000Z');
      const after = rowCounts(store);
      for (const table of ['actors', 'actor_aliases', 'incidents', 'victims', 'status_events', 'claims', 'sources']) {
        expect(after[table], table).toBe(before[table]);
      }
    });
  });

  test('GIVEN a claim removed from the files THEN it disappears from the store on the next open', () => {
    const { open, dataDir } = fixture();
    withStore(open(), (store) => expect(store.incidentDossier('one-2020')?.claims).toHaveLength(3));
    writeData(dataDir, { actors: actors(), incidents: incidents([attribution, denial]) });
    withStore(open(laterClock), (store) => {
      expect(store.loadedCuratedData).toBe(true);
      expect(store.incidentDossier('one-2020')?.claims.map((c) => c.id)).toEqual([
        'one-minister-attributes',
        'one-embassy-denies',
      ]);
      expect(
        store.db.prepare('SELECT count(*) FROM claims WHERE slug = ?').pluck().get('one-ministry-challenges'),
      ).toBe(0);
      expect(store.actorProfile('alpha')?.claims.map((c) => c.id)).not.toContain('one-ministry-challenges');
    });
  });

  test('GIVEN curated data that fails validation THEN openStore throws CuratedDataError and creates no database file', () => {
    const { dataDir, path, open } = fixture();
    const [one, two] = incidents();
    writeData(dataDir, {
      actors: actors(),
      incidents: [{ ...one, claims: [{ ...attribution, stance: 'blames' }] }, two],
    });
    expect(() => open()).toThrow(CuratedDataError);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  test('GIVEN a database from a newer cyberbrief, in rollback-journal mode THEN openStore refuses it with StoreError and leaves the file byte-identical', () => {
    const { path, open } = fixture();
    // As another tool (or an older backup) would leave it: SQLite's default rollback journal, not WAL.
    const foreign = new Database(path);
    foreign.exec('CREATE TABLE future_things (x INTEGER); INSERT INTO future_things VALUES (1);');
    foreign.pragma('user_version = 99');
    foreign.close();
    const hash = () => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = hash();
    expect(() => open()).toThrow(StoreError);
    expect(hash()).toBe(before);
  });

  test('GIVEN a SQLite file of another program (tables, no schema version) THEN openStore refuses it and leaves it byte-identical', () => {
    const { path, open } = fixture();
    const foreign = new Database(path);
    foreign.exec('CREATE TABLE contacts (id INTEGER); INSERT INTO contacts VALUES (1);');
    foreign.close();
    const hash = () => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = hash();
    expect(() => open()).toThrow(/another program/);
    expect(hash()).toBe(before);
  });
});
