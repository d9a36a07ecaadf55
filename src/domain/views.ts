/** What the store hands to card builders: domain records joined with what a reader needs next to them. */
import type { Actor, Claim, Incident, Likelihood } from './schemas.ts';

/** A stored claim: the domain claim with its likelihood resolved and where it belongs. `said` is "" when an imported
 * source gives no date for the claim (never guessed). */
export interface ClaimRecord extends Omit<Claim, 'confidence'> {
  confidence: { hedge?: string; level: Likelihood };
  /** Slug of the incident the claim is about, if any. */
  incident?: string;
  /** Name of the actor in `subject.actor`, for display. */
  subjectActorName?: string;
  recordedAt: string;
}

/** The state of an incident's attribution, derived from its claims. */
export type AttributionState = 'unattributed' | 'attributed' | 'contested' | 'retracted';

/** One line about an incident, for lists (choices, related incidents, an actor's incidents). */
export interface IncidentSummary {
  slug: string;
  title: string;
  period: Incident['period'];
  attribution: AttributionState;
  /** Actors and sponsors blamed, most cited first. */
  blamed: string[];
}

export interface IncidentDossier {
  incident: Omit<Incident, 'claims' | 'related'>;
  claims: ClaimRecord[];
  /** Actor-level claims (sponsor links) about the actors this incident is blamed on. */
  actorClaims: ClaimRecord[];
  related: IncidentSummary[];
  /** Actors named in the claims, by slug. */
  actors: Array<{ slug: string; name: string; aliases: string[] }>;
  recordedAt: string;
}

export interface ActorProfile {
  actor: Omit<Actor, 'claims'>;
  /** Actor-level claims and incident claims naming the actor. */
  claims: ClaimRecord[];
  incidents: IncidentSummary[];
  /** Aliases this actor shares with other actors: a name that alone does not identify the actor. */
  sharedAliases: Array<{ alias: string; others: string[] }>;
  /** Set when every source that lists the actor has deprecated it (an ATT&CK group MITRE no longer maintains). */
  deprecatedBy?: string;
}
