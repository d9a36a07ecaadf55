/**
 * The review queue's tables: candidates proposed from articles or typed by analysts, links waiting to be read, and
 * disputes filed against claims. A candidate never reaches a card; only `approve` turns one into a claim.
 */
import type { ClaimReading } from '../core/review.ts';
import type { Claim } from '../domain/schemas.ts';
import type { Db } from './database.ts';
import { writeIncidentClaim } from './write-records.ts';

export interface CandidateInput extends ClaimReading {
  articleId: number | null;
  incidentSlug: string | null;
  quote: string;
  quoteStart: number | null;
  quoteEnd: number | null;
  rule: string;
  sourceUrl: string | null;
  proposedBy: string | null;
}

export interface CandidateRow extends CandidateInput {
  id: number;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: string;
  editedBy: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  claimSlug: string | null;
  /** The article it was read from, when there is one. */
  article: {
    title: string;
    url: string | null;
    published: string | null;
    fetchedAt: string;
    feedUrl: string | null;
    feedName: string | null;
    origin: string;
  } | null;
  incidentTitle: string | null;
}

/** The fields a reviewer may change. */
export interface CandidateEdit extends ClaimReading {
  incidentSlug: string | null;
}

export interface IngestRequestRow {
  id: number;
  url: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  error: string | null;
}

export interface DisputeRow {
  id: number;
  claimSlug: string;
  incidentSlug: string | null;
  note: string;
  filedBy: string;
  platform: string;
  filedAt: string;
}

const candidateColumns = `c.id, c.article_id AS articleId, c.status, c.incident_slug AS incidentSlug, c.claimant,
  c.claimant_state AS claimantState, c.actor, c.actor_slug AS actorSlug, c.sponsor_state AS sponsorState, c.stance,
  c.confidence_wording AS confidenceWording, c.quote, c.quote_start AS quoteStart, c.quote_end AS quoteEnd, c.rule,
  c.source_url AS sourceUrl, c.proposed_by AS proposedBy, c.created_at AS createdAt, c.edited_by AS editedBy,
  c.reviewed_by AS reviewedBy, c.reviewed_at AS reviewedAt, cl.slug AS claimSlug, i.title AS incidentTitle,
  a.title AS articleTitle, a.url AS articleUrl, a.published AS articlePublished, a.fetched_at AS articleFetchedAt,
  a.feed_url AS articleFeedUrl, f.name AS articleFeedName, a.origin AS articleOrigin`;

const candidateFrom = `FROM candidates c
  LEFT JOIN articles a ON a.id = c.article_id
  LEFT JOIN feeds f ON f.url = a.feed_url
  LEFT JOIN incidents i ON i.slug = c.incident_slug
  LEFT JOIN claims cl ON cl.id = c.claim_id`;

type RawCandidate = Omit<CandidateRow, 'article'> & {
  articleTitle: string | null;
  articleUrl: string | null;
  articlePublished: string | null;
  articleFetchedAt: string | null;
  articleFeedUrl: string | null;
  articleFeedName: string | null;
  articleOrigin: string | null;
};

function toCandidate(raw: RawCandidate): CandidateRow {
  const {
    articleTitle,
    articleUrl,
    articlePublished,
    articleFetchedAt,
    articleFeedUrl,
    articleFeedName,
    articleOrigin,
    ...rest
  } = raw;
  return {
    ...rest,
    article:
      articleTitle !== null && articleFetchedAt !== null
        ? {
            title: articleTitle,
            url: articleUrl,
            published: articlePublished,
            fetchedAt: articleFetchedAt,
            feedUrl: articleFeedUrl,
            feedName: articleFeedName,
            origin: articleOrigin ?? 'paste',
          }
        : null,
  };
}

export function createReviewStore(db: Db) {
  const s = {
    insertCandidate: db.prepare(
      `INSERT OR IGNORE INTO candidates (article_id, incident_slug, claimant, claimant_state, actor, actor_slug,
         sponsor_state, stance, confidence_wording, quote, quote_start, quote_end, rule, source_url, proposed_by, created_at)
       VALUES (@articleId, @incidentSlug, @claimant, @claimantState, @actor, @actorSlug, @sponsorState, @stance,
         @confidenceWording, @quote, @quoteStart, @quoteEnd, @rule, @sourceUrl, @proposedBy, @now)`,
    ),
    candidate: db.prepare(`SELECT ${candidateColumns} ${candidateFrom} WHERE c.id = ?`),
    pending: db.prepare(
      `SELECT ${candidateColumns} ${candidateFrom} WHERE c.status = 'pending'
       ORDER BY c.incident_slug IS NULL, c.incident_slug, c.id LIMIT ? OFFSET ?`,
    ),
    pendingCount: db.prepare("SELECT count(*) FROM candidates WHERE status = 'pending'").pluck(),
    edit: db.prepare(
      `UPDATE candidates SET claimant = @claimant, claimant_state = @claimantState, stance = @stance, actor = @actor,
         actor_slug = @actorSlug, sponsor_state = @sponsorState, confidence_wording = @confidenceWording,
         incident_slug = @incidentSlug, edited_by = @by, edited_at = @now
       WHERE id = @id AND status = 'pending'`,
    ),
    reject: db.prepare(
      `UPDATE candidates SET status = 'rejected', reviewed_by = ?, reviewed_at = ? WHERE id = ? AND status = 'pending'`,
    ),
    approve: db.prepare(
      `UPDATE candidates SET status = 'approved', reviewed_by = @by, reviewed_at = @now,
         claim_id = (SELECT id FROM claims WHERE slug = @claimSlug)
       WHERE id = @id AND status = 'pending'`,
    ),
    queueUrl: db.prepare('INSERT INTO ingest_requests (url, requested_by, requested_at) VALUES (?, ?, ?)'),
    pendingRequests: db.prepare(
      `SELECT id, url, requested_by AS requestedBy, requested_at AS requestedAt, status, attempts, error
       FROM ingest_requests WHERE status = 'pending' ORDER BY id LIMIT ?`,
    ),
    recentFailedRequests: db.prepare(
      `SELECT id, url, requested_by AS requestedBy, requested_at AS requestedAt, status, attempts, error
       FROM ingest_requests WHERE status = 'failed' AND finished_at >= ? ORDER BY id DESC LIMIT ?`,
    ),
    pendingRequestCount: db.prepare("SELECT count(*) FROM ingest_requests WHERE status = 'pending'").pluck(),
    finishRequest: db.prepare(
      `UPDATE ingest_requests SET status = @status, error = @error, article_id = @articleId, finished_at = @now,
         attempts = attempts + 1
       WHERE id = @id AND status = 'pending'`,
    ),
    retryRequest: db.prepare(
      "UPDATE ingest_requests SET attempts = attempts + 1, error = ? WHERE id = ? AND status = 'pending'",
    ),
    latestTypedBy: db
      .prepare("SELECT max(id) FROM candidates WHERE proposed_by = ? AND rule = 'analyst' AND status = 'pending'")
      .pluck(),
    claimIdBySlug: db.prepare('SELECT id FROM claims WHERE slug = ?').pluck(),
    fileDispute: db.prepare(
      `INSERT INTO disputes (claim_id, note, filed_by, platform, filed_at)
       VALUES ((SELECT id FROM claims WHERE slug = @claimSlug), @note, @by, @platform, @now)`,
    ),
    openDisputes: db.prepare(
      `SELECT d.id, cl.slug AS claimSlug, i.slug AS incidentSlug, d.note, d.filed_by AS filedBy, d.platform,
         d.filed_at AS filedAt
       FROM disputes d JOIN claims cl ON cl.id = d.claim_id LEFT JOIN incidents i ON i.id = cl.incident_id
       WHERE d.resolved_at IS NULL ORDER BY d.id LIMIT ?`,
    ),
    openDisputeCount: db.prepare('SELECT count(*) FROM disputes WHERE resolved_at IS NULL').pluck(),
    incidentExists: db.prepare('SELECT 1 FROM incidents WHERE slug = ?').pluck(),
    latestAnswerable: db
      .prepare(
        `SELECT cl.slug FROM claims cl JOIN incidents i ON i.id = cl.incident_id
       WHERE i.slug = @incident AND cl.stance IN ('attributes', 'corroborates')
         AND (@actor IS NULL OR cl.subject_actor_id = (SELECT id FROM actors WHERE slug = @actor)
              OR (@state IS NOT NULL AND (cl.subject_state = @state OR cl.sponsor_state = @state)))
       ORDER BY cl.said DESC, cl.id DESC LIMIT 1`,
      )
      .pluck(),
  };

  return {
    /** Adds candidates, skipping ones already proposed from the same sentence; returns how many were new. */
    addCandidates(candidates: CandidateInput[], now: string): number {
      return db.transaction(() => {
        let added = 0;
        for (const c of candidates) added += s.insertCandidate.run({ ...c, now }).changes;
        return added;
      })();
    },
    candidate(id: number): CandidateRow | undefined {
      const raw = s.candidate.get(id) as RawCandidate | undefined;
      return raw ? toCandidate(raw) : undefined;
    },
    pending(limit: number, offset: number): CandidateRow[] {
      return (s.pending.all(limit, offset) as RawCandidate[]).map(toCandidate);
    },
    pendingCount: () => Number(s.pendingCount.get()),
    edit(id: number, edit: CandidateEdit, by: string, now: string): boolean {
      return s.edit.run({ ...edit, id, by, now }).changes === 1;
    },
    reject(id: number, by: string, now: string): boolean {
      return s.reject.run(by, now, id).changes === 1;
    },
    /**
     * Writes the claim and marks the candidate approved, in one transaction: either both happen or neither, and a
     * candidate someone else approved or rejected a moment ago is left alone (false).
     */
    approve(id: number, claim: Claim, incidentSlug: string, by: string, now: string): boolean {
      return db
        .transaction(() => {
          const current = s.candidate.get(id) as RawCandidate | undefined;
          if (current?.status !== 'pending') return false;
          writeIncidentClaim(db, claim, incidentSlug, 'review', now);
          return s.approve.run({ id, by, now, claimSlug: claim.id }).changes === 1;
        })
        .immediate();
    },
    /** The newest claim an analyst typed and has not finished, to open it for editing. */
    latestTypedBy(by: string): number | undefined {
      const id = s.latestTypedBy.get(by) as number | null;
      return id ?? undefined;
    },
    incidentExists: (slug: string) => s.incidentExists.get(slug) !== undefined,
    /** The newest attribution in an incident that a counter-claim about this actor or state would answer. */
    latestAnswerable(incident: string, actor: string | null, state: string | null): string | undefined {
      return s.latestAnswerable.get({ incident, actor, state }) as string | undefined;
    },

    queueUrl(url: string, by: string, now: string): number {
      return Number(s.queueUrl.run(url, by, now).lastInsertRowid);
    },
    pendingRequests: (limit: number) => s.pendingRequests.all(limit) as IngestRequestRow[],
    pendingRequestCount: () => Number(s.pendingRequestCount.get()),
    recentFailedRequests: (since: string, limit: number) =>
      s.recentFailedRequests.all(since, limit) as IngestRequestRow[],
    finishRequest(id: number, outcome: { articleId: number | null; error: string | null }, now: string): void {
      s.finishRequest.run({ id, status: outcome.error === null ? 'done' : 'failed', ...outcome, now });
    },
    retryRequest(id: number, error: string): void {
      s.retryRequest.run(error, id);
    },

    claimExists: (slug: string) => s.claimIdBySlug.get(slug) !== undefined,
    fileDispute(claimSlug: string, note: string, by: string, platform: string, now: string): void {
      s.fileDispute.run({ claimSlug, note, by, platform, now });
    },
    openDisputes: (limit: number) => s.openDisputes.all(limit) as DisputeRow[],
    openDisputeCount: () => Number(s.openDisputeCount.get()),
  };
}

export type ReviewStore = ReturnType<typeof createReviewStore>;
