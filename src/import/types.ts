/**
 * What every importer produces: source objects mapped to domain records, each with its provenance (source, original
 * id, version). The store merges them (`src/store/import-records.ts`); nothing here touches SQLite.
 *
 * The import-side schemas are derived from the domain ones and looser only where real sources are: a claim may be
 * undated, an incident may have no named victim, titles and summaries may be longer. The curated files keep the
 * strict schemas in `src/domain/schemas.ts`.
 */
import { z } from 'zod';
import {
  actorKindSchema,
  claimSchema,
  countryCodeSchema,
  incidentSchema,
  partialDateSchema,
  slugSchema,
  sponsorSchema,
  victimSchema,
} from '../domain/schemas.ts';

export const formats = [
  'cyberbrief',
  'stix',
  'misp-galaxy',
  'misp-producers',
  'eurepoc-incidents',
  'eurepoc-attributions',
  'eurepoc-receivers',
  'cfr',
] as const;
export type FormatId = (typeof formats)[number];

/** Which publication a batch comes from; `key` is stored as the origin of what it creates. */
export interface SourceInfo {
  /** 'mitre-attack', 'stix', 'misp-galaxy', 'eurepoc', 'cfr', 'cyberbrief'. */
  key: string;
  /** As shown to people: "MITRE ATT&CK", "MISP galaxy". */
  label: string;
}

const text = (max: number) => z.string().trim().min(1).max(max);

export const aliasAttestationSchema = z.strictObject({
  name: text(200),
  /** Who coined the name, per this source ("Trend Micro, Secureworks"). */
  coinedBy: text(300).optional(),
});
export type AliasAttestation = z.infer<typeof aliasAttestationSchema>;

/**
 * An id an actor is matched by. 'stix-link' is a STIX object another source calls the same group (MISP `related`):
 * it matches that object's 'stix' id, never another link, so two clusters "similar" to a third are not merged.
 */
export const actorKeySchema = z.strictObject({
  scheme: z.enum(['mitre-attack', 'stix', 'misp', 'stix-link']),
  value: z.string().min(1).max(200),
});
export type ActorKey = z.infer<typeof actorKeySchema>;

export const importedActorSchema = z.strictObject({
  /** Our own format only: the slug the record asks for. */
  slug: slugSchema.optional(),
  name: text(200),
  kind: actorKindSchema,
  /** A description in our words (our own format only); sources' descriptions go in `sourceDescription`. */
  description: text(1000).optional(),
  /** The source's description, kept with its provenance and never shown as ours. */
  sourceDescription: z.string().max(100_000).optional(),
  aliases: z.array(aliasAttestationSchema),
  keys: z.array(actorKeySchema),
});
export type ImportedActor = z.infer<typeof importedActorSchema>;

export const importedIncidentSchema = incidentSchema.omit({ claims: true, slug: true }).extend({
  /** A readable slug to start from; the store makes it unique. */
  slugHint: slugSchema,
  /** Our own format only: the slug the record asks for. */
  slug: slugSchema.optional(),
  title: text(300),
  victims: z.array(victimSchema),
  summary: text(20_000),
  sourceDescription: z.string().max(100_000).optional(),
});
export type ImportedIncident = z.infer<typeof importedIncidentSchema>;

/** A claim before its subject actor is resolved to a slug (the store does that). Its `id` is its slug: built from the
 * source's ids, so that re-importing finds the same claim. */
export const importedClaimSchema = claimSchema.extend({
  /** Undated when the source gives no date for the claim; never guessed. */
  said: partialDateSchema.optional(),
  subject: z.strictObject({
    actor: slugSchema.optional(),
    sponsor: sponsorSchema.optional(),
    state: countryCodeSchema.optional(),
  }),
  statement: text(1000),
  basisDetail: text(600).optional(),
});
export type ImportedClaim = z.infer<typeof importedClaimSchema>;

/** An actor named by a reference: an object of the same source, or names to look up among all actors. */
export type ActorRef = { originalId: string } | { names: string[] } | { slug: string };

interface RecordBase {
  /** Unique within the source: a STIX id, a MISP uuid, "incident:956", "attribution:956:1125:1". */
  originalId: string;
  /** The source's object type ("intrusion-set", "cluster", "attribution row"). */
  objectType: string;
  /** The object's own version when it has one (STIX `modified`, MISP file version). */
  version?: string;
  /** Position in the file, for messages. */
  index: number;
}

export interface ActorRecord extends RecordBase {
  kind: 'actor';
  status: 'live' | 'deprecated';
  actor: ImportedActor;
  /**
   * True when the source holds this actor distinct from its other actors (a STIX object, a MISP cluster): two such
   * records of one source never merge into one actor. False for names a source merely mentions (EuRepoC initiators).
   */
  distinct: boolean;
}

/** A revoked object: its names redirect to the object that replaced it, once that is known. */
export interface RedirectRecord extends RecordBase {
  kind: 'redirect';
  name?: string;
  aliases: AliasAttestation[];
  /** Original id of the replacement. */
  target?: string;
}

export interface IncidentRecord extends RecordBase {
  kind: 'incident';
  status: 'live' | 'deprecated';
  incident: ImportedIncident;
}

export interface ClaimRecordIn extends RecordBase {
  kind: 'claim';
  /** The record the claim belongs to, by original id within the same source. */
  owner: { incident: string } | { actor: string };
  /** The actor the claim is about, if any; resolved by the store. */
  about?: ActorRef;
  claim: ImportedClaim;
  /** Marks worth reporting, e.g. "contested". */
  flags: string[];
}

export type ImportRecord = ActorRecord | RedirectRecord | IncidentRecord | ClaimRecordIn;

export interface ImportBatch {
  file: string;
  format: FormatId;
  source: SourceInfo;
  /** The file's version where it states one (MISP `version`, newest STIX `modified`, EuRepoC "1.1"). */
  fileVersion?: string;
  /** Objects (or rows) read from the file. */
  objectCount: number;
  /** Actors first, then redirects, incidents, claims. */
  records: ImportRecord[];
  /** Objects read but not imported, counted by type and reason ("attack-pattern: not an actor or incident"). */
  skipped: Map<string, number>;
  /** Things worth telling the person, once each ("producer.json not found …"). */
  notes: string[];
}

export function countSkipped(skipped: Map<string, number>, what: string, by = 1): void {
  skipped.set(what, (skipped.get(what) ?? 0) + by);
}

/** A file that cannot be imported; the message names the file, the object (index and id) and the field. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly file: string;
  readonly where: { index?: number; id?: string; field?: string };
  readonly reason: string;
  constructor(file: string, where: { index?: number; id?: string; field?: string }, reason: string) {
    const parts = [where.index === undefined ? '' : `#${where.index}`, where.id ? `(${clip(where.id, 120)})` : ''];
    const object = parts.some((p) => p !== '') ? `object ${parts.filter((p) => p !== '').join(' ')}` : '(file)';
    super(`${file} › ${object} › ${where.field ?? '(record)'}: ${reason}`);
    this.file = file;
    this.where = where;
    this.reason = reason;
  }
}

/** ["aliases", 0] → "aliases[0]". */
export function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(record)'
  );
}

/** Validates with a zod schema, turning the first problem into an ImportError at this object and field. */
export function parseAt<T>(
  schema: z.ZodType<T>,
  value: unknown,
  file: string,
  where: { index?: number; id?: string; prefix?: string },
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? formatPath(issue.path) : '(record)';
  const field = where.prefix ? (path === '(record)' ? where.prefix : `${where.prefix}.${path}`) : path;
  throw new ImportError(file, { index: where.index, id: where.id, field }, clipMessage(issue?.message ?? 'invalid'));
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

function clipMessage(message: string): string {
  return clip(message, 300);
}
