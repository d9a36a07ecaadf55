/**
 * Scoring, then the extractor against the labelled dev corpus in ../shared/corpus (precision ≥ 0.85, recall ≥ 0.75
 * on claimant state, actor, stance and sentence), and the seed article's two sides.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  evaluateArticles,
  type GoldArticle,
  type GoldClaim,
  goldLabelsSchema,
  labelStance,
  matches,
  scoreArticle,
} from '../../src/extract/evaluate.ts';
import { extractClaims, parseArticleFile } from '../../src/extract/extract.ts';
import type { ClaimCandidate, Gazetteer } from '../../src/extract/types.ts';
import { readGazetteer } from '../../src/store/gazetteer-reader.ts';
import type { Store } from '../../src/store/store.ts';
import { openCuratedStore } from '../helpers/store.ts';

const corpus = (path: string) => readFileSync(new URL(`../../../shared/corpus/${path}`, import.meta.url), 'utf8');

const text = 'Lithuania blamed Belarus for the outage. Belarus denied it.';
const candidate = (over: Partial<ClaimCandidate>): ClaimCandidate => ({
  claimant: 'Lithuania',
  claimantState: 'LT',
  actor: 'Belarus',
  actorSlug: null,
  sponsorState: 'BY',
  stance: 'attributes',
  confidenceWording: null,
  likelihood: 'unassessed',
  quote: 'Lithuania blamed Belarus for the outage.',
  start: 0,
  end: 40,
  incidentSlug: null,
  rule: 'test',
  ...over,
});
const gold = (over: Partial<GoldClaim>): GoldClaim => ({
  claimant: 'Government of Lithuania',
  claimant_state: 'LT',
  actor: 'Belarus',
  actor_aliases_known: [],
  sponsor_state: 'BY',
  stance: 'attributes',
  confidence_wording: null,
  quote: 'Lithuania blamed Belarus for the outage.',
  ...over,
});

describe('scoring', () => {
  test('GIVEN our stances THEN the labels’ four', () => {
    expect(labelStance('corroborates')).toBe('attributes');
    expect(labelStance('non-acknowledgement')).toBe('neutral');
    expect(labelStance('evidence-challenge')).toBe('rebuts');
    expect(labelStance('counter-accusation')).toBe('rebuts');
    expect(labelStance('denies')).toBe('denies');
  });

  test('GIVEN the same claim THEN it matches; a different state, stance, actor or sentence does not', () => {
    expect(matches(text, candidate({}), gold({}))).toBe(true);
    expect(matches(text, candidate({ claimantState: 'LV' }), gold({}))).toBe(false);
    expect(matches(text, candidate({ stance: 'denies' }), gold({}))).toBe(false);
    expect(matches(text, candidate({ actor: 'Russia' }), gold({}))).toBe(false);
    expect(matches(text, candidate({ quote: 'Belarus denied it.', start: 41, end: 59 }), gold({}))).toBe(false);
  });

  test('GIVEN case, "the", punctuation, a parenthesis or a known alias THEN the actor still matches', () => {
    expect(matches(text, candidate({ actor: 'the belarus' }), gold({ actor: 'Belarus (state)' }))).toBe(true);
    expect(matches(text, candidate({ actor: 'Minsk' }), gold({ actor_aliases_known: ['Minsk'] }))).toBe(true);
    expect(matches(text, candidate({ actor: 'anyone' }), gold({ actor: null }))).toBe(true);
  });

  test('GIVEN a quote inside the candidate’s sentence THEN the sentence matches', () => {
    expect(matches(text, candidate({}), gold({ quote: 'blamed Belarus for the outage' }))).toBe(true);
  });

  test('GIVEN two candidates for one gold claim THEN one true positive and one false positive', () => {
    const article: GoldArticle = { file: 'x.txt', claims: [gold({})], distractors: [] };
    const score = scoreArticle(text, [candidate({}), candidate({})], article);
    expect(score).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 0, precision: 0.5, recall: 1 });
  });
});

describe('the dev corpus', () => {
  let store: Store;
  let gazetteer: Gazetteer;
  beforeAll(() => {
    store = openCuratedStore();
    gazetteer = readGazetteer(store.db);
  });
  afterAll(() => store.close());

  test('GIVEN the six labelled articles THEN precision ≥ 0.85 and recall ≥ 0.75, and no distractor comes out', () => {
    const labels = goldLabelsSchema.parse(JSON.parse(corpus('dev/labels.json')));
    expect(labels).toHaveLength(6);
    const result = evaluateArticles(
      labels.map((g) => ({ gold: g, article: parseArticleFile(corpus(`dev/${g.file}`)) })),
      gazetteer,
    );
    expect(result.overall.precision).toBeGreaterThanOrEqual(0.85);
    expect(result.overall.recall).toBeGreaterThanOrEqual(0.75);
    for (const file of result.files) {
      expect(file.distractorHits, file.file).toEqual([]);
      expect(file.truePositives, file.file).toBeGreaterThan(0);
    }
  });

  test('GIVEN every candidate THEN its quote is the text at its offsets and its hedge is inside the quote', () => {
    const labels = goldLabelsSchema.parse(JSON.parse(corpus('dev/labels.json')));
    for (const g of labels) {
      const article = parseArticleFile(corpus(`dev/${g.file}`));
      for (const c of extractClaims(article, gazetteer)) {
        expect(article.text.slice(c.start, c.end)).toBe(c.quote);
        if (c.confidenceWording !== null) expect(c.quote).toContain(c.confidenceWording);
      }
    }
  });

  test('GIVEN the seed article THEN Japan attributes to Tick and the PLA, "highly likely", and China pushes back', () => {
    const candidates = extractClaims(parseArticleFile(corpus('jaxa-tick-2021-04-20.txt')), gazetteer);
    const japan = candidates.filter((c) => c.claimantState === 'JP' && c.stance === 'attributes');
    expect(japan.some((c) => c.actorSlug === 'tick' && c.sponsorState === 'CN')).toBe(true);
    const pla = japan.find((c) => /People.s Liberation Army|\bPLA\b/.test(c.actor));
    expect(pla).toMatchObject({ confidenceWording: 'highly likely', likelihood: 'very-likely', sponsorState: 'CN' });
    const china = candidates.filter((c) => c.claimantState === 'CN');
    expect(china.length).toBeGreaterThan(0);
    for (const c of china) {
      expect(['denies', 'evidence-challenge', 'counter-accusation']).toContain(c.stance);
      expect(c.actor).toBe('China');
    }
    expect(candidates.every((c) => c.incidentSlug === 'jaxa-2016-tick')).toBe(true);
  });
});
