import { z } from 'zod';
import { buildActorCard } from '../src/cards/actor-card.ts';
import { actorItem, buildChoicesCard, buildNoMatchCard } from '../src/cards/list-cards.ts';
import { defineCommand, queryOption } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';

export default defineCommand({
  name: 'actor',
  description: 'Show a threat actor: aliases and who coined them, sponsor claims, incidents',
  usage: 'tick',
  options: z.object({ query: queryOption('Actor name or alias, e.g. tick, bronze butler, fancy bear') }),
  run({ query }, { catalog }) {
    const outcome = catalog.searchActors(query);
    switch (outcome.kind) {
      case 'match': {
        const profile = catalog.actorProfile(outcome.item.slug);
        if (!profile) throw new UserError(`The actor “${outcome.item.slug}” is no longer in the store.`);
        return buildActorCard(profile);
      }
      case 'choices':
        return buildChoicesCard(query, 'actor', outcome.items.map(actorItem));
      case 'none':
        return buildNoMatchCard(
          query,
          'actor',
          outcome.suggestions.map(actorItem),
          'Try a group name or an alias: tick, apt28, lazarus.',
        );
    }
  },
});
