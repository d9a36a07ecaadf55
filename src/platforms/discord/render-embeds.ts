/**
 * Card → one Discord embed and its buttons. Pure. Discord's limits hold by construction: every piece is measured as
 * it is added, whole claims are dropped (never a quote cut in the middle) and counted in "…and N more claims", and
 * every string that came from a card is neutralised so it can neither ping nor forge markdown links.
 *
 * Layout: title (linked to the first source) · description = the verdict in bold, then the summary when it fits ·
 * the card's fields inline · one field per claim-like entry ("1 · Kato (JP) · 2021-04-20") with its answers under
 * it as "↳" lines · ⚠ notes after the first list of claims · short lists as one field each · footer (sources, TLP,
 * recorded date) · colour by tone.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  type APISelectMenuOption,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { encodeAction } from '../../core/actions.ts';
import { type Card, type CardAction, type CardEntry, type CardSection, describeHidden } from '../../core/card.ts';

/** Discord's message limits (message resource and components reference). */
export const discordLimits = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Across title, description, field names and values, footer and author of all embeds of one message. */
  total: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  content: 2000,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
} as const;

/** Red for contested and for problems, orange attributed, grey unattributed, blurple for everything else. */
export const toneColours: Record<Card['tone'], number> = {
  contested: 0xed4245,
  attributed: 0xe67e22,
  unattributed: 0x95a5a6,
  neutral: 0x5865f2,
  problem: 0xed4245,
};

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;
export type SelectRow = APIActionRowComponent<APIStringSelectComponent>;

export interface DiscordCardMessage {
  embeds: [APIEmbed];
  /** The entries' select menu first when a card has one, then the card's buttons. */
  components: Array<ButtonRow | SelectRow>;
}

/** The custom_id of the entries' select menu; what it runs is in the value of the option picked. */
export const entrySelectId = 'cyberbrief:entry';

export interface RenderOptions {
  /** The reply is only visible to the person who asked: add a "Post to channel" button. */
  ephemeral: boolean;
}

export const postButtonLabel = 'Post to channel';

// ————— text —————

const zeroWidthSpace = '\u200b';

/** Breaks @everyone, @here and <@…>, <@&…>, <#…> so Discord never reads them as mentions. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${zeroWidthSpace}$1`).replace(/<([@#])/g, `<$1${zeroWidthSpace}`);
}

/** Backslash-escapes Discord markdown, so stored text cannot style itself or forge a masked link. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|[\]]/g, '\\$&').replace(/^([#>+-]|\d+\.)/, '\\$1');
}

/** Card text as Discord text with no markdown: one line, no mentions (footers and labels, which render as is). */
export function literal(text: string): string {
  return neutraliseMentions(text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim());
}

/** Card text as Discord markdown text: one line, no mentions, markdown escaped. */
export function plain(text: string): string {
  return escapeMarkdown(literal(text));
}

/** Cuts to `max` UTF-16 units (what Discord measures, conservatively) at a word boundary, marked with "…". */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  // Never leave a dangling escape: an odd run of trailing backslashes would escape the ellipsis.
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** An http(s) URL that is safe inside a markdown link: no credentials, no characters that end the link. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
  const href = url.href.replace(/[()@\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href.length <= 1000 ? href : undefined;
}

function link(label: string, url: string | undefined): string {
  const safe = safeUrl(url);
  return safe ? `[${label}](${safe})` : label;
}

function plural(noun: string, count: number): string {
  return count > 1 && !noun.endsWith('s') ? `${noun}s` : noun;
}

// ————— entries —————

/** A claim-like entry (its own detail and source, or answers) gets a field; short lists share one. */
function isRich(section: CardSection): boolean {
  return section.entries.some((e) => (e.children?.length ?? 0) > 0 || (e.detail !== undefined && e.source));
}

type ChildForm = 'linked' | 'full' | 'quote' | 'heading';

function flattenChildren(entry: CardEntry, depth = 1): Array<{ entry: CardEntry; depth: number }> {
  return (entry.children ?? []).flatMap((child) => [{ entry: child, depth }, ...flattenChildren(child, depth + 1)]);
}

function childLine(child: CardEntry, depth: number, form: ChildForm): string {
  const heading = plain(child.text);
  const url = form === 'linked' ? safeUrl(child.source?.url) : undefined;
  const head = url ? `[${heading}](${url})` : heading;
  const words = [child.detail, child.meta].filter((w): w is string => Boolean(w)).map(plain);
  // The speaker's own words, whole, when there is no room for the rest of what they said.
  const quote = child.detail ? /“[^“”]+”/.exec(child.detail)?.[0] : undefined;
  const detail =
    form === 'linked' || form === 'full'
      ? words.length > 0
        ? `: ${words.join(' · ')}`
        : ''
      : form === 'quote' && quote
        ? `: ${plain(quote)}`
        : '';
  return `${'  '.repeat(depth - 1)}↳ ${head}${detail}`;
}

/**
 * The value of a claim's field, at most `max` characters. Degrades step by step: answers lose their links, then
 * their words except a quote (last answer first), then the quote, then whole answers go ("↳ …and 2 more responses"), then the claim's own source
 * link and meta. Undefined when even that does not fit, unless `cut` allows a last-resort cut.
 */
export function entryValue(entry: CardEntry, max: number, cut = false): string | undefined {
  const children = flattenChildren(entry);
  const forms: ChildForm[] = children.map(() => 'linked');
  let kept = children.length;
  let source: 'label' | 'short' | 'text' = 'label';
  let meta = true;
  const build = () => {
    const lines: string[] = [];
    if (entry.detail) lines.push(plain(entry.detail));
    if (entry.meta && meta) lines.push(plain(entry.meta));
    if (entry.source) {
      const label = plain(entry.source.label);
      lines.push(
        source === 'label'
          ? `Source: ${link(label, entry.source.url)}`
          : source === 'short' && safeUrl(entry.source.url)
            ? `${label} ${link('↗', entry.source.url)}`
            : `Source: ${label}`,
      );
    }
    for (let i = 0; i < kept; i += 1) {
      const child = children[i];
      const form = forms[i];
      if (child && form) lines.push(childLine(child.entry, child.depth, form));
    }
    const gone = children.length - kept;
    if (gone > 0) lines.push(`↳ …and ${gone} more response${gone === 1 ? '' : 's'}`);
    return lines.length > 0 ? lines.join('\n') : zeroWidthSpace;
  };
  const steps: Array<() => void> = [];
  for (const form of ['full', 'quote', 'heading'] as const) {
    for (let i = children.length - 1; i >= 0; i -= 1) steps.push(() => (forms[i] = form));
  }
  for (let i = children.length; i > 0; i -= 1) steps.push(() => (kept -= 1));
  steps.push(() => (source = 'short'));
  steps.push(() => (source = 'text'));
  steps.push(() => (meta = false));

  let value = build();
  for (const step of steps) {
    if (value.length <= max) return value;
    step();
    value = build();
  }
  if (value.length <= max) return value;
  return cut && max > 0 ? fitText(value, max) : undefined;
}

function compactLine(entry: CardEntry): string {
  const parts = [plain(entry.text)];
  if (entry.detail) parts.push(` — ${plain(entry.detail)}`);
  if (entry.meta) parts.push(` · ${plain(entry.meta)}`);
  if (entry.source) parts.push(` · ${link(plain(entry.source.label), entry.source.url)}`);
  return `• ${parts.join('')}`;
}

// ————— buttons —————

type Style = ButtonStyle.Primary | ButtonStyle.Secondary;

interface Button {
  label: string;
  customId: string;
  style: Style;
}

function buttonFor(action: Pick<CardAction, 'command' | 'options'>, label: string, style: Style, post = false) {
  const customId = encodeAction(action, post);
  if (!customId || customId.length > discordLimits.customId) return undefined;
  const text = fitText(literal(label.replace(/\s+/g, ' ')), discordLimits.buttonLabel);
  return text ? { label: text, customId, style } : undefined;
}

function cardButtons(card: Card, options: RenderOptions): Button[] {
  const style: Style = card.kind === 'choices' ? ButtonStyle.Primary : ButtonStyle.Secondary;
  const candidates = [
    ...card.actions.map((a) => buttonFor(a, a.label, style)),
    ...card.sections.map((s) =>
      s.hidden?.action ? buttonFor(s.hidden.action, s.hidden.action.label, style) : undefined,
    ),
  ];
  const seen = new Set<string>();
  const buttons: Button[] = [];
  for (const button of candidates) {
    if (!button || seen.has(button.customId)) continue;
    seen.add(button.customId);
    buttons.push(button);
  }
  const max = discordLimits.rows * discordLimits.buttonsPerRow;
  const post =
    options.ephemeral && card.canonical
      ? buttonFor(card.canonical, postButtonLabel, ButtonStyle.Primary, true)
      : undefined;
  if (post && !seen.has(post.customId)) return [...buttons.slice(0, max - 1), post];
  return buttons.slice(0, max);
}

function buttonRows(buttons: Button[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length && rows.length < discordLimits.rows; i += discordLimits.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + discordLimits.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        style: b.style,
        label: b.label,
        custom_id: b.customId,
      })),
    });
  }
  return rows;
}

// ————— entry actions —————

interface EntryOption {
  entry: CardEntry;
  /** "3 · Kato (JP)…" for an entry, "↳ Wang Wenbin…" for an answer to it, as the embed shows them. */
  prefix: string;
}

/** The shown entries and their answers, in card order: those whose own button ("Dispute") can be offered. */
function entriesWithActions(card: Card, shown: ReadonlyMap<number, number>): EntryOption[] {
  const found: EntryOption[] = [];
  const visit = (entry: CardEntry, prefix: string, depth: number) => {
    if (entry.action) found.push({ entry, prefix });
    for (const child of entry.children ?? []) visit(child, `${'  '.repeat(depth)}↳ `, depth + 1);
  };
  card.sections.forEach((section, index) => {
    section.entries.slice(0, shown.get(index) ?? 0).forEach((entry, position) => {
      visit(entry, `${position + 1} · `, 0);
    });
  });
  return found;
}

/**
 * Entries' own buttons as one select menu: an embed cannot hold a button per line, and a message holds at most five
 * rows of five buttons, so "Dispute" on twenty claims becomes one menu of up to 25 lines. Undefined when no shown
 * entry has a button.
 */
function entrySelectRow(entries: EntryOption[]): SelectRow | undefined {
  const options: APISelectMenuOption[] = [];
  const seen = new Set<string>();
  for (const { entry, prefix } of entries) {
    const value = entry.action ? encodeAction(entry.action) : undefined;
    if (!entry.action || value === undefined || value.length > discordLimits.customId || seen.has(value)) continue;
    seen.add(value);
    options.push({
      label: fitText(literal(`${prefix}${entry.text}`), discordLimits.selectOptionText),
      value,
      description: fitText(literal(entry.action.label), discordLimits.selectOptionText),
    });
    if (options.length === discordLimits.selectOptions) break;
  }
  if (options.length === 0) return undefined;
  const labels = new Set(entries.map(({ entry }) => entry.action?.label));
  const [only] = labels;
  const placeholder = labels.size === 1 && only ? `${literal(only)}: pick a line…` : 'Pick a line…';
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: entrySelectId,
        placeholder: fitText(placeholder, discordLimits.selectPlaceholder),
        min_values: 1,
        max_values: 1,
        options,
      },
    ],
  };
}

// ————— the embed —————

/** Characters Discord counts toward the 6000 of a message. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

/** Room for a "…and N more" field per list, kept back until the end. */
const hiddenFieldRoom = 160;
const footerRoom = 1024;
const verdictRoom = 1500;

export function renderEmbeds(card: Card, options: RenderOptions): DiscordCardMessage {
  const buttons = cardButtons(card, options);
  const buttonIds = new Set(buttons.map((b) => b.customId));

  const title = fitText(plain(card.title), discordLimits.title);
  // Footers do not render markdown, so they are not escaped.
  const footer = card.footer ? fitText(literal(card.footer), footerRoom) : undefined;
  const verdict = card.verdict ? `**${fitText(plain(card.verdict), verdictRoom)}**` : undefined;

  const sections = card.sections.map((section, index) => ({ section, index, rich: isRich(section) }));
  const richCount = sections.filter((s) => s.rich && s.section.entries.length > 0).length;
  let room = discordLimits.total - title.length - (footer?.length ?? 0) - (verdict?.length ?? 0);
  let reservedRoom = richCount * hiddenFieldRoom;
  let reservedSlots = richCount;
  let fieldCount = 0;

  /** Takes a field when it fits what is left after the reservations. */
  const take = (name: string, value: string, reserved = false): APIEmbedField | undefined => {
    if (name.length > discordLimits.fieldName || value.length > discordLimits.fieldValue) return undefined;
    const size = name.length + value.length;
    const slotsFree = discordLimits.fields - fieldCount - (reserved ? 0 : reservedSlots);
    if (slotsFree <= 0 || size > room - (reserved ? 0 : reservedRoom)) return undefined;
    room -= size;
    fieldCount += 1;
    return { name, value };
  };
  /** What a field value may take now. */
  const valueRoom = (nameLength: number) => Math.min(discordLimits.fieldValue, room - reservedRoom - nameLength);

  const cardFields: APIEmbedField[] = [];
  const noteFields: APIEmbedField[] = [];
  const sectionFields = new Map<number, APIEmbedField[]>();
  const shownEntries = new Map<number, number>();
  const entryName = (entry: CardEntry, n: number) => fitText(`${n} · ${plain(entry.text)}`, discordLimits.fieldName);

  /** Adds the next entry of a claim list; false when it does not fit (the rest of the list is then hidden). */
  const addEntry = (index: number, cut: boolean): boolean => {
    const section = card.sections[index];
    const shown = shownEntries.get(index) ?? 0;
    const entry = section?.entries[shown];
    if (!entry) return false;
    const name = entryName(entry, shown + 1);
    const value = entryValue(entry, valueRoom(name.length), cut);
    const field = value ? take(name, value) : undefined;
    if (!field) return false;
    sectionFields.set(index, [...(sectionFields.get(index) ?? []), field]);
    shownEntries.set(index, shown + 1);
    return true;
  };

  // 1. The first claim of the first claim list: the heart of the card.
  const richSections = sections.filter((s) => s.rich && s.section.entries.length > 0);
  const first = richSections[0];
  if (first) addEntry(first.index, true);

  // 2. Warnings: discrepancies are shown, not resolved, so they go before the rest. Whole notes only, packed
  //    into as few fields as possible.
  let noteLines: string[] = [];
  const flushNotes = () => {
    if (noteLines.length === 0) return;
    const taken =
      noteLines.length > 1
        ? take('⚠ Notes', noteLines.join('\n'))
        : take('⚠ Note', (noteLines[0] ?? '').replace(/^• /, ''));
    if (taken) noteFields.push(taken);
    noteLines = [];
  };
  for (const note of card.notes) {
    const line = `• ${plain(note)}`;
    if (line.length > discordLimits.fieldValue) continue;
    if ([...noteLines, line].join('\n').length > discordLimits.fieldValue) flushNotes();
    noteLines.push(line);
  }
  flushNotes();

  // 3. The card's own fields (period, victims, attribution…).
  for (const field of card.fields) {
    const name = fitText(plain(field.label), discordLimits.fieldName);
    const value = fitText(plain(field.value), 400);
    const taken = take(name, value);
    if (taken) cardFields.push({ ...taken, inline: true });
  }

  // 4. The other claims, list by list, until one does not fit.
  for (const { index } of richSections) {
    while (addEntry(index, false)) {
      // keep adding
    }
  }

  // 5. The summary, under the verdict.
  let description = verdict;
  if (card.summary) {
    const separator = description ? '\n\n' : '';
    const limit = Math.min(
      discordLimits.description - (description?.length ?? 0) - separator.length,
      room - reservedRoom - separator.length,
    );
    const summary = plain(card.summary);
    if (summary.length <= limit || limit >= 200) {
      const text = fitText(summary, limit);
      description = `${description ?? ''}${separator}${text}`;
      room -= separator.length + text.length;
    }
  }

  // 6. Short lists, one field each, whole lines only.
  for (const { section, index, rich } of sections) {
    if (rich || section.entries.length === 0) continue;
    const name = fitText(plain(section.title), discordLimits.fieldName);
    const lines: string[] = [];
    let hidden = section.hidden?.count ?? 0;
    const hiddenLine = (count: number) =>
      plain(describeHidden({ count, noun: plural(section.hidden?.noun ?? section.title.toLowerCase(), count) }));
    for (const [i, entry] of section.entries.entries()) {
      const line = compactLine(entry);
      const rest = section.entries.length - i - 1 + hidden;
      const candidate = [...lines, line, ...(rest > 0 ? [hiddenLine(rest)] : [])].join('\n');
      if (candidate.length > valueRoom(name.length)) break;
      lines.push(line);
    }
    const listed = lines.length;
    hidden += section.entries.length - listed;
    if (hidden > 0) lines.push(hiddenLine(hidden));
    const taken = lines.length > 0 ? take(name, lines.join('\n')) : undefined;
    if (taken) {
      sectionFields.set(index, [taken]);
      shownEntries.set(index, listed);
    }
  }

  // 7. "…and N more claims" under each claim list that lost entries, with its button when there is one.
  reservedRoom = 0;
  reservedSlots = 0;
  for (const { section, index } of richSections) {
    const count = (section.hidden?.count ?? 0) + section.entries.length - (shownEntries.get(index) ?? 0);
    if (count === 0) continue;
    const noun = plural(section.hidden?.noun ?? section.title.toLowerCase(), count);
    const name = fitText(plain(describeHidden({ count, noun })), discordLimits.fieldName);
    const action = section.hidden?.action;
    const id = action ? encodeAction(action) : undefined;
    const value =
      action && id && buttonIds.has(id)
        ? fitText(`Press “${plain(action.label)}” below.`, discordLimits.fieldValue)
        : 'Not shown in this message.';
    const taken = take(name, value, true);
    if (taken) sectionFields.set(index, [...(sectionFields.get(index) ?? []), taken]);
  }

  // Display order: card fields, then the lists in card order, with the notes after the first claim list.
  const fields: APIEmbedField[] = [...cardFields];
  const notesAfter = first?.index ?? Number.POSITIVE_INFINITY;
  card.sections.forEach((_, index) => {
    fields.push(...(sectionFields.get(index) ?? []));
    if (index === notesAfter) fields.push(...noteFields);
  });
  if (!Number.isFinite(notesAfter)) fields.push(...noteFields);

  const url = safeUrl(card.url);
  const embed: APIEmbed = {
    title,
    ...(url ? { url } : {}),
    ...(description ? { description } : {}),
    color: toneColours[card.tone],
    ...(fields.length > 0 ? { fields } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
  const rows = buttonRows(buttons);
  // The card's buttons come first: the menu takes a row only when one is left (25 buttons fill all five).
  const select = rows.length < discordLimits.rows ? entrySelectRow(entriesWithActions(card, shownEntries)) : undefined;
  return { embeds: [embed], components: select ? [select, ...rows] : rows };
}

/** A card shown as one line of text (errors): no embed, no mentions, within Discord's 2000 characters. */
export function renderLine(card: Card): string {
  const text = card.summary ? `${card.title} — ${card.summary}` : card.title;
  return fitText(plain(text), discordLimits.content);
}
