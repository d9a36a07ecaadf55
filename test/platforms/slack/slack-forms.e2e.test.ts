/**
 * Forms and entry buttons through the real Bolt app (HTTP receiver and Socket Mode) against the local fake Slack: a
 * command that answers with a form opens a modal (views.open), the view_submission runs the form's command with what
 * was typed, and the answer reaches the person through chat.postEphemeral. The commands exist only in this test.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { formFailedLine, staleFormLine } from '../../../src/platforms/slack/handlers.ts';
import { startSlack } from '../../../src/platforms/slack/start-slack.ts';
import { baitValue, formCommands, formContext } from '../form-commands.ts';
import {
  buttonClickPayload,
  captureLogger,
  FakeSlack,
  readyPort,
  signedHeaders,
  slashCommandFields,
  viewSubmissionPayload,
} from './fake-slack.ts';

const secret = 'forms-test-signing-secret-0123456789';

interface InputBlock {
  type: string;
  block_id: string;
  optional: boolean;
  label: { text: string };
  element: { type: string; action_id: string; initial_value?: string; multiline: boolean; max_length: number };
}

interface TextBlock {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  accessory?: { type: string; action_id: string; value: string; text: { text: string } };
}

/** Every text a Slack client would render in these blocks. */
const renderedText = (blocks: unknown[]) =>
  (blocks as TextBlock[]).flatMap((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)]).join('\n');

describe('Slack forms over HTTP, end to end', () => {
  let fake: FakeSlack;
  let running: RunningPlatform;
  let eventsUrl: string;
  let log: ReturnType<typeof captureLogger>;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    log = captureLogger();
    running = await startSlack(
      { mode: 'http', botToken: 'xoxb-forms', signingSecret: secret, apiUrl: fake.apiUrl, port: 0, adminUserIds: [] },
      { commands: formCommands, context: formContext(), logger: log.logger, reviewers: { userIds: ['U0REVIEWER'] } },
    );
    eventsUrl = `http://127.0.0.1:${readyPort(log.lines())}/slack/events`;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.stop();
  });

  const post = (body: string) => fetch(eventsUrl, { method: 'POST', body, headers: signedHeaders(secret, body) });

  async function slash(command: string, text: string) {
    const responseUrl = fake.responseUrl();
    const response = await post(new URLSearchParams(slashCommandFields(command, text, responseUrl)).toString());
    return { response, responseUrl };
  }

  const interactive = (payload: Record<string, unknown>) =>
    post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());

  /** Waits for the next view the bot opens. */
  const nextView = (count: number) => fake.waitFor(() => fake.views[count]);

  test('GIVEN /note that answers with a form THEN views.open gets a modal with one input per field, the metadata and the typed-as-is values', async () => {
    const before = fake.views.length;
    const { response, responseUrl } = await slash('/note', 'jaxa');
    expect(response.status).toBe(200);
    const { triggerId, view } = await nextView(before);
    expect(triggerId).toBe('1111.2222.3333');
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'cyberbrief-form',
      title: { type: 'plain_text', text: 'Add a note' },
      submit: { type: 'plain_text', text: 'Save' },
      close: { type: 'plain_text', text: 'Cancel' },
    });
    expect(JSON.parse(String(view.private_metadata))).toEqual({
      submit: { command: 'note-save', options: { topic: 'jaxa' } },
      channel: 'C0INCIDENTS',
      reply: responseUrl,
    });
    const blocks = view.blocks as InputBlock[];
    expect(blocks.map((b) => [b.type, b.block_id, b.element.action_id, b.optional])).toEqual([
      ['input', 'text', 'text', false],
      ['input', 'tag', 'tag', true],
    ]);
    // The box holds the data as typed: an input never renders markup, so nothing is escaped into it.
    expect(blocks[0]?.element).toMatchObject({ multiline: true, max_length: 500, initial_value: baitValue });
    expect(blocks[1]?.element).toMatchObject({ multiline: false, max_length: 20 });
    expect(JSON.stringify(blocks[1])).toContain('&lt;!here&gt;');
    // The form is the answer: nothing went to the response_url.
    expect(fake.responsesTo(responseUrl)).toEqual([]);
  });

  test('GIVEN the modal submitted THEN note-save ran with the form’s options and the typed text, and the card reached the person ephemerally', async () => {
    const before = fake.views.length;
    await slash('/note', 'jaxa');
    const { view } = await nextView(before);
    const sent = fake.ephemerals.length;
    const response = await interactive(
      viewSubmissionPayload(view, { text: 'Seen <!channel> in the wild @here', tag: '' }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const message = await fake.waitFor(() => fake.ephemerals[sent]);
    expect(message).toMatchObject({ channel: 'C0INCIDENTS', user: 'U0ANALYST' });
    expect(message.text).toContain('Saved a note on jaxa');
    const text = renderedText(message.blocks);
    expect(text).toContain('Seen &lt;!channel&gt; in the wild @\u2060here');
    // The same invoker as a typed command, and the empty optional box left out of the options.
    expect(text).toContain('slack/T0001/C0INCIDENTS');
    expect(text).toContain('U0ANALYST');
    expect(text).toContain('(none)');
    expect(text).not.toMatch(/<!channel>|<!here>/);
  });

  test('GIVEN a form opened where the bot may not post THEN its answer goes through the opener’s response_url', async () => {
    const before = fake.views.length;
    const responseUrl = fake.responseUrl();
    const fields = slashCommandFields('/note', 'private', responseUrl, { channel_id: 'G0PRIVATE' });
    await post(new URLSearchParams(fields).toString());
    const { view } = await nextView(before);
    const sent = fake.ephemerals.length;
    await interactive(viewSubmissionPayload(view, { text: 'Somewhere private' }));
    const reply = await fake.reply(responseUrl);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply.text)).toContain('Saved a note on private');
    expect(renderedText(reply.blocks as unknown[])).toContain('slack/T0001/G0PRIVATE');
    const refused = fake.calls.filter((c) => c.name === 'chat.postEphemeral' && c.body.channel === 'G0PRIVATE');
    expect(refused).toHaveLength(1);
    expect(fake.ephemerals.length).toBe(sent);
  });

  test('GIVEN REVIEWER_USER_IDS THEN a listed person submits as a reviewer and anyone else does not', async () => {
    const before = fake.views.length;
    await slash('/note', 'rights');
    const { view } = await nextView(before);
    const reviewerLine = async (user: string) => {
      const sent = fake.ephemerals.length;
      await interactive(viewSubmissionPayload(view, { text: 'x' }, { user }));
      const message = await fake.waitFor(() => fake.ephemerals[sent]);
      expect(message.user).toBe(user);
      return /\*Reviewer\*\n(\w+)/.exec(renderedText(message.blocks))?.[1];
    };
    expect(await reviewerLine('U0ANALYST')).toBe('no');
    expect(await reviewerLine('U0REVIEWER')).toBe('yes');
  });

  test('GIVEN a value the command rejects THEN the modal stays open with the error under that box, and nothing is posted', async () => {
    const before = fake.views.length;
    await slash('/note', 'jaxa');
    const { view } = await nextView(before);
    const sent = fake.ephemerals.length;
    const response = await interactive(viewSubmissionPayload(view, { text: 'x'.repeat(301) }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: { text: 'text is too long (at most 300 characters)' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.ephemerals.length).toBe(sent);
  });

  test('GIVEN a submission whose command answers with another form THEN the modal is replaced by it', async () => {
    const before = fake.views.length;
    await slash('/note', 'jaxa');
    const { view } = await nextView(before);
    const response = await interactive(viewSubmissionPayload(view, { text: 'first', tag: 'more' }));
    const body = (await response.json()) as { response_action: string; view: { private_metadata: string } };
    expect(body).toMatchObject({ response_action: 'update', view: { type: 'modal', callback_id: 'cyberbrief-form' } });
    expect(JSON.parse(body.view.private_metadata).submit.options).toEqual({ topic: 'jaxa-more' });
  });

  test('GIVEN altered private metadata THEN the submission is refused inside the modal and no command runs', async () => {
    const before = fake.views.length;
    await slash('/note', 'jaxa');
    const { view } = await nextView(before);
    const sent = fake.ephemerals.length;
    for (const metadata of [
      '{"submit":{"command":"note-save","options":{"topic":"jaxa"}},"channel":"C0INCIDENTS"',
      JSON.stringify({ submit: { command: 'nope', options: {} } }),
      JSON.stringify({ submit: { command: 'note-save', options: { 'Bad Name': 'x' } } }),
    ]) {
      const response = await interactive(
        viewSubmissionPayload({ ...view, private_metadata: metadata }, { text: 'hello' }),
      );
      expect(await response.json()).toEqual({ response_action: 'errors', errors: { text: staleFormLine } });
    }
    expect(fake.ephemerals.length).toBe(sent);
  });

  test('GIVEN Slack refuses to open the modal (expired trigger) THEN the person gets one ephemeral line', async () => {
    const open = fake.api['views.open'];
    fake.api['views.open'] = () => ({ json: { ok: false, error: 'expired_trigger_id' } });
    try {
      const { responseUrl } = await slash('/note', 'jaxa');
      const reply = await fake.reply(responseUrl);
      expect(reply).toEqual({ response_type: 'ephemeral', text: formFailedLine });
    } finally {
      if (open) fake.api['views.open'] = open;
    }
  });

  test('GIVEN a card whose entries have a Dispute button THEN each is its line’s accessory, and pressing one opens the form for that entry, which submits', async () => {
    const { responseUrl } = await slash('/notes', '');
    const reply = await fake.reply(responseUrl);
    const blocks = reply.blocks as TextBlock[];
    const accessories = blocks.filter((b) => b.accessory !== undefined).map((b) => [b.text?.text, b.accessory]);
    expect(accessories).toEqual([
      [
        expect.stringContaining('First note &lt;@U123&gt;'),
        expect.objectContaining({ action_id: 'cyberbrief:entry:0.0', value: 'note?topic=entry-1' }),
      ],
      [
        expect.stringContaining('An answer to it'),
        expect.objectContaining({ action_id: 'cyberbrief:entry:0.0.0', value: 'note?topic=entry-1-answer' }),
      ],
      [
        expect.stringContaining('Second note'),
        expect.objectContaining({ action_id: 'cyberbrief:entry:0.1', value: 'note?topic=entry-2' }),
      ],
    ]);
    // The card's own button is still in the actions block.
    expect(JSON.stringify(blocks.filter((b) => b.type === 'actions'))).toContain('note?topic=general');

    const before = fake.views.length;
    const clickUrl = fake.responseUrl();
    await interactive(buttonClickPayload('cyberbrief:entry:0.1', 'note?topic=entry-2', clickUrl));
    const { triggerId, view } = await nextView(before);
    expect(triggerId).toBe('4444.5555.6666');
    expect(JSON.parse(String(view.private_metadata)).submit).toEqual({
      command: 'note-save',
      options: { topic: 'entry-2' },
    });
    const sent = fake.ephemerals.length;
    await interactive(viewSubmissionPayload(view, { text: 'Not them', tag: 'wiper' }));
    const message = await fake.waitFor(() => fake.ephemerals[sent]);
    expect(message.text).toContain('Saved a note on entry-2');
    expect(renderedText(message.blocks)).toContain('wiper');
    expect(fake.responsesTo(clickUrl)).toEqual([]);
  });

  test('GIVEN all of the above THEN nothing was logged as an error', () => {
    expect(log.lines().filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});

describe('Slack forms over Socket Mode, end to end', () => {
  let fake: FakeSlack;
  let running: RunningPlatform | undefined;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    running = await startSlack(
      {
        mode: 'socket',
        botToken: 'xoxb-forms-socket',
        appToken: 'xapp-1-forms-socket',
        apiUrl: fake.apiUrl,
        port: 0,
        adminUserIds: [],
      },
      { commands: formCommands, context: formContext(), logger: captureLogger().logger },
    );
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.stop();
  });

  test('GIVEN /note in a slash_commands envelope THEN the modal opens, and its view_submission envelope is acked empty and answered ephemerally', async () => {
    fake.sendEnvelope('slash_commands', slashCommandFields('/note', 'socket', fake.responseUrl()));
    const { view } = await fake.waitFor(() => fake.views[0]);
    expect(JSON.parse(String(view.private_metadata)).submit.options).toEqual({ topic: 'socket' });

    const envelopeId = fake.sendEnvelope('interactive', viewSubmissionPayload(view, { text: 'Over the socket' }));
    const ack = await fake.waitFor(() => fake.socketMessages.find((m) => m.envelope_id === envelopeId));
    expect(ack).toEqual({ envelope_id: envelopeId, payload: {} });
    const message = await fake.waitFor(() => fake.ephemerals[0]);
    expect(message).toMatchObject({ channel: 'C0INCIDENTS', user: 'U0ANALYST' });
    expect(renderedText(message.blocks)).toContain('Over the socket');
  });

  test('GIVEN a submission the command rejects THEN the ack envelope carries the inline error', async () => {
    const { view } = await fake.waitFor(() => fake.views[0]);
    const envelopeId = fake.sendEnvelope('interactive', viewSubmissionPayload(view, { text: 'y'.repeat(400) }));
    const ack = await fake.waitFor(() => fake.socketMessages.find((m) => m.envelope_id === envelopeId));
    expect(ack).toEqual({
      envelope_id: envelopeId,
      payload: { response_action: 'errors', errors: { text: 'text is too long (at most 300 characters)' } },
    });
  });
});
