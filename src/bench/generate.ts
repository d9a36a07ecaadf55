/**
 * Scale generator for the benchmarks: a deterministic (seeded) synthetic store at sizes S (the curated data as is),
 * M (10k incidents, 5k actors, 100k claims) and L (100k incidents, 20k actors with ~100k aliases, 1M claims).
 *
 * Generated rows are written straight into the tables with prepared statements inside one transaction, bypassing
 * the zod schemas and `writeRecords` (which upserts one record at a time): the values are built valid by
 * construction (slugs, enum values, dates), and the point is a large store fast. The search index is then rebuilt
 * once with the store's own `rebuildSearchIndex`, so search sees exactly what an import would produce.
 * Files live in os.tmpdir(), cached by seed + size + schema version.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../core/clock.ts';
import { readMigrations } from '../store/migrate.ts';
import { rebuildSearchIndex } from '../store/search-index.ts';
import { openStore, type Store } from '../store/store.ts';

export type SizeName = 'S' | 'M' | 'L';

export interface SizeSpec {
  incidents: number;
  actors: number;
  aliasesPerActor: number;
  claims: number;
}

export const sizes: Record<SizeName, SizeSpec | undefined> = {
  S: undefined,
  M: { incidents: 10_000, actors: 5_000, aliasesPerActor: 5, claims: 100_000 },
  L: { incidents: 100_000, actors: 20_000, aliasesPerActor: 5, claims: 1_000_000 },
};

export const repositoryDataDir = fileURLToPath(new URL('../../data', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../data/migrations', import.meta.url));
export const benchClock = fixedClock('2026-01-01T00:00:00.000Z');

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

const syllables =
  'ka ro mi zen tar vel dor shi lun gra bex qui nor ath fel mor pax ryn sol tev ul vox wen yar zin cal dra'.split(' ');
const colours = 'BRONZE IRON COBALT GOLD SILVER NICKEL ZINC COPPER TIN PLATINUM OBSIDIAN JADE'.split(' ');
const animals = ['Panda', 'Bear', 'Kitten', 'Chollima', 'Spider', 'Jackal', 'Tiger', 'Buffalo', 'Leopard', 'Crane'];
const weather = ['Typhoon', 'Sandstorm', 'Blizzard', 'Sleet', 'Tempest', 'Hail', 'Cyclone', 'Dust', 'Flood'];
const adjectives =
  'silent hidden crimson shadow golden frozen lucky wicked rusty velvet hollow quiet bitter ancient rapid lunar solar'.split(
    ' ',
  );
const nouns =
  'falcon harbor lotus dragon needle lantern ember river serpent orchid anchor comet mirror garden vault citadel'.split(
    ' ',
  );
const hanzi = '海莲花龙雨虎云山金银铁青白黑红月星风'.split('');
const hangul = '김수키라자루스안다리엘블루노로프'.split('');
const orgWords =
  'northwind kansai meridian atlas harbor pioneer summit crescent vista aurora granite beacon orion keystone'.split(
    ' ',
  );
const orgKinds = [
  'Energy',
  'Rail',
  'Bank',
  'Telecom',
  'Hospital',
  'University',
  'Ministry',
  'Airlines',
  'Water',
  'Labs',
];
const incidentShapes = ['ransomware attack', 'data breach', 'intrusions', 'wiper attack', 'espionage campaign', 'DDoS'];
const countries = ['JP', 'US', 'DE', 'FR', 'GB', 'KR', 'UA', 'TW', 'IN', 'AU', 'NO', 'PL', 'IL', 'BR', 'CA'];
const accused = ['CN', 'RU', 'KP', 'IR'];
const speakerKinds = ['government', 'vendor', 'researcher', 'media', 'law-enforcement'] as const;
const likelihoods = ['likely', 'very-likely', 'almost-certain', 'roughly-even-chance', 'unassessed'] as const;

function word(rand: Rand, parts: number): string {
  let w = '';
  for (let i = 0; i < parts; i++) w += pick(rand, syllables);
  return w;
}

/** One vendor-style actor name of a random shape. */
function actorName(rand: Rand): string {
  const r = rand();
  if (r < 0.14) return `${pick(rand, colours)} ${word(rand, 2).toUpperCase()}`;
  if (r < 0.3) return `${cap(word(rand, 2))} ${pick(rand, animals)}`;
  if (r < 0.46) return `${cap(word(rand, 2))} ${pick(rand, weather)}`;
  if (r < 0.56) return `TA${int(rand, 100, 999)}`;
  if (r < 0.66) return `UNC${int(rand, 1000, 9999)}`;
  if (r < 0.74) return `Storm-${String(int(rand, 0, 9999)).padStart(4, '0')}`;
  if (r < 0.8) return `APT${int(rand, 1, 99)}`;
  if (r < 0.84) return `${pick(rand, hanzi)}${pick(rand, hanzi)}${pick(rand, hanzi)}`;
  if (r < 0.87) return `${pick(rand, hangul)}${pick(rand, hangul)}${pick(rand, hangul)}`;
  return `${cap(pick(rand, adjectives))} ${cap(pick(rand, nouns))}${rand() < 0.5 ? '' : ` ${cap(word(rand, 1))}`}`;
}

function victimName(rand: Rand): string {
  if (rand() < 0.05) return `${pick(rand, hanzi)}${pick(rand, hanzi)}${pick(rand, orgKinds)}`;
  return `${cap(pick(rand, orgWords))} ${cap(word(rand, 2))} ${pick(rand, orgKinds)}`;
}

export interface GeneratedInfo {
  size: SizeName;
  seed: number;
  path: string;
  cached: boolean;
  generateMs: number;
  indexMs: number;
}

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'x';

/** Fills a freshly opened curated store with the generated records, then rebuilds the search index once. */
function fill(store: Store, spec: SizeSpec, seed: number): { generateMs: number; indexMs: number } {
  const rand = prng(seed);
  const db = store.db;
  const recordedAt = (i: number, n: number) => new Date(Date.UTC(2025, 0, 1) + Math.floor((i / n) * 365 * 86_400_000));
  const t0 = performance.now();
  db.transaction(() => {
    const insertSource = db.prepare('INSERT INTO sources (key, publisher, title, date) VALUES (?, ?, ?, ?)');
    const sourceIds: number[] = [];
    for (let i = 0; i < 500; i++) {
      const publisher = `${cap(word(rand, 2))} ${pick(rand, ['Security', 'Intelligence', 'News', 'Labs', 'CERT'])}`;
      const title = `${cap(pick(rand, adjectives))} ${pick(rand, nouns)} report ${i}`;
      sourceIds.push(Number(insertSource.run(`bench|${i}`, publisher, title, `202${int(rand, 0, 5)}`).lastInsertRowid));
    }
    const insertActor = db.prepare(
      `INSERT INTO actors (slug, name, kind, description, origin, recorded_at) VALUES (?, ?, ?, ?, 'bench', ?)`,
    );
    const insertAlias = db.prepare(
      `INSERT OR IGNORE INTO actor_aliases (actor_id, name, coined_by, origin) VALUES (?, ?, ?, 'import')`,
    );
    const used = new Set<string>();
    const unique = (make: () => string) => {
      for (let tries = 0; ; tries++) {
        const name = tries < 5 ? make() : `${make()} ${tries}`;
        if (!used.has(name.toLowerCase())) {
          used.add(name.toLowerCase());
          return name;
        }
      }
    };
    const actorIds: number[] = [];
    const actorNames: string[] = [];
    for (let i = 0; i < spec.actors; i++) {
      const name = unique(() => actorName(rand));
      const kind = rand() < 0.6 ? 'state-linked' : rand() < 0.7 ? 'criminal' : 'hacktivist';
      const id = Number(
        insertActor.run(
          `bench-actor-${i}-${slugify(name)}`,
          name,
          kind,
          `${name} is a ${kind} group tracked since ${int(rand, 2005, 2024)} targeting ${pick(rand, orgKinds).toLowerCase()}.`,
          recordedAt(i, spec.actors).toISOString(),
        ).lastInsertRowid,
      );
      actorIds.push(id);
      actorNames.push(name);
      const aliasCount = int(rand, 1, spec.aliasesPerActor * 2 - 1);
      for (let a = 0; a < aliasCount; a++) {
        // About 3% of aliases are another actor's name or alias: vendors disagree on who is who.
        const shared = i > 10 && rand() < 0.03;
        const alias = shared ? (actorNames[int(rand, 0, i - 1)] as string) : unique(() => actorName(rand));
        insertAlias.run(id, alias, pick(rand, ['Microsoft', 'CrowdStrike', 'Mandiant', 'Proofpoint', 'Secureworks']));
      }
    }
    const insertIncident = db.prepare(
      `INSERT INTO incidents (slug, title, period_start, period_end, summary, origin, recorded_at)
       VALUES (?, ?, ?, ?, ?, 'bench', ?)`,
    );
    const insertVictim = db.prepare(
      'INSERT INTO victims (incident_id, position, name, sector, country) VALUES (?, ?, ?, ?, ?)',
    );
    const insertClaim = db.prepare(
      `INSERT INTO claims (slug, incident_id, said, speaker_name, speaker_organization, speaker_state, speaker_kind,
         on_record, stance, subject_actor_id, subject_state, statement, hedge, likelihood, source_id, tlp, origin,
         recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?)`,
    );
    const claimsPerIncident = spec.claims / spec.incidents;
    let claimNo = 0;
    for (let i = 0; i < spec.incidents; i++) {
      const victim = victimName(rand);
      const year = int(rand, 2008, 2025);
      const r = rand();
      const title =
        r < 0.4
          ? `${victim} ${pick(rand, incidentShapes)} (${year})`
          : r < 0.7
            ? `Operation ${cap(pick(rand, adjectives))} ${cap(pick(rand, nouns))} ${cap(word(rand, 1))}`
            : `${cap(word(rand, 3))} ${pick(rand, incidentShapes)} against ${victim}`;
      const recorded = recordedAt(i, spec.incidents).toISOString();
      const country = pick(rand, countries);
      const incidentId = Number(
        insertIncident.run(
          `bench-incident-${i}`,
          title,
          `${year}-${String(int(rand, 1, 12)).padStart(2, '0')}`,
          rand() < 0.3 ? `${year + 1}` : null,
          `${victim} reported a ${pick(rand, incidentShapes)} affecting ${pick(rand, orgKinds).toLowerCase()} systems.`,
          recorded,
        ).lastInsertRowid,
      );
      insertVictim.run(incidentId, 0, victim, pick(rand, orgKinds).toLowerCase(), country);
      if (rand() < 0.2) insertVictim.run(incidentId, 1, victimName(rand), null, pick(rand, countries));
      // One to three actors blamed per incident; claims spread over them.
      const blamed = Array.from({ length: int(rand, 1, 3) }, () => pick(rand, actorIds));
      const n = Math.max(1, Math.round(claimsPerIncident * (0.5 + rand())));
      for (let c = 0; c < n && claimNo < spec.claims; c++) {
        const actorIndex = pick(rand, blamed);
        const state = pick(rand, accused);
        const deny = rand() < 0.1;
        const kind = deny ? 'government' : pick(rand, speakerKinds);
        insertClaim.run(
          `bench-claim-${claimNo}`,
          incidentId,
          `${year}-${String(int(rand, 1, 12)).padStart(2, '0')}-${String(int(rand, 1, 28)).padStart(2, '0')}`,
          kind === 'vendor' ? null : `${cap(word(rand, 2))} ${cap(word(rand, 2))}`,
          `${cap(word(rand, 2))} ${kind === 'vendor' ? 'Security' : 'Agency'}`,
          deny ? state : pick(rand, countries),
          kind,
          deny ? 'denies' : rand() < 0.8 ? 'attributes' : 'corroborates',
          actorIndex,
          state,
          deny ? 'The accusation is groundless.' : `The intrusion was carried out by a group linked to ${state}.`,
          deny ? null : pick(rand, ['highly likely', 'likely', 'we assess']),
          deny ? 'unassessed' : pick(rand, likelihoods),
          pick(rand, sourceIds),
          rand() < 0.9 ? 'CLEAR' : 'GREEN',
          new Date(Date.parse(recorded) + int(rand, 0, 86_400_000)).toISOString(),
        );
        claimNo++;
      }
    }
  })();
  const t1 = performance.now();
  db.transaction(() => rebuildSearchIndex(db))();
  const t2 = performance.now();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  return { generateMs: t1 - t0, indexMs: t2 - t1 };
}

export function benchDir(): string {
  const dir = join(tmpdir(), 'cyberbrief-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function openBenchStore(path: string): Store {
  return openStore({ path, dataDir: repositoryDataDir, migrationsDir, clock: benchClock });
}

/**
 * The database file for a size, generated if not cached. S is the curated data as is. The cache key holds the seed,
 * the size and the number of migrations, so a schema change regenerates.
 */
export function generateStore(size: SizeName, seed = 20260101, log: (line: string) => void = () => {}): GeneratedInfo {
  const version = readMigrations(migrationsDir).length;
  const path = join(benchDir(), `store-${size}-seed${seed}-v${version}.sqlite`);
  if (existsSync(path)) return { size, seed, path, cached: true, generateMs: 0, indexMs: 0 };
  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const started = performance.now();
  const store = openBenchStore(partial);
  let timing = { generateMs: performance.now() - started, indexMs: 0 };
  const spec = sizes[size];
  if (spec) {
    log(`generating ${size}: ${spec.incidents} incidents, ${spec.actors} actors, ${spec.claims} claims…`);
    timing = fill(store, spec, seed);
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  renameSync(partial, path);
  return { size, seed, path, cached: false, ...timing };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const size = (process.argv[2] ?? 'M') as SizeName;
  const info = generateStore(size, 20260101, (l) => process.stderr.write(`${l}\n`));
  process.stdout.write(`${JSON.stringify(info)}\n`);
}
