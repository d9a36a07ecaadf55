/**
 * One article on request (`/ingest <url>` or `/ingest` with pasted text): read, reduced to plain text, and stored
 * unless it is already there. Every refusal is an IngestError whose message can be shown to the person as is.
 */
import type { Clock } from '../core/clock.ts';
import type { ArticleRow, IngestStore } from '../store/ingest-store.ts';
import { canonicalUrl } from './canonical-url.ts';
import { FetchError, type FetchLimits } from './fetch-limited.ts';
import { IngestError } from './ingest-error.ts';
import { publishedDate } from './parse-feed.ts';
import { contentHash, normalizeText, titleFromText } from './plain-text.ts';
import { readArticlePage } from './read-article.ts';
import { plainTitle } from './readable-text.ts';

/** Pasted text above this many bytes (UTF-8) is refused: an article, not a book. */
export const maxPastedBytes = 100_000;

export interface IngestContext {
  ingestStore: IngestStore;
  clock: Clock;
  fetch?: FetchLimits;
}

export interface IngestOutcome {
  article: ArticleRow;
  /** False when the same address or the same text was already stored: `article` is that earlier one. */
  isNew: boolean;
}

/** Reads the article at `url` and stores it. */
export async function ingestUrl(url: string, options: IngestContext & { submittedBy: string }): Promise<IngestOutcome> {
  const given = url.trim().replace(/^<(.*)>$/, '$1');
  const canonical = canonicalUrl(given);
  if (canonical === null) {
    throw new IngestError('bad-url', 'Give an http(s) address, e.g. /ingest https://example.org/news/1');
  }
  const knownId = options.ingestStore.knownArticleId({ canonicalUrl: canonical, url: given });
  const known = knownId === undefined ? undefined : options.ingestStore.article(knownId);
  if (known !== undefined) return { article: known, isNew: false };

  let page: Awaited<ReturnType<typeof readArticlePage>>;
  try {
    page = await readArticlePage(given, options.fetch);
  } catch (error) {
    if (error instanceof FetchError) throw new IngestError(error.reason, error.message, { cause: error });
    throw error;
  }
  return options.ingestStore.addArticle({
    canonicalUrl: page.canonicalUrl,
    contentHash: contentHash(page.text),
    url: given,
    title: plainTitle(page.title) || titleFromText(page.text),
    published: page.published,
    feedUrl: null,
    origin: 'link',
    textFrom: 'page',
    submittedBy: options.submittedBy,
    fetchedAt: options.clock.now().toISOString(),
    text: page.text,
  });
}

/**
 * `URL:` and `DATE:` header lines, the plain-text article convention (see `npm run extract`): taken as the
 * article's address and date when present. The text itself is stored whole.
 */
function pastedHeaders(text: string): { url: string | null; published: string | null } {
  let url: string | null = null;
  let published: string | null = null;
  for (const line of text.split('\n', 4)) {
    const header = /^(URL|DATE):\s*(.+)$/i.exec(line.trim());
    if (!header) break;
    if (header[1]?.toUpperCase() === 'URL') url = canonicalUrl(header[2] ?? '') === null ? null : (header[2] ?? null);
    else published = publishedDate(header[2]);
  }
  return { url, published };
}

/** Stores pasted text as an article. It has no canonical address, so only identical text counts as a duplicate. */
export function ingestText(
  text: string,
  options: Omit<IngestContext, 'fetch'> & { submittedBy: string; title?: string },
): IngestOutcome {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxPastedBytes) {
    throw new IngestError(
      'too-long',
      `The pasted text is ${Math.ceil(bytes / 1000)} kB; the limit is ${maxPastedBytes / 1000} kB`,
    );
  }
  const normalized = normalizeText(text);
  if (normalized === '') throw new IngestError('empty', 'Nothing to read: paste the article text after /ingest');
  const headers = pastedHeaders(normalized);
  const body = normalizeText(normalized.replace(/^((URL|DATE):.*\n?)+/i, '')) || normalized;
  return options.ingestStore.addArticle({
    canonicalUrl: null,
    contentHash: contentHash(normalized),
    url: headers.url,
    title: plainTitle(options.title) || titleFromText(body),
    published: headers.published,
    feedUrl: null,
    origin: 'paste',
    textFrom: 'paste',
    submittedBy: options.submittedBy,
    fetchedAt: options.clock.now().toISOString(),
    text: normalized,
  });
}
