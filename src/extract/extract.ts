/**
 * Rule-based claim extraction: who blames whom, who denies, who pushes back, in a news text. Every candidate names
 * the rule that produced it, keeps its sentence verbatim with offsets, and waits for a person's approval.
 *
 * Two passes. The first applies verb frames that carry their stance on their own ("X blamed Y for", "X denied that
 * Y was behind", "X dismissed the allegations"). The second knows from the first who is accused in the article,
 * and reads the accused side's quieter push-back ("We had nothing to do with it", "These claims are fiction"). What the
 * rules cannot read with confidence (questions, conditionals, accusations inside someone else's quotation, negated
 * accusations) is left out rather than guessed.
 */
import { likelihoodFromHedge } from '../domain/likelihood.ts';
import type { Stance } from '../domain/schemas.ts';
import { type ResolvedActor, sponsorIn } from './actors.ts';
import type { Context, Draft } from './claimants.ts';
import { createActorFinder, findIncident } from './gazetteer-match.ts';
import { findHedge } from './hedge.ts';
import { findStateMentions, stateName } from './lexicon.ts';
import {
  accusedSideDrafts,
  acknowledgementAndRetraction,
  createKit,
  pushBack,
  reportedAttributions,
  verbFrameAttributions,
} from './rules.ts';
import { type SentenceUnit, segmentArticle } from './segment.ts';
import { buildSpeakerIndex, type Claimant } from './speakers.ts';
import type { ArticleInput, ClaimCandidate, Gazetteer } from './types.ts';
import { clauseAt, type UnitView, viewOf } from './units.ts';

export { parseArticleFile } from './article.ts';

/** First-pass rules: frames whose verb carries the stance. */
function explicitDrafts(ctx: Context, view: UnitView): Draft[] {
  const drafts: Draft[] = [];
  const kit = createKit(ctx, view, drafts);
  verbFrameAttributions(kit);
  reportedAttributions(kit);
  pushBack(kit);
  acknowledgementAndRetraction(kit);
  return drafts;
}

const pushBackStances: ReadonlySet<Stance> = new Set(['denies', 'evidence-challenge', 'counter-accusation']);

export const normalizeName = (s: string) =>
  s
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[’']s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/^\s*(the|a|an)\s+/, '')
    .trim();

function claimantKey(c: Claimant): string {
  return c.state ?? normalizeName(c.claimant);
}

/** Within one sentence and one claimant: a denial covers its own adjectives; push-back covers "no comment". */
function keepStrongest(drafts: Draft[]): Draft[] {
  const rank: Record<Stance, number> = {
    denies: 3,
    'counter-accusation': 2,
    'evidence-challenge': 1,
    retracts: 3,
    attributes: 3,
    corroborates: 3,
    'non-acknowledgement': 0,
  };
  return drafts.filter((d) => {
    if (!pushBackStances.has(d.stance) && d.stance !== 'non-acknowledgement') return true;
    const rivals = drafts.filter(
      (o) =>
        o.unit === d.unit &&
        claimantKey(o.claimant) === claimantKey(d.claimant) &&
        (pushBackStances.has(o.stance) || o.stance === 'non-acknowledgement'),
    );
    return rivals.every((o) => rank[o.stance] <= rank[d.stance]);
  });
}

/** A proper name after "group", "hackers"… and "known as", "called", "dubbed", or "which researchers call". */
const introducedName =
  /\b(?:group|groups|actor|actors|hackers|crew|gang|team|unit|cluster|outfit|collective)\s+(?:(?:known|tracked)\s+as|called|dubbed|named|(?:that|which|whom)\s+(?:researchers|experts|analysts|investigators|security (?:firms|companies|researchers)|it|they|we|officials)\s+(?:call|calls|dub|dubs|track as|tracks as|name|names))\s+["“]?((?:[A-Z][\p{L}\p{N}-]*|\d+)(?:\s+(?:[A-Z][\p{L}\p{N}-]*|\d+)){0,3})/gu;

export function namesIntroducedIn(text: string): string[] {
  return [...new Set([...text.matchAll(introducedName)].map((m) => m[1] ?? '').filter((n) => n.length >= 3))];
}

/**
 * Proposes candidate claims for `article`. Pure: the gazetteer comes from the store, everything else from the text.
 */
export function extractClaims(article: ArticleInput, gazetteer: Gazetteer): ClaimCandidate[] {
  const units = segmentArticle(article.text);
  const dateline = units.find((u) => u.dateline !== null)?.dateline ?? null;
  const datelineState = dateline
    ? (findStateMentions(dateline.replace(/\b([A-Z])([A-Z]+)\b/g, (_, a: string, b: string) => a + b.toLowerCase()))[0]
        ?.code ?? null)
    : null;
  const speakers = buildSpeakerIndex(article.text, datelineState);
  // Groups the store does not know yet are often introduced by the article itself ("a group known as X"): those
  // names count as actors for this article, without a store slug.
  const introduced = namesIntroducedIn(article.text).map((name) => ({ slug: '', name, aliases: [] }));
  const findActors = createActorFinder({ ...gazetteer, actors: [...gazetteer.actors, ...introduced] });
  const position = new Map(units.map((unit, i) => [unit, i]));
  const previousUnit = (unit: SentenceUnit) => units[(position.get(unit) ?? 0) - 1] ?? null;
  const ctx: Context = { speakers, findActors, previousUnit };
  const views = units.map(viewOf);
  const viewByUnit = new Map(views.map((view) => [view.unit, view]));

  const explicit = views.flatMap((view) => explicitDrafts(ctx, view));
  const attributions = explicit.filter((d) => d.stance === 'attributes' || d.stance === 'corroborates');
  const accusedStates = new Set<string>();
  const accusedBodies = new Set<string>();
  for (const d of attributions) {
    if (d.actor && d.actor !== 'self') {
      if (d.actor.sponsorState) accusedStates.add(d.actor.sponsorState);
      for (const m of findStateMentions(d.actor.text)) accusedStates.add(m.code);
      accusedBodies.add(normalizeName(d.actor.text));
    }
  }
  for (const d of explicit) if (d.stance === 'denies' && d.claimant.state) accusedStates.add(d.claimant.state);

  const contextual = views.flatMap((view) => accusedSideDrafts(ctx, view, accusedStates));

  // "Beijing accused Washington of hacking" after Washington blamed Beijing: the accused hitting back.
  const relabelled = [...explicit, ...contextual].map((d): Draft => {
    if (d.rule !== 'verb-frame:accuse' || !d.claimant.state) return d;
    const target = d.actor && d.actor !== 'self' ? (d.actor.sponsorState ?? null) : null;
    const hitsBack = attributions.some(
      (a) =>
        a !== d &&
        a.claimant.state === target &&
        a.actor &&
        a.actor !== 'self' &&
        a.actor.sponsorState === d.claimant.state &&
        isEarlier(a, d),
    );
    return hitsBack ? { ...d, stance: 'counter-accusation', actor: 'self', rule: 'verb-frame:accuse-back' } : d;
  });

  const incidentSlug = findIncident(article.text, gazetteer);
  const seen = new Set<string>();
  const candidates: ClaimCandidate[] = [];
  for (const d of keepStrongest(relabelled)) {
    const actor = resolveSelf(d, accusedBodies);
    if (!actor) continue;
    // Push-back for one state is one claim however the sentence names the state ("Beijing", "China").
    const actorKey = pushBackStances.has(d.stance)
      ? (actor.slug ?? actor.sponsorState ?? normalizeName(actor.text))
      : normalizeName(actor.text);
    const key = `${d.unit.start}|${claimantKey(d.claimant)}|${d.stance}|${actorKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const clause = clauseAt(viewByUnit.get(d.unit) ?? viewOf(d.unit), d.at);
    const hedgeInClause = findHedge(d.unit.text.slice(clause.start, clause.end), d.at - clause.start);
    const confidenceWording = hedgeInClause ?? null;
    candidates.push({
      claimant: d.claimant.claimant,
      claimantState: d.claimant.state,
      actor: actor.text,
      actorSlug: actor.slug || null,
      sponsorState: actor.sponsorState ?? sponsorIn(d.unit.text.slice(d.at)),
      stance: d.stance,
      confidenceWording,
      likelihood: likelihoodFromHedge(confidenceWording ?? undefined),
      quote: d.unit.text,
      start: d.unit.start,
      end: d.unit.end,
      incidentSlug,
      rule: d.rule,
    });
  }
  return candidates.sort((a, b) => a.start - b.start);
}

/**
 * Whether accusation `a` came first: an earlier sentence, or in the same sentence a clause that `b` follows
 * ("B accused A … after A blamed B").
 */
function isEarlier(a: Draft, b: Draft): boolean {
  if (a.unit !== b.unit) return a.unit.start < b.unit.start;
  if (a.at <= b.at) return false;
  return /\b(?:after|following|in response to|since|because)\b/i.test(a.unit.text.slice(b.at, a.at));
}

/** "his agency", "our country", or no named actor in a push-back: the body or state the claimant speaks for. */
function resolveSelf(d: Draft, accusedBodies: Set<string>): ResolvedActor | null {
  if (d.actor === null) return null;
  if (d.actor !== 'self') return d.actor;
  if (d.claimant.body && (accusedBodies.has(normalizeName(d.claimant.body)) || d.stance === 'denies'))
    return { text: d.claimant.body, slug: null, sponsorState: d.claimant.state };
  if (d.claimant.state) return { text: stateName(d.claimant.state), slug: null, sponsorState: d.claimant.state };
  return null;
}
