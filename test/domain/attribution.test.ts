import { describe, expect, test } from 'vitest';
import { attributionStateOf, blamedNames, disputes, sponsorsAgree } from '../../src/domain/attribution.ts';
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

describe('disputes', () => {
  const fbi = claimRecord({ id: 'fbi', subject: { actor: 'darkside' } });
  test('GIVEN a state denying involvement after a criminal group was blamed THEN it does not dispute that claim', () => {
    const kremlin = claimRecord({ id: 'kremlin', stance: 'denies', subject: { state: 'RU' }, respondsTo: 'fbi' });
    expect(disputes(kremlin, fbi)).toBe(false);
    expect(attributionStateOf([fbi, kremlin])).toBe('attributed');
  });

  test('GIVEN the accused state denying a claim that names it THEN it disputes the claim', () => {
    const blameState = claimRecord({ id: 'gov', subject: { actor: 'x', sponsor: { name: 'GRU', state: 'RU' } } });
    const denial = claimRecord({ id: 'mfa', stance: 'denies', subject: { state: 'RU' }, respondsTo: 'gov' });
    expect(disputes(denial, blameState)).toBe(true);
  });

  test('GIVEN a challenge to the evidence or a counter-accusation THEN it disputes whatever it answers', () => {
    const challenge = claimRecord({
      id: 'c',
      stance: 'evidence-challenge',
      subject: { state: 'US' },
      respondsTo: 'fbi',
    });
    const counter = claimRecord({ id: 'k', stance: 'counter-accusation', subject: { state: 'US' }, respondsTo: 'fbi' });
    expect([disputes(challenge, fbi), disputes(counter, fbi)]).toEqual([true, true]);
  });
});
