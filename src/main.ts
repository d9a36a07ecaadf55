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
import { loadFeedsFile } from './ingest/feeds-file.ts';
import { createFeedPoller } from './ingest/poller.ts';
import { createLogger, type Logger } from './logger.ts';
import { runConsoleChat } from './platforms/console/console-chat.ts';
import { createConsoleSender } from './platforms/console/console-sender.ts';
import type { PlatformDeps, RunningPlatform } from './platforms/platform.ts';
import { startNewsLoop } from './review/news-loop.ts';
import { createNewsPipeline } from './review/pipeline.ts';
import { createReviewService } from './review/service.ts';
import { type BriefingStore, createBriefingStore } from './store/briefing-store.ts';
import { readGazetteer } from './store/gazetteer-reader.ts';
import { createIngestStore } from './store/ingest-store.ts';
import { createReviewStore } from './store/review-store.ts';
import { openStore, type Store } from './store/store.ts';

function fail(message: string): never {
  process.stderr.write(`cyberbrief: ${message}\n`);
  process.exit(1);
}

async function startPlatforms(config: Config, deps: PlatformDeps): Promise<RunningPlatform[]> {
  const running: RunningPlatform[] = [];
  try {
    // Loaded only when configured: Bolt and discord.js take most of a second to load, which the console never needs.
    if (config.slack) {
      const { startSlack } = await import('./platforms/slack/start-slack.ts');
      running.push(await startSlack(config.slack, deps));
    }
    if (config.discord) {
      const { startDiscord } = await import('./platforms/discord/start-discord.ts');
      running.push(await startDiscord(config.discord, deps));
    }
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
    /** The outbox and its leases; the news loop takes its own lease from the same table. */
    store: briefingStore,
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

/** The review queue and news ingest: the service behind /ingest, /review and /claim, and its background loop. */
const newsLease = 'news-ingest';

function startReview(config: Config, store: Store, logger: Logger, leases: BriefingStore, owner: string) {
  const ingestStore = createIngestStore(store.db);
  // The feeds file is the list of record: feeds that left it stop being polled.
  const feeds = config.review.feedsFile ? loadFeedsFile(config.review.feedsFile) : [];
  ingestStore.syncFeeds(feeds, systemClock.now().toISOString());
  const reviewStore = createReviewStore(store.db);
  const fetch = { allowPrivateNetwork: config.review.allowPrivateNetwork };
  const pipeline = createNewsPipeline({
    readGazetteer: () => readGazetteer(store.db),
    ingestStore,
    reviewStore,
    clock: systemClock,
    logger,
    fetch,
  });
  const service = createReviewService({
    store: reviewStore,
    catalog: store,
    clock: systemClock,
    readPastedText: (text, by) => pipeline.readPastedText(text, by),
    proposeFromSentence: (quote) => pipeline.proposeFromSentence(quote),
  });
  const poller = createFeedPoller({
    ingestStore,
    fetch,
    clock: systemClock,
    logger,
    onArticle: (article) => {
      pipeline.proposeFrom(article);
    },
  });
  return {
    service,
    start: () =>
      startNewsLoop({
        pipeline,
        pollFeeds: feeds.length > 0 ? () => poller.pollDue() : undefined,
        logger,
        // One process at a time reads feeds and queued links; another takes over when its lease lapses.
        mayRun: () => {
          const now = systemClock.now().getTime();
          return leases.holdLease(newsLease, owner, new Date(now).toISOString(), new Date(now + 120_000).toISOString());
        },
      }),
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
  let review: ReturnType<typeof startReview>;
  try {
    review = startReview(config, store, logger, briefings.store, `${process.pid}-${randomUUID()}`);
  } catch (error) {
    store.close();
    fail((error as Error).message);
  }
  const context: CommandContext = {
    catalog: store,
    clock: systemClock,
    commands,
    briefings: briefings.service,
    review: review.service,
  };
  const deps: PlatformDeps = {
    commands,
    context,
    logger,
    reviewers: {
      userIds: config.review.reviewerUserIds,
      ...(config.review.discordReviewerRole ? { discordRole: config.review.discordReviewerRole } : {}),
    },
  };

  if (!config.slack && !config.discord) {
    const json = process.argv.includes('--json');
    const scheduler = briefings.schedule({ console: createConsoleSender(process.stdout, json) });
    const newsLoop = review.start();
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
          // Whoever runs the console runs the store.
          isReviewer: true,
        },
      },
      logger,
      json,
      interactive: process.stdin.isTTY === true && !json,
    });
    await Promise.all([scheduler.stop(), newsLoop.stop()]);
    store.close();
    return;
  }

  let platforms: RunningPlatform[];
  try {
    // Load the search index before the first command can arrive: at a million claims that takes seconds, which a
    // person's first /incident must not wait for (Slack and Discord drop answers after 3 s).
    store.searchIndex.refresh();
    platforms = await startPlatforms(config, deps);
  } catch (error) {
    store.close();
    fail(`could not start: ${(error as Error).message}`);
  }
  const senders = Object.fromEntries(
    platforms.flatMap((p) => (p.briefingSender ? [[p.name, p.briefingSender] as const] : [])),
  );
  const scheduler = briefings.schedule(senders);
  const newsLoop = review.start();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await Promise.all([scheduler.stop(), newsLoop.stop()]);
    await Promise.allSettled(platforms.map((p) => p.stop()));
    store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

await main();
