/**
 * News in, candidates out: every article stored (from a feed, a queued link or pasted text) is read by the
 * extractor once, and what it proposes waits in the review queue. An article is marked extracted in the same
 * transaction as its candidates, so a crash between the two re-reads it rather than losing it.
 */
import type { Clock } from '../core/clock.ts';
import type { Log } from '../core/log.ts';
import { extractClaims, parseArticleFile } from '../extract/extract.ts';
import type { ClaimCandidate, Gazetteer } from '../extract/types.ts';
import { FetchError, type FetchLimits } from '../ingest/fetch-limited.ts';
import { IngestError } from '../ingest/ingest-error.ts';
import { ingestText, ingestUrl } from '../ingest/ingest-one.ts';
import type { ArticleRow, IngestStore } from '../store/ingest-store.ts';
import type { CandidateInput, ReviewStore } from '../store/review-store.ts';
import { type CandidateProposal, readingOf } from './service.ts';

export interface NewsPipelineDeps {
  /** The names the extractor looks for, read from the store. */
  readGazetteer(): Gazetteer;
  ingestStore: IngestStore;
  reviewStore: ReviewStore;
  clock: Clock;
  logger: Pick<Log, 'info' | 'warn'>;
  fetch?: FetchLimits;
  /** How long a gazetteer read from the store is reused. @default 60 s */
  gazetteerTtlMs?: number;
}

const maxLinkAttempts = 3;

/**
 * Failures worth another try: the site may answer later (a timeout, the network, a 5xx, 408 or 429). A refusal that
 * will not change — a bad address, a page too large, a 404 — is given up at once.
 */
export function mayPass(error: unknown): boolean {
  if (!(error instanceof IngestError)) return false;
  if (error.reason === 'timeout' || error.reason === 'network') return true;
  if (error.reason !== 'http-status') return false;
  const status = error.cause instanceof FetchError ? error.cause.status : undefined;
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

function toCandidateInput(articleId: number | null, c: ClaimCandidate): CandidateInput {
  return {
    ...readingOf(c),
    articleId,
    incidentSlug: c.incidentSlug,
    quote: c.quote,
    quoteStart: c.start,
    quoteEnd: c.end,
    rule: c.rule,
    sourceUrl: null,
    proposedBy: null,
  };
}

export function createNewsPipeline(deps: NewsPipelineDeps) {
  const { ingestStore, reviewStore, clock, logger } = deps;
  const ttl = deps.gazetteerTtlMs ?? 60_000;
  let cached: { gazetteer: Gazetteer; readAt: number } | undefined;
  const gazetteer = (): Gazetteer => {
    const now = clock.now().getTime();
    if (!cached || now - cached.readAt > ttl) cached = { gazetteer: deps.readGazetteer(), readAt: now };
    return cached.gazetteer;
  };

  /** Extracts from one stored article and queues what it finds; returns how many candidates were new. */
  function proposeFrom(article: ArticleRow): number {
    // Pasted text keeps its URL:/DATE: header lines; the extractor reads them as the article's address and date.
    const input =
      article.origin === 'paste'
        ? parseArticleFile(article.text)
        : {
            text: article.text,
            ...(article.url ? { url: article.url } : {}),
            ...(article.published ? { date: article.published } : {}),
          };
    const found = extractClaims(input, gazetteer());
    const now = clock.now().toISOString();
    return ingestStore.recordExtraction(article.id, now, () =>
      reviewStore.addCandidates(
        found.map((c) => toCandidateInput(article.id, c)),
        now,
      ),
    );
  }

  return {
    proposeFrom,

    readPastedText(text: string, submittedBy: string) {
      const { article, isNew } = ingestText(text, { ingestStore, clock, submittedBy });
      const proposed = isNew || article.extractedAt === null ? proposeFrom(article) : 0;
      return { title: article.title, isNew, proposed };
    },

    proposeFromSentence(quote: string): CandidateProposal[] {
      return extractClaims({ text: quote }, gazetteer()).map((c) => ({
        ...readingOf(c),
        incidentSlug: c.incidentSlug,
        rule: c.rule,
      }));
    },

    /** Reads links queued with /ingest, a few per call; a transient failure is retried on a later call. */
    async readQueuedLinks(limit = 5): Promise<number> {
      let read = 0;
      for (const request of reviewStore.pendingRequests(limit)) {
        try {
          const { article } = await ingestUrl(request.url, {
            ingestStore,
            clock,
            submittedBy: request.requestedBy,
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
          });
          const proposed = article.extractedAt === null ? proposeFrom(article) : 0;
          reviewStore.finishRequest(request.id, { articleId: article.id, error: null }, clock.now().toISOString());
          logger.info({ url: request.url, article: article.id, proposed }, 'read a queued link');
          read++;
        } catch (error) {
          const reason = error instanceof IngestError ? error.reason : 'unexpected';
          const message = error instanceof Error ? error.message : String(error);
          logger.warn({ url: request.url, reason, err: error }, 'could not read a queued link');
          if (mayPass(error) && request.attempts + 1 < maxLinkAttempts) {
            reviewStore.retryRequest(request.id, message);
          } else {
            reviewStore.finishRequest(request.id, { articleId: null, error: message }, clock.now().toISOString());
          }
        }
      }
      return read;
    },

    /** Articles stored but not yet extracted (a crash between the two): extracted now. */
    extractPending(limit = 50): number {
      let proposed = 0;
      for (const article of ingestStore.articlesToExtract(limit)) proposed += proposeFrom(article);
      return proposed;
    },
  };
}

export type NewsPipeline = ReturnType<typeof createNewsPipeline>;
