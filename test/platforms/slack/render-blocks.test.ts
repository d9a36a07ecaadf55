import { describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { decodeAction, encodeAction } from '../../../src/core/actions.ts';
import { type Card, type CardEntry, cardLimits, cardSchema, noticeCard } from '../../../src/core/card.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import { runCommand } from '../../../src/core/command.ts';
import { escapeText, fitText } from '../../../src/platforms/slack/mrkdwn.ts';
import { renderSlackMessage, type SlackMessage } from '../../../src/platforms/slack/render-blocks.ts';
import { openCuratedStore } from '../../helpers/store.ts';

/** A string of exactly `length` characters made of `unit` repeated, with spaces so it has word boundaries. */
function long(length: number, unit = 'claim '): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

function maximalEntry(index: number, unit: string, children: number = cardLimits.children): CardEntry {
  const entry = (n: number): CardEntry => ({
    text: `${n}${long(cardLimits.entryText - String(n).length, unit)}`,
    detail: long(cardLimits.entryDetail, unit),
    meta: long(300, unit),
    source: { label: long(200, unit), url: `https://example.org/${long(470, 'a&b|c').replace(/ /g, '')}${n}` },
  });
  return { ...entry(index), children: Array.from({ length: children }, (_, i) => entry(index * 100 + i)) };
}

/** The largest card the schema allows: every list full, every string at its maximum length. */
function maximalCard(unit = 'claim '): Card {
  return cardSchema.parse({
    kind: 'incident',
    title: long(cardLimits.title, unit),
    tone: 'contested',
    verdict: long(cardLimits.verdict, unit),
    summary: long(cardLimits.summary, unit),
    fields: Array.from({ length: cardLimits.fields }, (_, i) => ({
      label: long(cardLimits.fieldLabel, unit),
      value: `${i}${long(cardLimits.fieldValue - 1, unit)}`,
    })),
    sections: [
      {
        title: 'Claims',
        entries: Array.from({ length: cardLimits.entries }, (_, i) => maximalEntry(i + 1, unit)),
        hidden: {
          count: 4,
          noun: 'claims',
          action: { label: 'All claims', command: 'incident', options: { query: 'big', view: 'claims' } },
        },
      },
      {
        title: 'Case status',
        entries: Array.from({ length: cardLimits.entries }, (_, i) => maximalEntry(i + 1, unit, 0)),
      },
    ],
    notes: Array.from({ length: cardLimits.notes }, () => long(cardLimits.note, unit)),
    footer: long(cardLimits.footer, unit),
    actions: Array.from({ length: cardLimits.actions }, (_, i) => ({
      label: long(cardLimits.actionLabel, unit),
      command: 'incident',
      options: { query: `big-${i}` },
    })),
    canonical: { command: 'incident', options: { query: 'big' } },
  });
}

interface AnyBlock {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  fields?: Array<{ type: string; text: string }>;
  elements?: Array<{ type: string; text: { text: string } | string; action_id?: string; value?: string }>;
  accessory?: { type: string; text: { text: string }; action_id: string; value: string };
}

const blocksOf = (message: SlackMessage) => message.blocks as unknown as AnyBlock[];

/** Every text object's text, counted independently of the renderer's own measure. */
function allTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string')
    return [record.text];
  return Object.values(record).flatMap(allTexts);
}

function buttons(message: SlackMessage) {
  return blocksOf(message).flatMap((b) => [
    ...(b.elements ?? []).filter((e) => e.type === 'button'),
    ...(b.accessory?.type === 'button' ? [b.accessory] : []),
  ]) as Array<{ text: { text: string }; action_id: string; value: string }>;
}

function expectWithinSlackLimits(message: SlackMessage): void {
  const blocks = blocksOf(message);
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(allTexts(blocks).reduce((sum, t) => sum + t.length, 0)).toBeLessThanOrEqual(12_000);
  for (const block of blocks) {
    if (block.type === 'header') expect(block.text?.text.length).toBeLessThanOrEqual(150);
    if (block.type === 'section') {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    if (block.type === 'context') expect(block.elements?.length).toBeLessThanOrEqual(10);
    if (block.type === 'actions') expect(block.elements?.length).toBeLessThanOrEqual(25);
    for (const text of allTexts(block)) expect(text.length).toBeGreaterThan(0);
  }
  const ids = buttons(message).map((b) => b.action_id);
  expect(new Set(ids).size).toBe(ids.length);
  const blockIds = blocks.flatMap((b) => (b.block_id ? [b.block_id] : []));
  expect(new Set(blockIds).size).toBe(blockIds.length);
  for (const id of [...ids, ...blockIds]) expect(id.length).toBeLessThanOrEqual(255);
  for (const button of buttons(message)) {
    expect(button.text.text.length).toBeLessThanOrEqual(75);
    expect(button.value.length).toBeLessThanOrEqual(2000);
    expect(decodeAction(button.value)).toBeDefined();
  }
  expect(message.text.length).toBeGreaterThan(0);
}

describe('renderSlackMessage on the largest card the schema allows', () => {
  test('GIVEN a maximal card THEN every Slack limit holds and whole claims are cut with “…and N more claims” and its button', () => {
    const message = renderSlackMessage(maximalCard(), { ephemeral: true });
    expectWithinSlackLimits(message);
    const blocks = blocksOf(message);
    expect(blocks[0]?.type).toBe('header');

    const shownClaims = blocks.filter((b) => b.type === 'section' && /^\*\d+\. /.test(b.text?.text ?? '')).length;
    expect(shownClaims).toBeGreaterThanOrEqual(1);
    expect(shownClaims).toBeLessThan(cardLimits.entries);
    const cut = blocks.find((b) => (b.text?.text ?? '').includes('more claims'));
    // The renderer's cut adds to what the card already hid (4), and says the next section was left out too.
    expect(cut?.text?.text).toBe(
      `_…and ${cardLimits.entries - shownClaims + 4} more claims · 1 more section not shown_`,
    );
    expect(cut?.accessory?.text.text).toBe('All claims');
    expect(cut?.accessory?.value).toBe(
      encodeAction({ command: 'incident', options: { query: 'big', view: 'claims' } }),
    );

    // A claim that is shown is shown whole: its full detail, never cut mid-quote.
    const first = blocks.find((b) => b.text?.text.startsWith('*1. '));
    expect(first?.text?.text).toContain(long(cardLimits.entryDetail));
    // Its answers sit beneath it; the last button posts the card.
    expect(buttons(message).at(-1)).toMatchObject({ text: { text: 'Post to channel' }, action_id: 'cyberbrief:post' });
  });

  test('GIVEN a maximal card made of characters that grow when escaped THEN every limit still holds', () => {
    const message = renderSlackMessage(maximalCard('& <> '), { ephemeral: true });
    expectWithinSlackLimits(message);
    // Cut text never ends inside an entity.
    for (const text of allTexts(message.blocks)) expect(text).not.toMatch(/&(a|am|amp|l|lt|g|gt)?…/);
    expect(blocksOf(message).filter((b) => /^\*\d+\. /.test(b.text?.text ?? '')).length).toBeGreaterThanOrEqual(1);
  });

  test('GIVEN one claim too large for a message with all its answers THEN it still shows, with fewer answers and how many are left out', () => {
    const card = maximalCard();
    const message = renderSlackMessage(card);
    const texts = blocksOf(message).map((b) => b.text?.text ?? '');
    const answers = texts.filter((t) => t.startsWith('>↳ *')).length;
    expect(answers).toBeLessThan(cardLimits.children);
    expect(texts).toContain(`>↳ _…and ${cardLimits.children - answers} more answers to this claim_`);
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

/** The blocks without the entries' own buttons. */
function withoutEntryButtons(message: SlackMessage): AnyBlock[] {
  return blocksOf(message).map((block) => {
    if (!block.accessory?.action_id.startsWith('cyberbrief:entry:')) return block;
    const { accessory: _, ...rest } = block;
    return rest;
  });
}

describe('entry buttons', () => {
  const small = (): Card =>
    cardSchema.parse({
      kind: 'incident',
      title: 'Example <!here>',
      tone: 'contested',
      fields: [],
      sections: [
        {
          title: 'Claims',
          entries: [
            { text: 'A says <@U123> did it', detail: 'quote', children: [{ text: 'B denies' }] },
            { text: 'C agrees' },
          ],
        },
      ],
      notes: [],
      actions: [{ label: 'Dispute', command: 'claim', options: { action: 'dispute', id: 'c0-1' } }],
    });

  test('GIVEN entries with their own button THEN each is the accessory of its line, and nothing else changes', () => {
    const plainMessage = renderSlackMessage(small(), { ephemeral: true });
    const message = renderSlackMessage(withEntryActions(small()), { ephemeral: true });
    expectWithinSlackLimits(message);
    const accessories = blocksOf(message).flatMap((b) => (b.accessory ? [[b.text?.text, b.accessory]] : []));
    expect(accessories).toEqual([
      [
        expect.stringMatching(/^\*1\. A says &lt;@U123&gt; did it\*/),
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Dispute', emoji: true },
          value: 'claim?action=dispute&id=c0-0',
          action_id: 'cyberbrief:entry:0.0',
        },
      ],
      [expect.stringMatching(/^>↳ \*B denies/), expect.objectContaining({ action_id: 'cyberbrief:entry:0.0.0' })],
      [expect.stringMatching(/^\*2\. C agrees/), expect.objectContaining({ value: 'claim?action=dispute&id=c0-1' })],
    ]);
    // The card's own button with the same action as an entry's stays where it was.
    expect(withoutEntryButtons(message)).toEqual(blocksOf(plainMessage));
    expect(message.text).toBe(plainMessage.text);
  });

  test.each([
    ['words', 'claim '],
    ['characters that grow when escaped', '& <> '],
  ])('GIVEN a maximal card of %s with a button on every entry THEN every Slack limit still holds', (_, unit) => {
    const message = renderSlackMessage(withEntryActions(maximalCard(unit)), { ephemeral: true });
    expectWithinSlackLimits(message);
    expect(buttons(message).filter((b) => b.action_id.startsWith('cyberbrief:entry:')).length).toBeGreaterThan(0);
  });
});

describe('escaping', () => {
  const evil = '<!channel> <!here> <!everyone> @everyone @here <@U123> <#C1> <!subteam^S1> & AT&T <https://x.test|y>';

  test('GIVEN pings and ampersands in every field THEN they render inert and only the source link stays a link', () => {
    const card = cardSchema.parse({
      kind: 'incident',
      title: evil.slice(0, 150),
      tone: 'contested',
      verdict: evil,
      summary: evil,
      fields: [{ label: '<!here>', value: evil }],
      sections: [
        {
          title: '<!channel>',
          entries: [
            {
              text: evil,
              detail: `quote: “${evil}”`,
              meta: evil,
              source: { label: `Wire & ${evil}`, url: 'https://example.org/a?b=1&c=2' },
              children: [{ text: evil, detail: evil, source: { label: evil, url: 'javascript:alert(1)' } }],
            },
          ],
          hidden: {
            count: 2,
            noun: '<!here>',
            action: { label: '<!channel>', command: 'incident', options: { query: 'x' } },
          },
        },
      ],
      notes: [evil],
      footer: evil,
      actions: [{ label: '<!everyone>', command: 'incident', options: { query: '<@U123>' } }],
      canonical: { command: 'incident', options: { query: 'x' } },
    });
    const message = renderSlackMessage(card, { ephemeral: true });
    const texts = [message.text, ...allTexts(message.blocks)];
    for (const text of texts) {
      const withoutOurMarkup = text
        .replace(/<https:\/\/example\.org\/a\?b=1&amp;c=2\|[^<>]+>/g, '')
        .replace(/^>/gm, '');
      expect(withoutOurMarkup).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/@(everyone|here|channel)\b/);
    }
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/<!|<@|<#/);
    expect(json).toContain('AT&amp;T');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('<https://example.org/a?b=1&amp;c=2|Wire &amp; &lt;!channel&gt;');
    // A javascript: URL is not a link.
    expect(json).not.toContain('javascript:');
  });

  test('GIVEN text to escape THEN & goes first, so entities are not escaped twice', () => {
    expect(escapeText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeText('&lt;')).toBe('&amp;lt;');
    expect(escapeText('line\nbreak\t@here')).toBe('line break @\u2060here');
  });

  test('GIVEN text longer than its room THEN it is cut at a word, never inside an entity', () => {
    expect(fitText('one two three four', 10)).toBe('one two…');
    const cut = fitText('&&&&&&&&&&', 12);
    expect(cut).toBe('&amp;&amp;…');
    expect(cut.length).toBeLessThanOrEqual(12);
  });
});

describe('text fallback', () => {
  const store = openCuratedStore();
  const context = { catalog: store, clock: fixedClock('2026-01-01T00:00:00Z'), commands };
  const logger = { error: () => {} };
  const incident = commands.find((c) => c.name === 'incident');
  const help = commands.find((c) => c.name === 'help');
  if (!incident || !help) throw new Error('registry changed');

  test('GIVEN an incident card THEN the notification text is its title and verdict', () => {
    const { card } = runCommand(incident, { query: 'jaxa-2016-tick' }, context, logger);
    const { text } = renderSlackMessage(card);
    expect(text).toMatch(/^JAXA intrusions by Tick \(2016–17\) — Attributed to Tick/);
  });

  test('GIVEN choices, help, an error and a notice THEN each message has a non-empty text', () => {
    const cards = [
      runCommand(incident, { query: 'jaxa' }, context, logger).card,
      runCommand(help, {}, context, logger).card,
      runCommand(incident, { query: '' }, context, logger).card,
      noticeCard('Nothing here', { summary: 'Try again' }),
    ];
    for (const card of cards) {
      const message = renderSlackMessage(card, { ephemeral: true });
      expect(message.text.length).toBeGreaterThan(0);
      expect(message.text).toBe(escapeText(card.title));
    }
  });

  test('GIVEN an error THEN it is a single line, with no header and no Post button', () => {
    const { card } = runCommand(incident, { query: '' }, context, logger);
    const message = renderSlackMessage(card, { ephemeral: true });
    expect(message.blocks).toHaveLength(1);
    expect(blocksOf(message)[0]?.text?.text).toMatch(/^:warning: \/incident: query is empty/);
  });

  test('GIVEN choices THEN each choice is a button that opens that incident, and there is no Post button', () => {
    const { card } = runCommand(incident, { query: 'jaxa' }, context, logger);
    const values = buttons(renderSlackMessage(card, { ephemeral: true })).map((b) => decodeAction(b.value));
    expect(values).toContainEqual({ command: 'incident', options: { query: 'jaxa-2016-tick' }, post: false });
    expect(values.every((v) => v?.post === false)).toBe(true);
  });

  test('GIVEN the JAXA 2016 card THEN it renders as the golden Slack message', async () => {
    const { card } = runCommand(incident, { query: 'jaxa-2016-tick' }, context, logger);
    const message = renderSlackMessage(card, { ephemeral: true });
    expectWithinSlackLimits(message);
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot(
      '__snapshots__/jaxa-2016-tick.slack.json',
    );
  });
});
