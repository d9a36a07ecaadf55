/**
 * Text normalization shared by the index and the queries, so both sides agree on what "the same name" means:
 * width-insensitive (NFKC), case-insensitive, Latin diacritics removed, punctuation treated as a word break.
 */

const combiningDiacritics = /[\u0300-\u036f]/g;
// Apostrophes join ("People's" → "peoples"); every other non-letter, non-digit breaks words.
const apostrophes = /['’`´]/g;
const wordBreaks = /[^\p{L}\p{N}]+/gu;

/** Normalizes a name or a query to lower-case words separated by single spaces. */
export function normalizeText(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(combiningDiacritics, '')
    .normalize('NFC')
    .replace(apostrophes, '')
    .replace(wordBreaks, ' ')
    .trim();
}

/** The words of an already normalized text. */
export function wordsOf(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}

/**
 * Trigrams of one word, padded at both ends so that short words and word starts weigh in (as pg_trgm does):
 * "jaxa" → ["  j", " ja", "jax", "axa", "xa "].
 */
export function trigramsOf(word: string): string[] {
  const chars = [' ', ' ', ...word, ' '];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return [...grams];
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), stopping early once it exceeds
 * `limit`: typo matching only cares whether two words are within one or two edits.
 */
export function editDistance(a: string, b: string, limit: number): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[t.length] ?? limit + 1;
}

/** How many typos a word of this length may carry and still match: none for very short words. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}
