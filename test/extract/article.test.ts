import { describe, expect, test } from 'vitest';
import { parseArticleFile } from '../../src/extract/article.ts';

describe('parseArticleFile', () => {
  test('GIVEN URL and DATE lines THEN they are read and the text starts after them', () => {
    const article = parseArticleFile('URL: https://example.org/a\nDATE: 2031-02-03\n\nFirst line.\nSecond line.');
    expect(article).toEqual({ url: 'https://example.org/a', date: '2031-02-03', text: 'First line.\nSecond line.' });
  });

  test('GIVEN a date that is not YYYY-MM-DD or a URL that is not http(s) THEN they are left out', () => {
    const article = parseArticleFile('URL: ftp://example.org/a\nDATE: unknown (wire copy, 2030)\nBody.');
    expect(article).toEqual({ text: 'Body.' });
  });

  test('GIVEN no header THEN the whole content is the text', () => {
    expect(parseArticleFile('Body only.\r\nSecond.')).toEqual({ text: 'Body only.\nSecond.' });
  });
});
