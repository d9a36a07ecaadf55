/**
 * STIX 2.0 and 2.1 bundles (MITRE ATT&CK Enterprise/ICS, the OASIS examples): intrusion-sets and threat-actors
 * become actors, campaigns incidents, `attributed-to` relationships claims by the bundle's producer, revoked objects
 * redirects to their replacement; deprecated objects are kept but marked. Every other object type is counted and
 * skipped. Bundles made by cyberbrief's own exporter go to the round-trip hook instead.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import type { Speaker } from '../domain/schemas.ts';
import { importCyberbriefBundle, isCyberbriefBundle } from './cyberbrief-bundle.ts';
import { clipText, isoDay } from './names.ts';
import {
  type ActorRecord,
  type AliasAttestation,
  type ClaimRecordIn,
  countSkipped,
  type ImportBatch,
  type ImportedActor,
  type ImportRecord,
  type IncidentRecord,
  importedActorSchema,
  importedClaimSchema,
  importedIncidentSchema,
  parseAt,
  type RedirectRecord,
  type SourceInfo,
} from './types.ts';

const stixId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}--[0-9a-fA-F-]{36}$/, 'expected a STIX id such as "intrusion-set--<uuid>"');
const timestamp = z.string().max(40);
const longText = z.string().max(100_000);

export const bundleSchema = z.looseObject({
  type: z.literal('bundle'),
  id: z.string().max(200),
  spec_version: z.string().max(10).optional(),
  objects: z.array(z.unknown()).max(5_000_000),
});

const externalReferenceSchema = z.looseObject({
  source_name: z.string().max(1000),
  external_id: z.string().max(200).optional(),
  url: z.string().max(4000).optional(),
  description: longText.optional(),
});

const baseObjectSchema = z.looseObject({ type: z.string().min(1).max(100), id: stixId });

const commonFields = {
  id: stixId,
  created: timestamp.optional(),
  modified: timestamp.optional(),
  spec_version: z.string().max(10).optional(),
  created_by_ref: stixId.optional(),
  revoked: z.boolean().optional(),
  external_references: z.array(externalReferenceSchema).max(10_000).optional(),
  x_mitre_deprecated: z.boolean().optional(),
  description: longText.optional(),
};

const actorObjectSchema = z.looseObject({
  ...commonFields,
  type: z.enum(['intrusion-set', 'threat-actor']),
  name: z.string().trim().min(1).max(300),
  aliases: z.array(z.string().trim().min(1).max(300)).max(2000).optional(),
  threat_actor_types: z.array(z.string().max(200)).max(100).optional(),
});
type ActorObject = z.infer<typeof actorObjectSchema>;

const campaignSchema = z.looseObject({
  ...commonFields,
  type: z.literal('campaign'),
  name: z.string().trim().min(1).max(300),
  aliases: z.array(z.string().trim().min(1).max(300)).max(2000).optional(),
  first_seen: timestamp.optional(),
  last_seen: timestamp.optional(),
});
type Campaign = z.infer<typeof campaignSchema>;

const identitySchema = z.looseObject({
  ...commonFields,
  type: z.literal('identity'),
  name: z.string().trim().min(1).max(300),
  identity_class: z.string().max(100).optional(),
});

const relationshipSchema = z.looseObject({
  ...commonFields,
  type: z.literal('relationship'),
  relationship_type: z.string().min(1).max(100),
  source_ref: stixId,
  target_ref: stixId,
  confidence: z.number().int().min(0).max(100).optional(),
});
type Relationship = z.infer<typeof relationshipSchema>;

const collectionSchema = z.looseObject({
  type: z.literal('x-mitre-collection'),
  id: stixId,
  x_mitre_version: z.string().max(40).optional(),
});

const mitreIdentity = 'identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5';
const uuidOf = (id: string) => id.slice(id.indexOf('--') + 2).toLowerCase();
const attackId = (refs: ActorObject['external_references']) =>
  refs?.find((r) => r.source_name === 'mitre-attack' && r.external_id)?.external_id;
const attackUrl = (refs: ActorObject['external_references']) =>
  refs?.find((r) => r.source_name === 'mitre-attack' && r.url)?.url;

function kindOf(object: ActorObject): ImportedActor['kind'] {
  const types = new Set(object.threat_actor_types ?? []);
  if (types.has('crime-syndicate') || types.has('criminal')) return 'criminal';
  if (types.has('hacktivist')) return 'hacktivist';
  if (types.has('nation-state')) return 'state-linked';
  return 'unknown';
}

/** The name and aliases of an object, each once, the name first. */
function namesOf(object: { name: string; aliases?: string[] }): AliasAttestation[] {
  const seen = new Set<string>();
  const out: AliasAttestation[] = [];
  for (const name of [object.name, ...(object.aliases ?? [])]) {
    const key = name.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: name.trim() });
  }
  return out;
}

/** Maps a parsed STIX bundle to import records. `text` is only used for the file name in messages. */
export function importStixBundle(json: unknown, file: string): ImportBatch {
  const bundle = parseAt(bundleSchema, json, file, {});
  if (isCyberbriefBundle(bundle)) return importCyberbriefBundle(bundle, file);

  const objects = bundle.objects.map((raw, index) => {
    const base = parseAt(baseObjectSchema, raw, file, {
      index,
      id: typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : undefined,
    });
    return { raw, index, type: base.type, id: base.id };
  });

  const isAttack = objects.some(
    (o) =>
      (o.raw as { created_by_ref?: unknown }).created_by_ref === mitreIdentity ||
      (o.raw as { x_mitre_modified_by_ref?: unknown }).x_mitre_modified_by_ref === mitreIdentity,
  );
  const identities = new Map<string, string>();
  const names = new Map<string, string>();
  const actorObjects: Array<{ index: number; object: ActorObject }> = [];
  const campaigns: Array<{ index: number; object: Campaign }> = [];
  const relationships: Array<{ index: number; object: Relationship }> = [];
  const skipped = new Map<string, number>();
  let collectionVersion: string | undefined;
  let newest = '';

  for (const { raw, index, type, id } of objects) {
    const at = { index, id };
    switch (type) {
      case 'intrusion-set':
      case 'threat-actor': {
        const object = parseAt(actorObjectSchema, raw, file, at);
        actorObjects.push({ index, object });
        names.set(object.id, object.name);
        break;
      }
      case 'campaign': {
        const object = parseAt(campaignSchema, raw, file, at);
        campaigns.push({ index, object });
        names.set(object.id, object.name);
        break;
      }
      case 'identity': {
        const object = parseAt(identitySchema, raw, file, at);
        identities.set(object.id, object.name);
        names.set(object.id, object.name);
        countSkipped(skipped, 'identity (used to name speakers)');
        break;
      }
      case 'relationship': {
        const object = parseAt(relationshipSchema, raw, file, at);
        relationships.push({ index, object });
        break;
      }
      case 'x-mitre-collection': {
        collectionVersion = parseAt(collectionSchema, raw, file, at).x_mitre_version;
        countSkipped(skipped, type);
        break;
      }
      default:
        countSkipped(skipped, type);
    }
    const modified = (raw as { modified?: unknown }).modified;
    if (typeof modified === 'string' && modified > newest) newest = modified;
  }

  const source: SourceInfo = isAttack
    ? { key: 'mitre-attack', label: 'MITRE ATT&CK' }
    : { key: 'stix', label: 'STIX bundle' };
  const speakerFor = (createdBy: string | undefined): Speaker => {
    const named = createdBy ? identities.get(createdBy) : undefined;
    if (isAttack && (createdBy === undefined || createdBy === mitreIdentity)) {
      return { organization: 'MITRE ATT&CK', kind: 'researcher', onRecord: true };
    }
    return {
      organization: named ?? `Unnamed producer of STIX bundle ${basename(file)}`,
      kind: 'researcher',
      onRecord: true,
    };
  };

  const revokedBy = new Map<string, string>();
  for (const { object } of relationships) {
    if (object.relationship_type === 'revoked-by') revokedBy.set(object.source_ref, object.target_ref);
  }

  const records: ImportRecord[] = [];
  const actorIds = new Set(actorObjects.map((a) => a.object.id));
  for (const { index, object } of actorObjects) {
    const base = { originalId: object.id, objectType: object.type, version: object.modified, index };
    if (object.revoked) {
      const redirect: RedirectRecord = {
        ...base,
        kind: 'redirect',
        name: object.name,
        aliases: namesOf(object),
        target: revokedBy.get(object.id),
      };
      records.push(redirect);
      continue;
    }
    const gid = attackId(object.external_references);
    const actor: ImportedActor = parseAt(
      importedActorSchema,
      {
        name: object.name,
        kind: kindOf(object),
        ...(object.description ? { sourceDescription: object.description } : {}),
        aliases: namesOf(object),
        keys: [
          { scheme: 'stix', value: uuidOf(object.id) },
          ...(gid && /^G\d{4}$/.test(gid) ? [{ scheme: 'mitre-attack' as const, value: gid }] : []),
        ],
      },
      file,
      { index, id: object.id },
    );
    const record: ActorRecord = {
      ...base,
      kind: 'actor',
      status: object.x_mitre_deprecated ? 'deprecated' : 'live',
      actor,
      distinct: true,
    };
    records.push(record);
  }

  // A revoked-by relationship whose revoked object is not in this file (ATT&CK's per-object files).
  for (const [from, to] of revokedBy) {
    if (actorIds.has(from)) continue;
    const rel = relationships.find((r) => r.object.source_ref === from);
    records.push({
      originalId: from,
      objectType: from.slice(0, from.indexOf('--')),
      version: rel?.object.modified,
      index: rel?.index ?? 0,
      kind: 'redirect',
      aliases: [],
      target: to,
    });
  }

  const campaignIds = new Set<string>();
  for (const { index, object } of campaigns) {
    if (object.revoked) {
      countSkipped(skipped, 'campaign (revoked)');
      continue;
    }
    campaignIds.add(object.id);
    const cid = attackId(object.external_references);
    const start = object.first_seen?.slice(0, 7) ?? isoDay(object.created)?.slice(0, 4);
    if (start === undefined) {
      countSkipped(skipped, 'campaign (no date)');
      continue;
    }
    const end = object.last_seen?.slice(0, 7);
    const catalogued = isAttack ? `MITRE ATT&CK${cid ? ` (${cid})` : ''}` : `a STIX bundle (${basename(file)})`;
    const seen = object.first_seen
      ? ` First seen ${start}${end && end !== start ? `, last seen ${end}` : ''}.`
      : ' The bundle gives no first-seen date; the year is that of the object.';
    const incident = parseAt(
      importedIncidentSchema,
      {
        slugHint:
          isAttack && cid
            ? `attack-${cid.toLowerCase()}`
            : `stix-${object.name}`
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, '-')
                .replace(/^-+|-+$/g, '')
                .slice(0, 70)
                .replace(/-+$/g, ''),
        title: object.name,
        aliases: (object.aliases ?? []).filter((a) => a.trim() !== object.name.trim()),
        period: { start, ...(end && end >= start ? { end } : {}) },
        victims: [],
        summary: `Campaign catalogued by ${catalogued}.${seen}`,
        status: [],
        related: [],
        ...(object.description ? { sourceDescription: object.description } : {}),
      },
      file,
      { index, id: object.id },
    );
    const record: IncidentRecord = {
      originalId: object.id,
      objectType: 'campaign',
      version: object.modified,
      index,
      kind: 'incident',
      status: object.x_mitre_deprecated ? 'deprecated' : 'live',
      incident,
    };
    records.push(record);
  }

  const typeOf = (id: string) => id.slice(0, id.indexOf('--'));
  for (const { index, object } of relationships) {
    if (object.relationship_type === 'revoked-by') continue;
    if (object.relationship_type !== 'attributed-to' || object.revoked) {
      countSkipped(skipped, `relationship (${object.relationship_type}${object.revoked ? ', revoked' : ''})`);
      continue;
    }
    const from = typeOf(object.source_ref);
    const to = typeOf(object.target_ref);
    const speaker = speakerFor(object.created_by_ref);
    const said = isoDay(object.created);
    const citations = (object.external_references ?? [])
      .filter((r) => r.source_name !== 'mitre-attack')
      .map((r) => r.source_name);
    const basisDetail = [
      citations.length > 0 ? `Cites ${citations.join('; ')}` : undefined,
      object.confidence !== undefined ? `STIX confidence ${object.confidence}/100` : undefined,
    ]
      .filter((s) => s !== undefined)
      .join('. ');
    const targetName = names.get(object.target_ref) ?? object.target_ref;
    const sourceName = names.get(object.source_ref) ?? object.source_ref;
    const who = speaker.organization ?? 'The producer';
    let owner: ClaimRecordIn['owner'];
    let about: ClaimRecordIn['about'];
    let subject: { sponsor?: { name: string } } = {};
    let statement: string;
    if (from === 'campaign' && (to === 'intrusion-set' || to === 'threat-actor')) {
      owner = { incident: object.source_ref };
      about = { originalId: object.target_ref };
      statement = `${who} attributes the campaign “${sourceName}” to ${targetName}.`;
    } else if (from === 'intrusion-set' && to === 'threat-actor') {
      owner = { actor: object.source_ref };
      about = { originalId: object.source_ref };
      subject = { sponsor: { name: clipText(targetName, 160) } };
      statement = `${who} attributes the intrusion set ${sourceName} to the threat actor ${targetName}.`;
    } else if (from === 'threat-actor' && to === 'identity') {
      owner = { actor: object.source_ref };
      about = { originalId: object.source_ref };
      subject = { sponsor: { name: clipText(targetName, 160) } };
      statement = `${who} identifies the threat actor ${sourceName} as ${targetName}.`;
    } else {
      countSkipped(skipped, `relationship (attributed-to, ${from} → ${to})`);
      continue;
    }
    const campaignRef = from === 'campaign' ? object.source_ref : undefined;
    const campaign = campaigns.find((c) => c.object.id === campaignRef)?.object;
    const claim = parseAt(
      importedClaimSchema,
      {
        id: `${isAttack ? 'attack' : 'stix'}-${uuidOf(object.id).slice(0, 13)}`,
        ...(said ? { said } : {}),
        speaker,
        stance: 'attributes',
        subject,
        statement: clipText(statement, 1000),
        ...(basisDetail ? { basisDetail: clipText(basisDetail, 600) } : {}),
        source: {
          publisher: isAttack ? 'MITRE ATT&CK' : clipText(speaker.organization ?? 'STIX bundle', 120),
          title: clipText(
            campaign
              ? `${campaign.name}${attackId(campaign.external_references) ? ` (${attackId(campaign.external_references)})` : ''}`
              : `${sourceName} → ${targetName}`,
            300,
          ),
          ...(isoDay(object.modified) ? { date: isoDay(object.modified) } : {}),
          ...(campaign && attackUrl(campaign.external_references)?.startsWith('http')
            ? { url: attackUrl(campaign.external_references) }
            : {}),
        },
      },
      file,
      { index, id: object.id },
    );
    records.push({
      originalId: object.id,
      objectType: 'relationship (attributed-to)',
      version: object.modified,
      index,
      kind: 'claim',
      owner,
      about,
      claim,
      flags: [],
    });
  }

  return {
    file,
    format: 'stix',
    source,
    ...(collectionVersion || newest ? { fileVersion: collectionVersion ?? newest } : {}),
    objectCount: objects.length,
    records,
    skipped,
    notes: [],
  };
}
