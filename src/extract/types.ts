/**
 * The extractor's contract: what it reads (an article and a gazetteer from the store) and what it proposes
 * (candidate claims for a person to approve). Nothing here is stored as a claim until someone approves it.
 */
import type { ClaimReading } from '../core/review.ts';
import type { Likelihood } from '../domain/schemas.ts';

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

/** A claim read from one sentence; `confidenceWording` is always a substring of `quote`. */
export interface ClaimCandidate extends ClaimReading {
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
