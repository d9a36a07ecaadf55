/**
 * Card → Slack Block Kit, bottom line first: header, fields, the verdict in bold, then each claim with its source and
 * the answers to it indented beneath, ⚠ notes, buttons, and the footer. Pure: no Slack client, no I/O.
 *
 * Slack's limits hold by construction. Every string is escaped and fitted to a fixed budget before it goes into a
 * block, the fixed parts of a message together stay well under the 12,000-character ceiling, and the claims fill what
 * is left: a claim that does not fit is left out whole (never cut mid-quote) and counted in "…and N more claims".
 */
import type { types as SlackTypes } from '@slack/bolt';
import { encodeAction } from '../../core/actions.ts';
import { type Card, type CardAction, type CardEntry, type CardSection, describeHidden } from '../../core/card.ts';
import { fitText, sourceLink } from './mrkdwn.ts';

export type SlackBlock = SlackTypes.KnownBlock;

export interface SlackMessage {
  /** The notification fallback: what mobile notifications and screen readers show. */
  text: string;
  blocks: SlackBlock[];
}

export interface RenderOptions {
  /** The reply is seen only by the person who asked: add "Post to channel" when the card can be shown again. */
  ephemeral?: boolean;
}

/** Slack's documented limits, and the aggregate ceiling (Slack rejects messages near 13.2k characters of text). */
export const slackLimits = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  buttonText: 75,
  id: 255,
  contextElements: 10,
  actionsElements: 25,
  totalText: 12_000,
} as const;

/** What each part of a message may take, in escaped characters. The fixed parts sum to under 7,000. */
const budget = {
  header: slackLimits.headerText,
  fieldsTotal: 1600,
  fieldLabel: 100,
  verdict: 1200,
  summary: 1600,
  notesTotal: 1200,
  footer: 500,
  sectionTitle: 160,
  entryText: 400,
  entryDetail: 1800,
  meta: 400,
  label: 300,
  url: 700,
  childText: 400,
  childDetail: 1200,
  childMeta: 200,
  cutLine: 200,
  fallback: 3000,
} as const;

/** Room kept free for the line that says what was left out. */
const cutReserve = { blocks: 1, chars: budget.cutLine + slackLimits.buttonText + 10 };

/** Every button of ours has an action_id with this prefix; the adapter listens for exactly these. */
export const actionIdPrefix = 'cyberbrief:';
export const actionIdPattern = /^cyberbrief:/;
const postLabel = 'Post to channel';

const mrkdwn = (text: string): SlackTypes.MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });
const plain = (text: string): SlackTypes.PlainTextElement => ({ type: 'plain_text', text, emoji: true });
const section = (text: string): SlackTypes.SectionBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): SlackTypes.ContextBlock => ({ type: 'context', elements: [mrkdwn(text)] });

function button(label: string, value: string, actionId: string): SlackTypes.Button {
  return { type: 'button', text: plain(fitText(label, slackLimits.buttonText)), value, action_id: actionId };
}

/** Characters of text in blocks: every text object's `text`, the measure Slack's aggregate limit applies to. */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + blockTextLength(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  const record = value as Record<string, unknown>;
  if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string') {
    return record.text.length;
  }
  return Object.values(record).reduce<number>((sum, item) => sum + blockTextLength(item), 0);
}

/** "claims" for 2, "claim" for 1: nouns from `hidden` are plural by convention. */
function countNoun(noun: string, count: number): string {
  if (count === 1 && /[^su]s$/.test(noun)) return noun.slice(0, -1);
  if (count > 1 && !noun.endsWith('s')) return `${noun}s`;
  return noun;
}

function headBlocks(card: Card): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  if (card.kind === 'notice') {
    // A notice (an error, "no match") is a line, not a card.
    const mark = card.tone === 'problem' ? ':warning: ' : '';
    const summary = card.summary ? `\n${fitText(card.summary, budget.summary)}` : '';
    blocks.push(section(`${mark}${fitText(card.title, budget.verdict)}${summary}`));
    return blocks;
  }
  blocks.push({ type: 'header', text: plain(fitText(card.title, budget.header)) });
  const fields = card.fields.slice(0, slackLimits.fields);
  if (fields.length > 0) {
    const share = Math.floor(budget.fieldsTotal / fields.length);
    blocks.push({
      type: 'section',
      fields: fields.map((field) => {
        const label = `*${fitText(field.label, Math.min(budget.fieldLabel, share / 3))}*\n`;
        return mrkdwn(`${label}${fitText(field.value, share - label.length)}`);
      }),
    });
  }
  if (card.verdict) blocks.push(section(`*${fitText(card.verdict, budget.verdict)}*`));
  if (card.summary) blocks.push(section(fitText(card.summary, budget.summary)));
  if (card.sections.length > 0) blocks.push({ type: 'divider' });
  return blocks;
}

function sourceAndMeta(entry: CardEntry, maxMeta: number): string[] {
  const parts: string[] = [];
  if (entry.source) parts.push(sourceLink(entry.source, budget.label, budget.url));
  if (entry.meta) parts.push(fitText(entry.meta, maxMeta));
  return parts;
}

/**
 * A section for one entry, with the entry's own button ("Dispute") as its accessory when it has one. Its action_id
 * carries the entry's place so that it is unique in the message; the adapter reads only the button's value.
 */
function entrySection(text: string, entry: CardEntry, place: string): SlackTypes.SectionBlock {
  const value = entry.action ? encodeAction(entry.action) : undefined;
  if (!entry.action || value === undefined) return section(text);
  return { ...section(text), accessory: button(entry.action.label, value, `${actionIdPrefix}entry:${place}`) };
}

/** An answer to a claim, indented beneath it as a quote: who, when, what kind of answer; what they said; where. */
function childBlock(child: CardEntry, place: string): SlackBlock {
  const lines = [`↳ *${fitText(child.text, budget.childText)}*`];
  if (child.detail) lines.push(fitText(child.detail, budget.childDetail));
  const where = sourceAndMeta(child, budget.childMeta);
  if (where.length > 0) lines.push(where.join(' · '));
  return entrySection(lines.map((line) => `>${line}`).join('\n'), child, place);
}

/**
 * One entry (a claim): its section, a context line with its source, then up to `maxChildren` of its answers.
 * `place` names the entry in the card ("0.2": section 0, entry 2) for the action_ids of its buttons.
 */
function entryBlocks(entry: CardEntry, number: number, maxChildren: number, place: string): SlackBlock[] {
  const detail = entry.detail ? `\n${fitText(entry.detail, budget.entryDetail)}` : '';
  const blocks: SlackBlock[] = [
    entrySection(`*${number}. ${fitText(entry.text, budget.entryText)}*${detail}`, entry, place),
  ];
  const where = sourceAndMeta(entry, budget.meta);
  if (where.length > 0) blocks.push(context(where.join(' · ')));
  const children = entry.children ?? [];
  children.slice(0, maxChildren).forEach((child, index) => {
    blocks.push(childBlock(child, `${place}.${index}`));
  });
  const left = children.length - Math.min(maxChildren, children.length);
  if (left > 0) blocks.push(section(`>↳ _…and ${left} more ${left === 1 ? 'answer' : 'answers'} to this claim_`));
  return blocks;
}

/** "…and N more claims", with the section's button to see them when it has one. */
function moreBlock(text: string, action: CardAction | undefined, actionId: string): SlackBlock {
  const line = mrkdwn(`_${fitText(text, budget.cutLine - 2)}_`);
  const value = action ? encodeAction(action) : undefined;
  if (action && value !== undefined) {
    return { type: 'section', text: line, accessory: button(action.label, value, actionId) };
  }
  return { type: 'context', elements: [line] };
}

function hiddenText(sectionValue: CardSection, count: number): string {
  const noun = sectionValue.hidden?.noun ?? sectionValue.title.toLowerCase();
  return describeHidden({ count, noun: countNoun(noun, count) });
}

interface Room {
  blocks: number;
  chars: number;
}

/** The sections, claim by claim, as long as they fit in `room`; what does not fit is counted in one last line. */
function bodyBlocks(card: Card, room: Room): SlackBlock[] {
  const out: SlackBlock[] = [];
  let used: Room = { blocks: 0, chars: 0 };
  const fits = (blocks: SlackBlock[]) =>
    used.blocks + blocks.length <= room.blocks && used.chars + blockTextLength(blocks) <= room.chars;
  const push = (blocks: SlackBlock[]) => {
    out.push(...blocks);
    used = { blocks: used.blocks + blocks.length, chars: used.chars + blockTextLength(blocks) };
  };
  const moreId = (index: number) => `${actionIdPrefix}more:${index}`;

  for (const [index, current] of card.sections.entries()) {
    const title = section(`*${fitText(current.title, budget.sectionTitle)}*`);
    const hidden = current.hidden;
    const hiddenLine = hidden ? [moreBlock(hiddenText(current, hidden.count), hidden.action, moreId(index))] : [];
    let shown = 0;
    let cut = false;
    if (current.entries.length === 0) {
      if (fits([title, ...hiddenLine])) push([title, ...hiddenLine]);
      else cut = true;
    }
    for (const [position, entry] of current.entries.entries()) {
      const lead = shown === 0 ? [title] : [];
      const tail = position === current.entries.length - 1 ? hiddenLine : [];
      const answers = entry.children?.length ?? 0;
      let group = [...lead, ...entryBlocks(entry, position + 1, answers, `${index}.${position}`), ...tail];
      // The first claim of a card always shows, if need be with fewer of its answers (and how many are left out).
      for (let keep = answers - 1; out.length === 0 && keep >= 0 && !fits(group); keep -= 1) {
        group = [...lead, ...entryBlocks(entry, position + 1, keep, `${index}.${position}`), ...tail];
      }
      if (!fits(group)) {
        cut = true;
        break;
      }
      push(group);
      shown += 1;
    }
    if (cut) {
      // Left out whole: the rest of this section (plus what the card already hid) and every later section.
      const count = current.entries.length - shown + (hidden?.count ?? 0);
      const later = card.sections.length - index - 1;
      const rest = later > 0 ? ` · ${later} more ${later === 1 ? 'section' : 'sections'} not shown` : '';
      out.push(moreBlock(`${hiddenText(current, Math.max(count, 1))}${rest}`, hidden?.action, moreId(index)));
      break;
    }
  }
  return out;
}

/** The buttons: the card's actions, then "Post to channel" on an ephemeral reply; none twice. */
function actionsBlock(card: Card, options: RenderOptions, taken: ReadonlySet<string>): SlackBlock[] {
  const buttons: SlackTypes.Button[] = [];
  const seen = new Set(taken);
  card.actions.forEach((action, index) => {
    const value = encodeAction(action);
    if (value === undefined || seen.has(value)) return;
    seen.add(value);
    buttons.push(button(action.label, value, `${actionIdPrefix}action:${index}`));
  });
  if (options.ephemeral && card.canonical) {
    const value = encodeAction(card.canonical, true);
    if (value !== undefined) buttons.push(button(postLabel, value, `${actionIdPrefix}post`));
  }
  const elements = buttons.slice(0, slackLimits.actionsElements);
  return elements.length > 0 ? [{ type: 'actions', elements }] : [];
}

function noteBlocks(card: Card): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  const notes = card.notes.slice(0, 5);
  const share = notes.length > 0 ? Math.floor(budget.notesTotal / notes.length) : 0;
  for (const note of notes) blocks.push(context(`⚠ ${fitText(note, share - 2)}`));
  return blocks;
}

/**
 * The values of the buttons already placed next to a "…and N more" line, so the actions block does not repeat them.
 * An entry's own button is not one of them: it acts on that entry, the card's buttons stay whole.
 */
function accessoryValues(blocks: SlackBlock[]): Set<string> {
  const values = new Set<string>();
  for (const block of blocks) {
    if (block.type !== 'section' || block.accessory?.type !== 'button' || block.accessory.value === undefined) continue;
    if (block.accessory.action_id?.startsWith(`${actionIdPrefix}more:`)) values.add(block.accessory.value);
  }
  return values;
}

/** The notification text: the title with the verdict (the bottom line), or the title alone. */
function fallbackText(card: Card): string {
  const line = card.verdict && card.kind !== 'notice' ? `${card.title} — ${card.verdict}` : card.title;
  return fitText(line, budget.fallback);
}

export function renderSlackMessage(card: Card, options: RenderOptions = {}): SlackMessage {
  const head = headBlocks(card);
  const notes = noteBlocks(card);
  const footer = card.footer ? [context(fitText(card.footer, budget.footer))] : [];
  // Budget with every button in place; placing some next to "…and N more" lines only ever removes duplicates.
  const fullActions = actionsBlock(card, options, new Set());
  const fixed = [...head, ...notes, ...fullActions, ...footer];
  const body = bodyBlocks(card, {
    blocks: slackLimits.blocks - fixed.length - cutReserve.blocks,
    chars: slackLimits.totalText - blockTextLength(fixed) - cutReserve.chars,
  });
  const actions = actionsBlock(card, options, accessoryValues(body));
  return { text: fallbackText(card), blocks: [...head, ...body, ...notes, ...actions, ...footer] };
}
