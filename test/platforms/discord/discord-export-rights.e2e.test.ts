/**
 * The real discord.js client against the local fake Discord: the "Export STIX" button answers with the card and the
 * bundle as a file (a multipart interaction callback), ephemeral and ping-free; and who may change a channel's daily
 * briefings: members with Manage Channels, checked at run time from the interaction's member permissions.
 */
import { Writable } from 'node:stream';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createBriefingService } from '../../../src/briefing/service.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import { createLogger } from '../../../src/logger.ts';
import { startDiscord } from '../../../src/platforms/discord/start-discord.ts';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { createBriefingStore } from '../../../src/store/briefing-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { openCuratedStore } from '../../helpers/store.ts';
import { katoAttribution, parseBundle } from '../stix-file.ts';
import { appId, botToken, type Callback, type FakeDiscord, startFakeDiscord } from './fake-discord.ts';

const ephemeral = 64;
const refusal = /^Only people who can manage this channel can change its briefings/;
/** The fake's default member permissions, without Manage Channels (0x10). */
const withoutManageChannels = '2248473465835073';
const withManageChannels = String(BigInt(withoutManageChannels) | PermissionFlagsBits.ManageChannels);

const buttons = (callback: Callback) =>
  (callback.data?.components ?? []).flatMap((row) =>
    // Type 2 is a button; a card's "Dispute a claim…" select menu (type 3) is not one.
    row.components.filter((b) => b.type === 2).map((b) => ({ label: b.label, id: b.custom_id })),
  );

const option = (name: string, value: string) => ({ name, type: 3, value });

describe('Discord: Export STIX and briefing rights, end to end', () => {
  let fake: FakeDiscord;
  let store: Store;
  let running: RunningPlatform;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    store = openCuratedStore();
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const { service } = createBriefingService({ store: createBriefingStore(store.db), catalog: store, clock });
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    running = await startDiscord(
      { token: botToken, applicationId: appId, apiUrl: fake.apiUrl },
      {
        commands,
        context: { catalog: store, clock, commands, briefings: service },
        logger: createLogger('info', sink as never),
      },
    );
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    store?.close();
  });

  test('GIVEN “Export STIX” pressed on the JAXA 2016 card THEN the ephemeral reply carries the bundle as a file with Kato’s attributed-to', async () => {
    const card = await fake.callback(fake.command('incident', [option('query', 'jaxa-2016-tick')]));
    const exportButton = buttons(card).find((b) => b.label === 'Export STIX');
    expect(exportButton?.id).toBe('export?format=stix&query=jaxa-2016-tick');
    expect(buttons(card)).toHaveLength(6); // five card buttons and Post to channel

    const call = await fake.callbackCall(fake.button(exportButton?.id ?? ''));
    const reply = call.body as Callback;
    expect(call.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(reply.type).toBe(4);
    expect(reply.data?.flags).toBe(ephemeral);
    expect(reply.data?.allowed_mentions).toEqual({ parse: [] });
    expect(reply.data?.embeds?.[0]?.title).toBe('STIX 2.1 bundle: JAXA intrusions by Tick (2016–17)');
    // A file is not a card anyone can post again.
    expect(buttons(reply).map((b) => b.label)).not.toContain('Post to channel');

    expect(call.files).toHaveLength(1);
    const file = call.files?.[0];
    expect(file?.name).toBe('jaxa-2016-tick.stix.json');
    const bundle = parseBundle(file?.content ?? '');
    expect(bundle.id).toMatch(/^bundle--/);
    expect(katoAttribution(bundle)).toMatchObject({ confidence: 85 });
  });

  test('GIVEN /export stix for an actor THEN the reply carries its bundle', async () => {
    const call = await fake.callbackCall(fake.command('export', [option('format', 'stix'), option('query', 'tick')]));
    expect((call.body as Callback).data?.flags).toBe(ephemeral);
    expect(call.files?.map((f) => f.name)).toEqual(['tick.stix.json']);
    expect(parseBundle(call.files?.[0]?.content ?? '').objects.some((o) => o.name === 'Tick')).toBe(true);
  });

  test('GIVEN a member without Manage Channels THEN /briefing subscribe is refused in one ephemeral line', async () => {
    const callback = await fake.callback(
      fake.command('briefing', [option('action', 'subscribe'), option('time', '09:00'), option('timezone', 'UTC')], {
        permissions: withoutManageChannels,
      }),
    );
    expect(callback.data?.flags).toBe(ephemeral);
    expect(callback.data?.content).toMatch(refusal);
    expect(callback.data?.embeds ?? []).toEqual([]);
    const list = await fake.callback(
      fake.command('briefing', [option('action', 'list')], { permissions: withoutManageChannels }),
    );
    expect(list.data?.embeds?.[0]?.title).toBe('This channel has no daily briefing. Try /briefing subscribe 09:00 UTC');
  });

  test('GIVEN a member with Manage Channels THEN /briefing subscribe is accepted, and /briefing list shows it to anyone', async () => {
    const callback = await fake.callback(
      fake.command('briefing', [option('action', 'subscribe'), option('time', '09:00'), option('timezone', 'UTC')], {
        permissions: withManageChannels,
      }),
    );
    expect(callback.data?.flags).toBe(ephemeral);
    expect(callback.data?.embeds?.[0]?.title).toMatch(/^Subscribed: #\d+ daily at 09:00 UTC/);

    const list = await fake.callback(
      fake.command('briefing', [option('action', 'list')], { permissions: withoutManageChannels }),
    );
    expect(list.data?.embeds?.[0]?.title).toBe('Daily briefings in this channel (1)');
    expect(JSON.stringify(list.data?.embeds)).toContain('daily at 09:00 UTC');
  });

  test('GIVEN a member without Manage Channels THEN /briefing unsubscribe is refused too', async () => {
    const callback = await fake.callback(
      fake.command('briefing', [option('action', 'unsubscribe'), { name: 'id', type: 4, value: 1 }], {
        permissions: withoutManageChannels,
      }),
    );
    expect(callback.data?.content).toMatch(refusal);
  });
});
