import { describe, expect, test } from 'vitest';
import { buildIncidentCard, buildVerdict, claimThreads } from '../../src/cards/incident-card.ts';
import { cardLimits, cardSchema } from '../../src/core/card.ts';
import { claimRecord, dossier } from '../helpers/claims.ts';

const attribution = claimRecord({
  id: 'gov-attributes',
  speaker: { name: 'A. Minister', role: 'Chief Cabinet Secretary', state: 'JP', kind: 'government', onRecord: true },
  subject: { actor: 'example-group', sponsor: { name: 'PLA', state: 'CN' } },
  confidence: { hedge: 'highly likely', level: 'very-likely' },
});
const denial = claimRecord({
  id: 'mfa-denies',
  speaker: {
    name: 'B. Spokesperson',
    organization: 'Ministry of Foreign Affairs',
    state: 'CN',
    kind: 'accused-party',
    onRecord: true,
  },
  stance: 'evidence-challenge',
  subject: { state: 'CN' },
  respondsTo: 'gov-attributes',
  quote: 'groundless speculation',
});
const notAware = claimRecord({
  id: 'mfa-not-aware',
  said: '2021-04-19',
  speaker: denial.speaker,
  stance: 'non-acknowledgement',
  subject: { state: 'CN' },
  respondsTo: 'gov-attributes',
});
const police = claimRecord({
  id: 'police-unit',
  speaker: { organization: 'Metropolitan Police', state: 'JP', kind: 'law-enforcement', onRecord: false },
  subject: { actor: 'example-group', sponsor: { name: 'PLA Unit 61419', partOf: 'PLA', state: 'CN' } },
});

describe('buildVerdict', () => {
  test('GIVEN no claim naming anyone THEN the verdict says unattributed', () => {
    expect(buildVerdict([], 0)).toBe('Unattributed: no public claim names who did it.');
  });

  test('GIVEN a government attribution with a hedge and a denial THEN blamed, by whom, how sure and who denies', () => {
    expect(buildVerdict([attribution, denial], 0)).toBe(
      'Attributed to Example Group, linked to China’s PLA — by Japan’s government (“highly likely”) · denied by Ministry of Foreign Affairs',
    );
  });

  test('GIVEN a nested sponsor from a second source THEN the more specific unit is named and both parties listed', () => {
    expect(buildVerdict([attribution, police], 1)).toBe(
      'Attributed to Example Group, linked to China’s PLA Unit 61419 — by Japan’s government (“highly likely”) and Metropolitan Police · 1 discrepancy',
    );
  });

  test('GIVEN only a non-acknowledgement THEN the verdict says not acknowledged, not denied', () => {
    expect(buildVerdict([attribution, notAware], 0)).toContain('not acknowledged by Ministry of Foreign Affairs');
  });

  test('GIVEN every attribution retracted THEN the verdict says so', () => {
    const retraction = claimRecord({ id: 'retracts', stance: 'retracts', respondsTo: 'gov-attributes' });
    expect(buildVerdict([attribution, retraction], 0)).toMatch(/^Attribution retracted/);
  });
});

describe('claimThreads', () => {
  test('GIVEN counter-claims THEN they sit under the claim they answer, in date order', () => {
    const threads = claimThreads([denial, police, notAware, attribution]);
    expect(threads.map((t) => t.claim.id)).toEqual(['gov-attributes', 'police-unit']);
    expect(threads[0]?.answers.map((a) => a.id)).toEqual(['mfa-not-aware', 'mfa-denies']);
  });
});

describe('buildIncidentCard', () => {
  test('GIVEN a contested incident THEN the card leads with the verdict and nests answers', () => {
    const card = cardSchema.parse(buildIncidentCard(dossier([attribution, denial, police])));
    expect(card.tone).toBe('contested');
    expect(card.verdict).toMatch(/^Attributed to Example Group/);
    const claims = card.sections.find((s) => s.title === 'Claims');
    expect(claims?.entries[0]?.detail).toContain('“highly likely” — ICD 203: very likely (80–95%)');
    expect(claims?.entries[0]?.children?.[0]?.text).toContain('evidence challenge');
    expect(claims?.entries[1]?.text).toContain('anonymous sources');
    expect(claims?.entries[1]?.detail).toContain('ICD 203: unassessed');
  });

  test('GIVEN sponsors that are not nested THEN a ⚠ note lists each with who holds it', () => {
    const nudt = claimRecord({
      id: 'db-nudt',
      speaker: { organization: 'Example Database', kind: 'researcher', onRecord: true },
      subject: { actor: 'example-group', sponsor: { name: 'NUDT', partOf: 'PLA', state: 'CN' } },
    });
    const card = buildIncidentCard(dossier([attribution, police], { actorClaims: [nudt] }));
    expect(card.notes).toEqual([
      'Sources disagree on the sponsor: PLA Unit 61419 (Metropolitan Police) · NUDT (Example Database)',
    ]);
  });

  test('GIVEN a maximal incident THEN the card holds every limit and cuts at a claim boundary', () => {
    const long = 'x'.repeat(600);
    const claims = Array.from({ length: 40 }, (_, i) =>
      claimRecord({
        id: `claim-${i}`,
        statement: long,
        quote: 'q'.repeat(300),
        basisDetail: 'b'.repeat(300),
        basis: 'forensics',
        speaker: {
          name: 'N'.repeat(120),
          role: 'R'.repeat(160),
          organization: 'O'.repeat(160),
          state: 'JP',
          kind: 'vendor',
          onRecord: true,
        },
        source: { publisher: 'P'.repeat(120), date: '2021-01-01', url: `https://example.org/${'u'.repeat(400)}` },
      }),
    );
    const answers = Array.from({ length: 10 }, (_, i) =>
      claimRecord({ id: `answer-${i}`, stance: 'denies', respondsTo: 'claim-0', statement: long }),
    );
    const big = dossier([...claims, ...answers], {
      incident: {
        ...dossier([]).incident,
        title: 'T'.repeat(140),
        summary: 's '.repeat(750),
        victims: Array.from({ length: 30 }, (_, i) => ({ name: `Victim ${i} ${'v'.repeat(150)}`, country: 'JP' })),
        status: Array.from({ length: 20 }, (_, i) => ({ date: '2021-01-01', event: `event ${i} ${'e'.repeat(250)}` })),
      },
    });
    const card = cardSchema.parse(buildIncidentCard(big));
    const section = card.sections.find((s) => s.title === 'Claims');
    expect(section?.entries.length).toBeLessThan(40);
    expect(section?.hidden).toEqual({
      count: 40 - (section?.entries.length ?? 0),
      noun: 'claims',
      action: { label: 'All claims', command: 'incident', options: { query: 'example-2020', view: 'claims' } },
    });
    expect(section?.entries[0]?.children?.length).toBe(cardLimits.children);
  });
});

describe('buildVerdict hedges', () => {
  test('GIVEN the hedge comes from a less authoritative party THEN it stands next to that party, not the first', () => {
    const minister = claimRecord({ id: 'minister', speaker: attribution.speaker, confidence: { level: 'unassessed' } });
    const hedgedPolice = { ...police, confidence: { hedge: 'probably', level: 'likely' as const } };
    expect(buildVerdict([minister, hedgedPolice], 0)).toContain(
      'by Japan’s government and Metropolitan Police (“probably”)',
    );
  });
});

describe('buildIncidentCard views', () => {
  const many = Array.from({ length: 20 }, (_, i) =>
    claimRecord({ id: `c-${String(i).padStart(2, '0')}`, said: `2021-01-${String(i + 1).padStart(2, '0')}` }),
  );

  test('GIVEN the claims view THEN claims come a page at a time with a button for the next page', () => {
    const page2 = buildIncidentCard(dossier(many), { view: 'claims', page: 2 });
    expect(page2.title).toBe('Example intrusion (2020) — claims (page 2 of 3)');
    const section = page2.sections.find((s) => s.title === 'Claims');
    expect(section?.entries).toHaveLength(8);
    expect(section?.hidden?.count).toBe(4);
    expect(section?.hidden?.action?.options).toEqual({ query: 'example-2020', view: 'claims', page: '3' });
    expect(page2.actions.map((a) => a.label)).toContain('Briefing');
  });

  test('GIVEN a page past the end THEN the last page is shown', () => {
    expect(buildIncidentCard(dossier(many), { view: 'claims', page: 9 }).title).toContain('page 3 of 3');
  });

  test('GIVEN the sources view THEN each source is listed once with how many claims cite it', () => {
    const card = buildIncidentCard(dossier(many), { view: 'sources' });
    expect(card.sections).toHaveLength(1);
    expect(card.sections[0]?.entries).toEqual([
      {
        text: 'Example Wire',
        detail: 'Example Wire, 2021-04-20 · cited by 20 claims',
        source: { label: 'Example Wire' },
      },
    ]);
  });

  test('GIVEN the brief THEN it carries All claims, Sources, Actor and Export STIX buttons', () => {
    const card = buildIncidentCard(dossier(many));
    expect(card.actions.map((a) => a.label)).toEqual(['All claims', 'Sources', 'Actor: Example Group', 'Export STIX']);
    expect(card.actions.at(-1)).toEqual({
      label: 'Export STIX',
      command: 'export',
      options: { format: 'stix', query: 'example-2020' },
    });
  });

  test('GIVEN one claim above TLP:GREEN THEN no Export STIX button is offered', () => {
    const green = many.map((c, i) => ({ ...c, tlp: i === 0 ? ('GREEN' as const) : c.tlp }));
    expect(buildIncidentCard(dossier(green)).actions.map((a) => a.label)).toContain('Export STIX');
    for (const tlp of ['AMBER', 'AMBER+STRICT', 'RED'] as const) {
      const restricted = many.map((c, i) => ({ ...c, tlp: i === 3 ? tlp : c.tlp }));
      expect(buildIncidentCard(dossier(restricted)).actions.map((a) => a.label)).not.toContain('Export STIX');
    }
  });
});
