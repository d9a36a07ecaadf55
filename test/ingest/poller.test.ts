import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import { backoffMinutes, createFeedPoller, type FeedPollerOptions, startFeedPolling } from '../../src/ingest/poller.ts';
import { type ArticleRow, createIngestStore, type IngestStore } from '../../src/store/ingest-store.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';
import { conditional, file, huge, slow, startServer, status, type TestServer, text } from './helpers/server.ts';

const start = '2026-03-06T12:00:00.000Z';

function movableClock(iso: string): Clock & { advanceMinutes(minutes: number): void; iso(): string } {
  let at = new Date(iso).getTime();
  return {
    now: () => new Date(at),
    advanceMinutes(minutes) {
      at += minutes * 60_000;
    },
    iso: () => new Date(at).toISOString(),
  };
}

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  details: Record<string, unknown>;
  message: string;
}

function capturingLogger() {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (details: Record<string, unknown>, message: string) =>
    void entries.push({ level, details, message });
  return { entries, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

const rss = 'application/rss+xml; charset=utf-8';
const atom = 'application/atom+xml; charset=utf-8';
const html = 'text/html; charset=utf-8';
const articlePages = {
  '/articles/quartz-heron': file('quartz-heron.html', html),
  '/articles/harbour-outage': file('harbour-outage.html', html),
  '/mirror/harbour-copy': file('harbour-outage.html', html),
  '/articles/lantern-report': file('lantern-report.html', html),
  // /articles/gone is not routed: 404.
};
const advisoriesModified = 'Fri, 06 Mar 2026 09:00:00 GMT';
const statementsModified = 'Fri, 06 Mar 2026 10:00:00 GMT';

let dir: string;
let store: Store;
let ingest: IngestStore;
let server: TestServer;
let clock: ReturnType<typeof movableClock>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cyberbrief-poller-'));
  clock = movableClock(start);
  store = openStore({ path: join(dir, 'poll.sqlite'), dataDir: repositoryDataDir, migrationsDir, clock });
  ingest = createIngestStore(store.db);
  server = await startServer({
    ...articlePages,
    '/advisories.rss': conditional('advisories.rss', rss, '"adv-1"', advisoriesModified),
    '/statements.atom': conditional('statements.atom', atom, '"st-1"', statementsModified),
    '/no-validators.rss': file('advisories.rss', rss),
    '/broken.rss': status(500),
    '/slow.rss': slow(5_000),
    '/huge.rss': huge(50 * 1024 * 1024, false),
    '/malformed.rss': text(
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Half',
      rss,
    ),
  });
});

afterEach(async () => {
  await server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function poller(overrides: Partial<FeedPollerOptions> = {}) {
  const log = capturingLogger();
  const announced: ArticleRow[] = [];
  const instance = createFeedPoller({
    ingestStore: ingest,
    clock,
    logger: log.logger,
    // Generous: a loaded CI machine must not turn a healthy local feed into a timeout.
    fetch: { allowPrivateNetwork: true, timeoutMs: 5_000, maxBytes: 256 * 1024 },
    onArticle: (article) => void announced.push(article),
    ...overrides,
  });
  return { poller: instance, announced, log };
}

function feeds(...paths: string[]) {
  ingest.syncFeeds(
    paths.map((path) => ({ url: `${server.base}${path}`, name: path, everyMinutes: 30 })),
    clock.iso(),
  );
}

const allArticles = () => store.db.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[];
const pageRequests = () => server.requests.filter((r) => /^\/(articles|mirror)\//.test(r.path)).length;
const minutesAfter = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();

describe('createFeedPoller', () => {
  test('GIVEN RSS and Atom feeds THEN the first poll stores each story once, as plain text, and announces it', async () => {
    feeds('/advisories.rss', '/statements.atom');
    const { poller: p, announced } = poller();

    const report = await p.pollDue();

    expect(report).toMatchObject({ feeds: 2, updated: 2, failed: 0, newArticles: 4 });
    const articles = allArticles().map((id) => ingest.article(id) as ArticleRow);
    // quartz-heron (twice: ?utm_… and #comments), harbour (twice: same text at two addresses), gone, lantern.
    expect(articles).toHaveLength(4);
    expect(announced.map((a) => a.id).sort()).toEqual(articles.map((a) => a.id).sort());

    const quartz = articles.find((a) => a.canonicalUrl === `${server.base}/articles/quartz-heron`);
    expect(quartz).toMatchObject({
      origin: 'feed',
      textFrom: 'page',
      published: expect.stringMatching(/^2026-03-0[34]$/),
    });
    expect(quartz?.text).toContain('probing water utilities in three provinces');
    expect(articles.filter((a) => a.text.includes('northern harbour'))).toHaveLength(1);

    const gone = articles.find((a) => a.url === `${server.base}/articles/gone`);
    expect(gone).toMatchObject({
      textFrom: 'feed-summary',
      title: 'Notice whose page has gone',
      published: '2026-03-05',
      text: 'Officials in Sylvania said the outage was probably caused by the group known as Copper Lantern.',
    });
    expect(articles.find((a) => a.canonicalUrl === `${server.base}/articles/lantern-report`)?.published).toBe(
      '2026-03-06',
    );

    for (const article of articles) {
      expect(article.text).not.toMatch(/<[a-z/!]|SCRIPT-IN|alert\(|HIDDEN-TEXT/i);
      expect(article.title).not.toMatch(/<[a-z/!]/i);
    }
    expect(ingest.feed(`${server.base}/advisories.rss`)).toMatchObject({
      etag: '"adv-1"',
      lastModified: advisoriesModified,
      itemsSeen: 3,
      consecutiveFailures: 0,
      nextCheckAt: minutesAfter(30),
    });
  });

  test('GIVEN a second poll THEN the validators are sent, the 304 is accepted and nothing is fetched or stored again', async () => {
    feeds('/advisories.rss', '/statements.atom');
    const { poller: p, announced } = poller();
    await p.pollDue();
    const articlesBefore = allArticles();
    const pagesBefore = pageRequests();
    const announcedBefore = announced.length;

    clock.advanceMinutes(30);
    const report = await p.pollDue();

    expect(report).toMatchObject({ feeds: 2, notModified: 2, newArticles: 0 });
    const sent = server.requestsFor('/advisories.rss').at(-1)?.headers;
    expect(sent?.['if-none-match']).toBe('"adv-1"');
    expect(sent?.['if-modified-since']).toBe(advisoriesModified);
    expect(server.requestsFor('/statements.atom').at(-1)?.headers['if-none-match']).toBe('"st-1"');
    expect(pageRequests()).toBe(pagesBefore);
    expect(allArticles()).toEqual(articlesBefore);
    expect(announced).toHaveLength(announcedBefore);
    expect(ingest.feed(`${server.base}/advisories.rss`)).toMatchObject({
      etag: '"adv-1"',
      lastCheckedAt: clock.iso(),
      nextCheckAt: minutesAfter(30),
    });
  });

  test('GIVEN a feed without validators THEN items already read are not fetched again', async () => {
    feeds('/no-validators.rss');
    const { poller: p } = poller();
    await p.pollDue();
    const pagesBefore = pageRequests();
    const count = allArticles().length;

    clock.advanceMinutes(30);
    const report = await p.pollDue();

    expect(report).toMatchObject({ updated: 1, newArticles: 0 });
    // Only the page that failed (404, stored from its summary) is known by its feed link; nothing is re-read.
    expect(pageRequests()).toBe(pagesBefore);
    expect(allArticles()).toHaveLength(count);
  });

  test('GIVEN feeds that answer 500, stall, serve 50 MB or malformed XML THEN each is logged and backs off while the healthy feed is read in the same poll', async () => {
    feeds('/broken.rss', '/slow.rss', '/huge.rss', '/malformed.rss', '/advisories.rss');
    const { poller: p, log } = poller({
      fetch: { allowPrivateNetwork: true, timeoutMs: 1_500, maxBytes: 256 * 1024 },
    });
    const started = Date.now();

    const report = await p.pollDue();

    // The stalled feed answers after 5 s; the poll ends at its 1.5 s deadline instead.
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(report).toMatchObject({ feeds: 5, updated: 1, failed: 4 });
    expect(allArticles().length).toBeGreaterThanOrEqual(3);
    const expectations: Array<[string, string, RegExp]> = [
      ['/broken.rss', 'http-status', /answered HTTP 500$/],
      ['/slow.rss', 'timeout', /did not answer within 1.5 s$/],
      ['/huge.rss', 'too-large', /is larger than 256 kB$/],
      ['/malformed.rss', 'FeedParseError', /^Not a readable RSS, Atom or JSON feed/],
    ];
    for (const [path, reason, error] of expectations) {
      const url = `${server.base}${path}`;
      expect(ingest.feed(url)).toMatchObject({
        consecutiveFailures: 1,
        lastError: expect.stringMatching(error),
        nextCheckAt: minutesAfter(backoffMinutes(30, 1)),
      });
      const warning = log.entries.find((e) => e.level === 'warn' && e.details.feed === url);
      expect(warning).toMatchObject({ message: 'feed poll failed', details: { reason, failures: 1 } });
    }

    // Half an hour later only the healthy feed is due; an hour later the failing ones are retried and back off further.
    clock.advanceMinutes(30);
    expect((await p.pollDue()).feeds).toBe(1);
    expect(server.requestsFor('/broken.rss')).toHaveLength(1);
    clock.advanceMinutes(30);
    const retry = await p.pollDue();
    expect(retry).toMatchObject({ feeds: 5, failed: 4, notModified: 1 });
    expect(ingest.feed(`${server.base}/broken.rss`)).toMatchObject({
      consecutiveFailures: 2,
      nextCheckAt: minutesAfter(120),
    });
  });

  test('GIVEN more new items than one poll reads THEN the rest wait, and the validators are not kept so they are not hidden by a 304', async () => {
    feeds('/advisories.rss');
    const { poller: p } = poller({ maxNewItemsPerFeed: 2 });

    expect((await p.pollDue()).newArticles).toBe(2);
    expect(ingest.feed(`${server.base}/advisories.rss`)?.etag).toBeNull();

    clock.advanceMinutes(30);
    expect((await p.pollDue()).newArticles).toBe(1);
    expect(ingest.feed(`${server.base}/advisories.rss`)?.etag).toBe('"adv-1"');
  });

  test('GIVEN an extractor hook that throws THEN the error is logged and the poll carries on', async () => {
    feeds('/advisories.rss');
    const { poller: p, log } = poller({
      onArticle: () => {
        throw new Error('extractor broke');
      },
    });
    const report = await p.pollDue();
    expect(report.newArticles).toBe(3);
    expect(log.entries.filter((e) => e.level === 'error' && e.message === 'new-article hook failed')).toHaveLength(3);
    expect(ingest.feed(`${server.base}/advisories.rss`)?.consecutiveFailures).toBe(0);
  });

  test('GIVEN private addresses are not allowed THEN a loopback feed is refused and recorded as failing', async () => {
    feeds('/advisories.rss');
    const { poller: p } = poller({ fetch: { timeoutMs: 400 } });
    expect(await p.pollDue()).toMatchObject({ failed: 1 });
    expect(ingest.feed(`${server.base}/advisories.rss`)?.lastError).toMatch(/private or local address/);
    expect(server.requests).toHaveLength(0);
  });

  test('GIVEN more due feeds than the concurrency THEN no more than that many are fetched at once', async () => {
    const load = { now: 0, max: 0 };
    const paths = ['/c1.rss', '/c2.rss', '/c3.rss', '/c4.rss', '/c5.rss'];
    for (const path of paths) {
      server.route(path, (_req, res) => {
        load.now++;
        load.max = Math.max(load.max, load.now);
        setTimeout(() => {
          load.now--;
          res
            .writeHead(200, { 'content-type': rss })
            .end('<rss version="2.0"><channel><title>c</title></channel></rss>');
        }, 100);
      });
    }
    feeds(...paths);
    const { poller: p } = poller({ concurrency: 2 });
    expect(await p.pollDue()).toMatchObject({ feeds: 5, updated: 5 });
    expect(load.max).toBe(2);
  });

  test('GIVEN a poll in progress THEN a second call joins it instead of polling twice', async () => {
    feeds('/advisories.rss');
    const { poller: p } = poller();
    const [a, b] = await Promise.all([p.pollDue(), p.pollDue()]);
    expect(a).toBe(b);
    expect(server.requestsFor('/advisories.rss')).toHaveLength(1);
  });
});

describe('backoffMinutes', () => {
  test('GIVEN repeated failures THEN the wait doubles each time and stops at a day', () => {
    expect([1, 2, 3].map((n) => backoffMinutes(30, n))).toEqual([60, 120, 240]);
    expect(backoffMinutes(30, 10)).toBe(24 * 60);
  });
});

describe('startFeedPolling', () => {
  test('GIVEN a schedule THEN polls run without overlapping, and stop waits for the one running', async () => {
    const state = { polls: 0, running: 0, maxRunning: 0 };
    let current: Promise<unknown> | undefined;
    const fake = {
      pollDue: async () => {
        state.polls++;
        state.running++;
        state.maxRunning = Math.max(state.maxRunning, state.running);
        current = new Promise((resolve) => setTimeout(resolve, 1_300));
        await current;
        state.running--;
        return { feeds: 0, updated: 0, notModified: 0, failed: 0, newArticles: 0 };
      },
      idle: async () => {
        await current;
      },
    };
    const stop = startFeedPolling(fake, { everySeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    await stop();
    expect(state.polls).toBeGreaterThanOrEqual(1);
    expect(state.maxRunning).toBe(1);
    expect(state.running).toBe(0);
  });
});
