import { describe, expect, test } from 'vitest';
import { decodeAction, encodeAction, maxEncodedActionLength } from '../../src/core/actions.ts';

describe('encodeAction / decodeAction', () => {
  test('GIVEN a button THEN it round-trips, with the post flag', () => {
    const action = { command: 'incident', options: { query: 'jaxa-2016-tick', view: 'claims' } };
    const encoded = encodeAction(action, true);
    expect(encoded).toBe('incident?query=jaxa-2016-tick&view=claims&post=1');
    expect(decodeAction(encoded ?? '')).toEqual({ ...action, post: true });
  });

  test('GIVEN a value longer than a Discord custom_id allows THEN it is not encoded', () => {
    const long = {
      command: 'incident',
      options: { query: 'x'.repeat(64), view: 'sources', page: '99', extra: 'y'.repeat(30) },
    };
    expect(encodeAction(long)).toBeUndefined();
    expect(encodeAction({ command: 'actor', options: { query: 'tick' } })?.length).toBeLessThanOrEqual(
      maxEncodedActionLength,
    );
  });

  test.each([
    ['nonsense'],
    ['?query=x'],
    ['Incident?query=x'],
    [`incident?query=${'x'.repeat(80)}`],
    ['incident?Query=x'],
  ])('GIVEN a tampered or foreign value %j THEN it is refused', (value) => {
    expect(decodeAction(value)).toBeUndefined();
  });
});
