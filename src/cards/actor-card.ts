/** The actor card: names with who coined them, sponsor links as claims (with their answers), incidents, counts. */
import { type Card, type CardEntry, cardLimits, clip } from '../core/card.ts';
import { counterStances } from '../domain/schemas.ts';
import type { ActorProfile } from '../domain/views.ts';
import { describeDiscrepancy, findDiscrepancies } from './discrepancies.ts';
import { withExportAction } from './export-action.ts';
import { summaryLine } from './format.ts';
import { claimEntry, claimThreads } from './incident-card.ts';

const kindWords: Record<ActorProfile['actor']['kind'], string> = {
  'state-linked': 'State-linked group',
  criminal: 'Criminal group',
  hacktivist: 'Hacktivist group',
  unknown: 'Group of unknown nature',
};

export function buildActorCard(profile: ActorProfile): Card {
  const { actor, claims } = profile;
  const sponsorClaims = claims.filter((c) => c.subject.actor === actor.slug && (c.subject.sponsor || c.subject.state));
  const sponsorIds = new Set(sponsorClaims.map((c) => c.id));
  const sponsorThreads = claimThreads(
    claims.filter((c) => sponsorIds.has(c.id) || (c.respondsTo !== undefined && sponsorIds.has(c.respondsTo))),
  );
  const denials = claims.filter((c) => counterStances.has(c.stance)).length;
  const shared = new Map(profile.sharedAliases.map((s) => [s.alias, s.others]));

  const aliasEntries: CardEntry[] = actor.aliases.slice(0, cardLimits.entries).map((alias) => {
    const others = shared.get(alias.name);
    return {
      text: clip(
        `${alias.name}${alias.coinedBy ? ` — ${alias.coinedBy}` : ''}${others ? ' ⚠' : ''}`,
        cardLimits.entryText,
      ),
      ...(others ? { detail: clip(`also used for ${others.join(', ')}`, 300) } : {}),
    };
  });

  const sponsors = [
    ...new Set(sponsorClaims.flatMap((c) => (c.subject.sponsor ? [c.subject.sponsor.name] : []))),
  ].slice(0, 3);
  const verdict = `${kindWords[actor.kind]}${sponsors.length > 0 ? `, linked to ${sponsors.join(' / ')} by public claims` : ''} · ${profile.incidents.length} incident${profile.incidents.length === 1 ? '' : 's'} · ${claims.length - denials} claim${claims.length - denials === 1 ? '' : 's'}, ${denials} counter-claim${denials === 1 ? '' : 's'}`;

  const fields: Card['fields'] = [{ label: 'Kind', value: kindWords[actor.kind] }];
  if (actor.externalIds.mitreAttack) fields.push({ label: 'MITRE ATT&CK', value: actor.externalIds.mitreAttack });
  if (actor.externalIds.mispGalaxy) fields.push({ label: 'MISP galaxy', value: actor.externalIds.mispGalaxy });
  fields.push({ label: 'Claims · counter-claims', value: `${claims.length - denials} · ${denials}` });

  const sections: Card['sections'] = [];
  if (aliasEntries.length > 0) sections.push({ title: 'Also known as', entries: aliasEntries });
  if (sponsorThreads.length > 0) {
    sections.push({
      title: 'Sponsor links (claims)',
      entries: sponsorThreads.slice(0, 6).map(({ claim, answers }) => claimEntry(claim, answers)),
      ...(sponsorThreads.length > 6 ? { hidden: { count: sponsorThreads.length - 6, noun: 'sponsor claims' } } : {}),
    });
  }
  if (profile.incidents.length > 0) {
    sections.push({
      title: 'Incidents',
      entries: profile.incidents
        .slice(0, 10)
        .map((i) => ({ text: clip(i.title, cardLimits.entryText), detail: summaryLine(i) })),
      ...(profile.incidents.length > 10 ? { hidden: { count: profile.incidents.length - 10, noun: 'incidents' } } : {}),
    });
  }

  const notes = [
    ...(profile.deprecatedBy ? [`Deprecated by ${profile.deprecatedBy}: kept for reference, not a live actor`] : []),
    ...findDiscrepancies(sponsorClaims).map(describeDiscrepancy),
    ...profile.sharedAliases.map((s) => `The name “${s.alias}” is also used for ${s.others.join(', ')}`),
  ];

  return {
    kind: 'actor',
    title: clip(actor.name, cardLimits.title),
    tone: 'neutral',
    verdict: clip(profile.deprecatedBy ? `Deprecated · ${verdict}` : verdict, cardLimits.verdict),
    summary: clip(actor.description, cardLimits.summary),
    fields,
    sections,
    notes: notes.slice(0, cardLimits.notes).map((n) => clip(n, cardLimits.note)),
    actions: withExportAction(
      profile.incidents.slice(0, cardLimits.actions).map((i) => ({
        label: clip(i.title, cardLimits.actionLabel),
        command: 'incident',
        options: { query: i.slug },
      })),
      actor.slug,
      profile.claims,
      cardLimits.actions,
    ),
    canonical: { command: 'actor', options: { query: actor.slug } },
  };
}
