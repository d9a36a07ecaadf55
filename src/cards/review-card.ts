/**
 * Cards of the review queue: the queue grouped by incident, one candidate in focus with Approve / Edit / Reject, and
 * the edit form. Every candidate shows its sentence verbatim and where it was published, so a reviewer decides on
 * the words, not on the extractor's reading of them.
 */
import { type Card, type CardAction, type CardEntry, cardLimits, clip, noticeCard } from '../core/card.ts';
import type { CandidateView, DisputeView, ReviewQueue } from '../core/review.ts';
import { likelihoodFromHedge } from '../domain/likelihood.ts';
import { stances } from '../domain/schemas.ts';
import { stanceLabel } from './format.ts';

function party(name: string, state: string | null): string {
  const shown = name.trim() === '' ? 'no one named' : name;
  return state ? `${shown} (${state})` : shown;
}

/** A party as a reviewer types it back: "Tick (CN)". */
function typedParty(name: string, state: string | null): string {
  return state ? `${name} (${state})` : name;
}

/** "#12 China’s Foreign Ministry (CN) — denial — Tick". */
export function candidateLine(view: CandidateView): string {
  return `#${view.id} ${party(view.claimant, view.claimantState)} — ${stanceLabel(view.stance)} — ${party(
    view.actor,
    view.sponsorState,
  )}`;
}

function confidenceLine(view: CandidateView): string {
  if (!view.confidenceWording) return 'no hedge words';
  return `“${view.confidenceWording}” (ICD 203: ${likelihoodFromHedge(view.confidenceWording)})`;
}

const reviewAction = (label: string, action: string, id: number): CardAction => ({
  label,
  command: 'review',
  options: { action, id: String(id) },
});

function candidateEntry(view: CandidateView): CardEntry {
  return {
    text: clip(candidateLine(view), cardLimits.entryText),
    detail: clip(`“${view.quote}”`, cardLimits.entryDetail),
    meta: clip(`${confidenceLine(view)} · rule ${view.rule}`, 300),
    source: { label: clip(view.source.label, 200), ...(view.source.url ? { url: view.source.url } : {}) },
    action: reviewAction(`Open #${view.id}`, 'show', view.id),
  };
}

function focusParts(view: CandidateView) {
  return {
    verdict: clip(candidateLine(view), cardLimits.verdict),
    summary: clip(`“${view.quote}”`, cardLimits.summary),
    fields: [
      {
        label: 'Incident',
        value: view.incident ? `${view.incident.title} (${view.incident.slug})` : 'not set — press Edit',
      },
      { label: 'Confidence', value: clip(confidenceLine(view), cardLimits.fieldValue) },
      {
        label: 'Source',
        value: clip(
          view.source.url ? `${view.source.label} — ${view.source.url}` : view.source.label,
          cardLimits.fieldValue,
        ),
      },
      { label: 'Proposed by', value: view.rule === 'analyst' ? 'an analyst' : `rule ${view.rule}` },
    ],
  };
}

/** The queue, grouped by incident, with the first candidate (or the one asked for) in focus. */
export function buildReviewQueueCard(queue: ReviewQueue, page: number, pageSize: number, focus?: CandidateView): Card {
  const current = focus ?? queue.candidates[0];
  const pages = Math.max(1, Math.ceil(queue.total / pageSize));
  const groups = new Map<string, CandidateView[]>();
  for (const view of queue.candidates) {
    const key = view.incident ? view.incident.title : 'No incident yet';
    groups.set(key, [...(groups.get(key) ?? []), view]);
  }
  const notes = [
    ...(queue.linksPending > 0 ? [`${queue.linksPending} link(s) still being read.`] : []),
    ...queue.linksFailed.map((f) => clip(`Could not read ${f.url}: ${f.error}`, cardLimits.note)),
    ...(queue.openDisputes > 0 ? [`${queue.openDisputes} dispute(s) filed against claims: /review disputes`] : []),
  ].slice(0, cardLimits.notes);
  const actions: CardAction[] =
    current && current.status === 'pending'
      ? [
          reviewAction(`Approve #${current.id}`, 'approve', current.id),
          reviewAction('Edit', 'edit', current.id),
          reviewAction('Reject', 'reject', current.id),
        ]
      : [];
  if (page < pages) actions.push({ label: 'Next page', command: 'review', options: { page: String(page + 1) } });
  if (queue.total === 0) {
    return {
      ...noticeCard('The review queue is empty.', {
        summary: 'Nothing waits for review. /ingest reads an article or pasted text.',
      }),
      notes,
    };
  }
  return {
    kind: 'review',
    title: clip(
      `Review queue: ${queue.total} pending${pages > 1 ? ` (page ${page} of ${pages})` : ''}`,
      cardLimits.title,
    ),
    tone: 'neutral',
    ...(current ? focusParts(current) : { fields: [] }),
    sections: [...groups].map(([title, views]) => ({
      title: clip(title, 80),
      entries: views.slice(0, cardLimits.entries).map(candidateEntry),
    })),
    notes,
    footer: 'Nothing here reaches a card or a briefing until a reviewer approves it.',
    actions,
  };
}

/** One candidate after a decision, or opened on its own. */
export function buildCandidateCard(view: CandidateView, headline?: string): Card {
  const parts = focusParts(view);
  const actions: CardAction[] =
    view.status === 'pending'
      ? [
          reviewAction(`Approve #${view.id}`, 'approve', view.id),
          reviewAction('Edit', 'edit', view.id),
          reviewAction('Reject', 'reject', view.id),
          { label: 'Queue', command: 'review', options: {} },
        ]
      : [
          ...(view.status === 'approved' && view.incident
            ? [{ label: 'Open incident', command: 'incident', options: { query: view.incident.slug } }]
            : []),
          { label: 'Next in queue', command: 'review', options: {} },
        ];
  return {
    kind: 'review',
    title: clip(headline ?? `Candidate #${view.id} (${view.status})`, cardLimits.title),
    tone: 'neutral',
    ...parts,
    sections: [],
    notes: [],
    actions,
  };
}

/** The edit form: speaker, stance, actor, hedge words, incident — Discord's five text boxes. */
export function buildCandidateForm(view: CandidateView): Card {
  return {
    ...noticeCard(`Edit candidate #${view.id}`),
    kind: 'form',
    summary: clip(`“${view.quote}”`, cardLimits.summary),
    form: {
      title: clip(`Edit #${view.id}`, cardLimits.formTitle),
      submitLabel: 'Save',
      submit: { command: 'review', options: { action: 'save', id: String(view.id) } },
      fields: [
        {
          name: 'speaker',
          label: 'Speaker (state code in brackets)',
          value: clip(typedParty(view.claimant, view.claimantState), cardLimits.formValue),
          placeholder: 'China’s Foreign Ministry (CN)',
          multiline: false,
          required: true,
          maxLength: 200,
        },
        {
          name: 'stance',
          label: 'Stance',
          value: view.stance,
          placeholder: stances.join(', ').slice(0, 100),
          multiline: false,
          required: true,
          maxLength: 40,
        },
        {
          name: 'actor',
          label: 'Actor (sponsor state in brackets)',
          ...(view.actor.trim() !== ''
            ? { value: clip(typedParty(view.actor, view.sponsorState), cardLimits.formValue) }
            : {}),
          placeholder: 'Tick (CN)',
          multiline: false,
          required: true,
          maxLength: 200,
        },
        {
          name: 'hedge',
          label: 'Hedge words, verbatim (empty: none)',
          ...(view.confidenceWording ? { value: clip(view.confidenceWording, cardLimits.formValue) } : {}),
          placeholder: 'highly likely',
          multiline: false,
          required: false,
          maxLength: 120,
        },
        {
          name: 'incident',
          label: 'Incident (slug or name)',
          ...(view.incident ? { value: view.incident.slug } : {}),
          placeholder: 'jaxa-2016-tick',
          multiline: false,
          required: true,
          maxLength: 200,
        },
      ],
    },
  };
}

/** The note form behind a claim's "Dispute" button. */
export function buildDisputeForm(claimSlug: string): Card {
  return {
    ...noticeCard(`Dispute claim ${claimSlug}`),
    kind: 'form',
    form: {
      title: 'Dispute a claim',
      submitLabel: 'File',
      submit: { command: 'claim', options: { action: 'dispute', id: claimSlug } },
      fields: [
        {
          name: 'note',
          label: 'What is wrong with this claim?',
          placeholder: 'The source says “likely”, not “highly likely”.',
          multiline: true,
          required: true,
          maxLength: 1000,
        },
      ],
    },
  };
}

export function buildDisputesCard(disputes: DisputeView[]): Card {
  if (disputes.length === 0) return noticeCard('No open disputes.');
  return {
    ...noticeCard(`Open disputes (${disputes.length})`),
    sections: [
      {
        title: 'Disputes',
        entries: disputes.slice(0, cardLimits.entries).map((d) => ({
          text: clip(`#${d.id} on ${d.claimSlug}`, cardLimits.entryText),
          detail: clip(d.note, cardLimits.entryDetail),
          meta: `filed ${d.filedAt.slice(0, 10)}`,
          ...(d.incidentSlug
            ? { action: { label: 'Open incident', command: 'incident', options: { query: d.incidentSlug } } }
            : {}),
        })),
      },
    ],
  };
}
