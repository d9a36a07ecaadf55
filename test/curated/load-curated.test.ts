import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  type CuratedData,
  CuratedDataError,
  type DataProblem,
  loadCuratedData,
} from '../../src/curated/load-curated.ts';
import { type Claim, counterStances } from '../../src/domain/schemas.ts';

const realDataDir = fileURLToPath(new URL('../../data', import.meta.url));

type Json = Record<string, unknown>;

const claim = (id: string, extra: Json = {}): Json => ({
  id,
  said: '2021-04-20',
  speaker: { organization: 'Some Government', state: 'JP', kind: 'government', onRecord: true },
  stance: 'attributes',
  subject: { actor: 'alpha' },
  statement: 'Alpha did it.',
  source: { publisher: 'Some Paper' },
  ...extra,
});

const actor = (slug: string, extra: Json = {}): Json => ({
  slug,
  name: `Actor ${slug}`,
  kind: 'state-linked',
  description: 'A group.',
  ...extra,
});

const incident = (slug: string, extra: Json = {}): Json => ({
  slug,
  title: `Incident ${slug}`,
  period: { start: '2020' },
  victims: [{ name: 'Victim' }],
  summary: 'Something happened.',
  ...extra,
});

/** Writes one record per file, named after its slug, as the real data folder does. */
function dataDir(records: { actors?: Json[]; incidents?: Json[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'cyberbrief-'));
  for (const folder of ['actors', 'incidents'] as const) {
    mkdirSync(join(dir, folder));
    for (const record of records[folder] ?? []) {
      writeFileSync(join(dir, folder, `${String(record.slug)}.json`), JSON.stringify(record, null, 2));
    }
  }
  return dir;
}

function problemsOf(dir: string): DataProblem[] {
  try {
    loadCuratedData(dir);
  } catch (error) {
    if (error instanceof CuratedDataError) return error.problems;
    throw error;
  }
  throw new Error('expected loadCuratedData to throw CuratedDataError');
}

describe('loadCuratedData on fixtures', () => {
  test('GIVEN valid records THEN it loads them with defaults applied and a stable fingerprint', () => {
    const dir = dataDir({ actors: [actor('alpha')], incidents: [incident('one', { claims: [claim('c1')] })] });
    const data = loadCuratedData(dir);
    expect(data.actors.map((a) => a.slug)).toEqual(['alpha']);
    expect(data.incidents[0]?.claims[0]?.tlp).toBe('CLEAR');
    expect(data.incidents[0]?.claims[0]?.confidence).toEqual({});
    expect(data.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(loadCuratedData(dir).fingerprint).toBe(data.fingerprint);
  });

  test('GIVEN a claim with stance "blames" THEN the problem names the file, the record slug and the field claims[0].stance', () => {
    const dir = dataDir({
      actors: [actor('alpha')],
      incidents: [incident('one', { claims: [claim('c1', { stance: 'blames' })] })],
    });
    expect(problemsOf(dir)).toEqual([
      expect.objectContaining({ file: 'incidents/one.json', record: 'one', field: 'claims[0].stance' }),
    ]);
    expect(() => loadCuratedData(dir)).toThrow(/incidents\/one\.json › one › claims\[0\]\.stance/);
  });

  test('GIVEN several bad fields in two files THEN every problem is listed and the message counts the rest', () => {
    const dir = dataDir({
      actors: [actor('alpha', { kind: 'pirates' })],
      incidents: [incident('one', { victims: [], period: { start: '20-01' } })],
    });
    const problems = problemsOf(dir);
    expect(problems.map((p) => `${p.file} ${p.field}`).sort()).toEqual([
      'actors/alpha.json kind',
      'incidents/one.json period.start',
      'incidents/one.json victims',
    ]);
    expect(() => loadCuratedData(dir)).toThrow(/\(and 2 more problems\)/);
  });

  test('GIVEN a file that is not JSON THEN the problem names the file', () => {
    const dir = dataDir({ actors: [actor('alpha')] });
    writeFileSync(join(dir, 'incidents', 'broken.json'), '{ "slug": "broken", ');
    expect(problemsOf(dir)).toEqual([
      expect.objectContaining({ file: 'incidents/broken.json', record: '(file)', field: '(json)' }),
    ]);
  });

  test.each([
    {
      case: 'a denial without respondsTo',
      claims: [claim('c1'), claim('c2', { stance: 'denies', subject: { state: 'CN' } })],
      expected: { record: 'c2', field: 'claims[1].respondsTo', message: /must say which claim it answers/ },
    },
    {
      case: 'a non-acknowledgement without respondsTo',
      claims: [claim('c1'), claim('c2', { stance: 'non-acknowledgement', subject: { state: 'CN' } })],
      expected: { record: 'c2', field: 'claims[1].respondsTo', message: /non-acknowledgement/ },
    },
    {
      case: 'an unknown respondsTo',
      claims: [claim('c1'), claim('c2', { stance: 'denies', subject: { state: 'CN' }, respondsTo: 'no-such-claim' })],
      expected: { record: 'c2', field: 'claims[1].respondsTo', message: /unknown claim "no-such-claim"/ },
    },
    {
      case: 'a claim answering itself',
      claims: [claim('c1', { stance: 'denies', respondsTo: 'c1' })],
      expected: { record: 'c1', field: 'claims[0].respondsTo', message: /cannot answer itself/ },
    },
    {
      case: 'an unknown subject.actor',
      claims: [claim('c1', { subject: { actor: 'ghost' } })],
      expected: { record: 'c1', field: 'claims[0].subject.actor', message: /unknown actor "ghost"/ },
    },
    {
      case: 'a duplicate claim id in one incident',
      claims: [claim('c1'), claim('c1', { said: '2021-05-01' })],
      expected: { record: 'c1', field: 'id', message: /duplicate claim id/ },
    },
  ])('GIVEN $case THEN it is reported with the claim and field', ({ claims, expected }) => {
    const dir = dataDir({ actors: [actor('alpha')], incidents: [incident('one', { claims })] });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual({
      file: 'incidents/one.json',
      record: expected.record,
      field: expected.field,
      message: expect.stringMatching(expected.message),
    });
  });

  test('GIVEN the same claim id in an actor file and an incident file THEN it is reported as a duplicate', () => {
    const dir = dataDir({
      actors: [actor('alpha', { claims: [claim('shared-id')] })],
      incidents: [incident('one', { claims: [claim('shared-id')] })],
    });
    expect(problemsOf(dir)).toContainEqual(
      expect.objectContaining({ record: 'shared-id', field: 'id', message: 'duplicate claim id' }),
    );
  });

  test('GIVEN a counter-accusation without respondsTo THEN it is accepted', () => {
    const dir = dataDir({
      actors: [actor('alpha')],
      incidents: [
        incident('one', { claims: [claim('c1', { stance: 'counter-accusation', subject: { state: 'US' } })] }),
      ],
    });
    expect(loadCuratedData(dir).incidents[0]?.claims[0]?.stance).toBe('counter-accusation');
  });

  test('GIVEN an unknown related slug THEN it is reported on related[index]', () => {
    const dir = dataDir({
      actors: [actor('alpha')],
      incidents: [incident('one', { related: ['two'] }), incident('two', { related: ['one', 'three'] })],
    });
    expect(problemsOf(dir)).toEqual([
      { file: 'incidents/two.json', record: 'two', field: 'related[1]', message: 'unknown incident "three"' },
    ]);
  });

  test('GIVEN two files with the same actor slug THEN the duplicate is reported', () => {
    const dir = dataDir({ actors: [actor('alpha')] });
    writeFileSync(join(dir, 'actors', 'alpha-copy.json'), JSON.stringify(actor('alpha')));
    expect(problemsOf(dir)).toContainEqual(expect.objectContaining({ record: 'alpha', field: 'slug' }));
  });
});

describe('loadCuratedData on the real data folder', () => {
  const load = (): CuratedData => loadCuratedData(realDataDir);
  const allClaims = (data: CuratedData): Claim[] => [...data.actors, ...data.incidents].flatMap((r) => r.claims);

  test('GIVEN data/ THEN it loads with no problems', () => {
    let problems: DataProblem[] = [];
    try {
      load();
    } catch (error) {
      if (!(error instanceof CuratedDataError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([]);
  });

  test('GIVEN every claim in data/ (incidents and actor-level) THEN each has a source with a publisher', () => {
    const claims = allClaims(load());
    expect(claims.length).toBeGreaterThan(0);
    const missing = claims.filter((c) => c.source.publisher.trim() === '').map((c) => c.id);
    expect(missing).toEqual([]);
  });

  test('GIVEN every url in data/ THEN it is http(s)', () => {
    const data = load();
    const urls = [
      ...allClaims(data).map((c) => ({ where: c.id, url: c.source.url })),
      ...data.actors.flatMap((a) => a.aliases.map((al) => ({ where: `${a.slug} ${al.name}`, url: al.source?.url }))),
      ...data.incidents.flatMap((i) => i.status.map((s) => ({ where: `${i.slug} ${s.date}`, url: s.source?.url }))),
    ].filter((u): u is { where: string; url: string } => u.url !== undefined);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((u) => !/^https?:\/\/[^\s/]+/.test(u.url))).toEqual([]);
  });

  test('GIVEN every counter-stance claim in data/ except counter-accusations THEN it says which claim it answers', () => {
    const orphans = allClaims(load())
      .filter((c) => counterStances.has(c.stance) && c.stance !== 'counter-accusation' && c.respondsTo === undefined)
      .map((c) => c.id);
    expect(orphans).toEqual([]);
  });

  test('GIVEN data/ THEN it holds at least 13 incidents including the three JAXA incidents', () => {
    const slugs = load().incidents.map((i) => i.slug);
    expect(slugs.length).toBeGreaterThanOrEqual(13);
    expect(slugs).toEqual(expect.arrayContaining(['jaxa-2016-tick', 'jaxa-2023-ad-server', 'jaxa-2023-2024-breaches']));
  });

  test('GIVEN jaxa-2016-tick THEN Kato says "highly likely", Wang Wenbin answers him at least twice (once as non-acknowledgement) and the case was dropped on 2021-10-01', () => {
    const tick = load().incidents.find((i) => i.slug === 'jaxa-2016-tick');
    expect(tick).toBeDefined();
    if (!tick) return;
    const kato = tick.claims.find((c) => c.speaker.name?.includes('Kato') && c.confidence.hedge === 'highly likely');
    expect(kato).toBeDefined();
    if (!kato) return;
    expect(kato.stance).toBe('attributes');
    const wang = tick.claims.filter((c) => c.speaker.name === 'Wang Wenbin' && c.respondsTo === kato.id);
    expect(wang.length).toBeGreaterThanOrEqual(2);
    expect(wang.map((c) => c.stance)).toContain('non-acknowledgement');
    expect(tick.status.map((s) => s.date)).toContain('2021-10-01');
  });
});
