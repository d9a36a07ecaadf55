/**
 * The "Export STIX" button on incident and actor cards. It is offered only when every claim the bundle would carry is
 * TLP:CLEAR or TLP:GREEN: the file lands in a channel, where it can be forwarded like any other file.
 */
import type { CardAction } from '../core/card.ts';
import type { Tlp } from '../domain/schemas.ts';

/** The TLP levels a bundle may carry into a chat. */
export const exportableTlps: ReadonlySet<Tlp> = new Set<Tlp>(['CLEAR', 'GREEN']);

export const exportButtonLabel = 'Export STIX';

/** True when every claim may travel in a chat file. */
export function canExportClaims(claims: ReadonlyArray<{ tlp: Tlp }>): boolean {
  return claims.every((claim) => exportableTlps.has(claim.tlp));
}

/** The button: `/export stix <slug>`. */
export function stixExportAction(slug: string): CardAction {
  return { label: exportButtonLabel, command: 'export', options: { format: 'stix', query: slug } };
}

/** The card's buttons with "Export STIX" last when it may be offered, dropping the last other button to make room. */
export function withExportAction(
  actions: CardAction[],
  slug: string,
  claims: ReadonlyArray<{ tlp: Tlp }>,
  max: number,
): CardAction[] {
  if (!canExportClaims(claims)) return actions.slice(0, max);
  return [...actions.slice(0, max - 1), stixExportAction(slug)];
}
