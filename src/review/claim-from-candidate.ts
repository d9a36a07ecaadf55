/**
 * An approved candidate as a claim: the speaker, stance and hedge the reviewer confirmed, the sentence verbatim, and
 * the article as its source. Nothing is filled in that the article did not give: no URL for pasted text, no source
 * date when the article had none.
 */
import { clip } from '../core/card.ts';
import { countryName } from '../domain/countries.ts';
import { likelihoodFromHedge } from '../domain/likelihood.ts';
import { type Claim, claimSchema, type SpeakerKind, type Stance } from '../domain/schemas.ts';
import type { CandidateRow } from '../store/review-store.ts';

const lawEnforcement = /\b(police|fbi|department of justice|justice department|prosecutors?|europol|interpol|bka)\b/i;
const vendors =
  /\b(microsoft|mandiant|fireeye|crowdstrike|secureworks|symantec|kaspersky|eset|recorded future|palo alto|unit 42|talos|google|trend micro|check point|proofpoint|sentinelone|security (firm|company|researchers?))\b/i;
const international = /\b(united nations|\bun\b|nato|european union|\beu\b|council of the eu|osce)\b/i;

/**
 * The kind of speaker, from what the text calls them: a state's voice when it speaks for a state (its police when
 * the name says so), else a vendor or an international body by name; a researcher otherwise.
 */
export function speakerKindOf(
  claimant: string,
  state: string | null,
  stance: Stance,
  sponsorState: string | null,
): SpeakerKind {
  if (lawEnforcement.test(claimant)) return 'law-enforcement';
  if (state !== null) return stance !== 'attributes' && state === sponsorState ? 'accused-party' : 'government';
  if (international.test(claimant)) return 'international-organization';
  if (vendors.test(claimant)) return 'vendor';
  return 'researcher';
}

const statements: Record<Stance, (actor: string) => string> = {
  attributes: (actor) => `${actor} was behind the attack`,
  corroborates: (actor) => `Corroborates that ${actor} was behind the attack`,
  denies: (actor) => `Denies that ${actor} was behind the attack`,
  'non-acknowledgement': (actor) => `Declines to confirm or deny a role for ${actor}`,
  'evidence-challenge': (actor) => `Disputes the evidence that ${actor} was behind the attack`,
  'counter-accusation': (actor) => `Answers the accusation against ${actor} with an accusation of its own`,
  retracts: (actor) => `Withdraws the attribution to ${actor}`,
};

/** The state an actor name stands for, when the actor is a state itself ("North Korea" with sponsor KP). */
function isStateItself(actor: string, sponsorState: string | null): boolean {
  return sponsorState !== null && actor.trim().toLowerCase() === countryName(sponsorState).toLowerCase();
}

function sourceOf(candidate: CandidateRow): Claim['source'] {
  const article = candidate.article;
  const url = article?.url ?? candidate.sourceUrl ?? undefined;
  const httpUrl = url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
  const host = httpUrl ? new URL(httpUrl).hostname.replace(/^www\./, '') : undefined;
  const publisher = article?.feedName ?? host ?? 'Text pasted into cyberbrief';
  return {
    publisher: clip(publisher, 120),
    ...(article ? { title: clip(article.title, 300) } : {}),
    ...(article?.published ? { date: article.published } : {}),
    ...(httpUrl ? { url: httpUrl } : {}),
  };
}

/** A slug for the reviewed claim: the incident's, then the candidate's number, so it never collides. */
export function reviewedClaimSlug(incidentSlug: string, candidateId: number): string {
  const suffix = `-review-${candidateId}`;
  return `${incidentSlug.slice(0, 80 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** The claim an approved candidate becomes, validated like every claim that enters the store. */
export function claimFromCandidate(
  candidate: CandidateRow,
  incidentSlug: string,
  respondsTo: string | undefined,
): ReturnType<typeof claimSchema.safeParse> {
  const { actor, actorSlug, sponsorState, claimantState, stance } = candidate;
  const subject = actorSlug
    ? { actor: actorSlug, ...(sponsorState ? { state: sponsorState } : {}) }
    : isStateItself(actor, sponsorState)
      ? { state: sponsorState ?? undefined }
      : { sponsor: { name: clip(actor, 160), ...(sponsorState ? { state: sponsorState } : {}) } };
  // The day the claim was made is at the latest the day it was published; without a date, the day it was read.
  const said = candidate.article?.published ?? (candidate.article?.fetchedAt ?? candidate.createdAt).slice(0, 10);
  const hedge = candidate.confidenceWording ?? undefined;
  return claimSchema.safeParse({
    id: reviewedClaimSlug(incidentSlug, candidate.id),
    said,
    speaker: {
      organization: clip(candidate.claimant, 160),
      ...(claimantState ? { state: claimantState } : {}),
      kind: speakerKindOf(candidate.claimant, claimantState, stance, sponsorState),
      onRecord: true,
    },
    stance,
    subject,
    statement: clip(statements[stance](actor), 600),
    quote: clip(candidate.quote, 300),
    confidence: { ...(hedge ? { hedge: clip(hedge, 120) } : {}), level: likelihoodFromHedge(hedge) },
    source: sourceOf(candidate),
    tlp: 'CLEAR',
    ...(respondsTo ? { respondsTo } : {}),
  });
}
