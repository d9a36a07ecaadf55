import { describe, expect, test } from 'vitest';
import { allowedEdits, editDistance, normalizeText, trigramsOf, wordsOf } from '../../src/search/normalize.ts';

describe('normalizeText', () => {
  test.each([
    ['JAXA', 'jaxa'],
    ['ＪＡＸＡ', 'jaxa'],
    ['Zakharová', 'zakharova'],
    ["People's Liberation Army", 'peoples liberation army'],
    ['TEMP.Tick', 'temp tick'],
    ['  bronze   BUTLER ', 'bronze butler'],
    ['宇宙航空研究開発機構', '宇宙航空研究開発機構'],
    ['라자루스', '라자루스'],
    ['"*: OR 1=1 --', 'or 1 1'],
    ['🔥🔥', ''],
  ])('GIVEN %j THEN it normalizes to %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  test('GIVEN an empty normalized text THEN it has no words', () => {
    expect(wordsOf('')).toEqual([]);
    expect(wordsOf('fancy bear')).toEqual(['fancy', 'bear']);
  });
});

describe('trigramsOf', () => {
  test('GIVEN a word THEN trigrams are padded at both ends', () => {
    expect(trigramsOf('jaxa')).toEqual(['  j', ' ja', 'jax', 'axa', 'xa ']);
  });
});

describe('editDistance', () => {
  test.each([
    ['jaxxa', 'jaxa', 1],
    ['sandwrom', 'sandworm', 1],
    ['lazarous', 'lazarus', 1],
    ['personal', 'personnel', 2],
    ['tick', 'tick', 0],
  ])('GIVEN %s and %s THEN the distance is %i', (a, b, distance) => {
    expect(editDistance(a, b, 2)).toBe(distance);
  });

  test('GIVEN words further apart than the limit THEN it stops at limit + 1', () => {
    expect(editDistance('solarwinds', 'notpetya', 2)).toBe(3);
  });

  test('GIVEN short words THEN no typo is allowed; longer words allow more', () => {
    expect([allowedEdits(3), allowedEdits(5), allowedEdits(9)]).toEqual([0, 1, 2]);
  });
});
