import { z } from 'zod';
import { buildActorCard } from '../src/cards/actor-card.ts';
import { actorItem, cardForOutcome, completionsOf } from '../src/cards/list-cards.ts';
import { defineCommand, queryOption } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';

export default defineCommand({
  name: 'actor',
  description: 'Show a threat actor: aliases and who coined them, sponsor claims, incidents',
  usage: 'tick',
  options: z.object({ query: queryOption('Actor name or alias, e.g. tick, bronze butler, fancy bear') }),
  completes: ['query'],
  complete(option, partial, { catalog }) {
    return option === 'query' ? completionsOf(catalog.suggestActors(partial, 25).map(actorItem)) : [];
  },
  run({ query }, { catalog }) {
    return cardForOutcome(query, catalog.searchActors(query), {
      noun: 'actor',
      hint: 'Try a group name or an alias: tick, apt28, lazarus.',
      item: actorItem,
      open(found) {
        const profile = catalog.actorProfile(found.slug);
        if (!profile) throw new UserError(`The actor “${found.slug}” is no longer in the store.`);
        return buildActorCard(profile);
      },
    });
  },
});
