/**
 * A sentence unit as the rules read it: with questions, conditionals and nested quotations blanked out where a rule
 * must not see them, and cut into clauses.
 */
import type { SentenceUnit, Span } from './segment.ts';

/** Replaces spans with spaces, so offsets stay valid while the rules cannot see what is inside. */
export function blank(text: string, spans: Span[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

export function spansOf(text: string, pattern: RegExp): Span[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Questions and their reported forms: nothing inside asserts anything. */
export function questionSpans(text: string): Span[] {
  if (/\?["”’]?\s*$/.test(text)) return [{ start: 0, end: text.length }];
  return spansOf(text, /\b(?:asked|questioned|question)\b[^,;]*?\b(?:if|whether)\b[^,;]*|\bwhether\b[^,;]*/gi);
}

/** Conditionals and counterfactuals ("if the agency had been responsible", "would be surprised if …"). */
export function conditionalSpans(text: string): Span[] {
  return spansOf(text, /\b(?:if|unless)\b[^,;]*/gi);
}

/** A quotation inside a quotation: the speaker reports someone else's words. */
export function nestedQuoteSpans(text: string, quotes: Span[]): Span[] {
  return quotes.flatMap((q) =>
    spansOf(text.slice(q.start, q.end), /‘[^’]*’/g).map((s) => ({ start: q.start + s.start, end: q.start + s.end })),
  );
}

export interface UnitView {
  unit: SentenceUnit;
  /** For stances that are asserted: questions, conditionals and nested quotations blanked. */
  assertive: string;
  /** For push-back: only questions blanked ("if they indeed have proof" is push-back). */
  plain: string;
  clauses: Span[];
}

export function viewOf(unit: SentenceUnit): UnitView {
  const questions = questionSpans(unit.text);
  const plain = blank(unit.text, questions);
  const assertive = blank(plain, [...conditionalSpans(plain), ...nestedQuoteSpans(plain, unit.quotes)]);
  const starts = [
    unit.bodyOffset,
    ...spansOf(unit.text, /\s(?:after|before|while|whereas|because|although|though|but)\s|;\s|,\s(?=and\s)/g)
      .map((s) => s.start + 1)
      .filter((s) => s > unit.bodyOffset),
  ];
  const clauses = starts.map((start, i) => ({ start, end: starts[i + 1] ?? unit.text.length }));
  return { unit, assertive, plain, clauses };
}

export function clauseAt(view: UnitView, at: number): Span {
  return view.clauses.find((c) => at >= c.start && at < c.end) ?? { start: 0, end: view.unit.text.length };
}

export function quoteAt(unit: SentenceUnit, at: number): Span | undefined {
  return unit.quotes.find((q) => at > q.start && at < q.end);
}
