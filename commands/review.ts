import { z } from 'zod';
import {
  buildCandidateCard,
  buildCandidateForm,
  buildDisputesCard,
  buildReviewQueueCard,
} from '../src/cards/review-card.ts';
import { defineCommand } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';
import { stances } from '../src/domain/schemas.ts';

const actions = ['list', 'show', 'approve', 'reject', 'edit', 'save', 'disputes'] as const;
const pageSize = 10;
const typed = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\p{Cc}+/gu, ' ').trim())
    .pipe(z.string().max(max, { error: `is too long (at most ${max} characters)` }));

export default defineCommand({
  name: 'review',
  description: 'Review claims proposed from the news: approve, edit or reject (reviewers)',
  usage: 'approve 12',
  positional: ['action', 'id'],
  options: z.object({
    action: z
      .enum(actions, { error: `must be one of ${actions.join(', ')}` })
      .default('list')
      .describe('list (default), show, approve, reject, edit, disputes'),
    id: z.coerce.number({ error: 'must be a candidate number' }).int().min(1).optional().describe('Candidate number'),
    page: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1000).optional().describe('Page'),
    speaker: typed(200)
      .pipe(z.string().min(1, { error: 'is empty' }))
      .optional()
      .describe('Speaker, e.g. China’s Foreign Ministry (CN)'),
    stance: z
      .string()
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.enum(stances, { error: `must be one of ${stances.join(', ')}` }))
      .optional()
      .describe('attributes, denies, evidence-challenge, …'),
    actor: typed(200)
      .pipe(z.string().min(1, { error: 'is empty' }))
      .optional()
      .describe('Actor, e.g. Tick (CN)'),
    hedge: typed(120).optional().describe('Hedge words, verbatim'),
    incident: typed(200)
      .pipe(z.string().min(1, { error: 'is empty' }))
      .optional()
      .describe('Incident slug or name'),
  }),
  run(options, { review, invoker }) {
    if (!review || !invoker) throw new UserError('The review queue is not available here.');
    const needId = () => {
      if (options.id === undefined)
        throw new UserError(`/review ${options.action} needs a candidate number, e.g. /review ${options.action} 12`);
      return options.id;
    };
    switch (options.action) {
      case 'list': {
        const page = options.page ?? 1;
        return buildReviewQueueCard(review.queue(invoker, page, pageSize), page, pageSize);
      }
      case 'show': {
        const view = review.candidate(invoker, needId());
        if (!view) throw new UserError(`There is no candidate #${options.id}.`);
        return buildCandidateCard(view);
      }
      case 'approve': {
        const view = review.approve(invoker, needId());
        return buildCandidateCard(view, `Approved #${view.id}: now on ${view.incident?.title ?? 'its incident'}`);
      }
      case 'reject': {
        const view = review.reject(invoker, needId());
        return buildCandidateCard(view, `Rejected #${view.id}`);
      }
      case 'edit': {
        const view = review.candidate(invoker, needId());
        if (!view) throw new UserError(`There is no candidate #${options.id}.`);
        if (view.status !== 'pending') throw new UserError(`Candidate #${view.id} was already ${view.status}.`);
        return buildCandidateForm(view);
      }
      case 'save': {
        const view = review.edit(invoker, needId(), {
          ...(options.speaker !== undefined ? { speaker: options.speaker } : {}),
          ...(options.stance !== undefined ? { stance: options.stance } : {}),
          ...(options.actor !== undefined ? { actor: options.actor } : {}),
          ...(options.hedge !== undefined ? { hedge: options.hedge } : {}),
          ...(options.incident !== undefined ? { incident: options.incident } : {}),
        });
        return buildCandidateCard(view, `Saved #${view.id}: approve it when it reads right`);
      }
      case 'disputes':
        return buildDisputesCard(review.disputes(invoker, 25));
    }
  },
});
