import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { CommandContext, Logger, Reply } from '../../src/core/command.ts';
import { runCommandLine, splitCommandLine } from '../../src/core/run-text.ts';
import { openStore, type Store } from '../../src/store/store.ts';

const dataDir = fileURLToPath(new URL('../../data', import.meta.url));
const migrationsDir = fileURLToPath(new URL('../../data/migrations', import.meta.url));
const clock = fixedClock('2026-01-02T03:04:05.000Z');

let store: Store;
let context: CommandContext;
const logged: Array<{ details: Record<string, unknown>; message: string }> = [];
const logger: Logger = { error: (details, message) => logged.push({ details, message }) };

beforeAll(() => {
  const path = join(mkdtempSync(join(tmpdir(), 'cyberbrief-')), 'store.sqlite');
  store = openStore({ path, dataDir, migrationsDir, clock });
  context = { catalog: store, clock, commands };
});

afterAll(() => store?.close());

const run = (line: string): Reply => runCommandLine(line, commands, context, logger);

/** A title a person can read: one line, no control characters, nothing from a stack trace. */
function expectCleanTitle(reply: Reply): void {
  const { title } = reply.card;
  expect(title.length).toBeGreaterThan(0);
  expect(title.length).toBeLessThanOrEqual(150);
  expect(title).not.toContain('\n');
  expect(title).not.toMatch(/\p{Cc}/u);
  expect(title).not.toMatch(/\bError:/);
  expect(title).not.toMatch(/\bat \S+.*:\d+:\d+/);
}

describe('splitCommandLine', () => {
  test.each([
    { line: '/incident jaxa tick', expected: { name: 'incident', text: 'jaxa tick' } },
    { line: '  /INCIDENT   jaxa  ', expected: { name: 'incident', text: 'jaxa' } },
    { line: '/help', expected: { name: 'help', text: '' } },
    { line: '/', expected: { name: '', text: '' } },
    { line: 'incident jaxa', expected: undefined },
    { line: '', expected: undefined },
  ])('GIVEN "$line" THEN it splits to $expected', ({ line, expected }) => {
    expect(splitCommandLine(line)).toEqual(expected);
  });
});

describe('runCommandLine on the real data', () => {
  test('GIVEN an unknown command THEN an error reply names it and lists the known commands', () => {
    const reply = run('/nonsense jaxa');
    expect(reply.kind).toBe('error');
    expect(reply.card.title).toContain('/nonsense');
    expect(reply.card.title).toContain('/incident');
    expectCleanTitle(reply);
  });

  test('GIVEN a very long unknown command name THEN the title stays short', () => {
    const reply = run(`/${'x'.repeat(5000)}`);
    expect(reply.kind).toBe('error');
    expectCleanTitle(reply);
  });

  test('GIVEN a line with no slash THEN an error reply says commands start with a slash', () => {
    const reply = run('incident jaxa');
    expect(reply.kind).toBe('error');
    expect(reply.card.title).toMatch(/start with a slash/);
    expectCleanTitle(reply);
  });

  test.each(['/incident', '/incident    ', '/actor', '/incident \u0007\u0007'])(
    'GIVEN an empty query (%j) THEN an error reply names the query option',
    (line) => {
      const reply = run(line);
      expect(reply.kind).toBe('error');
      expect(reply.card.title).toMatch(/query/);
      expectCleanTitle(reply);
    },
  );

  test('GIVEN a 10,000-character query THEN an error reply names the query option', () => {
    const reply = run(`/incident ${'jaxa '.repeat(2000)}`);
    expect(reply.kind).toBe('error');
    expect(reply.card.title).toMatch(/query/);
    expect(reply.card.title).toMatch(/too long/);
    expectCleanTitle(reply);
  });

  test.each([
    '/incident \u0007\u001b[2J jaxa',
    "/incident ' OR 1=1 --",
    "/actor '; DROP TABLE claims; --",
    '/incident "*:',
    '/incident NEAR(a b)',
    '/incident jaxa*',
    '/incident %_%',
    '/incident 🔥🔥',
    '/actor 🔥🔥',
    '/incident ％ｊａｘａ',
    '/incident ...',
    `/incident ${'a'.repeat(200)}`,
    `/incident ${'ab '.repeat(66)}`,
    '/help me please',
  ])('GIVEN hostile input %j THEN it returns a reply with a clean one-line title and logs nothing', (line) => {
    let reply: Reply | undefined;
    expect(() => {
      reply = run(line);
    }).not.toThrow();
    expect(reply).toBeDefined();
    if (!reply) return;
    expect(['card', 'choices', 'error']).toContain(reply.kind);
    expect(reply.card.title).not.toMatch(/^Sorry/);
    expectCleanTitle(reply);
    expect(logged).toEqual([]);
  });

  test('GIVEN all that hostile input THEN the store is intact and a valid query still works', () => {
    const reply = run('/incident jaxa tick');
    expect(reply.kind).toBe('card');
    expect(reply.card.kind).toBe('incident');
    expect(reply.card.title).toMatch(/JAXA/);
    expect(reply.card.title).toMatch(/Tick/);
    const claims = store.db.prepare('SELECT count(*) FROM claims').pluck().get() as number;
    expect(claims).toBeGreaterThan(0);
  });

  test('GIVEN /incident jaxa THEN it asks which of the three JAXA incidents', () => {
    const reply = run('/incident jaxa');
    expect(reply.kind).toBe('choices');
    const slugs = reply.card.actions.map((a) => a.options.query);
    expect(slugs[0]).toBe('jaxa-2016-tick');
    expect([...slugs].sort()).toEqual(['jaxa-2016-tick', 'jaxa-2023-2024-breaches', 'jaxa-2023-ad-server']);
  });
});
