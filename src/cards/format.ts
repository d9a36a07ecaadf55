/** Small pure wording helpers shared by the card builders. */
import { countryName, countryPossessive } from '../domain/countries.ts';
import { likelihoodScale } from '../domain/likelihood.ts';
import type { Likelihood, Source, Speaker, SpeakerKind, Stance } from '../domain/schemas.ts';
import type { AttributionState, IncidentSummary } from '../domain/views.ts';

/** "2016"–"2017" → "2016–17"; "2023" → "2023"; "2019"–"2021" → "2019–21"; across centuries in full. */
export function formatPeriod(period: { start: string; end?: string }): string {
  const start = period.start.slice(0, 4);
  const end = period.end?.slice(0, 4);
  if (end === undefined || end === start) return start;
  return start.slice(0, 2) === end.slice(0, 2) ? `${start}–${end.slice(2)}` : `${start}–${end}`;
}

/** More authoritative speakers come first on a card and in a verdict. */
const authority: Record<SpeakerKind, number> = {
  government: 0,
  'law-enforcement': 1,
  'international-organization': 2,
  vendor: 3,
  researcher: 4,
  media: 5,
  'accused-party': 6,
};

export function authorityRank(kind: SpeakerKind): number {
  return authority[kind];
}

/** "Katsunobu Kato, Chief Cabinet Secretary (JP, on record)". */
export function speakerLine(speaker: Speaker): string {
  const who = [speaker.name, speaker.role ?? (speaker.name ? speaker.organization : undefined)]
    .filter((p) => p !== undefined)
    .join(', ');
  const label = who || speaker.organization || 'Unnamed speaker';
  const tags = [speaker.state, speaker.onRecord ? 'on record' : 'anonymous sources'].filter(Boolean).join(', ');
  return `${label} (${tags})`;
}

/** The speaker as a party in a verdict: "Japan’s government", "Tokyo Metropolitan Police Department". */
export function partyName(speaker: Speaker): string {
  if ((speaker.kind === 'government' || speaker.kind === 'accused-party') && speaker.state) {
    return speaker.organization && speaker.kind === 'accused-party'
      ? speaker.organization
      : `${countryPossessive(speaker.state)} government`;
  }
  return speaker.organization ?? speaker.name ?? (speaker.state ? countryName(speaker.state) : 'an unnamed party');
}

/** A short label for who holds a view, for discrepancy lines: the organization, else the name. */
export function holderName(speaker: Speaker): string {
  return speaker.organization ?? speaker.name ?? (speaker.state ? countryName(speaker.state) : 'unnamed');
}

const stanceWords: Record<Stance, string> = {
  attributes: 'attribution',
  corroborates: 'corroboration',
  denies: 'denial',
  'non-acknowledgement': 'non-acknowledgement',
  'evidence-challenge': 'evidence challenge',
  'counter-accusation': 'counter-accusation',
  retracts: 'retraction',
};

export function stanceLabel(stance: Stance): string {
  return stanceWords[stance];
}

/** `"highly likely" — ICD 203: very likely (80–95%)`, or `unassessed` when no probability was stated. */
export function likelihoodLine(confidence: { hedge?: string; level: Likelihood }): string {
  const hedge = confidence.hedge ? `“${confidence.hedge}”` : 'no hedge words';
  if (confidence.level === 'unassessed') return `${hedge} — ICD 203: unassessed`;
  const scale = likelihoodScale[confidence.level];
  return `${hedge} — ICD 203: ${scale.words} (${scale.range})`;
}

/** "AP, 2021-04-20". */
export function sourceLabel(source: Source): string {
  return [source.publisher, source.date].filter(Boolean).join(', ');
}

const stateWords: Record<AttributionState, string> = {
  unattributed: 'unattributed',
  attributed: 'attributed',
  contested: 'contested',
  retracted: 'attribution retracted',
};

/** "2016–17 · Tick · contested". */
export function summaryLine(summary: IncidentSummary): string {
  return [
    formatPeriod(summary.period),
    summary.blamed.slice(0, 2).join(', ') || undefined,
    stateWords[summary.attribution],
  ]
    .filter(Boolean)
    .join(' · ');
}

export function attributionWords(state: AttributionState): string {
  return stateWords[state];
}

/** "A, B and C". */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
