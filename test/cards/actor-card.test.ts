import { describe, expect, test } from 'vitest';
import { buildActorCard } from '../../src/cards/actor-card.ts';
import { cardSchema } from '../../src/core/card.ts';
import type { ActorProfile } from '../../src/domain/views.ts';
import { claimRecord } from '../helpers/claims.ts';

const sponsorLink = claimRecord({
  id: 'sponsor-link',
  subject: { actor: 'example-group', sponsor: { name: 'Unit 1', partOf: 'Army', state: 'CN' } },
});
const answer = claimRecord({
  id: 'sponsor-denied',
  stance: 'denies',
  respondsTo: 'sponsor-link',
  subject: { state: 'CN' },
  speaker: { organization: 'Foreign Ministry', state: 'CN', kind: 'accused-party', onRecord: true },
});

const profile: ActorProfile = {
  actor: {
    slug: 'example-group',
    name: 'Example Group',
    kind: 'state-linked',
    description: 'A group used in tests.',
    aliases: [{ name: 'EXAMPLE BUTLER', coinedBy: 'Vendor A' }, { name: 'TAG-00' }],
    externalIds: { mitreAttack: 'G9999' },
  },
  claims: [sponsorLink, answer],
  incidents: [
    {
      slug: 'example-2020',
      title: 'Example intrusion (2020)',
      period: { start: '2020' },
      attribution: 'contested',
      blamed: ['Example Group'],
    },
  ],
  sharedAliases: [{ alias: 'TAG-00', others: ['Other Group'] }],
};

describe('buildActorCard', () => {
  test('GIVEN an actor THEN aliases show who coined them and shared names carry ⚠', () => {
    const card = cardSchema.parse(buildActorCard(profile));
    const aliases = card.sections.find((s) => s.title === 'Also known as');
    expect(aliases?.entries.map((e) => e.text)).toEqual(['EXAMPLE BUTLER — Vendor A', 'TAG-00 ⚠']);
    expect(card.notes).toContain('The name “TAG-00” is also used for Other Group');
  });

  test('GIVEN a sponsor link with a denial THEN it is a claim with the denial beneath, and counted', () => {
    const card = buildActorCard(profile);
    const links = card.sections.find((s) => s.title === 'Sponsor links (claims)');
    expect(links?.entries[0]?.children?.[0]?.text).toContain('denial');
    expect(card.fields).toContainEqual({ label: 'Claims · counter-claims', value: '1 · 1' });
    expect(card.verdict).toContain('linked to Unit 1');
  });
});
