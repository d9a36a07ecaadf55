import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Invoker } from '../../src/core/briefings.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { UserError } from '../../src/core/errors.ts';
import type { ReviewService } from '../../src/core/review.ts';
import { type CandidateProposal, createReviewService, parseParty } from '../../src/review/service.ts';
import { type CandidateInput, createReviewStore, type ReviewStore } from '../../src/store/review-store.ts';
import { rebuildSearchIndex } from '../../src/store/search-index.ts';
import type { Store } from '../../src/store/store.ts';
import { openCuratedStore } from '../helpers/store.ts';

const reviewer: Invoker = {
  platform: 'slack',
  workspaceId: 'T1',
  channelId: 'C1',
  userId: 'UREVIEWER',
  canManageChannel: false,
  isReviewer: true,
};
const member: Invoker = { ...reviewer, userId: 'UMEMBER', isReviewer: false };

// An invented sentence: the tests are about the queue, not about any real statement.
const sentence = 'The Example Ministry said it was highly likely that Tick carried out the break-in.';

function candidate(overrides: Partial<CandidateInput> = {}): CandidateInput {
  return {
    articleId: null,
    incidentSlug: null,
    claimant: 'Example Ministry',
    claimantState: 'JP',
    actor: 'Tick',
    actorSlug: 'tick',
    sponsorState: 'CN',
    stance: 'attributes',
    confidenceWording: 'highly likely',
    quote: sentence,
    quoteStart: null,
    quoteEnd: null,
    rule: 'test',
    sourceUrl: 'https://news.example/story',
    proposedBy: null,
    ...overrides,
  };
}

let store: Store;
let reviewStore: ReviewStore;
let service: ReviewService;
let proposals: CandidateProposal[];

beforeEach(() => {
  store = openCuratedStore();
  reviewStore = createReviewStore(store.db);
  proposals = [];
  service = createReviewService({
    store: reviewStore,
    catalog: store,
    clock: fixedClock('2026-11-26T09:00:00Z'),
    readPastedText: () => ({ title: 'pasted', isNew: true, proposed: 0 }),
    proposeFromSentence: () => proposals,
  });
});
afterEach(() => store.close());

const add = (overrides: Partial<CandidateInput> = {}) => {
  reviewStore.addCandidates([candidate(overrides)], '2026-11-26T08:00:00Z');
  return Number(store.db.prepare('SELECT max(id) FROM candidates').pluck().get());
};

const jaxaClaims = () => store.incidentDossier('jaxa-2016-tick')?.claims ?? [];

describe('review rights', () => {
  test('members who are not reviewers are refused every decision, with the way to become one', () => {
    const id = add({ incidentSlug: 'jaxa-2016-tick' });
    for (const attempt of [
      () => service.queue(member, 1, 10),
      () => service.approve(member, id),
      () => service.reject(member, id),
      () => service.edit(member, id, { stance: 'denies' }),
      () => service.draftClaim(member, sentence, 'https://news.example/a'),
    ]) {
      expect(attempt).toThrow(UserError);
      expect(attempt).toThrow(/Only reviewers may .*REVIEWER_USER_IDS/);
    }
    expect(reviewStore.candidate(id)?.status).toBe('pending');
  });

  test('anyone may file a dispute; reviewers see it', () => {
    service.dispute(member, 'jaxa-2016-tick-kato-highly-likely', 'The source says likely, not highly likely.');
    expect(service.disputes(reviewer, 10)).toMatchObject([
      { claimSlug: 'jaxa-2016-tick-kato-highly-likely', incidentSlug: 'jaxa-2016-tick' },
    ]);
    expect(() => service.dispute(member, 'no-such-claim', 'x')).toThrow(/no claim/);
  });
});

describe('approving and rejecting', () => {
  test('a candidate without an incident cannot be approved until a reviewer names one', () => {
    const id = add();
    expect(() => service.approve(reviewer, id)).toThrow(/no incident yet/);
    const edited = service.edit(reviewer, id, { incident: 'jaxa tick' });
    expect(edited.incident?.slug).toBe('jaxa-2016-tick');
  });

  test('approval writes one sourced claim with the verbatim sentence; the candidate keeps the link', () => {
    const before = jaxaClaims().length;
    const id = add({ incidentSlug: 'jaxa-2016-tick' });
    expect(jaxaClaims()).toHaveLength(before);
    const view = service.approve(reviewer, id);
    expect(view.status).toBe('approved');
    const claim = jaxaClaims().find((c) => c.id === view.claimSlug);
    expect(claim).toMatchObject({
      stance: 'attributes',
      quote: sentence,
      speaker: { organization: 'Example Ministry', state: 'JP', kind: 'government' },
      subject: { actor: 'tick' },
      confidence: { hedge: 'highly likely', level: 'very-likely' },
      source: { publisher: 'news.example', url: 'https://news.example/story' },
    });
    expect(jaxaClaims()).toHaveLength(before + 1);
    expect(reviewStore.candidate(id)).toMatchObject({ reviewedBy: 'slack:UREVIEWER', claimSlug: view.claimSlug });
    expect(() => service.approve(reviewer, id)).toThrow(/already approved/);
  });

  test('an approved denial answers the newest attribution of the same actor in that incident', () => {
    const id = add({
      incidentSlug: 'jaxa-2016-tick',
      claimant: 'Example Foreign Ministry',
      claimantState: 'CN',
      stance: 'denies',
      confidenceWording: null,
    });
    const view = service.approve(reviewer, id);
    const claim = jaxaClaims().find((c) => c.id === view.claimSlug);
    expect(claim?.speaker.kind).toBe('accused-party');
    expect(claim?.respondsTo).toMatch(/^jaxa-2016-tick-/);
    const answered = jaxaClaims().find((c) => c.id === claim?.respondsTo);
    expect(answered?.stance === 'attributes' || answered?.stance === 'corroborates').toBe(true);
  });

  test('approval refreshes the search names of that incident and actor only, as a full rebuild would', () => {
    const names = () =>
      store.db.prepare('SELECT entity_kind, entity_id, name, weight FROM search_names ORDER BY 1, 2, 3, 4').all();
    const id = add({ incidentSlug: 'wannacry-2017', actor: 'Tick', actorSlug: 'tick', sponsorState: null });
    expect(store.suggestIncidents('bronze butler', 25).map((i) => i.slug)).not.toContain('wannacry-2017');
    service.approve(reviewer, id);
    // The incident is now found by the names of the actor it is blamed on.
    expect(store.suggestIncidents('bronze butler', 25).map((i) => i.slug)).toContain('wannacry-2017');
    const scoped = names();
    rebuildSearchIndex(store.db);
    expect(names()).toEqual(scoped);
  });

  test('a rejected candidate never becomes a claim', () => {
    const before = jaxaClaims().length;
    const id = add({ incidentSlug: 'jaxa-2016-tick' });
    expect(service.reject(reviewer, id).status).toBe('rejected');
    expect(() => service.approve(reviewer, id)).toThrow(/already rejected/);
    expect(jaxaClaims()).toHaveLength(before);
  });

  test('a claim that fails validation leaves the store and the candidate exactly as they were', () => {
    const id = add({ incidentSlug: 'jaxa-2016-tick', claimantState: 'japan' });
    const claims = store.db.prepare('SELECT count(*) FROM claims').pluck().get();
    expect(() => service.approve(reviewer, id)).toThrow(
      /^Candidate #\d+ cannot become a claim yet: speaker\.state .*Press Edit to fix it\.$/,
    );
    expect(store.db.prepare('SELECT count(*) FROM claims').pluck().get()).toBe(claims);
    expect(reviewStore.candidate(id)?.status).toBe('pending');
  });
});

describe('editing', () => {
  test('speaker and actor take a state code in brackets; an emptied hedge means none', () => {
    const id = add({ incidentSlug: 'jaxa-2016-tick' });
    const view = service.edit(reviewer, id, { speaker: 'Another Office (us)', actor: 'bronze butler (CN)', hedge: '' });
    expect(view).toMatchObject({
      claimant: 'Another Office',
      claimantState: 'US',
      actor: 'bronze butler',
      actorSlug: 'tick',
      sponsorState: 'CN',
      confidenceWording: null,
    });
  });

  test('an incident name that matches nothing is refused with suggestions, and nothing changes', () => {
    const id = add({ incidentSlug: 'jaxa-2016-tick' });
    expect(() => service.edit(reviewer, id, { incident: 'zzzz qqqq' })).toThrow(/no single incident matches/);
    expect(reviewStore.candidate(id)?.incidentSlug).toBe('jaxa-2016-tick');
  });

  test('parseParty reads an optional trailing state code', () => {
    expect(parseParty('Example Ministry (jp)')).toEqual({ name: 'Example Ministry', state: 'JP' });
    expect(parseParty('Example Ministry')).toEqual({ name: 'Example Ministry', state: null });
  });
});

describe('typed claims', () => {
  test('/claim add drafts a pending candidate from the extractor, sourced to the given URL', () => {
    proposals = [
      {
        claimant: 'Example Ministry',
        claimantState: 'JP',
        actor: 'Tick',
        actorSlug: 'tick',
        sponsorState: null,
        stance: 'attributes',
        confidenceWording: 'highly likely',
        incidentSlug: 'jaxa-2016-tick',
        rule: 'verb-frame',
      },
    ];
    const view = service.draftClaim(reviewer, sentence, 'https://news.example/typed');
    expect(view).toMatchObject({ status: 'pending', rule: 'analyst', quote: sentence, actorSlug: 'tick' });
    expect(view.source.url).toBe('https://news.example/typed');
  });

  test('a sentence the extractor cannot read is still drafted, with placeholders for the reviewer to fix', () => {
    const view = service.draftClaim(reviewer, 'Nothing to see.', 'https://news.example/typed');
    expect(view).toMatchObject({ claimant: 'Unnamed speaker', actor: 'Unnamed actor', incident: null });
  });
});
