/** A plain-text article as stored or pasted: optional `URL:` and `DATE:` header lines, then the text. */
import { z } from 'zod';
import type { ArticleInput } from './types.ts';

const headerLine = /^(URL|DATE):[ \t]*(.*)$/i;
const isoDate = z.iso.date();
const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * Reads the header lines at the top (in any order, blank lines between allowed) and returns the rest as the text.
 * A date that is not YYYY-MM-DD ("unknown (AFP wire, 2014)") and a URL that is not http(s) are left out.
 */
export function parseArticleFile(content: string): ArticleInput {
  const normalized = content.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const lines = normalized.split('\n');
  let url: string | undefined;
  let date: string | undefined;
  let consumed = 0;
  for (const line of lines) {
    const header = headerLine.exec(line.trim());
    if (header) {
      const value = (header[2] ?? '').trim();
      if (header[1]?.toUpperCase() === 'URL' && httpUrl.safeParse(value).success) url = value;
      if (header[1]?.toUpperCase() === 'DATE' && isoDate.safeParse(value).success) date = value;
    } else if (line.trim() !== '') break;
    consumed += line.length + 1;
  }
  const text = normalized.slice(Math.min(consumed, normalized.length));
  return { text, ...(url !== undefined ? { url } : {}), ...(date !== undefined ? { date } : {}) };
}
