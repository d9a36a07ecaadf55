import { describe, expect, test } from 'vitest';
import { htmlToText, readableText, stripMarkup } from '../../src/ingest/readable-text.ts';
import { fixture } from './helpers/server.ts';

describe('readableText', () => {
  const page = readableText(fixture('quartz-heron.html', 'http://127.0.0.1'));

  test('GIVEN an article page THEN its paragraphs come back as blank-line-separated plain text', () => {
    const paragraphs = page.text.split('\n\n');
    expect(paragraphs.length).toBeGreaterThanOrEqual(3);
    expect(paragraphs.some((p) => p.startsWith('The Freedonia Network Defence Agency said on Tuesday'))).toBe(true);
    expect(page.text).toContain('are likely the work of operators');
    // Source line breaks inside a paragraph are just spaces.
    expect(page.text).not.toMatch(/[^\n]\n[^\n]/);
  });

  test('GIVEN scripts, styles, hidden elements and markup THEN none of it is in the text', () => {
    expect(page.text).not.toMatch(/SCRIPT-IN-HEAD|SCRIPT-IN-BODY|document\.write|secret-style|HIDDEN-TEXT/);
    expect(page.text).not.toMatch(/<[a-z/!]/i);
  });

  test('GIVEN a page title and a canonical link THEN both are reported as written', () => {
    expect(page.title).toContain('Quartz Heron');
    expect(page.canonicalHref).toBe('/articles/quartz-heron');
  });

  test('GIVEN a page Readability finds no article in THEN its visible text is used instead', () => {
    const bare = readableText(
      '<html><body><div>Short note.<script>x()</script></div><span>Second</span></body></html>',
    );
    expect(bare.text).toContain('Short note.');
    expect(bare.text).not.toContain('x()');
  });

  test('GIVEN a page nested thousands of levels deep THEN its text is read without overflowing the stack', () => {
    const deep = `<html><body>${'<div>'.repeat(20_000)}deep words${'</div>'.repeat(20_000)}</body></html>`;
    expect(readableText(deep).text).toBe('deep words');
  });
});

describe('htmlToText and stripMarkup', () => {
  test('GIVEN a fragment with lists, breaks and table cells THEN blocks and cells are kept apart', () => {
    const text = htmlToText(
      '<p>One<br>Two</p><ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>',
    );
    expect(text).toBe('One\nTwo\n\na\n\nb\n\nx y');
  });

  test('GIVEN a title with markup THEN only its text stays; a plain title with a "<" is left alone', () => {
    expect(stripMarkup('Advisory: <b>Quartz</b> <script>alert(1)</script>Heron')).toBe('Advisory: Quartz Heron');
    expect(stripMarkup('Risk < 5 percent')).toBe('Risk < 5 percent');
  });
});
