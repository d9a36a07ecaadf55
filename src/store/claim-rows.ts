/**
 * A claim row as both readers see it (dossiers in read-records, briefing facts in briefing-store): the columns, the
 * joins after `FROM claims c`, and the mapping to the domain's ClaimRecord. One copy, so the two cannot drift.
 */
import type { ClaimBasis, SpeakerKind, Stance, Tlp } from '../domain/schemas.ts';
import type { ClaimRecord } from '../domain/views.ts';

export type Row = Record<string, string | number | null>;

export const claimColumns = `c.slug, i.slug AS incidentSlug, c.said, c.speaker_name, c.speaker_role, c.speaker_organization,
  c.speaker_state, c.speaker_kind, c.on_record, c.stance, a.slug AS actorSlug, a.name AS actorName, c.sponsor_name,
  c.sponsor_part_of, c.sponsor_state, c.subject_state, c.statement, c.quote, c.hedge, c.likelihood, c.basis,
  c.basis_detail, c.tlp, r.slug AS respondsTo, c.recorded_at, s.publisher, s.title AS sourceTitle,
  s.date AS sourceDate, s.url AS sourceUrl`;

/** The joins that follow `FROM claims c`. */
export const claimJoins = `JOIN sources s ON s.id = c.source_id
  LEFT JOIN incidents i ON i.id = c.incident_id
  LEFT JOIN actors a ON a.id = c.subject_actor_id
  LEFT JOIN claims r ON r.id = c.responds_to_id`;

/** Drops SQL NULLs so optional fields are absent, as the domain schemas expect. A loop: thousands run per window. */
export function present<T extends object>(record: T): T {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (value !== null && value !== undefined) kept[key] = value;
  return kept as T;
}

export const str = (v: string | number | null | undefined): string | undefined =>
  v === null || v === undefined ? undefined : String(v);

export function toClaimRecord(row: Row): ClaimRecord {
  return present({
    id: String(row.slug),
    incident: str(row.incidentSlug),
    said: String(row.said),
    speaker: present({
      name: str(row.speaker_name),
      role: str(row.speaker_role),
      organization: str(row.speaker_organization),
      state: str(row.speaker_state),
      kind: String(row.speaker_kind) as SpeakerKind,
      onRecord: row.on_record === 1,
    }),
    stance: String(row.stance) as Stance,
    subject: present({
      actor: str(row.actorSlug),
      sponsor:
        row.sponsor_name === null
          ? undefined
          : present({
              name: String(row.sponsor_name),
              partOf: str(row.sponsor_part_of),
              state: str(row.sponsor_state),
            }),
      state: str(row.subject_state),
    }),
    subjectActorName: str(row.actorName),
    statement: String(row.statement),
    quote: str(row.quote),
    confidence: present({ hedge: str(row.hedge), level: String(row.likelihood) as ClaimRecord['confidence']['level'] }),
    basis: str(row.basis) as ClaimBasis | undefined,
    basisDetail: str(row.basis_detail),
    source: present({
      publisher: String(row.publisher),
      title: str(row.sourceTitle),
      date: str(row.sourceDate),
      url: str(row.sourceUrl),
    }),
    tlp: String(row.tlp) as Tlp,
    respondsTo: str(row.respondsTo),
    recordedAt: String(row.recorded_at),
  });
}
