/**
 * Buttons travel through Slack (`value`, ≤ 2000 chars) and Discord (`custom_id`, ≤ 100 chars) as one short string:
 * "incident?query=jaxa-2016-tick&view=claims", with "&post=1" when the button posts the card to the channel.
 * What comes back from a platform is untrusted input and is validated like any other.
 */
import type { z } from 'zod';
import { type CardAction, cardActionSchema } from './card.ts';

/** Discord's custom_id limit, the tighter of the two platforms. */
export const maxEncodedActionLength = 100;

const postFlag = 'post';

/** Encodes a button; undefined when it would not fit a Discord custom_id. */
export function encodeAction(action: Pick<CardAction, 'command' | 'options'>, post = false): string | undefined {
  const params = new URLSearchParams(action.options);
  if (post) params.set(postFlag, '1');
  const encoded = `${action.command}?${params.toString()}`;
  return encoded.length <= maxEncodedActionLength ? encoded : undefined;
}

const decodedSchema = cardActionSchema.omit({ label: true });

/** Reads a button back: the command, its raw options, and whether to post in the channel. */
export function decodeAction(
  encoded: string,
): { command: string; options: Record<string, string>; post: boolean } | undefined {
  const cut = encoded.indexOf('?');
  if (cut < 1 || encoded.length > 2000) return undefined;
  const params = new URLSearchParams(encoded.slice(cut + 1));
  const post = params.get(postFlag) === '1';
  params.delete(postFlag);
  const parsed = decodedSchema.safeParse({
    command: encoded.slice(0, cut),
    options: Object.fromEntries(params),
  } satisfies z.input<typeof decodedSchema>);
  return parsed.success ? { ...parsed.data, post } : undefined;
}
