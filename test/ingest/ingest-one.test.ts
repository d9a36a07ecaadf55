import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { isUserError } from '../../src/core/errors.ts';
import { IngestError } from '../../src/ingest/ingest-error.ts';
import { type IngestContext, ingestText, ingestUrl, maxPastedBytes } from '../../src/ingest/ingest-one.ts';
import { createIngestStore } from '../../src/store/ingest-store.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';
import { file, redirect, startServer, status, type TestServer, text } from './helpers/server.ts';

const now = '2026-03-06T12:00:00.000Z';
let dir: string;
let store: Store;
let server: TestServer;
let context: IngestContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cyberbrief-ingest-one-'));
  const clock = fixedClock(now);
  store = openStore({ path: join(dir, 'one.sqlite'), dataDir: repositoryDataDir, migrationsDir, clock });
  server = await startServer({
    '/articles/quartz-heron': file('quartz-heron.html', 'text/html; charset=utf-8'),
    '/short/qh': redirect('/articles/quartz-heron?utm_campaign=chat'),
    '/notes.txt': text('Plain  notes.\r\n\r\nSecond paragraph.'),
    '/report.pdf': text('%PDF-1.7', 'application/pdf'),
    '/empty': text('<html><body><script>only()</script></body></html>', 'text/html'),
    '/error': status(503),
  });
  context = { ingestStore: createIngestStore(store.db), clock, fetch: { allowPrivateNetwork: true, timeoutMs: 2_000 } };
});

afterAll(async () => {
  await server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<IngestError> {
  const error = await (typeof promise === 'function' ? Promise.resolve().then(promise) : promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  expect(isUserError(error)).toBe(true);
  expect(String((error as Error).message)).not.toContain('\n');
  return error as IngestError;
}

describe('ingestUrl', () => {
  test('GIVEN a link to an article THEN its readable text is stored with its canonical address and who sent it', async () => {
    const { article, isNew } = await ingestUrl(`${server.base}/articles/quartz-heron?utm_source=chat`, {
      ...context,
      submittedBy: 'U123',
    });
    expect(isNew).toBe(true);
    expect(article).toMatchObject({
      canonicalUrl: `${server.base}/articles/quartz-heron`,
      origin: 'link',
      textFrom: 'page',
      submittedBy: 'U123',
      feedUrl: null,
      fetchedAt: now,
    });
    expect(article.title).toContain('Quartz Heron');
    expect(article.text).toContain('probing water utilities');
    expect(article.text).not.toMatch(/<[a-z/]|SCRIPT-IN/i);
  });

  test('GIVEN the same article again through a redirect with tracking parameters THEN the stored one is returned', async () => {
    const first = await ingestUrl(`${server.base}/articles/quartz-heron`, { ...context, submittedBy: 'U1' });
    const again = await ingestUrl(`${server.base}/short/qh`, { ...context, submittedBy: 'U2' });
    expect(again).toEqual({ article: first.article, isNew: false });
  });

  test('GIVEN a plain-text page THEN it is stored as normalised text', async () => {
    const { article } = await ingestUrl(`<${server.base}/notes.txt>`, { ...context, submittedBy: 'U1' });
    expect(article).toMatchObject({ text: 'Plain notes.\n\nSecond paragraph.', title: 'Plain notes.' });
  });

  test.each([
    ['ftp://example.org/x', 'bad-url', /^Give an http\(s\) address/],
    ['/error', 'http-status', /answered HTTP 503$/],
    ['/report.pdf', 'unsupported-content', /is application\/pdf, not a web page$/],
    ['/empty', 'no-text', /^No readable text at /],
  ])('GIVEN %s THEN a one-line refusal (%s)', async (path, reason, message) => {
    const url = path.startsWith('/') ? `${server.base}${path}` : path;
    const error = await refusal(ingestUrl(url, { ...context, submittedBy: 'U1' }));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
  });

  test('GIVEN the default limits THEN a loopback address is refused', async () => {
    const error = await refusal(
      ingestUrl(`${server.base}/notes.txt?fresh=1`, { ...context, fetch: {}, submittedBy: 'U1' }),
    );
    expect(error.reason).toBe('private-address');
  });
});

describe('ingestText', () => {
  test('GIVEN pasted text THEN it is stored normalised, titled by its first line, without a canonical address', () => {
    const { article, isNew } = ingestText('  The ministry   denied it.\r\n\r\n\r\nNo evidence was shown. ', {
      ...context,
      submittedBy: 'U9',
    });
    expect(isNew).toBe(true);
    expect(article).toMatchObject({
      canonicalUrl: null,
      url: null,
      origin: 'paste',
      textFrom: 'paste',
      submittedBy: 'U9',
      title: 'The ministry denied it.',
      text: 'The ministry denied it.\n\nNo evidence was shown.',
    });
  });

  test('GIVEN the same text pasted again, spaced differently THEN it is one article', () => {
    const first = ingestText('Identical statement text.', { ...context, submittedBy: 'U1', title: 'First' });
    const again = ingestText('Identical   statement text.\n', { ...context, submittedBy: 'U2' });
    expect(again).toEqual({ article: first.article, isNew: false });
  });

  test('GIVEN URL: and DATE: header lines THEN they become the address and date, and the text is kept whole', () => {
    const { article } = ingestText('URL: https://news.example/story\nDATE: 2026-02-27\n\nOfficials said so.', {
      ...context,
      submittedBy: 'U1',
    });
    expect(article).toMatchObject({
      url: 'https://news.example/story',
      published: '2026-02-27',
      title: 'Officials said so.',
    });
    expect(article.text.startsWith('URL: https://news.example/story')).toBe(true);
  });

  test('GIVEN a title with markup and control characters THEN it is cleaned to one line', () => {
    const { article } = ingestText('Some other body.', {
      ...context,
      submittedBy: 'U1',
      title: 'Hi\u0000 <@U123>\n<b>there</b>',
    });
    // Markup goes; a mention-shaped string is text, left for the platform renderers to escape.
    expect(article.title).toBe('Hi <@U123> there');
  });

  test('GIVEN empty or oversized text THEN a one-line refusal', async () => {
    expect((await refusal(() => ingestText(' \n\t ', { ...context, submittedBy: 'U1' }))).reason).toBe('empty');
    const big = 'a'.repeat(maxPastedBytes + 1);
    const error = await refusal(() => ingestText(big, { ...context, submittedBy: 'U1' }));
    expect(error.reason).toBe('too-long');
    expect(error.message).toBe('The pasted text is 101 kB; the limit is 100 kB');
  });
});
