/**
 * Turns what a person typed after a command ("jaxa tick", "name:tick") into raw options for the command's schema:
 * `name:value` fills the option of that name; the remaining words fill the first text option.
 */
import type { z } from 'zod';

export function parseCommandText(
  text: string,
  options: z.ZodObject,
  positional?: readonly string[],
): Record<string, unknown> {
  const names = Object.keys(options.shape);
  const raw: Record<string, unknown> = {};
  const rest: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const match = /^([a-z][a-z0-9_-]*):(.+)$/.exec(word);
    if (match?.[1] !== undefined && names.includes(match[1])) raw[match[1]] = match[2];
    else rest.push(word);
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
  if (free !== undefined) raw[free] = rest.join(' ');
  return raw;
}
