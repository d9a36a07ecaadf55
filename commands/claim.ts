import { z } from 'zod';
import { buildCandidateForm, buildDisputeForm } from '../src/cards/review-card.ts';
import { noticeCard } from '../src/core/card.ts';
import { defineCommand } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';
import { slugSchema } from '../src/domain/schemas.ts';

const cleaned = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\p{Cc}+/gu, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, { error: 'is empty' })
        .max(max, { error: `is too long (at most ${max} characters)` }),
    );

export default defineCommand({
  name: 'claim',
  description: 'Add a claim you read somewhere (reviewers), or dispute one on a card',
  usage: 'add quote:"…" url:https://…',
  positional: ['action'],
  options: z.object({
    action: z.enum(['add', 'dispute'], { error: 'must be add or dispute' }).describe('add or dispute'),
    quote: cleaned(1000).optional().describe('The sentence, verbatim, as published (add)'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(500)
      .optional()
      .describe('Where it was published (add)'),
    id: slugSchema.optional().describe('The claim to dispute'),
    note: cleaned(1000).optional().describe('What is wrong with the claim (dispute)'),
  }),
  run(options, { review, invoker }) {
    if (!review || !invoker) throw new UserError('Claims cannot be added or disputed here.');
    if (options.action === 'add') {
      if (!options.quote || !options.url) {
        throw new UserError(
          '/claim add needs the sentence and where it was published: /claim add quote:"…" url:https://…',
        );
      }
      // The sentence is read like an article sentence, then opened in the same form reviewers use for candidates.
      return buildCandidateForm(review.draftClaim(invoker, options.quote, options.url));
    }
    if (!options.id)
      throw new UserError('/claim dispute needs the claim, e.g. /claim dispute id:jaxa-2016-tick-jp-cabinet');
    if (!options.note) return buildDisputeForm(options.id);
    review.dispute(invoker, options.id, options.note);
    return noticeCard('Thank you: your note is filed for the reviewers.', {
      summary: 'The claim stays on the card until a reviewer looks at it.',
    });
  },
});
