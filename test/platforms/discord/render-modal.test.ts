import { ComponentType } from 'discord.js';
import { describe, expect, test } from 'vitest';
import type { CardForm } from '../../../src/core/card.ts';
import {
  discordModalLimits,
  readModalValues,
  renderDiscordModal,
} from '../../../src/platforms/discord/render-modal.ts';
import { baitValue, noteForm } from '../form-commands.ts';

interface Label {
  type: number;
  label: string;
  component: {
    type: number;
    custom_id: string;
    style: number;
    value?: string;
    max_length: number;
    placeholder?: string;
  };
}

const labelsOf = (form: CardForm) => (renderDiscordModal(form)?.components ?? []) as unknown as Label[];

function oversizedForm(unit: string): CardForm {
  return {
    title: unit.repeat(60),
    submitLabel: 'Save',
    submit: { command: 'note-save', options: { topic: 'x' } },
    fields: Array.from({ length: 7 }, (_, i) => ({
      name: `f${i}`,
      label: unit.repeat(80),
      value: `${unit.repeat(900)}\nsecond line`,
      placeholder: unit.repeat(200),
      multiline: i % 2 === 0,
      required: i === 0,
      maxLength: 10 + i,
    })),
  };
}

describe('renderDiscordModal', () => {
  test('GIVEN a form THEN the custom_id is the submit action and each field is a labelled text box', () => {
    const modal = renderDiscordModal(noteForm('jaxa'));
    expect(modal).toMatchObject({ custom_id: 'note-save?topic=jaxa', title: 'Add a note' });
    expect(labelsOf(noteForm('jaxa'))).toEqual([
      {
        type: ComponentType.Label,
        label: 'Your note',
        component: {
          type: ComponentType.TextInput,
          custom_id: 'text',
          style: 2,
          required: true,
          max_length: 500,
          value: baitValue,
        },
      },
      {
        type: ComponentType.Label,
        label: 'Tag',
        component: {
          type: ComponentType.TextInput,
          custom_id: 'tag',
          style: 1,
          required: false,
          max_length: 20,
          placeholder: 'e.g. <!here> wiper',
        },
      },
    ]);
  });

  test.each([
    ['plain words', 'a'],
    ['astral characters that count twice', '🛰'],
    ['mention bait', '@everyone'],
  ])(
    'GIVEN a form past every limit, of %s THEN title and labels fit 45, at most 5 boxes, values their max length',
    (_, unit) => {
      const modal = renderDiscordModal(oversizedForm(unit));
      expect(modal?.title.length).toBeLessThanOrEqual(discordModalLimits.title);
      const labels = labelsOf(oversizedForm(unit));
      expect(labels).toHaveLength(5);
      labels.forEach((label, i) => {
        expect(label.label.length).toBeGreaterThan(0);
        expect(label.label.length).toBeLessThanOrEqual(discordModalLimits.label);
        expect(label.component.placeholder?.length).toBeLessThanOrEqual(discordModalLimits.placeholder);
        expect(label.component.max_length).toBe(10 + i);
        expect(label.component.value?.length).toBeLessThanOrEqual(10 + i);
        if (i % 2 === 1) expect(label.component.value).not.toContain('\n');
      });
    },
  );

  test('GIVEN mention bait in the title and a label THEN it is broken there, and kept as typed in a box', () => {
    const field = noteForm('x').fields[0] as CardForm['fields'][number];
    const form: CardForm = { ...noteForm('x'), title: '@everyone look', fields: [{ ...field, label: '<@123> says' }] };
    expect(renderDiscordModal(form)?.title).toBe('@\u200beveryone look');
    expect(labelsOf(form)[0]?.label).toBe('<@\u200b123> says');
    expect(labelsOf(form)[0]?.component.value).toBe(baitValue);
  });

  test('GIVEN a submit action that does not fit a custom_id THEN there is no modal', () => {
    const submit = { command: 'note-save', options: { a: 'x'.repeat(60), b: 'y'.repeat(60) } };
    expect(renderDiscordModal({ ...noteForm('x'), submit })).toBeUndefined();
  });
});

describe('readModalValues', () => {
  const box = (customId: string, value: string) => ({ type: ComponentType.TextInput, customId, value });

  test('GIVEN submitted boxes THEN values come back by field name, empty ones left out', () => {
    expect(readModalValues([box('text', 'hi <@123>'), box('tag', ''), box('other', '  ')])).toEqual({
      text: 'hi <@123>',
    });
  });

  test.each([
    ['a field name that is not ours', [box('Bad Name', 'x')]],
    ['a component that is not a text box', [{ type: ComponentType.StringSelect, customId: 'text', values: ['a'] }]],
    ['a value past Discord’s limit', [box('text', 'x'.repeat(4001))]],
    ['no boxes', []],
    ['six boxes', ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => box(n, 'x'))],
  ])('GIVEN %s THEN the submission is refused', (_, fields) => {
    expect(readModalValues(fields)).toBeUndefined();
  });
});
