/**
 * The rules must generalise, not memorise: no six-word run of any corpus text may appear in the extractor's source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const corpusDir = new URL('../../../shared/corpus/', import.meta.url);
const sourceDir = new URL('../../src/extract/', import.meta.url);

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w !== '');

function windows(text: string, size: number): Set<string> {
  const list = words(text);
  const out = new Set<string>();
  for (let i = 0; i + size <= list.length; i++) out.add(list.slice(i, i + size).join(' '));
  return out;
}

const corpusTexts = [
  ...readdirSync(new URL('dev/', corpusDir))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(new URL(`dev/${f}`, corpusDir), 'utf8')),
  ...readdirSync(corpusDir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(new URL(f, corpusDir), 'utf8')),
];

describe('src/extract holds no corpus text', () => {
  test('GIVEN the seven corpus articles THEN none of their six-word runs occurs in any rule file', () => {
    expect(corpusTexts.length).toBeGreaterThanOrEqual(7);
    const sources = readdirSync(sourceDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ file: f, text: words(readFileSync(new URL(f, sourceDir), 'utf8')).join(' ') }));
    expect(sources.length).toBeGreaterThan(3);
    const copied: string[] = [];
    for (const corpus of corpusTexts) {
      for (const run of windows(corpus, 6)) {
        for (const source of sources) if (source.text.includes(run)) copied.push(`${source.file}: "${run}"`);
      }
    }
    expect(copied).toEqual([]);
  });

  test('GIVEN a planted phrase THEN the check finds it (the test can fail)', () => {
    const [first] = corpusTexts;
    const planted = words(first ?? '')
      .slice(10, 16)
      .join(' ');
    const runs = windows(first ?? '', 6);
    expect(runs.has(planted)).toBe(true);
  });
});
