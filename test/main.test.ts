import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const spawnTimeout = 30_000;

const titleOf = (slug: string): string =>
  (JSON.parse(readFileSync(join(root, 'data', 'incidents', `${slug}.json`), 'utf8')) as { title: string }).title;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real entry point with piped standard input and collects what it prints. */
function runMain(input: string, env: Record<string, string>, args: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: '', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const tempPath = (name: string) => join(mkdtempSync(join(tmpdir(), 'cyberbrief-')), name);
const script = '/incident jaxa\n/incident jaxa tick\n/actor bronze butler\n/nonsense\n';

describe.concurrent('main (console entry point)', () => {
  test(
    'GIVEN piped commands THEN it answers each, exits 0 at end of input, and prints the JAXA cards',
    async () => {
      const result = await runMain(script, { DATABASE_PATH: tempPath('store.sqlite') });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      for (const slug of ['jaxa-2016-tick', 'jaxa-2023-ad-server', 'jaxa-2023-2024-breaches']) {
        expect(result.stdout).toContain(titleOf(slug));
      }
      expect(result.stdout).toContain('highly likely');
      expect(result.stdout).toContain('Tick');
      const unknown = result.stdout.split('\n').filter((line) => line.includes('/nonsense'));
      expect(unknown).toHaveLength(1);
      expect(unknown[0]).toMatch(/^Unknown command \/nonsense\b/);
    },
    spawnTimeout,
  );

  test(
    'GIVEN --json THEN every line of standard output is a JSON reply',
    async () => {
      const result = await runMain(script, { DATABASE_PATH: tempPath('store.sqlite') }, ['--json']);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(4);
      const replies = lines.map((line) => JSON.parse(line) as { kind: string; title: string });
      expect(replies.map((r) => r.kind)).toEqual(['choices', 'card', 'card', 'error']);
      expect(replies[1]?.title).toBe(titleOf('jaxa-2016-tick'));
      expect(replies[2]?.title).toBe('Tick');
    },
    spawnTimeout,
  );

  test(
    'GIVEN a second run on the same database THEN it answers the same from the existing store',
    async () => {
      const env = { DATABASE_PATH: tempPath('store.sqlite') };
      const first = await runMain(script, env, ['--json']);
      const second = await runMain(script, env, ['--json']);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(first.stdout);
    },
    spawnTimeout,
  );

  test(
    'GIVEN DATABASE_PATH pointing at a garbage file THEN it exits 1 with one line on stderr naming the path and leaves the file unchanged',
    async () => {
      const path = tempPath('garbage.sqlite');
      writeFileSync(path, 'this is not a database\n'.repeat(500));
      const hash = () => createHash('sha256').update(readFileSync(path)).digest('hex');
      const before = hash();
      const result = await runMain(script, { DATABASE_PATH: path });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(path);
      expect(hash()).toBe(before);
    },
    spawnTimeout,
  );

  test(
    'GIVEN LOG_LEVEL=loud THEN it exits 1 with one line naming LOG_LEVEL',
    async () => {
      const result = await runMain(script, { DATABASE_PATH: tempPath('store.sqlite'), LOG_LEVEL: 'loud' });
      expect(result.code).toBe(1);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('LOG_LEVEL');
    },
    spawnTimeout,
  );

  test(
    'GIVEN a FEEDS_FILE with a bad URL THEN it exits 1 with one line naming the feed',
    async () => {
      const feeds = tempPath('feeds.json');
      writeFileSync(feeds, JSON.stringify({ feeds: [{ url: 'ftp://example.org/feed', name: 'x' }] }));
      const result = await runMain(script, { DATABASE_PATH: tempPath('store.sqlite'), FEEDS_FILE: feeds });
      expect(result.code).toBe(1);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/FEEDS_FILE feeds\[0\]\.url/);
    },
    spawnTimeout,
  );

  test(
    'GIVEN a sentence pasted with /ingest THEN the console, its operator a reviewer, sees it waiting in /review',
    async () => {
      // An invented sentence in the usual wording of wire copy.
      const input =
        '/ingest The National Police Agency of Japan said the group Tick was behind the intrusions at JAXA.\n/review\n';
      const result = await runMain(input, { DATABASE_PATH: tempPath('store.sqlite') });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('1 claim(s) proposed for review');
      expect(result.stdout).toContain('Review queue: 1 pending');
      expect(result.stdout).toContain('“The National Police Agency of Japan said the group Tick was behind');
    },
    spawnTimeout,
  );
});
