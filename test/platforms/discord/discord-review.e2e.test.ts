/**
 * The review flow through the real discord.js client against the local fake Discord, on a real SQLite file:
 * pasted news → candidates → refusal for a member who is not a reviewer → a reviewer (by role) edits in a modal,
 * approves one and rejects another → the approved claim is in the next daily briefing the bot posts; the rejected
 * one never is.
 */
import { Writable } from 'node:stream';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/logger.ts';
import { startDiscord } from '../../../src/platforms/discord/start-discord.ts';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { createReviewWorld, pastedArticle, type ReviewWorld } from '../../review/review-world.ts';
import {
  appId,
  botToken,
  type Callback,
  channelId,
  type FakeDiscord,
  reviewerRoleId,
  startFakeDiscord,
} from './fake-discord.ts';

/** The fake's default member permissions with Manage Channels, needed to subscribe a channel. */
const withManageChannels = String(BigInt('2248473465835073') | PermissionFlagsBits.ManageChannels);
/** The fake's default member; listed in REVIEWER_USER_IDS here. */
const listedReviewer = '1400000000000000001';
const analyst = { userId: '1400000000000000002', roles: [] as string[] };
const roleReviewer = { userId: '1400000000000000003', roles: [reviewerRoleId] };

const text = (callback: Callback) => `${callback.data?.content ?? ''}\n${JSON.stringify(callback.data?.embeds ?? [])}`;
const option = (name: string, value: string) => ({ name, type: 3, value });

describe('Discord review queue, end to end', () => {
  let world: ReviewWorld;
  let fake: FakeDiscord;
  let running: RunningPlatform;

  beforeAll(async () => {
    world = createReviewWorld('2026-11-26T08:00:00Z');
    fake = await startFakeDiscord();
    running = await startDiscord(
      { token: botToken, applicationId: appId, apiUrl: fake.apiUrl },
      {
        commands: world.commands,
        context: world.context,
        logger: createLogger('warn', new Writable({ write: (_c, _e, done) => done() }) as never),
        reviewers: { userIds: [listedReviewer], discordRole: reviewerRoleId },
      },
    );
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    world?.close();
  });

  test('GIVEN a subscribed channel and an analyst pasting news THEN candidates wait for review, and no card shows them', async () => {
    const subscribed = await fake.callback(
      fake.command('briefing', [option('action', 'subscribe'), option('time', '09:00'), option('timezone', 'UTC')], {
        permissions: withManageChannels,
      }),
    );
    expect(text(subscribed)).toContain('Subscribed');

    world.clock.set('2026-11-26T10:00:00Z');
    const reply = await fake.callback(fake.command('ingest', [option('input', pastedArticle)], analyst));
    expect(text(reply)).toMatch(/claim\(s\) proposed for review/);
    const candidate = world.pendingWith('attributes');
    const card = await fake.callback(fake.command('incident', [option('query', 'jaxa-2016-tick')], analyst));
    expect(text(card)).not.toContain(candidate.quote.slice(0, 60));
  });

  test('GIVEN a member without the reviewer role THEN /review and Approve are refused in one line, and nothing changes', async () => {
    const queue = await fake.callback(fake.command('review', [], analyst));
    expect(queue.data?.content).toMatch(/Only reviewers may see the review queue/);
    const candidate = world.pendingWith('attributes');
    const refused = await fake.callback(fake.button(`review?action=approve&id=${candidate.id}`, {}, analyst));
    expect(refused.data?.content).toMatch(/Only reviewers may approve claims/);
    expect(world.reviewStore.candidate(candidate.id)?.status).toBe('pending');
  });

  test('GIVEN a member with the reviewer role THEN the queue shows the sentence and its source, and Edit opens a five-box modal that saves', async () => {
    const candidate = world.pendingWith('attributes');
    const queue = await fake.callback(fake.command('review', [], roleReviewer));
    expect(text(queue)).toContain(candidate.quote.slice(0, 60));
    expect(text(queue)).toContain('news.example');
    const buttons = (queue.data?.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id));
    expect(buttons).toContain(`review?action=approve&id=${candidate.id}`);

    const modal = await fake.callback(fake.button(`review?action=edit&id=${candidate.id}`, {}, roleReviewer));
    expect(modal.type).toBe(9);
    const boxes = ((modal.data?.components ?? []) as unknown as Array<{ component: { custom_id: string } }>).map(
      (label) => label.component.custom_id,
    );
    expect(boxes).toEqual(['speaker', 'stance', 'actor', 'hedge', 'incident']);
    const saved = await fake.callback(
      fake.modalSubmit(
        String(modal.data?.custom_id),
        {
          speaker: `${candidate.claimant} (JP)`,
          stance: 'attributes',
          actor: 'Tick',
          hedge: '',
          incident: 'jaxa tick',
        },
        roleReviewer,
      ),
    );
    expect(text(saved)).toContain(`Saved #${candidate.id}`);
    expect(world.reviewStore.candidate(candidate.id)).toMatchObject({
      editedBy: `discord:${roleReviewer.userId}`,
      incidentSlug: 'jaxa-2016-tick',
    });
  });

  test('GIVEN one approved and one rejected THEN only the approved claim is on the card and in the next briefing', async () => {
    const approved = world.pendingWith('attributes');
    const form = await fake.callback(
      fake.command(
        'claim',
        [
          option('action', 'add'),
          option('quote', 'Officials in Freedonia blamed Tick for the JAXA intrusions.'),
          option('url', 'https://news.example/freedonia'),
        ],
        roleReviewer,
      ),
    );
    expect(form.type).toBe(9);
    const draft = world.reviewStore.pending(50, 0).find((c) => c.rule === 'analyst');
    expect(draft).toBeDefined();

    const approval = await fake.callback(fake.button(`review?action=approve&id=${approved.id}`));
    expect(text(approval)).toContain(`Approved #${approved.id}`);
    const rejection = await fake.callback(fake.button(`review?action=reject&id=${draft?.id}`, {}, roleReviewer));
    expect(text(rejection)).toContain(`Rejected #${draft?.id}`);

    const card = await fake.callback(fake.command('incident', [option('query', 'jaxa-2016-tick')], analyst));
    expect(text(card)).not.toContain('Freedonia');

    world.clock.set('2026-11-27T09:00:30Z');
    const sender = running.briefingSender;
    if (!sender) throw new Error('the Discord adapter has no briefing sender');
    const report = await world.engine('discord', sender).tick();
    expect(report.delivered).toBe(1);
    const posted = fake.messagesIn(channelId).map((m) => `${m.content}\n${JSON.stringify(m.embeds)}`);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(`new claim by ${approved.claimant}`);
    expect(posted[0]).not.toContain('Freedonia');
  });
});
