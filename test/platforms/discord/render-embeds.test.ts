import {
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIStringSelectComponent,
  ComponentType,
} from 'discord-api-types/v10';
import { afterAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { decodeAction } from '../../../src/core/actions.ts';
import { type Card, type CardEntry, cardLimits, cardSchema, cardTones, noticeCard } from '../../../src/core/card.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import { runCommand } from '../../../src/core/command.ts';
import {
  type DiscordCardMessage,
  discordLimits,
  embedLength,
  entrySelectId,
  entryValue,
  escapeMarkdown,
  fitText,
  neutraliseMentions,
  plain,
  postButtonLabel,
  renderEmbeds,
  renderLine,
  safeUrl,
  toneColours,
} from '../../../src/platforms/discord/render-embeds.ts';
import { openCuratedStore } from '../../helpers/store.ts';

const logger = { error: () => {} };

/** The card's buttons, row by row (the entries' select menu left out). */
function buttonRowsOf(message: DiscordCardMessage): APIButtonComponentWithCustomId[][] {
  return message.components.map((row) =>
    row.components.filter((c): c is APIButtonComponentWithCustomId => c.type === ComponentType.Button),
  );
}

/** `n` characters of `unit`, repeated; astral units count double in UTF-16 as they do for Discord. */
const text = (n: number, unit = 'a') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const words = (n: number, word: string) => `${`${word} `.repeat(Math.ceil(n / (word.length + 1)))}`.slice(0, n).trim();

function maxEntry(word: string, i: number, children = true): CardEntry {
  return {
    text: words(cardLimits.entryText, `${word}${i}`),
    detail: `${words(cardLimits.entryDetail - 40, word)} “quote number ${i} kept whole”`,
    meta: words(300, word),
    source: { label: words(200, word), url: `https://example.org/${'p'.repeat(470)}` },
    ...(children
      ? {
          children: Array.from({ length: cardLimits.children }, (_, c) => ({
            text: words(cardLimits.entryText, `answer${c}`),
            detail: `${words(cardLimits.entryDetail - 30, word)} “answer ${c} quote”`,
            meta: words(300, word),
            source: { label: words(200, word), url: `https://example.org/${'q'.repeat(470)}` },
          })),
        }
      : {}),
  };
}

/** Every list at its schema maximum, every string at its maximum length. */
function maximalCard(word: string): Card {
  const action = (i: number) => ({
    label: text(cardLimits.actionLabel, 'L'),
    command: 'incident',
    options: { query: text(20, String(i)), view: 'claims' },
  });
  return cardSchema.parse({
    kind: 'incident',
    title: words(cardLimits.title, word),
    url: `https://example.org/${'u'.repeat(400)}`,
    tone: 'contested',
    verdict: words(cardLimits.verdict, word),
    summary: words(cardLimits.summary, word),
    fields: Array.from({ length: cardLimits.fields }, (_, i) => ({
      label: words(cardLimits.fieldLabel, `${word}${i}`),
      value: words(cardLimits.fieldValue, word),
    })),
    sections: [
      {
        title: 'Claims',
        entries: Array.from({ length: cardLimits.entries }, (_, i) => maxEntry(word, i)),
        hidden: { count: 7, noun: 'claims', action: { ...action(9), label: 'All claims' } },
      },
      {
        title: 'Sponsor claims',
        entries: Array.from({ length: cardLimits.entries }, (_, i) => maxEntry(word, i)),
        hidden: { count: 3, noun: 'sponsor claims', action: { ...action(8), label: 'More sponsor claims' } },
      },
      {
        title: 'Case status',
        entries: Array.from({ length: cardLimits.entries }, (_, i) => ({
          text: words(cardLimits.entryText, `${word}${i}`),
        })),
        hidden: { count: 2, noun: 'events' },
      },
    ],
    notes: Array.from({ length: cardLimits.notes }, () => words(cardLimits.note, word)),
    footer: words(cardLimits.footer, word),
    actions: Array.from({ length: cardLimits.actions }, (_, i) => action(i)),
    canonical: { command: 'incident', options: { query: text(64, 'c') } },
  });
}

function expectWithinLimits(message: DiscordCardMessage): void {
  expect(message.embeds).toHaveLength(1);
  const embed = message.embeds[0] as APIEmbed;
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(discordLimits.title);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(discordLimits.description);
  expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(discordLimits.footer);
  const fields = embed.fields ?? [];
  expect(fields.length).toBeLessThanOrEqual(discordLimits.fields);
  for (const field of fields) {
    expect(field.name.length).toBeGreaterThan(0);
    expect(field.name.length).toBeLessThanOrEqual(discordLimits.fieldName);
    expect(field.value.length).toBeGreaterThan(0);
    expect(field.value.length).toBeLessThanOrEqual(discordLimits.fieldValue);
  }
  expect(embedLength(embed)).toBeLessThanOrEqual(discordLimits.total);
  const total =
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  expect(total).toBeLessThanOrEqual(6000);

  expect(message.components.length).toBeLessThanOrEqual(discordLimits.rows);
  for (const row of message.components) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(discordLimits.buttonsPerRow);
  }
  const ids = buttonRowsOf(message).flatMap((row) => {
    return row.map((button) => {
      expect(button.label?.length ?? 0).toBeGreaterThan(0);
      expect(button.label?.length ?? 0).toBeLessThanOrEqual(discordLimits.buttonLabel);
      expect(button.custom_id.length).toBeLessThanOrEqual(discordLimits.customId);
      expect(decodeAction(button.custom_id)).toBeDefined();
      return button.custom_id;
    });
  });
  expect(new Set(ids).size).toBe(ids.length);
}

describe('renderEmbeds limits', () => {
  test.each([
    ['plain words', 'lorem'],
    ['markdown that doubles when escaped', '*_~|'],
    ['astral characters that count twice', '🛰️x'],
    ['mention bait', '@everyone'],
  ])('GIVEN a maximal card of %s THEN every Discord limit holds', (_, word) => {
    for (const ephemeral of [true, false]) expectWithinLimits(renderEmbeds(maximalCard(word), { ephemeral }));
  });

  test('GIVEN more claims than fit THEN whole claims are dropped, counted with the existing hidden ones, with their button', () => {
    const card = maximalCard('lorem');
    const message = renderEmbeds(card, { ephemeral: true });
    const fields = message.embeds[0].fields ?? [];
    const claimFields = fields.filter((f) => /^\d+ · lorem\d+/.test(f.name));
    expect(claimFields.length).toBeGreaterThan(0);
    const firstList = fields.findIndex((f) => /^…and \d+ more claims$/.test(f.name));
    expect(firstList).toBeGreaterThan(-1);
    const shownInFirst = fields.slice(0, firstList).filter((f) => /^\d+ · /.test(f.name)).length;
    expect(fields[firstList]?.name).toBe(`…and ${7 + 25 - shownInFirst} more claims`);
    expect(fields[firstList]?.value).toBe('Press “All claims” below.');
    const ids = buttonRowsOf(message).flatMap((r) => r.map((b) => b.custom_id));
    expect(ids).toContain(`incident?query=${'9'.repeat(20)}&view=claims`);
    // Every claim shown keeps its quote whole: nothing is cut inside a claim's own words.
    for (const field of claimFields) expect(field.value).toMatch(/“quote number \d+ kept whole”/);
  });

  test('GIVEN a claim with answers and little room THEN answers lose links, then words but keep their quote, then go whole', () => {
    const entry = maxEntry('lorem', 1);
    const roomy = entryValue(entry, 100_000) ?? '';
    expect(roomy.split('\n').filter((l) => l.startsWith('↳ ['))).toHaveLength(cardLimits.children);
    const tight = entryValue(entry, 1024) ?? '';
    expect(tight.length).toBeLessThanOrEqual(1024);
    expect(tight).toContain('“quote number 1 kept whole”');
    for (const line of tight.split('\n').filter((l) => l.startsWith('↳ '))) {
      expect(line).toMatch(/^↳ (answer\d[^:]*(: “answer \d quote”)?|…and \d+ more responses?)$/);
    }
    expect(entryValue(entry, 50)).toBeUndefined();
    expect(entryValue(entry, 50, true)?.length).toBeLessThanOrEqual(50);
  });

  test('GIVEN buttons THEN there is a Post-to-channel button only when the reply is ephemeral and the card has a canonical', () => {
    const card = maximalCard('lorem');
    const labels = (m: DiscordCardMessage) => buttonRowsOf(m).flatMap((r) => r.map((b) => b.label));
    expect(labels(renderEmbeds(card, { ephemeral: true }))).toContain(postButtonLabel);
    expect(labels(renderEmbeds(card, { ephemeral: false }))).not.toContain(postButtonLabel);
    const { canonical: _, ...withoutCanonical } = card;
    expect(labels(renderEmbeds(withoutCanonical, { ephemeral: true }))).not.toContain(postButtonLabel);
    const post = buttonRowsOf(renderEmbeds(card, { ephemeral: true }))
      .flat()
      .at(-1);
    expect(post?.custom_id && decodeAction(post.custom_id)).toEqual({ ...card.canonical, post: true });
  });
});

/** Gives every entry and answer of a card its own "Dispute" button. */
function withEntryActions(card: Card): Card {
  const give = (entry: CardEntry, id: string): CardEntry => ({
    ...entry,
    action: { label: 'Dispute', command: 'claim', options: { action: 'dispute', id } },
    ...(entry.children ? { children: entry.children.map((child, i) => give(child, `${id}-${i}`)) } : {}),
  });
  return {
    ...card,
    sections: card.sections.map((section, s) => ({
      ...section,
      entries: section.entries.map((entry, e) => give(entry, `c${s}-${e}`)),
    })),
  };
}

const selectOf = (message: DiscordCardMessage) =>
  message.components
    .flatMap((row): Array<APIButtonComponentWithCustomId | APIStringSelectComponent> => row.components)
    .find((c): c is APIStringSelectComponent => c.type === ComponentType.StringSelect);

describe('renderEmbeds entry buttons', () => {
  const small = (): Card => ({
    kind: 'incident',
    title: 'Example',
    tone: 'contested',
    fields: [],
    sections: [
      {
        title: 'Claims',
        entries: [
          { text: 'A says @everyone did it', detail: 'quote', source: { label: 'Wire' }, children: [{ text: 'B' }] },
          { text: text(300, 'long ') },
        ],
      },
      { title: 'Status', entries: [{ text: 'Opened' }] },
    ],
    notes: [],
    actions: [{ label: 'All claims', command: 'incident', options: { query: 'x', view: 'claims' } }],
  });

  test('GIVEN entries with their own button THEN they are one select menu row above the card’s buttons, the embed unchanged', () => {
    const plainMessage = renderEmbeds(small(), { ephemeral: true });
    const message = renderEmbeds(withEntryActions(small()), { ephemeral: true });
    expectWithinLimits(message);
    expect(message.embeds).toEqual(plainMessage.embeds);
    expect(message.components.slice(1)).toEqual(plainMessage.components);
    const select = selectOf(message);
    expect(select).toMatchObject({ custom_id: entrySelectId, placeholder: 'Dispute: pick a line…', max_values: 1 });
    expect(select?.options.map((o) => [o.label, o.value])).toEqual([
      ['1 · A says @\u200beveryone did it', 'claim?action=dispute&id=c0-0'],
      ['↳ B', 'claim?action=dispute&id=c0-0-0'],
      [expect.stringMatching(/^2 · long long .*…$/), 'claim?action=dispute&id=c0-1'],
      ['1 · Opened', 'claim?action=dispute&id=c1-0'],
    ]);
    for (const option of select?.options ?? []) expect(option.label.length).toBeLessThanOrEqual(100);
  });

  test('GIVEN no entry has a button THEN there is no select menu', () => {
    expect(selectOf(renderEmbeds(small(), { ephemeral: true }))).toBeUndefined();
  });

  test('GIVEN a maximal card with a button on every entry THEN the menu offers at most 25 shown lines and every limit holds', () => {
    const card = withEntryActions(maximalCard('lorem'));
    const message = renderEmbeds(card, { ephemeral: true });
    expectWithinLimits(message);
    const options = selectOf(message)?.options ?? [];
    expect(options.length).toBeGreaterThan(0);
    expect(options.length).toBeLessThanOrEqual(25);
    // Only lines the embed shows are offered: the claims dropped for room are not.
    const shown = (message.embeds[0].fields ?? []).filter((f) => /^\d+ · lorem/.test(f.name)).map((f) => f.name);
    const offered = options.filter((o) => /^\d+ · /.test(o.label)).map((o) => o.label.slice(0, 12));
    for (const label of offered) expect(shown.some((name) => name.startsWith(label))).toBe(true);
  });

  test('GIVEN a card whose buttons fill all five rows THEN the select menu is left out and every button stays', () => {
    const card = withEntryActions(small());
    const many = Array.from({ length: 25 }, (_, i) => ({
      label: `B${i}`,
      command: 'incident',
      options: { query: `q${i}` },
    }));
    const message = renderEmbeds({ ...card, actions: many }, { ephemeral: false });
    expect(selectOf(message)).toBeUndefined();
    expect(buttonRowsOf(message).flat()).toHaveLength(25);
  });
});

describe('renderEmbeds text', () => {
  const pings = 'hi @everyone and @here, <@123>, <@!45>, <@&678> in <#901>';
  const baited: Card = {
    kind: 'incident',
    title: pings,
    tone: 'attributed',
    verdict: pings,
    summary: pings,
    fields: [{ label: pings, value: pings }],
    sections: [
      {
        title: pings,
        entries: [
          {
            text: pings,
            detail: pings,
            meta: pings,
            source: { label: pings, url: 'https://example.org/@everyone?x=<@123>' },
            children: [{ text: pings, detail: pings }],
          },
        ],
      },
      { title: pings, entries: [{ text: pings, detail: pings }], hidden: { count: 2, noun: pings } },
    ],
    notes: [pings],
    footer: pings,
    actions: [{ label: pings, command: 'incident', options: { query: 'x' } }],
    canonical: { command: 'incident', options: { query: 'x' } },
  };

  test('GIVEN mentions everywhere in a card THEN none survives in any text of the message', () => {
    const json = JSON.stringify(renderEmbeds(baited, { ephemeral: true }));
    expect(json).toContain(
      'hi @\u200beveryone and @\u200bhere, <@\u200b123>, <@\u200b!45>, <@\u200b&678> in <#\u200b901>',
    );
    expect(json).not.toMatch(/@everyone|@here|<@[\d!&]|<#\d/);
    expect(renderLine(noticeCard(pings))).not.toMatch(/@everyone|@here|<@[\d!&]|<#\d/);
  });

  test('GIVEN markdown and forged links in stored text THEN they are escaped, and only http(s) URLs become links', () => {
    expect(escapeMarkdown('[click](https://evil) *bold* `code` ~~x~~ |spoiler| _i_ \\')).toBe(
      '\\[click\\](https://evil) \\*bold\\* \\`code\\` \\~\\~x\\~\\~ \\|spoiler\\| \\_i\\_ \\\\',
    );
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(plain('line\nbreak\u0007')).toBe('line break');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://user:pw@example.org/')).toBeUndefined();
    expect(safeUrl('https://example.org/a (b)')).toBe('https://example.org/a%20%28b%29');
    expect(safeUrl('not a url')).toBeUndefined();
  });

  test('GIVEN text to cut THEN it is cut at a word within the limit, never inside a surrogate pair or an escape', () => {
    expect(fitText('short', 10)).toBe('short');
    expect(fitText('one two three four five six', 15)).toBe('one two three…');
    const astral = fitText('🛰'.repeat(10), 6);
    expect(astral.length).toBeLessThanOrEqual(6);
    expect(astral).toBe('🛰🛰…');
    expect(fitText('aaaa\\*bbbb', 6)).toBe('aaaa…');
  });

  test.each(cardTones)('GIVEN tone %s THEN the embed has its colour', (tone) => {
    const card: Card = { ...noticeCard('x'), tone };
    expect(renderEmbeds(card, { ephemeral: true }).embeds[0].color).toBe(toneColours[tone]);
  });

  test('GIVEN the tones THEN contested and problems are red, attributed orange, unattributed grey, neutral blurple', () => {
    expect(toneColours).toEqual({
      contested: 0xed4245,
      attributed: 0xe67e22,
      unattributed: 0x95a5a6,
      neutral: 0x5865f2,
      problem: 0xed4245,
    });
  });

  test('GIVEN neutraliseMentions THEN only mention syntax changes', () => {
    expect(neutraliseMentions('mail a@b.org, <https://x>, <t:1:R>')).toBe('mail a@b.org, <https://x>, <t:1:R>');
    expect(neutraliseMentions('@everyone')).toBe('@\u200beveryone');
  });
});

describe('renderEmbeds on the curated data', () => {
  const store = openCuratedStore();
  const context = { catalog: store, clock: fixedClock('2026-01-01T00:00:00Z'), commands };
  afterAll(() => store.close());
  const run = (name: string, options: Record<string, unknown>) => {
    const command = commands.find((c) => c.name === name);
    if (!command) throw new Error(name);
    return runCommand(command, options, context, logger).card;
  };

  test('GIVEN the JAXA 2016 card THEN the embed matches the golden snapshot', () => {
    const message = renderEmbeds(run('incident', { query: 'jaxa-2016-tick' }), { ephemeral: true });
    expectWithinLimits(message);
    expect(message).toMatchSnapshot();
  });

  test('GIVEN every incident and actor in every view THEN every limit holds', () => {
    const incidents = store.suggestIncidents('', 200);
    const actors = store.suggestActors('', 200);
    expect(incidents.length).toBeGreaterThan(5);
    for (const incident of incidents) {
      for (const view of ['brief', 'claims', 'sources']) {
        expectWithinLimits(renderEmbeds(run('incident', { query: incident.slug, view }), { ephemeral: true }));
      }
    }
    for (const actor of actors) {
      expectWithinLimits(renderEmbeds(run('actor', { query: actor.slug }), { ephemeral: true }));
    }
    expectWithinLimits(renderEmbeds(run('help', {}), { ephemeral: true }));
  });
});
