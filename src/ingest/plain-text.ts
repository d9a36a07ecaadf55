/**
 * What "plain text" means for everything we store from outside: one normal form, so the same story hashes the same
 * whether it came from a page, a feed summary or a paste, and nothing that can steer a terminal or a renderer
 * (control characters, direction overrides) survives in a title.
 */
import { createHash } from 'node:crypto';

/** Longest title kept; feed titles are free text from strangers and cards have hard limits. */
export const maxTitleLength = 200;

// C0 controls except tab and newline, DEL, and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Embeddings, overrides and isolates can make a title read differently from what it says.
const directionControls = /[\u202A-\u202E\u2066-\u2069]/g;
const zeroWidth = /[\u200B\u2060\uFEFF]/g;

/**
 * NFC, Unix line ends, no control characters, runs of spaces collapsed, each line trimmed, and paragraphs as blocks
 * separated by exactly one blank line.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\t\f\v\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(controlCharacters, '')
    .replace(zeroWidth, '')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** SHA-256 of the normalised text, hex: articles are unique by it. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeText(text), 'utf8').digest('hex');
}

/** One line, no controls or direction tricks, at most `maxTitleLength` characters (cut at a word when it can). */
export function cleanTitle(title: string, limit = maxTitleLength): string {
  const line = title
    .normalize('NFC')
    .replace(controlCharacters, ' ')
    .replace(directionControls, '')
    .replace(zeroWidth, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (line.length <= limit) return line;
  const cut = line.slice(0, limit - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > limit / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** A title for text that came without one: its first line, shortened. */
export function titleFromText(text: string, limit = 120): string {
  const firstLine = normalizeText(text).split('\n', 1)[0] ?? '';
  return cleanTitle(firstLine, limit);
}
