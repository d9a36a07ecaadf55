/**
 * `npm run export -- stix <incident or actor> [--out FILE] [--schemas DIR]`: writes a STIX 2.1 bundle for an incident
 * or an actor, from the store the bot uses (DATABASE_PATH, DATA_DIR as for `npm start`).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { runExport } from '../export/run-export.ts';
import { openStore, type Store } from '../store/store.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
let store: Store;
try {
  const config = loadConfig(process.env);
  store = openStore({
    path: config.databasePath,
    dataDir: config.dataDir,
    migrationsDir: config.migrationsDir,
    clock: systemClock,
  });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
try {
  process.exitCode = runExport(process.argv.slice(2), {
    catalog: store,
    stdout: (text) => process.stdout.write(text),
    stderr: (line) => console.error(line),
    writeFile: (path, text) => writeFileSync(path, text),
  });
} finally {
  store.close();
}
