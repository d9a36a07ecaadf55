import { afterAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import { cardSchema } from '../../src/core/card.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { openCuratedStore } from '../helpers/store.ts';

const store = openCuratedStore();
afterAll(() => store.close());
const context: CommandContext = { catalog: store, clock: fixedClock('2026-01-01T00:00:00Z'), commands };

describe('the command registry', () => {
  test('GIVEN every command THEN its name and option names follow the rules both platforms share', () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const command of commands) {
      expect(command.name).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const option of Object.keys(command.options.shape)) expect(option).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
    }
  });

  test('GIVEN /help THEN it lists every command in the registry', () => {
    const help = commands.find((c) => c.name === 'help');
    const card = cardSchema.parse(help?.run({}, context));
    expect(card.sections[0]?.entries.map((e) => e.text.split(' ')[0])).toEqual(commands.map((c) => `/${c.name}`));
  });

  test('GIVEN /incident and /actor THEN each returns a card for a match and choices for an ambiguous name', () => {
    const incident = commands.find((c) => c.name === 'incident');
    const actor = commands.find((c) => c.name === 'actor');
    expect(incident?.run({ query: 'notpetya' }, context).kind).toBe('incident');
    expect(incident?.run({ query: 'jaxa' }, context).kind).toBe('choices');
    expect(actor?.run({ query: 'fancy bear' }, context).title).toBe('APT28');
  });
});
