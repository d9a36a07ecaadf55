/**
 * One article page, fetched within the limits and reduced to plain text, with the address it should be known by.
 * Shared by the feed poller (a feed item's page) and `/ingest <url>`.
 */
import { pageCanonicalUrl } from './canonical-url.ts';
import { type FetchLimits, fetchLimited, shortUrl } from './fetch-limited.ts';
import { IngestError } from './ingest-error.ts';
import { publishedDate } from './parse-feed.ts';
import { normalizeText } from './plain-text.ts';
import { readableText } from './readable-text.ts';

export interface ArticlePage {
  /** The address the page was read from, after redirects. */
  url: string;
  canonicalUrl: string;
  /** The page's own title, not yet cleaned; null when it has none. */
  title: string | null;
  /** YYYY-MM-DD when the page declares a publication date. */
  published: string | null;
  /** Plain text, never empty. */
  text: string;
}

const pageAccept = 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8';

function mediaType(contentType: string | null, body: string): string {
  const type = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/plain') return 'text';
  // No Content-Type: a body that opens with markup is read as a page.
  if (type === '') return /^\s*</.test(body) ? 'html' : 'text';
  return type;
}

/** Fetches and reads `url`; rejects with FetchError (transport) or IngestError (nothing readable there). */
export async function readArticlePage(url: string, limits: FetchLimits = {}): Promise<ArticlePage> {
  const result = await fetchLimited(url, { accept: pageAccept }, limits);
  // Without validators a server has no business answering 304; treat it as an empty page.
  if (result.kind === 'not-modified') throw new IngestError('no-text', `No readable text at ${shortUrl(url)}`);
  const type = mediaType(result.contentType, result.body);
  let page: { title: string | null; text: string; canonicalHref: string | null; publishedTime: string | null };
  if (type === 'html') page = readableText(result.body);
  else if (type === 'text')
    page = { title: null, text: normalizeText(result.body), canonicalHref: null, publishedTime: null };
  else throw new IngestError('unsupported-content', `${shortUrl(result.url)} is ${type}, not a web page`);
  if (page.text === '') throw new IngestError('no-text', `No readable text at ${shortUrl(result.url)}`);
  return {
    url: result.url,
    canonicalUrl: pageCanonicalUrl(result.url, page.canonicalHref) ?? result.url,
    title: page.title,
    published: publishedDate(page.publishedTime ?? undefined),
    text: page.text,
  };
}
