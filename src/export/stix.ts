/**
 * STIX 2.1 export: an incident dossier or an actor profile as a bundle that other threat-intel tools can read and that
 * `readCyberbriefBundle` (stix-import.ts) turns back into the same claims.
 *
 * Mapping:
 * - an incident is a `campaign`: STIX 2.1's `incident` is a stub, and the spec defines `attributed-to` from a campaign
 *   (to an intrusion-set or threat-actor) but nothing from an incident; victims are `identity` objects it `targets`;
 * - an actor is an `intrusion-set`; a sponsor (agency, unit) or a state named in a claim is a `threat-actor` of type
 *   `nation-state`, as in the OASIS APT1 example ("Unit 61398", "Communist Party of China");
 * - a speaker is an `identity` (individual when named, organization otherwise) with the state they speak for in its
 *   description and in `x_cyberbrief_speaker`;
 * - an attributing claim is an `attributed-to` relationship with `created_by_ref` = the speaker and `confidence` from
 *   the ICD 203 level on the spec's DNI scale; a counter-claim is an `opinion` whose `object_refs` point at the claim it
 *   answers; each claim has a `note` with the hedge words and our statement; every object carries a TLP 2.0 marking.
 *
 *   stance               STIX object                                       opinion value
 *   attributes           relationship attributed-to                        —
 *   corroborates         relationship attributed-to, plus an opinion on    agree
 *                        the claim it backs (when it names one)
 *   denies               opinion                                           strongly-disagree
 *   counter-accusation   opinion (on the claim answered, else the          strongly-disagree
 *                        incident or actor)
 *   evidence-challenge   opinion                                           disagree
 *   retracts             opinion                                           disagree
 *   non-acknowledgement  opinion                                           neutral
 *
 *   ICD 203 level → `confidence` (STIX 2.1 Appendix A, DNI scale): almost no chance 5, very unlikely 15, unlikely 30,
 *   roughly even chance 50, likely 70, very likely 85, almost certain 95; unassessed → no `confidence` at all.
 *
 *   Relationship ends: incident claim → campaign attributed-to intrusion-set (the actor) or, with no actor, threat-actor
 *   (the sponsor, else the state); when an incident claim names an actor and a sponsor or state, a second relationship
 *   intrusion-set attributed-to threat-actor carries that half (`x_cyberbrief_part_of_claim`). Actor-level claims
 *   (sponsor links) are intrusion-set attributed-to threat-actor. A pair the spec does not list becomes `related-to`.
 *   Opinions point at every relationship of the claim they answer, the main one first.
 *   TLP: a claim, its relationship(s), opinion and note carry the claim's TLP; a speaker identity or a named sponsor
 *   carries the least restrictive TLP among the claims that need it; records (incident, actor, victims, cyberbrief) and
 *   the TLP marking definitions themselves are TLP:CLEAR.
 *
 * Round trip: the reader takes the speaker from `created_by_ref`, the TLP from `object_marking_refs`, the statement from
 * `description` / `explanation` and the answered claim from an opinion's `object_refs`; what STIX has no field for goes
 * in `x_cyberbrief_*` properties (claim id, stance, said as a partial date, subject, hedge, level, basis, quote, source,
 * the owning incident or actor, and the incident's period, victims, status events and related slugs). The producer
 * identity carries `x_cyberbrief_format`, which is how a reader knows a bundle is ours.
 *
 * Ids are UUIDv5 from a fixed namespace and our slugs and claim ids, and times come from the records, never from the
 * clock, so exporting the same data twice gives identical bundles.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../core/catalog.ts';
import { countryName } from '../domain/countries.ts';
import { likelihoodScale } from '../domain/likelihood.ts';
import { type Actor, type Incident, type Likelihood, type Stance, type Tlp, tlpLevels } from '../domain/schemas.ts';
import type { ActorProfile, ClaimRecord, IncidentDossier } from '../domain/views.ts';

/** A STIX object as JSON: only `type` and `id` are known to every reader. */
export interface StixObject {
  type: string;
  id: string;
  [property: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** Namespace of every UUIDv5 we mint. Never change it: ids would change and re-imports would duplicate. */
export const STIX_NAMESPACE = 'bb5bfac6-e746-4319-b694-97ccdbc5576e';

/** Value of `x_cyberbrief_format` on the producer identity: how a reader tells that a bundle is ours. */
export const CYBERBRIEF_STIX_FORMAT = 'cyberbrief-stix/1';

/** UUIDv5 (RFC 4122 §4.3, SHA-1) of `name` in `namespace`. */
export function uuidv5(name: string, namespace: string = STIX_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A deterministic STIX id: `type--uuidv5(key)`. */
export function stixId(type: string, key: string): string {
  return `${type}--${uuidv5(`${type}|${key}`)}`;
}

/** The identity of cyberbrief itself: creator of every object that is not a speaker's claim. */
export const PRODUCER_ID = stixId('identity', 'cyberbrief');

/**
 * `created` / `modified` of objects that have no record time of their own (speakers, sponsors, actors, victims): a
 * fixed instant, the date this mapping was defined, so that the same object has the same times in every bundle.
 */
export const REFERENCE_TIME = '2026-01-01T00:00:00.000Z';

/** The official TLP 2.0 marking definitions (OASIS cti-stix-common-objects, extension-definition--60a3c5c5…). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
export const tlpMarkingIds: Record<Tlp, string> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export function tlpMarkingDefinition(tlp: Tlp): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: tlpMarkingIds[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() } },
  };
}

/** The TLP level of a marking id (TLP 2.0, or TLP 1.0's WHITE read as CLEAR), if it is one. */
export function tlpOfMarking(id: string): Tlp | undefined {
  if (id === 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9') return 'CLEAR';
  return tlpLevels.find((tlp) => tlpMarkingIds[tlp] === id);
}

/** STIX 2.1 Appendix A, "DNI Scale": the ICD 203 expressions and the confidence value the spec gives each. */
export const dniConfidence: Record<Exclude<Likelihood, 'unassessed'>, number> = {
  'almost-no-chance': 5,
  'very-unlikely': 15,
  unlikely: 30,
  'roughly-even-chance': 50,
  likely: 70,
  'very-likely': 85,
  'almost-certain': 95,
};

/** The STIX confidence of a level; none for `unassessed`, which is not a low confidence but no statement at all. */
export function confidenceOf(level: Likelihood): number | undefined {
  return level === 'unassessed' ? undefined : dniConfidence[level];
}

/** The DNI scale's reading of a STIX confidence value (0–9 almost no chance … 90–100 almost certain). */
export function levelOfConfidence(value: number): Exclude<Likelihood, 'unassessed'> {
  if (value < 10) return 'almost-no-chance';
  if (value < 20) return 'very-unlikely';
  if (value < 40) return 'unlikely';
  if (value < 60) return 'roughly-even-chance';
  if (value < 80) return 'likely';
  if (value < 90) return 'very-likely';
  return 'almost-certain';
}

export type OpinionValue = 'strongly-disagree' | 'disagree' | 'neutral' | 'agree' | 'strongly-agree';

/**
 * How each counter-stance reads on STIX's opinion scale. A denial and a counter-accusation reject the claim outright;
 * an evidence challenge and a retraction say it is not (or no longer) supported; a non-acknowledgement takes no side.
 * Attributing stances are relationships, not opinions; a corroboration also gets an `agree` opinion on the claim it
 * backs.
 */
export const opinionOfStance: Partial<Record<Stance, OpinionValue>> = {
  denies: 'strongly-disagree',
  'counter-accusation': 'strongly-disagree',
  'evidence-challenge': 'disagree',
  retracts: 'disagree',
  'non-acknowledgement': 'neutral',
};

/** The stances exported as `attributed-to` relationships; every other stance is an opinion. */
export const attributingStances: ReadonlySet<Stance> = new Set(['attributes', 'corroborates']);

// ---- Input ----------------------------------------------------------------------------------------------------------

export type ActorRecord = Omit<Actor, 'claims'>;

export interface IncidentRecord {
  incident: Omit<Incident, 'claims' | 'related'>;
  related: string[];
  recordedAt: string;
}

export type ClaimOwner = { incident: string } | { actor: string };

export interface OwnedClaim {
  claim: ClaimRecord;
  owner: ClaimOwner;
}

/** Everything a bundle is made of: the records, and the claims with the incident or actor each belongs to. */
export interface StixExportInput {
  focus: { kind: 'incident' | 'actor'; slug: string };
  incidents: IncidentRecord[];
  actors: ActorRecord[];
  claims: OwnedClaim[];
}

// ---- Helpers ----------------------------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');

/** First instant of a partial date: "2016" → 2016-01-01T00:00:00.000Z. */
export function startOfPartialDate(date: string): string {
  const [y, m = '01', d = '01'] = date.split('-');
  return `${y}-${m}-${d}T00:00:00.000Z`;
}

/** Last instant of a partial date: "2017" → 2017-12-31T23:59:59.999Z, "2016-02" → 2016-02-29T23:59:59.999Z. */
export function endOfPartialDate(date: string): string {
  const [y = '', m, d] = date.split('-');
  const month = m ?? '12';
  const day = d ?? pad(new Date(Date.UTC(Number(y), Number(month), 0)).getUTCDate());
  return `${y}-${month}-${day}T23:59:59.999Z`;
}

/** A record time as STIX wants it: UTC with milliseconds. */
const timestamp = (iso: string) => new Date(iso).toISOString();

const tlpRank = (tlp: Tlp) => tlpLevels.indexOf(tlp);

/** Drops undefined values and empty arrays, which STIX forbids for optional and custom properties. */
function compact(object: StixObject): StixObject {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  ) as StixObject;
}

const speakerKey = (s: ClaimRecord['speaker']) =>
  JSON.stringify([s.name ?? '', s.role ?? '', s.organization ?? '', s.state ?? '', s.kind, s.onRecord]);

/** The short name a reader sees for a speaker. */
export const speakerName = (s: ClaimRecord['speaker']): string => s.name ?? s.organization ?? 'unknown speaker';

function speakerDescription(s: ClaimRecord['speaker']): string {
  const parts = [
    s.name !== undefined ? [s.role, s.organization].filter(Boolean).join(', ') : s.role,
    s.state ? `speaks for ${countryName(s.state)} (${s.state})` : undefined,
    `speaker kind: ${s.kind}`,
    s.onRecord ? 'on the record' : 'not on the record (unnamed sources)',
  ];
  return `${parts.filter(Boolean).join('; ')}.`;
}

const speakerSectors: Partial<Record<ClaimRecord['speaker']['kind'], string[]>> = {
  government: ['government-national'],
  'law-enforcement': ['government-national'],
  vendor: ['technology'],
  media: ['communications'],
};

function sourceReference(source: ClaimRecord['source']) {
  const described = [source.title ? `“${source.title}”` : undefined, source.date ? `published ${source.date}` : '']
    .filter(Boolean)
    .join(', ');
  return compact({
    source_name: source.publisher,
    description: described || `Published by ${source.publisher}`,
    url: source.url,
  } as unknown as StixObject);
}

function noteAbstract(claim: ClaimRecord): string {
  const level = claim.confidence.level;
  const scale = level === 'unassessed' ? undefined : likelihoodScale[level];
  const reading = scale ? `ICD 203: ${scale.words}, ${scale.range}` : 'no likelihood stated (unassessed)';
  return claim.confidence.hedge ? `Hedge: “${claim.confidence.hedge}” — ${reading}` : `No hedge words — ${reading}`;
}

function noteContent(claim: ClaimRecord): string {
  return [
    claim.statement,
    claim.quote ? `Quote: “${claim.quote}”` : undefined,
    claim.confidence.hedge ? `Hedge words, verbatim: “${claim.confidence.hedge}”` : undefined,
    claim.basis ? `Basis: ${claim.basis}${claim.basisDetail ? ` (${claim.basisDetail})` : ''}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
}

// ---- The bundle -----------------------------------------------------------------------------------------------------

/** Objects by kind; relationships and opinions share a rank so that claims keep the order of the dossier. */
const typeRank: Record<string, number> = {
  'marking-definition': 0,
  identity: 1,
  campaign: 2,
  'intrusion-set': 3,
  'threat-actor': 4,
  relationship: 5,
  opinion: 5,
  note: 6,
};

/** Allowed `attributed-to` pairs in STIX 2.1 (campaign, intrusion-set and threat-actor sections of the spec). */
const attributedToPairs = new Set([
  'campaign>intrusion-set',
  'campaign>threat-actor',
  'intrusion-set>threat-actor',
  'threat-actor>identity',
]);

export const incidentStixId = (slug: string) => stixId('campaign', `incident:${slug}`);
export const actorStixId = (slug: string) => stixId('intrusion-set', `actor:${slug}`);
export const sponsorStixId = (s: NonNullable<ClaimRecord['subject']['sponsor']>) =>
  stixId('threat-actor', `sponsor:${JSON.stringify([s.name, s.partOf ?? '', s.state ?? ''])}`);
export const stateStixId = (code: string) => stixId('threat-actor', `state:${code}`);
export const speakerStixId = (s: ClaimRecord['speaker']) => stixId('identity', `speaker:${speakerKey(s)}`);
/** The object that carries a claim: a relationship for an attributing stance, an opinion otherwise. */
export const claimStixId = (id: string, stance: Stance) =>
  stixId(attributingStances.has(stance) ? 'relationship' : 'opinion', `claim:${id}`);
export const noteStixId = (claimId: string) => stixId('note', `claim:${claimId}`);

/** Builds the bundle. Pure: the same input always gives the same bundle. */
export function buildStixBundle(input: StixExportInput): StixBundle {
  const objects = new Map<string, StixObject>();
  const add = (object: StixObject) => {
    if (!objects.has(object.id)) objects.set(object.id, compact(object));
  };
  const tlpsUsed = new Set<Tlp>(['CLEAR']);
  const marking = (tlp: Tlp) => {
    tlpsUsed.add(tlp);
    return [tlpMarkingIds[tlp]];
  };
  const common = (id: string, time: string, tlp: Tlp, createdBy: string = PRODUCER_ID) => ({
    spec_version: '2.1',
    id,
    created_by_ref: createdBy,
    created: time,
    modified: time,
    object_marking_refs: marking(tlp),
  });

  add({
    type: 'identity',
    ...common(PRODUCER_ID, REFERENCE_TIME, 'CLEAR'),
    name: 'cyberbrief',
    identity_class: 'system',
    description:
      'cyberbrief, a chat bot that briefs people on who is blamed for a cyber attack, by whom, how sure, and who ' +
      'denies it. It records what each speaker said; the attributions in this bundle are theirs, not findings of ours.',
    x_cyberbrief_format: CYBERBRIEF_STIX_FORMAT,
  });

  for (const { incident, related, recordedAt } of input.incidents) {
    const id = incidentStixId(incident.slug);
    const time = timestamp(recordedAt);
    add({
      type: 'campaign',
      ...common(id, time, 'CLEAR'),
      name: incident.title,
      description: incident.summary,
      aliases: incident.aliases,
      first_seen: startOfPartialDate(incident.period.start),
      last_seen: incident.period.end ? endOfPartialDate(incident.period.end) : undefined,
      x_cyberbrief_slug: incident.slug,
      x_cyberbrief_period: incident.period,
      x_cyberbrief_disclosed: incident.disclosed,
      x_cyberbrief_victims: incident.victims,
      x_cyberbrief_status: incident.status,
      x_cyberbrief_related: related,
    });
    incident.victims.forEach((victim, position) => {
      const victimId = stixId('identity', `victim:${victim.name}`);
      add({
        type: 'identity',
        ...common(victimId, REFERENCE_TIME, 'CLEAR'),
        name: victim.name,
        identity_class: 'organization',
        description: [
          'Named as a victim',
          victim.sector ? `sector: ${victim.sector}` : undefined,
          victim.country ? `country: ${countryName(victim.country)} (${victim.country})` : undefined,
        ]
          .filter(Boolean)
          .join('; '),
      });
      add({
        type: 'relationship',
        ...common(stixId('relationship', `targets:${incident.slug}:${position}`), time, 'CLEAR'),
        relationship_type: 'targets',
        source_ref: id,
        target_ref: victimId,
      });
    });
  }

  for (const actor of input.actors) {
    const references = [
      actor.externalIds.mitreAttack
        ? {
            source_name: 'mitre-attack',
            external_id: actor.externalIds.mitreAttack,
            url: `https://attack.mitre.org/groups/${actor.externalIds.mitreAttack}/`,
          }
        : undefined,
      actor.externalIds.mispGalaxy
        ? {
            source_name: 'misp-galaxy',
            external_id: actor.externalIds.mispGalaxy,
            description: 'MISP galaxy threat-actor cluster',
          }
        : undefined,
      // As ATT&CK does: one reference per alias saying who coined or uses the name.
      ...actor.aliases
        .filter((a) => a.coinedBy !== undefined || a.source !== undefined)
        .map((a) =>
          compact({
            source_name: a.name,
            description: [a.coinedBy ? `Name used by ${a.coinedBy}` : 'Alias', a.source?.publisher]
              .filter(Boolean)
              .join('; '),
            url: a.source?.url,
          } as unknown as StixObject),
        ),
    ].filter((r) => r !== undefined);
    add({
      type: 'intrusion-set',
      ...common(actorStixId(actor.slug), REFERENCE_TIME, 'CLEAR'),
      name: actor.name,
      description: actor.description,
      aliases: actor.aliases.map((a) => a.name),
      external_references: references,
      x_cyberbrief_slug: actor.slug,
      x_cyberbrief_kind: actor.kind,
      x_cyberbrief_aliases: actor.aliases,
    });
  }

  // Claims. First the id of each, so an answer can point at the claim it answers wherever that sits in the list.
  const primaryIds = new Map(input.claims.map(({ claim }) => [claim.id, claimStixId(claim.id, claim.stance)]));
  const secondaryIds = new Map<string, string[]>();
  // Speakers and named sponsors are as shareable as the most shareable claim that needs them.
  const shared = new Map<string, { tlp: Tlp; build: () => StixObject }>();
  const share = (id: string, tlp: Tlp, build: () => StixObject) => {
    const seen = shared.get(id);
    if (!seen || tlpRank(tlp) < tlpRank(seen.tlp)) shared.set(id, { tlp, build });
  };
  const sponsorTarget = (subject: ClaimRecord['subject'], tlp: Tlp): string | undefined => {
    const { sponsor, state } = subject;
    if (sponsor) {
      const id = sponsorStixId(sponsor);
      share(id, tlp, () => ({
        type: 'threat-actor',
        id,
        name: sponsor.name,
        description:
          `Named as a sponsor in attribution claims${sponsor.partOf ? `; part of ${sponsor.partOf}` : ''}` +
          `${sponsor.state ? `; state: ${countryName(sponsor.state)} (${sponsor.state})` : ''}. ` +
          'It is here because a speaker named it, not as a finding of ours.',
        threat_actor_types: [sponsor.state ? 'nation-state' : 'unknown'],
        roles: ['sponsor'],
        resource_level: sponsor.state ? 'government' : undefined,
        x_cyberbrief_sponsor: sponsor,
      }));
      return id;
    }
    if (state) {
      const id = stateStixId(state);
      share(id, tlp, () => ({
        type: 'threat-actor',
        id,
        name: `${countryName(state)} (state)`,
        description: `The state of ${countryName(state)} (${state}), named in attribution claims. It is here because a speaker named it, not as a finding of ours.`,
        threat_actor_types: ['nation-state'],
        roles: ['sponsor'],
        resource_level: 'government',
        x_cyberbrief_state: state,
      }));
      return id;
    }
    return undefined;
  };
  const ownerId = (owner: ClaimOwner) =>
    'incident' in owner ? incidentStixId(owner.incident) : actorStixId(owner.actor);

  // Secondary relationships first, so that opinions can point at every object that carries the claim they answer.
  const plans = input.claims.map(({ claim, owner }) => {
    const source = ownerId(owner);
    const sourceType = source.split('--')[0] ?? '';
    let target: string;
    let extra: string | undefined;
    if (sourceType === 'campaign' && claim.subject.actor !== undefined) {
      target = actorStixId(claim.subject.actor);
      if (attributingStances.has(claim.stance)) extra = sponsorTarget(claim.subject, claim.tlp);
    } else {
      target =
        (attributingStances.has(claim.stance) ? sponsorTarget(claim.subject, claim.tlp) : undefined) ??
        (claim.subject.actor !== undefined ? actorStixId(claim.subject.actor) : source);
    }
    if (extra) secondaryIds.set(claim.id, [stixId('relationship', `claim-sponsor:${claim.id}`)]);
    return { claim, owner, source, target, extra };
  });

  for (const { claim, owner, source, target, extra } of plans) {
    const speakerId = speakerStixId(claim.speaker);
    share(speakerId, claim.tlp, () =>
      compact({
        type: 'identity',
        id: speakerId,
        name: speakerName(claim.speaker),
        identity_class: claim.speaker.name !== undefined ? 'individual' : 'organization',
        roles: claim.speaker.role ? [claim.speaker.role] : undefined,
        description: speakerDescription(claim.speaker),
        sectors: speakerSectors[claim.speaker.kind],
        x_cyberbrief_speaker: claim.speaker,
      }),
    );
    const time = timestamp(claim.recordedAt);
    const id = primaryIds.get(claim.id) ?? claimStixId(claim.id, claim.stance);
    const confidence = confidenceOf(claim.confidence.level);
    const said = {
      confidence,
      external_references: [sourceReference(claim.source)],
    };
    const claimProperties = {
      x_cyberbrief_claim_id: claim.id,
      x_cyberbrief_stance: claim.stance,
      x_cyberbrief_said: claim.said,
      x_cyberbrief_subject: claim.subject,
      x_cyberbrief_hedge: claim.confidence.hedge,
      x_cyberbrief_level: claim.confidence.level,
      x_cyberbrief_basis: claim.basis,
      x_cyberbrief_basis_detail: claim.basisDetail,
      x_cyberbrief_quote: claim.quote,
      x_cyberbrief_source: claim.source,
      x_cyberbrief_responds_to: claim.respondsTo,
      x_cyberbrief_incident: 'incident' in owner ? owner.incident : undefined,
      x_cyberbrief_actor: 'actor' in owner ? owner.actor : undefined,
    };
    // The objects of the answered claim, when it is in the bundle (the id alone still travels in x_cyberbrief_*).
    const answeredId = claim.respondsTo !== undefined ? primaryIds.get(claim.respondsTo) : undefined;
    const answered =
      answeredId !== undefined ? [answeredId, ...(secondaryIds.get(claim.respondsTo ?? '') ?? [])] : undefined;

    if (attributingStances.has(claim.stance)) {
      const type = (ref: string) => ref.split('--')[0];
      add({
        type: 'relationship',
        ...common(id, time, claim.tlp, speakerId),
        relationship_type: attributedToPairs.has(`${type(source)}>${type(target)}`) ? 'attributed-to' : 'related-to',
        source_ref: source,
        target_ref: target,
        description: claim.statement,
        start_time: startOfPartialDate(claim.said),
        ...said,
        ...claimProperties,
      });
      if (extra) {
        add({
          type: 'relationship',
          ...common(stixId('relationship', `claim-sponsor:${claim.id}`), time, claim.tlp, speakerId),
          relationship_type: 'attributed-to',
          source_ref: target,
          target_ref: extra,
          description: claim.statement,
          start_time: startOfPartialDate(claim.said),
          ...said,
          x_cyberbrief_part_of_claim: claim.id,
        });
      }
      if (answered && claim.stance === 'corroborates') {
        add({
          type: 'opinion',
          ...common(stixId('opinion', `claim-agrees:${claim.id}`), time, claim.tlp, speakerId),
          opinion: 'agree',
          explanation: claim.statement,
          authors: [speakerName(claim.speaker)],
          object_refs: answered,
          ...said,
          x_cyberbrief_part_of_claim: claim.id,
        });
      }
    } else {
      add({
        type: 'opinion',
        ...common(id, time, claim.tlp, speakerId),
        opinion: opinionOfStance[claim.stance] ?? 'neutral',
        explanation: claim.statement,
        authors: [speakerName(claim.speaker)],
        // A counter-accusation that answers no one claim is an opinion on the incident (or actor) itself.
        object_refs: answered ?? [source],
        ...said,
        ...claimProperties,
      });
    }
    add({
      type: 'note',
      ...common(noteStixId(claim.id), time, claim.tlp),
      abstract: noteAbstract(claim),
      content: noteContent(claim),
      authors: ['cyberbrief'],
      object_refs: [id],
      x_cyberbrief_note_of: claim.id,
    });
  }

  for (const [id, { tlp, build }] of shared) {
    const { type, ...properties } = build();
    add({ type, ...common(id, REFERENCE_TIME, tlp), ...properties });
  }

  const markingObjects = tlpLevels.filter((tlp) => tlpsUsed.has(tlp)).map(tlpMarkingDefinition);
  const ordered = [...markingObjects, ...objects.values()].sort(
    (a, b) => (typeRank[a.type] ?? 9) - (typeRank[b.type] ?? 9),
  );
  return {
    type: 'bundle',
    id: stixId('bundle', `${input.focus.kind}:${input.focus.slug}`),
    objects: ordered,
  };
}

// ---- From the catalog ---------------------------------------------------------------------------------------------

/** What the exporter asks of the store, beyond the dossier or profile it was given. */
export type StixSource = Pick<Catalog, 'incidentDossier' | 'actorProfile'>;

function incidentRecord(dossier: IncidentDossier): IncidentRecord {
  return { incident: dossier.incident, related: dossier.related.map((r) => r.slug), recordedAt: dossier.recordedAt };
}

function withRecords(
  focus: StixExportInput['focus'],
  claims: OwnedClaim[],
  incidents: Map<string, IncidentRecord>,
  catalog: StixSource,
): StixExportInput {
  const dossiers = new Map<string, IncidentDossier | undefined>();
  const dossierOf = (slug: string) => {
    if (!dossiers.has(slug)) dossiers.set(slug, catalog.incidentDossier(slug));
    return dossiers.get(slug);
  };
  // A claim answered by a claim in the bundle comes along, so the answer has something to point at. The list grows
  // while it is walked; the answered claim is looked for among its answer's incident's claims.
  const have = new Set(claims.map(({ claim }) => claim.id));
  for (let i = 0; i < claims.length; i++) {
    const { claim, owner } = claims[i] as OwnedClaim;
    if (claim.respondsTo === undefined || have.has(claim.respondsTo) || !('incident' in owner)) continue;
    const dossier = dossierOf(owner.incident);
    const answered = dossier?.claims.find((c) => c.id === claim.respondsTo);
    if (answered) {
      claims.push({ claim: answered, owner });
      have.add(answered.id);
    }
  }
  for (const { owner } of claims) {
    if ('incident' in owner && !incidents.has(owner.incident)) {
      const dossier = dossierOf(owner.incident);
      if (dossier) incidents.set(owner.incident, incidentRecord(dossier));
    }
  }
  // Every actor a claim names or belongs to travels with the bundle, so that an import can resolve the claim.
  const actorSlugs = new Set([
    focus.kind === 'actor' ? focus.slug : undefined,
    ...claims.flatMap(({ claim, owner }) => [claim.subject.actor, 'actor' in owner ? owner.actor : undefined]),
  ]);
  const actors = [...actorSlugs]
    .filter((slug): slug is string => slug !== undefined)
    .sort()
    .flatMap((slug) => {
      const profile = catalog.actorProfile(slug);
      return profile ? [profile.actor] : [];
    });
  return { focus, incidents: [...incidents.values()], actors, claims };
}

/** An incident with its claims and the actor-level claims (sponsor links) about the actors it is blamed on. */
export function incidentToStix(dossier: IncidentDossier, catalog: StixSource): StixBundle {
  const slug = dossier.incident.slug;
  const fallbackActor = dossier.actors[0]?.slug;
  const claims: OwnedClaim[] = [
    ...dossier.claims.map((claim) => ({ claim, owner: { incident: slug } })),
    ...dossier.actorClaims.flatMap((claim) => {
      const actor = claim.subject.actor ?? fallbackActor;
      return actor === undefined ? [] : [{ claim, owner: { actor } }];
    }),
  ];
  const incidents = new Map([[slug, incidentRecord(dossier)]]);
  return buildStixBundle(withRecords({ kind: 'incident', slug }, claims, incidents, catalog));
}

/** An actor with every claim naming it, and the incidents those claims are about. */
export function actorToStix(profile: ActorProfile, catalog: StixSource): StixBundle {
  const slug = profile.actor.slug;
  const claims: OwnedClaim[] = profile.claims.map((claim) => ({
    claim,
    owner: claim.incident !== undefined ? { incident: claim.incident } : { actor: claim.subject.actor ?? slug },
  }));
  return buildStixBundle(withRecords({ kind: 'actor', slug }, claims, new Map(), catalog));
}
