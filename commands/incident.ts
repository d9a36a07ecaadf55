import { z } from 'zod';
import { buildIncidentCard, incidentViews } from '../src/cards/incident-card.ts';
import { cardForOutcome, completionsOf, incidentItem } from '../src/cards/list-cards.ts';
import { defineCommand, queryOption } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';

export default defineCommand({
  name: 'incident',
  description: 'Brief an incident: who is blamed, by whom, how sure, and who denies it',
  usage: 'jaxa',
  options: z.object({
    query: queryOption('Incident, victim or alias, e.g. jaxa, solarwinds, notpetya'),
    view: z
      .enum(incidentViews, { error: `must be one of: ${incidentViews.join(', ')}` })
      .optional()
      .describe('brief (default), claims (every claim, a page at a time) or sources'),
    page: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(100, { error: 'must be at most 100' })
      .optional()
      .describe('Page of the claims view'),
  }),
  completes: ['query'],
  complete(option, partial, { catalog }) {
    return option === 'query' ? completionsOf(catalog.suggestIncidents(partial, 25).map(incidentItem)) : [];
  },
  run({ query, view, page }, { catalog }) {
    return cardForOutcome(query, catalog.searchIncidents(query), {
      noun: 'incident',
      hint: 'Try a victim (jaxa), an incident name (notpetya) or an alias (sunburst).',
      item: incidentItem,
      open(found) {
        const dossier = catalog.incidentDossier(found.slug);
        if (!dossier) throw new UserError(`The incident “${found.slug}” is no longer in the store.`);
        return buildIncidentCard(dossier, { ...(view ? { view } : {}), ...(page ? { page } : {}) });
      },
    });
  },
});
