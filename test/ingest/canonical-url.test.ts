import { describe, expect, test } from 'vitest';
import { canonicalUrl, pageCanonicalUrl } from '../../src/ingest/canonical-url.ts';

describe('canonicalUrl', () => {
  test('GIVEN mixed-case scheme and host, a default port, a fragment and tracking parameters THEN they are dropped and the query sorted', () => {
    expect(
      canonicalUrl(
        'HTTPS://News.Example.ORG:443/World/Story/?utm_source=x&b=2&fbclid=abc&a=1&gclid=z&UTM_Medium=m#top',
      ),
    ).toBe('https://news.example.org/World/Story?a=1&b=2');
  });

  test('GIVEN two spellings of one page THEN they share one canonical URL', () => {
    expect(canonicalUrl('http://example.org:80/a/')).toBe(canonicalUrl('http://EXAMPLE.org/a#x'));
    expect(canonicalUrl('https://example.org/')).toBe('https://example.org');
  });

  test('GIVEN a non-default port or a path-significant case THEN they are kept', () => {
    expect(canonicalUrl('http://example.org:8080/A')).toBe('http://example.org:8080/A');
  });

  test('GIVEN something that is not an http(s) URL THEN null', () => {
    expect(canonicalUrl('ftp://example.org/file')).toBeNull();
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});

describe('pageCanonicalUrl', () => {
  test('GIVEN a relative rel=canonical on the same site THEN it is preferred', () => {
    expect(pageCanonicalUrl('https://www.example.org/a?utm_source=x', '/articles/a')).toBe(
      'https://www.example.org/articles/a',
    );
    expect(pageCanonicalUrl('https://www.example.org/a', 'https://example.org/b/')).toBe('https://example.org/b');
  });

  test('GIVEN a rel=canonical on another site, or none THEN the page’s own address counts', () => {
    expect(pageCanonicalUrl('https://example.org/a#x', 'https://elsewhere.example/a')).toBe('https://example.org/a');
    expect(pageCanonicalUrl('https://example.org/a/', null)).toBe('https://example.org/a');
    expect(pageCanonicalUrl('https://example.org/a', 'javascript:alert(1)')).toBe('https://example.org/a');
  });
});
