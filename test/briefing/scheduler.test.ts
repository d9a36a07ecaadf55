import { describe, expect, test } from 'vitest';
import type { BriefingEngine, TickReport } from '../../src/briefing/engine.ts';
import { startBriefingScheduler } from '../../src/briefing/scheduler.ts';

function countingEngine(tickMs: number) {
  const state = { ticks: 0, concurrent: 0, maxConcurrent: 0, released: false };
  const report: TickReport = { leader: true, enqueued: 0, delivered: 0, retrying: 0, failed: 0 };
  const engine: BriefingEngine = {
    async tick() {
      state.ticks++;
      state.concurrent++;
      state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
      await new Promise((resolve) => setTimeout(resolve, tickMs));
      state.concurrent--;
      return report;
    },
    release() {
      state.released = true;
    },
  };
  return { engine, state };
}

const logger = { info() {}, warn() {}, error() {} };

describe('startBriefingScheduler', () => {
  test('GIVEN ticks slower than the schedule THEN they never overlap, and stop waits for the running one', async () => {
    const { engine, state } = countingEngine(1_300);
    const scheduler = startBriefingScheduler(engine, logger, { pattern: '* * * * * *' });
    await scheduler.tickNow();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await scheduler.stop();
    expect(state.ticks).toBeGreaterThanOrEqual(1);
    expect(state.maxConcurrent).toBe(1);
    expect(state.concurrent).toBe(0);
    expect(state.released).toBe(true);
  });
});
