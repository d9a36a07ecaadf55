import { describe, expect, test } from 'vitest';
import { cleanTitle, contentHash, normalizeText, titleFromText } from '../../src/ingest/plain-text.ts';

describe('normalizeText', () => {
  test('GIVEN ragged whitespace, CRLF and control characters THEN paragraphs are separated by exactly one blank line', () => {
    const ragged = '  First\tline   here \r\nsecond\u0007 line\r\n\r\n\r\n\r\n  Next\u00A0paragraph \u200B\n\n\n';
    expect(normalizeText(ragged)).toBe('First line here\nsecond line\n\nNext paragraph');
  });

  test('GIVEN the same text spaced differently THEN the content hash is the same; different text hashes differently', () => {
    expect(contentHash('A  story.\n\n\nMore.')).toBe(contentHash('A story.\r\n\r\nMore.  '));
    expect(contentHash('A story.')).not.toBe(contentHash('Another story.'));
    expect(contentHash('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('cleanTitle', () => {
  test('GIVEN control characters, line breaks and direction overrides THEN one clean line', () => {
    expect(cleanTitle('Breaking:\n\u202Eevil\u202C\u0000 news\t here')).toBe('Breaking: evil news here');
  });

  test('GIVEN a very long title THEN it is cut at a word and ends with an ellipsis', () => {
    const long = 'word '.repeat(100);
    const title = cleanTitle(long, 50);
    expect(title.length).toBeLessThanOrEqual(50);
    expect(title.endsWith('word…')).toBe(true);
  });

  test('GIVEN text without a title THEN its first line stands in', () => {
    expect(titleFromText('\n\n  The minister spoke.  \nMore text')).toBe('The minister spoke.');
  });
});
