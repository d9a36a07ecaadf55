/**
 * Commands that exist only in the platform tests, to drive forms and entry buttons through the adapters, which know
 * no command: `/note` answers with a form, `/note-save` (its submit) echoes what was typed and who asked, `/notes`
 * lists notes each with its own "Dispute" button that opens the form for that note.
 */
import { z } from 'zod';
import type { Card, CardForm } from '../../src/core/card.ts';
import type { Catalog } from '../../src/core/catalog.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { type CommandContext, type CommandDefinition, defineCommand } from '../../src/core/command.ts';

/** What a form's first box starts with: text that would ping on Slack and on Discord if it were ever rendered raw. */
export const baitValue = '<!channel> @everyone <@U123> & <@&678> said so';

export const noteForm = (topic: string): CardForm => ({
  title: 'Add a note',
  submitLabel: 'Save',
  submit: { command: 'note-save', options: { topic } },
  fields: [
    {
      name: 'text',
      label: 'Your note',
      value: baitValue,
      multiline: true,
      required: true,
      maxLength: 500,
    },
    {
      name: 'tag',
      label: 'Tag',
      placeholder: 'e.g. <!here> wiper',
      multiline: false,
      required: false,
      maxLength: 20,
    },
  ],
});

const card = (title: string, parts: Partial<Card> = {}): Card => ({
  kind: 'review',
  title,
  tone: 'neutral',
  fields: [],
  sections: [],
  notes: [],
  actions: [],
  ...parts,
});

const topic = z.string().regex(/^[a-z0-9-]{1,40}$/);

export const note = defineCommand({
  name: 'note',
  description: 'Opens a form to add a note',
  usage: 'jaxa',
  options: z.object({ topic: topic.default('general') }),
  run: ({ topic: about }) => card('Add a note', { kind: 'form', form: noteForm(about) }),
});

export const noteSave = defineCommand({
  name: 'note-save',
  description: 'Saves a note (the form’s submit)',
  usage: '',
  options: z.object({
    topic,
    text: z.string({ error: 'is required' }).min(1).max(300, { error: 'is too long (at most 300 characters)' }),
    tag: z.string().max(20).optional(),
  }),
  // Tag "more" asks for another note: a form that answers a form.
  run: ({ topic: about, text, tag }, context) =>
    tag === 'more'
      ? card('Add a note', { kind: 'form', form: noteForm(`${about}-more`) })
      : card(`Saved a note on ${about}`, {
          summary: text,
          fields: [
            { label: 'Tag', value: tag ?? '(none)' },
            { label: 'By', value: context.invoker?.userId || '?' },
            { label: 'Reviewer', value: context.invoker?.isReviewer === true ? 'yes' : 'no' },
            {
              label: 'Where',
              value: `${context.invoker?.platform}/${context.invoker?.workspaceId}/${context.invoker?.channelId}`,
            },
          ],
        }),
});

export const notes = defineCommand({
  name: 'notes',
  description: 'Lists notes, each with a Dispute button',
  usage: '',
  options: z.object({}),
  run: () =>
    card('Notes', {
      sections: [
        {
          title: 'Notes',
          entries: [
            {
              text: 'First note <@U123>',
              detail: 'It was them',
              action: { label: 'Dispute', command: 'note', options: { topic: 'entry-1' } },
              children: [
                {
                  text: 'An answer to it',
                  action: { label: 'Dispute', command: 'note', options: { topic: 'entry-1-answer' } },
                },
              ],
            },
            { text: 'Second note', action: { label: 'Dispute', command: 'note', options: { topic: 'entry-2' } } },
            { text: 'Third note, no button' },
          ],
        },
      ],
      actions: [{ label: 'Add a note', command: 'note', options: { topic: 'general' } }],
    }),
});

export const formCommands = [note, noteSave, notes] as CommandDefinition[];

/** A context for these commands: they read nothing from the catalog. */
export function formContext(): CommandContext {
  return { catalog: {} as Catalog, clock: fixedClock('2026-01-01T00:00:00Z'), commands: formCommands };
}
