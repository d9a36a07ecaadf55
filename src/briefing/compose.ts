/**
 * What a daily briefing says: the changes recorded between two instants, grouped by incident, each with the
 * incident's current one-line verdict. Filters and the channel's TLP ceiling are applied here: claims above the
 * ceiling are withheld and counted, never shown, and never shape a verdict.
 */
import { z } from 'zod';
import { findDiscrepancies } from '../cards/discrepancies.ts';
import { partyName, stanceLabel } from '../cards/format.ts';
import { buildVerdict } from '../cards/incident-card.ts';
import { countryCodeSchema, type Tlp, tlpLevels } from '../domain/schemas.ts';
import type { ClaimRecord, IncidentDossier } from '../domain/views.ts';

export const briefingFiltersSchema = z.strictObject({
  /** Only incidents whose claims name this actor (slug). */
  actor: z.string().min(1).max(48).optional(),
  /** Only incidents with a victim in this country. */
  country: countryCodeSchema.optional(),
  /** Only incidents with a victim in this sector (case-insensitive substring). */
  sector: z.string().min(2).max(60).optional(),
  /** Only claims made by speakers for this state. */
  claimant: countryCodeSchema.optional(),
});
export type BriefingFilters = z.infer<typeof briefingFiltersSchema>;

/** One change as the store reports it. */
export interface Change {
  kind: 'incident' | 'claim' | 'status';
  incidentSlug: string;
  recordedAt: string;
  claimSlug?: string;
  statusDate?: string;
  statusEvent?: string;
}

export interface BriefingItem {
  slug: string;
  title: string;
  verdict: string;
  /** What changed, newest first: "new denial by China’s government", "case status: charges dropped (2021-10-01)". */
  changes: string[];
  latest: string;
}

export interface Briefing {
  from: string;
  to: string;
  items: BriefingItem[];
  /** Changes left out because they are marked above the channel's TLP ceiling. */
  withheld: number;
}

/** What composing reads of an incident: a part of its dossier (an `IncidentDossier` is one). */
export interface BriefingDossier {
  incident: Pick<IncidentDossier['incident'], 'title' | 'victims'>;
  claims: ClaimRecord[];
  /** Actor-level claims about the actors the incident is blamed on: they count for discrepancies. */
  actorClaims: ClaimRecord[];
}

export function tlpAllowed(tlp: Tlp, ceiling: Tlp): boolean {
  return tlpLevels.indexOf(tlp) <= tlpLevels.indexOf(ceiling);
}

function matchesIncident(dossier: BriefingDossier, filters: BriefingFilters, visible: ClaimRecord[]): boolean {
  const victims = dossier.incident.victims;
  if (filters.actor && !visible.some((c) => c.subject.actor === filters.actor)) return false;
  if (filters.country && !victims.some((v) => v.country === filters.country)) return false;
  const sector = filters.sector?.toLowerCase();
  if (sector && !victims.some((v) => v.sector?.toLowerCase().includes(sector))) return false;
  if (filters.claimant && !visible.some((c) => c.speaker.state === filters.claimant)) return false;
  return true;
}

function describeClaim(claim: ClaimRecord): string {
  const party = partyName(claim.speaker);
  return claim.stance === 'attributes' ? `new claim by ${party}` : `new ${stanceLabel(claim.stance)} by ${party}`;
}

/**
 * One incident seen through a TLP ceiling: the claims a channel may see, and the verdict they alone support. It
 * depends on the incident and the ceiling only, so every briefing with that ceiling can share it.
 */
export interface IncidentView {
  dossier: BriefingDossier;
  visible: ClaimRecord[];
  claimsBySlug: Map<string, ClaimRecord>;
  /** Computed on first use: most incidents in a filtered briefing never need one. */
  verdict(): string;
}

export function viewIncident(dossier: BriefingDossier, tlpCeiling: Tlp): IncidentView {
  const visible = dossier.claims.filter((c) => tlpAllowed(c.tlp, tlpCeiling));
  let verdict: string | undefined;
  return {
    dossier,
    visible,
    claimsBySlug: new Map(dossier.claims.map((c) => [c.id, c])),
    verdict() {
      verdict ??= buildVerdict(
        visible,
        findDiscrepancies([...visible, ...dossier.actorClaims.filter((c) => tlpAllowed(c.tlp, tlpCeiling))]).length,
      );
      return verdict;
    },
  };
}

/**
 * Builds the briefing for (from, to]. `dossierOf` reads an incident's current state; pure otherwise.
 */
export function composeBriefing(
  window: { from: string; to: string },
  changes: readonly Change[],
  dossierOf: (slug: string) => BriefingDossier | undefined,
  options: { filters: BriefingFilters; tlpCeiling: Tlp },
): Briefing {
  return composeFromViews(
    window,
    changes,
    (slug) => {
      const dossier = dossierOf(slug);
      return dossier && viewIncident(dossier, options.tlpCeiling);
    },
    options,
  );
}

/**
 * As `composeBriefing`, from incident views already taken through `options.tlpCeiling`: lets callers that compose
 * many briefings share the views (and their verdicts) between them.
 */
export function composeFromViews(
  window: { from: string; to: string },
  changes: readonly Change[],
  viewOf: (slug: string) => IncidentView | undefined,
  options: { filters: BriefingFilters; tlpCeiling: Tlp },
): Briefing {
  const byIncident = new Map<string, Change[]>();
  for (const change of changes) {
    const group = byIncident.get(change.incidentSlug);
    if (group) group.push(change);
    else byIncident.set(change.incidentSlug, [change]);
  }

  let withheld = 0;
  const items: BriefingItem[] = [];
  for (const [slug, incidentChanges] of byIncident) {
    const view = viewOf(slug);
    if (!view) continue;
    const { dossier, visible, claimsBySlug } = view;
    // rank orders lines recorded together: the incident itself, then its case status, then claims.
    const lines: Array<{ at: string; rank: number; text: string }> = [];
    for (const change of incidentChanges) {
      if (change.kind === 'incident') lines.push({ at: change.recordedAt, rank: 0, text: 'new incident' });
      else if (change.kind === 'status') {
        lines.push({
          at: change.recordedAt,
          rank: 1,
          text: `case status: ${change.statusEvent} (${change.statusDate})`,
        });
      } else {
        const claim = change.claimSlug ? claimsBySlug.get(change.claimSlug) : undefined;
        if (!claim) continue;
        if (!tlpAllowed(claim.tlp, options.tlpCeiling)) {
          withheld += 1;
          continue;
        }
        if (options.filters.claimant && claim.speaker.state !== options.filters.claimant) continue;
        lines.push({ at: change.recordedAt, rank: 2, text: describeClaim(claim) });
      }
    }
    if (lines.length === 0 || !matchesIncident(dossier, options.filters, visible)) continue;
    lines.sort((a, b) => b.at.localeCompare(a.at) || a.rank - b.rank);
    items.push({
      slug,
      title: dossier.incident.title,
      verdict: view.verdict(),
      changes: [...new Set(lines.map((l) => l.text))],
      latest: lines[0]?.at ?? window.to,
    });
  }
  items.sort((a, b) => b.latest.localeCompare(a.latest) || a.slug.localeCompare(b.slug));
  return { ...window, items, withheld };
}
