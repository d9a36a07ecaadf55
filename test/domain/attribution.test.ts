import { describe, expect, test } from 'vitest';
import { attributionStateOf, blamedNames, sponsorsAgree } from '../../src/domain/attribution.ts';
import { claimRecord } from '../helpers/claims.ts';

const blame = claimRecord({ id: 'blame' });

describe('attributionStateOf', () => {
  test.each([
    ['no claims', [], 'unattributed'],
    ['one attribution', [blame], 'attributed'],
    ['a denial answering it', [blame, claimRecord({ id: 'd', stance: 'denies', respondsTo: 'blame' })], 'contested'],
    [
      'only a non-acknowledgement',
      [blame, claimRecord({ id: 'n', stance: 'non-acknowledgement', respondsTo: 'blame' })],
      'attributed',
    ],
    ['a retraction', [blame, claimRecord({ id: 'r', stance: 'retracts', respondsTo: 'blame' })], 'retracted'],
  ] as const)('GIVEN %s THEN the state is %s', (_case, claims, state) => {
    expect(attributionStateOf([...claims])).toBe(state);
  });

  test('GIVEN a state-only attribution THEN the state is what is blamed', () => {
    expect(blamedNames([claimRecord({ id: 's', subject: { state: 'CN' }, subjectActorName: undefined })])).toEqual([
      'China',
    ]);
  });
});

describe('sponsorsAgree', () => {
  test('GIVEN a unit and the body it belongs to THEN they agree', () => {
    expect(sponsorsAgree({ name: 'PLA Unit 61419', partOf: 'PLA', state: 'CN' }, { name: 'PLA', state: 'CN' })).toBe(
      true,
    );
  });

  test('GIVEN two different bodies within the same parent THEN they disagree', () => {
    expect(
      sponsorsAgree(
        { name: 'PLA Unit 61419', partOf: 'PLA', state: 'CN' },
        { name: 'NUDT', partOf: 'PLA', state: 'CN' },
      ),
    ).toBe(false);
  });
});
