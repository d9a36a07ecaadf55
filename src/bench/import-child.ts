/**
 * Child process of the benchmark: imports the ATT&CK bundle, the MISP threat-actor galaxy and the EuRepoC files
 * from ../shared/datasets into a fresh store in the temp dir (the curated data first, as at any start), and prints
 * one JSON line with the time of each file. Like `npm run import`, it defers the search index to one rebuild at the end. Peak RSS is reported by rss-probe.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFile } from '../import/run-import.ts';
import { refreshSearchIndexIfStale } from '../store/search-index.ts';
import { openBenchStore } from './generate.ts';

const dataset = (path: string) => fileURLToPath(new URL(`../../../shared/datasets/${path}`, import.meta.url));

export const importFiles = [
  dataset('mitre-cti/enterprise-attack/enterprise-attack-intrusion-sets-campaigns-relationships.json'),
  dataset('misp-galaxy/clusters/threat-actor.json'),
  dataset('eurepoc/data/EuRepoC_Global_Database_1.1.csv'),
  dataset('eurepoc/data/EuRepoC_Attribution_dataset_1.1.csv'),
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const present = importFiles.filter((f) => existsSync(f));
  const dir = mkdtempSync(join(tmpdir(), 'cyberbrief-bench-import-'));
  try {
    const store = openBenchStore(join(dir, 'store.sqlite'));
    const files: Array<{ file: string; ms: number }> = [];
    const start = performance.now();
    for (const file of present) {
      const t = performance.now();
      // As `npm run import` does: the search index is rebuilt once, after the last file.
      importFile(store.db, file, { now: '2026-01-01T00:00:00.000Z', deferSearchIndex: true });
      files.push({ file: file.split('/').slice(-1)[0] ?? file, ms: performance.now() - t });
    }
    const t = performance.now();
    refreshSearchIndexIfStale(store.db);
    files.push({ file: 'search index rebuild', ms: performance.now() - t });
    const totalMs = performance.now() - start;
    store.close();
    process.stdout.write(`${JSON.stringify({ totalMs, files, missing: importFiles.length - present.length })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
