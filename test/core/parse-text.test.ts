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

describe('quoted values and pasted text', () => {
  const schema = z.object({ action: z.string().optional(), quote: z.string().optional(), url: z.string().optional() });

  test('GIVEN name:"two words" or name:“two words” THEN the value keeps its spaces', () => {
    expect(parseCommandText('add quote:"They did it, he said." url:https://x.example/a', schema, ['action'])).toEqual({
      action: 'add',
      quote: 'They did it, he said.',
      url: 'https://x.example/a',
    });
    expect(parseCommandText('add quote:“curly quotes”', schema, ['action'])).toEqual({
      action: 'add',
      quote: 'curly quotes',
    });
  });

  test('GIVEN text that is all one free option THEN its line breaks survive', () => {
    const input = z.object({ input: z.string() });
    expect(parseCommandText('  URL: https://x.example/a \nDATE: 2026-01-02\n\nFirst  line.', input)).toEqual({
      input: 'URL: https://x.example/a\nDATE: 2026-01-02\n\nFirst line.',
    });
  });
});
