/**
 * Data that tries to ping: a store built from records full of `<!channel>`, `<!here>`, `@everyone` and `<@U123>`,
 * served by the real Bolt app; what reaches Slack carries no ping and no link except the ones we build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import type { ActorInput, IncidentInput } from '../../../src/domain/schemas.ts';
import type { RunningPlatform } from '../../../src/platforms/platform.ts';
import { startSlack } from '../../../src/platforms/slack/start-slack.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { migrationsDir } from '../../helpers/store.ts';
import { captureLogger, FakeSlack, readyPort, signedHeaders, slashCommandFields } from './fake-slack.ts';

const secret = 'inert-test-signing-secret-0123456789';

const actor: ActorInput = {
  slug: 'evil-crew',
  name: '<!channel> Crew',
  kind: 'criminal',
  aliases: [{ name: '@everyone', coinedBy: '<@U123> Labs' }],
  description: 'A group whose names try to ping <!here> & <!everyone>.',
};

const incident: IncidentInput = {
  slug: 'ping-2024',
  title: 'Ping & <!here> attack (2024)',
  period: { start: '2024' },
  victims: [{ name: '<!everyone> Corp', country: 'US' }],
  summary: 'Someone wrote <!channel>, @here, @everyone and <@U123> into the record & more.',
  status: [{ date: '2024-02', event: 'Case opened <!here>', source: { publisher: '<@U123> Times' } }],
  claims: [
    {
      id: 'ping-vendor-attributes',
      said: '2024-01-02',
      speaker: { name: '<@U123>', organization: 'Vendor <!subteam^S0TEAM>', kind: 'vendor', onRecord: true },
      stance: 'attributes',
      subject: { actor: 'evil-crew' },
      statement: '<!channel> did it, says @everyone.',
      quote: '<!here> highly likely',
      confidence: { hedge: 'highly likely' },
      source: { publisher: 'Wire <!channel>', date: '2024-01-02', url: 'https://example.org/news?a=1&b=2|<!here>' },
    },
    {
      id: 'ping-state-denies',
      said: '2024-01-03',
      speaker: { organization: '@channel Ministry', state: 'US', kind: 'accused-party', onRecord: true },
      stance: 'denies',
      subject: { state: 'US' },
      statement: 'Denied it, <@U123|the boss> & <#C123> said.',
      source: { publisher: '<https://evil.example|click here>' },
      respondsTo: 'ping-vendor-attributes',
    },
  ],
};

/** Text a Slack client would parse: every text object's text, and the notification text. */
function slackTexts(reply: Record<string, unknown>): string[] {
  const texts = [String(reply.text)];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string') {
        texts.push(record.text);
      } else Object.values(record).forEach(walk);
    }
  };
  walk(reply.blocks);
  return texts;
}

function expectInert(reply: Record<string, unknown>): void {
  for (const text of slackTexts(reply)) {
    // The only `<` and `>` left are ours: links <https://…|label> (URL and label free of `<`, `>` and `|`), and the
    // `>` that starts each line of an indented answer.
    const outsideLinks = text.replace(/<https?:\/\/[^<>|\s]+\|[^<>|]+>/g, '').replace(/^>/gm, '');
    expect(outsideLinks).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/@(everyone|here|channel)\b/);
  }
  expect(JSON.stringify(reply)).not.toMatch(/<!|<@|<#/);
}

describe('Slack adapter on data that tries to ping', () => {
  let dir: string;
  let fake: FakeSlack;
  let store: Store;
  let running: RunningPlatform;
  let eventsUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cyberbrief-slack-'));
    for (const [folder, record] of [
      ['actors', actor],
      ['incidents', incident],
    ] as const) {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, `${record.slug}.json`), JSON.stringify(record));
    }
    store = openStore({ path: ':memory:', dataDir: dir, migrationsDir, clock: fixedClock('2026-01-01T00:00:00Z') });
    fake = await FakeSlack.start();
    const log = captureLogger();
    running = await startSlack(
      {
        mode: 'http',
        botToken: 'xoxb-inert-test',
        signingSecret: secret,
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
    eventsUrl = `http://127.0.0.1:${readyPort(log.lines())}/slack/events`;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.stop();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ask(command: string, text: string): Promise<Record<string, unknown>> {
    const responseUrl = fake.responseUrl();
    const body = new URLSearchParams(slashCommandFields(command, text, responseUrl)).toString();
    const response = await fetch(eventsUrl, { method: 'POST', body, headers: signedHeaders(secret, body) });
    expect(response.status).toBe(200);
    return fake.reply(responseUrl);
  }

  test('GIVEN an incident whose every field tries to ping THEN the posted card pings no one and links only to its source', async () => {
    const reply = await ask('/incident', 'ping-2024');
    expectInert(reply);
    const json = JSON.stringify(reply);
    // Shown, escaped, so people can still read what the record says.
    expect(json).toContain('Ping &amp; &lt;!here&gt; attack (2024)');
    expect(json).toContain('&lt;@U123&gt;');
    expect(json).toContain('@\u2060everyone');
    // The claim's source is the one link; its URL keeps working, its `|` cannot end the URL early.
    expect(json).toContain('<https://example.org/news?a=1&amp;b=2%7C%3C!here%3E|Wire &lt;!channel&gt;, 2024-01-02>');
    // A publisher that looks like a link is shown as text.
    expect(json).toContain('&lt;https://evil.example|click here&gt;');
  });

  test('GIVEN an actor whose names try to ping THEN its card is inert too', async () => {
    expectInert(await ask('/actor', 'evil-crew'));
  });
});
