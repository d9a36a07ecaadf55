/**
 * `npm run extract` as a child process, against a temporary store built by openStore from the curated data.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { openStore } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let databasePath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cyberbrief-extract-'));
  databasePath = join(dir, 'store.sqlite');
  openStore({
    path: databasePath,
    dataDir: repositoryDataDir,
    migrationsDir,
    clock: fixedClock('2026-01-01T00:00:00Z'),
  }).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  // The same as `npx tsx`, without npx's start-up.
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/extract.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: databasePath, DATA_DIR: repositoryDataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function article(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const requiredKeys = ['claimant', 'claimant_state', 'actor', 'sponsor_state', 'stance', 'confidence_wording', 'quote'];

describe('npm run extract', { timeout: 60_000 }, () => {
  test('GIVEN an article and --json THEN a JSON array whose items start with the seven required keys', () => {
    const file = article(
      'article.txt',
      [
        'URL: https://example.org/news/1',
        'DATE: 2031-05-02',
        '',
        'Estonia blames Turla for foreign ministry breach',
        '',
        'Estonia’s foreign intelligence service said on Friday that Turla was very likely behind the breach of the foreign ministry.',
        '',
        'The Russian embassy in Tallinn rejected the accusations as groundless.',
      ].join('\n'),
    );
    const result = run([file, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const items = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) expect(Object.keys(item).slice(0, 7)).toEqual(requiredKeys);
    expect(items).toContainEqual(
      expect.objectContaining({
        claimant_state: 'EE',
        actor: 'Turla',
        actor_slug: 'turla',
        stance: 'attributes',
        confidence_wording: 'very likely',
        likelihood: 'very-likely',
      }),
    );
    // "rejected the accusations as groundless" attacks the evidence: the corpus labels such answers as rebuttals.
    expect(items).toContainEqual(expect.objectContaining({ claimant_state: 'RU', stance: 'evidence-challenge' }));
  });

  test('GIVEN no --json THEN a readable list', () => {
    const file = article('plain.txt', 'The Dutch government blamed Sandworm for the outage at the port.\n');
    const result = run([file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1\. attributes: The Dutch government \(NL\) → Sandworm/);
  });

  test('GIVEN a missing file THEN one clear line and exit code 1', () => {
    const result = run([join(dir, 'nope.txt'), '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([`Cannot read ${join(dir, 'nope.txt')}: no such file.`]);
  });

  test('GIVEN an empty file (or only a header) THEN one clear line and exit code 1', () => {
    const file = article('empty.txt', 'URL: https://example.org/x\n\n  \n');
    const result = run([file]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([`${file} is empty: no article text to read.`]);
  });
});
