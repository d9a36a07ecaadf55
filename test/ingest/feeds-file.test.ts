import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FeedsFileError, loadFeedsFile, parseFeedsFile } from '../../src/ingest/feeds-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'cyberbrief-feeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('feeds file', () => {
  test('GIVEN a valid file THEN feeds are read and everyMinutes defaults to 60', () => {
    const path = write(
      'ok.json',
      JSON.stringify({
        feeds: [
          { url: 'https://agency.example/advisories.rss', name: 'Agency advisories', everyMinutes: 30 },
          { url: 'https://ministry.example/feed.atom', name: 'Ministry' },
        ],
      }),
    );
    expect(loadFeedsFile(path)).toEqual([
      { url: 'https://agency.example/advisories.rss', name: 'Agency advisories', everyMinutes: 30 },
      { url: 'https://ministry.example/feed.atom', name: 'Ministry', everyMinutes: 60 },
    ]);
  });

  test.each([
    [
      {
        feeds: [
          { url: 'https://a.example/1', name: 'a' },
          { url: 'https://b.example/2', name: 'b' },
          { url: 'ftp://c.example/', name: 'c' },
        ],
      },
      'FEEDS_FILE feeds[2].url: must be an http(s) URL',
    ],
    [
      { feeds: [{ url: 'https://a.example/1', name: 'a', everyMinutes: 2 }] },
      'FEEDS_FILE feeds[0].everyMinutes: must be at least 5 minutes',
    ],
    [{ feeds: [{ url: 'https://a.example/1', name: '  ' }] }, 'FEEDS_FILE feeds[0].name: must not be empty'],
    [{ feeds: [{ url: 'https://a.example/1' }] }, "FEEDS_FILE feeds[0].name: must be the feed's name"],
    [
      { feeds: [{ url: 'https://a.example/1', name: 'a', extra: 1 }] },
      'FEEDS_FILE feeds[0]: Unrecognized key: "extra"',
    ],
    [
      {
        feeds: [
          { url: 'https://a.example/1', name: 'a' },
          { url: 'https://A.example/1#x', name: 'b' },
        ],
      },
      'FEEDS_FILE feeds[1].url: duplicates feeds[0].url',
    ],
    [{ feeds: 'none' }, 'FEEDS_FILE feeds: must be a list of feeds'],
    [[], 'FEEDS_FILE: must be an object like { "feeds": [ … ] }'],
  ])('GIVEN a bad file THEN one line names the problem (%#)', (json, message) => {
    expect(() => parseFeedsFile(json)).toThrow(new FeedsFileError(message));
  });

  test('GIVEN a file that is missing or not JSON THEN one line says so', () => {
    expect(() => loadFeedsFile(join(dir, 'missing.json'))).toThrow(
      /^FEEDS_FILE: cannot read .*missing\.json \(ENOENT\)$/,
    );
    expect(() => loadFeedsFile(write('bad.json', '{ "feeds": [ '))).toThrow(
      /^FEEDS_FILE: .*bad\.json is not valid JSON/,
    );
  });
});
