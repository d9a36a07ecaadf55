/** Shared by the import tests: the real dataset files, a store in a temp file, and a fingerprint of its content. */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { commands } from '../../commands/index.ts';
import type { Card } from '../../src/core/card.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { runCommandLine } from '../../src/core/run-text.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';

/** A file under `../shared/datasets/` (read in place; nothing is copied into the repository). */
export const dataset = (path: string) => fileURLToPath(new URL(`../../../shared/datasets/${path}`, import.meta.url));

export const files = {
  attack: dataset('mitre-cti/enterprise-attack/enterprise-attack-intrusion-sets-campaigns-relationships.json'),
  attackTick: dataset(
    'mitre-cti/enterprise-attack/intrusion-set/intrusion-set--93f52415-0fe4-4d3d-896c-fc9b8e88ab90.json',
  ),
  attackIcs21: dataset('mitre-attack-stix-data/ics-attack/ics-attack.json'),
  attackIcs20: dataset('mitre-cti/ics-attack/ics-attack.json'),
  misp: dataset('misp-galaxy/clusters/threat-actor.json'),
  eurepocIncidents: dataset('eurepoc/data/EuRepoC_Global_Database_1.1.csv'),
  eurepocAttributions: dataset('eurepoc/data/EuRepoC_Attribution_dataset_1.1.csv'),
  eurepocReceivers: dataset('eurepoc/data/EuRepoC_Receiver_dataset_1.1.csv'),
  cfr2021: dataset('cfr-cyber-operations-tracker/jenniblan-jsis480/cyber-operations-incidents.csv'),
  cfr2023: dataset(
    'cfr-cyber-operations-tracker/justin-2028-state-sponsored-cyber-operations/cyber-operations-incidents.csv',
  ),
  oasisApt1: dataset('oasis-cti-documentation/examples/example_json/apt1.json'),
};

export const clock = fixedClock('2026-02-01T00:00:00.000Z');
export const now = clock.now().toISOString();

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cyberbrief-import-'));
}

/** The store on the real curated data, in a new SQLite file. */
export function openFileStore(path: string): Store {
  return openStore({ path, dataDir: repositoryDataDir, migrationsDir, clock });
}

/** Runs a command as a person types it, through the real registry and store. */
export function run(store: Store, line: string): { kind: string; card: Card } {
  return runCommandLine(line, commands, { catalog: store, clock, commands }, { error: () => {} });
}

/** Row counts of every table and a hash of every row, in a stable order: equal means the content is equal. */
export function fingerprint(path: string): { counts: Record<string, number>; hash: string } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const hash = createHash('sha256');
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][];
      const lines = rows.map((r) => JSON.stringify(r)).sort();
      counts[table] = lines.length;
      hash.update(table).update('\0');
      for (const line of lines) hash.update(line).update('\n');
    }
    return { counts, hash: hash.digest('hex') };
  } finally {
    db.close();
  }
}
