/**
 * Composition root: configuration, store, then the platforms that are configured (Slack, Discord, both), or the
 * local console when none is; the daily-briefing scheduler runs alongside either. SIGTERM and SIGINT stop the
 * scheduler and the platforms and close the database.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { commands } from '../commands/index.ts';
import { createBriefingEngine } from './briefing/engine.ts';
import { startBriefingScheduler } from './briefing/scheduler.ts';
import type { BriefingSender } from './briefing/sender.ts';
import { createBriefingService } from './briefing/service.ts';
import { type Config, loadConfig } from './config.ts';
import { systemClock } from './core/clock.ts';
import type { CommandContext } from './core/command.ts';
import { createLogger, type Logger } from './logger.ts';
import { runConsoleChat } from './platforms/console/console-chat.ts';
import { createConsoleSender } from './platforms/console/console-sender.ts';
import { startDiscord } from './platforms/discord/start-discord.ts';
import type { PlatformDeps, RunningPlatform } from './platforms/platform.ts';
import { startSlack } from './platforms/slack/start-slack.ts';
import { createBriefingStore } from './store/briefing-store.ts';
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

/** Wires the briefing service into the command context and starts the scheduler for the given senders. */
function startBriefings(store: Store, logger: Logger) {
  const briefingStore = createBriefingStore(store.db);
  const { service, deliveryCard } = createBriefingService({ store: briefingStore, catalog: store, clock: systemClock });
  return {
    service,
    schedule(senders: Partial<Record<'slack' | 'discord' | 'console', BriefingSender>>) {
      const engine = createBriefingEngine({
        store: briefingStore,
        clock: systemClock,
        senders,
        cardFor: (subscription, delivery) => deliveryCard(subscription, delivery),
        owner: `${process.pid}-${randomUUID()}`,
        logger,
      });
      const scheduler = startBriefingScheduler(engine, logger);
      // Catch up at once on what came due while the bot was down, rather than at the first tick.
      void scheduler.tickNow();
      return scheduler;
    },
  };
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
  const briefings = startBriefings(store, logger);
  const context: CommandContext = { catalog: store, clock: systemClock, commands, briefings: briefings.service };
  const deps: PlatformDeps = { commands, context, logger };

  if (!config.slack && !config.discord) {
    const json = process.argv.includes('--json');
    const scheduler = briefings.schedule({ console: createConsoleSender(process.stdout, json) });
    await runConsoleChat({
      input: process.stdin,
      output: process.stdout,
      commands,
      context: {
        ...context,
        invoker: {
          platform: 'console',
          workspaceId: '',
          channelId: 'console',
          userId: 'local',
          canManageChannel: true,
        },
      },
      logger,
      json,
      interactive: process.stdin.isTTY === true && !json,
    });
    await scheduler.stop();
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
  const senders = Object.fromEntries(
    platforms.flatMap((p) => (p.briefingSender ? [[p.name, p.briefingSender] as const] : [])),
  );
  const scheduler = briefings.schedule(senders);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await scheduler.stop();
    await Promise.allSettled(platforms.map((p) => p.stop()));
    store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

await main();
