import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { CardForm } from '../../../src/core/card.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import type { Logger } from '../../../src/core/command.ts';
import { runConsoleChat } from '../../../src/platforms/console/console-chat.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { baitValue, formCommands, formContext } from '../form-commands.ts';

const dataDir = fileURLToPath(new URL('../../../data', import.meta.url));
const migrationsDir = fileURLToPath(new URL('../../../data/migrations', import.meta.url));
const clock = fixedClock('2026-01-02T03:04:05.000Z');

const titleOf = (slug: string): string =>
  (JSON.parse(readFileSync(join(dataDir, 'incidents', `${slug}.json`), 'utf8')) as { title: string }).title;
const jaxaSlugs = ['jaxa-2016-tick', 'jaxa-2023-ad-server', 'jaxa-2023-2024-breaches'];

let store: Store;
const logged: string[] = [];
const logger: Logger = { error: (_details, message) => logged.push(message) };

beforeAll(() => {
  const path = join(mkdtempSync(join(tmpdir(), 'cyberbrief-')), 'store.sqlite');
  store = openStore({ path, dataDir, migrationsDir, clock });
});

afterAll(() => store?.close());

/** Feeds the lines to the console, ends the input, and returns everything it wrote. */
async function chat(lines: string[], options: { json?: boolean; interactive?: boolean } = {}): Promise<string> {
  const input = new PassThrough();
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const finished = runConsoleChat({
    input,
    output,
    commands,
    context: { catalog: store, clock, commands },
    logger,
    json: options.json ?? false,
    interactive: options.interactive ?? false,
  });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await finished;
  return text;
}

const choicesFooter = 'Type a number to open one, or use the command shown.';

describe('runConsoleChat', () => {
  test('GIVEN /incident jaxa then 1 THEN the first reply lists the 3 JAXA incidents and the second is the 2016–17 Tick card', async () => {
    const output = await chat(['/incident jaxa', '1']);
    const cut = output.indexOf(choicesFooter);
    expect(cut).toBeGreaterThan(0);
    const first = output.slice(0, cut);
    const second = output.slice(cut + choicesFooter.length).trim();

    expect(first.startsWith('3 incidents match')).toBe(true);
    for (const slug of jaxaSlugs) {
      expect(first).toContain(titleOf(slug));
      expect(first).toContain(`/incident ${slug}`);
    }
    expect(first).toMatch(/^ 1\. .*Tick/m);

    expect(second.split('\n')[0]).toBe(titleOf('jaxa-2016-tick'));
    for (const text of ['highly likely', 'Wang Wenbin', '2021-10-01', '⚠']) expect(second).toContain(text);
    expect(logged).toEqual([]);
  });

  test('GIVEN the JAXA 2016 card and its Export STIX button (5) THEN one line gives the bundle size and the command that writes it; no file is written', async () => {
    const cwd = process.cwd();
    const output = await chat(['/incident jaxa-2016-tick', '5']);
    expect(output).toMatch(/\[5\]\s+Export STIX/);
    expect(output).toContain('STIX 2.1 bundle: JAXA intrusions by Tick (2016–17)');
    const lines = output.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      /^STIX bundle: \d+ bytes \(use npm run export -- stix jaxa-2016-tick --out jaxa-2016-tick\.stix\.json\)$/,
    );
    expect(output).not.toContain('"type": "bundle"');
    expect(process.cwd()).toBe(cwd);
    expect(logged).toEqual([]);
  });

  test('GIVEN /incident jaxa tick THEN the Tick card comes directly', async () => {
    const output = await chat(['/incident jaxa tick']);
    expect(output.split('\n')[0]).toBe(titleOf('jaxa-2016-tick'));
    for (const text of ['highly likely', 'Wang Wenbin', '2021-10-01', '⚠']) expect(output).toContain(text);
    expect(output).not.toContain(choicesFooter);
  });

  test('GIVEN /actor bronze butler THEN the Tick actor card comes back', async () => {
    const output = await chat(['/actor bronze butler']);
    const lines = output.split('\n');
    expect(lines[0]).toBe('Tick');
    expect(output).toContain('BRONZE BUTLER — Secureworks');
    expect(output).toContain(titleOf('jaxa-2016-tick'));
  });

  test('GIVEN JSON mode THEN each reply is one JSON line with kind card|choices|error and a title', async () => {
    const lines = ['/incident jaxa', '2', '/incident jaxa tick', '/actor bronze butler', '/nonsense', 'hello', '/help'];
    const output = await chat(lines, { json: true });
    expect(output.endsWith('\n')).toBe(true);
    const replies = output
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; cardKind: string; title: unknown });
    expect(replies).toHaveLength(lines.length);
    for (const reply of replies) {
      expect(['card', 'choices', 'error']).toContain(reply.kind);
      expect(typeof reply.title).toBe('string');
      expect(String(reply.title).length).toBeGreaterThan(0);
    }
    expect(replies.map((r) => r.kind)).toEqual(['choices', 'card', 'card', 'card', 'error', 'error', 'card']);
    expect(replies.map((r) => r.cardKind)).toEqual([
      'choices',
      'incident',
      'incident',
      'actor',
      'notice',
      'notice',
      'help',
    ]);
    expect(replies[2]?.title).toBe(titleOf('jaxa-2016-tick'));
  });

  test('GIVEN blank lines and a number with no list before it THEN blanks are skipped and the number is not a command', async () => {
    const output = await chat(['', '   ', '5'], { json: true });
    const replies = output.trimEnd().split('\n');
    expect(replies).toHaveLength(1);
    expect(JSON.parse(replies[0] ?? '')).toMatchObject({ kind: 'error' });
  });

  test('GIVEN an input that ends with no lines THEN the promise resolves and nothing is printed', async () => {
    expect(await chat([])).toBe('');
  });

  test('GIVEN interactive mode THEN it greets, prompts before each line, and still ends with the input', async () => {
    const output = await chat(['/help'], { interactive: true });
    expect(output.startsWith('cyberbrief console')).toBe(true);
    expect(output.split('cyberbrief> ')).toHaveLength(3);
  });

  test('GIVEN an entry’s Dispute button pressed by number THEN its form prints, [1] submits it as shown and a typed line with changes', async () => {
    const input = new PassThrough();
    let text = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    const finished = runConsoleChat({
      input,
      output,
      commands: formCommands,
      context: formContext(),
      logger,
      json: true,
      interactive: false,
    });
    const lines = [
      '/notes',
      '4',
      '1',
      '/note-save entry-2 tag:wiper text:Disputed',
      '3',
      'text:  Not them, says X ',
      'topic: x',
      '1',
    ];
    for (const line of lines) input.write(`${line}\n`);
    input.end();
    await finished;
    const replies = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { cardKind: string; title: string; summary?: string; form?: unknown });
    expect(replies.map((r) => [r.cardKind, r.title])).toEqual([
      ['review', 'Notes'],
      ['form', 'Add a note'],
      ['review', 'Saved a note on entry-2'],
      ['review', 'Saved a note on entry-2'],
      // No buttons on that card: "3" is not a command.
      ['notice', expect.stringMatching(/^Commands start with a slash/)],
      ['notice', expect.stringMatching(/^Commands start with a slash/)],
      ['notice', expect.stringMatching(/^Commands start with a slash/)],
      ['notice', expect.stringMatching(/^Commands start with a slash/)],
    ]);
    expect(replies[2]?.summary).toBe(baitValue);
    expect(replies[3]?.summary).toBe('Disputed');
  });

  test('GIVEN a form THEN “name: text” changes a box (spaces and all), a name that is no box does not, and 1 sends it', async () => {
    const input = new PassThrough();
    let text = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    const finished = runConsoleChat({
      input,
      output,
      commands: formCommands,
      context: formContext(),
      logger,
      json: true,
      interactive: false,
    });
    for (const line of ['/note jaxa', 'text:  Not them, says X ', 'tag: wiper', 'topic: other', '1']) {
      input.write(`${line}\n`);
    }
    input.end();
    await finished;
    const replies = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const values = (reply: Record<string, unknown> | undefined) =>
      ((reply?.form as CardForm | undefined)?.fields ?? []).map((f) => [f.name, f.value]);
    expect(values(replies[1])).toEqual([
      ['text', 'Not them, says X'],
      ['tag', undefined],
    ]);
    expect(values(replies[2])).toEqual([
      ['text', 'Not them, says X'],
      ['tag', 'wiper'],
    ]);
    expect(replies[3]).toMatchObject({ kind: 'error', title: expect.stringMatching(/^Commands start with a slash/) });
    expect(replies[4]).toMatchObject({ title: 'Saved a note on jaxa', summary: 'Not them, says X' });
    expect(JSON.stringify(replies[4])).toContain('wiper');
  });

  test('GIVEN a line with terminal escape codes THEN none reach the output', async () => {
    const output = await chat(['/incident \u001b[2J\u001b]0;pwned\u0007 jaxa tick']);
    expect(output).not.toContain('\u001b');
    expect(output).not.toContain('\u0007');
    expect(output).toContain('JAXA');
  });
});
