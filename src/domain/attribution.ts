/** Derives an incident's attribution state and who is blamed from its claims; nothing here is typed by hand. */
import { countryName } from './countries.ts';
import type { ClaimSubject, Sponsor, Stance } from './schemas.ts';
import type { AttributionState } from './views.ts';

/** The part of a claim these rules read, so lists and cards can share them. */
export interface ClaimFacts {
  id: string;
  stance: Stance;
  subject: ClaimSubject;
  respondsTo?: string;
  subjectActorName?: string;
}

const attributing: ReadonlySet<Stance> = new Set(['attributes', 'corroborates']);
/** Stances that dispute an attribution (a non-acknowledgement does not). */
export const contestingStances: ReadonlySet<Stance> = new Set(['denies', 'evidence-challenge', 'counter-accusation']);

/** True for a claim that blames someone: an attribution or a corroboration of one. */
export function isAttribution(claim: ClaimFacts): boolean {
  return attributing.has(claim.stance);
}

/** Attributions that have not been retracted by a later claim answering them. */
export function standingAttributions<T extends ClaimFacts>(claims: readonly T[]): T[] {
  const retracted = new Set(claims.filter((c) => c.stance === 'retracts').map((c) => c.respondsTo));
  return claims.filter((c) => isAttribution(c) && !retracted.has(c.id));
}

function accusedStates(subject: ClaimSubject): string[] {
  return [subject.state, subject.sponsor?.state].filter((s): s is string => s !== undefined);
}

/**
 * Whether `answer` disputes `target`. Challenges to the evidence and counter-accusations always do. A denial does
 * when it denies what was claimed: the same actor, sponsor or state. (The Kremlin denying Russian involvement
 * after the FBI blamed the criminal group DarkSide denies something nobody claimed.)
 */
export function disputes(answer: ClaimFacts, target: ClaimFacts): boolean {
  if (!contestingStances.has(answer.stance)) return false;
  if (answer.stance !== 'denies') return true;
  const a = answer.subject;
  const t = target.subject;
  const sameActor = a.actor !== undefined && a.actor === t.actor;
  const sameSponsor = a.sponsor !== undefined && t.sponsor !== undefined && sponsorsAgree(a.sponsor, t.sponsor);
  const targetStates = accusedStates(t);
  return sameActor || sameSponsor || accusedStates(a).some((state) => targetStates.includes(state));
}

/** unattributed → nobody blamed; contested → a claim disputes a standing attribution. */
export function attributionStateOf(claims: readonly ClaimFacts[]): AttributionState {
  if (!claims.some(isAttribution)) return 'unattributed';
  const standing = standingAttributions(claims);
  if (standing.length === 0) return 'retracted';
  const byId = new Map(standing.map((c) => [c.id, c]));
  const contested = claims.some((c) => {
    if (c.respondsTo === undefined) return contestingStances.has(c.stance);
    const target = byId.get(c.respondsTo);
    return target !== undefined && disputes(c, target);
  });
  return contested ? 'contested' : 'attributed';
}

/** Names blamed by standing attributions, most often named first: actors, then sponsors. */
export function blamedNames(claims: readonly ClaimFacts[]): string[] {
  const counts = new Map<string, number>();
  const bump = (name: string | undefined) => {
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  };
  const standing = standingAttributions(claims);
  for (const claim of standing) bump(claim.subjectActorName);
  const actors = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  counts.clear();
  for (const claim of standing) bump(claim.subject.sponsor?.name);
  const sponsors = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  if (actors.length > 0 || sponsors.length > 0) return [...actors, ...sponsors.filter((s) => !actors.includes(s))];
  // Only a state is blamed ("a Chinese hacker group"): name the state.
  counts.clear();
  for (const claim of standing) bump(claim.subject.state === undefined ? undefined : countryName(claim.subject.state));
  return [...counts.keys()];
}

/** Two sponsors agree when they are the same body or one is part of the other ("PLA Unit 61419" within "PLA"). */
export function sponsorsAgree(a: Sponsor, b: Sponsor): boolean {
  const same = (x: string | undefined, y: string | undefined) =>
    x !== undefined && y !== undefined && x.toLowerCase() === y.toLowerCase();
  if (a.state !== undefined && b.state !== undefined && a.state !== b.state) return false;
  return same(a.name, b.name) || same(a.partOf, b.name) || same(a.name, b.partOf);
}
