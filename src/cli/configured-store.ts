/**
 * The store the bot uses (DATABASE_PATH, DATA_DIR, .env as for `npm start`), opened for a command-line tool. Opening
 * brings the schema up to date and reloads changed curated data, exactly as the bot would on start.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { openStore, type Store } from '../store/store.ts';

export function openConfiguredStore(options: { path?: string } = {}): Store {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  return openStore({
    path: options.path ?? config.databasePath,
    dataDir: config.dataDir,
    migrationsDir: config.migrationsDir,
    clock: systemClock,
  });
}

/** Opens the configured store, lets `use` read it, and closes it whatever happens. */
export function readConfiguredStore<T>(use: (store: Store) => T): T {
  const store = openConfiguredStore();
  try {
    return use(store);
  } finally {
    store.close();
  }
}
