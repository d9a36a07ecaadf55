/**
 * Text from the store, made safe for Slack. Slack reads `&`, `<` and `>` as control characters: every ping (`<!channel>`,
 * `<!here>`, `<@U123>`, `<!subteam^…>`) and every link starts with `<`, so escaping the three (ampersand first) makes
 * stored text inert. Links are built here and only here, from a source URL, never from free text.
 */
import type { CardSource } from '../../core/card.ts';

/** Escapes Slack's three control characters, `&` first so that `&lt;` is not turned into `&amp;lt;`. */
export function escapeControl(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text for display: whitespace (newlines included) collapsed to single spaces, control characters escaped, and the
 * bare broadcast words `@here`, `@channel`, `@everyone` broken with an invisible word joiner, so that no Slack setting
 * (`link_names`, a non-verbatim text object) can ever turn them into a ping.
 */
export function escapeText(text: string): string {
  return escapeControl(text.replace(/[\s\p{Cc}]+/gu, ' ')).replace(/@(here|channel|everyone)\b/gi, '@\u2060$1');
}

/**
 * Escaped text of at most `max` characters. When it is too long the plain text is cut at a word boundary before it
 * is escaped, so an entity such as `&amp;` is never cut in half, and the cut is marked with an ellipsis.
 */
export function fitText(text: string, max: number): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  const chars = [...text.replace(/[\s\p{Cc}]+/gu, ' ')];
  // The longest prefix whose escaped form, with the ellipsis, fits (escaped length grows with the prefix).
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (escapeText(chars.slice(0, middle).join('')).length + 1 <= max) low = middle;
    else high = middle - 1;
  }
  let cut = chars.slice(0, low).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  return `${escapeText(cut).trimEnd()}…`;
}

/** A URL ready to sit inside `<url|label>`: http(s) only, serialized, `|` percent-encoded, control characters escaped. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || !/^https?:\/\//i.test(url)) return undefined;
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(new URL(href).protocol)) return undefined;
  return escapeControl(href.replace(/\|/g, '%7C'));
}

/** A source as mrkdwn: `<url|label>` when it has a usable URL of at most `maxUrl` characters, else the label. */
export function sourceLink(source: CardSource, maxLabel: number, maxUrl: number): string {
  const label = fitText(source.label, maxLabel);
  const url = safeUrl(source.url);
  return url !== undefined && url.length <= maxUrl ? `<${url}|${label}>` : label;
}
