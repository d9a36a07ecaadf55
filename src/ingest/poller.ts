/**
 * Polls the feeds that are due, a few at a time. Each feed is on its own: one that times out, answers 500, serves
 * 50 MB or malformed XML is logged, backs off exponentially, and never holds up the others. What is due and what
 * was already read lives in the database, so a restart or a missed tick changes nothing.
 */
import { Cron } from 'croner';
import type { Clock } from '../core/clock.ts';
import type { Log } from '../core/log.ts';
import type { ArticleRow, FeedRow, IngestStore } from '../store/ingest-store.ts';
import { canonicalUrl } from './canonical-url.ts';
import { type FetchLimits, fetchLimited } from './fetch-limited.ts';
import { type FeedItem, parseFeedItems } from './parse-feed.ts';
import { contentHash, titleFromText } from './plain-text.ts';
import { type ArticlePage, readArticlePage } from './read-article.ts';
import { plainTitle } from './readable-text.ts';

export interface FeedPollerOptions {
  ingestStore: IngestStore;
  /** Limits for feed and article requests (timeout, size cap, private network). */
  fetch?: FetchLimits;
  clock: Clock;
  logger: Log;
  /** Called once for each article stored for the first time (the extractor hook). Errors are logged, not fatal. */
  onArticle?: (article: ArticleRow) => void | Promise<void>;
  /** Feeds polled at once. @default 4 */
  concurrency?: number;
  /** Article pages read per feed per poll; the rest wait for the next poll. @default 30 */
  maxNewItemsPerFeed?: number;
}

export type FeedOutcome = 'updated' | 'not-modified' | 'failed';

export interface PollReport {
  feeds: number;
  updated: number;
  notModified: number;
  failed: number;
  newArticles: number;
}

/** The longest a failing feed waits before it is tried again. */
export const maxBackoffMinutes = 24 * 60;

/** Minutes until a feed that has now failed `consecutiveFailures` times in a row is tried again. */
export function backoffMinutes(everyMinutes: number, consecutiveFailures: number): number {
  return Math.min(everyMinutes * 2 ** consecutiveFailures, maxBackoffMinutes);
}

const feedAccept =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const addMinutes = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();

/** Runs `work` over `items` with at most `limit` in flight. `work` must not reject. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export function createFeedPoller(options: FeedPollerOptions) {
  const { ingestStore, clock, logger } = options;
  const limits = options.fetch ?? {};
  const concurrency = options.concurrency ?? 4;
  const maxNewItems = options.maxNewItemsPerFeed ?? 30;

  async function announce(article: ArticleRow): Promise<void> {
    if (options.onArticle === undefined) return;
    try {
      await options.onArticle(article);
    } catch (error) {
      logger.error({ err: error, articleId: article.id }, 'new-article hook failed');
    }
  }

  /**
   * Reads one new item: its page, else the feed's own text for it. `stored` is false when neither gave any text; the
   * item is then tried again at the next poll.
   */
  async function readItem(feed: FeedRow, item: FeedItem): Promise<{ stored: boolean; isNew: boolean }> {
    let page: ArticlePage | undefined;
    let pageError: unknown;
    try {
      page = await readArticlePage(item.url, limits);
    } catch (error) {
      pageError = error;
    }
    const text = page?.text ?? item.summary;
    if (text === '') {
      logger.warn({ feed: feed.url, item: item.url, error: messageOf(pageError) }, 'feed item unreadable, no summary');
      return { stored: false, isNew: false };
    }
    if (page === undefined) {
      logger.warn(
        { feed: feed.url, item: item.url, error: messageOf(pageError) },
        'article page unreadable, kept summary',
      );
    }
    const { article, isNew } = ingestStore.addArticle({
      canonicalUrl: page?.canonicalUrl ?? canonicalUrl(item.url),
      contentHash: contentHash(text),
      url: item.url,
      title: item.title || plainTitle(page?.title) || titleFromText(text),
      published: item.published ?? page?.published ?? null,
      feedUrl: feed.url,
      origin: 'feed',
      textFrom: page === undefined ? 'feed-summary' : 'page',
      submittedBy: null,
      fetchedAt: clock.now().toISOString(),
      text,
    });
    if (isNew) await announce(article);
    return { stored: true, isNew };
  }

  async function pollFeed(feed: FeedRow): Promise<{ outcome: FeedOutcome; newArticles: number }> {
    try {
      const result = await fetchLimited(
        feed.url,
        { accept: feedAccept, etag: feed.etag, lastModified: feed.lastModified },
        limits,
      );
      if (result.kind === 'not-modified') {
        const now = clock.now();
        ingestStore.recordFeedSuccess(feed.url, {
          checkedAt: now.toISOString(),
          nextCheckAt: addMinutes(now, feed.everyMinutes),
        });
        logger.info({ feed: feed.url }, 'feed not modified');
        return { outcome: 'not-modified', newArticles: 0 };
      }
      const parsed = parseFeedItems(result.body, result.url);
      const unread = parsed.items.filter(
        (item) => ingestStore.knownArticleId({ canonicalUrl: canonicalUrl(item.url), url: item.url }) === undefined,
      );
      const batch = unread.slice(0, maxNewItems);
      let newArticles = 0;
      let unreadable = 0;
      for (const item of batch) {
        const { stored, isNew } = await readItem(feed, item);
        if (!stored) unreadable++;
        if (isNew) newArticles++;
      }
      const now = clock.now();
      // Keep the validators only when every item was dealt with: otherwise a 304 next time would hide the rest.
      const complete = unread.length === batch.length && unreadable === 0;
      ingestStore.recordFeedSuccess(feed.url, {
        checkedAt: now.toISOString(),
        nextCheckAt: addMinutes(now, feed.everyMinutes),
        validators: complete
          ? { etag: result.etag, lastModified: result.lastModified }
          : { etag: null, lastModified: null },
        itemsSeen: parsed.items.length,
      });
      logger.info(
        {
          feed: feed.url,
          items: parsed.items.length,
          newArticles,
          skippedWithoutLink: parsed.skippedWithoutLink,
          deferred: unread.length - batch.length,
          unreadable,
        },
        'feed polled',
      );
      return { outcome: 'updated', newArticles };
    } catch (error) {
      const now = clock.now();
      const failures = feed.consecutiveFailures + 1;
      const nextCheckAt = addMinutes(now, backoffMinutes(feed.everyMinutes, failures));
      const message = messageOf(error);
      const reason = (error as { reason?: string }).reason ?? (error as Error).name;
      try {
        ingestStore.recordFeedFailure(feed.url, { checkedAt: now.toISOString(), nextCheckAt, error: message });
      } catch (storeError) {
        logger.error({ err: storeError, feed: feed.url }, 'could not record feed failure');
      }
      logger.warn({ feed: feed.url, reason, error: message, failures, nextCheckAt }, 'feed poll failed');
      return { outcome: 'failed', newArticles: 0 };
    }
  }

  let inFlight: Promise<PollReport> | undefined;

  async function pollAllDue(): Promise<PollReport> {
    const report: PollReport = { feeds: 0, updated: 0, notModified: 0, failed: 0, newArticles: 0 };
    let due: FeedRow[];
    try {
      due = ingestStore.dueFeeds(clock.now().toISOString());
    } catch (error) {
      logger.error({ err: error }, 'could not read due feeds');
      return report;
    }
    report.feeds = due.length;
    await forEachLimited(due, concurrency, async (feed) => {
      const { outcome, newArticles } = await pollFeed(feed);
      if (outcome === 'updated') report.updated++;
      else if (outcome === 'not-modified') report.notModified++;
      else report.failed++;
      report.newArticles += newArticles;
    });
    return report;
  }

  return {
    /**
     * Polls every due feed. Never rejects: each feed's failure is logged and recorded. A call while a poll is
     * running joins that poll instead of starting a second one.
     */
    pollDue(): Promise<PollReport> {
      inFlight ??= pollAllDue().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    /** Resolves when no poll is running. */
    async idle(): Promise<void> {
      await inFlight;
    },
  };
}

export type FeedPoller = ReturnType<typeof createFeedPoller>;

/**
 * Wakes the poller every `everySeconds` (croner, `protect` so ticks never overlap). Returns a function that stops
 * the schedule and waits for a poll in progress.
 */
export function startFeedPolling(
  poller: Pick<FeedPoller, 'pollDue' | 'idle'>,
  options: { everySeconds?: number } = {},
): () => Promise<void> {
  const everySeconds = Math.max(1, Math.round(options.everySeconds ?? 60));
  const job = new Cron('* * * * * *', { protect: true, interval: everySeconds, catch: true }, async () => {
    await poller.pollDue();
  });
  return async () => {
    job.stop();
    await poller.idle();
  };
}
