/**
 * Scoring candidates against gold labels (the corpus README's conventions): a candidate matches a gold claim when
 * the claimant state, the stance (mapped onto the labels' four), the actor and the sentence agree. One candidate
 * matches at most one gold claim.
 */
import { z } from 'zod';
import type { Stance } from '../domain/schemas.ts';
import { extractClaims, normalizeName } from './extract.ts';
import type { ArticleInput, ClaimCandidate, Gazetteer } from './types.ts';

export const goldClaimSchema = z.object({
  claimant: z.string(),
  claimant_state: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  actor: z.string().nullable(),
  actor_aliases_known: z.array(z.string()).default([]),
  sponsor_state: z.string().nullable(),
  stance: z.enum(['attributes', 'denies', 'rebuts', 'neutral']),
  confidence_wording: z.string().nullable(),
  quote: z.string().min(1),
});
export type GoldClaim = z.infer<typeof goldClaimSchema>;

export const goldArticleSchema = z.object({
  file: z.string().min(1),
  claims: z.array(goldClaimSchema),
  distractors: z.array(z.object({ quote: z.string().min(1), why: z.string() })).default([]),
});
export type GoldArticle = z.infer<typeof goldArticleSchema>;

export const goldLabelsSchema = z.array(goldArticleSchema);

/** The labels' stance for one of ours: `neutral` is non-acknowledgement, `rebuts` covers both kinds of push-back. */
export function labelStance(stance: Stance): GoldClaim['stance'] | 'retracts' {
  switch (stance) {
    case 'attributes':
    case 'corroborates':
      return 'attributes';
    case 'denies':
      return 'denies';
    case 'evidence-challenge':
    case 'counter-accusation':
      return 'rebuts';
    case 'non-acknowledgement':
      return 'neutral';
    case 'retracts':
      return 'retracts';
  }
}

const bareQuote = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/^[\s“”"‘’',.]+|[\s“”"‘’',.]+$/g, '')
    .trim();

/** Same sentence: one quote contains the other, or their spans in the text overlap by half the shorter one. */
export function sameSentence(text: string, candidate: ClaimCandidate, goldQuote: string): boolean {
  const a = bareQuote(candidate.quote);
  const b = bareQuote(goldQuote);
  if (a.includes(b) || b.includes(a)) return true;
  const start = text.indexOf(goldQuote);
  if (start < 0) return false;
  const end = start + goldQuote.length;
  const overlap = Math.min(end, candidate.end) - Math.max(start, candidate.start);
  return overlap > 0 && overlap >= 0.5 * Math.min(end - start, candidate.end - candidate.start);
}

/** A gold claim without an actor ("no comment" about the incident) accepts any actor. */
export function sameActor(candidate: ClaimCandidate, gold: GoldClaim): boolean {
  if (gold.actor === null) return true;
  const ours = normalizeName(candidate.actor);
  return [gold.actor, ...gold.actor_aliases_known].some((name) => normalizeName(name) === ours);
}

export function matches(text: string, candidate: ClaimCandidate, gold: GoldClaim): boolean {
  return (
    candidate.claimantState === gold.claimant_state &&
    labelStance(candidate.stance) === gold.stance &&
    sameActor(candidate, gold) &&
    sameSentence(text, candidate, gold.quote)
  );
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface FileScore extends Score {
  file: string;
  misses: GoldClaim[];
  extras: ClaimCandidate[];
  /** Candidates drawn from a sentence the labels call a distractor. */
  distractorHits: ClaimCandidate[];
}

function ratios(truePositives: number, falsePositives: number, falseNegatives: number): Score {
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

export function scoreArticle(text: string, candidates: ClaimCandidate[], gold: GoldArticle): FileScore {
  const used = new Set<number>();
  const misses: GoldClaim[] = [];
  for (const claim of gold.claims) {
    const index = candidates.findIndex((c, i) => !used.has(i) && matches(text, c, claim));
    if (index < 0) misses.push(claim);
    else used.add(index);
  }
  const extras = candidates.filter((_, i) => !used.has(i));
  const distractorHits = extras.filter((c) => gold.distractors.some((d) => sameSentence(text, c, d.quote)));
  return {
    file: gold.file,
    ...ratios(used.size, extras.length, misses.length),
    misses,
    extras,
    distractorHits,
  };
}

export function overall(scores: Score[]): Score {
  const sum = (key: 'truePositives' | 'falsePositives' | 'falseNegatives') => scores.reduce((n, s) => n + s[key], 0);
  return ratios(sum('truePositives'), sum('falsePositives'), sum('falseNegatives'));
}

/** Runs the extractor on each labelled article and scores it: per file, and over all files together. */
export function evaluateArticles(
  items: Array<{ article: ArticleInput; gold: GoldArticle }>,
  gazetteer: Gazetteer,
): { files: FileScore[]; overall: Score } {
  const files = items.map(({ article, gold }) => scoreArticle(article.text, extractClaims(article, gazetteer), gold));
  return { files, overall: overall(files) };
}
