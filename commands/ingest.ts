import { z } from 'zod';
import { noticeCard } from '../src/core/card.ts';
import { defineCommand } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';

/** Slack's slash-command text and Discord's string options both stay well under this. */
const maxPastedCharacters = 6000;
const linkPattern = /^https?:\/\/\S+$/i;

export default defineCommand({
  name: 'ingest',
  description: 'Read an article (link) or pasted text and propose its claims for review',
  usage: 'https://example.org/news/attribution',
  options: z.object({
    input: z
      .string({ error: 'is required: a link or the text of an article' })
      .transform((s) => s.replace(/[^\P{Cc}\n\t]+/gu, ' ').trim())
      .pipe(
        z
          .string()
          .min(1, { error: 'is empty: give a link or paste the text' })
          .max(maxPastedCharacters, { error: `is too long (at most ${maxPastedCharacters} characters)` }),
      )
      .describe('A link to an article, or the article text'),
  }),
  run({ input }, { review, invoker }) {
    if (!review || !invoker) throw new UserError('Ingest is not available here.');
    if (linkPattern.test(input)) {
      const parsed = z
        .url({ protocol: /^https?$/ })
        .max(2000)
        .safeParse(input);
      if (!parsed.success) throw new UserError('input: that link is not a valid http(s) URL.');
      review.queueLink(invoker, parsed.data);
      return noticeCard('Queued: the article will be read in the background.', {
        summary: 'What it says about attributions and denials will wait in /review for a reviewer.',
      });
    }
    const outcome = review.submitText(invoker, input);
    if (!outcome.isNew) return noticeCard('That text was read before; nothing new to propose.');
    return {
      ...noticeCard(
        outcome.proposed === 0
          ? 'Read the text: no claims or denials found in it.'
          : `Read the text: ${outcome.proposed} claim(s) proposed for review.`,
        { summary: 'Nothing reaches a card or a briefing until a reviewer approves it.' },
      ),
      actions: outcome.proposed > 0 ? [{ label: 'Open review queue', command: 'review', options: {} }] : [],
    };
  },
});
