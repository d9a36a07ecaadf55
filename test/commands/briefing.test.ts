import { afterAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createBriefingService } from '../../src/briefing/service.ts';
import type { Invoker } from '../../src/core/briefings.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { runCommandLine } from '../../src/core/run-text.ts';
import { createBriefingStore } from '../../src/store/briefing-store.ts';
import { openCuratedStore } from '../helpers/store.ts';

const store = openCuratedStore();
afterAll(() => store.close());
const clock = fixedClock('2026-06-01T08:00:00Z');
const { service } = createBriefingService({ store: createBriefingStore(store.db), catalog: store, clock });
const manager: Invoker = {
  platform: 'slack',
  workspaceId: 'T1',
  channelId: 'C1',
  userId: 'U1',
  canManageChannel: true,
};
const member: Invoker = { ...manager, userId: 'U2', canManageChannel: false };
const logger = { error() {} };

function run(line: string, invoker: Invoker = manager) {
  const context: CommandContext = { catalog: store, clock, commands, briefings: service, invoker };
  return runCommandLine(line, commands, context, logger);
}

describe('/briefing', () => {
  test('GIVEN a manager subscribing THEN the channel lists the subscription with its next run in its zone', () => {
    const reply = run('/briefing subscribe 09:00 Asia/Tokyo country:jp tlp:amber');
    expect(reply.kind).toBe('card');
    expect(reply.card.title).toBe('Subscribed: #1 daily at 09:00 Asia/Tokyo · only country=JP · TLP ceiling AMBER');
    const list = run('/briefing list', member);
    expect(list.card.sections[0]?.entries[0]).toMatchObject({
      detail: 'next: 2026-06-02 09:00 Asia/Tokyo',
      meta: 'no briefing delivered yet',
    });
  });

  test('GIVEN the same subscription twice THEN it is not added twice', () => {
    run('/briefing subscribe 10:00');
    expect(run('/briefing subscribe 10:00').card.title).toMatch(/^Already subscribed: #\d+ daily at 10:00 UTC/);
  });

  test('GIVEN a member without channel rights THEN subscribing and unsubscribing are refused in one line', () => {
    for (const line of ['/briefing subscribe 08:00 UTC', '/briefing unsubscribe id:1']) {
      const reply = run(line, member);
      expect(reply.kind).toBe('error');
      expect(reply.card.title).toMatch(/^Only people who can manage this channel/);
    }
  });

  test.each([
    ['/briefing subscribe 9am', '/briefing: time must be HH:MM, e.g. 09:00'],
    ['/briefing subscribe 09:00 Mars/Olympus', '/briefing: timezone must be an IANA time zone, e.g. Asia/Tokyo or UTC'],
    [
      '/briefing subscribe 09:00 UTC tlp:purple',
      '/briefing: tlp must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED',
    ],
    ['/briefing subscribe', '/briefing subscribe needs a time, e.g. /briefing subscribe 09:00 Asia/Tokyo'],
    ['/briefing unsubscribe', '/briefing unsubscribe needs the id:N shown by /briefing list'],
    ['/briefing unsubscribe id:999', 'No subscription #999 in this channel; /briefing list shows them.'],
    ['/briefing dance', '/briefing: action must be preview, subscribe, unsubscribe or list'],
  ])('GIVEN %j THEN one clear line: %s', (line, message) => {
    const reply = run(line);
    expect(reply.kind).toBe('error');
    expect(reply.card.title).toBe(message);
  });

  test('GIVEN another channel THEN it cannot remove this channel’s subscription', () => {
    const id = Number(/#(\d+)/.exec(run('/briefing subscribe 11:00').card.title)?.[1]);
    const elsewhere = { ...manager, channelId: 'C2' };
    expect(run(`/briefing unsubscribe id:${id}`, elsewhere).kind).toBe('error');
    expect(run(`/briefing unsubscribe id:${id}`).card.title).toBe(`Unsubscribed #${id}.`);
  });

  test('GIVEN a preview THEN it is the briefing card as it would be posted now', () => {
    const reply = run('/briefing preview');
    expect(reply.card.kind).toBe('briefing');
    expect(reply.card.title).toMatch(/^Briefing preview — 2026-06-01/);
  });
});
