/**
 * `npm run export -- stix <incident or actor> [--out FILE] [--schemas DIR]`: writes a STIX 2.1 bundle for an incident
 * or an actor, from the store the bot uses (DATABASE_PATH, DATA_DIR as for `npm start`).
 */
import { writeFileSync } from 'node:fs';
import { runExport } from '../export/run-export.ts';
import type { Store } from '../store/store.ts';
import { openConfiguredStore } from './configured-store.ts';

let store: Store;
try {
  store = openConfiguredStore();
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
