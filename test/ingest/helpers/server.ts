/**
 * A local HTTP server on 127.0.0.1 (port 0) for ingest tests: routes are plain handlers, every request is recorded
 * (path and headers) so a test can assert what the client sent, and helpers build the misbehaving answers a feed
 * poller must survive (slow, huge, failing, redirecting).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  requests: RecordedRequest[];
  route(path: string, handler: Handler): void;
  /** Requests seen for `path` (query included in the match when `path` has one). */
  requestsFor(path: string): RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, Handler> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push({ path: url, headers: req.headers });
    const handler = table.get(url) ?? table.get(url.split('?', 1)[0] ?? url);
    res.on('error', () => {});
    if (handler === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res, base);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    route: (path, handler) => void table.set(path, handler),
    requestsFor: (path) => requests.filter((r) => (path.includes('?') ? r.path : r.path.split('?', 1)[0]) === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fixture file from test/ingest/fixtures with `{{base}}` replaced by the server's address. */
export function fixture(name: string, base: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8').replaceAll('{{base}}', base);
}

/** Serves a fixture with validators; answers 304 when the client's If-None-Match or If-Modified-Since still hold. */
export function conditional(name: string, contentType: string, etag: string, lastModified: string): Handler {
  return (req, res, base) => {
    if (req.headers['if-none-match'] === etag || req.headers['if-modified-since'] === lastModified) {
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    res.writeHead(200, { 'content-type': contentType, etag, 'last-modified': lastModified }).end(fixture(name, base));
  };
}

/** Serves a fixture as is. */
export function file(name: string, contentType: string): Handler {
  return (_req, res, base) => {
    res.writeHead(200, { 'content-type': contentType }).end(fixture(name, base));
  };
}

export function status(code: number): Handler {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'text/plain' }).end(`status ${code}`);
  };
}

export function redirect(to: string, code = 302): Handler {
  return (_req, res) => {
    res.writeHead(code, { location: to }).end();
  };
}

/** Sends headers at once, then nothing for `ms`: only a client deadline ends the wait. */
export function slow(ms: number, body = 'too late'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.flushHeaders();
    setTimeout(() => res.end(body), ms).unref();
  };
}

/**
 * Streams `totalBytes` of filler, made lazily so 50 MB costs nothing unless read; with `declareLength` the size is
 * announced in Content-Length, otherwise the body is chunked.
 */
export function huge(totalBytes: number, declareLength: boolean): Handler {
  return (_req, res) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const stream = new Readable({
      read() {
        if (sent >= totalBytes) {
          this.push(null);
          return;
        }
        const size = Math.min(chunk.length, totalBytes - sent);
        sent += size;
        this.push(chunk.subarray(0, size));
      },
    });
    res.writeHead(200, {
      'content-type': 'application/rss+xml',
      ...(declareLength ? { 'content-length': String(totalBytes) } : {}),
    });
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  };
}

export function text(body: string | Buffer, contentType = 'text/plain; charset=utf-8'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType }).end(body);
  };
}
