import { describe, expect, test } from 'vitest';
import { firstPrivateAddress, isPrivateAddress } from '../../src/ingest/private-address.ts';

describe('isPrivateAddress', () => {
  test.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    'not-an-ip',
  ])('GIVEN %s THEN it is refused', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  test.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'GIVEN public %s THEN it is allowed',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('firstPrivateAddress', () => {
  test('GIVEN a name resolving to one public and one private address THEN the private one is reported', async () => {
    const resolve = async () => ['93.184.216.34', '10.0.0.7'];
    expect(await firstPrivateAddress('mixed.example', resolve)).toBe('10.0.0.7');
  });

  test('GIVEN a bracketed IPv6 literal THEN it is judged without DNS', async () => {
    const resolve = async (): Promise<string[]> => {
      throw new Error('no DNS expected');
    };
    expect(await firstPrivateAddress('[::1]', resolve)).toBe('::1');
    expect(await firstPrivateAddress('[2606:4700:4700::1111]', resolve)).toBeNull();
  });
});
