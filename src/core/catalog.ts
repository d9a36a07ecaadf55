/** What commands may ask of the store: the port they depend on, implemented by `src/store`. */
import type { ActorKind } from '../domain/schemas.ts';
import type { ActorProfile, IncidentDossier, IncidentSummary } from '../domain/views.ts';

export interface ActorSummary {
  slug: string;
  name: string;
  kind: ActorKind;
  aliases: string[];
  incidentCount: number;
}

/** One clear match, a short list to choose from (best first), or nothing with the nearest suggestions. */
export type SearchOutcome<T> =
  | { kind: 'match'; item: T }
  | { kind: 'choices'; items: T[] }
  | { kind: 'none'; suggestions: T[] };

export interface Catalog {
  searchIncidents(query: string): SearchOutcome<IncidentSummary>;
  searchActors(query: string): SearchOutcome<ActorSummary>;
  /** Best matches for a partly typed query, however weak, best first: for autocomplete. Empty text: newest. */
  suggestIncidents(text: string, limit: number): IncidentSummary[];
  suggestActors(text: string, limit: number): ActorSummary[];
  incidentDossier(slug: string): IncidentDossier | undefined;
  actorProfile(slug: string): ActorProfile | undefined;
}
