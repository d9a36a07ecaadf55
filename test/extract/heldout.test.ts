/**
 * The held-out sets (test/extract/heldout*): invented articles labelled after the rules were written. Their figures
 * go in the README as measured; this test keeps the sets well-formed and the evaluation script able to read them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { goldLabelsSchema } from '../../src/extract/evaluate.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sets = readdirSync(join(root, 'test/extract')).filter(
  (name) => name.startsWith('heldout') && !name.includes('.'),
);

describe('held-out evaluation sets', () => {
  test.each(sets)('GIVEN %s THEN every label parses and every quote is verbatim in its article', (set) => {
    const labels = goldLabelsSchema.parse(
      JSON.parse(readFileSync(join(root, 'test/extract', set, 'labels.json'), 'utf8')),
    );
    expect(labels.length).toBeGreaterThan(0);
    for (const article of labels) {
      const text = readFileSync(join(root, 'test/extract', set, article.file), 'utf8');
      for (const item of [...article.claims, ...article.distractors]) expect(text).toContain(item.quote);
    }
  });

  test('GIVEN a held-out folder THEN npm run extract:eval scores it and prints the overall line', () => {
    const output = execFileSync(
      join(root, 'node_modules/.bin/tsx'),
      ['src/cli/evaluate-extraction.ts', 'test/extract/heldout3'],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'cyberbrief-heldout-')), 'store.sqlite'),
        },
        encoding: 'utf8',
      },
    );
    expect(output).toMatch(/^overall\s+P\s+\d+\.\d%\s+R\s+\d+\.\d%/m);
    expect(output).toContain('03-grid-probe.txt');
  });
});
