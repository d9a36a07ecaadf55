/** What /ingest, /review and /claim may ask for: the port, implemented by src/review/service.ts. */
import type { Stance } from '../domain/schemas.ts';
import type { Invoker } from './briefings.ts';

/**
 * Who said what about whom, as read from one sentence: the part of a proposed claim a reviewer checks. The extractor
 * proposes it, the review queue stores it, a reviewer corrects it.
 */
export interface ClaimReading {
  /** The speaker as named in the text ("China's Foreign Ministry", "Jane Roe"). */
  claimant: string;
  /** ISO 3166-1 alpha-2 code of the state the speaker speaks for. */
  claimantState: string | null;
  /**
   * The accused as named in the text ("SVR", "North Korea", "Tick"). For push-back stances (denies,
   * evidence-challenge, counter-accusation) it is the party whose blame is disputed; empty when the sentence names
   * nobody (a "no comment" about an incident).
   */
  actor: string;
  /** The store's actor slug when the name is known. */
  actorSlug: string | null;
  sponsorState: string | null;
  stance: Stance;
  /** The hedge words, verbatim. */
  confidenceWording: string | null;
}

/** A proposed claim as a reviewer sees it. */
export interface CandidateView extends ClaimReading {
  id: number;
  status: 'pending' | 'approved' | 'rejected';
  incident: { slug: string; title: string } | null;
  /** The supporting sentence, verbatim. */
  quote: string;
  /** Where the sentence was published ("Example Wire, 2026-11-20"), and its address when there is one. */
  source: { label: string; url?: string };
  /** Which extraction rule proposed it, or "analyst". */
  rule: string;
  /** The claim it became, once approved. */
  claimSlug: string | null;
}

export interface ReviewQueue {
  candidates: CandidateView[];
  total: number;
  /** Links queued with /ingest and not read yet. */
  linksPending: number;
  /** Links that could not be read in the last day, with why. */
  linksFailed: Array<{ url: string; error: string }>;
  openDisputes: number;
}

export interface DisputeView {
  id: number;
  claimSlug: string;
  incidentSlug: string | null;
  note: string;
  filedAt: string;
}

/** What a reviewer may change on a candidate; `undefined` keeps the current value. */
export interface CandidateChanges {
  speaker?: string;
  stance?: Stance;
  actor?: string;
  hedge?: string;
  incident?: string;
}

export interface ReviewService {
  /** Reads pasted text now and proposes what it finds. */
  submitText(invoker: Invoker, text: string): { title: string; isNew: boolean; proposed: number };
  /** Queues a link; a background worker reads it and proposes what it finds. */
  queueLink(invoker: Invoker, url: string): { requestId: number };
  queue(invoker: Invoker, page: number, pageSize: number): ReviewQueue;
  candidate(invoker: Invoker, id: number): CandidateView | undefined;
  approve(invoker: Invoker, id: number): CandidateView;
  reject(invoker: Invoker, id: number): CandidateView;
  edit(invoker: Invoker, id: number, changes: CandidateChanges): CandidateView;
  /** A claim typed by an analyst: proposed from the sentence, then opened for editing. */
  draftClaim(invoker: Invoker, quote: string, url: string): CandidateView;
  dispute(invoker: Invoker, claimSlug: string, note: string): void;
  disputes(invoker: Invoker, limit: number): DisputeView[];
}
