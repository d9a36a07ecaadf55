/**
 * The extractor's contract: what it reads (an article and a gazetteer from the store) and what it proposes
 * (candidate claims for a person to approve). Nothing here is stored as a claim until someone approves it.
 */
import type { Likelihood, Stance } from '../domain/schemas.ts';

export interface GazetteerActor {
  slug: string;
  name: string;
  aliases: string[];
}

export interface GazetteerIncident {
  slug: string;
  title: string;
  aliases: string[];
  victims: string[];
}

export interface Gazetteer {
  actors: GazetteerActor[];
  incidents: GazetteerIncident[];
}

export interface ArticleInput {
  text: string;
  url?: string;
  /** YYYY-MM-DD */
  date?: string;
}

export interface ClaimCandidate {
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
  /** The store's actor slug when the gazetteer knows the name. */
  actorSlug: string | null;
  sponsorState: string | null;
  stance: Stance;
  /** The hedge words, verbatim: always a substring of `quote`. */
  confidenceWording: string | null;
  likelihood: Likelihood;
  /** The sentence, verbatim: `text.slice(start, end) === quote`. */
  quote: string;
  start: number;
  end: number;
  /** The incident the article is about, when the gazetteer knows it. */
  incidentSlug: string | null;
  /** Which rule fired ("verb-frame:blame", "negated:deny" …), so a reviewer can see why. */
  rule: string;
}
