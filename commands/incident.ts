import { z } from 'zod';
import { buildIncidentCard } from '../src/cards/incident-card.ts';
import { buildChoicesCard, buildNoMatchCard, incidentItem } from '../src/cards/list-cards.ts';
import { defineCommand, queryOption } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';

export default defineCommand({
  name: 'incident',
  description: 'Brief an incident: who is blamed, by whom, how sure, and who denies it',
  usage: 'jaxa',
  options: z.object({ query: queryOption('Incident, victim or alias, e.g. jaxa, solarwinds, notpetya') }),
  run({ query }, { catalog }) {
    const outcome = catalog.searchIncidents(query);
    switch (outcome.kind) {
      case 'match': {
        const dossier = catalog.incidentDossier(outcome.item.slug);
        if (!dossier) throw new UserError(`The incident “${outcome.item.slug}” is no longer in the store.`);
        return buildIncidentCard(dossier);
      }
      case 'choices':
        return buildChoicesCard(query, 'incident', outcome.items.map(incidentItem));
      case 'none':
        return buildNoMatchCard(
          query,
          'incident',
          outcome.suggestions.map(incidentItem),
          'Try a victim (jaxa), an incident name (notpetya) or an alias (sunburst).',
        );
    }
  },
});
