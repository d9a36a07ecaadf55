/**
 * The review queue behind /ingest, /review and /claim: rights, resolution of what reviewers type, and the one path by
 * which a proposed claim enters the store (approve). Reading articles and extracting from them are injected, so this
 * stays free of network and parsing code.
 */
import type { Invoker } from '../core/briefings.ts';
import type { Catalog } from '../core/catalog.ts';
import type { Clock } from '../core/clock.ts';
import { UserError } from '../core/errors.ts';
import type { CandidateChanges, CandidateView, ClaimReading, ReviewService } from '../core/review.ts';
import { counterStances } from '../domain/schemas.ts';
import type { CandidateEdit, CandidateRow, ReviewStore } from '../store/review-store.ts';
import { claimFromCandidate } from './claim-from-candidate.ts';

export interface ReviewServiceDeps {
  store: ReviewStore;
  catalog: Catalog;
  clock: Clock;
  /** Stores pasted text as an article (deduplicated by content) and proposes candidates from it. */
  readPastedText(text: string, submittedBy: string): { title: string; isNew: boolean; proposed: number };
  /** Proposes candidates from one sentence an analyst typed, without storing an article. */
  proposeFromSentence(quote: string): CandidateProposal[];
}

/** What the extractor makes of a typed sentence, before it is queued. */
export interface CandidateProposal extends ClaimReading {
  incidentSlug: string | null;
  rule: string;
}

/** The reading part of anything that carries one, without its other fields. */
export function readingOf(from: ClaimReading): ClaimReading {
  const { claimant, claimantState, actor, actorSlug, sponsorState, stance, confidenceWording } = from;
  return { claimant, claimantState, actor, actorSlug, sponsorState, stance, confidenceWording };
}

const reviewerHint = 'Ask an admin to add you to REVIEWER_USER_IDS (or, on Discord, to give you the reviewer role).';

function requireReviewer(invoker: Invoker, verb: string): void {
  if (invoker.isReviewer !== true) throw new UserError(`Only reviewers may ${verb}. ${reviewerHint}`);
}

/** "China’s Foreign Ministry (CN)" → the name and the state code; the code is optional. */
export function parseParty(text: string): { name: string; state: string | null } {
  const match = /^(.*?)\s*\(([A-Za-z]{2})\)\s*$/.exec(text.trim());
  if (match?.[1]) return { name: match[1].trim(), state: (match[2] ?? '').toUpperCase() };
  return { name: text.trim(), state: null };
}

export function formatParty(name: string, state: string | null): string {
  return state ? `${name} (${state})` : name;
}

function sourceLabel(row: CandidateRow): { label: string; url?: string } {
  const article = row.article;
  const url = article?.url ?? row.sourceUrl ?? undefined;
  const where = article?.feedName ?? (url ? new URL(url).hostname.replace(/^www\./, '') : 'pasted text');
  const date = article?.published ?? article?.fetchedAt.slice(0, 10);
  const title = article && article.origin !== 'paste' ? `“${article.title}”, ` : '';
  return { label: `${title}${where}${date ? `, ${date}` : ''}`, ...(url ? { url } : {}) };
}

export function toCandidateView(row: CandidateRow): CandidateView {
  return {
    id: row.id,
    status: row.status,
    incident: row.incidentSlug ? { slug: row.incidentSlug, title: row.incidentTitle ?? row.incidentSlug } : null,
    claimant: row.claimant,
    claimantState: row.claimantState,
    actor: row.actor,
    actorSlug: row.actorSlug,
    sponsorState: row.sponsorState,
    stance: row.stance,
    confidenceWording: row.confidenceWording,
    quote: row.quote,
    source: sourceLabel(row),
    rule: row.rule,
    claimSlug: row.claimSlug,
  };
}

export function createReviewService(deps: ReviewServiceDeps): ReviewService {
  const { store, catalog, clock } = deps;
  const now = () => clock.now().toISOString();

  const pendingRow = (id: number): CandidateRow => {
    const row = store.candidate(id);
    if (!row) throw new UserError(`There is no candidate #${id}. Type /review to see the queue.`);
    if (row.status !== 'pending') {
      throw new UserError(`Candidate #${id} was already ${row.status}${row.reviewedBy ? ' by another reviewer' : ''}.`);
    }
    return row;
  };

  /** A typed incident (slug or name) as the one incident it means. */
  const resolveIncident = (text: string): string => {
    const outcome = catalog.searchIncidents(text);
    if (outcome.kind === 'match') return outcome.item.slug;
    const options = outcome.kind === 'choices' ? outcome.items : outcome.suggestions;
    const hint =
      options.length > 0
        ? ` Did you mean: ${options
            .slice(0, 3)
            .map((i) => i.slug)
            .join(', ')}?`
        : '';
    throw new UserError(`incident: no single incident matches “${text}”.${hint}`);
  };

  /** A typed actor as the store's actor when one clearly matches; otherwise the name as typed, unlinked. */
  const resolveActor = (text: string): { name: string; slug: string | null; state: string | null } => {
    const { name, state } = parseParty(text);
    const outcome = catalog.searchActors(name);
    return { name, slug: outcome.kind === 'match' ? outcome.item.slug : null, state };
  };

  const applyChanges = (row: CandidateRow, changes: CandidateChanges): CandidateEdit => {
    const speaker = changes.speaker !== undefined ? parseParty(changes.speaker) : undefined;
    const actor = changes.actor !== undefined ? resolveActor(changes.actor) : undefined;
    const hedge = changes.hedge?.trim();
    return {
      claimant: speaker?.name ?? row.claimant,
      claimantState: speaker ? speaker.state : row.claimantState,
      stance: changes.stance ?? row.stance,
      actor: actor?.name ?? row.actor,
      actorSlug: actor ? actor.slug : row.actorSlug,
      sponsorState: actor ? actor.state : row.sponsorState,
      // An emptied hedge box means the speaker gave no probability words.
      confidenceWording: hedge === undefined ? row.confidenceWording : hedge === '' ? null : hedge,
      incidentSlug: changes.incident !== undefined ? resolveIncident(changes.incident) : row.incidentSlug,
    };
  };

  const viewOf = (id: number): CandidateView => {
    const row = store.candidate(id);
    if (!row) throw new UserError(`There is no candidate #${id}.`);
    return toCandidateView(row);
  };

  return {
    submitText(invoker, text) {
      return deps.readPastedText(text, `${invoker.platform}:${invoker.userId}`);
    },

    queueLink(invoker, url) {
      return { requestId: store.queueUrl(url, `${invoker.platform}:${invoker.userId}`, now()) };
    },

    queue(invoker, page, pageSize) {
      requireReviewer(invoker, 'see the review queue');
      const total = store.pendingCount();
      const dayAgo = new Date(clock.now().getTime() - 86_400_000).toISOString();
      return {
        candidates: store.pending(pageSize, (page - 1) * pageSize).map(toCandidateView),
        total,
        linksPending: store.pendingRequestCount(),
        linksFailed: store.recentFailedRequests(dayAgo, 3).map((r) => ({ url: r.url, error: r.error ?? 'failed' })),
        openDisputes: store.openDisputeCount(),
      };
    },

    candidate(invoker, id) {
      requireReviewer(invoker, 'see the review queue');
      const row = store.candidate(id);
      return row ? toCandidateView(row) : undefined;
    },

    approve(invoker, id) {
      requireReviewer(invoker, 'approve claims');
      const row = pendingRow(id);
      if (!row.incidentSlug || !store.incidentExists(row.incidentSlug)) {
        throw new UserError(`Candidate #${id} has no incident yet: press Edit and name the incident first.`);
      }
      if (row.actor.trim() === '' && row.actorSlug === null) {
        throw new UserError(`Candidate #${id} names no actor: press Edit and say who is blamed or defended.`);
      }
      const respondsTo = counterStances.has(row.stance)
        ? store.latestAnswerable(row.incidentSlug, row.actorSlug, row.sponsorState)
        : undefined;
      const parsed = claimFromCandidate(row, row.incidentSlug, respondsTo);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UserError(
          `Candidate #${id} cannot become a claim yet: ${issue?.path.join('.') || 'claim'} ${issue?.message ?? 'is invalid'}. Press Edit to fix it.`,
        );
      }
      const claim = parsed.data;
      if (!store.approve(id, claim, row.incidentSlug, `${invoker.platform}:${invoker.userId}`, now())) {
        throw new UserError(`Candidate #${id} was reviewed by someone else a moment ago.`);
      }
      return viewOf(id);
    },

    reject(invoker, id) {
      requireReviewer(invoker, 'reject claims');
      pendingRow(id);
      if (!store.reject(id, `${invoker.platform}:${invoker.userId}`, now())) {
        throw new UserError(`Candidate #${id} was reviewed by someone else a moment ago.`);
      }
      return viewOf(id);
    },

    edit(invoker, id, changes) {
      requireReviewer(invoker, 'edit claims');
      const row = pendingRow(id);
      store.edit(id, applyChanges(row, changes), `${invoker.platform}:${invoker.userId}`, now());
      return viewOf(id);
    },

    draftClaim(invoker, quote, url) {
      requireReviewer(invoker, 'add claims');
      const proposal = deps.proposeFromSentence(quote)[0];
      const by = `${invoker.platform}:${invoker.userId}`;
      store.addCandidates(
        [
          {
            claimant: 'Unnamed speaker',
            claimantState: null,
            actor: 'Unnamed actor',
            actorSlug: null,
            sponsorState: null,
            stance: 'attributes',
            confidenceWording: null,
            incidentSlug: null,
            // What the extractor read, when it read anything: the reviewer corrects the rest in the form.
            ...(proposal ? readingOf(proposal) : {}),
            ...(proposal ? { incidentSlug: proposal.incidentSlug } : {}),
            articleId: null,
            quote,
            quoteStart: null,
            quoteEnd: null,
            rule: 'analyst',
            sourceUrl: url,
            proposedBy: by,
          },
        ],
        now(),
      );
      const latest = store.latestTypedBy(by);
      if (latest === undefined) throw new Error('the typed claim was not stored');
      return viewOf(latest);
    },

    dispute(invoker, claimSlug, note) {
      if (!store.claimExists(claimSlug)) throw new UserError(`There is no claim “${claimSlug}” any more.`);
      store.fileDispute(claimSlug, note, `${invoker.platform}:${invoker.userId}`, invoker.platform, now());
    },

    disputes(invoker, limit) {
      requireReviewer(invoker, 'see disputes');
      return store.openDisputes(limit).map(({ id, claimSlug, incidentSlug, note, filedAt }) => ({
        id,
        claimSlug,
        incidentSlug,
        note,
        filedAt,
      }));
    },
  };
}
