import { z } from 'zod';
import { isTimeZone } from '../src/briefing/slots.ts';
import type { Invoker, SubscriptionView } from '../src/core/briefings.ts';
import { type Card, noticeCard } from '../src/core/card.ts';
import { defineCommand } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';
import { countryCodeSchema, tlpLevels } from '../src/domain/schemas.ts';

const actions = ['preview', 'subscribe', 'unsubscribe', 'list', 'show'] as const;
const upper = (s: string) => s.toUpperCase();

function describeSubscription(view: SubscriptionView): string {
  const filters = Object.entries(view.filters).map(([name, value]) => `${name}=${value}`);
  return [
    `#${view.id} daily at ${view.time} ${view.timezone}`,
    filters.length > 0 ? `only ${filters.join(', ')}` : undefined,
    `TLP ceiling ${view.tlpCeiling}`,
    view.quietDays === 'skip' ? 'silent on quiet days' : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

function requireManager(invoker: Invoker): void {
  if (!invoker.canManageChannel) {
    throw new UserError(
      'Only people who can manage this channel can change its briefings (Discord: Manage Channels; Slack: workspace admins or SLACK_ADMIN_USER_IDS).',
    );
  }
}

export default defineCommand({
  name: 'briefing',
  description: 'Daily briefing for this channel: preview, subscribe, unsubscribe, list',
  usage: 'subscribe 09:00 Asia/Tokyo',
  positional: ['action', 'time', 'timezone'],
  usesInvokerRights: true,
  options: z.object({
    action: z
      .enum(actions, { error: 'must be preview, subscribe, unsubscribe or list' })
      .default('preview')
      .describe('preview (default), subscribe, unsubscribe or list'),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM, e.g. 09:00' })
      .optional()
      .describe('Time of day to post, HH:MM (subscribe)'),
    timezone: z
      .string()
      .refine(isTimeZone, { error: 'must be an IANA time zone, e.g. Asia/Tokyo or UTC' })
      .default('UTC')
      .describe('IANA time zone, default UTC (subscribe)'),
    actor: z.string().min(1).max(48).optional().describe('Only incidents involving this actor (slug, e.g. tick)'),
    country: z
      .string()
      .transform(upper)
      .pipe(countryCodeSchema)
      .optional()
      .describe('Only incidents with a victim in this country (ISO code, e.g. JP)'),
    sector: z.string().min(2).max(60).optional().describe('Only incidents with a victim in this sector'),
    claimant: z
      .string()
      .transform(upper)
      .pipe(countryCodeSchema)
      .optional()
      .describe('Only claims made for this state (ISO code, e.g. US)'),
    tlp: z
      .string()
      .transform(upper)
      .pipe(z.enum(tlpLevels, { error: `must be one of ${tlpLevels.join(', ')}` }))
      .default('CLEAR')
      .describe('Most restricted TLP this channel may see, default CLEAR'),
    quiet: z
      .enum(['post', 'skip'], { error: 'must be post or skip' })
      .default('post')
      .describe('On a quiet day: post a short line (post) or nothing (skip)'),
    id: z.coerce.number({ error: 'must be a number' }).int().min(1).optional().describe('Subscription to remove'),
    page: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100).optional().describe('Page'),
  }),
  run(options, { briefings, invoker }): Card {
    if (!briefings || !invoker) throw new UserError('Daily briefings are not available here.');
    switch (options.action) {
      case 'preview':
        return briefings.preview(invoker, options.page ?? 1);
      case 'show': {
        const card = briefings.show(invoker, options.id ?? 0, options.page ?? 1);
        if (!card) throw new UserError('That briefing is not from this channel, or no longer exists.');
        return card;
      }
      case 'list': {
        const views = briefings.list(invoker);
        const card = noticeCard(
          views.length === 0
            ? 'This channel has no daily briefing. Try /briefing subscribe 09:00 UTC'
            : `Daily briefings in this channel (${views.length})`,
        );
        return {
          ...card,
          sections:
            views.length === 0
              ? []
              : [
                  {
                    title: 'Subscriptions',
                    entries: views.map((view) => ({
                      text: describeSubscription(view),
                      detail: `next: ${view.nextRun}`,
                      meta: view.lastDelivery
                        ? `last: ${view.lastDelivery.date} · ${view.lastDelivery.status} · ${view.lastDelivery.outcome}`.slice(
                            0,
                            300,
                          )
                        : 'no briefing delivered yet',
                    })),
                  },
                ],
        };
      }
      case 'subscribe': {
        requireManager(invoker);
        if (!options.time)
          throw new UserError('/briefing subscribe needs a time, e.g. /briefing subscribe 09:00 Asia/Tokyo');
        const { view, created } = briefings.subscribe(invoker, {
          time: options.time,
          timezone: options.timezone,
          filters: {
            ...(options.actor ? { actor: options.actor } : {}),
            ...(options.country ? { country: options.country } : {}),
            ...(options.sector ? { sector: options.sector } : {}),
            ...(options.claimant ? { claimant: options.claimant } : {}),
          },
          tlpCeiling: options.tlp,
          quietDays: options.quiet,
        });
        return noticeCard(`${created ? 'Subscribed' : 'Already subscribed'}: ${describeSubscription(view)}`, {
          summary: `Next briefing: ${view.nextRun}. It covers what changed since the last one.`,
        });
      }
      case 'unsubscribe': {
        requireManager(invoker);
        if (options.id === undefined)
          throw new UserError('/briefing unsubscribe needs the id:N shown by /briefing list');
        if (!briefings.unsubscribe(invoker, options.id)) {
          throw new UserError(`No subscription #${options.id} in this channel; /briefing list shows them.`);
        }
        return noticeCard(`Unsubscribed #${options.id}.`);
      }
    }
  },
});
