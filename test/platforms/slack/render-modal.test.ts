import { describe, expect, test } from 'vitest';
import { type CardForm, noticeCard } from '../../../src/core/card.ts';
import {
  fieldErrors,
  formCallbackId,
  readFormMetadata,
  readSubmittedValues,
  renderSlackModal,
  slackModalLimits,
  trustedResponseUrl,
} from '../../../src/platforms/slack/render-modal.ts';
import { baitValue, noteForm } from '../form-commands.ts';

interface Input {
  block_id: string;
  optional: boolean;
  label: { text: string };
  element: { action_id: string; initial_value?: string; max_length: number; placeholder?: { text: string } };
}

const inputsOf = (form: CardForm) =>
  (renderSlackModal(form, { channel: 'C0INCIDENTS' })?.blocks ?? []) as unknown as Input[];

/** A form past every limit, as a careless command might build it (the renderer must hold the limits itself). */
function oversizedForm(unit: string): CardForm {
  return {
    title: unit.repeat(40),
    submitLabel: unit.repeat(40),
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

describe('renderSlackModal', () => {
  test('GIVEN a form THEN it is a modal with our callback_id, its title and buttons, and one input per field', () => {
    const view = renderSlackModal(noteForm('jaxa'), { channel: 'C0INCIDENTS' });
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: formCallbackId,
      title: { type: 'plain_text', text: 'Add a note' },
      submit: { type: 'plain_text', text: 'Save' },
      close: { type: 'plain_text', text: 'Cancel' },
    });
    expect(inputsOf(noteForm('jaxa')).map((b) => [b.block_id, b.element.action_id, b.optional])).toEqual([
      ['text', 'text', false],
      ['tag', 'tag', true],
    ]);
  });

  test.each([
    ['plain words', 'a'],
    ['characters that grow when escaped', '<'],
    ['astral characters', '🛰'],
  ])(
    'GIVEN a form past every limit, of %s THEN titles fit 24, labels 45, at most 5 inputs, values their max length',
    (_, unit) => {
      const view = renderSlackModal(oversizedForm(unit), { channel: 'C0INCIDENTS' });
      expect(view?.title.text.length).toBeLessThanOrEqual(slackModalLimits.title);
      expect(view?.submit?.text.length).toBeLessThanOrEqual(slackModalLimits.button);
      expect(view?.close?.text.length).toBeLessThanOrEqual(slackModalLimits.button);
      const inputs = inputsOf(oversizedForm(unit));
      expect(inputs).toHaveLength(5);
      inputs.forEach((input, i) => {
        expect(input.label.text.length).toBeLessThanOrEqual(45);
        expect(input.element.placeholder?.text.length).toBeLessThanOrEqual(slackModalLimits.placeholder);
        expect(input.element.max_length).toBe(10 + i);
        expect([...(input.element.initial_value ?? '')].length).toBeLessThanOrEqual(10 + i);
        // A one-line box never starts with a newline in it.
        if (i % 2 === 1) expect(input.element.initial_value).not.toContain('\n');
      });
      expect(view?.private_metadata?.length).toBeLessThanOrEqual(slackModalLimits.privateMetadata);
    },
  );

  test('GIVEN text that would ping THEN labels and placeholders show it escaped and a box holds it exactly as typed', () => {
    const form: CardForm = {
      ...noteForm('jaxa'),
      title: '<!here> @everyone',
      fields: [{ ...(noteForm('jaxa').fields[0] as CardForm['fields'][number]), label: '<@U123> and <!here>' }],
    };
    const view = renderSlackModal(form, { channel: 'C0INCIDENTS' });
    expect(view?.title.text).toBe('&lt;!here&gt; @\u2060everyone');
    const [input] = inputsOf(form);
    expect(input?.label.text).toBe('&lt;@U123&gt; and &lt;!here&gt;');
    expect(input?.element.initial_value).toBe(baitValue);
    const tag = inputsOf(noteForm('jaxa'))[1];
    expect(tag?.element.placeholder?.text).toBe('e.g. &lt;!here&gt; wiper');
  });

  test('GIVEN a submit action whose metadata would pass 3000 characters THEN there is no modal', () => {
    const options = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`o${i}`, 'v'.repeat(64)]));
    expect(renderSlackModal({ ...noteForm('x'), submit: { command: 'note-save', options } })).toBeUndefined();
  });
});

describe('readFormMetadata', () => {
  test('GIVEN the metadata of a modal we rendered THEN it reads back as the submit action and the channel', () => {
    const view = renderSlackModal(noteForm('jaxa'), { channel: 'C0INCIDENTS' });
    expect(readFormMetadata(view?.private_metadata)).toEqual({
      submit: { command: 'note-save', options: { topic: 'jaxa' } },
      channel: 'C0INCIDENTS',
    });
  });

  test.each([
    ['not JSON', '{"submit":'],
    ['not a string', 42],
    ['no submit', '{"channel":"C1"}'],
    ['a bad command name', '{"submit":{"command":"Note Save","options":{}}}'],
    ['a bad option name', '{"submit":{"command":"note","options":{"A":"x"}}}'],
    ['an option value too long', JSON.stringify({ submit: { command: 'note', options: { a: 'x'.repeat(65) } } })],
    ['a channel that is not an id', '{"submit":{"command":"note","options":{}},"channel":"<!here>"}'],
    ['too long', JSON.stringify({ submit: { command: 'note', options: {} }, pad: 'x'.repeat(3000) })],
  ])('GIVEN metadata with %s THEN it is refused', (_, raw) => {
    expect(readFormMetadata(raw)).toBeUndefined();
  });
});

describe('trustedResponseUrl', () => {
  const slack = ['https://hooks.slack.com'];

  test('GIVEN a Slack response URL THEN it is the way back; anything else is not', () => {
    const url = 'https://hooks.slack.com/commands/T0001/123/abc';
    expect(trustedResponseUrl(url, slack)).toBe(url);
    expect(readFormMetadata(renderSlackModal(noteForm('x'), { responseUrl: url })?.private_metadata)?.reply).toBe(url);
    for (const other of [
      'https://hooks.slack.com.evil.example/commands/1',
      'http://hooks.slack.com/commands/1',
      'https://evil.example/https://hooks.slack.com/',
      'not a url',
      undefined,
    ]) {
      expect(trustedResponseUrl(other, slack)).toBeUndefined();
    }
    expect(trustedResponseUrl('http://127.0.0.1:5000/response/1', [...slack, 'http://127.0.0.1:5000'])).toBe(
      'http://127.0.0.1:5000/response/1',
    );
  });
});

describe('readSubmittedValues', () => {
  const box = (value: string | null) => ({ type: 'plain_text_input', value });

  test('GIVEN the state of a submitted modal THEN the typed values come back by field, empty boxes left out', () => {
    const state = { text: { text: box('hello <!channel>') }, tag: { tag: box(null) }, extra: { extra: box('  ') } };
    expect(readSubmittedValues(state)).toEqual({
      values: { text: 'hello <!channel>' },
      fields: ['text', 'tag', 'extra'],
    });
  });

  test.each([
    ['two elements in one block', { text: { text: box('a'), other: box('b') } }],
    ['a block id that is not its action id', { text: { note: box('a') } }],
    ['a field name that is not ours', { 'Bad Name': { 'Bad Name': box('a') } }],
    ['an element that is not a text box', { text: { text: { type: 'static_select', value: 'a' } } }],
    ['a value that is not text', { text: { text: { type: 'plain_text_input', value: 42 } } }],
    ['a value past Slack’s limit', { text: { text: box('x'.repeat(3001)) } }],
    ['no boxes', {}],
    ['six boxes', Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => [n, { [n]: box('x') }]))],
    ['not an object', 'text=hello'],
  ])('GIVEN a state with %s THEN it is refused', (_, state) => {
    expect(readSubmittedValues(state)).toBeUndefined();
  });
});

describe('fieldErrors', () => {
  const error = (title: string) => ({ kind: 'error' as const, card: noticeCard(title, { tone: 'problem' }) });

  test('GIVEN an option error that names a field THEN it goes under that field’s box', () => {
    expect(fieldErrors(error('/note-save: text is too long'), 'note-save', ['text', 'tag'])).toEqual({
      text: 'text is too long',
    });
  });

  test('GIVEN an error about no field, another command, or a card THEN there is no inline error', () => {
    expect(fieldErrors(error('/note-save: topic is required'), 'note-save', ['text', 'tag'])).toBeUndefined();
    expect(fieldErrors(error('/other: text is too long'), 'note-save', ['text'])).toBeUndefined();
    expect(fieldErrors(error('Only reviewers may do that.'), 'note-save', ['text'])).toBeUndefined();
    const card = { kind: 'card' as const, card: noticeCard('/note-save: text is fine') };
    expect(fieldErrors(card, 'note-save', ['text'])).toBeUndefined();
  });
});
