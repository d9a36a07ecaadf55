/**
 * Who makes a claim: the speaker of a quotation, a closing "…, X said", an opening "As X claims," or the subject of
 * the clause; and the phrase in the accused slot before a predicate.
 */
import type { Stance } from '../domain/schemas.ts';
import type { ActorSlot } from './actors.ts';
import type { createActorFinder } from './gazetteer-match.ts';
import { findStateMentions } from './lexicon.ts';
import type { SentenceUnit } from './segment.ts';
import type { Claimant, SpeakerIndex } from './speakers.ts';
import { clauseAt, quoteAt, type UnitView } from './units.ts';
import { leadingAdverbial, sayingVerbs, verbish } from './vocabulary.ts';

export interface Draft {
  unit: SentenceUnit;
  claimant: Claimant;
  stance: Stance;
  actor: ActorSlot;
  /** Where the rule fired, relative to the unit. */
  at: number;
  rule: string;
}

export interface Context {
  speakers: SpeakerIndex;
  findActors: ReturnType<typeof createActorFinder>;
  previousUnit(unit: SentenceUnit): SentenceUnit | null;
}

export const unnamedPartners =
  /^(?:(?:their|its|other|several|western|close|key)\s+)*(?:allies|partners|others|countries|states|governments|nations)$/i;

export function resolveAll(ctx: Context, unit: SentenceUnit, phrase: string, offset: number): Claimant[] {
  const position = unit.start + offset;
  const atStart = offset <= unit.bodyOffset + 1;
  // "Canada and Japan have …": one claimant per state.
  const parts = phrase.split(/\s+and\s+|,\s+/).filter((p) => p.trim() !== '');
  if (parts.length > 1) {
    const each = parts.map((part) => ({ part, claimant: ctx.speakers.resolve(part, position, atStart) }));
    const states = each.filter(
      ({ part, claimant }) => claimant?.state && !claimant.person && findStateMentions(part).length > 0,
    );
    // "The US, Britain and their allies": the states named; the unnamed allies cannot be told apart.
    const rest = each.filter((e) => !states.includes(e));
    if (states.length > 0 && rest.every(({ part }) => unnamedPartners.test(part.trim())))
      return states.flatMap(({ claimant }) => (claimant ? [claimant] : []));
  }
  const one = ctx.speakers.resolve(phrase, position, atStart);
  return one ? [one] : [];
}

/** The subject phrase of the clause that holds `at`. */
export function clauseSubject(ctx: Context, view: UnitView, at: number): Claimant[] {
  const clause = clauseAt(view, at);
  let start = clause.start;
  let text = view.unit.text.slice(start, clause.end);
  const connective = /^(?:after|before|while|whereas|because|although|though|but|and)\s+/i.exec(text);
  if (connective) {
    start += connective[0].length;
    text = text.slice(connective[0].length);
  }
  const adverbial = leadingAdverbial.exec(text);
  if (adverbial) {
    start += adverbial[0].length;
    text = text.slice(adverbial[0].length);
  }
  if (/^[“"‘]/.test(text)) return [];
  const verb = verbish.exec(` ${text}`);
  // "X said it was cooperating but could not say who …": a clause after "and"/"but" with no subject of its own
  // shares the subject of the clause before it.
  if (verb?.index === 0 && connective && clause.start > 1) return clauseSubject(ctx, view, clause.start - 2);
  if (!verb || verb.index === 0 || start + verb.index > at) return [];
  return resolveAll(ctx, view.unit, text.slice(0, verb.index), start);
}

export const attributionTail = String.raw`(?:\s+(?:on|in|at|last|this|earlier|late|today|yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|reporters|journalists|the)\b[^,.“”"]{0,40})?(?:,\s+(?:citing|replying|adding|referring|according)[^.]*)?\.?\s*$`;
export const trailingForms = [
  new RegExp(
    // The comma may sit inside the closing quotation mark: '"…this," the minister said.'
    String.raw`,["”’]?\s+(?!and\s)([^,“”"]{2,90}?)\s+(?:said|says|told|noted|added|stated|reported|claimed)${attributionTail}`,
  ),
  new RegExp(String.raw`,\s+(?:said|says|according to)\s+([^,“”"]{2,80}?)${attributionTail}`),
];

/**
 * A closing attribution — "…, the ministry said on Monday.", "…, says Canada.", "…, according to the FBI." — with
 * the speaker phrase and where it starts.
 */
export function trailingAttribution(text: string): { index: number; phrase: string; phraseIndex: number } | null {
  for (const form of trailingForms) {
    const match = form.exec(text);
    if (match?.[1]) return { index: match.index, phrase: match[1], phraseIndex: text.indexOf(match[1], match.index) };
  }
  return null;
}

/** Who says what is at `at`: the quotation's speaker, a closing "…, X said", an opening "As X claims," or the subject. */
export function speakerAt(ctx: Context, view: UnitView, at: number): Claimant[] {
  const { unit } = view;
  const quote = quoteAt(unit, at);
  if (quote) {
    const following = unit.text.slice(quote.end);
    const after = new RegExp(`^[\\s,]*(.{2,160}?)\\s+(?:${sayingVerbs})\\b`).exec(following);
    if (after?.[1] && !/[“"]/.test(after[1])) return resolveAll(ctx, unit, after[1], quote.end);
    // "…," said Foreign Minister Jane Roe.
    const inverted = new RegExp(`^[\\s,]*(?:${sayingVerbs})\\s+([^“"]{2,120}?)\\s*(?:[.,;]|$)`).exec(following);
    if (inverted?.[1]) return resolveAll(ctx, unit, inverted[1], quote.end + following.indexOf(inverted[1]));
    const before = new RegExp(`([^,.“”"]{2,100}?)\\s+(?:${sayingVerbs})(?:\\s+\\w+)?\\s*(?:that)?[:,]?\\s*$`).exec(
      unit.text.slice(0, quote.start),
    );
    if (before?.[1]) return resolveAll(ctx, unit, before[1], before.index);
    if (quote.start <= unit.bodyOffset + 1) {
      const person = ctx.speakers.lastSpeakerBefore(unit.start);
      return person
        ? [{ claimant: `${person.role} ${person.name}`, state: person.state, body: person.body, person }]
        : [];
    }
    return clauseSubject(ctx, view, at);
  }
  const trailing = trailingAttribution(unit.text);
  if (trailing && at < trailing.index) return resolveAll(ctx, unit, trailing.phrase, trailing.phraseIndex);
  const opening = /^(?:As|According to)\s+([^,]{2,60}?)(?:\s+(?:claims?|claimed|said|says|reported|reports))?,/.exec(
    unit.text.slice(unit.bodyOffset),
  );
  if (opening?.[1] && at >= unit.bodyOffset + opening[0].length)
    return resolveAll(ctx, unit, opening[1], unit.text.indexOf(opening[1], unit.bodyOffset));
  return clauseSubject(ctx, view, at);
}

/** "Unattributed" for passives with no agent, unless the sentence is someone's quotation or report. */
export function passiveClaimant(ctx: Context, view: UnitView, at: number): Claimant[] {
  const said =
    quoteAt(view.unit, at) !== undefined || /\s(?:said|says|told|noted|added)\b[^,]*\.?$/.test(view.unit.text);
  if (said) {
    const speakers = speakerAt(ctx, view, at);
    if (speakers.length > 0) return speakers;
  }
  return [{ claimant: '(unattributed)', state: null, body: null, person: null }];
}

/**
 * The phrase before a predicate ("… said that the group was responsible"): back to the nearest "that", saying verb,
 * comma or quotation mark, skipping a "that" which opens a relative clause ("hackers that could be linked to …").
 */
export function leftPhrase(text: string, end: number, floor: number): { phrase: string; start: number } {
  const window = text.slice(floor, end);
  const boundary =
    /\b(?:that|said|says|say|believes?|believed|suspect(?:s|ed)?|determined|concluded|conclude|claims|claimed|whether|denies|denied|deny)\b|[,“":]/g;
  const marks = [...window.matchAll(boundary)].map((m) => ({ index: m.index + m[0].length, word: m[0] }));
  let insideAppositive = false;
  for (let i = marks.length - 1; i >= 0; i--) {
    const mark = marks[i];
    if (!mark) continue;
    const rest = window.slice(mark.index).trimStart();
    // "Frost Bear, a unit of …, was behind": the comma closing an appositive, then the one opening it.
    if (mark.word === ',' && (rest === '' || insideAppositive)) {
      insideAppositive = rest === '';
      continue;
    }
    if (/^(?:could|can|may|might|is|was|were|are|has|have|had|would|will|be|reportedly)\b/.test(rest)) continue;
    return { phrase: window.slice(mark.index), start: floor + mark.index };
  }
  return { phrase: window, start: floor };
}

export function draftsFor(claimants: Claimant[], base: Omit<Draft, 'claimant'>): Draft[] {
  return claimants.map((claimant) => ({ ...base, claimant }));
}
