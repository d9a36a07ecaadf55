import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { createIngestStore, type IngestStore, type NewArticle } from '../../src/store/ingest-store.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';

const now = '2026-03-06T12:00:00.000Z';
let dir: string;
let store: Store;
let ingest: IngestStore;

function open(): void {
  store = openStore({
    path: join(dir, 'ingest.sqlite'),
    dataDir: repositoryDataDir,
    migrationsDir,
    clock: fixedClock(now),
  });
  ingest = createIngestStore(store.db);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cyberbrief-ingest-store-'));
  open();
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function article(overrides: Partial<NewArticle> = {}): NewArticle {
  return {
    canonicalUrl: 'https://news.example/a',
    contentHash: 'hash-a',
    url: 'https://news.example/a?utm_source=x',
    title: 'A',
    published: '2026-03-05',
    feedUrl: 'https://news.example/feed',
    origin: 'feed',
    textFrom: 'page',
    submittedBy: null,
    fetchedAt: now,
    text: 'Text of A.',
    ...overrides,
  };
}

const feedA = { url: 'https://a.example/feed', name: 'A', everyMinutes: 30 };
const feedB = { url: 'https://b.example/feed', name: 'B', everyMinutes: 60 };

describe('feeds', () => {
  test('GIVEN the feeds file THEN new feeds are due at once, changes are applied and unlisted feeds dropped', () => {
    ingest.syncFeeds([feedA, feedB], now);
    expect(ingest.dueFeeds(now).map((f) => f.url)).toEqual([feedA.url, feedB.url]);
    expect(ingest.feed(feedA.url)).toMatchObject({ name: 'A', everyMinutes: 30, consecutiveFailures: 0, etag: null });

    ingest.syncFeeds([{ ...feedA, name: 'A renamed', everyMinutes: 15 }], '2026-03-07T00:00:00.000Z');
    expect(ingest.allFeeds().map((f) => [f.url, f.name, f.everyMinutes, f.nextCheckAt])).toEqual([
      // An existing feed keeps its schedule.
      [feedA.url, 'A renamed', 15, now],
    ]);
  });

  test('GIVEN successes and failures THEN validators, failure counts and the schedule are recorded', () => {
    ingest.syncFeeds([feedA, feedB], now);
    ingest.recordFeedSuccess(feedA.url, {
      checkedAt: now,
      nextCheckAt: '2026-03-06T12:30:00.000Z',
      validators: { etag: '"e1"', lastModified: 'Fri, 06 Mar 2026 11:00:00 GMT' },
      itemsSeen: 7,
    });
    ingest.recordFeedFailure(feedB.url, { checkedAt: now, nextCheckAt: '2026-03-06T14:00:00.000Z', error: 'HTTP 500' });
    ingest.recordFeedFailure(feedB.url, { checkedAt: now, nextCheckAt: '2026-03-06T16:00:00.000Z', error: 'timeout' });

    expect(ingest.dueFeeds(now)).toEqual([]);
    expect(ingest.dueFeeds('2026-03-06T12:30:00.000Z').map((f) => f.url)).toEqual([feedA.url]);
    expect(ingest.feed(feedB.url)).toMatchObject({
      consecutiveFailures: 2,
      lastError: 'timeout',
      nextCheckAt: '2026-03-06T16:00:00.000Z',
    });

    // A 304: no validators given, the stored ones are kept.
    ingest.recordFeedSuccess(feedA.url, {
      checkedAt: '2026-03-06T12:30:00.000Z',
      nextCheckAt: '2026-03-06T13:00:00.000Z',
    });
    expect(ingest.feed(feedA.url)).toMatchObject({
      etag: '"e1"',
      lastModified: 'Fri, 06 Mar 2026 11:00:00 GMT',
      itemsSeen: 7,
      lastCheckedAt: '2026-03-06T12:30:00.000Z',
    });

    // Success clears the failure streak.
    ingest.recordFeedSuccess(feedB.url, {
      checkedAt: now,
      nextCheckAt: now,
      validators: { etag: null, lastModified: null },
    });
    expect(ingest.feed(feedB.url)).toMatchObject({ consecutiveFailures: 0, lastError: null });
  });
});

describe('articles', () => {
  test('GIVEN a new article THEN it is stored with an id and waits for extraction', () => {
    const { article: stored, isNew } = ingest.addArticle(article());
    expect(isNew).toBe(true);
    expect(stored).toMatchObject({ id: expect.any(Number), title: 'A', origin: 'feed', extractedAt: null });
    expect(ingest.article(stored.id)).toEqual(stored);
    expect(ingest.articlesToExtract(10).map((a) => a.id)).toEqual([stored.id]);
  });

  test('GIVEN the same canonical URL or the same text again THEN the first article is returned, not a copy', () => {
    const first = ingest.addArticle(article()).article;
    const sameUrl = ingest.addArticle(article({ contentHash: 'hash-b', text: 'Edited text.' }));
    const sameText = ingest.addArticle(
      article({ canonicalUrl: 'https://mirror.example/a', url: 'https://mirror.example/a' }),
    );
    expect(sameUrl).toEqual({ article: first, isNew: false });
    expect(sameText).toEqual({ article: first, isNew: false });
    expect(store.db.prepare('SELECT count(*) FROM articles').pluck().get()).toBe(1);
  });

  test('GIVEN pasted texts (no canonical URL) THEN only identical text collides', () => {
    const paste = (hash: string) =>
      ingest.addArticle(
        article({
          canonicalUrl: null,
          url: null,
          contentHash: hash,
          origin: 'paste',
          textFrom: 'paste',
          submittedBy: 'U1',
        }),
      );
    expect(paste('p1').isNew).toBe(true);
    expect(paste('p2').isNew).toBe(true);
    expect(paste('p1').isNew).toBe(false);
  });

  test('GIVEN an address read before, as given or canonical THEN knownArticleId finds it', () => {
    const { id } = ingest.addArticle(article()).article;
    expect(ingest.knownArticleId({ canonicalUrl: 'https://news.example/a', url: 'https://other.example/x' })).toBe(id);
    expect(ingest.knownArticleId({ canonicalUrl: null, url: 'https://news.example/a?utm_source=x' })).toBe(id);
    expect(
      ingest.knownArticleId({ canonicalUrl: 'https://news.example/b', url: 'https://news.example/b' }),
    ).toBeUndefined();
  });

  test('GIVEN articles marked extracted THEN they leave the queue, oldest first among the rest', () => {
    const a = ingest.addArticle(article()).article;
    const b = ingest.addArticle(article({ canonicalUrl: 'https://news.example/b', contentHash: 'hash-b' })).article;
    const c = ingest.addArticle(article({ canonicalUrl: 'https://news.example/c', contentHash: 'hash-c' })).article;
    expect(ingest.markExtracted(a.id, now)).toBe(true);
    expect(ingest.markExtracted(9999, now)).toBe(false);
    expect(ingest.articlesToExtract(10).map((x) => x.id)).toEqual([b.id, c.id]);
    expect(ingest.articlesToExtract(1).map((x) => x.id)).toEqual([b.id]);
    expect(ingest.article(a.id)?.extractedAt).toBe(now);
  });

  test('GIVEN an extraction recorded THEN the article is marked with it; GIVEN one that fails THEN it stays queued', () => {
    const a = ingest.addArticle(article()).article;
    expect(ingest.recordExtraction(a.id, now, () => 3)).toBe(3);
    expect(ingest.article(a.id)?.extractedAt).toBe(now);
    const b = ingest.addArticle(article({ canonicalUrl: 'https://news.example/b', contentHash: 'hash-b' })).article;
    expect(() =>
      ingest.recordExtraction(b.id, now, () => {
        throw new Error('store full');
      }),
    ).toThrow('store full');
    expect(ingest.articlesToExtract(10).map((x) => x.id)).toEqual([b.id]);
  });

  test('GIVEN an origin the schema does not know THEN SQLite refuses it', () => {
    expect(() => ingest.addArticle(article({ origin: 'rumour' as never }))).toThrow(/CHECK constraint failed/);
  });

  test('GIVEN the file is closed and opened again THEN feeds and articles are still there', () => {
    ingest.syncFeeds([feedA], now);
    const { id } = ingest.addArticle(article()).article;
    store.close();
    open();
    expect(ingest.feed(feedA.url)?.name).toBe('A');
    expect(ingest.article(id)?.text).toBe('Text of A.');
  });
});
