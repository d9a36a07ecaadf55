import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FetchError, type FetchLimits, fetchLimited } from '../../src/ingest/fetch-limited.ts';
import { huge, redirect, slow, startServer, status, type TestServer, text } from './helpers/server.ts';

let server: TestServer;
const local: FetchLimits = { allowPrivateNetwork: true, timeoutMs: 2_000 };

beforeAll(async () => {
  server = await startServer({
    '/hello': text('hello there'),
    '/latin1': text(Buffer.from('caf\u00e9', 'latin1'), 'text/plain; charset=iso-8859-1'),
    '/xml-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        Buffer.concat([
          Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>caf'),
          Buffer.from([0xe9]),
          Buffer.from('</t>'),
        ]),
      );
    },
    '/validators': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Wed, 04 Mar 2026 08:00:00 GMT' }).end('body');
    },
    '/one-hop': redirect('/hello'),
    '/two-hops': redirect('/one-hop', 301),
    '/loop': redirect('/loop'),
    '/to-ftp': redirect('ftp://127.0.0.1/file'),
    '/to-loopback': (_req, res, base) => void res.writeHead(302, { location: `${base}/hello` }).end(),
    '/server-error': status(500),
    '/slow': slow(5_000),
    '/big-declared': huge(3 * 1024 * 1024, true),
    '/big-chunked': huge(50 * 1024 * 1024, false),
  });
});
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('fetchLimited', () => {
  test('GIVEN a plain answer THEN the body, status and final URL come back', async () => {
    const result = await fetchLimited(`${server.base}/hello`, {}, local);
    expect(result).toMatchObject({ kind: 'ok', status: 200, body: 'hello there', url: `${server.base}/hello` });
  });

  test('GIVEN a charset in Content-Type or in the XML declaration THEN the body is decoded with it', async () => {
    expect(await fetchLimited(`${server.base}/latin1`, {}, local)).toMatchObject({ body: 'café' });
    expect(await fetchLimited(`${server.base}/xml-declared`, {}, local)).toMatchObject({
      body: expect.stringContaining('café'),
    });
  });

  test('GIVEN validators from the last read THEN they are sent and a 304 comes back as not-modified', async () => {
    const first = await fetchLimited(`${server.base}/validators`, {}, local);
    expect(first).toMatchObject({ kind: 'ok', etag: '"v1"', lastModified: 'Wed, 04 Mar 2026 08:00:00 GMT' });
    const second = await fetchLimited(
      `${server.base}/validators`,
      { etag: '"v1"', lastModified: 'Wed, 04 Mar 2026 08:00:00 GMT' },
      local,
    );
    expect(second).toEqual({ kind: 'not-modified', url: `${server.base}/validators` });
    const sent = server.requestsFor('/validators').at(-1)?.headers;
    expect(sent?.['if-none-match']).toBe('"v1"');
    expect(sent?.['if-modified-since']).toBe('Wed, 04 Mar 2026 08:00:00 GMT');
  });

  test('GIVEN redirects THEN they are followed by hand to the final page', async () => {
    const result = await fetchLimited(`${server.base}/two-hops`, {}, local);
    expect(result).toMatchObject({ kind: 'ok', body: 'hello there', url: `${server.base}/hello` });
  });

  test('GIVEN more than the allowed redirects THEN http-status, and no endless loop', async () => {
    const before = server.requestsFor('/loop').length;
    const error = await failure(fetchLimited(`${server.base}/loop`, {}, { ...local, maxRedirects: 3 }));
    expect(error.reason).toBe('http-status');
    expect(error.message).toMatch(/redirects more than 3 times$/);
    expect(server.requestsFor('/loop').length - before).toBe(4);
  });

  test('GIVEN a redirect to another scheme THEN bad-url', async () => {
    const error = await failure(fetchLimited(`${server.base}/to-ftp`, {}, local));
    expect(error.reason).toBe('bad-url');
    expect(error.message).toBe('Only http and https URLs can be read, not ftp');
  });

  test('GIVEN a non-http URL or garbage THEN bad-url before any request', async () => {
    expect((await failure(fetchLimited('file:///etc/passwd', {}, local))).reason).toBe('bad-url');
    expect((await failure(fetchLimited('not a url', {}, local))).reason).toBe('bad-url');
  });

  test('GIVEN HTTP 500 THEN http-status with the status in one line', async () => {
    const error = await failure(fetchLimited(`${server.base}/server-error`, {}, local));
    expect(error).toMatchObject({ reason: 'http-status', status: 500 });
    expect(error.message).toBe(`${server.base}/server-error answered HTTP 500`);
  });

  test('GIVEN a server that does not answer in time THEN timeout after the deadline, not the server’s delay', async () => {
    const started = Date.now();
    const error = await failure(fetchLimited(`${server.base}/slow`, {}, { ...local, timeoutMs: 200 }));
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 200 ms$/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('GIVEN a DNS lookup that never ends THEN the same deadline applies', async () => {
    const limits: FetchLimits = { timeoutMs: 200, resolve: () => new Promise<string[]>(() => {}) };
    const error = await failure(fetchLimited('http://hangs.example/feed', {}, limits));
    expect(error.reason).toBe('timeout');
  });

  test('GIVEN a body over the cap with a Content-Length THEN too-large', async () => {
    const error = await failure(fetchLimited(`${server.base}/big-declared`, {}, local));
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/is larger than 2 MB$/);
  });

  test('GIVEN a 50 MB chunked body without Content-Length THEN reading stops at the cap with too-large', async () => {
    const error = await failure(fetchLimited(`${server.base}/big-chunked`, {}, { ...local, maxBytes: 256 * 1024 }));
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/is larger than 256 kB$/);
  });

  test('GIVEN a loopback address without allowPrivateNetwork THEN private-address and the server never sees a request', async () => {
    const before = server.requests.length;
    for (const url of [`${server.base}/hello`, server.base.replace('127.0.0.1', 'localhost')]) {
      const error = await failure(fetchLimited(url, {}, { timeoutMs: 2_000 }));
      expect(error.reason).toBe('private-address');
      expect(error.message).toMatch(/resolves to a private or local address \(127\.0\.0\.1\)$/);
    }
    expect(server.requests.length).toBe(before);
  });

  test('GIVEN a public-looking host that redirects to loopback THEN the hop is checked again and refused', async () => {
    // "localhost" is declared public by the injected resolver, so the first hop connects; the literal 127.0.0.1
    // in the redirect must still be refused.
    const limits: FetchLimits = { timeoutMs: 2_000, resolve: async () => ['198.51.100.7'] };
    const start = server.base.replace('127.0.0.1', 'localhost');
    const error = await failure(fetchLimited(`${start}/to-loopback`, {}, limits));
    expect(error.reason).toBe('private-address');
    expect(server.requestsFor('/to-loopback').length).toBe(1);
  });

  test('GIVEN nothing listening THEN network with the cause', async () => {
    const closed = await startServer();
    const url = `${closed.base}/gone`;
    await closed.close();
    const error = await failure(fetchLimited(url, {}, local));
    expect(error.reason).toBe('network');
    expect(error.message).toMatch(/^Cannot reach .* \(ECONNREFUSED\)$/);
  });
});
