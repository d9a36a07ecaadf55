/**
 * Query sets for the side-by-side search benchmark, drawn deterministically from the records every searcher indexes:
 * exact aliases, one-letter deletions, adjacent swaps and prefixes (actors); victim names, victim typos and title
 * prefixes (incidents). Only names that belong to exactly one record are used, and a typo that happens to be another
 * real name is redrawn. On the curated data, ../shared/corpus/dev-queries.json is added.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EntityKind } from '../search/search.ts';
import type { Db } from '../store/database.ts';
import { prng } from './generate.ts';
import type { PeerRecord } from './peers.ts';

export interface BenchQuery {
  query: string;
  kind: EntityKind;
  /** What the query was made from: alias, deletion, swap, prefix, victim, victim-typo, dev-queries. */
  source: string;
  expect: number;
}

export const devQueriesPath = fileURLToPath(new URL('../../../shared/corpus/dev-queries.json', import.meta.url));

/** The corpus names records in its own words; these are our slugs for them (the dev-queries test uses them too). */
export const devQuerySlugs: Record<string, string> = {
  'JAXA cyberattacks (2016-2017)': 'jaxa-2016-tick',
  'SolarWinds supply-chain compromise': 'solarwinds-2020',
  NotPetya: 'notpetya-2017',
  'Sony Pictures hack (2014)': 'sony-pictures-2014',
  'Bundestag hack (2015)': 'bundestag-2015',
  WannaCry: 'wannacry-2017',
  'Kaseya VSA ransomware attack (2021)': 'kaseya-2021',
  'Storting email breach (2020)': 'storting-2020',
  'OPM data breach (2015)': 'opm-2015',
  'Ukraine power grid attack (2015)': 'ukraine-grid-2015',
  'Equifax breach (2017)': 'equifax-2017',
  APT28: 'apt28',
  APT29: 'apt29',
  Tick: 'tick',
  'Lazarus Group': 'lazarus-group',
  Sandworm: 'sandworm',
  'Volt Typhoon': 'volt-typhoon',
  DarkSide: 'darkside',
};

/** dev-queries.json mapped to record ids; empty when the file is absent or a record is missing. */
export function devQueries(db: Db): BenchQuery[] {
  if (!existsSync(devQueriesPath)) return [];
  const raw = JSON.parse(readFileSync(devQueriesPath, 'utf8')) as Array<{
    query: string;
    kind: string;
    expect: string;
  }>;
  const incident = db.prepare('SELECT id FROM incidents WHERE slug = ?').pluck();
  const actor = db.prepare('SELECT id FROM actors WHERE slug = ?').pluck();
  return raw.flatMap((q) => {
    const slug = devQuerySlugs[q.expect];
    const kind: EntityKind = q.kind === 'actor' ? 'actor' : 'incident';
    const id = slug === undefined ? undefined : ((kind === 'actor' ? actor : incident).get(slug) as number | undefined);
    return id === undefined ? [] : [{ query: q.query, kind, source: 'dev-queries', expect: id }];
  });
}

const lower = (s: string) => s.toLowerCase();

function shuffled<T>(items: T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function deleteOne(s: string, rand: () => number): string {
  const chars = [...s];
  chars.splice(Math.floor(rand() * chars.length), 1);
  return chars.join('');
}

function swapAdjacent(s: string, rand: () => number): string | undefined {
  const chars = [...s];
  const spots = chars.flatMap((c, i) => (i + 1 < chars.length && chars[i + 1] !== c ? [i] : []));
  if (spots.length === 0) return undefined;
  const i = spots[Math.floor(rand() * spots.length)] as number;
  [chars[i], chars[i + 1]] = [chars[i + 1] as string, chars[i] as string];
  return chars.join('');
}

/** Names (lower-cased) → how many records hold them. */
function nameOwners(records: PeerRecord[]): Map<string, number> {
  const owners = new Map<string, number>();
  for (const r of records)
    for (const n of new Set([r.name, ...r.aliases].map(lower))) owners.set(n, (owners.get(n) ?? 0) + 1);
  return owners;
}

/** A prefix of `name` that starts no other record's name; undefined when none of useful length does. */
function uniquePrefix(name: string, sortedNames: string[], ownNames: Set<string>): string | undefined {
  const chars = [...name];
  for (let len = Math.max(4, Math.ceil(chars.length * 0.6)); len < chars.length; len++) {
    const prefix = chars.slice(0, len).join('');
    if (prefix.endsWith(' ')) continue;
    let lo = 0;
    let hi = sortedNames.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sortedNames[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    let clash = false;
    for (let i = lo; i < sortedNames.length && (sortedNames[i] as string).startsWith(prefix); i++) {
      if (!ownNames.has(sortedNames[i] as string)) {
        clash = true;
        break;
      }
    }
    if (!clash) return prefix;
  }
  return undefined;
}

/**
 * `perKind` records of each kind; actors give four queries each (alias, deletion, swap, prefix), incidents three
 * (victim, victim with one letter deleted, title prefix).
 */
export function generatedQueries(
  actors: PeerRecord[],
  incidents: PeerRecord[],
  perKind: number,
  seed = 20240611,
): BenchQuery[] {
  const rand = prng(seed);
  const queries: BenchQuery[] = [];
  const typo = (owners: Map<string, number>, make: () => string | undefined) => {
    for (let tries = 0; tries < 5; tries++) {
      const q = make();
      if (q !== undefined && q.trim().length >= 3 && !owners.has(q)) return q;
    }
    return undefined;
  };

  const actorOwners = nameOwners(actors);
  const actorNames = [...actorOwners.keys()].sort();
  let taken = 0;
  for (const actor of shuffled(actors, rand)) {
    if (taken >= perKind) break;
    const alias = actor.aliases
      .map(lower)
      .find((a) => [...a].length >= 5 && a !== lower(actor.name) && actorOwners.get(a) === 1);
    if (!alias) continue;
    const own = new Set([actor.name, ...actor.aliases].map(lower));
    const deletion = typo(actorOwners, () => deleteOne(alias, rand));
    const swap = typo(actorOwners, () => swapAdjacent(alias, rand));
    const prefix =
      actorOwners.get(lower(actor.name)) === 1 ? uniquePrefix(lower(actor.name), actorNames, own) : undefined;
    if (!deletion || !swap || !prefix) continue;
    queries.push({ query: alias, kind: 'actor', source: 'alias', expect: actor.id });
    queries.push({ query: deletion, kind: 'actor', source: 'deletion', expect: actor.id });
    queries.push({ query: swap, kind: 'actor', source: 'swap', expect: actor.id });
    queries.push({ query: prefix, kind: 'actor', source: 'prefix', expect: actor.id });
    taken++;
  }

  const incidentOwners = nameOwners(incidents);
  const incidentNames = [...incidentOwners.keys()].sort();
  taken = 0;
  for (const incident of shuffled(incidents, rand)) {
    if (taken >= perKind) break;
    const victim = incident.aliases.map(lower).find((v) => [...v].length >= 5 && incidentOwners.get(v) === 1);
    if (!victim) continue;
    const own = new Set([incident.name, ...incident.aliases].map(lower));
    const deletion = typo(incidentOwners, () => deleteOne(victim, rand));
    const prefix =
      incidentOwners.get(lower(incident.name)) === 1
        ? uniquePrefix(lower(incident.name), incidentNames, own)
        : undefined;
    if (!deletion || !prefix) continue;
    queries.push({ query: victim, kind: 'incident', source: 'victim', expect: incident.id });
    queries.push({ query: deletion, kind: 'incident', source: 'victim-typo', expect: incident.id });
    queries.push({ query: prefix, kind: 'incident', source: 'prefix', expect: incident.id });
    taken++;
  }
  return queries;
}
