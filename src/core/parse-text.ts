/**
 * Turns what a person typed after a command ("jaxa tick", "name:tick") into raw options for the command's schema:
 * `name:value` (or `name:"two words"`) fills the option of that name; the remaining words fill the first text option.
 */
import type { z } from 'zod';

/** Runs of spaces and tabs become one space; line breaks stay. */
function collapseSpaces(text: string): string {
  return text
    .trim()
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n');
}

/** `name:value`, `name:"two words"` or `name:“two words”`, or a bare word. */
const tokenPattern = /([a-z][a-z0-9_-]*):(?:"([^"]*)"|“([^”]*)”|(\S+))|(\S+)/g;

export function parseCommandText(
  text: string,
  options: z.ZodObject,
  positional?: readonly string[],
): Record<string, unknown> {
  const names = Object.keys(options.shape);
  const raw: Record<string, unknown> = {};
  const rest: string[] = [];
  for (const token of text.matchAll(tokenPattern)) {
    const [whole, name, straight, curly, bare] = token;
    if (name !== undefined && names.includes(name)) raw[name] = straight ?? curly ?? bare;
    else rest.push(whole);
  }
  if (rest.length === 0) return raw;
  if (positional && positional.length > 0) {
    // One word per positional option; the last one takes whatever is left.
    const open = positional.filter((n) => names.includes(n) && !(n in raw));
    open.forEach((name, i) => {
      const words = i === open.length - 1 ? rest.splice(0) : rest.splice(0, 1);
      if (words.length > 0) raw[name] = words.join(' ');
    });
    return raw;
  }
  // Words left over when every option is filled are dropped: "/help me" still shows help.
  const free = names.find((n) => !(n in raw));
  // Text that is all one free option keeps its line breaks (pasted articles with URL:/DATE: header lines).
  if (free !== undefined) raw[free] = Object.keys(raw).length === 0 ? collapseSpaces(text) : rest.join(' ');
  return raw;
}
