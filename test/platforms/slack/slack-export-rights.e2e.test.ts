/**
 * The real Bolt app in HTTP mode against the local fake Slack: the "Export STIX" button uploads the bundle with
 * files.uploadV2 (getUploadURLExternal → upload URL → completeUploadExternal) and tells the person in one line; and
 * who may change a channel's daily briefings (workspace admins, SLACK_ADMIN_USER_IDS) as users.info reports them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createBriefingService } from '../../../src/briefing/service.ts';
import { decodeAction } from '../../../src/core/actions.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { startSlack } from '../../../src/platforms/slack/start-slack.ts';
import { createBriefingStore } from '../../../src/store/briefing-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { openCuratedStore } from '../../helpers/store.ts';
import { katoAttribution, parseBundle } from '../stix-file.ts';
import {
  buttonClickPayload,
  captureLogger,
  FakeSlack,
  readyPort,
  signedHeaders,
  slashCommandFields,
} from './fake-slack.ts';

const secret = 'test-signing-secret-0123456789abcdef';
const botToken = 'xoxb-111-222-testtoken';
const refusal = /^Only people who can manage this channel can change its briefings/;

interface Button {
  label: string;
  value: string;
  actionId: string;
}

function buttonsOf(reply: Record<string, unknown>): Button[] {
  const blocks = reply.blocks as Array<{
    elements?: Array<{ type: string; text: unknown; value?: string; action_id?: string }>;
  }>;
  return blocks.flatMap((block) =>
    (block.elements ?? [])
      .filter((e) => e.type === 'button')
      .map((e) => ({ label: (e.text as { text: string }).text, value: e.value ?? '', actionId: e.action_id ?? '' })),
  );
}

describe('Slack: Export STIX and briefing rights, end to end', () => {
  let fake: FakeSlack;
  let store: Store;
  let running: RunningPlatform;
  let log: ReturnType<typeof captureLogger>;
  let eventsUrl: string;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser('U0MEMBER');
    fake.addUser('U0ADMIN', 'admin');
    fake.addUser('U0OWNER', 'owner');
    store = openCuratedStore();
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const { service } = createBriefingService({ store: createBriefingStore(store.db), catalog: store, clock });
    log = captureLogger();
    running = await startSlack(
      {
        mode: 'http',
        botToken,
        signingSecret: secret,
        apiUrl: fake.apiUrl,
        port: 0,
        // Not an admin to Slack (users.info does not even know them), but listed.
        adminUserIds: ['U0LISTED'],
      },
      { commands, context: { catalog: store, clock, commands, briefings: service }, logger: log.logger },
    );
    eventsUrl = `http://127.0.0.1:${readyPort(log.lines())}/slack/events`;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.stop();
    store?.close();
  });

  const post = (body: string) => fetch(eventsUrl, { method: 'POST', body, headers: signedHeaders(secret, body) });

  async function slash(command: string, text: string, overrides: { user_id?: string; channel_id?: string } = {}) {
    const responseUrl = fake.responseUrl();
    const response = await post(
      new URLSearchParams(slashCommandFields(command, text, responseUrl, overrides)).toString(),
    );
    expect(response.status).toBe(200);
    return fake.reply(responseUrl);
  }

  async function click(button: Button) {
    const responseUrl = fake.responseUrl();
    const payload = buttonClickPayload(button.actionId, button.value, responseUrl);
    const response = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    expect(response.status).toBe(200);
    return fake.reply(responseUrl);
  }

  test('GIVEN “Export STIX” pressed on the JAXA 2016 card THEN the bundle is uploaded to the channel with Kato’s attributed-to, and one ephemeral line says so', async () => {
    const card = await slash('/incident', 'jaxa-2016-tick');
    const exportButton = buttonsOf(card).find((b) => b.label === 'Export STIX');
    expect(decodeAction(exportButton?.value ?? '')).toEqual({
      command: 'export',
      options: { format: 'stix', query: 'jaxa-2016-tick' },
      post: false,
    });
    const before = fake.calls.length;

    const reply = await click(exportButton as Button);
    expect(reply).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringMatching(/^Attached jaxa-2016-tick\.stix\.json \(STIX bundle, \d+ bytes\) to this channel\.$/),
    });
    // What files.uploadV2 does, in order: ask for a URL, post the bytes there, complete into the channel.
    const steps = fake.calls.slice(before).map((c) => (c.kind === 'upload' ? 'upload' : c.name));
    expect(steps.filter((s) => !s.startsWith('/response/'))).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(fake.files).toHaveLength(1);
    const file = fake.files[0];
    expect(file).toMatchObject({ channel: 'C0INCIDENTS', filename: 'jaxa-2016-tick.stix.json' });
    expect(file?.initialComment).toContain('JAXA intrusions by Tick (2016–17)');
    expect(file?.initialComment).not.toMatch(/<[@!#]/);
    const bundle = parseBundle(file?.content ?? '');
    expect(katoAttribution(bundle)).toMatchObject({ confidence: 85 });
    expect(reply.text).toContain(`${file?.content.length} bytes`);
  });

  test('GIVEN /export stix typed in a channel the bot is not in THEN one ephemeral line says why, and no file is shared', async () => {
    const shared = fake.files.length;
    const reply = await slash('/export', 'stix jaxa-2016-tick', { channel_id: 'C0ELSEWHERE' });
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/^Could not attach jaxa-2016-tick\.stix\.json: .*\(not_in_channel\)\./);
    expect(reply.text).toContain('npm run export -- stix jaxa-2016-tick');
    expect(reply.blocks).toBeUndefined();
    expect(fake.files).toHaveLength(shared);
    expect(log.lines().some((l) => l.msg === 'Slack file upload failed' && l.code === 'not_in_channel')).toBe(true);
  });

  test('GIVEN /export stix for an actor THEN the actor’s bundle is attached too', async () => {
    const reply = await slash('/export', 'stix tick');
    expect(reply.text).toMatch(/^Attached tick\.stix\.json/);
    const file = fake.files.at(-1);
    expect(parseBundle(file?.content ?? '').objects.some((o) => o.type === 'intrusion-set' && o.name === 'Tick')).toBe(
      true,
    );
  });

  test('GIVEN a member users.info says is not an admin THEN /briefing subscribe is refused in one line and nothing is subscribed', async () => {
    const reply = await slash('/briefing', 'subscribe 09:00 UTC', { user_id: 'U0MEMBER' });
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(refusal);
    expect(reply.blocks).toHaveLength(1);
    const infoCall = fake.calls.find((c) => c.name === 'users.info' && c.body.user === 'U0MEMBER');
    expect(infoCall).toBeDefined();
    const list = await slash('/briefing', 'list', { user_id: 'U0MEMBER' });
    expect(list.text).toBe('This channel has no daily briefing. Try /briefing subscribe 09:00 UTC');
  });

  test('GIVEN a workspace admin, an owner and a user in SLACK_ADMIN_USER_IDS THEN each may subscribe', async () => {
    const admin = await slash('/briefing', 'subscribe 09:00 UTC', { user_id: 'U0ADMIN' });
    expect(admin.text).toMatch(/^Subscribed: #\d+ daily at 09:00 UTC/);
    const owner = await slash('/briefing', 'subscribe 10:00 UTC', { user_id: 'U0OWNER' });
    expect(owner.text).toMatch(/^Subscribed: #\d+ daily at 10:00 UTC/);
    const listed = await slash('/briefing', 'subscribe 11:00 Asia/Tokyo', { user_id: 'U0LISTED' });
    expect(listed.text).toMatch(/^Subscribed: #\d+ daily at 11:00 Asia\/Tokyo/);
    // The listed user is allowed without asking Slack.
    expect(fake.calls.some((c) => c.name === 'users.info' && c.body.user === 'U0LISTED')).toBe(false);
  });

  test('GIVEN subscriptions THEN /briefing list works for a member who may not change them', async () => {
    const list = await slash('/briefing', 'list', { user_id: 'U0MEMBER' });
    expect(list.text).toBe('Daily briefings in this channel (3)');
    const again = await slash('/briefing', 'unsubscribe id:1', { user_id: 'U0MEMBER' });
    expect(again.text).toMatch(refusal);
  });
});
