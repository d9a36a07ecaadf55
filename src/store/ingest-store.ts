/**
 * SQL for news ingest: the polled feeds (validators, schedule, back-off) and the articles read from feeds, links
 * and pasted text. Articles are unique by canonical URL and by content hash; adding one that is already there
 * returns the stored row instead of a second copy.
 */
import type { Db } from './database.ts';

export type ArticleOrigin = 'feed' | 'link' | 'paste';
/** Where an article's text came from: its page, the feed item's own text when the page could not be read, a paste. */
export type ArticleTextFrom = 'page' | 'feed-summary' | 'paste';

export interface FeedRow {
  url: string;
  name: string;
  everyMinutes: number;
  etag: string | null;
  lastModified: string | null;
  lastCheckedAt: string | null;
  nextCheckAt: string;
  consecutiveFailures: number;
  lastError: string | null;
  itemsSeen: number;
}

export interface ArticleRow {
  id: number;
  /** Null for pasted text. */
  canonicalUrl: string | null;
  contentHash: string;
  /** The address as given, before canonicalisation; null for pasted text. */
  url: string | null;
  title: string;
  /** YYYY-MM-DD or null. */
  published: string | null;
  feedUrl: string | null;
  origin: ArticleOrigin;
  textFrom: ArticleTextFrom;
  submittedBy: string | null;
  fetchedAt: string;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  extractedAt: string | null;
}

/** What a caller gives to store an article; the store adds the id and the extraction mark. */
export type NewArticle = Omit<ArticleRow, 'id' | 'extractedAt'>;

/** A feed as configured (see the feeds file). */
export interface ConfiguredFeed {
  url: string;
  name: string;
  everyMinutes: number;
}

const feedColumns = `url, name, every_minutes AS everyMinutes, etag, last_modified AS lastModified,
  last_checked_at AS lastCheckedAt, next_check_at AS nextCheckAt, consecutive_failures AS consecutiveFailures,
  last_error AS lastError, items_seen AS itemsSeen`;

const articleColumns = `id, canonical_url AS canonicalUrl, content_hash AS contentHash, url, title, published,
  feed_url AS feedUrl, origin, text_from AS textFrom, submitted_by AS submittedBy, fetched_at AS fetchedAt, text,
  extracted_at AS extractedAt`;

export function createIngestStore(db: Db) {
  const s = {
    upsertFeed: db.prepare(
      `INSERT INTO feeds (url, name, every_minutes, next_check_at) VALUES (@url, @name, @everyMinutes, @now)
       ON CONFLICT (url) DO UPDATE SET name = excluded.name, every_minutes = excluded.every_minutes`,
    ),
    removeUnlisted: db.prepare('DELETE FROM feeds WHERE url NOT IN (SELECT value FROM json_each(?))'),
    feed: db.prepare(`SELECT ${feedColumns} FROM feeds WHERE url = ?`),
    allFeeds: db.prepare(`SELECT ${feedColumns} FROM feeds ORDER BY url`),
    dueFeeds: db.prepare(
      `SELECT ${feedColumns} FROM feeds WHERE next_check_at <= ? ORDER BY next_check_at, url LIMIT ?`,
    ),
    feedSuccess: db.prepare(
      `UPDATE feeds SET last_checked_at = @checkedAt, next_check_at = @nextCheckAt, consecutive_failures = 0,
         last_error = NULL,
         etag = CASE WHEN @keepValidators THEN etag ELSE @etag END,
         last_modified = CASE WHEN @keepValidators THEN last_modified ELSE @lastModified END,
         items_seen = coalesce(@itemsSeen, items_seen)
       WHERE url = @url`,
    ),
    feedFailure: db.prepare(
      `UPDATE feeds SET last_checked_at = @checkedAt, next_check_at = @nextCheckAt,
         consecutive_failures = consecutive_failures + 1, last_error = @error
       WHERE url = @url`,
    ),
    existingArticle: db.prepare(
      `SELECT ${articleColumns} FROM articles WHERE canonical_url = @canonicalUrl OR content_hash = @contentHash
       ORDER BY id LIMIT 1`,
    ),
    insertArticle: db.prepare(
      `INSERT INTO articles (canonical_url, content_hash, url, title, published, feed_url, origin, text_from,
         submitted_by, fetched_at, text)
       VALUES (@canonicalUrl, @contentHash, @url, @title, @published, @feedUrl, @origin, @textFrom, @submittedBy,
         @fetchedAt, @text)
       RETURNING id`,
    ),
    knownUrl: db
      .prepare('SELECT id FROM articles WHERE canonical_url = @canonicalUrl OR url = @url ORDER BY id LIMIT 1')
      .pluck(),
    article: db.prepare(`SELECT ${articleColumns} FROM articles WHERE id = ?`),
    toExtract: db.prepare(`SELECT ${articleColumns} FROM articles WHERE extracted_at IS NULL ORDER BY id LIMIT ?`),
    markExtracted: db.prepare('UPDATE articles SET extracted_at = ? WHERE id = ?'),
  };

  return {
    /**
     * Makes the feeds table match the feeds file: new feeds are due at once, changed names and intervals are
     * updated, feeds no longer listed are dropped (their articles stay).
     */
    syncFeeds(feeds: readonly ConfiguredFeed[], now: string): void {
      db.transaction(() => {
        for (const feed of feeds) s.upsertFeed.run({ ...feed, now });
        s.removeUnlisted.run(JSON.stringify(feeds.map((feed) => feed.url)));
      }).immediate();
    },
    feed: (url: string) => s.feed.get(url) as FeedRow | undefined,
    allFeeds: () => s.allFeeds.all() as FeedRow[],
    /** Feeds whose next check is at or before `now`, longest waiting first. */
    dueFeeds: (now: string, limit = 100) => s.dueFeeds.all(now, limit) as FeedRow[],

    /**
     * Records a successful check. Without `validators` (a 304) the stored ETag and Last-Modified are kept; without
     * `itemsSeen` so is the item count.
     */
    recordFeedSuccess(
      url: string,
      result: {
        checkedAt: string;
        nextCheckAt: string;
        validators?: { etag: string | null; lastModified: string | null };
        itemsSeen?: number;
      },
    ): void {
      s.feedSuccess.run({
        url,
        checkedAt: result.checkedAt,
        nextCheckAt: result.nextCheckAt,
        keepValidators: result.validators === undefined ? 1 : 0,
        etag: result.validators?.etag ?? null,
        lastModified: result.validators?.lastModified ?? null,
        itemsSeen: result.itemsSeen ?? null,
      });
    },

    /** Records a failed check: one more consecutive failure, the error, and when to try again. */
    recordFeedFailure(url: string, result: { checkedAt: string; nextCheckAt: string; error: string }): void {
      s.feedFailure.run({ url, ...result });
    },

    /**
     * Stores an article unless one with the same canonical URL or the same text is already there, in which case
     * that one is returned with `isNew: false`.
     */
    addArticle(input: NewArticle): { article: ArticleRow; isNew: boolean } {
      return db
        .transaction(() => {
          const existing = s.existingArticle.get(input) as ArticleRow | undefined;
          if (existing !== undefined) return { article: existing, isNew: false };
          const { id } = s.insertArticle.get(input) as { id: number };
          return { article: s.article.get(id) as ArticleRow, isNew: true };
        })
        .immediate();
    },

    /** The id of an article already read from this address (canonical or as given), so its page is not fetched again. */
    knownArticleId: (address: { canonicalUrl: string | null; url: string }) =>
      s.knownUrl.get(address) as number | undefined,

    article: (id: number) => s.article.get(id) as ArticleRow | undefined,
    /** Articles the extractor has not read yet, oldest first. */
    articlesToExtract: (limit: number) => s.toExtract.all(limit) as ArticleRow[],
    markExtracted: (id: number, at: string): boolean => s.markExtracted.run(at, id).changes === 1,
    /**
     * Runs `record` (which stores what was extracted from the article) and marks the article extracted, in one
     * transaction: a crash between the two re-reads the article rather than losing its candidates.
     */
    recordExtraction<T>(id: number, at: string, record: () => T): T {
      return db.transaction(() => {
        const result = record();
        s.markExtracted.run(at, id);
        return result;
      })();
    },
  };
}

export type IngestStore = ReturnType<typeof createIngestStore>;
