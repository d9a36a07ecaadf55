/**
 * Composition root: configuration, store, then the platforms that are configured (Slack, Discord, both), or the
 * local console when none is. SIGTERM and SIGINT stop the platforms and close the database.
 */
import { existsSync } from 'node:fs';
import { commands } from '../commands/index.ts';
import { type Config, loadConfig } from './config.ts';
import { systemClock } from './core/clock.ts';
import { createLogger } from './logger.ts';
import { runConsoleChat } from './platforms/console/console-chat.ts';
import { startDiscord } from './platforms/discord/start-discord.ts';
import type { PlatformDeps, RunningPlatform } from './platforms/platform.ts';
import { startSlack } from './platforms/slack/start-slack.ts';
import { openStore, type Store } from './store/store.ts';

function fail(message: string): never {
  process.stderr.write(`cyberbrief: ${message}\n`);
  process.exit(1);
}

async function startPlatforms(config: Config, deps: PlatformDeps): Promise<RunningPlatform[]> {
  const running: RunningPlatform[] = [];
  try {
    if (config.slack) running.push(await startSlack(config.slack, deps));
    if (config.discord) running.push(await startDiscord(config.discord, deps));
  } catch (error) {
    await Promise.allSettled(running.map((p) => p.stop()));
    throw error;
  }
  return running;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  let store: Store;
  try {
    config = loadConfig(process.env);
    store = openStore({
      path: config.databasePath,
      dataDir: config.dataDir,
      migrationsDir: config.migrationsDir,
      clock: systemClock,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const logger = createLogger(config.logLevel);
  if (store.loadedCuratedData) logger.debug({ database: config.databasePath }, 'store built from the curated data');
  const deps: PlatformDeps = { commands, context: { catalog: store, clock: systemClock, commands }, logger };

  if (!config.slack && !config.discord) {
    const json = process.argv.includes('--json');
    await runConsoleChat({
      input: process.stdin,
      output: process.stdout,
      ...deps,
      json,
      interactive: process.stdin.isTTY === true && !json,
    });
    store.close();
    return;
  }

  let platforms: RunningPlatform[];
  try {
    platforms = await startPlatforms(config, deps);
  } catch (error) {
    store.close();
    fail(`could not start: ${(error as Error).message}`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await Promise.allSettled(platforms.map((p) => p.stop()));
    store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

await main();
