/**
 * A form card → a Slack modal (views.open), and what comes back from it (a view_submission) → raw command options.
 * Pure: no Slack client. What Slack sends back is untrusted: the private metadata and the typed values are read
 * through zod, and the command's own option schema validates the values after that.
 */
import type { types as SlackTypes } from '@slack/bolt';
import { z } from 'zod';
import { type CardForm, cardFormSchema, cardLimits, clip, type FormField } from '../../core/card.ts';
import type { Reply } from '../../core/command.ts';
import { fitText } from './mrkdwn.ts';

/** Every modal of ours has this callback_id; the adapter listens for exactly these submissions. */
export const formCallbackId = 'cyberbrief-form';

/** Slack's limits on modals (views reference, plain_text_input element). */
export const slackModalLimits = {
  title: 24,
  button: 24,
  /** Ours (the card contract's prompt length); Slack allows 2000. */
  label: cardLimits.fieldPrompt,
  placeholder: 150,
  inputMaxLength: 3000,
  privateMetadata: 3000,
  /** Slack's limit on one inline error under an input; kept short so it reads as one line. */
  error: 150,
} as const;

const closeLabel = 'Cancel';

/**
 * What a modal carries through Slack and back: the command to run on submit, the channel it was opened in, and the
 * response_url of the command or button that opened it (the way back when the bot may not post in that channel).
 */
const formMetadataSchema = z.object({
  submit: cardFormSchema.shape.submit,
  channel: z
    .string()
    .regex(/^[A-Z0-9]{1,40}$/)
    .optional(),
  reply: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});
export type FormMetadata = z.infer<typeof formMetadataSchema>;

/** Where the modal was opened from. */
export interface FormOrigin {
  channel?: string | undefined;
  responseUrl?: string | undefined;
}

const plain = (text: string, max: number): SlackTypes.PlainTextElement => ({
  type: 'plain_text',
  text: fitText(text, max),
  emoji: true,
});

/** The value a box starts with: the data as typed (it is an input, never rendered markup), within the box's limit. */
function initialValue(field: FormField): string | undefined {
  if (field.value === undefined || field.value === '') return undefined;
  const text = field.multiline ? field.value : field.value.replace(/[\r\n]+/g, ' ');
  return [...text].slice(0, maxLengthOf(field)).join('');
}

function maxLengthOf(field: FormField): number {
  return Math.min(field.maxLength, cardLimits.formValue, slackModalLimits.inputMaxLength);
}

function inputBlock(field: FormField): SlackTypes.InputBlock {
  const value = initialValue(field);
  const element: SlackTypes.PlainTextInput = {
    type: 'plain_text_input',
    action_id: field.name,
    multiline: field.multiline,
    max_length: maxLengthOf(field),
    ...(value !== undefined ? { initial_value: value } : {}),
    ...(field.placeholder ? { placeholder: plain(field.placeholder, slackModalLimits.placeholder) } : {}),
  };
  return {
    type: 'input',
    block_id: field.name,
    optional: !field.required,
    label: plain(field.label, slackModalLimits.label),
    element,
  };
}

/** The modal for a form; undefined when its metadata would not fit Slack's 3000 characters. */
export function renderSlackModal(form: CardForm, origin: FormOrigin = {}): SlackTypes.ModalView | undefined {
  const { channel, responseUrl } = origin;
  const reply = responseUrl !== undefined && responseUrl.length <= 500 ? responseUrl : undefined;
  const metadata: FormMetadata = {
    submit: form.submit,
    ...(channel ? { channel } : {}),
    ...(reply ? { reply } : {}),
  };
  const privateMetadata = JSON.stringify(metadata);
  if (privateMetadata.length > slackModalLimits.privateMetadata) return undefined;
  return {
    type: 'modal',
    callback_id: formCallbackId,
    title: plain(form.title, slackModalLimits.title),
    submit: plain(form.submitLabel, slackModalLimits.button),
    close: plain(closeLabel, slackModalLimits.button),
    private_metadata: privateMetadata,
    blocks: form.fields.slice(0, cardLimits.formFields).map(inputBlock),
  };
}

/**
 * A response_url from a form's metadata, only when it points at Slack (or at one of `origins`, the test fake): the
 * metadata comes back through Slack, but a URL the bot posts to is checked all the same.
 */
export function trustedResponseUrl(url: string | undefined, origins: readonly string[]): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return origins.includes(parsed.origin) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The modal's metadata as it came back, or undefined when it is not ours or was altered. */
export function readFormMetadata(raw: unknown): FormMetadata | undefined {
  if (typeof raw !== 'string' || raw.length > slackModalLimits.privateMetadata) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const result = formMetadataSchema.safeParse(parsed);
  return result.success ? result.data : undefined;
}

const fieldName = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/);

/** `view.state.values`: block id → action id → the element's state; a box left empty has no value (or null). */
const stateValuesSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.looseObject({
      type: z.string(),
      value: z.string().max(slackModalLimits.inputMaxLength).nullish(),
    }),
  ),
);

export interface SubmittedValues {
  /** Field name → what was typed, with empty boxes left out. */
  values: Record<string, string>;
  /** Every box the modal had, typed in or not: where an inline error may go. */
  fields: string[];
}

/** The typed values of one of our modals, or undefined when the state is not the shape our modals produce. */
export function readSubmittedValues(state: unknown): SubmittedValues | undefined {
  const parsed = stateValuesSchema.safeParse(state);
  if (!parsed.success) return undefined;
  const values: Record<string, string> = {};
  const fields: string[] = [];
  for (const [blockId, actions] of Object.entries(parsed.data)) {
    const entries = Object.entries(actions);
    const [actionId, input] = entries[0] ?? [];
    // Our blocks hold one plain text input each, with block id = action id = the field name.
    if (entries.length !== 1 || actionId !== blockId || !fieldName.safeParse(blockId).success) return undefined;
    if (input?.type !== 'plain_text_input') return undefined;
    fields.push(blockId);
    if (typeof input.value === 'string' && input.value.trim() !== '') values[blockId] = input.value;
  }
  return fields.length > 0 && fields.length <= cardLimits.formFields ? { values, fields } : undefined;
}

/**
 * An error reply that names one of the form's fields ("/note-save: text is too long…") as Slack's inline errors
 * (block id → message), so the modal stays open with the message under that box; undefined otherwise.
 */
export function fieldErrors(
  reply: Reply,
  command: string,
  fields: readonly string[],
): Record<string, string> | undefined {
  if (reply.kind !== 'error') return undefined;
  const prefix = `/${command}: `;
  const title = reply.card.title;
  if (!title.startsWith(prefix)) return undefined;
  const line = title.slice(prefix.length);
  const field = fields.find((name) => line.startsWith(`${name} `));
  if (field === undefined) return undefined;
  // Plain text under a box: Slack shows it as written and never renders markup or mentions in it.
  return { [field]: clip(line, slackModalLimits.error) };
}
