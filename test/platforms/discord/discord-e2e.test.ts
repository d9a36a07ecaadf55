/**
 * End to end: the real discord.js Client, started through `startDiscord`, talks to a fake Discord on 127.0.0.1 over
 * the real gateway and REST paths, with the real store on the curated data. What the bot sent is read back from the
 * fake's recorded REST calls.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { Catalog } from '../../../src/core/catalog.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import { createLogger } from '../../../src/logger.ts';
import { commandsJson } from '../../../src/platforms/discord/command-json.ts';
import { deployCommands, runDeploy } from '../../../src/platforms/discord/deploy-commands.ts';
import { startDiscord } from '../../../src/platforms/discord/start-discord.ts';
import type { PlatformDeps, RunningPlatform } from '../../../src/platforms/platform.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { migrationsDir, openCuratedStore } from '../../helpers/store.ts';
import { appId, botToken, type Callback, type FakeDiscord, guildId, startFakeDiscord } from './fake-discord.ts';

const ephemeral = 64;
const clock = fixedClock('2026-01-01T00:00:00Z');

function memoryLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', destination as never), lines };
}

function depsFor(catalog: Catalog, logger: PlatformDeps['logger']): PlatformDeps {
  return { commands, context: { catalog, clock, commands }, logger };
}

const buttons = (callback: Callback) =>
  (callback.data?.components ?? []).flatMap((row) =>
    // Type 2 is a button; a card's "Dispute a claim…" select menu (type 3) is not one.
    row.components.filter((b) => b.type === 2).map((b) => ({ label: b.label, id: b.custom_id })),
  );

const embedText = (callback: Callback) => JSON.stringify(callback.data?.embeds ?? []);

async function connect(fake: FakeDiscord, catalog: Catalog) {
  const log = memoryLogger();
  const running = await startDiscord(
    { token: botToken, applicationId: appId, apiUrl: fake.apiUrl },
    depsFor(catalog, log.logger),
  );
  return { running, log };
}

describe('Discord end to end, on the curated data', () => {
  let fake: FakeDiscord;
  let store: Store;
  let running: RunningPlatform;
  let logs: string[];

  beforeAll(async () => {
    fake = await startFakeDiscord();
    store = openCuratedStore();
    const connected = await connect(fake, store);
    running = connected.running;
    logs = connected.log.lines;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    store?.close();
  });

  test('GIVEN the bot started THEN it identified with the Guilds intent only and logged one ready line', () => {
    const ready = logs.filter((line) => line.includes('Discord ready'));
    expect(ready).toHaveLength(1);
    expect(JSON.parse(ready[0] ?? '{}')).toMatchObject({ level: 30, user: 'cyberbrief', guilds: 1 });
    expect(logs.join('')).not.toContain(botToken);
    const gatewayCall = fake.calls.find((c) => c.path === '/api/v10/gateway/bot');
    expect(gatewayCall?.headers.authorization).toBe(`Bot ${botToken}`);
  });

  test('GIVEN /incident query:jaxa tick THEN an ephemeral reply carries Kato’s claim with Wang Wenbin’s counter-claim under it and a Post-to-channel button', async () => {
    const id = fake.command('incident', [{ name: 'query', type: 3, value: 'jaxa tick' }]);
    const callback = await fake.callback(id);
    expect(callback.type).toBe(4);
    expect(callback.data?.flags).toBe(ephemeral);
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
    const embed = callback.data?.embeds?.[0] as { title: string; fields: Array<{ name: string; value: string }> };
    expect(embed.title).toBe('JAXA intrusions by Tick (2016–17)');
    const kato = embed.fields.find((f) => f.name.includes('Katsunobu Kato'));
    expect(kato?.name).toMatch(/^1 · /);
    expect(kato?.value).toContain('highly likely');
    const [claim, ...answers] = (kato?.value ?? '').split('\n↳ ');
    expect(claim).toContain('“highly likely”');
    expect(answers.some((a) => a.startsWith('Wang Wenbin') && a.includes('evidence challenge'))).toBe(true);
    expect(buttons(callback)).toContainEqual({ label: 'Post to channel', id: 'incident?query=jaxa-2016-tick&post=1' });
  });

  test('GIVEN autocomplete for "jax" THEN the JAXA incidents come back as at most 25 choices', async () => {
    const id = fake.autocomplete('incident', { name: 'query', type: 3, value: 'jax' });
    const callback = await fake.callback(id);
    expect(callback.type).toBe(8);
    const choices = callback.data?.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toEqual(expect.arrayContaining(['jaxa-2016-tick', 'jaxa-2023-ad-server']));
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  test('GIVEN a choice button from /incident query:jaxa THEN it opens that card, and Post to channel posts it publicly', async () => {
    const choicesId = fake.command('incident', [{ name: 'query', type: 3, value: 'jaxa' }]);
    const choices = await fake.callback(choicesId);
    expect(choices.data?.flags).toBe(ephemeral);
    const pick = buttons(choices).find((b) => b.id === 'incident?query=jaxa-2016-tick');
    expect(pick?.label).toBe('JAXA intrusions by Tick (2016–17)');

    const openId = fake.button(pick?.id ?? '');
    const opened = await fake.callback(openId);
    expect(opened.type).toBe(4);
    expect(opened.data?.flags).toBe(ephemeral);
    expect(opened.data?.embeds?.[0]?.title).toBe('JAXA intrusions by Tick (2016–17)');
    const post = buttons(opened).find((b) => b.label === 'Post to channel');
    expect(post?.id).toBe('incident?query=jaxa-2016-tick&post=1');

    const postId = fake.button(post?.id ?? '');
    const posted = await fake.callback(postId);
    expect(posted.type).toBe(4);
    expect((posted.data?.flags ?? 0) & ephemeral).toBe(0);
    expect(posted.data?.allowed_mentions).toEqual({ parse: [] });
    expect(posted.data?.embeds?.[0]?.title).toBe('JAXA intrusions by Tick (2016–17)');
    expect(buttons(posted).map((b) => b.label)).not.toContain('Post to channel');
    expect(buttons(posted).map((b) => b.label)).toContain('All claims');
  });

  test('GIVEN a tampered or unknown button THEN the person gets one ephemeral line', async () => {
    for (const customId of ['not-an-action', 'ghost?query=x', `incident?query=${'x'.repeat(80)}`]) {
      const callback = await fake.callback(fake.button(customId));
      expect(callback.type).toBe(4);
      expect(callback.data?.flags).toBe(ephemeral);
      expect(callback.data?.content).toBe('That button is not valid any more. Run the command again.');
      expect(callback.data?.embeds ?? []).toEqual([]);
      expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
    }
  });

  test('GIVEN an option the command rejects THEN the error is one ephemeral line', async () => {
    const callback = await fake.callback(
      fake.command('incident', [
        { name: 'query', type: 3, value: 'jaxa tick' },
        { name: 'page', type: 4, value: 0 },
      ]),
    );
    expect(callback.data?.flags).toBe(ephemeral);
    expect(callback.data?.content).toBe('/incident: page must be at least 1');
  });

  test('GIVEN the callback fails THEN the error is logged without the interaction token and the person still gets an answer', async () => {
    fake.failCallbacks(400, 50035);
    const id = fake.command('incident', [{ name: 'query', type: 3, value: 'jaxa tick' }]);
    const retried = await fake.waitFor(
      (c) =>
        c.path.startsWith(`/api/v10/interactions/${id}/`) &&
        (c.body as Callback).data?.content === 'Sorry, that failed on our side. The error was logged.',
    );
    expect((retried.body as Callback).data?.flags).toBe(ephemeral);
    const failure = logs.find((line) => line.includes('Discord interaction failed'));
    expect(failure).toBeDefined();
    expect(failure).not.toContain(`fake-interaction-token-${id}`);
    expect(failure).toContain('[redacted]');
  });
});

describe('Discord end to end, with a record that tries to ping everyone', () => {
  let fake: FakeDiscord;
  let store: Store;
  let running: RunningPlatform;
  let dir: string;

  const pings = '@everyone @here <@123> <@&456> <#789>';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cyberbrief-discord-'));
    const dataDir = join(dir, 'data');
    mkdirSync(join(dataDir, 'actors'), { recursive: true });
    mkdirSync(join(dataDir, 'incidents'), { recursive: true });
    writeFileSync(
      join(dataDir, 'incidents', 'ping-2024.json'),
      JSON.stringify({
        slug: 'ping-2024',
        title: `Ping intrusion ${pings} (2024)`,
        period: { start: '2024' },
        victims: [{ name: `Victim ${pings}`, country: 'DE' }],
        summary: `Summary ${pings}.`,
        claims: [
          {
            id: 'ping-2024-claim',
            said: '2024-01-02',
            speaker: {
              name: `Speaker @everyone`,
              organization: 'Ministry <@123>',
              state: 'DE',
              kind: 'government',
              onRecord: true,
            },
            stance: 'attributes',
            subject: { state: 'RU' },
            statement: `They did it ${pings}`,
            quote: 'highly likely @here',
            confidence: { hedge: 'highly likely' },
            source: { publisher: `Wire ${pings}`, date: '2024-01-02', url: 'https://example.org/@everyone' },
          },
          {
            id: 'ping-2024-denial',
            said: '2024-01-03',
            speaker: { organization: 'Embassy @here', state: 'RU', kind: 'accused-party', onRecord: true },
            stance: 'denies',
            subject: { state: 'RU' },
            statement: `Denied ${pings}`,
            source: { publisher: 'Other wire', date: '2024-01-03' },
            respondsTo: 'ping-2024-claim',
          },
        ],
      }),
    );
    store = openStore({ path: ':memory:', dataDir, migrationsDir, clock });
    fake = await startFakeDiscord();
    running = (await connect(fake, store)).running;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GIVEN @everyone, @here and <@123> in a record THEN every payload says allowed_mentions parse [] and no text can ping', async () => {
    const command = await fake.callback(fake.command('incident', [{ name: 'query', type: 3, value: 'ping-2024' }]));
    expect(embedText(command)).toContain('Ping intrusion');
    const post = buttons(command).find((b) => b.label === 'Post to channel');
    expect(post).toBeDefined();
    const posted = await fake.callback(fake.button(post?.id ?? ''));
    expect((posted.data?.flags ?? 0) & ephemeral).toBe(0);
    await fake.callback(fake.command('incident', [{ name: 'query', type: 3, value: 'no such thing @everyone' }]));

    const payloads = fake.calls
      .filter((c) => c.path.includes('/interactions/') || c.path.includes('/webhooks/'))
      .map((c) => c.body as Callback)
      .filter((body) => body.type !== 8);
    expect(payloads.length).toBeGreaterThanOrEqual(3);
    for (const payload of payloads) {
      expect(payload.data?.allowed_mentions).toEqual({ parse: [] });
      const text = JSON.stringify(payload.data);
      expect(text).not.toMatch(/@everyone|@here|<@\d|<@&\d|<#\d/);
    }
  });
});

describe('Discord start and stop', () => {
  test('GIVEN a token Discord refuses THEN startDiscord rejects and leaves no connection open', async () => {
    const fake = await startFakeDiscord();
    const store = openCuratedStore();
    try {
      const config = {
        token: 'MTEwMDAwMDAwMDAwMDAwMDAx.wrongA.wrong-token-wrong-token-wrong-000',
        applicationId: appId,
      };
      await expect(
        startDiscord({ ...config, apiUrl: fake.apiUrl }, depsFor(store, memoryLogger().logger)),
      ).rejects.toThrow(/token/i);
      expect(fake.openConnections()).toBe(0);
    } finally {
      await fake.close();
      store.close();
    }
  });

  test('GIVEN a running bot THEN stop() closes the gateway connection', async () => {
    const fake = await startFakeDiscord();
    const store = openCuratedStore();
    try {
      const { running } = await connect(fake, store);
      expect(fake.openConnections()).toBe(1);
      await running.stop();
      await expect.poll(() => fake.openConnections(), { timeout: 2000 }).toBe(0);
    } finally {
      await fake.close();
      store.close();
    }
  });
});

describe('npm run commands:deploy against the fake', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await startFakeDiscord();
  });

  afterAll(async () => {
    await fake?.close();
  });

  test('GIVEN DISCORD_GUILD_ID THEN one PUT to the guild route carries the command JSON', async () => {
    const result = await deployCommands({ token: botToken, applicationId: appId, guildId, apiUrl: fake.apiUrl });
    expect(result).toEqual({ count: commands.length, scope: { guildId } });
    const puts = fake.calls.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.path).toBe(`/api/v10/applications/${appId}/guilds/${guildId}/commands`);
    expect(puts[0]?.headers.authorization).toBe(`Bot ${botToken}`);
    expect(puts[0]?.body).toEqual(commandsJson(commands));
  });

  test('GIVEN no guild THEN the script overwrites the global commands and prints one line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const env = { DISCORD_TOKEN: botToken, DISCORD_APPLICATION_ID: appId, DISCORD_API_URL: fake.apiUrl };
    const code = await runDeploy(
      env,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    expect({ code, out, err }).toEqual({
      code: 0,
      out: [`commands:deploy: registered ${commands.length} commands globally`],
      err: [],
    });
    expect(fake.calls.at(-1)?.path).toBe(`/api/v10/applications/${appId}/commands`);
  });

  test('GIVEN a wrong token THEN the script prints one error line and exits 1', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const wrong = 'MTEwMDAwMDAwMDAwMDAwMDAx.wrongA.wrong-token-wrong-token-wrong-000';
    const env = { DISCORD_TOKEN: wrong, DISCORD_APPLICATION_ID: appId, DISCORD_API_URL: fake.apiUrl };
    const code = await runDeploy(
      env,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toBe('commands:deploy: failed: 401: Unauthorized');
    expect(err[0]).not.toContain(wrong);
  });

  test('GIVEN no Discord variables THEN the script says which are required', async () => {
    const err: string[] = [];
    expect(
      await runDeploy(
        {},
        () => {},
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err).toEqual(['commands:deploy: DISCORD_TOKEN and DISCORD_APPLICATION_ID are required']);
  });
});
