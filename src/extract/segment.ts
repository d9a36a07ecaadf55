/**
 * Splits an article into sentence units with their character offsets. Intl.Segmenter does the sentence breaking;
 * on top of it, a quotation that spans several sentences stays one unit (it has one speaker), an abbreviation such
 * as "U.S." before a lower-case word does not end a sentence, and credit and navigation lines are left out.
 */

export interface Span {
  start: number;
  end: number;
}

export interface SentenceUnit extends Span {
  text: string;
  /** Index of the line (paragraph) the unit belongs to. */
  paragraph: number;
  /** A short line without closing punctuation: a headline or a deck. */
  isHeadline: boolean;
  /** Where the sentence proper starts, after a dateline such as "LONDON — " or "Beijing: " (relative to `start`). */
  bodyOffset: number;
  /** The dateline word, when the unit starts with one. */
  dateline: string | null;
  /** Quotations inside the unit, relative to `start`. */
  quotes: Span[];
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// Lines that credit or link rather than report.
const creditLine =
  /^(source|read|read more|also read|related|photo|image|credit|reporting by|editing by|also worth reading|skip to main content)\b\s*[:(]?|^\((reporting|editing) by/i;

const abbreviationEnd = /(?:\b(?:U\.S|U\.K|U\.N|E\.U|Mr|Mrs|Ms|Dr|Gen|Sen|Rep|St|Inc|Corp|Ltd|Jr|No|Lt|Col|Gov)\.)\s*$/;

// "LONDON — ", "TOKYO: ", "Beijing: ", "WASHINGTON (Reuters) - ", "PARIS, May 3 — ".
const datelinePattern =
  /^((?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)|(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?))(?:,[^.—:\n]{0,20})?(?:\s*\([^)]{1,30}\))?(?:\s*(?:—|–|--|:)|\s+-)\s+/;

function quoteBalanceOpen(text: string): boolean {
  const curlyOpen = (text.match(/“/g) ?? []).length;
  const curlyClose = (text.match(/”/g) ?? []).length;
  const straight = (text.match(/"/g) ?? []).length;
  return curlyOpen > curlyClose || straight % 2 === 1;
}

/** Quotation spans: “…” pairs and alternating straight double quotes. */
export function findQuotes(text: string): Span[] {
  const spans: Span[] = [];
  let open: number | null = null;
  let straightOpen: number | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '“') open = i;
    else if (c === '”' && open !== null) {
      spans.push({ start: open, end: i + 1 });
      open = null;
    } else if (c === '"') {
      if (straightOpen === null) straightOpen = i;
      else {
        spans.push({ start: straightOpen, end: i + 1 });
        straightOpen = null;
      }
    }
  }
  // A quotation left open runs to the end of the unit (a paragraph that continues a quote).
  const dangling = open ?? straightOpen;
  if (dangling !== null) spans.push({ start: dangling, end: text.length });
  return spans.sort((a, b) => a.start - b.start);
}

function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  return { start: s, end: e };
}

/** The article's sentence units, in order. */
export function segmentArticle(text: string): SentenceUnit[] {
  const units: SentenceUnit[] = [];
  let lineStart = 0;
  let paragraph = 0;
  for (const line of text.split('\n')) {
    const offset = lineStart;
    lineStart += line.length + 1;
    if (!/\p{L}/u.test(line) || creditLine.test(line.trim())) {
      if (line.trim() !== '') paragraph++;
      continue;
    }
    const pieces: Span[] = [];
    for (const s of segmenter.segment(line)) pieces.push({ start: s.index, end: s.index + s.segment.length });
    const merged: Span[] = [];
    for (const piece of pieces) {
      const last = merged.at(-1);
      if (last) {
        const lastText = line.slice(last.start, last.end);
        const next = line.slice(piece.start, piece.end);
        if (quoteBalanceOpen(lastText) || (abbreviationEnd.test(lastText) && /^\s*[a-z0-9]/.test(next))) {
          last.end = piece.end;
          continue;
        }
      }
      merged.push({ ...piece });
    }
    const lineUnits = merged
      .map((m) => trimSpan(line, m.start, m.end))
      .filter((m) => /\p{L}/u.test(line.slice(m.start, m.end)));
    const isHeadline =
      lineUnits.length === 1 &&
      !/[.!?…”"’)]$/.test(line.trim()) &&
      line.trim().split(/\s+/).length <= 25 &&
      !/^[“"]/.test(line.trim());
    lineUnits.forEach((m, i) => {
      const unitText = line.slice(m.start, m.end);
      const dateline = i === 0 ? datelinePattern.exec(unitText) : null;
      units.push({
        text: unitText,
        start: offset + m.start,
        end: offset + m.end,
        paragraph,
        isHeadline,
        bodyOffset: dateline ? dateline[0].length : 0,
        dateline: dateline ? (dateline[1] ?? null) : null,
        quotes: findQuotes(unitText),
      });
    });
    paragraph++;
  }
  return units;
}
