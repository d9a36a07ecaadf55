import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import { startNewsLoop } from '../../src/review/news-loop.ts';
import { createNewsPipeline, type NewsPipeline } from '../../src/review/pipeline.ts';
import { readGazetteer } from '../../src/store/gazetteer-reader.ts';
import { createIngestStore, type IngestStore } from '../../src/store/ingest-store.ts';
import { createReviewStore, type ReviewStore } from '../../src/store/review-store.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';
import { startServer, status, type TestServer, text } from '../ingest/helpers/server.ts';

// An invented article page: one attribution in the plain wording of wire copy, inside the usual page furniture.
const articlePage = `<!doctype html><html><head><title>Police name group behind JAXA intrusions</title>
<script>document.write('<p>The Example Ministry said Frost Group was behind it.</p>')</script></head>
<body><nav>Home | World</nav><article><h1>Police name group behind JAXA intrusions</h1>
<p>Japan’s National Police Agency said on Wednesday that the hacking group Tick was behind the intrusions at JAXA.</p>
<p>The agency gave no further details.</p></article><footer>© Example News</footer></body></html>`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/story': text(articlePage, 'text/html; charset=utf-8'),
    '/broken': status(503),
    '/gone': status(404),
  });
});
afterAll(() => server.close());

let dir: string;
let store: Store;
let reviewStore: ReviewStore;
let ingestStore: IngestStore;
let pipeline: NewsPipeline;
const clock: Clock = { now: () => new Date('2026-11-26T10:00:00Z') };
const warnings: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cyberbrief-pipeline-'));
  store = openStore({ path: join(dir, 'store.sqlite'), dataDir: repositoryDataDir, migrationsDir, clock });
  reviewStore = createReviewStore(store.db);
  ingestStore = createIngestStore(store.db);
  warnings.length = 0;
  pipeline = createNewsPipeline({
    readGazetteer: () => readGazetteer(store.db),
    ingestStore,
    reviewStore,
    clock,
    logger: { info() {}, warn: (details) => void warnings.push(JSON.stringify(details)) },
    fetch: { allowPrivateNetwork: true, timeoutMs: 5_000 },
  });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('links queued with /ingest', () => {
  test('GIVEN a queued article link THEN it is read, its claims proposed from the article text only, and the request closed', async () => {
    reviewStore.queueUrl(`${server.base}/story?utm_source=chat`, 'slack:U1', clock.now().toISOString());
    expect(await pipeline.readQueuedLinks()).toBe(1);
    const [candidate, ...rest] = reviewStore.pending(10, 0);
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({
      stance: 'attributes',
      actorSlug: 'tick',
      claimantState: 'JP',
      incidentSlug: 'jaxa-2016-tick',
      article: { title: 'Police name group behind JAXA intrusions', origin: 'link' },
    });
    // The script's text never became a sentence to extract from.
    expect(JSON.stringify(reviewStore.pending(10, 0))).not.toContain('Frost Group');
    expect(reviewStore.pendingRequestCount()).toBe(0);

    // The same story queued again is not read twice, and proposes nothing twice.
    reviewStore.queueUrl(`${server.base}/story`, 'slack:U2', clock.now().toISOString());
    await pipeline.readQueuedLinks();
    expect(server.requestsFor('/story')).toHaveLength(1);
    expect(reviewStore.pendingCount()).toBe(1);
  });

  test('GIVEN a link that fails for a while THEN it is retried, then given up with the reason for /review to show', async () => {
    reviewStore.queueUrl(`${server.base}/broken`, 'slack:U1', clock.now().toISOString());
    await pipeline.readQueuedLinks();
    await pipeline.readQueuedLinks();
    expect(reviewStore.pendingRequestCount()).toBe(1);
    await pipeline.readQueuedLinks();
    expect(reviewStore.pendingRequestCount()).toBe(0);
    expect(server.requestsFor('/broken')).toHaveLength(3);
    const [failed] = reviewStore.recentFailedRequests('2026-01-01T00:00:00Z', 5);
    expect(failed?.error).toMatch(/HTTP 503/);
    expect(warnings).toHaveLength(3);
  });

  test('GIVEN a link that cannot change its answer (404) THEN it is given up at once', async () => {
    reviewStore.queueUrl(`${server.base}/gone`, 'slack:U1', clock.now().toISOString());
    await pipeline.readQueuedLinks();
    expect(reviewStore.pendingRequestCount()).toBe(0);
    expect(server.requestsFor('/gone')).toHaveLength(1);
  });
});

describe('articles and the news loop', () => {
  test('GIVEN an article stored but not extracted (a crash in between) THEN the next tick extracts it once', async () => {
    const { article } = ingestStore.addArticle({
      canonicalUrl: null,
      contentHash: 'h1',
      url: null,
      title: 'Pasted',
      published: null,
      feedUrl: null,
      origin: 'paste',
      textFrom: 'paste',
      submittedBy: 'console:local',
      fetchedAt: clock.now().toISOString(),
      text: 'Japan’s National Police Agency said the hacking group Tick was behind the intrusions at JAXA.',
    });
    const loop = startNewsLoop({ pipeline, logger: { error() {} }, everySeconds: 3600 });
    await loop.tickNow();
    await loop.tickNow();
    await loop.stop();
    expect(reviewStore.pendingCount()).toBe(1);
    expect(ingestStore.article(article.id)?.extractedAt).not.toBeNull();
  });

  test('GIVEN a feed poll that throws THEN queued links are still read in the same tick', async () => {
    reviewStore.queueUrl(`${server.base}/story`, 'slack:U1', clock.now().toISOString());
    const errors: string[] = [];
    const loop = startNewsLoop({
      pipeline,
      pollFeeds: () => Promise.reject(new Error('feed store locked')),
      logger: { error: (details) => void errors.push(String(details.step)) },
      everySeconds: 3600,
    });
    await loop.tickNow();
    await loop.stop();
    expect(reviewStore.pendingCount()).toBe(1);
    expect(errors).toEqual(['feeds']);
  });

  test('GIVEN another process holds the news lease THEN this one reads nothing until it may', async () => {
    reviewStore.queueUrl(`${server.base}/story`, 'slack:U1', clock.now().toISOString());
    let mine = false;
    const loop = startNewsLoop({ pipeline, logger: { error() {} }, everySeconds: 3600, mayRun: () => mine });
    await loop.tickNow();
    expect(reviewStore.pendingRequestCount()).toBe(1);
    mine = true;
    await loop.tickNow();
    await loop.stop();
    expect(reviewStore.pendingRequestCount()).toBe(0);
  });
});
