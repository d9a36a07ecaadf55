/**
 * The real Bolt app, started through startSlack in HTTP mode, against a local fake Slack: signed slash commands,
 * signature checks, button clicks and "Post to channel", each answered through the fake's response URLs.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { commands } from '../../../commands/index.ts';
import { decodeAction } from '../../../src/core/actions.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import { type CommandDefinition, defineCommand } from '../../../src/core/command.ts';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { failureLine, staleButtonLine } from '../../../src/platforms/slack/handlers.ts';
import { startSlack } from '../../../src/platforms/slack/start-slack.ts';
import type { Store } from '../../../src/store/store.ts';
import { openCuratedStore } from '../../helpers/store.ts';
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

interface Block {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ type: string; text: unknown; value?: string; action_id?: string }>;
  accessory?: { value?: string; text: { text: string } };
}

function blocksOf(reply: Record<string, unknown>): Block[] {
  return reply.blocks as Block[];
}

/** Every button in a reply: in actions blocks and next to "…and N more" lines. */
function buttonsOf(reply: Record<string, unknown>): Array<{ label: string; value: string; actionId: string }> {
  return blocksOf(reply).flatMap((block) => [
    ...(block.elements ?? [])
      .filter((e) => e.type === 'button')
      .map((e) => ({ label: (e.text as { text: string }).text, value: e.value ?? '', actionId: e.action_id ?? '' })),
  ]);
}

function sectionIndex(blocks: Block[], predicate: (text: string) => boolean): number {
  return blocks.findIndex((b) => b.type === 'section' && b.text !== undefined && predicate(b.text.text));
}

/** A command that exists only in this test: the adapter must serve it with no change. */
const echo = defineCommand({
  name: 'echo',
  description: 'Says the words back',
  usage: 'hello',
  options: z.object({ words: z.string().min(1) }),
  run: ({ words }) => ({
    kind: 'notice',
    title: `You said: ${words}`,
    tone: 'neutral',
    fields: [],
    sections: [],
    notes: [],
    actions: [],
  }),
});

/** A command whose handler fails unexpectedly, with a token in its error message. */
const boom = defineCommand({
  name: 'boom',
  description: 'Always fails',
  usage: '',
  options: z.object({}),
  run: () => {
    throw new Error(`database exploded while holding ${botToken}`);
  },
});

describe('Slack adapter in HTTP mode, end to end', () => {
  let fake: FakeSlack;
  let store: Store;
  let running: RunningPlatform;
  let log: ReturnType<typeof captureLogger>;
  let eventsUrl: string;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    store = openCuratedStore();
    log = captureLogger();
    const served = [...commands, echo, boom] as CommandDefinition[];
    running = await startSlack(
      { mode: 'http', botToken, signingSecret: secret, apiUrl: fake.apiUrl, port: 0, adminUserIds: [] },
      {
        commands: served,
        context: { catalog: store, clock: fixedClock('2026-01-01T00:00:00Z'), commands: served },
        logger: log.logger,
      },
    );
    eventsUrl = `http://127.0.0.1:${readyPort(log.lines())}/slack/events`;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.stop();
    store?.close();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(eventsUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });

  async function slash(command: string, text: string) {
    const responseUrl = fake.responseUrl();
    const body = new URLSearchParams(slashCommandFields(command, text, responseUrl)).toString();
    const response = await post(body, signedHeaders(secret, body));
    return { response, responseUrl };
  }

  async function click(value: string, actionId = 'cyberbrief:action:0') {
    const responseUrl = fake.responseUrl();
    const body = new URLSearchParams({
      payload: JSON.stringify(buttonClickPayload(actionId, value, responseUrl)),
    }).toString();
    const response = await post(body, signedHeaders(secret, body));
    return { response, responseUrl };
  }

  test('GIVEN start-up THEN auth.test was called once with the bot token and one info line says Slack is ready', () => {
    const authCalls = fake.calls.filter((c) => c.kind === 'api' && c.name === 'auth.test');
    expect(authCalls).toHaveLength(1);
    expect(authCalls[0]?.headers.authorization).toBe(`Bearer ${botToken}`);
    const info = log.lines().filter((l) => (l.level as number) >= 30);
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({
      platform: 'slack',
      mode: 'http',
      path: '/slack/events',
      msg: 'Slack ready (HTTP)',
    });
  });

  test('GIVEN a signed /incident jaxa tick THEN it is acked with 200 and the card arrives ephemeral, Kato’s claim with Wang Wenbin’s answer beneath it', async () => {
    const { response, responseUrl } = await slash('/incident', 'jaxa tick');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');

    const reply = await fake.reply(responseUrl);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Attributed to Tick');
    const blocks = blocksOf(reply);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'JAXA intrusions by Tick (2016–17)' } });

    const kato = sectionIndex(blocks, (t) => t.startsWith('*1. Katsunobu Kato') && t.includes('highly likely'));
    const wang = sectionIndex(blocks, (t) => t.startsWith('>↳ *Wang Wenbin'));
    const police = sectionIndex(blocks, (t) => t.startsWith('*2. Tokyo Metropolitan Police'));
    expect(kato).toBeGreaterThan(0);
    // Wang Wenbin's answer sits under Kato's claim (after its source line), before the next claim, indented as a quote.
    expect(blocks[kato + 1]?.type).toBe('context');
    expect(wang).toBe(kato + 2);
    expect(police).toBeGreaterThan(wang);
    expect(blocks[wang]?.text?.text).toMatch(/evidence challenge\*\n>.*“there must be ample evidence”/);

    const postButton = buttonsOf(reply).find((b) => b.label === 'Post to channel');
    expect(postButton).toBeDefined();
    expect(decodeAction(postButton?.value ?? '')).toEqual({
      command: 'incident',
      options: { query: 'jaxa-2016-tick' },
      post: true,
    });
  });

  test('GIVEN an unsigned, a wrongly signed and a 6-minute-old request THEN each gets 401 and no reply is sent', async () => {
    const before = fake.calls.length;
    const body = new URLSearchParams(slashCommandFields('/incident', 'jaxa', fake.responseUrl())).toString();
    const unsigned = await post(body, {});
    const wrong = await post(body, signedHeaders('not-the-secret-0123456789abcdef', body));
    const stale = await post(body, signedHeaders(secret, body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect([unsigned.status, wrong.status, stale.status]).toEqual([401, 401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls.length).toBe(before);
  });

  test('GIVEN /incident jaxa THEN the choices are buttons, and clicking “jaxa-2016-tick” brings that card, ephemeral, as a new message', async () => {
    const { responseUrl } = await slash('/incident', 'jaxa');
    const choices = await fake.reply(responseUrl);
    expect(choices.response_type).toBe('ephemeral');
    const buttons = buttonsOf(choices);
    expect(buttons.map((b) => b.label)).toContain('JAXA intrusions by Tick (2016–17)');
    const tick = buttons.find((b) => decodeAction(b.value)?.options.query === 'jaxa-2016-tick');
    expect(tick).toBeDefined();

    const clicked = await click(tick?.value ?? '', tick?.actionId);
    expect(clicked.response.status).toBe(200);
    const card = await fake.reply(clicked.responseUrl);
    expect(card).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blocksOf(card)[0]).toMatchObject({ type: 'header', text: { text: 'JAXA intrusions by Tick (2016–17)' } });
  });

  test('GIVEN “Post to channel” is pressed THEN the same card is posted in_channel, without a Post button', async () => {
    const { responseUrl } = await slash('/incident', 'jaxa tick');
    const ephemeral = await fake.reply(responseUrl);
    const postButton = buttonsOf(ephemeral).find((b) => b.label === 'Post to channel');
    const clicked = await click(postButton?.value ?? '', postButton?.actionId);
    const posted = await fake.reply(clicked.responseUrl);
    expect(posted.response_type).toBe('in_channel');
    expect(posted.replace_original).toBe(false);
    expect(blocksOf(posted)[0]).toEqual(blocksOf(ephemeral)[0]);
    expect(buttonsOf(posted).map((b) => b.label)).not.toContain('Post to channel');
    expect(buttonsOf(posted).map((b) => b.label)).toContain('All claims');
  });

  test('GIVEN a tampered or unknown button value THEN the person gets one ephemeral line and nothing runs', async () => {
    const tampered = ['rm?everything=1', 'not a button', 'INCIDENT?query=jaxa', `incident?query=${'x'.repeat(65)}`];
    for (const value of tampered) {
      const clicked = await click(value);
      const reply = await fake.reply(clicked.responseUrl);
      expect(reply).toEqual({ response_type: 'ephemeral', replace_original: false, text: staleButtonLine });
    }
  });

  test('GIVEN a well-formed button value carrying a ping THEN it runs like typed text and the ping stays inert', async () => {
    const clicked = await click('incident?query=<!channel>&post=1');
    const reply = await fake.reply(clicked.responseUrl);
    // "No match" is not a card that can be posted: it stays with the person instead of going to everyone.
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply)).not.toMatch(/<!|<@/);
    expect(reply.text).toBe('No incident matches “&lt;!channel&gt;”');
  });

  test('GIVEN a command added to the registry THEN Slack serves it with no adapter change', async () => {
    const { responseUrl } = await slash('/echo', 'hello there');
    const reply = await fake.reply(responseUrl);
    expect(reply.text).toBe('You said: hello there');
    expect(blocksOf(reply)).toHaveLength(1);
  });

  test('GIVEN a bad option THEN the error is one ephemeral line', async () => {
    const { responseUrl } = await slash('/incident', 'jaxa page:0');
    const reply = await fake.reply(responseUrl);
    expect(reply.response_type).toBe('ephemeral');
    expect(blocksOf(reply)).toHaveLength(1);
    expect(reply.text).toMatch(/^\/incident: page must be at least 1/);
  });

  test('GIVEN a handler that fails THEN the person gets a line and the error is logged with the token redacted', async () => {
    const { responseUrl } = await slash('/boom', '');
    const reply = await fake.reply(responseUrl);
    expect(reply.text).toBe('Sorry, /boom failed on our side. The error was logged.');
    const logged = await fake.waitFor(() => log.lines().find((l) => l.msg === 'command failed'));
    expect(JSON.stringify(logged)).toContain('[redacted]');
    expect(log.raw()).not.toContain(botToken);
  });

  test('GIVEN the response_url fails THEN the failure is logged (without the URL) and the adapter keeps serving', async () => {
    const responseUrl = fake.responseUrl();
    fake.failingResponses.add(new URL(responseUrl).pathname);
    const body = new URLSearchParams(slashCommandFields('/incident', 'jaxa tick', responseUrl)).toString();
    expect((await post(body, signedHeaders(secret, body))).status).toBe(200);
    // The card, then the one-line apology, both refused by the broken URL.
    await fake.waitFor(() => (fake.responsesTo(responseUrl).length === 2 ? true : undefined));
    expect(fake.responsesTo(responseUrl)[1]?.body).toMatchObject({ text: failureLine });
    const logged = await fake.waitFor(() =>
      log.lines().find((l) => l.msg === 'could not tell the user that the reply failed'),
    );
    expect(logged).toMatchObject({ level: 50, command: 'incident' });

    const { responseUrl: next } = await slash('/help', '');
    expect((await fake.reply(next)).text).toContain('cyberbrief');
  });
});
