import { describe, expect, test } from 'vitest';
import {
  type Briefing,
  type Change,
  composeBriefing,
  composeFromViews,
  viewIncident,
} from '../../src/briefing/compose.ts';
import { buildBriefingCard } from '../../src/cards/briefing-card.ts';
import { cardSchema } from '../../src/core/card.ts';
import type { IncidentDossier } from '../../src/domain/views.ts';
import { claimRecord, dossier } from '../helpers/claims.ts';

const window = { from: '2026-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z' };
const at = '2026-06-01T12:00:00.000Z';

const amber = claimRecord({ id: 'amber-claim', tlp: 'AMBER' });
const usClaim = claimRecord({
  id: 'us-claim',
  speaker: { organization: 'Example Agency', state: 'US', kind: 'government', onRecord: true },
});
const denial = claimRecord({
  id: 'denial',
  stance: 'denies',
  respondsTo: 'us-claim',
  subject: { actor: 'example-group' },
  speaker: { organization: 'Example Ministry', state: 'CN', kind: 'accused-party', onRecord: true },
});
const example = dossier([usClaim, denial, amber]);
const dossiers = new Map<string, IncidentDossier>([['example-2020', example]]);
const lookup = (slug: string) => dossiers.get(slug);
const claimChange = (claimSlug: string): Change => ({
  kind: 'claim',
  incidentSlug: 'example-2020',
  recordedAt: at,
  claimSlug,
});

describe('composeBriefing', () => {
  test('GIVEN a new denial and a claim above the ceiling THEN the denial is shown and the other withheld and counted', () => {
    const briefing = composeBriefing(window, [claimChange('denial'), claimChange('amber-claim')], lookup, {
      filters: {},
      tlpCeiling: 'GREEN',
    });
    expect(briefing.withheld).toBe(1);
    expect(briefing.items).toHaveLength(1);
    expect(briefing.items[0]?.changes).toEqual(['new denial by Example Ministry']);
    expect(briefing.items[0]?.verdict).toContain('denied by Example Ministry');
  });

  test('GIVEN an AMBER ceiling THEN the AMBER claim is shown', () => {
    const briefing = composeBriefing(window, [claimChange('amber-claim')], lookup, {
      filters: {},
      tlpCeiling: 'AMBER',
    });
    expect([briefing.withheld, briefing.items.length]).toEqual([0, 1]);
  });

  test.each([
    [{ country: 'JP' }, 1],
    [{ country: 'FR' }, 0],
    [{ sector: 'GOVERN' }, 1],
    [{ sector: 'health' }, 0],
    [{ actor: 'example-group' }, 1],
    [{ actor: 'tick' }, 0],
    [{ claimant: 'CN' }, 1],
    [{ claimant: 'DE' }, 0],
  ])('GIVEN filter %j THEN %i incidents remain', (filters, count) => {
    expect(
      composeBriefing(window, [claimChange('denial')], lookup, { filters, tlpCeiling: 'CLEAR' }).items,
    ).toHaveLength(count);
  });

  test('GIVEN a case-status change THEN it is reported with its date', () => {
    const briefing = composeBriefing(
      window,
      [
        {
          kind: 'status',
          incidentSlug: 'example-2020',
          recordedAt: at,
          statusDate: '2021-10-01',
          statusEvent: 'charges dropped',
        },
      ],
      lookup,
      { filters: {}, tlpCeiling: 'CLEAR' },
    );
    expect(briefing.items[0]?.changes).toEqual(['case status: charges dropped (2021-10-01)']);
  });
});

describe('composeFromViews', () => {
  test('GIVEN one view per ceiling shared by several filter sets THEN each briefing equals one composed alone', () => {
    const changes = [claimChange('denial'), claimChange('us-claim'), claimChange('amber-claim')];
    for (const tlpCeiling of ['CLEAR', 'AMBER'] as const) {
      const view = viewIncident(example, tlpCeiling);
      for (const filters of [{}, { claimant: 'CN' }, { claimant: 'US' }, { country: 'FR' }]) {
        expect(composeFromViews(window, changes, () => view, { filters, tlpCeiling })).toEqual(
          composeBriefing(window, changes, lookup, { filters, tlpCeiling }),
        );
      }
    }
  });
});

describe('buildBriefingCard', () => {
  test('GIVEN a quiet day THEN the card says so in one line', () => {
    const card = cardSchema.parse(
      buildBriefingCard({ ...window, items: [], withheld: 0 }, { date: '2026-06-02', timezone: 'UTC' }),
    );
    expect(card.verdict).toMatch(/^Quiet day/);
    expect(card.sections).toEqual([]);
  });

  test('GIVEN 23 changed incidents THEN ten are shown with "and 13 more" and a button to the next page', () => {
    const items = Array.from({ length: 23 }, (_, i) => ({
      slug: `incident-${i}`,
      title: `Incident ${i}`,
      verdict: 'Unattributed: no public claim names who did it.',
      changes: ['new incident'],
      latest: at,
    }));
    const card = cardSchema.parse(
      buildBriefingCard(
        { ...window, items, withheld: 2 },
        {
          date: '2026-06-02',
          timezone: 'UTC',
          pageAction: (n) => ({ label: 'More', command: 'briefing', options: { action: 'preview', page: String(n) } }),
        },
      ),
    );
    expect(card.sections[0]?.entries).toHaveLength(10);
    expect(card.sections[0]?.hidden).toMatchObject({ count: 13, noun: 'incidents' });
    expect(card.actions[0]?.options).toEqual({ action: 'preview', page: '2' });
    expect(card.notes).toEqual(['2 items withheld above this channel’s TLP ceiling']);
  });

  test('GIVEN a frozen briefing shared by many deliveries THEN its cards equal an unshared one and stay independent', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      slug: `incident-${i}`,
      title: `Incident ${i} ${'with a long title '.repeat(i)}`,
      verdict: `Attributed to Example Group ${i}`,
      changes: ['new incident', `new claim by party ${i}`],
      latest: at,
    }));
    const shared: Briefing = Object.freeze({
      ...window,
      items: Object.freeze(items.map((item) => Object.freeze({ ...item, changes: Object.freeze([...item.changes]) }))),
      withheld: 0,
    }) as Briefing;
    const options = { date: '2026-06-02', timezone: 'UTC' };
    const first = buildBriefingCard(shared, options);
    expect(first).toEqual(buildBriefingCard({ ...window, items, withheld: 0 }, options));
    const entry = first.sections[0]?.entries[0];
    if (!entry) throw new Error('expected entries');
    entry.text = 'changed';
    (first.actions[0] as { options: Record<string, string> }).options.query = 'changed';
    expect(buildBriefingCard(shared, options)).toEqual(buildBriefingCard({ ...window, items, withheld: 0 }, options));
  });
});
