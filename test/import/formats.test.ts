/** Our own format, the OASIS examples, the round-trip hook for cyberbrief-made bundles, and the command line. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { incidentToStix } from '../../src/export/stix.ts';
import { importFile } from '../../src/import/run-import.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';
import { clock, files, now, openFileStore, run, tempDir } from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('other formats into one store', () => {
  let dir: string;
  let store: Store;
  beforeAll(() => {
    dir = tempDir();
    store = openFileStore(join(dir, 'store.sqlite'));
  }, 60_000);
  afterAll(() => store?.close());

  test('GIVEN our own format with a new actor, an incident and a record using a curated slug THEN the new ones arrive and the curated one is untouched', () => {
    const path = join(dir, 'ours.json');
    const curatedTitle = store.incidentDossier('jaxa-2016-tick')?.incident.title;
    writeFileSync(
      path,
      JSON.stringify({
        actors: [
          {
            slug: 'example-crew',
            name: 'Example Crew',
            kind: 'criminal',
            aliases: [{ name: 'EXAMPLE SPIDER', coinedBy: 'Example Vendor' }],
            description: 'A group made up for this test.',
          },
        ],
        incidents: [
          {
            slug: 'example-breach-2025',
            title: 'Example breach (2025)',
            period: { start: '2025-03' },
            victims: [{ name: 'Example Ltd', country: 'GB' }],
            summary: 'An incident made up for this test.',
            claims: [
              {
                id: 'example-breach-vendor',
                said: '2025-04-01',
                speaker: { organization: 'Example Vendor', kind: 'vendor', onRecord: true },
                stance: 'attributes',
                subject: { actor: 'example-crew' },
                statement: 'Example Vendor attributes the breach to Example Crew.',
                confidence: { hedge: 'likely' },
                source: { publisher: 'Example Vendor blog', date: '2025-04-01' },
              },
            ],
          },
          {
            slug: 'jaxa-2016-tick',
            title: 'Not the curated title',
            period: { start: '2016' },
            victims: [{ name: 'Someone' }],
            summary: 'Must not replace the curated incident.',
          },
        ],
      }),
    );
    const { outcome } = importFile(store.db, path, { now });
    expect(outcome.counts.get('actors')?.added).toBe(1);
    expect(outcome.counts.get('incidents')).toMatchObject({ added: 1, skipped: 1 });
    expect(outcome.conflicts.some((c) => c.kind === 'slug-taken' && c.message.includes('jaxa-2016-tick'))).toBe(true);
    expect(store.incidentDossier('jaxa-2016-tick')?.incident.title).toBe(curatedTitle);
    const card = run(store, '/actor example spider').card;
    expect(card.title).toBe('Example Crew');
    expect(store.incidentDossier('example-breach-2025')?.claims[0]?.confidence.level).toBe('likely');
  });

  test('GIVEN our own format with a field the curated schema forbids THEN it is refused as strictly as a curated file', () => {
    const path = join(dir, 'strict.json');
    writeFileSync(
      path,
      JSON.stringify([{ slug: 'bad-actor', name: 'Bad', kind: 'state-linked', description: 'x', colour: 'red' }]),
    );
    expect(() => importFile(store.db, path, { now })).toThrow(
      /strict\.json › object #0 \(bad-actor\) › \(record\): Unrecognized key/,
    );
  });

  test('GIVEN the OASIS APT1 example THEN its intrusion-set, threat-actors and attributed-to links arrive, and the copy-paste aliases are flagged', () => {
    const { outcome } = importFile(store.db, files.oasisApt1, { now });
    expect(outcome.counts.get('actors')?.added).toBeGreaterThanOrEqual(5);
    expect(outcome.counts.get('claims')?.added).toBe(7);
    expect(outcome.conflicts.some((c) => c.kind === 'ambiguous-alias' && /Rodney/i.test(c.message))).toBe(true);
    expect(run(store, '/actor comment crew').card.title).toBe('APT1');
  });

  test('GIVEN a bundle that claims to be cyberbrief’s but lacks its producer THEN it stops with one clear line', () => {
    const path = join(dir, 'fake-ours-stix.json');
    writeFileSync(
      path,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--6f1b1c1e-0000-4000-8000-000000000001',
        objects: [{ type: 'note', id: 'note--6f1b1c1e-0000-4000-8000-000000000002', x_cyberbrief_claim_id: 'x' }],
      }),
    );
    expect(() => importFile(store.db, path, { now })).toThrow(/lacks its producer identity/);
  });

  test('GIVEN a bundle cyberbrief exported THEN importing it into an empty store gives back the same claims', () => {
    const source = openFileStore(join(tempDir(), 'source.sqlite'));
    const dossier = source.incidentDossier('jaxa-2016-tick');
    if (!dossier) throw new Error('curated JAXA incident missing');
    const path = join(dir, 'jaxa-2016-tick.stix.json');
    writeFileSync(path, JSON.stringify(incidentToStix(dossier, source)));
    const emptyData = join(tempDir(), 'data');
    mkdirSync(emptyData);
    const target = openStore({ path: join(tempDir(), 'target.sqlite'), dataDir: emptyData, migrationsDir, clock });
    try {
      importFile(target.db, path, { now });
      const comparable = (claims: NonNullable<typeof dossier>['claims']) =>
        claims.map(({ recordedAt: _recordedAt, ...claim }) => claim).sort((a, b) => a.id.localeCompare(b.id));
      expect(comparable(target.incidentDossier('jaxa-2016-tick')?.claims ?? [])).toEqual(comparable(dossier.claims));
    } finally {
      target.close();
      source.close();
    }
  });
});

describe('curated data and imports side by side', () => {
  test('GIVEN an import added names to a curated actor WHEN the curated files change and reload THEN the imported names stay and curated ones are as written', () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    cpSync(repositoryDataDir, dataDir, {
      recursive: true,
      filter: (src) => !src.endsWith('.sqlite') && !src.includes('.sqlite-'),
    });
    const path = join(dir, 'store.sqlite');
    const open = () => openStore({ path, dataDir, migrationsDir, clock });
    let store = open();
    const extra = join(dir, 'tick-extra.json');
    writeFileSync(
      extra,
      JSON.stringify({
        slug: 'tick-names',
        name: 'Tick',
        kind: 'state-linked',
        description: 'Names for Tick from another file.',
        aliases: [{ name: 'Example Tick Name', coinedBy: 'Example Vendor' }],
        externalIds: { mitreAttack: 'G0060' },
      }),
    );
    importFile(store.db, extra, { now });
    expect(run(store, '/actor example tick name').card.title).toBe('Tick');
    store.close();
    const tickFile = join(dataDir, 'actors', 'tick.json');
    const tick = JSON.parse(readFileSync(tickFile, 'utf8')) as { description: string };
    tick.description = `${tick.description} (edited)`;
    writeFileSync(tickFile, JSON.stringify(tick));
    store = open();
    expect(store.loadedCuratedData).toBe(true);
    const profile = store.actorProfile('tick');
    expect(profile?.actor.description.endsWith('(edited)')).toBe(true);
    expect(profile?.actor.aliases.map((a) => a.name)).toContain('Example Tick Name');
    expect(profile?.actor.aliases.find((a) => a.name === 'BRONZE BUTLER')?.coinedBy).toBe('Secureworks');
    store.close();
  });
});

describe('npm run import', () => {
  test('GIVEN two files and no terminal THEN no progress bar, a summary table with the time, and a bad file stops with one line', () => {
    const dir = tempDir();
    const db = join(dir, 'cli.sqlite');
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, ['src/cli/import.ts', '--db', db, files.misp, files.attackIcs21], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: '' },
      timeout: 120_000,
    });
    expect(ok.status).toBe(0);
    expect(ok.stderr.includes(String.fromCharCode(27))).toBe(false);
    expect(ok.stderr).not.toMatch(/█|░/);
    expect(ok.stdout).toMatch(/^Imported 2 files into .* in \d+\.\d\d s/);
    expect(ok.stdout).toMatch(/type\s+added\s+updated\s+unchanged\s+skipped/);
    expect(ok.stdout).toMatch(/Ambiguous aliases/);
    // ICS is imported before MISP: what others refer to comes first.
    expect(ok.stdout.indexOf('ics-attack.json')).toBeLessThan(ok.stdout.indexOf('threat-actor.json'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(files.attackTick, 'utf8').slice(0, 200));
    const bad = spawnSync(tsx, ['src/cli/import.ts', '--db', db, broken], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: '' },
      timeout: 60_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^Import stopped: .*broken\.json › \(file\) › \(json\): not valid JSON/);
  }, 180_000);
});
