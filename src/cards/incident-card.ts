/**
 * The incident briefing card, bottom line first: the verdict derived from the claims, then who said what with their
 * own hedge words, each counter-claim under the claim it answers, where sources disagree, and where it all comes from.
 */
import { type Card, type CardAction, type CardEntry, cardLimits, clip } from '../core/card.ts';
import {
  attributionStateOf,
  blamedNames,
  disputes,
  isAttribution,
  standingAttributions,
} from '../domain/attribution.ts';
import { countryName, countryPossessive } from '../domain/countries.ts';
import { likelihoodRank } from '../domain/likelihood.ts';
import { counterStances, type Tlp, tlpLevels } from '../domain/schemas.ts';
import type { ClaimRecord, IncidentDossier } from '../domain/views.ts';
import { describeDiscrepancy, findDiscrepancies } from './discrepancies.ts';
import { withExportAction } from './export-action.ts';
import {
  attributionWords,
  authorityRank,
  formatPeriod,
  joinWords,
  likelihoodLine,
  partyName,
  sourceLabel,
  speakerLine,
  stanceLabel,
  summaryLine,
} from './format.ts';

/** Claims shown in full before "…and N more claims". */
const claimsShown = 6;

/** Most authoritative first, then most certain, then earliest. */
export function byAuthority(a: ClaimRecord, b: ClaimRecord): number {
  return (
    authorityRank(a.speaker.kind) - authorityRank(b.speaker.kind) ||
    likelihoodRank(b.confidence.level) - likelihoodRank(a.confidence.level) ||
    a.said.localeCompare(b.said) ||
    a.id.localeCompare(b.id)
  );
}

/** The sponsor as a reader says it: "China’s PLA Unit 61419", or just the state. */
function sponsorPhrase(claims: ClaimRecord[]): string | undefined {
  const withSponsor = claims.filter((c) => c.subject.sponsor);
  // The most specific sponsor from the most authoritative source: a unit says more than its parent body.
  const ranked = [...withSponsor].sort(
    (a, b) =>
      byAuthority(a, b) || Number(Boolean(b.subject.sponsor?.partOf)) - Number(Boolean(a.subject.sponsor?.partOf)),
  );
  const sponsor = ranked.find((c) => c.subject.sponsor?.partOf)?.subject.sponsor ?? ranked[0]?.subject.sponsor;
  if (sponsor) return sponsor.state ? `${countryPossessive(sponsor.state)} ${sponsor.name}` : sponsor.name;
  const state = claims.find((c) => c.subject.state)?.subject.state;
  return state ? countryName(state) : undefined;
}

/** Who answered, one name per state: the party itself, or "Russia (3 statements)" when several spoke for it. */
function partiesByState(claims: ClaimRecord[]): string[] {
  const groups = new Map<string, { state?: string; parties: Set<string>; count: number }>();
  for (const claim of claims) {
    const party = partyName(claim.speaker);
    const key = claim.speaker.state ?? party;
    const group = groups.get(key) ?? { state: claim.speaker.state, parties: new Set<string>(), count: 0 };
    group.parties.add(party);
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) =>
    g.parties.size === 1 || g.state === undefined
      ? [...g.parties].join(', ')
      : `${countryName(g.state)} (${g.count} statements)`,
  );
}

/** The one-line verdict: who is blamed, by whom (with the strongest hedge), who denies, what is disputed. */
export function buildVerdict(claims: ClaimRecord[], discrepancyCount: number): string {
  const standing = standingAttributions(claims).sort(byAuthority);
  if (standing.length === 0) {
    const state = attributionStateOf(claims);
    return state === 'retracted'
      ? 'Attribution retracted: every public attribution has since been withdrawn.'
      : 'Unattributed: no public claim names who did it.';
  }
  const actors = blamedNames(standing.filter((c) => c.subjectActorName)).filter((n) =>
    standing.some((c) => c.subjectActorName === n),
  );
  const sponsor = sponsorPhrase(standing);
  const blamed = actors.length > 0 ? `Attributed to ${joinWords(actors.slice(0, 2))}` : undefined;
  const who = blamed
    ? sponsor
      ? `${blamed}, linked to ${sponsor}`
      : blamed
    : `Attributed to ${sponsor ?? 'an unnamed party'}`;

  const parties: string[] = [];
  for (const claim of standing) {
    const party = partyName(claim.speaker);
    if (!parties.includes(party)) parties.push(party);
  }
  // The strongest hedge stands next to the party that used it, which is always among those named.
  const strongest = [...standing].sort(
    (a, b) => likelihoodRank(b.confidence.level) - likelihoodRank(a.confidence.level) || byAuthority(a, b),
  )[0];
  const hedgeParty = strongest?.confidence.hedge ? partyName(strongest.speaker) : undefined;
  const named = parties.slice(0, 2);
  if (hedgeParty !== undefined && !named.includes(hedgeParty)) named[1] = hedgeParty;
  const shown = named.map((p) => (p === hedgeParty ? `${p} (“${strongest?.confidence.hedge}”)` : p));
  const byWhom = parties.length > 2 ? `${shown.join(', ')} and ${parties.length - 2} more` : joinWords(shown);

  const standingById = new Map(standing.map((c) => [c.id, c]));
  const answers = claims.filter((c) => c.respondsTo !== undefined && standingById.has(c.respondsTo));
  const denying = answers.filter((c) => {
    const target = standingById.get(c.respondsTo ?? '');
    return target !== undefined && disputes(c, target);
  });
  const parts = [`${who} — by ${byWhom}`];
  const deniers = partiesByState(denying);
  if (deniers.length > 0) parts.push(`denied by ${joinWords(deniers)}`);
  else {
    const silent = partiesByState(answers.filter((c) => c.stance === 'non-acknowledgement'));
    if (silent.length > 0) parts.push(`not acknowledged by ${joinWords(silent)}`);
  }
  if (discrepancyCount > 0) parts.push(`${discrepancyCount} discrepanc${discrepancyCount === 1 ? 'y' : 'ies'}`);
  return parts.join(' · ');
}

/** Every claim line offers a way to say it is wrong: a note for the reviewers, never an edit. */
export function disputeAction(claimSlug: string): CardAction {
  return { label: 'Dispute', command: 'claim', options: { action: 'dispute', id: claimSlug } };
}

/** One claim as a card entry; its answers become its children. */
export function claimEntry(claim: ClaimRecord, answers: ClaimRecord[] = []): CardEntry {
  const isCounter = counterStances.has(claim.stance) || claim.respondsTo !== undefined;
  const heading = `${speakerLine(claim.speaker)} · ${claim.said || 'undated'}${isCounter ? ` · ${stanceLabel(claim.stance)}` : ''}`;
  const quote = claim.quote ? ` — “${claim.quote}”` : '';
  const detailParts = [`${claim.statement}${quote}`];
  if (!isCounter) detailParts.push(likelihoodLine(claim.confidence));
  if (claim.basis)
    detailParts.push(`basis: ${claim.basis.replace('-', ' ')}${claim.basisDetail ? ` (${claim.basisDetail})` : ''}`);
  return {
    text: clip(heading, cardLimits.entryText),
    detail: clip(detailParts.join(' · '), cardLimits.entryDetail),
    source: { label: clip(sourceLabel(claim.source), 200), ...(claim.source.url ? { url: claim.source.url } : {}) },
    action: disputeAction(claim.id),
    ...(answers.length > 0
      ? { children: answers.slice(0, cardLimits.children).map((answer) => claimEntry(answer)) }
      : {}),
  };
}

/** Claims grouped as exchanges: each top-level claim with the claims that answer it, in reading order. */
export function claimThreads(claims: ClaimRecord[]): Array<{ claim: ClaimRecord; answers: ClaimRecord[] }> {
  const ids = new Set(claims.map((c) => c.id));
  const answersTo = new Map<string, ClaimRecord[]>();
  for (const claim of claims) {
    if (claim.respondsTo !== undefined && ids.has(claim.respondsTo)) {
      answersTo.set(claim.respondsTo, [...(answersTo.get(claim.respondsTo) ?? []), claim]);
    }
  }
  // A reply to a reply is shown with the thread it belongs to, in date order.
  const flatten = (id: string): ClaimRecord[] =>
    (answersTo.get(id) ?? [])
      .flatMap((answer) => [answer, ...flatten(answer.id)])
      .sort((a, b) => a.said.localeCompare(b.said) || a.id.localeCompare(b.id));
  const roots = claims.filter((c) => c.respondsTo === undefined || !ids.has(c.respondsTo));
  const attributionsFirst = (a: ClaimRecord, b: ClaimRecord) =>
    Number(isAttribution(b)) - Number(isAttribution(a)) || byAuthority(a, b);
  return roots.sort(attributionsFirst).map((claim) => ({ claim, answers: flatten(claim.id) }));
}

/** The most restrictive TLP marking among the claims shown; the card carries it. */
function cardTlp(claims: ClaimRecord[]): Tlp {
  return claims.reduce<Tlp>((max, c) => (tlpLevels.indexOf(c.tlp) > tlpLevels.indexOf(max) ? c.tlp : max), 'CLEAR');
}

function victimsLine(dossier: IncidentDossier): string {
  const victims = dossier.incident.victims;
  const names = victims.slice(0, 4).map((v) => v.name);
  const more = victims.length > 4 ? ` and ${victims.length - 4} more` : '';
  const countries = [...new Set(victims.flatMap((v) => (v.country ? [v.country] : [])))];
  const sectors = [...new Set(victims.flatMap((v) => (v.sector ? [v.sector] : [])))].slice(0, 3);
  const tags = [countries.join(', '), sectors.join(', ')].filter(Boolean).join(' · ');
  return `${names.join('; ')}${more}${tags ? ` (${tags})` : ''}`;
}

/** Which part of an incident a card shows: the briefing, every claim (a page at a time), or the sources. */
export const incidentViews = ['brief', 'claims', 'sources'] as const;
export type IncidentView = (typeof incidentViews)[number];

export interface IncidentCardOptions {
  view?: IncidentView;
  /** 1-based page of the claims view. */
  page?: number;
}

/** Claims per page in the claims view. */
const claimsPerPage = 8;

function incidentAction(label: string, slug: string, extra: Record<string, string> = {}): CardAction {
  return { label: clip(label, cardLimits.actionLabel), command: 'incident', options: { query: slug, ...extra } };
}

/** Each distinct source once, with how many claims cite it: the card's bibliography. */
function sourceEntries(claims: ClaimRecord[]): CardEntry[] {
  const bySource = new Map<string, { claim: ClaimRecord; count: number }>();
  for (const claim of claims) {
    const key = [claim.source.publisher, claim.source.title, claim.source.date, claim.source.url].join('|');
    const seen = bySource.get(key);
    bySource.set(key, { claim: seen?.claim ?? claim, count: (seen?.count ?? 0) + 1 });
  }
  return [...bySource.values()]
    .sort((a, b) => (a.claim.source.date ?? '').localeCompare(b.claim.source.date ?? ''))
    .map(({ claim: { source }, count }) => ({
      text: clip(source.title ?? source.publisher, cardLimits.entryText),
      detail: clip(`${sourceLabel(source)} · cited by ${count} claim${count === 1 ? '' : 's'}`, cardLimits.entryDetail),
      source: { label: clip(source.publisher, 200), ...(source.url ? { url: source.url } : {}) },
    }));
}

export function buildIncidentCard(dossier: IncidentDossier, options: IncidentCardOptions = {}): Card {
  const view = options.view ?? 'brief';
  const { incident, claims } = dossier;
  const state = attributionStateOf(claims);
  const discrepancies = findDiscrepancies([...claims, ...dossier.actorClaims]);
  const threads = claimThreads(claims);
  const latestStatus = incident.status[incident.status.length - 1];

  const sourceList = [...new Set(claims.map((c) => sourceLabel(c.source)))];
  const footer = [
    sourceList.length > 0
      ? `Sources: ${sourceList.slice(0, 4).join(' · ')}${sourceList.length > 4 ? ' · …' : ''} (${sourceList.length})`
      : 'No public claims recorded',
    `TLP:${cardTlp(claims)}`,
    `recorded ${dossier.recordedAt.slice(0, 10)}`,
  ].join(' · ');

  const fields: Card['fields'] = [
    { label: 'Period', value: formatPeriod(incident.period) },
    { label: 'Victims', value: clip(victimsLine(dossier), cardLimits.fieldValue) },
    { label: 'Attribution', value: attributionWords(state) },
  ];
  if (incident.disclosed) fields.push({ label: 'Disclosed', value: incident.disclosed });
  if (latestStatus) {
    fields.push({ label: 'Case status', value: clip(`${latestStatus.event} (${latestStatus.date})`, 300) });
  }

  const sections: Card['sections'] = [];
  let title = incident.title;
  if (view === 'sources') {
    title = `${incident.title} — sources`;
    const entries = sourceEntries(claims);
    sections.push({
      title: 'Sources',
      entries: entries.slice(0, cardLimits.entries),
      ...(entries.length > cardLimits.entries
        ? { hidden: { count: entries.length - cardLimits.entries, noun: 'sources' } }
        : {}),
    });
  } else if (threads.length > 0) {
    const pages = Math.max(1, Math.ceil(threads.length / claimsPerPage));
    const page = Math.min(Math.max(1, options.page ?? 1), pages);
    const shown =
      view === 'claims'
        ? threads.slice((page - 1) * claimsPerPage, page * claimsPerPage)
        : threads.slice(0, claimsShown);
    const after = view === 'claims' ? threads.length - page * claimsPerPage : threads.length - shown.length;
    if (view === 'claims') title = `${incident.title} — claims${pages > 1 ? ` (page ${page} of ${pages})` : ''}`;
    const next =
      view === 'claims'
        ? incidentAction('More claims', incident.slug, { view: 'claims', page: String(page + 1) })
        : incidentAction('All claims', incident.slug, { view: 'claims' });
    sections.push({
      title: 'Claims',
      entries: shown.map(({ claim, answers }) => claimEntry(claim, answers)),
      ...(after > 0 ? { hidden: { count: after, noun: after === 1 ? 'claim' : 'claims', action: next } } : {}),
    });
  }
  if (view === 'brief' && incident.status.length > 0) {
    sections.push({
      title: 'Case status',
      entries: incident.status.slice(-8).map((s) => ({
        text: clip(`${s.date} · ${s.event}`, cardLimits.entryText),
        ...(s.source
          ? { source: { label: sourceLabel(s.source), ...(s.source.url ? { url: s.source.url } : {}) } }
          : {}),
      })),
    });
  }
  const relatedEntries: CardEntry[] = [
    ...dossier.related.map((r) => ({ text: clip(r.title, cardLimits.entryText), detail: summaryLine(r) })),
    ...dossier.actors.map((a) => ({
      text: clip(`Actor: ${a.name}`, cardLimits.entryText),
      ...(a.aliases.length > 0 ? { detail: clip(`a.k.a. ${a.aliases.slice(0, 4).join(', ')}`, 300) } : {}),
    })),
  ];
  if (view === 'brief' && relatedEntries.length > 0) {
    sections.push({ title: 'Related', entries: relatedEntries.slice(0, cardLimits.entries) });
  }

  const actions: CardAction[] = [];
  if (view !== 'brief') actions.push(incidentAction('Briefing', incident.slug));
  if (view !== 'claims' && threads.length > 0)
    actions.push(incidentAction('All claims', incident.slug, { view: 'claims' }));
  if (view !== 'sources' && claims.length > 0)
    actions.push(incidentAction('Sources', incident.slug, { view: 'sources' }));
  for (const actor of dossier.actors.slice(0, 2)) {
    actions.push({
      label: clip(`Actor: ${actor.name}`, cardLimits.actionLabel),
      command: 'actor',
      options: { query: actor.slug },
    });
  }
  for (const related of dossier.related) actions.push(incidentAction(related.title, related.slug));

  return {
    kind: 'incident',
    title: clip(title, cardLimits.title),
    ...(claims[0]?.source.url ? { url: claims[0].source.url } : {}),
    tone: state === 'contested' ? 'contested' : state === 'attributed' ? 'attributed' : 'unattributed',
    verdict: clip(buildVerdict(claims, discrepancies.length), cardLimits.verdict),
    ...(view === 'brief' ? { summary: clip(incident.summary, cardLimits.summary) } : {}),
    fields: view === 'brief' ? fields : fields.slice(0, 1),
    sections,
    notes: discrepancies.slice(0, cardLimits.notes).map((d) => clip(describeDiscrepancy(d), cardLimits.note)),
    footer: clip(footer, cardLimits.footer),
    // The bundle carries the incident's claims and the sponsor claims about its actors: all must be shareable.
    actions: withExportAction(actions, incident.slug, [...claims, ...dossier.actorClaims], cardLimits.actions),
    canonical: {
      command: 'incident',
      options: {
        query: incident.slug,
        ...(view !== 'brief' ? { view } : {}),
        ...(view === 'claims' && options.page !== undefined ? { page: String(options.page) } : {}),
      },
    },
  };
}
