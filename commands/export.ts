import { z } from 'zod';
import { exportableTlps } from '../src/cards/export-action.ts';
import { actorItem, buildChoicesCard, completionsOf, incidentItem } from '../src/cards/list-cards.ts';
import { type Card, cardLimits, clip, maxAttachmentBytes } from '../src/core/card.ts';
import { defineCommand, queryOption } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';
import { tlpLevels } from '../src/domain/schemas.ts';
import { resolveStixExport } from '../src/export/run-export.ts';
import { tlpOfMarking } from '../src/export/stix.ts';

const formats = ['stix'] as const;

export default defineCommand({
  name: 'export',
  description: 'Export an incident or actor as a STIX 2.1 bundle, attached as a file',
  usage: 'stix jaxa-2016-tick',
  positional: ['format', 'query'],
  options: z.object({
    format: z.enum(formats, { error: 'must be stix' }).describe('File format: stix (STIX 2.1 JSON bundle)'),
    query: queryOption('Incident or actor, by slug or name, e.g. jaxa-2016-tick or tick'),
  }),
  completes: ['query'],
  complete(option, partial, { catalog }) {
    if (option !== 'query') return [];
    return [
      ...completionsOf(catalog.suggestIncidents(partial, 13).map(incidentItem)),
      ...completionsOf(catalog.suggestActors(partial, 12).map(actorItem)),
    ];
  },
  run({ query }, { catalog }): Card {
    const resolved = resolveStixExport(catalog, query);
    if (typeof resolved === 'string') throw new UserError(resolved);
    if ('problem' in resolved) {
      // Several records match: one button per record, each exporting that one by its slug.
      const card = buildChoicesCard(
        query,
        'record',
        resolved.choices.map((c) => ({
          title: c.name,
          detail: `${c.kind} ${c.slug}`,
          command: 'export',
          query: c.slug,
          options: { format: 'stix' },
        })),
      );
      return { ...card, summary: 'Which one should be exported as a STIX bundle?' };
    }
    const { bundle, kind, slug, name } = resolved;
    const offline = `npm run export -- stix ${slug} --out ${slug}.stix.json`;

    // The file goes into a chat: only when every marking in it allows that (the card shows the button only then).
    const tlps = new Set(bundle.objects.flatMap((o) => (o.type === 'marking-definition' ? [tlpOfMarking(o.id)] : [])));
    const restricted = tlpLevels.filter((tlp) => tlps.has(tlp) && !exportableTlps.has(tlp));
    if (restricted.length > 0) {
      throw new UserError(
        `The ${kind} ${slug} has claims marked TLP:${restricted.join(', TLP:')}: its bundle is not shared in chat. Use ${offline}.`,
      );
    }
    const content = `${JSON.stringify(bundle, null, 2)}\n`;
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > maxAttachmentBytes) {
      throw new UserError(`The STIX bundle for ${slug} is ${bytes} bytes, too big for a chat file. Use ${offline}.`);
    }
    // Every claim has one note with its hedge words.
    const claims = bundle.objects.filter((o) => o.type === 'note' && o.x_cyberbrief_note_of !== undefined).length;
    const highest = tlpLevels.filter((tlp) => tlps.has(tlp)).at(-1) ?? 'CLEAR';
    return {
      kind: 'notice',
      title: clip(`STIX 2.1 bundle: ${name}`, cardLimits.title),
      tone: 'neutral',
      summary: clip(
        `${slug}.stix.json · ${bundle.objects.length} STIX objects, ${claims} claims · TLP:${highest} at most.`,
        cardLimits.summary,
      ),
      fields: [],
      sections: [],
      notes: [],
      actions: [],
      attachment: {
        filename: `${slug}.stix.json`,
        contentType: 'application/json',
        content,
        label: 'STIX bundle',
        offline,
      },
    };
  },
});
