/**
 * The whole review side on a real SQLite file, for end-to-end tests through the platform fakes: the store, the news
 * pipeline (ingest + extraction), the review service, the briefing service, and an engine that posts briefings
 * through whatever sender the platform adapter provides. Time is a hand-moved clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../commands/index.ts';
import { createBriefingEngine } from '../../src/briefing/engine.ts';
import type { BriefingSender } from '../../src/briefing/sender.ts';
import { createBriefingService } from '../../src/briefing/service.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { createNewsPipeline } from '../../src/review/pipeline.ts';
import { createReviewService } from '../../src/review/service.ts';
import { createBriefingStore } from '../../src/store/briefing-store.ts';
import { readGazetteer } from '../../src/store/gazetteer-reader.ts';
import { createIngestStore } from '../../src/store/ingest-store.ts';
import { createReviewStore } from '../../src/store/review-store.ts';
import { openStore } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';

/**
 * An invented news item about a curated incident (JAXA 2016, group Tick), written for these tests: one attribution
 * and one denial, in the plain wording of wire copy. It names no real official and quotes no real statement.
 */
export const pastedArticle = [
  'URL: https://news.example/jaxa-tick-update',
  'DATE: 2026-11-25',
  '',
  'Japan’s National Police Agency said on Wednesday that the hacking group Tick was behind the intrusions at JAXA.',
  '',
  'China’s Foreign Ministry denied that Tick had carried out the intrusions at JAXA.',
].join('\n');

export class MovableClock implements Clock {
  private instant: number;
  constructor(instant: number) {
    this.instant = instant;
  }
  now(): Date {
    return new Date(this.instant);
  }
  set(iso: string): void {
    this.instant = Date.parse(iso);
  }
}

const quietLogger = { info() {}, warn() {}, error() {} };

export function createReviewWorld(startIso: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cyberbrief-review-'));
  const clock = new MovableClock(Date.parse(startIso));
  const store = openStore({ path: join(dir, 'store.sqlite'), dataDir: repositoryDataDir, migrationsDir, clock });
  const reviewStore = createReviewStore(store.db);
  const ingestStore = createIngestStore(store.db);
  const pipeline = createNewsPipeline({
    readGazetteer: () => readGazetteer(store.db),
    ingestStore,
    reviewStore,
    clock,
    logger: quietLogger,
  });
  const review = createReviewService({
    store: reviewStore,
    catalog: store,
    clock,
    readPastedText: (text, by) => pipeline.readPastedText(text, by),
    proposeFromSentence: (quote) => pipeline.proposeFromSentence(quote),
  });
  const briefingStore = createBriefingStore(store.db);
  const briefings = createBriefingService({ store: briefingStore, catalog: store, clock });
  const context: CommandContext = { catalog: store, clock, commands, briefings: briefings.service, review };
  return {
    clock,
    store,
    reviewStore,
    context,
    commands,
    /** A briefing engine sending through `sender` for `platform`. */
    engine(platform: 'slack' | 'discord', sender: BriefingSender) {
      return createBriefingEngine({
        store: briefingStore,
        clock,
        senders: { [platform]: sender },
        cardFor: (subscription, delivery) => briefings.deliveryCard(subscription, delivery),
        owner: `test-${platform}`,
        logger: quietLogger,
      });
    },
    /** The pending candidate with this stance, as the extractor proposed it from `pastedArticle`. */
    pendingWith(stance: string) {
      const found = reviewStore.pending(50, 0).find((c) => c.stance === stance);
      if (!found)
        throw new Error(`no pending ${stance} candidate; pending: ${JSON.stringify(reviewStore.pending(50, 0))}`);
      return found;
    },
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ReviewWorld = ReturnType<typeof createReviewWorld>;
