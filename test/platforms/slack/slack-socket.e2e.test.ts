/**
 * The real Bolt app in Socket Mode, started through startSlack, against a local fake Slack: the fake opens the
 * WebSocket, says hello, delivers envelopes, and receives the acks; replies still go to the fake's response URLs.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { startSlack } from '../../../src/platforms/slack/start-slack.ts';
import type { Store } from '../../../src/store/store.ts';
import { openCuratedStore } from '../../helpers/store.ts';
import { buttonClickPayload, captureLogger, FakeSlack, slashCommandFields } from './fake-slack.ts';

describe('Slack adapter in Socket Mode, end to end', () => {
  let fake: FakeSlack;
  let store: Store;
  let running: RunningPlatform | undefined;
  let log: ReturnType<typeof captureLogger>;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    store = openCuratedStore();
    log = captureLogger();
    running = await startSlack(
      {
        mode: 'socket',
        botToken: 'xoxb-socket-test',
        appToken: 'xapp-1-socket-test',
        apiUrl: fake.apiUrl,
        port: 0,
        adminUserIds: [],
      },
      {
        commands,
        context: { catalog: store, clock: fixedClock('2026-01-01T00:00:00Z'), commands },
        logger: log.logger,
      },
    );
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.stop();
    store?.close();
  });

  test('GIVEN start-up THEN the socket URL was fetched with the app token and one info line says Slack is ready', () => {
    const open = fake.calls.filter((c) => c.kind === 'api' && c.name === 'apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.headers.authorization).toBe('Bearer xapp-1-socket-test');
    expect(fake.sockets).toHaveLength(1);
    const info = log.lines().filter((l) => (l.level as number) >= 30);
    expect(info).toEqual([
      expect.objectContaining({ platform: 'slack', mode: 'socket', msg: 'Slack ready (Socket Mode)' }),
    ]);
  });

  test('GIVEN a slash_commands envelope THEN the ack envelope comes back and the card reaches the response_url', async () => {
    const responseUrl = fake.responseUrl();
    const envelopeId = fake.sendEnvelope('slash_commands', slashCommandFields('/incident', 'jaxa tick', responseUrl));
    const ack = await fake.waitFor(() => fake.socketMessages.find((m) => m.envelope_id === envelopeId));
    // A bare ack(): the envelope id with an empty payload (the card follows through the response_url).
    expect(ack).toEqual({ envelope_id: envelopeId, payload: {} });

    const reply = await fake.reply(responseUrl);
    expect(reply.response_type).toBe('ephemeral');
    const texts = (reply.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '');
    const kato = texts.findIndex((t) => t.startsWith('*1. Katsunobu Kato'));
    expect(kato).toBeGreaterThan(0);
    expect(texts[kato + 2]).toMatch(/^>↳ \*Wang Wenbin/);
  });

  test('GIVEN an interactive envelope for a button THEN it is acked and the chosen card arrives', async () => {
    const responseUrl = fake.responseUrl();
    const click = buttonClickPayload('cyberbrief:action:2', 'actor?query=tick', responseUrl);
    const envelopeId = fake.sendEnvelope('interactive', click);
    await fake.waitFor(() => fake.socketMessages.find((m) => m.envelope_id === envelopeId));
    const reply = await fake.reply(responseUrl);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect((reply.blocks as Array<{ type: string; text?: { text: string } }>)[0]).toMatchObject({ type: 'header' });
    expect(reply.text).toContain('Tick');
  });

  test('GIVEN stop THEN it resolves after the socket closed normally, and a second stop is harmless', async () => {
    const platform = running;
    running = undefined;
    await platform?.stop();
    await fake.waitFor(() => (fake.closeCodes.length > 0 ? true : undefined), 1000);
    expect(fake.closeCodes).toEqual([1000]);
    await platform?.stop();
    expect(log.lines().some((l) => l.level === 40 || l.level === 50)).toBe(false);
  });
});
