/**
 * Search as people type in a chat box. Candidates come from the in-memory index (exact words, word prefixes, words
 * within one or two typos, found through shared trigrams); only entities holding a matched word are ranked. A query
 * word counts as found by its best match: exact > prefix > one typo > two typos, weighted by how rare the word is
 * (idf) and by how strongly the matched name identifies the entity (its own alias outranks a victim or a related
 * actor). All of it runs on flat arrays with per-query scratch space reused across queries.
 */
import { type KindCode, kindCodes, type SearchIndex } from './memory-index.ts';
import { allowedEdits, editDistance, normalizeText, trigramsOf, wordsOf } from './normalize.ts';

export type EntityKind = 'incident' | 'actor';

export interface NameRow {
  entityId: number;
  weight: number;
}

/** Whole-name look-ups (the query is a name, or the start of one): the store answers them from its name index. */
export interface PhraseLookup {
  namesExactly(kind: EntityKind, normalized: string): NameRow[];
  namesStartingWith(kind: EntityKind, prefix: string, limit: number): NameRow[];
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

export const searchLimits = {
  words: 12,
  termsPerWord: 32,
  /** Prefix terms per word: all of them when there are this few, else the shortest (closest to what was typed). */
  prefixTerms: 48,
  /** Hits returned, best first: more than any caller shows. */
  hits: 50,
} as const;

/** The index terms one query word may mean, with how well each matches (1 = the word itself). */
interface WordMatches {
  terms: number[];
  qualities: number[];
}

function qualityOfPrefix(wordLength: number, termLength: number): number {
  return 0.7 + 0.25 * (wordLength / termLength);
}

// ——— scratch space, reused by every query (search is synchronous) ———

let gramCounts = new Uint8Array(1024);
const countedTerms: number[] = [];

function ensureCounts(size: number): Uint8Array {
  if (gramCounts.length < size) gramCounts = new Uint8Array(Math.max(size, gramCounts.length * 2));
  return gramCounts;
}

const rowA = new Int32Array(72);
const rowB = new Int32Array(72);
const rowC = new Int32Array(72);
const wordCodes = new Int32Array(64);

/** Optimal-string-alignment distance between the prepared word (`wordCodes`, `n` code units) and `term`, capped. */
function boundedDistance(n: number, term: string, limit: number): number {
  const m = term.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  let prevPrev = rowA;
  let prev = rowB;
  let row = rowC;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    row[0] = i;
    let rowMin = i;
    const a = wordCodes[i - 1] as number;
    for (let j = 1; j <= m; j++) {
      const b = term.charCodeAt(j - 1);
      let value = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a === b ? 0 : 1),
      );
      if (i > 1 && j > 1 && a === term.charCodeAt(j - 2) && wordCodes[i - 2] === b) {
        value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      }
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = row;
    row = spare;
  }
  return prev[m] as number;
}

/**
 * Trigram list entries read to find typo candidates, at most: past it (common trigrams in a large vocabulary) the
 * remaining lists only count for candidates already found, so a rare term sharing only common trigrams may be missed.
 */
const seedEntries = 20_000;

/** Lists longer than this many times the candidates are probed by binary search rather than walked. */
const probeRatio = 24;

function contains(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = sorted[mid] as number;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/**
 * Terms within `edits` typos of `word` that entities of this kind hold. A term can be within k edits only if its
 * length is within k and it shares at least (trigrams − 3k − 1) of the word's trigrams (− 1: a swap of adjacent letters
 * breaks four); by pigeonhole it then holds one of the (3k + 2) rarest of them, so only those lists bring candidates
 * and the common ones are probed for them.
 */
function typoTerms(
  index: SearchIndex,
  code: KindCode,
  word: string,
  edits: number,
  keep: (t: number, q: number) => void,
) {
  const grams = trigramsOf(word);
  // One slack trigram: swapping two adjacent letters (one edit here) can break four trigrams, not three.
  const minShared = Math.max(1, grams.length - 3 * edits - 1);
  const lists = grams.map((gram) => index.termsWithTrigram(gram)).sort((a, b) => a.length - b.length);
  const seeding = lists.length - minShared + 1;
  const counts = ensureCounts(index.terms.length);
  const length = word.length;
  const lengths = index.termLengths;
  countedTerms.length = 0;
  let seeded = 0;
  for (let l = 0; l < lists.length; l++) {
    const list = lists[l] as readonly number[];
    if (l < seeding && (l === 0 || seeded + list.length <= seedEntries)) {
      seeded += list.length;
      for (let i = 0; i < list.length; i++) {
        const term = list[i] as number;
        if (counts[term] === 0) {
          if (Math.abs((lengths[term] as number) - length) > edits) continue;
          countedTerms.push(term);
        }
        counts[term] = (counts[term] as number) + 1;
      }
    } else if (list.length > probeRatio * countedTerms.length) {
      for (const term of countedTerms) if (contains(list, term)) counts[term] = (counts[term] as number) + 1;
    } else {
      for (let i = 0; i < list.length; i++) {
        const term = list[i] as number;
        if (counts[term] !== 0) counts[term] = (counts[term] as number) + 1;
      }
    }
  }
  const short = length <= 64;
  if (short) for (let i = 0; i < length; i++) wordCodes[i] = word.charCodeAt(i);
  for (const term of countedTerms) {
    const shared = counts[term] as number;
    counts[term] = 0;
    if (shared < minShared || index.holdersOf(code, term) === 0) continue;
    const text = index.terms[term] as string;
    // A short word with a different first letter is another word ("near" is not a typo of "bear").
    if (length < 6 && text[0] !== word[0]) continue;
    const distance = short ? boundedDistance(length, text, edits) : editDistance(word, text, edits);
    if (distance <= edits) keep(term, distance === 1 ? 0.85 : 0.7);
  }
}

/** Prefix ranges longer than this are only sampled from their start: a short prefix means little on its own. */
const prefixScan = 1024;

/** Prefix terms of `word` held by this kind: all when few, else the shortest (and most held among equals). */
function prefixTerms(index: SearchIndex, code: KindCode, word: string, exact: number): number[] {
  const range = index.termsStartingWith(word);
  const held: number[] = [];
  for (let i = 0; i < range.length && i < prefixScan; i++) {
    const term = range[i] as number;
    if (term !== exact && index.holdersOf(code, term) > 0) held.push(term);
  }
  if (held.length <= searchLimits.prefixTerms) return held;
  const lengths = index.termLengths;
  return held
    .sort(
      (a, b) =>
        (lengths[a] as number) - (lengths[b] as number) || index.holdersOf(code, b) - index.holdersOf(code, a) || a - b,
    )
    .slice(0, searchLimits.prefixTerms);
}

/** Index terms that one query word may mean, best first. */
function matchWord(index: SearchIndex, code: KindCode, word: string): WordMatches {
  const position = new Map<number, number>();
  const terms: number[] = [];
  const qualities: number[] = [];
  const keep = (term: number, quality: number) => {
    const at = position.get(term);
    if (at === undefined) {
      position.set(term, terms.length);
      terms.push(term);
      qualities.push(quality);
    } else if ((qualities[at] as number) < quality) qualities[at] = quality;
  };
  const length = [...word].length;
  const exact = index.termId(word);
  if (exact >= 0) keep(exact, 1);
  if (length >= 2) {
    for (const term of prefixTerms(index, code, word, exact)) {
      keep(term, qualityOfPrefix(word.length, index.termLengths[term] as number));
    }
  }
  const edits = allowedEdits(length);
  // A word held as typed by a good share of the entities is meant as typed; its typo neighbours would only add noise.
  const common = exact >= 0 && index.holdersOf(code, exact) > Math.max(50, index.entityTotal(code) / 100);
  if (edits > 0 && !common) {
    typoTerms(index, code, word, edits, (term, quality) => {
      if (!position.has(term)) keep(term, quality);
    });
    // The query word may run on past a known word ("japanese" for "japan", "solarwindss").
    const chars = [...word];
    for (let cut = length - 1; cut >= Math.max(4, Math.ceil(length * 0.6)); cut--) {
      const stem = index.termId(chars.slice(0, cut).join(''));
      if (stem >= 0) {
        keep(stem, 0.55 + 0.25 * (cut / length));
        break;
      }
    }
  }
  if (terms.length <= searchLimits.termsPerWord) return { terms, qualities };
  const order = terms.map((_, i) => i).sort((a, b) => (qualities[b] as number) - (qualities[a] as number) || a - b);
  const kept = order.slice(0, searchLimits.termsPerWord);
  return { terms: kept.map((i) => terms[i] as number), qualities: kept.map((i) => qualities[i] as number) };
}

/**
 * A word found nowhere, nor within a typo, may be two words run together ("northwindkaromi"): the split whose two
 * halves are both held by this kind, longest first half first.
 */
function splitRunTogether(index: SearchIndex, code: KindCode, word: string): [string, string] | undefined {
  const chars = [...word];
  for (let cut = chars.length - 3; cut >= 3; cut--) {
    const head = index.termId(chars.slice(0, cut).join(''));
    if (head < 0 || index.holdersOf(code, head) === 0) continue;
    const tail = index.termId(chars.slice(cut).join(''));
    if (tail >= 0 && index.holdersOf(code, tail) > 0) return [chars.slice(0, cut).join(''), chars.slice(cut).join('')];
  }
  return undefined;
}

/** Weight of a query word: rare words decide more than common ones; unknown words count a little. */
function weightOf(index: SearchIndex, code: KindCode, matches: WordMatches, total: number): number {
  let best = -1;
  let bestQuality = -1;
  matches.qualities.forEach((quality, i) => {
    if (quality > bestQuality) {
      bestQuality = quality;
      best = matches.terms[i] as number;
    }
  });
  if (best < 0) return 0.3;
  return 1 + Math.log(1 + total / (1 + index.holdersOf(code, best)));
}

/** Scratch arrays that grow to the largest size asked for and are reused by every query. */
class Scratch {
  entityStamps = new Int32Array(0);
  /** Per entity: best quality × name weight of each query word (`maxWords` slots per entity). */
  entityBest = new Float64Array(0);
  termStamps = new Int32Array(0);
  /** Per marked term: first entry in `markWord`/`markQuality`/`markNext` (a term may match several words). */
  termFirstMark = new Int32Array(0);
  markWord: number[] = [];
  markQuality: number[] = [];
  markNext: number[] = [];
  candidates: number[] = [];
  private bounds = new Float64Array(0);
  stamp = 0;

  /** Two numbers per candidate (score bounds), valid until the next query. */
  lows(candidates: number): Float64Array {
    if (this.bounds.length < 2 * candidates)
      this.bounds = new Float64Array(Math.max(2 * candidates, this.bounds.length * 2));
    return this.bounds;
  }

  prepare(entities: number, terms: number): number {
    if (this.entityStamps.length < entities) {
      const size = Math.max(entities, this.entityStamps.length * 2, 1024);
      this.entityStamps = new Int32Array(size);
      this.entityBest = new Float64Array(size * maxWords);
    }
    if (this.termStamps.length < terms) {
      const size = Math.max(terms, this.termStamps.length * 2, 1024);
      this.termStamps = new Int32Array(size);
      this.termFirstMark = new Int32Array(size);
    }
    this.markWord.length = 0;
    this.markQuality.length = 0;
    this.markNext.length = 0;
    this.candidates.length = 0;
    this.stamp = (this.stamp + 1) | 0 || 1;
    return this.stamp;
  }
}

/** Query words at most (after splitting run-together words), the per-entity stride of `entityBest`. */
const maxWords = searchLimits.words * 2;
const scratch = new Scratch();

/** Keeps the `limit` best hits in one pass: highest score first, lower id first among equals. */
function topHits(hits: Iterable<SearchHit>, limit: number): SearchHit[] {
  const best: SearchHit[] = [];
  const ranksAbove = (a: SearchHit, b: SearchHit) =>
    a.score > b.score || (a.score === b.score && a.entityId < b.entityId);
  for (const hit of hits) {
    const last = best[best.length - 1];
    if (best.length === limit && last && !ranksAbove(hit, last)) continue;
    let at = best.length;
    while (at > 0 && ranksAbove(hit, best[at - 1] as SearchHit)) at--;
    best.splice(at, 0, hit);
    if (best.length > limit) best.pop();
  }
  return best;
}

const round = (score: number) => Math.round(score * 1000) / 1000;

/** Postings visited by the cheaper strategy before it walks candidates' names instead. */
const seedPostings = 1500;
/**
 * What scoring one candidate from its names costs, in postings walked: the names' terms are read in sequence, while
 * each posting lands somewhere else in memory.
 */
const candidateCost = 8;

interface Query {
  index: SearchIndex;
  code: KindCode;
  matches: WordMatches[];
  weights: number[];
  weightSum: number;
  phrase: Map<number, number>;
  stamp: number;
}

/**
 * Postings walked per term when all are walked: a term held by more names than this (a common word or a two-letter
 * prefix in a large store) says little, and its first holders stand for the rest.
 */
const postingsPerTermAtMost = 6000;

/** Entities rescored exactly from their names after the posting walk, at most (and at least 4 × the hits asked). */
const rescoredAtLeast = 40;

/**
 * Scores every entity holding any matched term by walking all postings: per word, the best quality × name weight
 * over the entity's names (coverage). Cohesion needs each name's share of the query, which the walk does not keep
 * (it would touch one more scattered array per posting); it adds between 0 and 0.1 × coverage, so the entities that
 * can still reach the top are rescored exactly from their own names, best bound first.
 */
function scoreByPostings(q: Query, limit: number): SearchHit[] {
  const { index, code, matches, weights, weightSum, stamp } = q;
  const info = index.names.info;
  const { entityStamps, entityBest } = scratch;
  const candidates = scratch.candidates;
  const wordCount = matches.length;
  for (let word = 0; word < wordCount; word++) {
    const { terms, qualities } = matches[word] as WordMatches;
    for (let t = 0; t < terms.length; t++) {
      const postings = index.postings(code, terms[t] as number);
      if (!postings) continue;
      const quality = qualities[t] as number;
      // Lists are in slot order, which is about entity order: a cut keeps the lowest ids, which win ties anyway.
      const walked = Math.min(postings.length, postingsPerTermAtMost);
      for (let p = 0; p < walked; p++) {
        const slot = postings[p] as number;
        const entity = info[2 * slot] as number;
        if (entity < 0) continue;
        if (entityStamps[entity] !== stamp) {
          entityStamps[entity] = stamp;
          for (let w = entity * maxWords, end = w + wordCount; w < end; w++) entityBest[w] = 0;
          candidates.push(entity);
        }
        const at = entity * maxWords + word;
        const value = quality * (info[2 * slot + 1] as number);
        if ((entityBest[at] as number) < value) entityBest[at] = value;
      }
    }
  }
  const lows = scratch.lows(candidates.length);
  let kthLow = -1;
  const bestLows: number[] = [];
  for (let c = 0; c < candidates.length; c++) {
    const entity = candidates[c] as number;
    let coverage = 0;
    for (let word = 0; word < wordCount; word++) {
      coverage += (entityBest[entity * maxWords + word] as number) * (weights[word] as number);
    }
    coverage /= weightSum;
    const phrase = q.phrase.get(entity) ?? 0;
    // One word: the best name's share is the coverage itself, so the score is exact.
    const low = wordCount === 1 ? 1.1 * coverage + phrase : coverage + phrase;
    lows[2 * c] = low;
    lows[2 * c + 1] = wordCount === 1 ? low : low + 0.1 * coverage;
    if (low > kthLow || bestLows.length < limit) {
      let at = bestLows.length;
      while (at > 0 && (bestLows[at - 1] as number) < low) at--;
      bestLows.splice(at, 0, low);
      if (bestLows.length > limit) bestLows.pop();
      kthLow = bestLows.length === limit ? (bestLows[limit - 1] as number) : -1;
    }
  }
  const floor = bestLows[bestLows.length - 1] ?? 0;
  const contenders: number[] = [];
  for (let c = 0; c < candidates.length; c++) if ((lows[2 * c + 1] as number) >= floor) contenders.push(c);
  contenders.sort(
    (a, b) =>
      (lows[2 * b + 1] as number) - (lows[2 * a + 1] as number) ||
      (candidates[a] as number) - (candidates[b] as number),
  );
  if (wordCount === 1) {
    return topHits(
      contenders
        .slice(0, limit)
        .map((c) => ({ entityId: candidates[c] as number, score: round(lows[2 * c] as number) })),
      limit,
    );
  }
  const wordBest = new Float64Array(wordCount);
  const nameQuality = new Float64Array(wordCount);
  markTerms(q);
  const exact: SearchHit[] = [];
  // The `limit` best exact scores so far, highest first: a contender whose bound is below the last cannot enter.
  const bestScores: number[] = [];
  const rescoredAtMost = Math.max(rescoredAtLeast, 4 * limit);
  for (const c of contenders) {
    if (exact.length >= rescoredAtMost) break;
    if (bestScores.length >= limit && (lows[2 * c + 1] as number) < (bestScores[limit - 1] as number)) break;
    const entity = candidates[c] as number;
    const score = scoreOfEntity(q, entity, wordBest, nameQuality);
    exact.push({ entityId: entity, score });
    let at = bestScores.length;
    while (at > 0 && (bestScores[at - 1] as number) < score) at--;
    bestScores.splice(at, 0, score);
    if (bestScores.length > limit) bestScores.pop();
  }
  return topHits(exact, limit);
}

/** Marks every matched term with the words it matches and how well, for the walks over entities' own names. */
function markTerms(q: Query): void {
  const { matches, stamp } = q;
  const { termStamps, termFirstMark, markWord, markQuality, markNext } = scratch;
  matches.forEach(({ terms, qualities }, word) => {
    terms.forEach((term, t) => {
      const first = termStamps[term] === stamp ? (termFirstMark[term] as number) : -1;
      termStamps[term] = stamp;
      termFirstMark[term] = markWord.length;
      markWord.push(word);
      markQuality.push(qualities[t] as number);
      markNext.push(first);
    });
  });
}

/** Scores one entity from its own names: the same score as `scoreByPostings` gives it. */
function scoreOfEntity(q: Query, entity: number, wordBest: Float64Array, nameQuality: Float64Array): number {
  const { index, code, weights, weightSum, stamp } = q;
  const { info, termStarts, termCounts, terms } = index.names;
  const { termStamps, termFirstMark, markWord, markQuality, markNext } = scratch;
  const wordCount = weights.length;
  for (let word = 0; word < wordCount; word++) wordBest[word] = 0;
  let cohesion = 0;
  for (const slot of index.namesOf(code, entity)) {
    for (let word = 0; word < wordCount; word++) nameQuality[word] = 0;
    let found = false;
    const start = termStarts[slot] as number;
    const end = start + (termCounts[slot] as number);
    for (let i = start; i < end; i++) {
      const term = terms[i] as number;
      if (termStamps[term] !== stamp) continue;
      for (let mark = termFirstMark[term] as number; mark >= 0; mark = markNext[mark] as number) {
        const word = markWord[mark] as number;
        const quality = markQuality[mark] as number;
        if ((nameQuality[word] as number) < quality) nameQuality[word] = quality;
        found = true;
      }
    }
    if (!found) continue;
    const weight = info[2 * slot + 1] as number;
    let covered = 0;
    for (let word = 0; word < wordCount; word++) {
      const quality = nameQuality[word] as number;
      covered += quality * (weights[word] as number);
      if ((wordBest[word] as number) < quality * weight) wordBest[word] = quality * weight;
    }
    if ((covered / weightSum) * weight > cohesion) cohesion = (covered / weightSum) * weight;
  }
  let coverage = 0;
  for (let word = 0; word < wordCount; word++) coverage += (wordBest[word] as number) * (weights[word] as number);
  return round(coverage / weightSum + 0.1 * cohesion + (q.phrase.get(entity) ?? 0));
}

/**
 * Candidates scored from their names, at most: a query of common words only (where thousands of entities tie) is
 * answered from the holders of its rarest terms.
 */
const candidatesAtMost = 1500;

/**
 * Scores only the entities holding the rarest matched terms (plus whole-name matches), each from its own names, and
 * widens that set term by term, fewest postings first, until no entity outside it could come within the choice
 * margin of the best (MaxScore): an entity holding none of the terms walked can still score at most 1.1 × the
 * weighted best quality of each word's terms not walked yet.
 */
function scoreByCandidates(q: Query, limit: number): SearchHit[] {
  const { index, code, matches, weights, weightSum, stamp } = q;
  const info = index.names.info;
  const { entityStamps } = scratch;
  markTerms(q);
  const wordBest = new Float64Array(weights.length);
  const nameQuality = new Float64Array(weights.length);
  const scored: SearchHit[] = [];
  let best = 0;
  const consider = (entity: number) => {
    if (entityStamps[entity] === stamp || scored.length >= candidatesAtMost) return;
    entityStamps[entity] = stamp;
    const score = scoreOfEntity(q, entity, wordBest, nameQuality);
    if (score > best) best = score;
    scored.push({ entityId: entity, score });
  };
  for (const entity of q.phrase.keys()) consider(entity);
  const units = matches.flatMap(({ terms, qualities }, word) =>
    terms.map((term, t) => ({
      word,
      term,
      quality: qualities[t] as number,
      postings: index.postings(code, term),
      walked: false,
    })),
  );
  // Fewest postings first, and among a word's terms the better matches sooner: they lower the bound the most.
  const cost = (unit: (typeof units)[number]) => (unit.postings?.length ?? 0) / (unit.quality * unit.quality);
  units.sort((a, b) => cost(a) - cost(b));
  const bestLeft = (word: number) => {
    let quality = 0;
    for (const unit of units) if (unit.word === word && !unit.walked && unit.quality > quality) quality = unit.quality;
    return quality;
  };
  const wordLeft = matches.map((_, word) => bestLeft(word));
  let left = wordLeft.reduce((sum, quality, word) => sum + quality * (weights[word] as number), 0);
  for (const unit of units) {
    const postings = unit.postings ?? [];
    for (let p = 0; p < postings.length; p++) {
      const entity = info[2 * (postings[p] as number)] as number;
      if (entity >= 0) consider(entity);
    }
    unit.walked = true;
    if (unit.quality >= (wordLeft[unit.word] as number)) {
      const quality = bestLeft(unit.word);
      left += (quality - (wordLeft[unit.word] as number)) * (weights[unit.word] as number);
      wordLeft[unit.word] = quality;
    }
    if (best - resolutionThresholds.tieMargin >= (1.1 * left) / weightSum || scored.length >= candidatesAtMost) break;
  }
  return topHits(scored, limit);
}

/** Ranks entities of one kind for a query; highest score first. Scores are comparable within one query only. */
export function searchEntities(
  index: SearchIndex,
  phrases: PhraseLookup,
  kind: EntityKind,
  query: string,
  limit: number = searchLimits.hits,
): SearchHit[] {
  const code = kindCodes[kind];
  const normalized = normalizeText(query);
  const allWords = [...new Set(wordsOf(normalized))].slice(0, searchLimits.words);
  if (allWords.length === 0) return [];
  const contentWords = allWords.filter((w) => !stopWords.has(w));
  let words = contentWords.length > 0 ? contentWords : allWords;
  const total = index.entityTotal(code);

  let matches = words.map((word) => matchWord(index, code, word));
  // A word that matched nothing close may be two words run together ("northwindkaromi").
  if (matches.some((m) => !m.qualities.some((q) => q >= 0.85))) {
    const expanded: string[] = [];
    const expandedMatches: WordMatches[] = [];
    words.forEach((word, i) => {
      const own = matches[i] as WordMatches;
      const split = own.qualities.some((q) => q >= 0.85) ? undefined : splitRunTogether(index, code, word);
      if (split) {
        for (const part of split) {
          expanded.push(part);
          expandedMatches.push(matchWord(index, code, part));
        }
      } else {
        expanded.push(word);
        expandedMatches.push(own);
      }
    });
    words = expanded;
    matches = expandedMatches;
  }
  // Two words typed apart may be one name run together ("dark side" → "darkside").
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (next === undefined) return;
    const joined = index.termId(word + next);
    if (joined >= 0) {
      for (const at of [i, i + 1]) {
        matches[at]?.terms.push(joined);
        matches[at]?.qualities.push(1);
      }
    }
  });
  if (matches.every((m) => m.terms.length === 0)) return [];

  const weights = matches.map((m) => weightOf(index, code, m, total));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const stamp = scratch.prepare(index.maxEntityId(code) + 1, index.terms.length);
  // The whole query is a name, or the start of one.
  const phrase = new Map<number, number>();
  for (const row of phrases.namesExactly(kind, normalized)) {
    phrase.set(row.entityId, Math.max(phrase.get(row.entityId) ?? 0, 0.3 * row.weight));
  }
  if ([...normalized].length >= 3) {
    for (const row of phrases.namesStartingWith(kind, normalized, 20)) {
      phrase.set(row.entityId, Math.max(phrase.get(row.entityId) ?? 0, 0.15 * row.weight));
    }
  }
  const q: Query = { index, code, matches, weights, weightSum, phrase, stamp };

  // Walking every posting is exact and cheap while the lists are short; past that, scoring only the holders of the
  // rarest words from their own names reads far less.
  const postingsOf = matches.map(({ terms }) =>
    terms.reduce((sum, t) => sum + (index.postings(code, t)?.length ?? 0), 0),
  );
  const order = words.map((_, i) => i).filter((i) => (postingsOf[i] as number) > 0);
  order.sort((a, b) => (postingsOf[a] as number) - (postingsOf[b] as number));
  const allPostings = postingsOf.reduce((a, b) => a + b, 0);
  const rarest = postingsOf[order[0] ?? 0] ?? 0;
  if (order.length > 1 && allPostings > seedPostings && rarest * candidateCost < allPostings) {
    return scoreByCandidates(q, limit);
  }
  return scoreByPostings(q, limit);
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
