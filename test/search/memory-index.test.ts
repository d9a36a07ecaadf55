/**
 * The in-memory index patched entity by entity must answer exactly as one built from scratch on the same names, and
 * its prefix and typo look-ups must find what a plain scan of the vocabulary finds.
 */
import { describe, expect, test } from 'vitest';
import { type IndexedName, SearchIndex } from '../../src/search/memory-index.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { type EntityKind, type PhraseLookup, searchEntities } from '../../src/search/search.ts';

const noPhrases: PhraseLookup = { namesExactly: () => [], namesStartingWith: () => [] };

function names(kind: EntityKind, entityId: number, ...list: Array<[string, number]>): IndexedName[] {
  return list.map(([name, weight]) => ({ kind, entityId, normalized: normalizeText(name), weight }));
}

const before = [
  ...names('incident', 1, ['JAXA cyberattacks', 1], ['Japan Aerospace Exploration Agency', 0.9], ['Tick', 0.6]),
  ...names('incident', 2, ['Kaseya VSA ransomware attack', 1], ['REvil', 0.6]),
  ...names('incident', 3, ['Bundestag hack', 1], ['Fancy Bear', 0.6]),
  ...names('actor', 1, ['Tick', 1], ['Bronze Butler', 1], ['REDBALDKNIGHT', 1]),
  ...names('actor', 2, ['APT28', 1], ['Fancy Bear', 1], ['Sofacy', 1]),
];
const changes = [
  ...names('incident', 2, ['Kaseya VSA supply-chain ransomware', 1], ['REvil', 0.6], ['Sodinokibi', 0.6]),
  ...names('actor', 3, ['Sandworm', 1], ['Voodoo Bear', 1]),
];
const after = [...before.filter((n) => !(n.kind === 'incident' && n.entityId === 2)), ...changes].filter(
  (n) => !(n.kind === 'incident' && n.entityId === 3),
);

const queries: Array<[EntityKind, string]> = [
  ['incident', 'jaxa'],
  ['incident', 'kaseya supply chain'],
  ['incident', 'sodinokibi'],
  ['incident', 'bundestag'],
  ['incident', 'fancy bear'],
  ['actor', 'bear'],
  ['actor', 'bronze butlr'],
  ['actor', 'sandwrom'],
  ['actor', 'voodoo'],
  ['actor', 'fancy'],
];

describe('SearchIndex', () => {
  test('GIVEN entities replaced and removed one by one THEN every query ranks as on an index built from scratch', () => {
    const patched = SearchIndex.build(before);
    patched.replaceEntities(changes, [{ kind: 'incident', entityId: 3 }]);
    const fresh = SearchIndex.build(after);
    for (const [kind, query] of queries) {
      expect(searchEntities(patched, noPhrases, kind, query), `${kind} ${query}`).toEqual(
        searchEntities(fresh, noPhrases, kind, query),
      );
    }
    expect(searchEntities(patched, noPhrases, 'incident', 'bundestag')).toEqual([]);
    expect(searchEntities(patched, noPhrases, 'incident', 'sodinokibi')[0]?.entityId).toBe(2);
    expect(patched.entityTotal(0)).toBe(2);
    expect(patched.holdersOf(0, patched.termId('revil'))).toBe(1);
  });

  test('GIVEN a prefix THEN the terms starting with it are the words (and short run-together names) that do', () => {
    const all = [...before, ...changes];
    const index = SearchIndex.build(all);
    const listed = new Set(
      all.flatMap(({ normalized }) => {
        const words = normalized.split(' ');
        const joined = words.join('');
        return words.length > 1 && joined.length <= 12 ? [...words, joined] : words;
      }),
    );
    for (const prefix of ['b', 'br', 'bear', 'sa', 'zz', 'kaseya', 'voodoob']) {
      const found = [...index.termsStartingWith(prefix)].map((id) => index.terms[id]);
      expect(found, prefix).toEqual([...listed].filter((term) => term.startsWith(prefix)).sort());
    }
  });

  test('GIVEN a word one swap or one deletion away from a name THEN that name is found', () => {
    const index = SearchIndex.build([...before, ...changes]);
    for (const [query, expected] of [
      ['sandowrm', 3],
      ['sofcy', 2],
      ['redbaldkngiht', 1],
    ] as const) {
      expect(searchEntities(index, noPhrases, 'actor', query)[0]?.entityId, query).toBe(expected);
    }
  });
});
