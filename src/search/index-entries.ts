/**
 * Which names each entity can be found by, and how strongly each name identifies it. The store writes these into
 * its search tables; keeping the choice here keeps it testable without SQLite.
 */
import { countryName } from '../domain/countries.ts';

export interface SearchName {
  name: string;
  /** 1 for the entity's own name or alias; lower for names that only point towards it. */
  weight: number;
}

/** Weights by how a name relates to its entity. */
export const nameWeights = {
  own: 1,
  victim: 0.9,
  blamedActor: 0.6,
  sponsor: 0.6,
  country: 0.5,
  year: 0.5,
  incidentOfActor: 0.5,
  /** Words of the summary or description: enough to find "merkel email", too weak to outrank a name. */
  prose: 0.35,
} as const;

export interface IncidentNameSource {
  slug: string;
  title: string;
  aliases: string[];
  victims: Array<{ name: string; country?: string }>;
  periodStart: string;
  periodEnd?: string;
  summary: string;
  /** Names and aliases of the actors its claims blame. */
  blamedActorNames: string[];
  sponsorNames: string[];
  /** States accused in its claims. */
  accusedStates: string[];
}

export interface ActorNameSource {
  slug: string;
  name: string;
  aliases: string[];
  mitreAttackId?: string;
  description: string;
  sponsorNames: string[];
  incidentTitles: string[];
}

function yearsOf(start: string, end: string | undefined): string[] {
  const first = Number(start.slice(0, 4));
  const last = end === undefined ? first : Number(end.slice(0, 4));
  const years: string[] = [];
  for (let y = first; y <= last && years.length < 30; y++) years.push(String(y));
  return years;
}

/** Keeps the strongest weight for each distinct name. */
function strongest(names: SearchName[]): SearchName[] {
  const best = new Map<string, SearchName>();
  for (const entry of names) {
    const key = entry.name.trim();
    if (key === '') continue;
    const seen = best.get(key);
    if (!seen || seen.weight < entry.weight) best.set(key, { name: key, weight: entry.weight });
  }
  return [...best.values()];
}

export function incidentSearchNames(source: IncidentNameSource): SearchName[] {
  const countries = new Set([
    ...source.victims.flatMap((v) => (v.country ? [v.country] : [])),
    ...source.accusedStates,
  ]);
  return strongest([
    { name: source.title, weight: nameWeights.own },
    { name: source.slug, weight: nameWeights.own },
    ...source.aliases.map((name) => ({ name, weight: nameWeights.own })),
    ...source.victims.map((v) => ({ name: v.name, weight: nameWeights.victim })),
    ...source.blamedActorNames.map((name) => ({ name, weight: nameWeights.blamedActor })),
    ...source.sponsorNames.map((name) => ({ name, weight: nameWeights.sponsor })),
    ...[...countries].map((code) => ({ name: countryName(code), weight: nameWeights.country })),
    ...yearsOf(source.periodStart, source.periodEnd).map((name) => ({ name, weight: nameWeights.year })),
    { name: source.summary, weight: nameWeights.prose },
  ]);
}

export function actorSearchNames(source: ActorNameSource): SearchName[] {
  return strongest([
    { name: source.name, weight: nameWeights.own },
    { name: source.slug, weight: nameWeights.own },
    ...source.aliases.map((name) => ({ name, weight: nameWeights.own })),
    ...(source.mitreAttackId ? [{ name: source.mitreAttackId, weight: nameWeights.own }] : []),
    ...source.sponsorNames.map((name) => ({ name, weight: nameWeights.sponsor })),
    ...source.incidentTitles.map((name) => ({ name, weight: nameWeights.incidentOfActor })),
    { name: source.description, weight: nameWeights.prose },
  ]);
}
