import { describe, expect, test } from 'vitest';
import { likelihoodFromHedge, likelihoodRank } from '../../src/domain/likelihood.ts';

describe('likelihoodFromHedge', () => {
  test.each([
    ['highly likely', 'very-likely'],
    ['almost certainly', 'almost-certain'],
    ['likely', 'likely'],
    ['probably', 'likely'],
    ['very unlikely', 'very-unlikely'],
    ['unlikely', 'unlikely'],
    ['roughly even chance', 'roughly-even-chance'],
    ['we assess with high confidence', 'unassessed'],
    ['believed', 'unassessed'],
  ] as const)('GIVEN %j THEN the ICD 203 level is %s', (hedge, level) => {
    expect(likelihoodFromHedge(hedge)).toBe(level);
  });

  test('GIVEN no hedge words THEN unassessed, ranked below every stated level', () => {
    expect(likelihoodFromHedge(undefined)).toBe('unassessed');
    expect(likelihoodRank('unassessed')).toBeLessThan(likelihoodRank('almost-no-chance'));
  });
});

describe('likelihoodFromHedge in other languages', () => {
  test.each([
    ['sannsynlig', 'likely'],
    ['høyst sannsynlig', 'very-likely'],
    ['usannsynlig', 'unlikely'],
    ['mit hoher Wahrscheinlichkeit', 'very-likely'],
    ['wahrscheinlich', 'likely'],
    ['可能性が高い', 'very-likely'],
  ] as const)('GIVEN %j THEN %s', (hedge, level) => {
    expect(likelihoodFromHedge(hedge)).toBe(level);
  });
});
