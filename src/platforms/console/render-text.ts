/** Card → readable terminal text: verdict first, claims with their answers indented beneath, warnings marked ⚠. */
import { isDeepStrictEqual } from 'node:util';
import {
  attachmentBytes,
  type Card,
  type CardAction,
  type CardEntry,
  type CardForm,
  describeHidden,
} from '../../core/card.ts';
import type { CommandDefinition } from '../../core/command.ts';
import { parseCommandText } from '../../core/parse-text.ts';
import { formatCommandLine, splitCommandLine } from '../../core/run-text.ts';

const width = 100;

/** Wraps `text` at word boundaries; continuation lines get `indent`. */
export function wrap(text: string, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let current = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = indent + word;
    } else {
      current += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(current);
  return lines;
}

/** Terminal control sequences in stored text could repaint the screen; show them as visible escapes instead. */
function inert(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => (c === '\n' ? ' ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** Entries with their answers, depth first: the order their own buttons are numbered in. */
function flatEntries(entries: readonly CardEntry[]): CardEntry[] {
  return entries.flatMap((entry) => [entry, ...flatEntries(entry.children ?? [])]);
}

/** A form's submit with the values it holds now: what "Save" sends when the person changes nothing. */
function formSubmit(form: CardForm): CardAction {
  const options: Record<string, string> = { ...form.submit.options };
  for (const field of form.fields) {
    if (field.value !== undefined && field.value.trim() !== '') options[field.name] = field.value;
  }
  return { label: form.submitLabel, command: form.submit.command, options };
}

/**
 * The buttons a person can press by typing their number: the card's own, then each entry's ("Dispute" on a claim)
 * in the order they appear; a form's only button submits it as shown.
 */
export function consoleButtons(card: Card): CardAction[] {
  if (card.form) return [formSubmit(card.form)];
  const entryActions = card.sections
    .flatMap((section) => flatEntries(section.entries))
    .flatMap((entry) => (entry.action ? [entry.action] : []));
  return [...card.actions, ...entryActions];
}

function renderEntry(entry: CardEntry, marker: string, indent: string, number: () => number): string[] {
  const lines = wrap(inert(entry.text), indent, marker);
  if (entry.detail) lines.push(...wrap(inert(entry.detail), indent));
  if (entry.meta) lines.push(...wrap(inert(entry.meta), indent));
  if (entry.source) {
    const url = entry.source.url ? ` <${inert(entry.source.url)}>` : '';
    lines.push(...wrap(`source: ${inert(entry.source.label)}${url}`, indent));
  }
  if (entry.action) lines.push(...wrap(`[${number()}] ${inert(entry.action.label)}`, indent));
  for (const child of entry.children ?? []) {
    lines.push(...renderEntry(child, `${indent}↳ `, `${indent}  `, number));
  }
  return lines;
}

/**
 * A form: each box with what it holds, "[1]" to submit it as shown, how to change a box ("text: new words", which
 * the console keeps until [1]), and the command line that does the same. A value with spaces only fits that line as
 * its bare words, so when the line would not read back as the same options the person is told so.
 */
function renderForm(form: CardForm, commands: readonly CommandDefinition[]): string[] {
  const out: string[] = [];
  for (const field of form.fields) {
    const value = field.value?.replace(/\s+/g, ' ').trim() ?? '';
    const mark = field.required ? ' (required)' : '';
    out.push(...wrap(`${inert(field.label)}${mark}: ${value === '' ? '—' : inert(value)}`, '    ', '  '));
  }
  const submit = formSubmit(form);
  const line = formatCommandLine(submit, commands);
  const command = commands.find((c) => c.name === submit.command);
  const typed = command
    ? parseCommandText(splitCommandLine(line)?.text ?? '', command.options, command.positional)
    : {};
  const names = form.fields.map((f) => `${f.name}: …`).join(', ');
  out.push('', `[1] ${inert(form.submitLabel)} — type 1 to send it as shown.`);
  out.push(...wrap(`Change a box first by typing its name, a colon and the new text (${inert(names)}).`, '    ', '  '));
  out.push(...wrap(`Or type the command: ${inert(line)}`, '    ', '  '));
  if (command && !isDeepStrictEqual(typed, submit.options)) {
    out.push('  (That command line cannot carry values with spaces: change the boxes and type 1.)');
  }
  return out;
}

/** The form with one box's value replaced: what typing "text: new words" does to a form on the console. */
export function withFieldValue(form: CardForm, name: string, value: string): CardForm | undefined {
  const field = form.fields.find((f) => f.name === name);
  if (!field) return undefined;
  const text = [...value.trim()].slice(0, field.maxLength).join('');
  return {
    ...form,
    fields: form.fields.map((f) => {
      if (f !== field) return f;
      const { value: _, ...rest } = f;
      return text === '' ? rest : { ...rest, value: text };
    }),
  };
}

/** `commands` lets a form's command line use the short form ("/note jaxa" rather than "/note query:jaxa"). */
export function renderConsoleText(card: Card, commands: readonly CommandDefinition[] = []): string {
  const out: string[] = [];
  let numbered = card.actions.length;
  const nextNumber = () => {
    numbered += 1;
    return numbered;
  };
  const title = inert(card.title);
  // A notice (an error, "no match") is a line, not a card.
  if (card.kind === 'notice') out.push(title);
  else out.push(title, '─'.repeat(Math.min(width, [...title].length)));
  if (card.fields.length > 0) {
    out.push(...wrap(card.fields.map((f) => `${inert(f.label)}: ${inert(f.value)}`).join(' · '), '  ', ''));
  }
  if (card.verdict) out.push('', ...wrap(inert(card.verdict), '  ', '▶ '));
  if (card.summary) out.push('', ...wrap(inert(card.summary), ''));
  for (const section of card.sections) {
    out.push('', inert(section.title).toUpperCase());
    section.entries.forEach((entry, index) => {
      const number = `${String(index + 1).padStart(2)}. `;
      out.push(...renderEntry(entry, number, ' '.repeat(number.length), nextNumber));
    });
    if (section.hidden) out.push(`    ${inert(describeHidden(section.hidden))}`);
  }
  if (card.notes.length > 0) {
    out.push('');
    for (const note of card.notes) out.push(...wrap(inert(note), '  ', '⚠ '));
  }
  if (card.footer) out.push('', ...wrap(inert(card.footer), ''));
  // A terminal is no place to dump a file, nor to write one unasked: say what it is and how to save it.
  if (card.attachment) {
    const { label, offline } = card.attachment;
    out.push(
      '',
      `${inert(label)}: ${attachmentBytes(card.attachment)} bytes${offline ? ` (use ${inert(offline)})` : ''}`,
    );
  }
  if (card.form) out.push('', ...renderForm(card.form, commands));
  else if (card.kind === 'choices') out.push('', 'Type a number to open one, or use the command shown.');
  else if (card.actions.length > 0) {
    const buttons = card.actions.map((action, index) => `[${index + 1}] ${inert(action.label)}`).join('  ');
    out.push('', ...wrap(`${buttons}  — type a number`, '  ', ''));
  } else if (numbered > 0) out.push('', 'Type a number to press the button of that line.');
  return out.join('\n');
}
