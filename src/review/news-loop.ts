/**
 * The background side of news ingest, one tick at a time: read the links people queued with /ingest, extract from
 * any article a crash left unread, then poll the feeds that are due. croner's `protect` keeps ticks from
 * overlapping, so a slow feed delays the next tick instead of doubling the work.
 */
import { Cron } from 'croner';
import type { Log } from '../core/log.ts';
import type { NewsPipeline } from './pipeline.ts';

export interface NewsLoop {
  /** Runs one tick now (at start-up, and in tests). */
  tickNow(): Promise<void>;
  /** Stops the schedule and waits for a tick in progress. */
  stop(): Promise<void>;
}

export function startNewsLoop(options: {
  pipeline: Pick<NewsPipeline, 'readQueuedLinks' | 'extractPending'>;
  pollFeeds?: () => Promise<unknown>;
  logger: Pick<Log, 'error'>;
  everySeconds?: number;
  /**
   * Whether this process may do the work now: several processes sharing one database take turns through a lease,
   * so a feed is polled and a link read by one of them, not by each. Unset: always.
   */
  mayRun?: () => boolean;
}): NewsLoop {
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    if (options.mayRun && !options.mayRun()) return;
    // Each step on its own: a failing feed poll must not stop queued links from being read, nor the reverse.
    for (const [step, work] of [
      ['links', () => options.pipeline.readQueuedLinks()],
      ['extract', async () => options.pipeline.extractPending()],
      ['feeds', () => options.pollFeeds?.() ?? Promise.resolve()],
    ] as const) {
      try {
        await work();
      } catch (error) {
        options.logger.error({ err: error, step }, 'news ingest step failed');
      }
    }
  };
  const run = () => {
    running = running.then(tick);
    return running;
  };
  const job = new Cron('* * * * * *', { protect: true, interval: options.everySeconds ?? 30, catch: true }, run);
  return {
    tickNow: run,
    async stop() {
      job.stop();
      await running;
    },
  };
}
