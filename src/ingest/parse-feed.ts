/**
 * Feed items out of RSS, Atom, RDF or JSON Feed (feedsmith does the parsing), reduced to what ingest needs. Feeds
 * are written by strangers: every field may be missing, titles may hold markup, links may be relative.
 */
import { createRequire } from 'node:module';
import type { AnyFeed, parseFeed as ParseFeed } from 'feedsmith';
import { canonicalUrl } from './canonical-url.ts';
import { normalizeText } from './plain-text.ts';
import { htmlToText, plainTitle } from './readable-text.ts';

// Loaded on the first feed read: the parser takes a few hundred milliseconds to load, which start-up should not pay.
const load = createRequire(import.meta.url);
let parseFeed: typeof ParseFeed | undefined;
function feedParser(): typeof ParseFeed {
  parseFeed ??= (load('feedsmith') as { parseFeed: typeof ParseFeed }).parseFeed;
  return parseFeed;
}

export interface FeedItem {
  /** Plain text, possibly empty. */
  title: string;
  /** Absolute http(s) address of the item's page, as the feed gives it. */
  url: string;
  /** YYYY-MM-DD, or null when the feed gives no readable date. */
  published: string | null;
  /** The richest text the feed itself carries for the item (full content when present), plain; maybe empty. */
  summary: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  items: FeedItem[];
  /** Items dropped because they had no usable http(s) link. */
  skippedWithoutLink: number;
}

/** The body is not a feed feedsmith can read; the message names the cause in one line. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
}

interface RawItem {
  title?: string | undefined;
  link?: string | undefined;
  date?: string | undefined;
  texts: Array<string | undefined>;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The calendar date as the publisher wrote it: an ISO date is taken as is, an RFC 822 date ("Tue, 10 Jun 2025
 * 23:30 -0500") by its day, month and year — converting to UTC first would move late-evening news to the next day.
 */
export function publishedDate(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const rfc = /(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})/i.exec(text);
  if (rfc) {
    const month = months.indexOf(String(rfc[2]).toLowerCase()) + 1;
    if (month > 0) return valid(Number(rfc[3]), month, Number(rfc[1]));
  }
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString().slice(0, 10);
}

function valid(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function rawItems(parsed: AnyFeed): RawItem[] {
  switch (parsed.format) {
    case 'rss':
      return (parsed.feed.items ?? []).map((item) => ({
        title: item.title,
        link: item.link ?? (item.guid?.isPermaLink !== false ? item.guid?.value : undefined),
        date: item.pubDate ?? item.dc?.dates?.[0],
        texts: [item.content?.encoded, item.description, item.dc?.descriptions?.[0]],
      }));
    case 'atom':
      return (parsed.feed.entries ?? []).map((entry) => {
        const links = entry.links ?? [];
        const page = links.find((link) => (link.rel ?? 'alternate') === 'alternate') ?? links[0];
        return {
          title: entry.title?.value,
          link: page?.href,
          date: entry.published ?? entry.updated,
          texts: [entry.content?.value, entry.summary?.value],
        };
      });
    case 'rdf':
      return (parsed.feed.items ?? []).map((item) => ({
        title: item.title,
        link: item.link,
        date: item.dc?.dates?.[0],
        texts: [item.content?.encoded, item.description, item.dc?.descriptions?.[0]],
      }));
    case 'json':
      return (parsed.feed.items ?? []).map((item) => ({
        title: item.title,
        link: item.url ?? item.external_url,
        date: item.date_published ?? item.date_modified,
        // content_text is already plain; it is read through the same HTML-to-text path, which leaves it as it is.
        texts: [item.content_html, item.content_text, item.summary],
      }));
  }
}

/** An absolute http(s) address for a link that may be relative to the feed. */
function itemUrl(link: string | undefined, feedUrl: string): string | null {
  if (link === undefined || link.trim() === '') return null;
  try {
    const absolute = new URL(link.trim(), feedUrl).toString();
    return canonicalUrl(absolute) === null ? null : absolute;
  } catch {
    return null;
  }
}

function plainSummary(texts: Array<string | undefined>): string {
  for (const text of texts) {
    if (text === undefined || text.trim() === '') continue;
    const plain = /<[a-z!/?]/i.test(text) ? htmlToText(text) : normalizeText(text);
    if (plain !== '') return plain;
  }
  return '';
}

/** Parses a feed body; throws FeedParseError when it is not a feed. */
export function parseFeedItems(body: string, feedUrl: string): ParsedFeed {
  let parsed: AnyFeed;
  try {
    parsed = feedParser()(body);
  } catch (error) {
    throw new FeedParseError(`Not a readable RSS, Atom or JSON feed: ${(error as Error).message}`, { cause: error });
  }
  const items: FeedItem[] = [];
  let skippedWithoutLink = 0;
  for (const raw of rawItems(parsed)) {
    const url = itemUrl(raw.link, feedUrl);
    if (url === null) {
      skippedWithoutLink++;
      continue;
    }
    items.push({
      title: plainTitle(raw.title),
      url,
      published: publishedDate(raw.date),
      summary: plainSummary(raw.texts),
    });
  }
  return { format: parsed.format, items, skippedWithoutLink };
}
