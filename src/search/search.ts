/**
 * Search as people type in a chat box. Candidates come from indexed look-ups (exact words, word prefixes, words that
 * share trigrams with a typo); only that small set is ranked here. A query word counts as found by its best match:
 * exact > prefix > one typo > two typos, weighted by how rare the word is (idf) and by how strongly the matched
 * name identifies the entity (its own alias outranks a victim or a related actor).
 */
import { allowedEdits, editDistance, normalizeText, trigramsOf, wordsOf } from './normalize.ts';

export type EntityKind = 'incident' | 'actor';

export interface TermRow {
  id: number;
  term: string;
  entityCount: number;
}
export interface NameRow {
  entityId: number;
  weight: number;
}
export interface PostingRow extends NameRow {
  nameId: number;
}

/** The look-ups the ranking needs; the store implements them with indexes. */
export interface SearchIndexReader {
  namesExactly(kind: EntityKind, normalized: string): NameRow[];
  namesStartingWith(kind: EntityKind, prefix: string, limit: number): NameRow[];
  term(word: string): TermRow | undefined;
  termsStartingWith(prefix: string, limit: number): TermRow[];
  termsSharingTrigrams(trigrams: string[], minShared: number, limit: number): TermRow[];
  postings(termId: number, kind: EntityKind, limit: number): PostingRow[];
  entityCount(kind: EntityKind): number;
}

export interface SearchHit {
  entityId: number;
  score: number;
}

/** Words that describe the question rather than the incident ("hack", "by"); ignored unless nothing else is left. */
const stopWords = new Set(
  'a an and the of on in at to for by from with was were is are has have had hack hacks hacked hacking hacker hackers attacker attackers attack attacks attacked cyber cyberattack cyberattacks breach breached incident intrusion intrusions group actor who what did state sponsored'.split(
    ' ',
  ),
);

const limits = { words: 12, termsPerWord: 24, postingsPerTerm: 500, prefixTerms: 20 } as const;

/** How well a query word matched one index term. */
interface TermMatch {
  term: TermRow;
  quality: number;
}

function qualityOfPrefix(word: string, term: string): number {
  return 0.7 + 0.25 * ([...word].length / [...term].length);
}

/** Index terms that one query word may mean, best first. */
function matchWord(reader: SearchIndexReader, word: string): TermMatch[] {
  const found = new Map<number, TermMatch>();
  const keep = (term: TermRow, quality: number) => {
    const seen = found.get(term.id);
    if (!seen || seen.quality < quality) found.set(term.id, { term, quality });
  };
  const length = [...word].length;
  const exact = reader.term(word);
  if (exact) keep(exact, 1);
  if (length >= 2) {
    for (const term of reader.termsStartingWith(word, limits.prefixTerms)) keep(term, qualityOfPrefix(word, term.term));
  }
  const edits = allowedEdits(length);
  if (edits > 0) {
    const grams = trigramsOf(word);
    // Each edit destroys at most three trigrams; fewer shared than that cannot be within `edits` edits.
    const minShared = Math.max(1, grams.length - 3 * edits);
    for (const term of reader.termsSharingTrigrams(grams, minShared, 40)) {
      if (found.has(term.id)) continue;
      // A short word with a different first letter is another word ("near" is not a typo of "bear").
      if (length < 6 && term.term[0] !== word[0]) continue;
      const distance = editDistance(word, term.term, edits);
      if (distance <= edits) keep(term, distance === 1 ? 0.85 : 0.7);
    }
    // The query word may run on past a known word ("japanese" for "japan", "solarwindss").
    for (let cut = length - 1; cut >= Math.max(4, Math.ceil(length * 0.6)); cut--) {
      const stem = reader.term([...word].slice(0, cut).join(''));
      if (stem) {
        keep(stem, 0.55 + 0.25 * (cut / length));
        break;
      }
    }
  }
  return [...found.values()].sort((a, b) => b.quality - a.quality).slice(0, limits.termsPerWord);
}

/** Weight of a query word: rare words decide more than common ones; unknown words count a little. */
function weightOf(matches: TermMatch[], total: number): number {
  const best = matches[0];
  if (!best) return 0.3;
  return 1 + Math.log(1 + total / (1 + best.term.entityCount));
}

/** Ranks entities of one kind for a query; highest score first. Scores are comparable within one query only. */
export function searchEntities(reader: SearchIndexReader, kind: EntityKind, query: string): SearchHit[] {
  const normalized = normalizeText(query);
  const allWords = [...new Set(wordsOf(normalized))].slice(0, limits.words);
  if (allWords.length === 0) return [];
  const contentWords = allWords.filter((w) => !stopWords.has(w));
  const words = contentWords.length > 0 ? contentWords : allWords;
  const total = reader.entityCount(kind);

  const matches = words.map((word) => matchWord(reader, word));
  // Two words typed apart may be one name run together ("dark side" → "darkside").
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (next === undefined) return;
    const joined = reader.term(word + next);
    if (joined) {
      matches[i]?.push({ term: joined, quality: 1 });
      matches[i + 1]?.push({ term: joined, quality: 1 });
    }
  });
  if (matches.every((m) => m.length === 0)) return [];

  const weights = matches.map((m) => weightOf(m, total));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  // best[entity][word]: best quality × name weight; perName[name][word]: best quality within one name.
  const best = new Map<number, number[]>();
  const perName = new Map<number, { entityId: number; weight: number; words: number[] }>();
  matches.forEach((wordMatches, i) => {
    for (const { term, quality } of wordMatches) {
      for (const posting of reader.postings(term.id, kind, limits.postingsPerTerm)) {
        const row = best.get(posting.entityId) ?? new Array<number>(words.length).fill(0);
        row[i] = Math.max(row[i] ?? 0, quality * posting.weight);
        best.set(posting.entityId, row);
        const name = perName.get(posting.nameId) ?? {
          entityId: posting.entityId,
          weight: posting.weight,
          words: new Array<number>(words.length).fill(0),
        };
        name.words[i] = Math.max(name.words[i] ?? 0, quality);
        perName.set(posting.nameId, name);
      }
    }
  });

  // Cohesion: all words found within one name ("bronze butler") beats words scattered over several names.
  const cohesion = new Map<number, number>();
  for (const name of perName.values()) {
    const covered = name.words.reduce((sum, q, i) => sum + q * (weights[i] ?? 0), 0) / weightSum;
    cohesion.set(name.entityId, Math.max(cohesion.get(name.entityId) ?? 0, covered * name.weight));
  }
  // The whole query is a name, or the start of one.
  const phrase = new Map<number, number>();
  for (const row of reader.namesExactly(kind, normalized)) {
    phrase.set(row.entityId, Math.max(phrase.get(row.entityId) ?? 0, 0.3 * row.weight));
  }
  if ([...normalized].length >= 3) {
    for (const row of reader.namesStartingWith(kind, normalized, 50)) {
      phrase.set(row.entityId, Math.max(phrase.get(row.entityId) ?? 0, 0.15 * row.weight));
    }
  }

  const hits: SearchHit[] = [];
  for (const [entityId, row] of best) {
    const coverage = row.reduce((sum, q, i) => sum + q * (weights[i] ?? 0), 0) / weightSum;
    const score = coverage + 0.1 * (cohesion.get(entityId) ?? 0) + (phrase.get(entityId) ?? 0);
    hits.push({ entityId, score: Math.round(score * 1000) / 1000 });
  }
  return hits.sort((a, b) => b.score - a.score || a.entityId - b.entityId);
}

export type Resolution =
  | { kind: 'match'; hit: SearchHit }
  | { kind: 'choices'; hits: SearchHit[] }
  | { kind: 'none'; suggestions: SearchHit[] };

export const resolutionThresholds = {
  /** Below this, a hit is only a suggestion. */
  minScore: 0.5,
  /** Hits this close to the best one are offered as choices. */
  tieMargin: 0.12,
  maxChoices: 5,
} as const;

/** One clear best match, a short list of close ones, or nothing with the nearest suggestions. */
export function resolveHits(hits: SearchHit[], thresholds = resolutionThresholds): Resolution {
  const [first] = hits;
  if (!first || first.score < thresholds.minScore) {
    return { kind: 'none', suggestions: hits.slice(0, 3) };
  }
  const close = hits.filter((h) => h.score >= first.score - thresholds.tieMargin).slice(0, thresholds.maxChoices);
  return close.length > 1 ? { kind: 'choices', hits: close } : { kind: 'match', hit: first };
}
