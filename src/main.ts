/** Composition root: configuration, store, then the console (platform adapters join here in later issues). */
import { existsSync } from 'node:fs';
import pino from 'pino';
import { commands } from '../commands/index.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './core/clock.ts';
import { runConsoleChat } from './platforms/console/console-chat.ts';
import { openStore } from './store/store.ts';

function fail(message: string): never {
  process.stderr.write(`cyberbrief: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: ReturnType<typeof loadConfig>;
  let store: ReturnType<typeof openStore>;
  try {
    config = loadConfig(process.env);
    store = openStore({
      path: config.DATABASE_PATH,
      dataDir: config.DATA_DIR,
      migrationsDir: config.migrationsDir,
      clock: systemClock,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  // Logs go to standard error so that replies on standard output stay clean for scripts.
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination({ fd: 2, sync: true }));
  if (store.loadedCuratedData) logger.debug({ database: config.DATABASE_PATH }, 'store built from the curated data');

  const json = process.argv.includes('--json');
  await runConsoleChat({
    input: process.stdin,
    output: process.stdout,
    commands,
    context: { catalog: store, clock: systemClock, commands },
    logger,
    json,
    interactive: process.stdin.isTTY === true && !json,
  });
  store.close();
}

await main();
