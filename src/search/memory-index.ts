/**
 * The search index held in memory: the vocabulary of name words, trigram → term lists for typo look-ups, a sorted
 * vocabulary for prefix look-ups, and per-kind postings (term → names), all in flat arrays. SQLite keeps the names
 * (`search_names`); this is derived from them at the first query and patched entity by entity when they change, so
 * a look-up never waits on a B-tree and never turns rows into objects.
 */

import { trigramsOf, wordsOf } from './normalize.ts';
import type { EntityKind } from './search.ts';

/** One searchable name of an entity, as stored. */
export interface IndexedName {
  kind: EntityKind;
  entityId: number;
  normalized: string;
  weight: number;
}

/** Kinds as array positions: 0 incidents, 1 actors. */
export type KindCode = 0 | 1;
export const kindCodes: Record<EntityKind, KindCode> = { incident: 0, actor: 1 };

/** The words a name is found by: each word, and all words run together ("dark side" also finds "darkside"). */
export function termsOfName(normalized: string): string[] {
  const words = wordsOf(normalized);
  const joined = words.join('');
  return words.length > 1 && joined.length <= 40 ? [...new Set([...words, joined])] : [...new Set(words)];
}

/**
 * Words run together longer than this are found only when typed exactly: as prefix or typo candidates they would
 * crowd out real words ("operation" starts thousands of run-together titles) and lengthen every trigram list.
 */
const listedJoinedLength = 12;

const surrogates = /[\uD800-\uDFFF]/;

/** `trigramsOf`, without its per-character arrays for the common case (no characters outside the BMP). */
function trigramsOfTerm(term: string): string[] {
  if (surrogates.test(term)) return trigramsOf(term);
  const padded = `  ${term} `;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) {
    const gram = padded.slice(i, i + 3);
    if (!grams.includes(gram)) grams.push(gram);
  }
  return grams;
}

/** Where `value` goes in an ascending list. */
function sortedPosition(list: number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An Int32Array that grows by doubling, for the flat lists built one entry at a time. */
class Int32List {
  items = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = value;
  }
}

class Float64List {
  items = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.items.length) {
      const bigger = new Float64Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = value;
  }
}

/** Dead names above this share of all slots trigger a rebuild of the slots from the live ones. */
const compactAbove = 0.3;

export class SearchIndex {
  // ——— vocabulary ———
  private readonly termIds = new Map<string, number>();
  readonly terms: string[] = [];
  /** Length in UTF-16 code units (a code point outside the BMP counts two), for the typo length filter. */
  readonly termLengths: number[] = [];
  /** Term ids in code-unit order of their text, for prefix ranges; new terms wait in `unsortedTerms`. */
  private sorted: Int32Array = new Int32Array(0);
  private unsortedTerms: number[] = [];
  /** Whether a term is a prefix and typo candidate (in `sorted` and the trigram lists). */
  private readonly listed: boolean[] = [];
  /** Trigram → ids of the listed terms holding it, ascending. */
  private readonly gramTerms = new Map<string, number[]>();
  /** Per kind: term id → name slots holding it. */
  private readonly postingLists: [Array<number[] | undefined>, Array<number[] | undefined>] = [[], []];
  /** Which `countHolders` call last counted a term, so an entity counts once per term. */
  private readonly termStamps: number[] = [];
  private holderStamp = 0;
  /** Per kind: term id → how many live entities hold it (idf). */
  private readonly holders: [number[], number[]] = [[], []];

  // ——— names (slots) ———
  /**
   * Per slot, side by side so that one cache line serves a posting: the entity id (−1 once the name is replaced or
   * removed) and the name's weight.
   */
  private nameInfo = new Float64List();
  private nameCount = 0;
  private nameTermStarts = new Int32List();
  private nameTermCounts = new Int32List();
  private nameTerms = new Int32List();
  private deadNames = 0;
  private deadSinceCompaction = 0;
  /** Per kind: entity id → its live name slots. */
  private readonly entityNames: [Array<number[] | undefined>, Array<number[] | undefined>] = [[], []];
  private readonly entityCounts: [number, number] = [0, 0];
  /** Per kind: the highest entity id ever indexed, to size the ranking's per-entity scratch space. */
  private readonly maxEntityIds: [number, number] = [0, 0];

  /** Builds the index from every stored name; each name is read once, at once (it may be reused by the caller). */
  static build(names: Iterable<IndexedName>): SearchIndex {
    const index = new SearchIndex();
    const byEntity: [Map<number, number[]>, Map<number, number[]>] = [new Map(), new Map()];
    for (const name of names) {
      const slot = index.addName(name);
      const code = kindCodes[name.kind];
      const slots = byEntity[code].get(name.entityId);
      if (slots) slots.push(slot);
      else byEntity[code].set(name.entityId, [slot]);
    }
    for (const code of [0, 1] as const) {
      for (const [entityId, slots] of byEntity[code]) {
        index.entityNames[code][entityId] = slots;
        index.entityCounts[code]++;
        index.countHolders(code, slots, 1);
      }
    }
    index.sortVocabulary();
    return index;
  }

  /**
   * Replaces, for every entity these names belong to, all its names by these (the store rewrites an entity's names
   * as a whole). Entities in `removed` lose all their names.
   */
  replaceEntities(names: IndexedName[], removed: Array<{ kind: EntityKind; entityId: number }> = []): void {
    const grouped = new Map<string, IndexedName[]>();
    for (const name of names) {
      const key = `${name.kind}:${name.entityId}`;
      const list = grouped.get(key);
      if (list) list.push(name);
      else grouped.set(key, [name]);
    }
    for (const { kind, entityId } of removed) this.dropEntity(kindCodes[kind], entityId);
    for (const list of grouped.values()) {
      const [first] = list;
      if (!first) continue;
      const code = kindCodes[first.kind];
      this.dropEntity(code, first.entityId);
      const slots = list.map((name) => this.addName(name));
      this.entityNames[code][first.entityId] = slots;
      this.entityCounts[code]++;
      this.countHolders(code, slots, 1);
    }
    if (this.unsortedTerms.length > 0) this.sortVocabulary();
    if (this.deadSinceCompaction > compactAbove * this.nameCount) this.compact();
  }

  // ——— look-ups for the ranking ———

  termId(word: string): number {
    return this.termIds.get(word) ?? -1;
  }

  /** Live entities of a kind. */
  entityTotal(kind: KindCode): number {
    return this.entityCounts[kind];
  }

  maxEntityId(kind: KindCode): number {
    return this.maxEntityIds[kind];
  }

  holdersOf(kind: KindCode, termId: number): number {
    return this.holders[kind][termId] ?? 0;
  }

  postings(kind: KindCode, termId: number): readonly number[] | undefined {
    return this.postingLists[kind][termId];
  }

  /** Term ids whose text starts with `prefix`, in text order. */
  termsStartingWith(prefix: string): Int32Array {
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.terms[sorted[mid] as number] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < sorted.length && (this.terms[sorted[end] as number] as string).startsWith(prefix)) {
      end++;
      // Past a few hundred, find the end by binary search instead of walking.
      if (end - lo === 256) {
        let a = end;
        let b = sorted.length;
        while (a < b) {
          const mid = (a + b) >> 1;
          if ((this.terms[sorted[mid] as number] as string).startsWith(prefix)) a = mid + 1;
          else b = mid;
        }
        end = a;
        break;
      }
    }
    return sorted.subarray(lo, end);
  }

  /** Terms holding a trigram, ascending; empty when none does. */
  termsWithTrigram(gram: string): readonly number[] {
    return this.gramTerms.get(gram) ?? [];
  }

  /** The name slots' columns, for the ranking's inner loops (valid until the next change). */
  get names() {
    return {
      info: this.nameInfo.items,
      termStarts: this.nameTermStarts.items,
      termCounts: this.nameTermCounts.items,
      terms: this.nameTerms.items,
      count: this.nameCount,
    };
  }

  /** The live name slots of one entity. */
  namesOf(kind: KindCode, entityId: number): readonly number[] {
    return this.entityNames[kind][entityId] ?? [];
  }

  // ——— building ———

  private internTerm(term: string, list: boolean): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.termLengths.push(term.length);
      this.listed.push(false);
      // Every per-term array grows with the vocabulary, so none gets holes (V8 would turn a sparse array into a
      // dictionary, and every posting added would pay a hash look-up).
      this.postingLists[0].push(undefined);
      this.postingLists[1].push(undefined);
      this.holders[0].push(0);
      this.holders[1].push(0);
      this.termStamps.push(0);
    }
    if (list && !this.listed[id]) {
      this.listed[id] = true;
      this.unsortedTerms.push(id);
      for (const gram of trigramsOfTerm(term)) {
        const terms = this.gramTerms.get(gram);
        if (!terms) this.gramTerms.set(gram, [id]);
        else if ((terms[terms.length - 1] as number) < id) terms.push(id);
        // A term first seen run together and only now as a word: keep the list ascending.
        else terms.splice(sortedPosition(terms, id), 0, id);
      }
    }
    return id;
  }

  private addName(name: IndexedName): number {
    const slot = this.nameCount++;
    const code = kindCodes[name.kind];
    this.nameInfo.push(name.entityId);
    this.nameInfo.push(name.weight);
    const first = this.nameTerms.length;
    this.nameTermStarts.push(first);
    const lists = this.postingLists[code];
    // The terms of `termsOfName`, without its intermediate arrays: this runs once per stored name.
    const words = name.normalized === '' ? [] : name.normalized.split(' ');
    const joined = words.length > 1 ? words.join('') : '';
    const count = words.length + (joined.length > 0 && joined.length <= 40 ? 1 : 0);
    for (let w = 0; w < count; w++) {
      const term = w < words.length ? (words[w] as string) : joined;
      const id = this.internTerm(term, w < words.length || term.length <= listedJoinedLength);
      const terms = this.nameTerms.items;
      let seen = false;
      for (let i = first; i < this.nameTerms.length && !seen; i++) seen = terms[i] === id;
      if (seen) continue;
      this.nameTerms.push(id);
      const postings = lists[id];
      if (postings) postings.push(slot);
      else lists[id] = [slot];
    }
    this.nameTermCounts.push(this.nameTerms.length - first);
    if (name.entityId > this.maxEntityIds[code]) this.maxEntityIds[code] = name.entityId;
    return slot;
  }

  /** Adds `delta` to the holder count of every distinct term of these name slots (one entity). */
  private countHolders(code: 0 | 1, slots: number[], delta: number): void {
    const stamp = ++this.holderStamp;
    const starts = this.nameTermStarts.items;
    const counts = this.nameTermCounts.items;
    const terms = this.nameTerms.items;
    const holders = this.holders[code];
    const stamps = this.termStamps;
    for (const slot of slots) {
      const start = starts[slot] as number;
      const end = start + (counts[slot] as number);
      for (let i = start; i < end; i++) {
        const term = terms[i] as number;
        if (stamps[term] === stamp) continue;
        stamps[term] = stamp;
        holders[term] = (holders[term] ?? 0) + delta;
      }
    }
  }

  private dropEntity(code: 0 | 1, entityId: number): void {
    const slots = this.entityNames[code][entityId];
    if (!slots) return;
    this.countHolders(code, slots, -1);
    for (const slot of slots) this.nameInfo.items[2 * slot] = -1;
    this.deadNames += slots.length;
    this.deadSinceCompaction += slots.length;
    this.entityNames[code][entityId] = undefined;
    this.entityCounts[code]--;
  }

  private sortVocabulary(): void {
    const fresh = this.unsortedTerms.sort((a, b) => {
      const x = this.terms[a] as string;
      const y = this.terms[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    this.unsortedTerms = [];
    const old = this.sorted;
    const merged = new Int32Array(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length) {
      const a = old[i] as number;
      const b = fresh[j] as number;
      if ((this.terms[a] as string) <= (this.terms[b] as string)) {
        merged[k++] = a;
        i++;
      } else {
        merged[k++] = b;
        j++;
      }
    }
    while (i < old.length) merged[k++] = old[i++] as number;
    while (j < fresh.length) merged[k++] = fresh[j++] as number;
    this.sorted = merged;
  }

  /** Drops dead slots from the postings (the vocabulary is kept: an unused term simply finds nothing). */
  private compact(): void {
    const info = this.nameInfo.items;
    for (const lists of this.postingLists) {
      for (let term = 0; term < lists.length; term++) {
        const list = lists[term];
        if (list) lists[term] = list.filter((slot) => (info[2 * slot] as number) >= 0);
      }
    }
    // Slots keep their numbers (the postings point at them); only the postings shrink. The store reloads the whole
    // index when dead slots outweigh live ones (`deadShare`).
    this.deadSinceCompaction = 0;
  }

  /** Share of name slots that belong to replaced or removed names. */
  get deadShare(): number {
    return this.nameCount === 0 ? 0 : this.deadNames / this.nameCount;
  }
}
