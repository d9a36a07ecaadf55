/**
 * Runs the briefing engine on a croner schedule. croner only wakes the engine; which slots are due, and what was
 * already sent, lives in the database, so a restart, a missed tick or a second process changes nothing.
 */
import { Cron } from 'croner';
import type { Log } from '../core/log.ts';
import type { BriefingEngine } from './engine.ts';

export interface SchedulerOptions {
  /** Six-field cron pattern for ticks. @default every 15 seconds */
  pattern?: string;
}

export interface RunningScheduler {
  /** Stops ticking, waits for a tick in progress, and gives up the sender lease. */
  stop(): Promise<void>;
  /** Runs one tick now (used at start-up, so a catch-up does not wait for the first tick). */
  tickNow(): Promise<void>;
}

export function startBriefingScheduler(
  engine: BriefingEngine,
  logger: Log,
  options: SchedulerOptions = {},
): RunningScheduler {
  // One tick at a time in this process, whether croner or start-up asked for it.
  let inFlight: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    inFlight ??= engine
      .tick()
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'briefing tick failed'),
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  // protect: a slow tick (rate limits, a platform outage) is never overlapped by the next one.
  const job = new Cron(options.pattern ?? '*/15 * * * * *', { name: 'briefings', protect: true }, tick);
  return {
    async stop() {
      job.stop();
      await inFlight;
      engine.release();
    },
    tickNow: tick,
  };
}
