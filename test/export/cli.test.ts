import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runExport } from '../../src/export/run-export.ts';
import type { StixBundle } from '../../src/export/stix.ts';
import { createStixValidator, findStixSchemas } from '../../src/export/validate-stix.ts';
import type { Store } from '../../src/store/store.ts';
import { openCuratedStore } from '../helpers/store.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = () => mkdtempSync(join(tmpdir(), 'cyberbrief-export-'));

let store: Store;
beforeAll(() => {
  store = openCuratedStore();
});
afterAll(() => store.close());

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const code = runExport(args, {
    catalog: store,
    stdout: (text) => out.push(text),
    stderr: (line) => err.push(line),
    writeFile: (path, text) => files.set(path, text),
  });
  return { code, stdout: out.join(''), stderr: err, files };
}

describe('export stix <query>', () => {
  test('GIVEN jaxa-2016-tick THEN the bundle goes to standard output and one line says it validated', () => {
    const result = run(['stix', 'jaxa-2016-tick']);
    expect(result.code).toBe(0);
    const bundle = JSON.parse(result.stdout) as StixBundle;
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.some((o) => o.x_cyberbrief_slug === 'jaxa-2016-tick')).toBe(true);
    expect(result.stderr).toEqual([
      `Exported incident jaxa-2016-tick: ${bundle.objects.length} STIX objects, valid against the STIX 2.1 schemas.`,
    ]);
  });

  test('GIVEN --out THEN the bundle goes to the file and nothing to standard output', () => {
    const result = run(['stix', 'jaxa-2016-tick', '--out', 'jaxa.json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.files.get('jaxa.json') ?? '{}')).toMatchObject({ type: 'bundle' });
  });

  test('GIVEN an actor slug THEN the actor is exported, even where /incident would match the same word', () => {
    expect(run(['stix', 'tick']).stderr[0]).toMatch(/^Exported actor tick: /);
    expect(run(['stix', 'apt29']).stderr[0]).toMatch(/^Exported actor apt29: /);
  });

  test('GIVEN a query that matches nothing THEN one clear line and exit code 1', () => {
    const result = run(['stix', 'zzqx', 'vvwk']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^No incident or actor matches "zzqx vvwk"\./);
  });

  test('GIVEN a query that matches several incidents THEN one line listing them by slug', () => {
    const result = run(['stix', 'jaxa']);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    for (const slug of ['jaxa-2016-tick', 'jaxa-2023-ad-server', 'jaxa-2023-2024-breaches']) {
      expect(result.stderr[0]).toContain(`incident ${slug}`);
    }
  });

  test('GIVEN no schemas folder THEN it still exports and says validation was skipped', () => {
    const result = run(['stix', 'jaxa-2016-tick', '--schemas', join(tempDir(), 'nowhere')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'bundle' });
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toContain('Validation skipped');
  });

  test('GIVEN bad arguments THEN the usage line and exit code 2', () => {
    expect(run([]).code).toBe(2);
    expect(run(['csv', 'jaxa']).stderr[0]).toContain('only "stix"');
    expect(run(['stix', 'jaxa', '--out']).stderr[0]).toContain('--out needs a value');
  });
});

describe('npm run export (the real entry point)', () => {
  test('GIVEN stix jaxa-2016-tick --out FILE THEN it writes a bundle that validates', async () => {
    const dir = tempDir();
    const file = join(dir, 'jaxa.json');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(
        join(root, 'node_modules', '.bin', 'tsx'),
        ['src/cli/export.ts', 'stix', 'jaxa-2016-tick', '--out', file],
        {
          cwd: root,
          env: { ...process.env, DATABASE_PATH: join(dir, 'store.sqlite'), DATA_DIR: '' },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toContain('Exported incident jaxa-2016-tick');
    expect(result.code).toBe(0);
    const schemas = findStixSchemas();
    if (!schemas) throw new Error('STIX 2.1 schemas not found next to the repository');
    expect(createStixValidator(schemas).validate(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
  }, 30_000);
});
