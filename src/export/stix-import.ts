/**
 * The inverse of stix.ts: a bundle cyberbrief exported becomes our domain records again (actors and incidents with
 * their claims), so that `writeRecords` stores the same claims. A bundle from anyone else is not ours to read this way:
 * `readCyberbriefBundle` returns undefined and the generic STIX importer takes it.
 *
 * What is read from standard STIX properties: the speaker (`created_by_ref` → identity), the TLP (`object_marking_refs`),
 * the statement (`description` / `explanation`), the claim answered (an opinion's first `object_refs`), actor and
 * incident names, descriptions, aliases and external ids. What STIX has no place for comes from `x_cyberbrief_*`.
 */
import type { z } from 'zod';
import {
  type Actor,
  actorSchema,
  type Claim,
  claimSchema,
  type Incident,
  incidentSchema,
  type Likelihood,
} from '../domain/schemas.ts';
import { CYBERBRIEF_STIX_FORMAT, levelOfConfidence, PRODUCER_ID, type StixObject, tlpOfMarking } from './stix.ts';

export interface CyberbriefRecords {
  actors: Actor[];
  incidents: Incident[];
}

/** A cyberbrief bundle whose content does not make valid records: names the object (index and id) and the field. */
export class StixBundleError extends Error {
  override readonly name = 'StixBundleError';
  readonly index: number;
  readonly objectId: string;
  readonly field: string;
  constructor(index: number, objectId: string, field: string, message: string) {
    super(`objects[${index}] (${objectId}) › ${field}: ${message}`);
    this.index = index;
    this.objectId = objectId;
    this.field = field;
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** True when the bundle carries cyberbrief's producer identity with our format marker. */
export function isCyberbriefBundle(json: unknown): json is { type: 'bundle'; objects: StixObject[] } {
  if (!isObject(json) || json.type !== 'bundle' || !Array.isArray(json.objects)) return false;
  return json.objects.some(
    (o) =>
      isObject(o) && o.type === 'identity' && o.id === PRODUCER_ID && o.x_cyberbrief_format === CYBERBRIEF_STIX_FORMAT,
  );
}

function parse<T>(schema: z.ZodType<T>, raw: unknown, index: number, objectId: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(object)';
  throw new StixBundleError(index, objectId, field, issue?.message ?? 'invalid');
}

/** Drops undefined values, so that zod's strict objects see only what is there. */
const present = (record: Json): Json => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));

/**
 * Reads a bundle cyberbrief exported back into actors and incidents with their claims; undefined when the bundle is
 * not ours. Throws `StixBundleError` when it is ours but an object does not make a valid record.
 */
export function readCyberbriefBundle(json: unknown): CyberbriefRecords | undefined {
  if (!isCyberbriefBundle(json)) return undefined;
  const objects = json.objects.filter(isObject);
  const byId = new Map(objects.map((o) => [String(o.id), o]));
  const claimIdOf = (ref: unknown) => str(byId.get(String(ref))?.x_cyberbrief_claim_id);

  const actors = new Map<string, Actor>();
  const incidents = new Map<string, Incident>();
  const claims: Array<{ claim: Claim; owner: { incident?: string; actor?: string }; index: number; id: string }> = [];

  json.objects.forEach((object, index) => {
    if (!isObject(object)) throw new StixBundleError(index, '?', '(object)', 'not a JSON object');
    const id = String(object.id);
    const slug = str(object.x_cyberbrief_slug);
    if (object.type === 'intrusion-set' && slug !== undefined) {
      const references = Array.isArray(object.external_references) ? object.external_references.filter(isObject) : [];
      const externalId = (source: string) => str(references.find((r) => r.source_name === source)?.external_id);
      const actor = parse(
        actorSchema,
        {
          slug,
          name: object.name,
          kind: object.x_cyberbrief_kind,
          aliases: object.x_cyberbrief_aliases ?? strings(object.aliases).map((name) => ({ name })),
          externalIds: present({ mitreAttack: externalId('mitre-attack'), mispGalaxy: externalId('misp-galaxy') }),
          description: object.description,
          claims: [],
        },
        index,
        id,
      );
      actors.set(slug, actor);
    } else if (object.type === 'campaign' && slug !== undefined) {
      const incident = parse(
        incidentSchema,
        present({
          slug,
          title: object.name,
          aliases: strings(object.aliases),
          period: object.x_cyberbrief_period,
          disclosed: object.x_cyberbrief_disclosed,
          victims: object.x_cyberbrief_victims,
          summary: object.description,
          status: object.x_cyberbrief_status ?? [],
          related: object.x_cyberbrief_related ?? [],
          claims: [],
        }),
        index,
        id,
      );
      incidents.set(slug, incident);
    } else if ((object.type === 'relationship' || object.type === 'opinion') && object.x_cyberbrief_claim_id) {
      const speaker = byId.get(String(object.created_by_ref))?.x_cyberbrief_speaker;
      const tlps = strings(object.object_marking_refs).flatMap((ref) => tlpOfMarking(ref) ?? []);
      const confidence = typeof object.confidence === 'number' ? levelOfConfidence(object.confidence) : undefined;
      const level = (str(object.x_cyberbrief_level) as Likelihood | undefined) ?? confidence;
      const respondsTo =
        object.type === 'opinion'
          ? (claimIdOf(strings(object.object_refs)[0]) ?? str(object.x_cyberbrief_responds_to))
          : str(object.x_cyberbrief_responds_to);
      const claim = parse(
        claimSchema,
        present({
          id: object.x_cyberbrief_claim_id,
          said: object.x_cyberbrief_said,
          speaker,
          stance: object.x_cyberbrief_stance,
          subject: object.x_cyberbrief_subject,
          statement: object.type === 'relationship' ? object.description : object.explanation,
          quote: object.x_cyberbrief_quote,
          confidence: present({ hedge: object.x_cyberbrief_hedge, level }),
          basis: object.x_cyberbrief_basis,
          basisDetail: object.x_cyberbrief_basis_detail,
          source: object.x_cyberbrief_source,
          tlp: tlps[0],
          respondsTo,
        }),
        index,
        id,
      );
      claims.push({
        claim,
        owner: { incident: str(object.x_cyberbrief_incident), actor: str(object.x_cyberbrief_actor) },
        index,
        id,
      });
    }
  });

  for (const { claim, owner, index, id } of claims) {
    const record =
      owner.incident !== undefined
        ? incidents.get(owner.incident)
        : owner.actor !== undefined
          ? actors.get(owner.actor)
          : undefined;
    if (!record) {
      const field = owner.incident !== undefined ? 'x_cyberbrief_incident' : 'x_cyberbrief_actor';
      throw new StixBundleError(index, id, field, 'the incident or actor the claim belongs to is not in the bundle');
    }
    record.claims.push(claim);
  }
  return { actors: [...actors.values()], incidents: [...incidents.values()] };
}
