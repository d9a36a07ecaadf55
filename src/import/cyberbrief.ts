/**
 * cyberbrief's own data format: the curated JSON (`data/actors/*.json`, `data/incidents/*.json`) — one record, an
 * array of records, or `{ "actors": [...], "incidents": [...] }` — validated with the same strict schemas as the
 * curated files. Records keep their slugs and claim ids; a slug the curated data already holds is never overwritten.
 */
import { z } from 'zod';
import { type Actor, actorSchema, type Incident, incidentSchema } from '../domain/schemas.ts';
import { type ImportBatch, ImportError, type ImportRecord, parseAt } from './types.ts';

const wrapperSchema = z.looseObject({
  actors: z.array(z.unknown()).max(1_000_000).optional(),
  incidents: z.array(z.unknown()).max(1_000_000).optional(),
});

const isIncident = (raw: unknown) => typeof raw === 'object' && raw !== null && ('title' in raw || 'victims' in raw);

/** True for JSON that looks like our own format: records with a slug, or the {actors, incidents} wrapper. */
export function looksLikeCyberbrief(json: unknown): boolean {
  const first = Array.isArray(json) ? json[0] : json;
  if (typeof first !== 'object' || first === null) return false;
  return 'slug' in first || 'actors' in first || 'incidents' in first;
}

export function importCyberbrief(json: unknown, file: string): ImportBatch {
  let raws: Array<{ raw: unknown; as: 'actor' | 'incident' }>;
  if (!Array.isArray(json) && typeof json === 'object' && json !== null && ('actors' in json || 'incidents' in json)) {
    const wrapper = parseAt(wrapperSchema, json, file, {});
    raws = [
      ...(wrapper.actors ?? []).map((raw) => ({ raw, as: 'actor' as const })),
      ...(wrapper.incidents ?? []).map((raw) => ({ raw, as: 'incident' as const })),
    ];
  } else {
    raws = (Array.isArray(json) ? json : [json]).map((raw) => ({
      raw,
      as: isIncident(raw) ? ('incident' as const) : ('actor' as const),
    }));
  }
  const actors: Array<{ index: number; record: Actor }> = [];
  const incidents: Array<{ index: number; record: Incident }> = [];
  raws.forEach(({ raw, as }, index) => {
    const id =
      typeof raw === 'object' && raw !== null && 'slug' in raw ? String((raw as { slug: unknown }).slug) : undefined;
    if (as === 'actor') actors.push({ index, record: parseAt(actorSchema, raw, file, { index, id }) });
    else incidents.push({ index, record: parseAt(incidentSchema, raw, file, { index, id }) });
  });
  const records: ImportRecord[] = [];
  for (const { index, record } of actors) {
    records.push({
      originalId: record.slug,
      objectType: 'actor',
      index,
      kind: 'actor',
      status: 'live',
      distinct: true,
      actor: {
        slug: record.slug,
        name: record.name,
        kind: record.kind,
        description: record.description,
        aliases: record.aliases.map((a) => ({ name: a.name, ...(a.coinedBy ? { coinedBy: a.coinedBy } : {}) })),
        keys: [
          ...(record.externalIds.mitreAttack
            ? [{ scheme: 'mitre-attack' as const, value: record.externalIds.mitreAttack }]
            : []),
          ...(record.externalIds.mispGalaxy ? [{ scheme: 'misp' as const, value: record.externalIds.mispGalaxy }] : []),
        ],
      },
    });
  }
  for (const { index, record } of incidents) {
    const { claims: _claims, ...incident } = record;
    records.push({
      originalId: record.slug,
      objectType: 'incident',
      index,
      kind: 'incident',
      status: 'live',
      incident: { ...incident, slugHint: record.slug },
    });
  }
  const claimIds = new Set<string>();
  for (const [owner, list] of [
    ...actors.map((a) => [{ actor: a.record.slug }, a.record.claims, a.index] as const),
    ...incidents.map((i) => [{ incident: i.record.slug }, i.record.claims, i.index] as const),
  ].map(([o, c, i]) => [o, c.map((claim) => ({ claim, index: i }))] as const)) {
    for (const { claim, index } of list) {
      if (claimIds.has(claim.id))
        throw new ImportError(file, { index, id: claim.id, field: 'id' }, 'duplicate claim id');
      claimIds.add(claim.id);
      records.push({
        originalId: claim.id,
        objectType: 'claim',
        index,
        kind: 'claim',
        owner,
        ...(claim.subject.actor ? { about: { slug: claim.subject.actor } } : {}),
        claim,
        flags: [],
      });
    }
  }
  return {
    file,
    format: 'cyberbrief',
    source: { key: 'cyberbrief', label: 'cyberbrief data file' },
    objectCount: raws.length,
    records,
    skipped: new Map(),
    notes: [],
  };
}
