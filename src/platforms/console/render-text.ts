/** Card → readable terminal text: verdict first, claims with their answers indented beneath, warnings marked ⚠. */
import { attachmentBytes, type Card, type CardEntry, describeHidden } from '../../core/card.ts';

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

function renderEntry(entry: CardEntry, marker: string, indent: string): string[] {
  const lines = wrap(inert(entry.text), indent, marker);
  if (entry.detail) lines.push(...wrap(inert(entry.detail), indent));
  if (entry.meta) lines.push(...wrap(inert(entry.meta), indent));
  if (entry.source) {
    const url = entry.source.url ? ` <${inert(entry.source.url)}>` : '';
    lines.push(...wrap(`source: ${inert(entry.source.label)}${url}`, indent));
  }
  for (const child of entry.children ?? []) {
    lines.push(...renderEntry(child, `${indent}↳ `, `${indent}  `));
  }
  return lines;
}

export function renderConsoleText(card: Card): string {
  const out: string[] = [];
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
      out.push(...renderEntry(entry, number, ' '.repeat(number.length)));
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
  if (card.kind === 'choices') out.push('', 'Type a number to open one, or use the command shown.');
  else if (card.actions.length > 0) {
    const buttons = card.actions.map((action, index) => `[${index + 1}] ${inert(action.label)}`).join('  ');
    out.push('', ...wrap(`${buttons}  — type a number`, '  ', ''));
  }
  return out.join('\n');
}
