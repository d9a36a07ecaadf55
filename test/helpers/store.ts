/** A real store on the real curated data, in memory, with a fixed clock. */
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../../src/core/clock.ts';
import { openStore, type Store } from '../../src/store/store.ts';

export const repositoryDataDir = fileURLToPath(new URL('../../data', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../data/migrations', import.meta.url));

export function openCuratedStore(): Store {
  return openStore({
    path: ':memory:',
    dataDir: repositoryDataDir,
    migrationsDir,
    clock: fixedClock('2026-01-01T00:00:00Z'),
  });
}
