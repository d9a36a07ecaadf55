/** The daily briefing card: what changed since the channel's last briefing, one line per incident, verdict first. */
import type { Briefing, BriefingItem } from '../briefing/compose.ts';
import { type Card, type CardAction, type CardEntry, cardLimits, clip } from '../core/card.ts';

/** Incidents per briefing page ("at most about ten items"). */
export const briefingItemsPerPage = 10;

export interface BriefingCardOptions {
  /** The local date the briefing is for, and its zone, for the title. */
  date: string;
  timezone: string;
  page?: number;
  /** The button that shows page n (the same briefing, further on). */
  pageAction?: (page: number) => CardAction;
  /** Says "Preview" rather than "Daily briefing". */
  preview?: boolean;
}

interface ItemLines {
  entry: CardEntry;
  action: CardAction;
}

/** Clipped lines of items that cannot change (frozen: shared by every card of a cached briefing), built once. */
const linesOfFrozenItems = new WeakMap<BriefingItem, ItemLines>();

function linesOf(item: BriefingItem): ItemLines {
  const known = linesOfFrozenItems.get(item);
  if (known) return known;
  const lines: ItemLines = {
    entry: {
      text: clip(item.title, cardLimits.entryText),
      detail: clip(item.verdict, cardLimits.entryDetail),
      meta: clip(item.changes.join(' · '), 300),
    },
    action: { label: clip(item.title, cardLimits.actionLabel), command: 'incident', options: { query: item.slug } },
  };
  if (Object.isFrozen(item) && Object.isFrozen(item.changes)) linesOfFrozenItems.set(item, lines);
  return lines;
}

export function buildBriefingCard(briefing: Briefing, options: BriefingCardOptions): Card {
  const pages = Math.max(1, Math.ceil(briefing.items.length / briefingItemsPerPage));
  const page = Math.min(Math.max(1, options.page ?? 1), pages);
  const shown = briefing.items.slice((page - 1) * briefingItemsPerPage, page * briefingItemsPerPage);
  const after = briefing.items.length - page * briefingItemsPerPage;
  const label = options.preview ? 'Briefing preview' : 'Daily briefing';
  const title = `${label} — ${options.date} (${options.timezone})${pages > 1 ? ` · page ${page} of ${pages}` : ''}`;
  const withheld =
    briefing.withheld > 0
      ? [`${briefing.withheld} item${briefing.withheld === 1 ? '' : 's'} withheld above this channel’s TLP ceiling`]
      : [];
  const quiet = briefing.items.length === 0;
  const nextAction = after > 0 && options.pageAction ? options.pageAction(page + 1) : undefined;

  return {
    kind: 'briefing',
    title: clip(title, cardLimits.title),
    tone: 'neutral',
    verdict: quiet
      ? 'Quiet day: no new incidents, claims, denials or case-status changes since the last briefing.'
      : `${briefing.items.length} incident${briefing.items.length === 1 ? '' : 's'} changed since the last briefing`,
    fields: [],
    sections: quiet
      ? []
      : [
          {
            title: 'What changed',
            // Copies: a card is the caller's to change, the memoised lines are not.
            entries: shown.map((item) => ({ ...linesOf(item).entry })),
            ...(after > 0
              ? {
                  hidden: {
                    count: after,
                    noun: after === 1 ? 'incident' : 'incidents',
                    ...(nextAction ? { action: nextAction } : {}),
                  },
                }
              : {}),
          },
        ],
    notes: withheld,
    footer: `Changes recorded ${briefing.from.slice(0, 16).replace('T', ' ')} → ${briefing.to.slice(0, 16).replace('T', ' ')} UTC`,
    actions: [
      ...(nextAction ? [nextAction] : []),
      ...shown.slice(0, cardLimits.actions - (nextAction ? 1 : 0)).map((item) => {
        const { action } = linesOf(item);
        return { ...action, options: { ...action.options } };
      }),
    ],
  };
}
