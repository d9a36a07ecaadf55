import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parseCommandText } from '../../src/core/parse-text.ts';

const oneOption = z.object({ query: z.string() });
const twoOptions = z.object({ name: z.string(), kind: z.string().optional() });
const noOptions = z.object({});

describe('parseCommandText', () => {
  test.each([
    { text: 'jaxa', options: oneOption, expected: { query: 'jaxa' } },
    { text: 'jaxa tick', options: oneOption, expected: { query: 'jaxa tick' } },
    { text: '   jaxa \t  tick  ', options: oneOption, expected: { query: 'jaxa tick' } },
    { text: '', options: oneOption, expected: {} },
    { text: '    ', options: oneOption, expected: {} },
    { text: 'query:foo', options: oneOption, expected: { query: 'foo' } },
    { text: 'query:foo bar baz', options: oneOption, expected: { query: 'foo' } },
    { text: 'query:a:b', options: oneOption, expected: { query: 'a:b' } },
    { text: 'other:foo bar', options: oneOption, expected: { query: 'other:foo bar' } },
    { text: 'https://example.com/x', options: oneOption, expected: { query: 'https://example.com/x' } },
    { text: 'lazarus group', options: twoOptions, expected: { name: 'lazarus group' } },
    { text: 'kind:criminal lazarus group', options: twoOptions, expected: { kind: 'criminal', name: 'lazarus group' } },
    { text: 'lazarus kind:criminal group', options: twoOptions, expected: { kind: 'criminal', name: 'lazarus group' } },
    { text: 'name:tick kind:state extra words', options: twoOptions, expected: { name: 'tick', kind: 'state' } },
    { text: 'me please', options: noOptions, expected: {} },
  ])('GIVEN "$text" THEN it parses to $expected', ({ text, options, expected }) => {
    expect(parseCommandText(text, options)).toEqual(expected);
  });
});
