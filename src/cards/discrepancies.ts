/**
 * Where sources disagree, the card says so and lists who holds which view; nothing is resolved silently.
 * Today: the sponsor named for the same actor, and the state blamed for the same incident.
 */
import { sponsorsAgree, standingAttributions } from '../domain/attribution.ts';
import { countryName } from '../domain/countries.ts';
import type { Sponsor } from '../domain/schemas.ts';
import type { ClaimRecord } from '../domain/views.ts';
import { holderName } from './format.ts';

export interface Discrepancy {
  topic: 'sponsor' | 'state';
  /** Each competing value with the parties that hold it. */
  views: Array<{ value: string; holders: string[] }>;
}

function collect<K>(claims: ClaimRecord[], keyOf: (c: ClaimRecord) => K | undefined, label: (k: K) => string) {
  const views = new Map<string, { key: K; holders: string[] }>();
  for (const claim of claims) {
    const key = keyOf(claim);
    if (key === undefined) continue;
    const value = label(key);
    const view = views.get(value) ?? { key, holders: [] };
    const holder = holderName(claim.speaker);
    if (!view.holders.includes(holder)) view.holders.push(holder);
    views.set(value, view);
  }
  return [...views.entries()].map(([value, v]) => ({ value, key: v.key, holders: v.holders }));
}

/** Sponsors that conflict: keep only those that disagree with at least one other named sponsor. */
function sponsorDiscrepancy(claims: ClaimRecord[]): Discrepancy | undefined {
  const views = collect<Sponsor>(
    claims,
    (c) => c.subject.sponsor,
    (s) => s.name,
  );
  const conflicting = views.filter((v) => views.some((w) => w !== v && !sponsorsAgree(v.key, w.key)));
  if (conflicting.length < 2) return undefined;
  return { topic: 'sponsor', views: conflicting.map(({ value, holders }) => ({ value, holders })) };
}

function stateDiscrepancy(claims: ClaimRecord[]): Discrepancy | undefined {
  const views = collect<string>(
    claims,
    (c) => c.subject.state ?? c.subject.sponsor?.state,
    (code) => countryName(code),
  );
  if (views.length < 2) return undefined;
  return { topic: 'state', views: views.map(({ value, holders }) => ({ value, holders })) };
}

/** Discrepancies among the standing attributions given (an incident's, plus its actors' sponsor links). */
export function findDiscrepancies(claims: ClaimRecord[]): Discrepancy[] {
  const standing = standingAttributions(claims);
  return [stateDiscrepancy(standing), sponsorDiscrepancy(standing)].filter((d): d is Discrepancy => d !== undefined);
}

/** "Sources disagree on the sponsor: PLA Unit 61419 (Tokyo police) · NUDT (MISP galaxy)". */
export function describeDiscrepancy(d: Discrepancy): string {
  const topic = d.topic === 'sponsor' ? 'the sponsor' : 'which state is responsible';
  return `Sources disagree on ${topic}: ${d.views.map((v) => `${v.value} (${v.holders.join(', ')})`).join(' · ')}`;
}
