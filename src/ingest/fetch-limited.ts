/**
 * Node's fetch with the limits a bot reading strangers' URLs needs: one deadline for the whole exchange (redirects
 * and body included), a byte cap enforced while streaming (Content-Length can lie or be absent), http(s) only,
 * redirects followed by hand so every hop is checked again, no private addresses, and conditional requests.
 */
import { firstPrivateAddress, type ResolveHost, resolveHost } from './private-address.ts';

export type FetchFailureReason = 'timeout' | 'too-large' | 'http-status' | 'bad-url' | 'private-address' | 'network';

/** A fetch that did not produce a usable body; the message says what happened, in one line. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly reason: FetchFailureReason;
  /** The HTTP status, for `http-status`. */
  readonly status: number | undefined;
  constructor(reason: FetchFailureReason, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.status = options.status;
  }
}

export interface FetchLimits {
  /** Deadline for the whole exchange, redirects and body included. @default 10 000 ms */
  timeoutMs?: number;
  /** Largest body read, after decompression. @default 2 MB */
  maxBytes?: number;
  /** @default 5 */
  maxRedirects?: number;
  /** Let URLs reach loopback and private networks (tests, a feed on the intranet). @default false */
  allowPrivateNetwork?: boolean;
  /** DNS resolution used for the private-address check; the system resolver by default. */
  resolve?: ResolveHost;
  userAgent?: string;
}

export interface FetchRequest {
  /** Accept header. */
  accept?: string;
  /** Validators from the last successful read: sent as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { kind: 'not-modified'; url: string }
  | {
      kind: 'ok';
      /** The address the body came from, after redirects. */
      url: string;
      status: number;
      contentType: string | null;
      body: string;
      etag: string | null;
      lastModified: string | null;
    };

export const defaultFetchLimits = {
  timeoutMs: 10_000,
  maxBytes: 2 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivateNetwork: false,
  userAgent: 'cyberbrief/0.1 (news ingest)',
} as const;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** URLs in error messages are cut, so a hostile one cannot flood a log line or a chat reply. */
export function shortUrl(url: string): string {
  return url.length > 120 ? `${url.slice(0, 119)}…` : url;
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

function parseHttpUrl(raw: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    throw new FetchError('bad-url', `Not a URL: ${shortUrl(raw)}`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad-url', `Only http and https URLs can be read, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new FetchError('bad-url', `URLs with a user name or password are not read: ${url.host}`);
  }
  return url;
}

/** `work`, unless the deadline passes first (a DNS lookup does not listen to an AbortSignal by itself). */
async function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function assertPublicHost(url: URL, resolve: ResolveHost): Promise<void> {
  let privateAddress: string | null;
  try {
    privateAddress = await firstPrivateAddress(url.hostname, resolve);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new FetchError('network', `Cannot resolve ${url.hostname} (${code})`, { cause: error });
  }
  if (privateAddress !== null) {
    throw new FetchError(
      'private-address',
      `Refused ${url.hostname}: it resolves to a private or local address (${privateAddress})`,
    );
  }
}

/** The body's character set: the Content-Type header, a byte-order mark, the XML declaration or a meta tag. */
export function charsetOf(contentType: string | null, bytes: Uint8Array): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader !== undefined) return fromHeader;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const declared =
    /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return declared ?? 'utf-8';
}

function decoderFor(label: string) {
  try {
    return new TextDecoder(label);
  } catch {
    // An unknown label: UTF-8 reads most of the web, and replacement characters beat failing.
    return new TextDecoder('utf-8');
  }
}

function decode(bytes: Uint8Array, contentType: string | null): string {
  return decoderFor(charsetOf(contentType, bytes)).decode(bytes);
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const tooLarge = () => new FetchError('too-large', `${shortUrl(url)} is larger than ${describeBytes(maxBytes)}`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (response.body === null) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function toFetchError(error: unknown, url: string, signal: AbortSignal, timeoutMs: number): FetchError {
  if (error instanceof FetchError) return error;
  if (signal.aborted) {
    const seconds = timeoutMs >= 1000 ? `${+(timeoutMs / 1000).toFixed(1)} s` : `${timeoutMs} ms`;
    return new FetchError('timeout', `${shortUrl(url)} did not answer within ${seconds}`, { cause: error });
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new FetchError('network', `Cannot reach ${shortUrl(url)} (${detail})`, { cause: error });
}

/**
 * GETs `rawUrl` within the limits. Resolves to the decoded body, or `not-modified` when the validators still hold;
 * rejects with a FetchError otherwise.
 */
export async function fetchLimited(
  rawUrl: string,
  request: FetchRequest = {},
  limits: FetchLimits = {},
): Promise<FetchResult> {
  const timeoutMs = limits.timeoutMs ?? defaultFetchLimits.timeoutMs;
  const maxBytes = limits.maxBytes ?? defaultFetchLimits.maxBytes;
  const maxRedirects = limits.maxRedirects ?? defaultFetchLimits.maxRedirects;
  const allowPrivateNetwork = limits.allowPrivateNetwork ?? defaultFetchLimits.allowPrivateNetwork;
  const resolve = limits.resolve ?? resolveHost;
  const signal = AbortSignal.timeout(timeoutMs);

  const headers: Record<string, string> = {
    'user-agent': limits.userAgent ?? defaultFetchLimits.userAgent,
    accept: request.accept ?? '*/*',
  };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;

  let url = parseHttpUrl(rawUrl);
  try {
    for (let redirects = 0; ; redirects++) {
      if (!allowPrivateNetwork) await beforeDeadline(assertPublicHost(url, resolve), signal);
      // fetch resolves the name again to connect: a DNS server that answers differently the second time (rebinding)
      // is not caught here. Closing that needs a connect-time check in an undici dispatcher.
      const response = await fetch(url, { headers, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (redirectStatuses.has(response.status) && location !== null) {
        await response.body?.cancel().catch(() => {});
        if (redirects >= maxRedirects) {
          throw new FetchError('http-status', `${shortUrl(rawUrl)} redirects more than ${maxRedirects} times`, {
            status: response.status,
          });
        }
        url = parseHttpUrl(location, url.toString());
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel().catch(() => {});
        return { kind: 'not-modified', url: url.toString() };
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new FetchError('http-status', `${shortUrl(url.toString())} answered HTTP ${response.status}`, {
          status: response.status,
        });
      }
      const bytes = await readCapped(response, maxBytes, url.toString());
      const contentType = response.headers.get('content-type');
      return {
        kind: 'ok',
        url: url.toString(),
        status: response.status,
        contentType,
        body: decode(bytes, contentType),
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
    }
  } catch (error) {
    throw toFetchError(error, url.toString(), signal, timeoutMs);
  }
}
