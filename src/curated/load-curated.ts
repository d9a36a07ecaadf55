/**
 * Reads the curated data files (`data/actors/*.json`, `data/incidents/*.json`), validates each record with the
 * domain schemas, and checks the references between them. A bad record is reported with its file, record and field.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  type Actor,
  actorSchema,
  type Claim,
  counterStances,
  type Incident,
  incidentSchema,
} from '../domain/schemas.ts';

export interface CuratedData {
  actors: Actor[];
  incidents: Incident[];
  /** Hash of every file's bytes, so a store can tell whether the curated data changed since it was loaded. */
  fingerprint: string;
}

/** One problem in the curated data, located precisely enough to fix it without searching. */
export interface DataProblem {
  file: string;
  record: string;
  field: string;
  message: string;
}

export class CuratedDataError extends Error {
  override readonly name = 'CuratedDataError';
  readonly problems: DataProblem[];
  constructor(problems: DataProblem[]) {
    const first = problems[0];
    const where = first ? `${first.file} › ${first.record} › ${first.field}: ${first.message}` : 'no details';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    super(`Invalid curated data: ${where}${more}`);
    this.problems = problems;
  }
}

interface RawFile {
  name: string;
  text: string;
}

function readJsonFiles(dataDir: string, folder: string): RawFile[] {
  let names: string[];
  try {
    names = readdirSync(join(dataDir, folder)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  // Names are relative to the data folder so the fingerprint is the same on every machine.
  return names.sort().map((n) => ({ name: `${folder}/${n}`, text: readFileSync(join(dataDir, folder, n), 'utf8') }));
}

/** ["claims", 0, "stance"] → "claims[0].stance". */
function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(record)'
  );
}

function parseFile<T>(
  file: RawFile,
  schema: z.ZodType<T>,
  problems: DataProblem[],
  recordName: (raw: unknown) => string,
): Array<{ record: T; file: string }> {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (error) {
    problems.push({ file: file.name, record: '(file)', field: '(json)', message: (error as Error).message });
    return [];
  }
  // A file holds one record or an array of them; one record per file keeps diffs and merges small.
  const raws = Array.isArray(json) ? json : [json];
  const records: Array<{ record: T; file: string }> = [];
  raws.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (result.success) {
      records.push({ record: result.data, file: file.name });
      return;
    }
    for (const issue of result.error.issues) {
      problems.push({
        file: file.name,
        record: recordName(raw) || `#${index}`,
        field: formatPath(issue.path),
        message: issue.message,
      });
    }
  });
  return records;
}

const slugOf = (raw: unknown): string =>
  typeof raw === 'object' && raw !== null && 'slug' in raw && typeof raw.slug === 'string' ? raw.slug : '';

/** A parsed record and the file it came from, so a problem can point at the file to fix. */
export interface Located<T> {
  record: T;
  file: string;
}

/** Checks what the schemas cannot: unique keys and references between records. */
export function checkReferences(actors: Located<Actor>[], incidents: Located<Incident>[]): DataProblem[] {
  const problems: DataProblem[] = [];
  const actorSlugs = new Set<string>();
  for (const { record, file } of actors) {
    if (actorSlugs.has(record.slug)) {
      problems.push({ file, record: record.slug, field: 'slug', message: 'duplicate actor slug' });
    }
    actorSlugs.add(record.slug);
  }
  const incidentSlugs = new Set<string>();
  for (const { record, file } of incidents) {
    if (incidentSlugs.has(record.slug)) {
      problems.push({ file, record: record.slug, field: 'slug', message: 'duplicate incident slug' });
    }
    incidentSlugs.add(record.slug);
  }
  const owners = [...actors, ...incidents];
  const claimIds = new Map<string, Claim>();
  for (const { record, file } of owners) {
    for (const claim of record.claims) {
      if (claimIds.has(claim.id)) problems.push({ file, record: claim.id, field: 'id', message: 'duplicate claim id' });
      claimIds.set(claim.id, claim);
    }
  }
  for (const { record, file } of owners) {
    record.claims.forEach((claim, index) => {
      const at = (field: string, message: string) =>
        problems.push({ file, record: claim.id, field: `claims[${index}].${field}`, message });
      if (claim.subject.actor !== undefined && !actorSlugs.has(claim.subject.actor)) {
        at('subject.actor', `unknown actor "${claim.subject.actor}"`);
      }
      if (claim.respondsTo !== undefined) {
        const target = claimIds.get(claim.respondsTo);
        if (!target) at('respondsTo', `unknown claim "${claim.respondsTo}"`);
        else if (target.id === claim.id) at('respondsTo', 'a claim cannot answer itself');
      } else if (counterStances.has(claim.stance) && claim.stance !== 'counter-accusation') {
        at('respondsTo', `a "${claim.stance}" claim must say which claim it answers`);
      }
    });
  }
  for (const { record, file } of incidents) {
    record.related.forEach((slug, index) => {
      if (!incidentSlugs.has(slug)) {
        problems.push({ file, record: record.slug, field: `related[${index}]`, message: `unknown incident "${slug}"` });
      }
    });
  }
  return problems;
}

/** Loads and validates all curated files under `dataDir`; throws `CuratedDataError` listing every problem. */
export function loadCuratedData(dataDir: string): CuratedData {
  const actorFiles = readJsonFiles(dataDir, 'actors');
  const incidentFiles = readJsonFiles(dataDir, 'incidents');
  const problems: DataProblem[] = [];
  const actors = actorFiles.flatMap((f) => parseFile(f, actorSchema, problems, slugOf));
  const incidents = incidentFiles.flatMap((f) => parseFile(f, incidentSchema, problems, slugOf));
  if (problems.length === 0) problems.push(...checkReferences(actors, incidents));
  if (problems.length > 0) throw new CuratedDataError(problems);
  const hash = createHash('sha256');
  for (const file of [...actorFiles, ...incidentFiles]) hash.update(file.name).update('\0').update(file.text);
  return {
    actors: actors.map((a) => a.record),
    incidents: incidents.map((i) => i.record),
    fingerprint: hash.digest('hex').slice(0, 16),
  };
}
