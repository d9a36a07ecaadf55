import { z } from 'zod';
import { buildIncidentCard } from '../src/cards/incident-card.ts';
import { cardForOutcome, incidentItem } from '../src/cards/list-cards.ts';
import { defineCommand, queryOption } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';

export default defineCommand({
  name: 'incident',
  description: 'Brief an incident: who is blamed, by whom, how sure, and who denies it',
  usage: 'jaxa',
  options: z.object({ query: queryOption('Incident, victim or alias, e.g. jaxa, solarwinds, notpetya') }),
  run({ query }, { catalog }) {
    return cardForOutcome(query, catalog.searchIncidents(query), {
      noun: 'incident',
      hint: 'Try a victim (jaxa), an incident name (notpetya) or an alias (sunburst).',
      item: incidentItem,
      open(found) {
        const dossier = catalog.incidentDossier(found.slug);
        if (!dossier) throw new UserError(`The incident “${found.slug}” is no longer in the store.`);
        return buildIncidentCard(dossier);
      },
    });
  },
});
