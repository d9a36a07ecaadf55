/**
 * A form card → a Discord modal (interaction callback type 9), and what comes back from it (a modal submit) → raw
 * command options. The modal's custom_id is the encoded submit action, so nothing is kept between the two; what comes
 * back is untrusted and read through zod, and the command's own option schema validates the values after that.
 */
import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  LabelBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { z } from 'zod';
import { encodeAction } from '../../core/actions.ts';
import { type CardForm, cardLimits, type FormField } from '../../core/card.ts';
import { discordLimits, fitText, literal } from './render-embeds.ts';

/** Discord's limits on modals and text inputs (components reference). */
export const discordModalLimits = {
  title: 45,
  label: 45,
  placeholder: 100,
  value: 4000,
  inputs: 5,
} as const;

/** One line of plain text for a modal's title or a box's label: no control characters, no mentions, within `max`. */
function line(text: string, max: number): string {
  return fitText(literal(text), max) || '…';
}

function maxLengthOf(field: FormField): number {
  return Math.min(field.maxLength, cardLimits.formValue, discordModalLimits.value);
}

/** The value a box starts with: the data as typed (an input never renders markup or pings), within the box's limit. */
function initialValue(field: FormField): string | undefined {
  if (field.value === undefined || field.value === '') return undefined;
  const text = field.multiline ? field.value : field.value.replace(/[\r\n]+/g, ' ');
  let value = [...text].slice(0, maxLengthOf(field)).join('');
  // Discord counts UTF-16 units: drop whole characters until it fits.
  while (value.length > maxLengthOf(field)) value = [...value].slice(0, -1).join('');
  return value;
}

function textInput(field: FormField): LabelBuilder {
  const input = new TextInputBuilder()
    .setCustomId(field.name)
    .setStyle(field.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short)
    .setRequired(field.required)
    .setMaxLength(maxLengthOf(field));
  const value = initialValue(field);
  if (value !== undefined) input.setValue(value);
  if (field.placeholder) input.setPlaceholder(line(field.placeholder, discordModalLimits.placeholder));
  return new LabelBuilder().setLabel(line(field.label, discordModalLimits.label)).setTextInputComponent(input);
}

/** The modal for a form; undefined when its submit action does not fit a custom_id (100 characters). */
export function renderDiscordModal(form: CardForm): APIModalInteractionResponseCallbackData | undefined {
  const customId = encodeAction(form.submit);
  if (customId === undefined || customId.length > discordLimits.customId) return undefined;
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(line(form.title, discordModalLimits.title))
    .addLabelComponents(form.fields.slice(0, discordModalLimits.inputs).map(textInput))
    .toJSON();
}

const submittedSchema = z
  .array(
    z.object({
      type: z.literal(ComponentType.TextInput),
      customId: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
      value: z.string().max(discordModalLimits.value),
    }),
  )
  .min(1)
  .max(discordModalLimits.inputs);

/**
 * The typed values of a submitted modal (field name → text, empty boxes left out), read from discord.js's parsed
 * fields; undefined when they are not the text boxes our modals have.
 */
export function readModalValues(fields: Iterable<unknown>): Record<string, string> | undefined {
  const parsed = submittedSchema.safeParse([...fields]);
  if (!parsed.success) return undefined;
  const values: Record<string, string> = {};
  for (const { customId, value } of parsed.data) if (value.trim() !== '') values[customId] = value;
  return values;
}
