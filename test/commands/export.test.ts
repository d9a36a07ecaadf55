import { afterAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import { buildActorCard } from '../../src/cards/actor-card.ts';
import { cardSchema, maxAttachmentBytes, noticeCard } from '../../src/core/card.ts';
import type { Catalog } from '../../src/core/catalog.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { type CommandContext, runCommand } from '../../src/core/command.ts';
import type { Tlp } from '../../src/domain/schemas.ts';
import { openCuratedStore } from '../helpers/store.ts';
import { katoAttribution, parseBundle } from '../platforms/stix-file.ts';

const store = openCuratedStore();
afterAll(() => store.close());
const clock = fixedClock('2026-01-01T00:00:00Z');
const context = (catalog: Catalog = store): CommandContext => ({ catalog, clock, commands });
const exportCommand = commands.find((c) => c.name === 'export');
const logger = { error: () => {} };
const run = (options: Record<string, unknown>, catalog?: Catalog) => {
  if (!exportCommand) throw new Error('no /export in the registry');
  return runCommand(exportCommand, options, context(catalog), logger);
};

/** The curated store, with one claim of the JAXA 2016 incident marked `tlp`. */
function withMarkedClaim(tlp: Tlp): Catalog {
  return {
    searchIncidents: (q) => store.searchIncidents(q),
    searchActors: (q) => store.searchActors(q),
    suggestIncidents: (t, n) => store.suggestIncidents(t, n),
    suggestActors: (t, n) => store.suggestActors(t, n),
    actorProfile: (slug) => store.actorProfile(slug),
    incidentDossier(slug) {
      const dossier = store.incidentDossier(slug);
      if (!dossier || slug !== 'jaxa-2016-tick') return dossier;
      return { ...dossier, claims: dossier.claims.map((c, i) => (i === 0 ? { ...c, tlp } : c)) };
    },
  };
}

describe('/export stix', () => {
  test('GIVEN an incident slug THEN the card carries the STIX bundle as a JSON attachment with Kato’s attributed-to', () => {
    const reply = run({ format: 'stix', query: 'jaxa-2016-tick' });
    expect(reply.kind).toBe('card');
    const { attachment } = reply.card;
    expect(attachment).toMatchObject({
      filename: 'jaxa-2016-tick.stix.json',
      contentType: 'application/json',
      label: 'STIX bundle',
      offline: 'npm run export -- stix jaxa-2016-tick --out jaxa-2016-tick.stix.json',
    });
    expect(katoAttribution(parseBundle(attachment?.content ?? ''))).toBeDefined();
    // Not a card to post again: the file is the answer.
    expect(reply.card.canonical).toBeUndefined();
    expect(reply.card.actions).toEqual([]);
  });

  test('GIVEN an actor slug THEN its bundle is attached', () => {
    const reply = run({ format: 'stix', query: 'tick' });
    expect(reply.card.attachment?.filename).toBe('tick.stix.json');
  });

  test('GIVEN an unknown name or another format THEN one error line and no file', () => {
    for (const options of [
      { format: 'stix', query: 'zzzz-nothing' },
      { format: 'csv', query: 'jaxa-2016-tick' },
    ]) {
      const reply = run(options);
      expect(reply.kind).toBe('error');
      expect(reply.card.attachment).toBeUndefined();
    }
    expect(run({ format: 'csv', query: 'x' }).card.title).toBe('/export: format must be stix');
  });

  test('GIVEN a name several records match THEN a choice per record, each button exporting that one, and no file', () => {
    const reply = run({ format: 'stix', query: 'jaxa' });
    expect(reply.kind).toBe('choices');
    expect(reply.card.attachment).toBeUndefined();
    expect(reply.card.actions.map((a) => a.options)).toEqual(
      expect.arrayContaining([{ format: 'stix', query: 'jaxa-2016-tick' }]),
    );
    expect(reply.card.actions.every((a) => a.command === 'export')).toBe(true);
    const chosen = run(reply.card.actions.find((a) => a.options.query === 'jaxa-2016-tick')?.options ?? {});
    expect(chosen.card.attachment?.filename).toBe('jaxa-2016-tick.stix.json');
  });

  test('GIVEN a claim marked TLP:GREEN THEN the bundle is still attached and the button offered', () => {
    const catalog = withMarkedClaim('GREEN');
    expect(run({ format: 'stix', query: 'jaxa-2016-tick' }, catalog).card.attachment).toBeDefined();
  });

  test('GIVEN a claim marked above TLP:GREEN THEN the command refuses, even typed, and names the marking', () => {
    for (const tlp of ['AMBER', 'AMBER+STRICT', 'RED'] as const) {
      const reply = run({ format: 'stix', query: 'jaxa-2016-tick' }, withMarkedClaim(tlp));
      expect(reply.kind).toBe('error');
      expect(reply.card.title).toContain(`TLP:${tlp}`);
      expect(reply.card.attachment).toBeUndefined();
    }
  });

  test('GIVEN the actor card THEN Export STIX comes last, within the five buttons', () => {
    const profile = store.actorProfile('tick');
    const card = profile ? buildActorCard(profile) : undefined;
    expect(card?.actions.at(-1)).toEqual({
      label: 'Export STIX',
      command: 'export',
      options: { format: 'stix', query: 'tick' },
    });
    const restricted = profile
      ? buildActorCard({ ...profile, claims: profile.claims.map((c) => ({ ...c, tlp: 'RED' as const })) })
      : undefined;
    expect(restricted?.actions.map((a) => a.label)).not.toContain('Export STIX');
  });
});

describe('card attachments', () => {
  const file = (content: string) => ({
    ...noticeCard('A file'),
    attachment: { filename: 'a.json', contentType: 'application/json', content, label: 'STIX bundle' },
  });

  test('GIVEN an attachment of at most 1 MB THEN the card parses; one byte more, or a path as the name, fails', () => {
    expect(cardSchema.safeParse(file('x'.repeat(maxAttachmentBytes))).success).toBe(true);
    expect(cardSchema.safeParse(file('x'.repeat(maxAttachmentBytes + 1))).success).toBe(false);
    // Multi-byte characters count as the bytes they take.
    expect(cardSchema.safeParse(file('é'.repeat(maxAttachmentBytes / 2 + 1))).success).toBe(false);
    const badName = { ...file('{}'), attachment: { ...file('{}').attachment, filename: '../etc/passwd' } };
    expect(cardSchema.safeParse(badName).success).toBe(false);
  });
});
