/** Read side of the store: incident dossiers, actor profiles and incident summaries, as prepared statements. */
import { attributionStateOf, blamedNames } from '../domain/attribution.ts';
import type { ActorProfile, IncidentDossier, IncidentSummary } from '../domain/views.ts';
import { claimColumns, claimJoins as joinsAfterClaims, present, type Row, str, toClaimRecord } from './claim-rows.ts';
import type { Db } from './database.ts';

/** `FROM claims c` with the joins every claim read needs. */
const claimJoins = `FROM claims c
  ${joinsAfterClaims}`;

export function createRecordReader(db: Db) {
  const statements = {
    incidentBySlug: db.prepare('SELECT id FROM incidents WHERE slug = ?').pluck(),
    actorBySlug: db.prepare('SELECT id FROM actors WHERE slug = ?').pluck(),
    incident: db.prepare('SELECT * FROM incidents WHERE id = ?'),
    incidentAliases: db.prepare('SELECT name FROM incident_aliases WHERE incident_id = ? ORDER BY rowid').pluck(),
    victims: db.prepare('SELECT name, sector, country FROM victims WHERE incident_id = ? ORDER BY position'),
    status: db.prepare(
      `SELECT e.date, e.event, s.publisher, s.title, s.date AS sourceDate, s.url FROM status_events e
       LEFT JOIN sources s ON s.id = e.source_id WHERE e.incident_id = ? ORDER BY e.date, e.id`,
    ),
    related: db.prepare('SELECT related_id FROM related_incidents WHERE incident_id = ?').pluck(),
    incidentClaims: db.prepare(`SELECT ${claimColumns} ${claimJoins} WHERE c.incident_id = ? ORDER BY c.said, c.id`),
    actorLevelClaims: db.prepare(
      `SELECT ${claimColumns} ${claimJoins} WHERE c.incident_id IS NULL AND (c.subject_actor_id = ? OR c.owner_actor_id = ?)
       ORDER BY c.said, c.id`,
    ),
    claimsNamingActor: db.prepare(
      `SELECT ${claimColumns} ${claimJoins} WHERE c.subject_actor_id = ? OR c.owner_actor_id = ?
         OR c.responds_to_id IN (SELECT id FROM claims WHERE subject_actor_id = ?)
       ORDER BY c.said, c.id`,
    ),
    actor: db.prepare('SELECT * FROM actors WHERE id = ?'),
    actorAliases: db.prepare(
      `SELECT aa.name, aa.coined_by, s.publisher, s.title, s.date, s.url FROM actor_aliases aa
       LEFT JOIN sources s ON s.id = aa.source_id WHERE aa.actor_id = ? ORDER BY aa.id`,
    ),
    actorsSharingAlias: db.prepare(
      `SELECT aa.name AS alias, a.name AS other FROM actor_aliases aa
       JOIN actor_aliases bb ON lower(bb.name) = lower(aa.name) AND bb.actor_id <> aa.actor_id
       JOIN actors a ON a.id = bb.actor_id WHERE aa.actor_id = ? ORDER BY aa.id`,
    ),
    incidentsOfActor: db
      .prepare(
        `SELECT DISTINCT incident_id FROM claims WHERE subject_actor_id = ? AND incident_id IS NOT NULL
         AND stance IN ('attributes', 'corroborates')`,
      )
      .pluck(),
    actorNames: db.prepare(
      `SELECT a.slug, a.name,
         (SELECT json_group_array(name) FROM (SELECT name FROM actor_aliases WHERE actor_id = a.id ORDER BY id)) AS aliases
       FROM actors a WHERE a.id IN (SELECT subject_actor_id FROM claims WHERE incident_id = ?)`,
    ),
  };

  const incidentClaims = (id: number) => (statements.incidentClaims.all(id) as Row[]).map(toClaimRecord);

  const summaryOf = (id: number): IncidentSummary | undefined => {
    const row = statements.incident.get(id) as Row | undefined;
    if (!row) return undefined;
    const claims = incidentClaims(id);
    return {
      slug: String(row.slug),
      title: String(row.title),
      period: present({ start: String(row.period_start), end: str(row.period_end) }),
      attribution: attributionStateOf(claims),
      blamed: blamedNames(claims),
    };
  };

  // Autocomplete asks for the same few dozen summaries keystroke after keystroke, and each one reads all its
  // incident's claims. They are kept until the store changes: `data_version` moves when another connection commits,
  // `total_changes()` when this one writes anything.
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const summaries = new Map<number, IncidentSummary>();
  let summariesVersion = '';
  const maxCachedSummaries = 20_000;

  const cachedSummary = (id: number): IncidentSummary | undefined => {
    const known = summaries.get(id);
    if (known) return known;
    const summary = summaryOf(id);
    if (!summary) return undefined;
    if (summaries.size >= maxCachedSummaries) summaries.delete(summaries.keys().next().value as number);
    // Shared between callers: frozen so that no card builder can change another's copy.
    const frozen = Object.freeze({
      ...summary,
      period: Object.freeze(summary.period),
      blamed: Object.freeze(summary.blamed),
    }) as IncidentSummary;
    summaries.set(id, frozen);
    return frozen;
  };

  const summariesOf = (ids: number[]): IncidentSummary[] => {
    const version = `${dataVersion.get()}:${totalChanges.get()}`;
    if (version !== summariesVersion) {
      summaries.clear();
      summariesVersion = version;
    }
    return ids.map(cachedSummary).filter((s): s is IncidentSummary => s !== undefined);
  };

  return {
    incidentIdBySlug: (slug: string) => statements.incidentBySlug.get(slug) as number | undefined,
    actorIdBySlug: (slug: string) => statements.actorBySlug.get(slug) as number | undefined,
    incidentSummaries: summariesOf,

    incidentDossier(id: number): IncidentDossier | undefined {
      const row = statements.incident.get(id) as Row | undefined;
      if (!row) return undefined;
      const claims = incidentClaims(id);
      const actors = (statements.actorNames.all(id) as Row[]).map((a) => ({
        slug: String(a.slug),
        name: String(a.name),
        aliases: JSON.parse(String(a.aliases)) as string[],
      }));
      const actorIds = actors
        .map((a) => statements.actorBySlug.get(a.slug) as number | undefined)
        .filter((x): x is number => x !== undefined);
      const actorClaims = actorIds.flatMap((actorId) =>
        (statements.actorLevelClaims.all(actorId, actorId) as Row[]).map(toClaimRecord),
      );
      return {
        incident: present({
          slug: String(row.slug),
          title: String(row.title),
          aliases: statements.incidentAliases.all(id) as string[],
          period: present({ start: String(row.period_start), end: str(row.period_end) }),
          disclosed: str(row.disclosed),
          victims: (statements.victims.all(id) as Row[]).map((v) =>
            present({ name: String(v.name), sector: str(v.sector), country: str(v.country) }),
          ),
          summary: String(row.summary),
          status: (statements.status.all(id) as Row[]).map((s) =>
            present({
              date: String(s.date),
              event: String(s.event),
              source:
                s.publisher === null
                  ? undefined
                  : present({
                      publisher: String(s.publisher),
                      title: str(s.title),
                      date: str(s.sourceDate),
                      url: str(s.url),
                    }),
            }),
          ),
        }),
        claims,
        actorClaims,
        related: summariesOf(statements.related.all(id) as number[]),
        actors,
        recordedAt: String(row.recorded_at),
      };
    },

    actorProfile(id: number): ActorProfile | undefined {
      const row = statements.actor.get(id) as Row | undefined;
      if (!row) return undefined;
      const shared = new Map<string, string[]>();
      for (const s of statements.actorsSharingAlias.all(id) as Row[]) {
        shared.set(String(s.alias), [...(shared.get(String(s.alias)) ?? []), String(s.other)]);
      }
      return {
        actor: {
          slug: String(row.slug),
          name: String(row.name),
          kind: String(row.kind) as ActorProfile['actor']['kind'],
          description: String(row.description),
          aliases: (statements.actorAliases.all(id) as Row[]).map((a) =>
            present({
              name: String(a.name),
              coinedBy: str(a.coined_by),
              source:
                a.publisher === null
                  ? undefined
                  : present({
                      publisher: String(a.publisher),
                      title: str(a.title),
                      date: str(a.date),
                      url: str(a.url),
                    }),
            }),
          ),
          externalIds: present({ mitreAttack: str(row.mitre_attack_id), mispGalaxy: str(row.misp_galaxy_uuid) }),
        },
        claims: (statements.claimsNamingActor.all(id, id, id) as Row[]).map(toClaimRecord),
        incidents: summariesOf(statements.incidentsOfActor.all(id) as number[]),
        sharedAliases: [...shared].map(([alias, others]) => ({ alias, others })),
        ...(row.deprecated_by ? { deprecatedBy: String(row.deprecated_by) } : {}),
      };
    },
  };
}

export type RecordReader = ReturnType<typeof createRecordReader>;
