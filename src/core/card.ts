/**
 * The Card: what every command returns, as plain data. Renderers turn it into terminal text, Slack Block Kit or
 * Discord embeds. Its limits are the tighter of Slack's and Discord's, so a card that parses renders on both.
 * Text in a card is plain: renderers escape it for their platform and add emphasis themselves.
 */
import { z } from 'zod';

export const cardLimits = {
  title: 150,
  verdict: 1000,
  summary: 2000,
  fieldLabel: 80,
  fieldValue: 1024,
  fields: 10,
  entryText: 300,
  entryDetail: 700,
  entries: 25,
  children: 6,
  notes: 5,
  note: 600,
  footer: 1000,
  actions: 5,
  actionLabel: 75,
  formTitle: 24,
  formFields: 5,
  fieldPrompt: 45,
  formValue: 1000,
} as const;

const line = (max: number) => z.string().min(1).max(max);

export const cardSourceSchema = z.object({ label: line(200), url: z.string().max(500).optional() });
export type CardSource = z.infer<typeof cardSourceSchema>;

/** A button: runs a command with these raw option values, as if the person had typed them. */
export const cardActionSchema = z.object({
  label: line(cardLimits.actionLabel),
  command: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  options: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/), z.string().max(64)),
});
export type CardAction = z.infer<typeof cardActionSchema>;

/** One item in a section; a claim's counter-claims are its children. */
export interface CardEntry {
  text: string;
  detail?: string;
  meta?: string;
  source?: CardSource;
  /** A small button that belongs to this one entry ("Dispute" on a claim line). */
  action?: CardAction;
  children?: CardEntry[];
}

export const cardEntrySchema: z.ZodType<CardEntry> = z.object({
  text: line(cardLimits.entryText),
  detail: line(cardLimits.entryDetail).optional(),
  meta: line(300).optional(),
  source: cardSourceSchema.optional(),
  action: cardActionSchema.optional(),
  get children() {
    return z.array(cardEntrySchema).max(cardLimits.children).optional();
  },
});

/** Entries a section leaves out ("…and 4 more claims"), and the button that shows them. */
export const hiddenEntriesSchema = z.object({
  count: z.number().int().positive(),
  noun: line(40),
  action: cardActionSchema.optional(),
});
export type HiddenEntries = z.infer<typeof hiddenEntriesSchema>;

/** "…and 4 more claims". */
export function describeHidden(hidden: HiddenEntries): string {
  return `…and ${hidden.count} more ${hidden.noun}`;
}

/** Largest file a card may carry, in bytes of UTF-8: well under Slack's and Discord's upload limits. */
export const maxAttachmentBytes = 1_000_000;

/**
 * A file that goes with a card (a STIX bundle): Discord attaches it to the reply, Slack uploads it to the channel,
 * the console says how big it is and how to get it on the command line.
 */
export const cardAttachmentSchema = z.object({
  filename: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/),
  contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/),
  content: z
    .string()
    .min(1)
    .refine((text) => Buffer.byteLength(text, 'utf8') <= maxAttachmentBytes, {
      error: `must be at most ${maxAttachmentBytes} bytes`,
    }),
  /** What the file is, in a few words: "STIX bundle". */
  label: line(40),
  /** The command that writes the same file outside chat, for the console. */
  offline: line(200).optional(),
});
export type CardAttachment = z.infer<typeof cardAttachmentSchema>;

/** Bytes of an attachment's content as UTF-8. */
export function attachmentBytes(attachment: CardAttachment): number {
  return Buffer.byteLength(attachment.content, 'utf8');
}

/** One text box of a form: its option name, the prompt, and the value it starts with. */
export const formFieldSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  label: line(cardLimits.fieldPrompt),
  value: z.string().max(cardLimits.formValue).optional(),
  placeholder: z.string().max(100).optional(),
  multiline: z.boolean().default(false),
  required: z.boolean().default(false),
  maxLength: z.number().int().min(1).max(cardLimits.formValue),
});
export type FormField = z.infer<typeof formFieldSchema>;

/**
 * A form the person fills in before a command runs: Slack opens it as a modal (views.open), Discord as a modal
 * (showModal), the console prints the command to type. Submitting runs `submit.command` with `submit.options`
 * plus one option per field, exactly as if typed. At most five fields: Discord's limit for text inputs.
 */
export const cardFormSchema = z.object({
  title: line(cardLimits.formTitle),
  submitLabel: line(cardLimits.formTitle),
  submit: cardActionSchema.omit({ label: true }),
  fields: z.array(formFieldSchema).min(1).max(cardLimits.formFields),
});
export type CardForm = z.infer<typeof cardFormSchema>;

export const cardTones = ['contested', 'attributed', 'unattributed', 'neutral', 'problem'] as const;

export const cardSchema = z.object({
  kind: z.enum(['incident', 'actor', 'choices', 'help', 'notice', 'briefing', 'review', 'form']),
  title: line(cardLimits.title),
  url: z.string().max(500).optional(),
  /** Colour and emphasis: the attribution state for incidents, `problem` for errors. */
  tone: z.enum(cardTones),
  /** The bottom line, first: who is blamed, by whom, how sure, who denies. */
  verdict: line(cardLimits.verdict).optional(),
  summary: line(cardLimits.summary).optional(),
  fields: z
    .array(z.object({ label: line(cardLimits.fieldLabel), value: line(cardLimits.fieldValue) }))
    .max(cardLimits.fields),
  sections: z.array(
    z.object({
      title: line(80),
      entries: z.array(cardEntrySchema).max(cardLimits.entries),
      hidden: hiddenEntriesSchema.optional(),
    }),
  ),
  /** Warnings shown with ⚠: where sources disagree, names that are ambiguous. */
  notes: z.array(line(cardLimits.note)).max(cardLimits.notes),
  footer: line(cardLimits.footer).optional(),
  actions: z.array(cardActionSchema).max(cardLimits.actions),
  /** The command that shows this very card again (a slug, not the words typed): what "Post to channel" re-runs. */
  canonical: cardActionSchema.omit({ label: true }).optional(),
  /** A file that goes with the card. */
  attachment: cardAttachmentSchema.optional(),
  /** Present on `form` cards: what to ask, and which command the answers go to. */
  form: cardFormSchema.optional(),
});
export type Card = z.infer<typeof cardSchema>;
export type CardSection = Card['sections'][number];

/** Cuts text to `max` characters at a word boundary, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** A card that only says something: an error, "no match", a hint. */
export function noticeCard(title: string, options: { tone?: Card['tone']; summary?: string } = {}): Card {
  return {
    kind: 'notice',
    title: clip(title, cardLimits.title),
    tone: options.tone ?? 'neutral',
    ...(options.summary ? { summary: clip(options.summary, cardLimits.summary) } : {}),
    fields: [],
    sections: [],
    notes: [],
    actions: [],
  };
}
