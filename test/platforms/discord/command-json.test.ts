import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { commands } from '../../../commands/index.ts';
import { noticeCard } from '../../../src/core/card.ts';
import { defineCommand, queryOption } from '../../../src/core/command.ts';
import {
  CommandJsonError,
  commandCharacters,
  commandJson,
  commandRules,
  commandsJson,
} from '../../../src/platforms/discord/command-json.ts';

const discordName = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function command(options: z.ZodObject, extra: { completes?: string[]; description?: string } = {}) {
  return defineCommand({
    name: 'probe',
    description: extra.description ?? 'A probe command',
    usage: '',
    options,
    ...(extra.completes ? { completes: extra.completes, complete: () => [] } : {}),
    run: () => noticeCard('probe'),
  });
}

describe('commandsJson on the registry', () => {
  const json = commandsJson(commands);

  test('GIVEN the registry THEN the JSON matches the snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  test('GIVEN every command THEN names, descriptions, option counts and sizes follow Discord’s rules', () => {
    expect(json.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    for (const c of json) {
      expect(c.name).toMatch(discordName);
      expect(c.name).toBe(c.name.toLowerCase());
      expect(c.description.length).toBeGreaterThanOrEqual(1);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.options?.length ?? 0).toBeLessThanOrEqual(25);
      expect(commandCharacters(c)).toBeLessThanOrEqual(8000);
      expect(JSON.stringify(c).length).toBeLessThanOrEqual(8000);
      const options = c.options ?? [];
      for (const option of options) {
        expect(option.name).toMatch(discordName);
        expect(option.name).toBe(option.name.toLowerCase());
        expect(option.description.length).toBeGreaterThanOrEqual(1);
        expect(option.description.length).toBeLessThanOrEqual(100);
      }
      const required = options.map((o) => ('required' in o && o.required) === true);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  test('GIVEN /incident THEN query autocompletes with its length bounds, view has choices, page is a bounded integer', () => {
    const incident = json.find((c) => c.name === 'incident');
    expect(incident?.options).toEqual([
      {
        type: 3,
        name: 'query',
        description: 'Incident, victim or alias, e.g. jaxa, solarwinds, notpetya',
        required: true,
        min_length: 1,
        max_length: 200,
        autocomplete: true,
      },
      {
        type: 3,
        name: 'view',
        description: 'brief (default), claims (every claim, a page at a time) or sources',
        required: false,
        choices: [
          { name: 'brief', value: 'brief' },
          { name: 'claims', value: 'claims' },
          { name: 'sources', value: 'sources' },
        ],
      },
      { type: 4, name: 'page', description: 'Page of the claims view', required: false, min_value: 1, max_value: 100 },
    ]);
  });
});

describe('default member permissions', () => {
  test('GIVEN /briefing THEN only members with Manage Channels (0x10) see it by default; the others need no rights', () => {
    const json = commandsJson(commands);
    expect(json.find((c) => c.name === 'briefing')?.default_member_permissions).toBe('16');
    for (const c of json.filter((c) => c.name !== 'briefing')) expect(c.default_member_permissions).toBeUndefined();
  });
});

describe('commandJson mapping', () => {
  test('GIVEN booleans, defaults, decimals and undescribed options THEN types, required and fallbacks follow the schema', () => {
    const json = commandJson(
      command(
        z.object({
          flag: z.boolean().default(false).describe('A switch'),
          ratio: z.number().min(0).max(1),
          name: z.string().max(40).optional(),
        }),
      ),
    );
    expect(json.options).toEqual([
      { type: 10, name: 'ratio', description: 'ratio', required: true, min_value: 0, max_value: 1 },
      { type: 5, name: 'flag', description: 'A switch', required: false },
      { type: 3, name: 'name', description: 'name', required: false, max_length: 40 },
    ]);
  });

  test('GIVEN a description over 100 characters THEN it is cut at a word to at most 100', () => {
    const long = 'word '.repeat(40).trim();
    const json = commandJson(command(z.object({ query: queryOption(long) }), { description: long }));
    expect(json.description.length).toBeLessThanOrEqual(commandRules.description);
    expect(json.description.endsWith('…')).toBe(true);
    expect(json.options?.[0]?.description.length).toBeLessThanOrEqual(commandRules.description);
  });

  test('GIVEN a type Discord cannot express THEN the build throws naming the option', () => {
    expect(() => commandJson(command(z.object({ when: z.date() })))).toThrow(CommandJsonError);
    expect(() => commandJson(command(z.object({ when: z.date() })))).toThrow('/probe when');
    expect(() => commandJson(command(z.object({ tags: z.array(z.string()) })))).toThrow(CommandJsonError);
  });

  test('GIVEN a name Discord rejects THEN the build throws', () => {
    expect(() => commandJson(command(z.object({ camelCase: z.string() })))).toThrow(/Option name “camelCase”/);
    expect(() => commandJson(command(z.object({ 'has space': z.string() })))).toThrow(CommandJsonError);
    expect(() => commandJson({ ...command(z.object({})), name: 'Bad' })).toThrow(/Command name/);
  });

  test('GIVEN autocomplete on an option that is not there, or more than 25 options THEN the build throws', () => {
    expect(() => commandJson(command(z.object({ q: z.string() }), { completes: ['query'] }))).toThrow(/not an option/);
    const many = z.object(Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`o${i}`, z.string()])));
    expect(() => commandJson(command(many))).toThrow(/26 options/);
  });

  test('GIVEN the same command twice THEN the registry is refused', () => {
    const probe = command(z.object({}));
    expect(() => commandsJson([probe, probe])).toThrow(/defined twice/);
  });
});
