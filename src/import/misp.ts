/**
 * MISP galaxy cluster files: `threat-actor.json` clusters become actors; `producer.json` resolves
 * `meta.name-attribution` to who coined each alias. What the galaxy says about a state is recorded as claims whose
 * speaker is the source — `country` by "MISP galaxy", `cfr-suspected-state-sponsor` by "CFR Cyber Operations Tracker,
 * via MISP galaxy" — never as facts; `attribution-confidence: "50"` is MISP's default and imports as unassessed.
 * Sponsor units listed among the synonyms ("PLA Unit 61419", "Bureau 121") become sponsor-link claims, not aliases.
 */
import { z } from 'zod';
import { countryName } from '../domain/countries.ts';
import type { Speaker } from '../domain/schemas.ts';
import { cleanText, countryCodeOf, isAttackGroupId, sponsorUnitOf } from './names.ts';
import {
  type ActorRecord,
  type AliasAttestation,
  type ClaimRecordIn,
  countSkipped,
  type ImportBatch,
  type ImportRecord,
  importedActorSchema,
  importedClaimSchema,
  parseAt,
} from './types.ts';

const uuid = z.string().regex(/^[0-9a-fA-F-]{36}$/, 'expected a uuid');

export const galaxyFileSchema = z.looseObject({
  type: z.string().min(1).max(100),
  uuid,
  name: z.string().max(300).optional(),
  version: z.number().int().nonnegative(),
  values: z.array(z.unknown()).max(1_000_000),
});

const clusterSchema = z.looseObject({
  uuid,
  value: z.string().trim().min(1).max(300),
  description: z.string().max(100_000).optional(),
  meta: z
    .looseObject({
      synonyms: z.array(z.string().max(300)).max(5000).optional(),
      country: z.string().max(100).optional(),
      'attribution-confidence': z.union([z.string().max(20), z.number()]).optional(),
      'cfr-suspected-state-sponsor': z.union([z.string().max(300), z.array(z.string().max(300)).max(100)]).optional(),
      'name-attribution': z.array(z.string().max(1000)).max(5000).optional(),
    })
    .optional(),
  related: z
    .array(
      z.looseObject({
        'dest-uuid': z.string().max(100),
        type: z.string().max(100).optional(),
      }),
    )
    .max(10_000)
    .optional(),
});
type Cluster = z.infer<typeof clusterSchema>;

const producerSchema = z.looseObject({ uuid, value: z.string().trim().min(1).max(300) });

/** Producer uuid → name, from `producer.json`. */
export function readProducers(json: unknown, file: string): Map<string, string> {
  const galaxy = parseAt(galaxyFileSchema, json, file, {});
  const producers = new Map<string, string>();
  galaxy.values.forEach((raw, index) => {
    const p = parseAt(producerSchema, raw, file, { index, id: (raw as { uuid?: string })?.uuid });
    producers.set(p.uuid.toLowerCase(), p.value);
  });
  return producers;
}

const mispSpeaker: Speaker = { organization: 'MISP galaxy', kind: 'researcher', onRecord: true };
const cfrViaMisp: Speaker = {
  organization: 'CFR Cyber Operations Tracker, via MISP galaxy',
  kind: 'researcher',
  onRecord: true,
};

/** Who coined each name, per `name-attribution` (resolved through producers) and the `origin:<name>` keys. */
function coinersOf(cluster: Cluster, producers: Map<string, string> | undefined): Map<string, string[]> {
  const coiners = new Map<string, string[]>();
  const add = (alias: string, who: string) => {
    const key = alias.trim().toLowerCase();
    const list = coiners.get(key) ?? [];
    if (!list.some((w) => w.toLowerCase() === who.toLowerCase())) list.push(who);
    coiners.set(key, list);
  };
  for (const entry of cluster.meta?.['name-attribution'] ?? []) {
    const cut = entry.lastIndexOf(':');
    if (cut <= 0) continue;
    const producer = producers?.get(
      entry
        .slice(cut + 1)
        .trim()
        .toLowerCase(),
    );
    if (producer) add(entry.slice(0, cut), producer);
  }
  for (const [key, value] of Object.entries(cluster.meta ?? {})) {
    if (key.startsWith('origin:') && typeof value === 'string' && value.trim() !== '') add(key.slice(7), value.trim());
  }
  return coiners;
}

function statesOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => cleanText(v)).filter((v) => v !== '');
}

export function importMispGalaxy(json: unknown, file: string, producers: Map<string, string> | undefined): ImportBatch {
  const galaxy = parseAt(galaxyFileSchema, json, file, {});
  const version = String(galaxy.version);
  const records: ImportRecord[] = [];
  const skipped = new Map<string, number>();
  const source = {
    publisher: 'MISP galaxy',
    title: `Threat actor galaxy (clusters/threat-actor.json, version ${version})`,
  };

  galaxy.values.forEach((raw, index) => {
    const id = typeof raw === 'object' && raw !== null ? String((raw as { uuid?: unknown }).uuid ?? '') : undefined;
    const cluster = parseAt(clusterSchema, raw, file, { index, id });
    const at = { index, id: cluster.uuid };
    const coiners = coinersOf(cluster, producers);
    const aliases: AliasAttestation[] = [];
    const units: Array<{ name: string; partOf?: string; state?: string }> = [];
    const seen = new Set<string>();
    const names = [cluster.value, ...(cluster.meta?.synonyms ?? [])].map(cleanText);
    for (const [position, name] of names.entries()) {
      if (name === '' || seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      // A cluster named after a unit ("Unit 8200") is that actor; only units among the synonyms are sponsor links.
      const unit = position === 0 ? undefined : sponsorUnitOf(name);
      if (unit) {
        units.push(unit);
        continue;
      }
      const by = coiners.get(name.toLowerCase());
      aliases.push({ name, ...(by ? { coinedBy: by.join(', ').slice(0, 300) } : {}) });
    }
    const gids = aliases.filter((a) => isAttackGroupId(a.name)).map((a) => a.name.trim());
    const actor = parseAt(
      importedActorSchema,
      {
        name: cleanText(cluster.value),
        kind: 'unknown',
        ...(cluster.description ? { sourceDescription: cluster.description } : {}),
        aliases,
        keys: [
          { scheme: 'misp', value: cluster.uuid.toLowerCase() },
          ...gids.map((value) => ({ scheme: 'mitre-attack' as const, value })),
          ...(cluster.related ?? [])
            .filter((r) => r.type === 'similar' || r.type === 'same-as')
            .map((r) => ({ scheme: 'stix-link' as const, value: r['dest-uuid'].toLowerCase() })),
        ],
      },
      file,
      at,
    );
    const record: ActorRecord = {
      originalId: cluster.uuid.toLowerCase(),
      objectType: 'threat-actor cluster',
      version,
      index,
      kind: 'actor',
      status: 'live',
      actor,
      distinct: true,
    };
    records.push(record);

    const confidence = cluster.meta?.['attribution-confidence'];
    const confidenceNote =
      confidence === undefined
        ? undefined
        : String(confidence).trim() === '50'
          ? 'MISP attribution-confidence 50, the galaxy’s default: unassessed'
          : `MISP attribution-confidence ${String(confidence).trim()}/100`;
    const prefix = `misp-${cluster.uuid.toLowerCase().slice(0, 13)}`;
    const claim = (suffix: string, objectType: string, value: unknown): ClaimRecordIn => ({
      originalId: `${cluster.uuid.toLowerCase()}#${suffix}`,
      objectType,
      version,
      index,
      kind: 'claim',
      owner: { actor: record.originalId },
      about: { originalId: record.originalId },
      claim: parseAt(importedClaimSchema, value, file, { ...at, prefix: `meta (${objectType})` }),
      flags: [],
    });

    const country = cluster.meta?.country ? countryCodeOf(cluster.meta.country) : undefined;
    if (cluster.meta?.country !== undefined && !country) countSkipped(skipped, 'meta.country (not an ISO country)');
    if (country) {
      records.push(
        claim('country', 'meta.country', {
          id: `${prefix}-country`,
          speaker: mispSpeaker,
          stance: 'attributes',
          subject: { state: country },
          statement: `The MISP threat-actor galaxy gives ${countryName(country)} as the country of ${actor.name}.`,
          confidence: { level: 'unassessed' },
          ...(confidenceNote ? { basisDetail: confidenceNote } : {}),
          source,
        }),
      );
    }
    statesOf(cluster.meta?.['cfr-suspected-state-sponsor']).forEach((name, n) => {
      const code = countryCodeOf(name);
      records.push(
        claim(`cfr-sponsor-${n}`, 'meta.cfr-suspected-state-sponsor', {
          id: `${prefix}-cfr-sponsor${n === 0 ? '' : `-${n + 1}`}`,
          speaker: cfrViaMisp,
          stance: 'attributes',
          subject: code ? { state: code } : { sponsor: { name: name.slice(0, 160) } },
          statement: `The CFR Cyber Operations Tracker, as carried in the MISP galaxy, names ${code ? countryName(code) : name} as the suspected state sponsor of ${actor.name}.`,
          confidence: { hedge: 'suspected' },
          source,
        }),
      );
    });
    units.forEach((unit, n) => {
      records.push(
        claim(`unit-${n}`, 'meta.synonyms (sponsor unit)', {
          id: `${prefix}-unit${n === 0 ? '' : `-${n + 1}`}`,
          speaker: mispSpeaker,
          stance: 'attributes',
          subject: {
            sponsor: { ...unit, ...(unit.state ? {} : country ? { state: country } : {}) },
            ...(unit.state ? { state: unit.state } : country ? { state: country } : {}),
          },
          statement: `The MISP galaxy lists “${unit.name}” among the names of ${actor.name}; cyberbrief records it as a sponsor link, not an alias.`,
          confidence: { level: 'unassessed' },
          source,
        }),
      );
    });
  });

  return {
    file,
    format: 'misp-galaxy',
    source: { key: 'misp-galaxy', label: 'MISP galaxy' },
    fileVersion: version,
    objectCount: galaxy.values.length,
    records,
    skipped,
    notes: producers
      ? []
      : [
          'producer.json was not found next to the cluster file: who coined each alias is taken from origin:<name> keys only.',
        ],
  };
}
