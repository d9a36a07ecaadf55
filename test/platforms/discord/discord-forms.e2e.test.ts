/**
 * Forms and entry buttons through the real discord.js client against the local fake Discord: a command that answers
 * with a form gets a modal as its first answer (callback type 9), the modal submit (interaction type 5) runs the
 * form's command with what was typed and is answered ephemerally, and an entry's button, offered in a select menu,
 * opens the form for that entry. The commands exist only in this test.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/logger.ts';
import { formInFormLine, staleButtonLine, staleFormLine } from '../../../src/platforms/discord/handle-interaction.ts';
import { entrySelectId } from '../../../src/platforms/discord/render-embeds.ts';
import { startDiscord } from '../../../src/platforms/discord/start-discord.ts';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { baitValue, formCommands, formContext } from '../form-commands.ts';
import {
  appId,
  botToken,
  type Callback,
  channelId,
  type FakeDiscord,
  guildId,
  reviewerRoleId,
  startFakeDiscord,
} from './fake-discord.ts';

const ephemeral = 64;
const userId = '1400000000000000001';

interface ModalLabel {
  type: number;
  label: string;
  component: {
    type: number;
    custom_id: string;
    style: number;
    required: boolean;
    max_length: number;
    value?: string;
    placeholder?: string;
  };
}

interface SelectMenu {
  type: number;
  custom_id: string;
  placeholder: string;
  options: Array<{ label: string; value: string; description: string }>;
}

const embedText = (callback: Callback) => JSON.stringify(callback.data?.embeds ?? []);

describe('Discord forms, end to end', () => {
  let fake: FakeDiscord;
  let running: RunningPlatform;
  const logs: string[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    running = await startDiscord(
      { token: botToken, applicationId: appId, apiUrl: fake.apiUrl },
      {
        commands: formCommands,
        context: formContext(),
        logger: createLogger('info', sink as never),
        reviewers: { userIds: ['1400000000000000009'], discordRole: 'Reviewers' },
      },
    );
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.close();
  });

  test('GIVEN /note that answers with a form THEN the first and only answer is a modal with one labelled text box per field', async () => {
    const id = fake.command('note', [{ name: 'topic', type: 3, value: 'jaxa' }]);
    const callback = await fake.callback(id);
    expect(callback.type).toBe(9);
    expect(callback.data).toMatchObject({ custom_id: 'note-save?topic=jaxa', title: 'Add a note' });
    const labels = (callback.data?.components ?? []) as unknown as ModalLabel[];
    expect(labels).toHaveLength(2);
    expect(labels.map((l) => [l.type, l.label, l.component.type, l.component.custom_id])).toEqual([
      [18, 'Your note', 4, 'text'],
      [18, 'Tag', 4, 'tag'],
    ]);
    // The box holds the data as typed: a text input never renders markdown or pings.
    expect(labels[0]?.component).toMatchObject({ style: 2, required: true, max_length: 500, value: baitValue });
    expect(labels[1]?.component).toMatchObject({ style: 1, required: false, max_length: 20 });
    expect(labels[1]?.component.value).toBeUndefined();
    expect(fake.calls.filter((c) => c.path.includes(`/interactions/${id}/`))).toHaveLength(1);
  });

  test('GIVEN the modal submitted THEN note-save ran with the form’s options and the typed values, answered ephemerally without pings', async () => {
    const id = fake.modalSubmit('note-save?topic=jaxa', { text: 'Seen @everyone <@123> in the wild', tag: '' });
    const callback = await fake.callback(id);
    expect(callback.type).toBe(4);
    expect(callback.data?.flags).toBe(ephemeral);
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
    const text = embedText(callback);
    expect(text).toContain('Saved a note on jaxa');
    expect(text).toContain('Seen @\u200beveryone <@\u200b123> in the wild');
    // The same invoker as a slash command; the empty optional box left out of the options.
    expect(text).toContain(`discord/${guildId}/${channelId}`);
    expect(text).toContain(userId);
    expect(text).toContain('(none)');
  });

  test('GIVEN a submitted value the command rejects THEN the person gets the error as one ephemeral line', async () => {
    const callback = await fake.callback(fake.modalSubmit('note-save?topic=jaxa', { text: 'z'.repeat(301) }));
    expect(callback.type).toBe(4);
    expect(callback.data?.flags).toBe(ephemeral);
    expect(callback.data?.content).toBe('/note-save: text is too long (at most 300 characters)');
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
  });

  test('GIVEN a submission whose command answers with another form THEN the person is told in one line (a modal cannot open a modal)', async () => {
    const callback = await fake.callback(fake.modalSubmit('note-save?topic=jaxa', { text: 'first', tag: 'more' }));
    expect(callback.type).toBe(4);
    expect(callback.data?.content).toBe(formInFormLine);
    expect(callback.data?.flags).toBe(ephemeral);
  });

  test('GIVEN a tampered modal submit THEN the person gets one ephemeral line and no command runs', async () => {
    for (const [customId, typed] of [
      ['not-an-action', { text: 'x' }],
      ['ghost?topic=jaxa', { text: 'x' }],
      ['note-save?topic=jaxa', { 'Bad Name': 'x' }],
    ] as const) {
      const callback = await fake.callback(fake.modalSubmit(customId, typed));
      expect(callback.data?.content).toBe(staleFormLine);
      expect(callback.data?.flags).toBe(ephemeral);
    }
  });

  test('GIVEN a card whose entries have a Dispute button THEN they are one select menu above the card’s buttons, and a pick opens that entry’s form', async () => {
    const listed = await fake.callback(fake.command('notes', []));
    expect(listed.type).toBe(4);
    const rows = listed.data?.components ?? [];
    const menu = (rows[0]?.components ?? [])[0] as unknown as SelectMenu | undefined;
    expect(menu).toMatchObject({ type: 3, custom_id: entrySelectId, placeholder: 'Dispute: pick a line…' });
    expect(menu?.options).toEqual([
      { label: '1 · First note <@\u200bU123>', value: 'note?topic=entry-1', description: 'Dispute' },
      { label: '↳ An answer to it', value: 'note?topic=entry-1-answer', description: 'Dispute' },
      { label: '2 · Second note', value: 'note?topic=entry-2', description: 'Dispute' },
    ]);
    expect(rows[1]?.components.map((b) => b.custom_id)).toEqual(['note?topic=general']);

    const picked = await fake.callback(fake.selectMenu(entrySelectId, ['note?topic=entry-2']));
    expect(picked.type).toBe(9);
    expect(picked.data?.custom_id).toBe('note-save?topic=entry-2');

    const saved = await fake.callback(fake.modalSubmit('note-save?topic=entry-2', { text: 'Not them', tag: 'wiper' }));
    expect(saved.data?.flags).toBe(ephemeral);
    expect(embedText(saved)).toContain('Saved a note on entry-2');
    expect(embedText(saved)).toContain('wiper');
  });

  test('GIVEN the card’s own button that answers with a form THEN it opens the modal too; a tampered pick gets one line', async () => {
    const opened = await fake.callback(fake.button('note?topic=general'));
    expect(opened.type).toBe(9);
    expect(opened.data?.custom_id).toBe('note-save?topic=general');
    const tampered = await fake.callback(fake.selectMenu(entrySelectId, ['ghost?x=1']));
    expect(tampered.data?.content).toBe(staleButtonLine);
  });

  test('GIVEN reviewers by id and by a role named in config THEN only they run as reviewers', async () => {
    const reviewerField = async (member: { userId?: string; roles?: string[] }) => {
      const callback = await fake.callback(fake.modalSubmit('note-save?topic=rights', { text: 'x' }, member));
      const fields = (callback.data?.embeds?.[0]?.fields ?? []) as Array<{ name: string; value: string }>;
      return fields.find((f) => f.name === 'Reviewer')?.value;
    };
    expect(await reviewerField({})).toBe('no');
    expect(await reviewerField({ roles: [reviewerRoleId] })).toBe('yes');
    expect(await reviewerField({ userId: '1400000000000000009' })).toBe('yes');
    expect(await reviewerField({ roles: [guildId] })).toBe('no');
  });

  test('GIVEN all of the above THEN nothing was logged as an error', () => {
    expect(logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  });
});
