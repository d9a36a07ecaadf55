/** `npm run data:check`: validates the curated files and prints every problem, one line each. */
import { CuratedDataError, loadCuratedData } from '../curated/load-curated.ts';

const dataDir = process.argv[2] ?? 'data';
try {
  const data = loadCuratedData(dataDir);
  const claims = [...data.actors, ...data.incidents].reduce((n, r) => n + r.claims.length, 0);
  console.log(`OK: ${data.incidents.length} incidents, ${data.actors.length} actors, ${claims} claims.`);
} catch (error) {
  if (!(error instanceof CuratedDataError)) throw error;
  for (const p of error.problems) console.error(`${p.file} › ${p.record} › ${p.field}: ${p.message}`);
  process.exitCode = 1;
}
