import { describe, expect, test } from 'vitest';
import {
  buildCandidateCard,
  buildCandidateForm,
  buildDisputeForm,
  buildReviewQueueCard,
  candidateLine,
} from '../../src/cards/review-card.ts';
import { cardLimits, cardSchema } from '../../src/core/card.ts';
import type { CandidateView, ReviewQueue } from '../../src/core/review.ts';

function view(overrides: Partial<CandidateView> = {}): CandidateView {
  return {
    id: 7,
    status: 'pending',
    incident: { slug: 'example-2020', title: 'Example intrusion (2020)' },
    claimant: 'Example Ministry',
    claimantState: 'JP',
    actor: 'Example Group',
    actorSlug: 'example-group',
    sponsorState: 'CN',
    stance: 'attributes',
    confidenceWording: 'highly likely',
    quote: 'The Example Ministry said it was highly likely that Example Group did it.',
    source: { label: '“Story”, news.example, 2026-11-20', url: 'https://news.example/story' },
    rule: 'verb-frame:blame',
    claimSlug: null,
    ...overrides,
  };
}

function queue(candidates: CandidateView[], overrides: Partial<ReviewQueue> = {}): ReviewQueue {
  return { candidates, total: candidates.length, linksPending: 0, linksFailed: [], openDisputes: 0, ...overrides };
}

describe('review queue card', () => {
  test('groups candidates by incident, each with its sentence, source and an Open button; the first in focus', () => {
    const card = cardSchema.parse(
      buildReviewQueueCard(
        queue([view(), view({ id: 8, incident: null, stance: 'denies', claimantState: 'CN' })]),
        1,
        10,
      ),
    );
    expect(card.sections.map((s) => s.title)).toEqual(['Example intrusion (2020)', 'No incident yet']);
    expect(card.sections[0]?.entries[0]).toMatchObject({
      text: '#7 Example Ministry (JP) — attribution — Example Group (CN)',
      detail: '“The Example Ministry said it was highly likely that Example Group did it.”',
      source: { url: 'https://news.example/story' },
      action: { command: 'review', options: { action: 'show', id: '7' } },
    });
    expect(card.actions.map((a) => a.label)).toEqual(['Approve #7', 'Edit', 'Reject']);
    expect(card.footer).toMatch(/until a reviewer approves/);
  });

  test('an empty queue says so; links still being read and failures are noted', () => {
    const card = buildReviewQueueCard(
      queue([], { linksPending: 2, linksFailed: [{ url: 'https://x.example/a', error: 'timed out' }] }),
      1,
      10,
    );
    expect(card.title).toBe('The review queue is empty.');
    expect(card.notes).toEqual(['2 link(s) still being read.', 'Could not read https://x.example/a: timed out']);
  });

  test('a long queue pages, and huge sentences stay within the card limits', () => {
    const long = 'word '.repeat(2000);
    const many = Array.from({ length: 30 }, (_, i) => view({ id: i + 1, quote: long, claimant: long }));
    const card = cardSchema.parse(buildReviewQueueCard(queue(many, { total: 45 }), 1, 30));
    expect(card.title).toContain('page 1 of 2');
    expect(card.actions.at(-1)).toMatchObject({ label: 'Next page', options: { page: '2' } });
    expect(card.sections[0]?.entries.length).toBeLessThanOrEqual(cardLimits.entries);
  });

  test('a sentence with no actor named reads so, and the form leaves the actor box empty', () => {
    expect(candidateLine(view({ actor: '', sponsorState: null }))).toBe(
      '#7 Example Ministry (JP) — attribution — no one named',
    );
    const form = buildCandidateForm(view({ actor: '', sponsorState: null })).form;
    expect(form?.fields.find((f) => f.name === 'actor')?.value).toBeUndefined();
  });
});

describe('candidate card and forms', () => {
  test('after approval: a link to the incident and to the rest of the queue, no decision buttons', () => {
    const card = buildCandidateCard(view({ status: 'approved', claimSlug: 'example-2020-review-7' }), 'Approved #7');
    expect(card.actions).toEqual([
      { label: 'Open incident', command: 'incident', options: { query: 'example-2020' } },
      { label: 'Next in queue', command: 'review', options: {} },
    ]);
  });

  test('the edit form asks the five things a reviewer fixes, prefilled, and saves to /review save', () => {
    const card = cardSchema.parse(buildCandidateForm(view()));
    expect(card.kind).toBe('form');
    expect(card.form?.submit).toEqual({ command: 'review', options: { action: 'save', id: '7' } });
    expect(card.form?.fields.map((f) => [f.name, f.value])).toEqual([
      ['speaker', 'Example Ministry (JP)'],
      ['stance', 'attributes'],
      ['actor', 'Example Group (CN)'],
      ['hedge', 'highly likely'],
      ['incident', 'example-2020'],
    ]);
    expect(card.form?.fields.length).toBeLessThanOrEqual(cardLimits.formFields);
  });

  test('the dispute form asks for one note and files it against the claim', () => {
    const card = cardSchema.parse(buildDisputeForm('example-2020-claim'));
    expect(card.form).toMatchObject({
      submit: { command: 'claim', options: { action: 'dispute', id: 'example-2020-claim' } },
      fields: [{ name: 'note', required: true, multiline: true }],
    });
  });
});
