/** Cards that list things: choices when a query matches several records, "no match" with suggestions, help. */
import { type Card, cardLimits, clip, noticeCard } from '../core/card.ts';
import type { ActorSummary, SearchOutcome } from '../core/catalog.ts';
import type { CommandInfo } from '../core/command.ts';
import type { IncidentSummary } from '../domain/views.ts';
import { summaryLine } from './format.ts';

/** One row of a list: what it is, one line about it, and the command that opens it. */
export interface ListItem {
  title: string;
  detail: string;
  command: string;
  query: string;
  /** Further options the item's button sets besides `query` (e.g. `format` for /export). */
  options?: Record<string, string>;
}

export function incidentItem(summary: IncidentSummary): ListItem {
  return { title: summary.title, detail: summaryLine(summary), command: 'incident', query: summary.slug };
}

export function actorItem(summary: ActorSummary): ListItem {
  const aliases = summary.aliases.length > 0 ? `a.k.a. ${summary.aliases.join(', ')} · ` : '';
  const incidents = `${summary.incidentCount} incident${summary.incidentCount === 1 ? '' : 's'}`;
  return {
    title: summary.name,
    detail: `${aliases}${summary.kind} · ${incidents}`,
    command: 'actor',
    query: summary.slug,
  };
}

/** "Which one did you mean?": best first, each with its date and attribution state, each a button. */
export function buildChoicesCard(query: string, noun: string, items: ListItem[]): Card {
  return {
    kind: 'choices',
    title: clip(`${items.length} ${noun}s match “${query}”`, cardLimits.title),
    tone: 'neutral',
    summary: 'Which one do you mean?',
    fields: [],
    sections: [
      {
        title: 'Matches',
        entries: items.slice(0, cardLimits.entries).map((item) => ({
          text: clip(item.title, cardLimits.entryText),
          detail: clip(item.detail, cardLimits.entryDetail),
          meta: `/${item.command} ${Object.values(item.options ?? {})
            .concat(item.query)
            .join(' ')}`,
        })),
      },
    ],
    notes: [],
    actions: items.slice(0, cardLimits.actions).map((item) => ({
      label: clip(item.title, cardLimits.actionLabel),
      command: item.command,
      options: { ...item.options, query: item.query },
    })),
  };
}

/** Nothing matched: say so, and offer the nearest records if there are any. */
export function buildNoMatchCard(query: string, noun: string, suggestions: ListItem[], hint: string): Card {
  const card = noticeCard(`No ${noun} matches “${clip(query, 60)}”`, {
    summary: suggestions.length > 0 ? 'Nearest matches:' : hint,
  });
  if (suggestions.length === 0) return card;
  return {
    ...card,
    sections: [
      {
        title: 'Did you mean',
        entries: suggestions.map((s) => ({
          text: clip(s.title, cardLimits.entryText),
          detail: clip(s.detail, cardLimits.entryDetail),
          meta: `/${s.command} ${s.query}`,
        })),
      },
    ],
    actions: suggestions.map((s) => ({
      label: clip(s.title, cardLimits.actionLabel),
      command: s.command,
      options: { query: s.query },
    })),
  };
}

export function buildHelpCard(commands: readonly CommandInfo[]): Card {
  return {
    kind: 'help',
    title: 'cyberbrief — who is blamed for a cyber attack, by whom, how sure, and who denies it',
    tone: 'neutral',
    summary:
      'Cards show each claim with its speaker, date, their own hedge words next to the ICD 203 level, and the source; denials sit under the claim they answer.',
    fields: [],
    sections: [
      {
        title: 'Commands',
        entries: commands.map((c) => ({ text: `/${c.name} ${c.usage}`.trim(), detail: c.description })),
      },
    ],
    notes: [],
    actions: [],
    canonical: { command: 'help', options: {} },
  };
}

/** How a lookup command turns its search outcome into a card: open the match, list choices, or say none. */
export interface LookupPresentation<T> {
  noun: string;
  hint: string;
  item(found: T): ListItem;
  open(found: T): Card;
}

export function cardForOutcome<T>(query: string, outcome: SearchOutcome<T>, how: LookupPresentation<T>): Card {
  switch (outcome.kind) {
    case 'match':
      return how.open(outcome.item);
    case 'choices':
      return buildChoicesCard(query, how.noun, outcome.items.map(how.item));
    case 'none':
      return buildNoMatchCard(query, how.noun, outcome.suggestions.map(how.item), how.hint);
  }
}

/** Autocomplete suggestions from list items: "JAXA intrusions by Tick (2016–17) · 2016–17 · Tick · contested". */
export function completionsOf(items: ListItem[]): Array<{ label: string; value: string }> {
  return items.map((item) => ({ label: clip(`${item.title} · ${item.detail}`, 100), value: item.query }));
}
