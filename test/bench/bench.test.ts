/**
 * The benchmark harness itself runs at size S with tiny round counts: every measure is produced and the table prints.
 * Its timings are not checked here; they are benchmarks (`npm run bench`), never unit-test assertions.
 */
import { describe, expect, test } from 'vitest';
import { formatResult, parseArgs, runBench } from '../../src/bench/run.ts';

describe('benchmark harness', () => {
  test('GIVEN --quick --sizes S,L --json out.json THEN the options say so', () => {
    expect(parseArgs(['--quick', '--sizes', 'S,L', '--json', 'out.json'])).toEqual({
      quick: true,
      sizes: ['S', 'L'],
      json: 'out.json',
    });
    expect(parseArgs([]).sizes).toEqual(['S', 'M', 'L']);
  });

  test('GIVEN size S and tiny rounds THEN every measure and every searcher is reported, and one table prints', async () => {
    const result = await runBench({
      sizes: ['S'],
      quick: true,
      rounds: 1,
      requests: 3,
      queriesPerKind: 3,
      briefings: 3,
      skipChildren: true,
      log: () => {},
    });
    const [s] = result.sizes;
    expect(s?.size).toBe('S');
    expect(Object.keys(s?.metrics ?? {})).toEqual([
      '/incident resolve+card+render',
      '/actor resolve+card+render',
      'autocomplete /incident',
      'autocomplete /actor',
      'Slack HTTP /incident (ours)',
      'Slack HTTP bare handler',
      'Discord /incident (ours)',
      'Discord bare handler',
    ]);
    for (const stats of Object.values(s?.metrics ?? {})) expect(stats.n).toBeGreaterThan(0);
    expect(new Set(s?.peers.map((p) => p.searcher))).toEqual(
      new Set(['cyberbrief', 'Fuse.js', 'MiniSearch', 'SQLite LIKE', 'FTS5 trigram']),
    );
    for (const peer of s?.peers ?? []) expect(peer.queries).toBeGreaterThan(0);
    expect(s?.briefings?.composed).toBe(3);
    const printed = formatResult(result);
    expect(printed).toContain('/incident resolve+card+render');
    expect(printed).toMatch(/[✓✗] \/incident p99 ≤ 1 ms/);
  }, 60_000);
});
