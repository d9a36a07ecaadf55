/** Honesty checks on the shipped data: what a wrong briefing would be made of, caught before it is posted. */
import { describe, expect, test } from 'vitest';
import { loadCuratedData } from '../../src/curated/load-curated.ts';
import { likelihoodFromHedge } from '../../src/domain/likelihood.ts';
import { counterStances, tlpLevels } from '../../src/domain/schemas.ts';
import { repositoryDataDir } from '../helpers/store.ts';

const data = loadCuratedData(repositoryDataDir);
const owners = [
  ...data.incidents.map((i) => ({ kind: 'incident', slug: i.slug, claims: i.claims })),
  ...data.actors.map((a) => ({ kind: 'actor', slug: a.slug, claims: a.claims })),
];
const claims = owners.flatMap((o) => o.claims.map((claim) => ({ owner: `${o.kind} ${o.slug}`, claim })));

/** Bodies that sponsor or direct groups: a name like these is a sponsor claim, never an alias. */
const sponsorShaped =
  /\bunit\s*\d{4,6}\b|\b(PLA|GRU|SVR|FSB|MSS|MOIS|IRGC)\b|ministry of state security|reconnaissance general bureau/i;

describe('the curated data', () => {
  test('GIVEN every claim THEN its source names a publisher and a date', () => {
    const missing = claims.filter(({ claim }) => !claim.source.publisher || !claim.source.date);
    expect(missing.map(({ owner, claim }) => `${owner} › ${claim.id}`)).toEqual([]);
  });

  test('GIVEN every counter-claim THEN it answers a claim of the same incident or actor', () => {
    const strays = owners.flatMap((o) => {
      const ids = new Set(o.claims.map((c) => c.id));
      return o.claims
        .filter((c) => counterStances.has(c.stance) && c.stance !== 'counter-accusation')
        .filter((c) => c.respondsTo === undefined || !ids.has(c.respondsTo))
        .map((c) => `${o.slug} › ${c.id} → ${c.respondsTo ?? '(nothing)'}`);
    });
    expect(strays).toEqual([]);
  });

  test('GIVEN every alias THEN none is a sponsor (units and agencies are claims, not names)', () => {
    const sponsorAliases = data.actors.flatMap((a) =>
      a.aliases.filter((alias) => sponsorShaped.test(alias.name)).map((alias) => `${a.slug}: ${alias.name}`),
    );
    expect(sponsorAliases).toEqual([]);
  });

  test('GIVEN every confidence level THEN it is what the speaker’s hedge words support, or unassessed', () => {
    const unsupported = claims.filter(({ claim }) => {
      const { hedge, level } = claim.confidence;
      return level !== undefined && level !== likelihoodFromHedge(hedge);
    });
    expect(
      unsupported.map(({ claim }) => `${claim.id}: ${claim.confidence.hedge} → ${claim.confidence.level}`),
    ).toEqual([]);
  });

  test('GIVEN every claim THEN its TLP marking is a TLP 2.0 label', () => {
    expect(claims.every(({ claim }) => (tlpLevels as readonly string[]).includes(claim.tlp))).toBe(true);
  });

  test('GIVEN every incident and actor THEN slugs are unique', () => {
    const slugs = [...data.incidents.map((i) => i.slug), ...data.actors.map((a) => a.slug)];
    expect(new Set(data.incidents.map((i) => i.slug)).size).toBe(data.incidents.length);
    expect(new Set(data.actors.map((a) => a.slug)).size).toBe(data.actors.length);
    expect(slugs.length).toBeGreaterThan(0);
  });
});
