/**
 * The review flow through the real Bolt app (HTTP receiver) against the local fake Slack, on a real SQLite file:
 * pasted news → candidates → refusal for a non-reviewer → a reviewer edits, approves one and rejects the other →
 * the approved claim is in the next daily briefing the bot posts, the rejected one never is.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeAction } from '../../../src/core/actions.ts';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { startSlack } from '../../../src/platforms/slack/start-slack.ts';
import { createReviewWorld, pastedArticle, type ReviewWorld } from '../../review/review-world.ts';
import {
  buttonClickPayload,
  captureLogger,
  FakeSlack,
  readyPort,
  signedHeaders,
  slashCommandFields,
  viewSubmissionPayload,
} from './fake-slack.ts';

const secret = 'review-test-signing-secret-0123456789';
const reviewer = 'U0REVIEWER';
const analyst = 'U0ANALYST';

interface Block {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ type: string; value?: string; text?: { text: string } | string }>;
  accessory?: { type: string; value?: string };
}

/** What a Slack client shows of these blocks: section texts, fields and context lines (not button labels). */
const textOf = (blocks: unknown) =>
  ((blocks ?? []) as Block[])
    .flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : '')),
    ])
    .join('\n');

const buttonsOf = (blocks: unknown) =>
  ((blocks ?? []) as Block[]).flatMap((b) =>
    (b.elements ?? [])
      .filter((e) => e.type === 'button' && e.value !== undefined)
      .map((e) => ({ label: typeof e.text === 'object' ? e.text.text : '', action: decodeAction(String(e.value)) })),
  );

describe('Slack review queue, end to end', () => {
  let world: ReviewWorld;
  let fake: FakeSlack;
  let running: RunningPlatform;
  let eventsUrl: string;

  beforeAll(async () => {
    world = createReviewWorld('2026-11-26T08:00:00Z');
    fake = await FakeSlack.start({ now: () => world.clock.now().getTime() });
    const log = captureLogger('info');
    running = await startSlack(
      {
        mode: 'http',
        botToken: 'xoxb-review',
        signingSecret: secret,
        apiUrl: fake.apiUrl,
        port: 0,
        adminUserIds: [reviewer],
      },
      { commands: world.commands, context: world.context, logger: log.logger, reviewers: { userIds: [reviewer] } },
    );
    eventsUrl = `http://127.0.0.1:${readyPort(log.lines())}/slack/events`;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.stop();
    world?.close();
  });

  const post = (body: string) => fetch(eventsUrl, { method: 'POST', body, headers: signedHeaders(secret, body) });

  async function slash(command: string, text: string, user: string) {
    const responseUrl = fake.responseUrl();
    await post(new URLSearchParams(slashCommandFields(command, text, responseUrl, { user_id: user })).toString());
    return fake.reply(responseUrl);
  }

  async function press(value: string, user: string) {
    const responseUrl = fake.responseUrl();
    const payload = buttonClickPayload('cyberbrief:action:0', value, responseUrl, { user });
    await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    return fake.reply(responseUrl);
  }

  test('GIVEN a channel subscribed to a daily briefing and an analyst pasting news THEN candidates wait for review', async () => {
    const subscribed = await slash('/briefing', 'subscribe 09:00 UTC', reviewer);
    expect(String(subscribed.text)).toContain('Subscribed');

    world.clock.set('2026-11-26T10:00:00Z');
    const reply = await slash('/ingest', pastedArticle, analyst);
    expect(String(reply.text)).toMatch(/claim\(s\) proposed for review/);
    expect(world.reviewStore.pendingCount()).toBeGreaterThanOrEqual(1);
    // Nothing reached the incident before a reviewer looked.
    const reviewed = world.store.incidentDossier('jaxa-2016-tick')?.claims.filter((c) => c.id.includes('-review-'));
    expect(reviewed).toEqual([]);
  });

  test('GIVEN a member who is not a reviewer THEN /review and an Approve button are refused in one line, and nothing changes', async () => {
    const queue = await slash('/review', '', analyst);
    expect(String(queue.text)).toMatch(/^Only reviewers may see the review queue\. Ask an admin/);
    const candidate = world.pendingWith('attributes');
    const refused = await press(`review?action=approve&id=${candidate.id}`, analyst);
    expect(String(refused.text)).toMatch(/^Only reviewers may approve claims/);
    expect(world.reviewStore.candidate(candidate.id)?.status).toBe('pending');
  });

  test('GIVEN a reviewer THEN /review lists the sentence verbatim with its source, and Edit opens the five-box modal', async () => {
    const candidate = world.pendingWith('attributes');
    const queue = await slash('/review', '', reviewer);
    expect(textOf(queue.blocks)).toContain(candidate.quote);
    expect(textOf(queue.blocks)).toContain('news.example');
    const labels = buttonsOf(queue.blocks).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining([`Approve #${candidate.id}`, 'Edit', 'Reject']));

    const before = fake.views.length;
    const responseUrl = fake.responseUrl();
    const click = buttonClickPayload('cyberbrief:action:1', `review?action=edit&id=${candidate.id}`, responseUrl, {
      user: reviewer,
    });
    await post(new URLSearchParams({ payload: JSON.stringify(click) }).toString());
    const { view } = await fake.waitFor(() => fake.views[before]);
    const boxes = (view.blocks as Array<{ block_id: string }>).map((b) => b.block_id);
    expect(boxes).toEqual(['speaker', 'stance', 'actor', 'hedge', 'incident']);

    // The reviewer adds the hedge the article did not have… then thinks better of it and clears it again.
    const sent = fake.ephemerals.length;
    const submission = viewSubmissionPayload(
      view,
      {
        speaker: `${candidate.claimant} (JP)`,
        stance: 'attributes',
        actor: 'Tick',
        hedge: '',
        incident: 'jaxa-2016-tick',
      },
      { user: reviewer },
    );
    await post(new URLSearchParams({ payload: JSON.stringify(submission) }).toString());
    const saved = await fake.waitFor(() => fake.ephemerals[sent]);
    expect(saved.text).toContain(`Saved #${candidate.id}`);
    expect(world.reviewStore.candidate(candidate.id)).toMatchObject({
      editedBy: `slack:${reviewer}`,
      actorSlug: 'tick',
    });
  });

  test('GIVEN the reviewer approves one and rejects another THEN only the approved one is a claim, and it is in the next briefing', async () => {
    const approved = world.pendingWith('attributes');
    // A second candidate to reject: a typed claim through /claim add, which answers with the edit form.
    const before = fake.views.length;
    const responseUrl = fake.responseUrl();
    const text =
      'add quote:"Officials in Freedonia blamed Tick for the JAXA intrusions." url:https://news.example/freedonia';
    await post(new URLSearchParams(slashCommandFields('/claim', text, responseUrl, { user_id: reviewer })).toString());
    const { view } = await fake.waitFor(() => fake.views[before]);
    expect((view.blocks as Array<{ block_id: string }>).map((b) => b.block_id)).toContain('speaker');
    const draft = world.reviewStore.pending(50, 0).find((c) => c.rule === 'analyst');
    expect(draft).toMatchObject({ quote: 'Officials in Freedonia blamed Tick for the JAXA intrusions.' });

    const approval = await press(`review?action=approve&id=${approved.id}`, reviewer);
    expect(String(approval.text)).toContain(`Approved #${approved.id}`);
    const rejection = await press(`review?action=reject&id=${draft?.id}`, reviewer);
    expect(String(rejection.text)).toContain(`Rejected #${draft?.id}`);

    const claims = world.store.incidentDossier('jaxa-2016-tick')?.claims ?? [];
    const added = claims.filter((c) => c.id.includes('-review-'));
    expect(added.map((c) => c.quote)).toEqual([approved.quote]);
    expect(added[0]?.source.url).toBe('https://news.example/jaxa-tick-update');

    world.clock.set('2026-11-27T09:00:30Z');
    const sender = running.briefingSender;
    if (!sender) throw new Error('the Slack adapter has no briefing sender');
    const report = await world.engine('slack', sender).tick();
    expect(report.delivered).toBe(1);
    const posted = fake.messagesIn('C0INCIDENTS').map((m) => `${m.text}\n${textOf(m.blocks)}`);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('JAXA');
    expect(posted[0]).toContain(`new claim by ${approved.claimant}`);
    expect(posted[0]).not.toContain('Freedonia');
  });

  test('GIVEN the Dispute button on a claim line of /incident THEN a note form opens, and the note is filed for reviewers', async () => {
    const card = await slash('/incident', 'jaxa-2016-tick', analyst);
    const dispute = ((card.blocks ?? []) as Block[])
      .map((b) => b.accessory)
      .find((a) => a?.type === 'button' && decodeAction(String(a.value))?.options.action === 'dispute');
    expect(dispute).toBeDefined();
    const before = fake.views.length;
    const responseUrl = fake.responseUrl();
    const click = buttonClickPayload('cyberbrief:entry:0.0', String(dispute?.value), responseUrl, { user: analyst });
    await post(new URLSearchParams({ payload: JSON.stringify(click) }).toString());
    const { view } = await fake.waitFor(() => fake.views[before]);
    const sent = fake.ephemerals.length;
    const note = 'The source says <!channel> likely, not highly likely.';
    await post(
      new URLSearchParams({
        payload: JSON.stringify(viewSubmissionPayload(view, { note }, { user: analyst })),
      }).toString(),
    );
    const thanks = await fake.waitFor(() => fake.ephemerals[sent]);
    expect(thanks.text).toContain('your note is filed for the reviewers');
    const claim = decodeAction(String(dispute?.value))?.options.id;
    expect(world.reviewStore.openDisputes(10)).toContainEqual(expect.objectContaining({ claimSlug: claim, note }));
  });
});
