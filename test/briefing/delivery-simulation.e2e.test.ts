/**
 * The daily-briefing delivery guarantee, end to end: posted exactly once, nothing lost. Briefings go through the
 * REAL Slack and Discord briefing senders to the local fake Slack and Discord; the store is a real SQLite file.
 *
 * The simulation: two bot processes share one database file over two 30-day windows of simulated time that hold
 * both DST transitions in New York and Berlin, with a downtime between them. A seeded PRNG kills processes before a
 * send, after the platform accepted a post, and between ticks, and makes the platforms answer 429 (in bursts), 503
 * and lose responses. The verdict is read from what the fakes stored. The tests before it replay, one at a time,
 * the faults the simulation found.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type BriefingEngine, createBriefingEngine } from '../../src/briefing/engine.ts';
import { type BriefingSender, DeliveryError } from '../../src/briefing/sender.ts';
import { createBriefingService } from '../../src/briefing/service.ts';
import { addDays, latestDueSlot, localDate, slotOn } from '../../src/briefing/slots.ts';
import type { Clock } from '../../src/core/clock.ts';
import { createDiscordBriefingSender } from '../../src/platforms/discord/briefing-sender.ts';
import { createSlackBriefingSender } from '../../src/platforms/slack/briefing-sender.ts';
import { createBriefingStore } from '../../src/store/briefing-store.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { writeRecords } from '../../src/store/write-records.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';
import {
  appId,
  type DiscordFault,
  botToken as discordToken,
  type FakeDiscord,
  startFakeDiscord,
} from '../platforms/discord/fake-discord.ts';
import { FakeSlack, type SlackFault } from '../platforms/slack/fake-slack.ts';

const slackToken = 'xoxb-111-222-simulation';
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

type Platform = 'slack' | 'discord';

/** A clock the test moves by hand, shared by the bot processes and the fake platforms. */
function manualClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void; ms(): number } {
  let now = new Date(iso).getTime();
  return {
    now: () => new Date(now),
    ms: () => now,
    set: (next) => {
      now = new Date(next).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** mulberry32: a small seeded PRNG, so every run injects the same faults at the same places. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const never = () => new Promise<never>(() => {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The fingerprint of simulated incident n in a briefing. */
const incidentTitle = (n: number) => `Simulated incident ${String(n).padStart(3, '0')}`;

/** A new incident with one claim arriving in the store, as an import would add it. */
function addIncident(store: Store, clock: Clock, n: number): void {
  const id = String(n).padStart(3, '0');
  writeRecords(
    store.db,
    {
      actors: [],
      incidents: [
        {
          slug: `simulated-incident-${id}`,
          title: `${incidentTitle(n)} (2026)`,
          aliases: [],
          period: { start: '2026' },
          victims: [{ name: 'Example Ministry', country: 'JP', sector: 'government' }],
          summary: 'A simulated incident.',
          status: [],
          related: [],
          claims: [
            {
              id: `simulated-claim-${id}`,
              said: '2026-06-01',
              speaker: { organization: 'Example Government', state: 'JP', kind: 'government' as const, onRecord: true },
              stance: 'attributes' as const,
              subject: { actor: 'tick' },
              statement: 'Example attribution.',
              confidence: {},
              source: { publisher: 'Example Wire' },
              tlp: 'CLEAR' as const,
            },
          ],
        },
      ],
    },
    'test',
    clock.now().toISOString(),
  );
}

/** The briefing title carries the local date and zone. */
const titlePattern = /Daily briefing — (\d{4}-\d{2}-\d{2}) \(([^)]+)\)/;

interface Post {
  channel: string;
  date: string;
  /** Fake-clock ms when the platform stored it. */
  postedAt: number;
  /** Everything the message shows, for the content checks. */
  text: string;
}

/** Every briefing the fakes stored. */
function postsIn(slack: FakeSlack, discord: FakeDiscord): Post[] {
  const slackPosts = slack.messages.map((m) => ({
    channel: m.channel,
    title: m.text,
    postedAt: Number(m.ts) * 1000,
    text: `${m.text}\n${JSON.stringify(m.blocks)}`,
  }));
  const discordPosts = discord.messages.map((m) => ({
    channel: m.channel_id,
    title: m.embeds[0]?.title ?? '',
    postedAt: m.storedAt,
    text: JSON.stringify(m.embeds),
  }));
  return [...slackPosts, ...discordPosts].map((p) => {
    const date = titlePattern.exec(p.title)?.[1];
    if (!date) throw new Error(`a post without a briefing title in ${p.channel}: ${p.title}`);
    return { channel: p.channel, date, postedAt: p.postedAt, text: p.text };
  });
}

/**
 * The fault layer around a real sender: `kill` decides, per send, whether the process dies before the send or after
 * the platform answered (before the engine records the outcome). A dead process's send never settles, so its tick
 * never ends: that engine instance is abandoned, with its row left in `sending`.
 */
function killable(
  real: BriefingSender,
  kill: (outcomeUnknown: boolean) => 'before-send' | 'after-send' | undefined,
  died: (kind: 'before-send' | 'after-send', accepted: boolean) => void,
): BriefingSender {
  return {
    async send(target, message, options) {
      const kind = kill(options.outcomeUnknown);
      if (kind === undefined) return real.send(target, message, options);
      let accepted = false;
      if (kind === 'after-send') {
        accepted = await real.send(target, message, options).then(
          () => true,
          () => false,
        );
      }
      died(kind, accepted);
      return never();
    },
  };
}

/** Runs a tick; resolves 'died' instead if the process is killed during it. */
async function tickOrDie(engine: BriefingEngine, onDeath: (die: () => void) => void): Promise<'done' | 'died'> {
  const died = new Promise<'died'>((resolve) => onDeath(() => resolve('died')));
  return Promise.race([engine.tick().then(() => 'done' as const), died]);
}

describe('daily briefings through the real senders, one fault at a time', () => {
  const slackChannel = 'C0BRIEFING';
  const discordChannel = '1300000000000000042';
  const channelOf = (platform: Platform) => (platform === 'slack' ? slackChannel : discordChannel);
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** One store file, both fakes, and engines (one per process) with the real senders. */
  async function rig(startIso: string, platform: Platform) {
    const clock = manualClock(startIso);
    const dir = mkdtempSync(join(tmpdir(), 'cyberbrief-delivery-'));
    const store = openStore({ path: join(dir, 'store.sqlite'), dataDir: repositoryDataDir, migrationsDir, clock });
    const slack = await FakeSlack.start({ now: () => clock.ms() });
    const discord = await startFakeDiscord({ now: () => clock.ms() });
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => store.close(),
      () => slack.stop(),
      () => discord.close(),
    );
    slack.addChannel(slackChannel);
    discord.addChannel(discordChannel);
    const briefings = createBriefingStore(store.db);
    const { service, deliveryCard } = createBriefingService({ store: briefings, catalog: store, clock });
    const warnings: string[] = [];
    const realSender = (): BriefingSender =>
      platform === 'slack'
        ? createSlackBriefingSender({ botToken: slackToken, apiUrl: slack.apiUrl })
        : createDiscordBriefingSender({ token: discordToken, applicationId: appId, apiUrl: discord.apiUrl });
    const engine = (owner: string, wrap: (sender: BriefingSender) => BriefingSender = (sender) => sender) =>
      createBriefingEngine({
        store: briefings,
        clock,
        senders: { [platform]: wrap(realSender()) },
        cardFor: (subscription, delivery) => deliveryCard(subscription, delivery),
        owner,
        logger: {
          info() {},
          warn: (d) => warnings.push(JSON.stringify(d)),
          error: (d) => warnings.push(JSON.stringify(d)),
        },
      });
    service.subscribe(
      { platform, workspaceId: 'W0ONE', channelId: channelOf(platform), userId: 'U0ADMIN', canManageChannel: true },
      { time: '09:00', timezone: 'UTC', filters: {}, tlpCeiling: 'CLEAR', quietDays: 'post' },
    );
    const posts = () => postsIn(slack, discord).filter((p) => p.channel === channelOf(platform));
    const statuses = () =>
      store.db.prepare('SELECT slot_date AS date, status FROM deliveries ORDER BY id').all() as Array<{
        date: string;
        status: string;
      }>;
    return { clock, store, slack, discord, engine, posts, statuses, warnings };
  }

  test.each(['slack', 'discord'] as const)(
    'GIVEN the answer to a %s post is lost THEN the retry finds the post and posts nothing more',
    async (platform) => {
      const r = await rig('2026-06-01T08:00:00Z', platform);
      addIncident(r.store, r.clock, 1);
      const lost = { kind: 'lost-response', how: 'socket' } as const;
      if (platform === 'slack') r.slack.faults.set('chat.postMessage', [lost]);
      else r.discord.faults.push(lost);
      const engine = r.engine('process-a');
      r.clock.set('2026-06-01T09:00:00Z');
      expect((await engine.tick()).retrying).toBe(1);
      expect(r.posts()).toHaveLength(1); // the platform has it; the bot does not know
      for (let i = 0; i < 8; i++) {
        r.clock.advance(15_000);
        await engine.tick();
      }
      expect(r.posts().map((p) => p.date)).toEqual(['2026-06-01']);
      expect(r.statuses()).toEqual([{ date: '2026-06-01', status: 'delivered' }]);
    },
  );

  test.each(['slack', 'discord'] as const)(
    'GIVEN %s answers 429 five times and then 503 three times, within minutes THEN the briefing is still posted once',
    async (platform) => {
      const r = await rig('2026-06-01T08:00:00Z', platform);
      addIncident(r.store, r.clock, 1);
      const burst: Array<SlackFault & DiscordFault> = [
        ...Array.from({ length: 5 }, () => ({ kind: '429' as const, retryAfterSeconds: 2, resetAfterSeconds: 0 })),
        ...Array.from({ length: 3 }, () => ({ kind: '503' as const })),
      ];
      if (platform === 'slack') r.slack.faults.set('chat.postMessage', burst);
      else r.discord.faults.push(...burst);
      const engine = r.engine('process-a');
      r.clock.set('2026-06-01T09:00:00Z');
      for (let i = 0; i < 4 * 60; i++) {
        await engine.tick();
        // @discordjs/rest holds a 429's bucket for its 50 ms offset of wall-clock time.
        if (platform === 'discord') await sleep(r.discord.injected.length <= 5 ? 60 : 0);
        r.clock.advance(15_000);
      }
      expect(r.posts().map((p) => p.date)).toEqual(['2026-06-01']);
      expect(r.statuses()).toEqual([{ date: '2026-06-01', status: 'delivered' }]);
      expect(r.warnings).toEqual([]);
    },
  );

  test.each(['slack', 'discord'] as const)(
    'GIVEN a process killed right after %s accepted a briefing, and the bot down for three days THEN the restart posts one catch-up and nothing twice',
    async (platform) => {
      const r = await rig('2026-06-01T08:00:00Z', platform);
      r.clock.set('2026-06-01T08:30:00Z');
      addIncident(r.store, r.clock, 1);
      let die: () => void = () => {};
      const doomed = r.engine('process-a', (sender) =>
        killable(
          sender,
          () => 'after-send',
          () => die(),
        ),
      );
      r.clock.set('2026-06-01T09:00:00Z');
      expect(await tickOrDie(doomed, (d) => (die = d))).toBe('died');
      expect(r.posts().map((p) => p.date)).toEqual(['2026-06-01']);
      // Every process is down until 06-04; an import adds an incident meanwhile.
      r.clock.set('2026-06-03T12:00:00Z');
      addIncident(r.store, r.clock, 2);
      r.clock.set('2026-06-04T10:00:00Z');
      const restarted = r.engine('process-b');
      for (let i = 0; i < 8; i++) {
        await restarted.tick();
        r.clock.advance(15_000);
      }
      const posts = r.posts();
      expect(posts.map((p) => p.date)).toEqual(['2026-06-01', '2026-06-04']);
      expect(posts.filter((p) => p.text.includes(incidentTitle(1))).map((p) => p.date)).toEqual(['2026-06-01']);
      expect(posts.filter((p) => p.text.includes(incidentTitle(2))).map((p) => p.date)).toEqual(['2026-06-04']);
    },
  );
});

interface Subscription {
  platform: Platform;
  channel: string;
  time: string;
  timezone: string;
}

const slackTimes: Array<[string, string]> = [
  ['02:30', 'America/New_York'],
  ['01:30', 'America/New_York'],
  ['02:30', 'Europe/Berlin'],
  ['09:00', 'Asia/Tokyo'],
  ['23:45', 'UTC'],
  ['00:00', 'Pacific/Auckland'],
  ['08:15', 'Europe/London'],
  ['17:30', 'America/Los_Angeles'],
  ['12:00', 'Asia/Kolkata'],
  ['06:45', 'Australia/Sydney'],
];
const discordTimes: Array<[string, string]> = [
  ['02:30', 'America/New_York'],
  ['01:30', 'America/New_York'],
  ['02:30', 'Europe/Berlin'],
  ['09:00', 'Asia/Tokyo'],
  ['23:45', 'UTC'],
  ['00:00', 'Pacific/Auckland'],
  ['02:00', 'America/New_York'],
  ['18:00', 'America/Sao_Paulo'],
  ['07:00', 'Europe/Berlin'],
  ['21:15', 'Asia/Kathmandu'],
];
const subscriptions: Subscription[] = [
  ...slackTimes.map(([time, timezone], i) => ({
    platform: 'slack' as const,
    channel: `C0SIMCH${String(i).padStart(2, '0')}`,
    time,
    timezone,
  })),
  ...discordTimes.map(([time, timezone], i) => ({
    platform: 'discord' as const,
    channel: String(1300000000000000100n + BigInt(i)),
    time,
    timezone,
  })),
];

/**
 * Two windows of 30 days. Their edges sit at 13:00 UTC, where no subscription has a slot for hours, so draining a
 * window enqueues nothing new. After the spring window the bot winds down (see `windDown`) and stays down until
 * the autumn one.
 */
const spring = { name: 'spring', start: '2026-03-01T13:00:00.000Z', end: '2026-03-31T13:00:00.000Z' };
const autumn = { name: 'autumn', start: '2026-10-15T13:00:00.000Z', end: '2026-11-14T13:00:00.000Z' };

const dstDays = [
  { timezone: 'America/New_York', dates: ['2026-03-08', '2026-11-01'] },
  { timezone: 'Europe/Berlin', dates: ['2026-03-29', '2026-10-25'] },
];

type CrashKind = 'before-send' | 'after-send' | 'between-ticks';

interface Process {
  label: 'A' | 'B';
  generation: number;
  owner: string;
  store: Store;
  engine: BriefingEngine;
  /** Set while a tick runs: ends that tick as a crash. */
  die: (() => void) | undefined;
  crashed: CrashKind | undefined;
  /** Does not tick before this fake-clock instant (stopped for maintenance). */
  idleUntil: number;
  stopped: boolean;
}

describe('daily briefings: 2 × 30 days, 20 channels, 2 processes, crashes, 429/503 bursts, lost responses, DST', () => {
  const random = prng(20260301);
  const clock = manualClock(spring.start);
  const dir = mkdtempSync(join(tmpdir(), 'cyberbrief-sim-'));
  const path = join(dir, 'store.sqlite');
  const warnings: string[] = [];
  const logger = {
    info() {},
    warn: (details: Record<string, unknown>, message: string) => warnings.push(`${message} ${JSON.stringify(details)}`),
    error: (details: Record<string, unknown>, message: string) =>
      warnings.push(`${message} ${JSON.stringify(details)}`),
  };
  const stats = {
    crashes: { 'before-send': 0, 'after-send': 0, 'between-ticks': 0 } as Record<CrashKind, number>,
    /** after-send crashes whose send had failed (nothing accepted), counted apart. */
    afterFailedSend: 0,
    byPlatform: { slack: 0, discord: 0 } as Record<Platform, number>,
    onRetry: 0,
    whileOtherIdle: 0,
    http: { slack: { '429': 0, '503': 0, lost: 0 }, discord: { '429': 0, '503': 0, lost: 0 } },
    /** Sends the engine saw fail as rate limited: the injected 429s, plus any the REST client refused on its own. */
    rateLimited: { slack: 0, discord: 0 } as Record<Platform, number>,
  };
  /** Random faults are injected only inside a window, not while it drains or winds down. */
  let faultsOn = false;
  /** A crash to inject at the next send on this platform, whatever the PRNG says. */
  let forcedCrash: { platform: Platform; kind: 'after-send' } | undefined;
  let lastCrashAt = Number.NEGATIVE_INFINITY;
  /** Wall-clock ms until which @discordjs/rest still counts a 429's bucket as limited (see `discord.faultFor`). */
  let discordBucketBusyUntil = 0;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  const processes: Process[] = [];
  let posts: Post[] = [];
  /** When each simulated incident entered the store. */
  const incidents: Array<{ n: number; recordedAt: number }> = [];
  let subscribedAt = 0;
  /** When the spring window's last process died: slots up to here were due. */
  let springDownAt = 0;
  let elapsedMs = 0;
  let steps = 0;
  let busySteps = 0;

  const bursts: Record<Platform, { kind: '429' | '503'; left: number }> = {
    slack: { kind: '429', left: 0 },
    discord: { kind: '429', left: 0 },
  };
  /** HTTP faults per call: bursts of 429 (1–5) and 503 (1–3), and lost responses on posts. */
  function httpFault(platform: Platform, isPost: boolean): '429' | '503' | 'lost' | undefined {
    if (!faultsOn) return undefined;
    const burst = bursts[platform];
    if (burst.left > 0) {
      burst.left -= 1;
      return burst.kind;
    }
    const r = random();
    if (r < 0.025) {
      bursts[platform] = { kind: '429', left: Math.floor(random() * 5) };
      return '429';
    }
    if (r < 0.04) {
      bursts[platform] = { kind: '503', left: Math.floor(random() * 3) };
      return '503';
    }
    if (isPost && r < 0.07) return 'lost';
    return undefined;
  }

  function crashAt(platform: Platform): 'before-send' | 'after-send' | undefined {
    if (forcedCrash?.platform === platform) {
      const { kind } = forcedCrash;
      forcedCrash = undefined;
      return kind;
    }
    if (!faultsOn) return undefined;
    const r = random();
    if (r < 0.035) return 'before-send';
    if (r < 0.07) return 'after-send';
    return undefined;
  }

  function withFaults(platform: Platform, real: BriefingSender, bot: Process): BriefingSender {
    const counted: BriefingSender = {
      send: (target, message, options) =>
        real.send(target, message, options).catch((error: unknown) => {
          if (error instanceof DeliveryError && error.failure === 'rate-limited') {
            stats.rateLimited[platform] += 1;
            // @discordjs/rest now holds the bucket for its 50 ms offset of wall-clock time (see discord.faultFor).
            if (platform === 'discord') discordBucketBusyUntil = Date.now() + 60;
          }
          throw error;
        }),
    };
    return killable(
      counted,
      (outcomeUnknown) => {
        const kind = crashAt(platform);
        if (kind) {
          stats.byPlatform[platform] += 1;
          if (outcomeUnknown) stats.onRetry += 1;
        }
        return kind;
      },
      (kind, accepted) => {
        if (kind === 'after-send' && !accepted) stats.afterFailedSend += 1;
        bot.crashed = kind;
        bot.die?.();
      },
    );
  }

  function startProcess(label: 'A' | 'B', generation: number): Process {
    const store = openStore({ path, dataDir: repositoryDataDir, migrationsDir, clock });
    const briefings = createBriefingStore(store.db);
    const { deliveryCard } = createBriefingService({ store: briefings, catalog: store, clock });
    const owner = `process-${label}-${generation}`;
    const bot: Process = {
      label,
      generation,
      owner,
      store,
      engine: undefined as unknown as BriefingEngine,
      die: undefined,
      crashed: undefined,
      idleUntil: Number.NEGATIVE_INFINITY,
      stopped: false,
    };
    bot.engine = createBriefingEngine({
      store: briefings,
      clock,
      senders: {
        slack: withFaults('slack', createSlackBriefingSender({ botToken: slackToken, apiUrl: slack.apiUrl }), bot),
        discord: withFaults(
          'discord',
          createDiscordBriefingSender({ token: discordToken, applicationId: appId, apiUrl: discord.apiUrl }),
          bot,
        ),
      },
      cardFor: (subscription, delivery) => deliveryCard(subscription, delivery),
      owner,
      logger,
    });
    return bot;
  }

  /** The process dies (its connection with it); unless told otherwise a new one (new owner) starts at once. */
  function kill(bot: Process, kind: CrashKind, restart = true): void {
    stats.crashes[kind] += 1;
    lastCrashAt = clock.ms();
    const other = processes.find((p) => p !== bot);
    if (other && !other.stopped && (other.idleUntil > clock.ms() || random() < 0.3)) {
      // The other process is idle meanwhile: the new process must recover the abandoned send on its own.
      other.idleUntil = Math.max(other.idleUntil, clock.ms() + 5 * minute);
      stats.whileOtherIdle += 1;
    }
    bot.store.close();
    if (restart) processes[processes.indexOf(bot)] = startProcess(bot.label, bot.generation + 1);
    else bot.stopped = true;
  }

  async function tick(bot: Process, restart = true): Promise<void> {
    const outcome = await tickOrDie(bot.engine, (die) => {
      bot.die = die;
    });
    bot.die = undefined;
    if (outcome === 'died') kill(bot, bot.crashed ?? 'before-send', restart);
  }

  /** What the test reads from the database, through a live process's connection. */
  interface Queries {
    openRows(): number;
    leaseHolder(now: string): unknown;
  }
  const queries = new WeakMap<Store, Queries>();
  function query(): Queries {
    const { store } = processes.find((p) => !p.stopped) as Process;
    let prepared = queries.get(store);
    if (!prepared) {
      const open = store.db
        .prepare("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'unknown', 'sending')")
        .pluck();
      const holder = store.db
        .prepare("SELECT owner FROM leases WHERE name LIKE 'briefing-sender:%' AND expires_at > ? LIMIT 1")
        .pluck();
      prepared = { openRows: () => Number(open.get()), leaseHolder: (now) => holder.get(now) };
      queries.set(store, prepared);
    }
    return prepared;
  }
  const openRows = (): number => query().openRows();

  async function step(): Promise<void> {
    // Now and then the lease holder dies between ticks, while it has deliveries in hand.
    const holder = query().leaseHolder(clock.now().toISOString());
    const victim = processes.find((p) => p.owner === holder);
    if (faultsOn && victim && openRows() > 0 && random() < 0.05) kill(victim, 'between-ticks');
    // Let @discordjs/rest's wall-clock bucket reset after a rate limit (reset-after 0 s plus its 50 ms offset).
    const wait = discordBucketBusyUntil - Date.now();
    if (wait > 0) await sleep(wait);
    for (const index of random() < 0.5 ? [0, 1] : [1, 0]) {
      const bot = processes[index] as Process;
      if (!bot.stopped && bot.idleUntil <= clock.ms()) await tick(bot);
    }
  }

  async function runWindow(window: typeof spring): Promise<void> {
    const start = new Date(window.start).getTime();
    const end = new Date(window.end).getTime();
    // One new incident a day, at a random minute.
    const incidentTimes = Array.from(
      { length: 30 },
      (_, d) => start + d * day + Math.floor(random() * 24 * 60) * minute,
    );
    clock.set(window.start);
    faultsOn = true;
    while (clock.ms() < end) {
      while ((incidentTimes[0] ?? end) <= clock.ms()) {
        incidentTimes.shift();
        const n = incidents.length + 1;
        addIncident((processes.find((p) => !p.stopped) as Process).store, clock, n);
        incidents.push({ n, recordedAt: clock.ms() });
      }
      await step();
      steps += 1;
      // Fixed steps: 15 minutes, or 15 seconds while anything is in flight or a crash is being recovered.
      const busy = openRows() > 0 || clock.ms() - lastCrashAt < 3 * minute;
      if (busy) busySteps += 1;
      clock.advance(busy ? 15_000 : 15 * minute);
    }
    // Drain: no new faults; everything still open (an abandoned send, a backoff) must settle.
    faultsOn = false;
    for (const bot of processes) bot.idleUntil = Number.NEGATIVE_INFINITY;
    while (openRows() > 0 && clock.ms() < end + 2 * hour) {
      await step();
      clock.advance(15_000);
    }
    expect(openRows(), `open deliveries after the ${window.name} window drained`).toBe(0);
  }

  /**
   * The spring window ends badly: B shuts down cleanly, A runs on alone and is killed right after Slack accepted
   * its next briefing (the 06:45 Sydney one). Nothing runs until the autumn window, which starts two new processes.
   */
  async function windDown(): Promise<void> {
    const [a, b] = processes as [Process, Process];
    b.engine.release();
    b.store.close();
    b.stopped = true;
    forcedCrash = { platform: 'slack', kind: 'after-send' };
    for (;;) {
      await tick(a, false);
      if (a.stopped || clock.ms() > new Date(spring.end).getTime() + day) break;
      clock.advance(10 * minute);
    }
    expect(a.stopped, 'A was killed after a Slack post').toBe(true);
    springDownAt = clock.ms();
  }

  /** Local dates whose slot falls in [from, to] and after `after`. */
  function slotDates(s: Subscription, after: number, from: number, to: number): string[] {
    const dates: string[] = [];
    for (let date = addDays(localDate(new Date(from), s.timezone), -1); ; date = addDays(date, 1)) {
      const at = slotOn(date, s.time, s.timezone).at.getTime();
      if (at > to) break;
      if (at >= from && at > after) dates.push(date);
    }
    return dates;
  }

  beforeAll(async () => {
    const started = Date.now();
    slack = await FakeSlack.start({ now: () => clock.ms() });
    discord = await startFakeDiscord({ now: () => clock.ms() });
    slack.addChannel(...subscriptions.filter((s) => s.platform === 'slack').map((s) => s.channel));
    discord.addChannel(...subscriptions.filter((s) => s.platform === 'discord').map((s) => s.channel));
    slack.faultFor = (call) => {
      const fault = httpFault('slack', call.name === 'chat.postMessage');
      if (fault) stats.http.slack[fault] += 1;
      if (fault === '429') return { kind: '429', retryAfterSeconds: 1 + Math.floor(random() * 30) };
      if (fault === '503') return { kind: '503' };
      if (fault === 'lost') return { kind: 'lost-response', how: random() < 0.5 ? 'socket' : 'status' };
      return undefined;
    };
    discord.faultFor = (call) => {
      const fault = httpFault('discord', call.method === 'POST');
      if (fault) stats.http.discord[fault] += 1;
      if (fault === '429') {
        // @discordjs/rest keeps bucket state on the wall clock: it refuses calls to a bucket until its reset (plus
        // a 50 ms offset) has passed in REAL time, while the engine waits Retry-After in simulated time. So the
        // bucket resets at once, and `step` lets the real 50 ms pass before the next tick.
        return { kind: '429', retryAfterSeconds: 1 + Math.floor(random() * 30), resetAfterSeconds: 0 };
      }
      if (fault === '503') return { kind: '503' };
      if (fault === 'lost') return { kind: 'lost-response', how: random() < 0.5 ? 'socket' : 'status' };
      return undefined;
    };

    processes.push(startProcess('A', 1), startProcess('B', 1));
    const first = processes[0] as Process;
    const { service } = createBriefingService({
      store: createBriefingStore(first.store.db),
      catalog: first.store,
      clock,
    });
    for (const s of subscriptions) {
      const { created } = service.subscribe(
        { platform: s.platform, workspaceId: 'W0SIM', channelId: s.channel, userId: 'U0ADMIN', canManageChannel: true },
        { time: s.time, timezone: s.timezone, filters: {}, tlpCeiling: 'CLEAR', quietDays: 'post' },
      );
      expect(created).toBe(true);
    }
    subscribedAt = clock.ms();

    await runWindow(spring);
    await windDown();
    processes.splice(0, 2, startProcess('A', 100), startProcess('B', 100));
    await runWindow(autumn);
    posts = postsIn(slack, discord);
    elapsedMs = Date.now() - started;
  }, 600_000);

  afterAll(async () => {
    for (const bot of processes) if (!bot.stopped) bot.store.close();
    await slack?.stop();
    await discord?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GIVEN crashes at every step, 429/503 bursts and lost responses THEN every due slot is posted exactly once', () => {
    let expectedTotal = 0;
    let duplicates = 0;
    let missing = 0;
    let unexpected = 0;
    let early = 0;
    const problems: string[] = [];
    for (const s of subscriptions) {
      const name = `${s.platform} ${s.channel} ${s.time} ${s.timezone}`;
      const mine = posts.filter((p) => p.channel === s.channel);
      const byDate = new Map<string, number>();
      for (const p of mine) byDate.set(p.date, (byDate.get(p.date) ?? 0) + 1);
      const expected = [
        ...slotDates(s, subscribedAt, subscribedAt, springDownAt),
        // The downtime is caught up by one post: the latest slot before the restart.
        latestDueSlot(new Date(autumn.start), s.time, s.timezone).date,
        ...slotDates(s, subscribedAt, new Date(autumn.start).getTime(), new Date(autumn.end).getTime()),
      ];
      expectedTotal += expected.length;
      for (const date of expected) {
        if ((byDate.get(date) ?? 0) === 0) {
          missing += 1;
          problems.push(`${name}: nothing posted for ${date}`);
        }
      }
      for (const [date, count] of byDate) {
        if (count > 1) {
          duplicates += count - 1;
          problems.push(`${name}: ${count} posts for ${date}`);
        }
        if (!expected.includes(date)) {
          unexpected += count;
          problems.push(`${name}: a post for ${date}, which was not a due slot`);
        }
      }
      for (const p of mine) {
        if (p.postedAt < slotOn(p.date, s.time, s.timezone).at.getTime()) {
          early += 1;
          problems.push(`${name}: the ${p.date} briefing was posted before its slot`);
        }
      }
    }
    const { crashes, http } = stats;
    const crashCount = crashes['before-send'] + crashes['after-send'] + crashes['between-ticks'];
    console.log(
      `delivery simulation: ${expectedTotal} expected, ${posts.length} posted, ${duplicates} duplicates, ` +
        `${missing} missing (${unexpected} unexpected, ${early} early); crashes ${crashCount} ` +
        `(before-send ${crashes['before-send']}, after-send ${crashes['after-send']} of which ` +
        `${stats.afterFailedSend} after a failed send, between-ticks ${crashes['between-ticks']}; ` +
        `slack ${stats.byPlatform.slack}, discord ${stats.byPlatform.discord}; on a retry ${stats.onRetry}; ` +
        `while the other process was idle ${stats.whileOtherIdle}), ` +
        `429s ${http.slack['429'] + http.discord['429']} (slack ${http.slack['429']}, discord ${http.discord['429']}), ` +
        `503s ${http.slack['503'] + http.discord['503']} (slack ${http.slack['503']}, discord ${http.discord['503']}), ` +
        `lost responses ${http.slack.lost + http.discord.lost} (slack ${http.slack.lost}, discord ${http.discord.lost}); ` +
        `${incidents.length} incidents; ${steps} steps (${busySteps} of 15 s); ${(elapsedMs / 1000).toFixed(1)} s`,
    );
    if (problems.length > 0) console.log(problems.join('\n'));
    if (warnings.length > 0) console.log(warnings.join('\n'));
    // The faults really happened, many times, on both platforms.
    expect(crashes['before-send']).toBeGreaterThanOrEqual(10);
    expect(crashes['after-send']).toBeGreaterThanOrEqual(10);
    expect(crashes['between-ticks']).toBeGreaterThanOrEqual(3);
    expect(stats.byPlatform.slack).toBeGreaterThanOrEqual(10);
    expect(stats.byPlatform.discord).toBeGreaterThanOrEqual(10);
    expect(stats.onRetry).toBeGreaterThanOrEqual(3);
    expect(stats.whileOtherIdle).toBeGreaterThanOrEqual(3);
    for (const platform of ['slack', 'discord'] as const) {
      expect(http[platform]['429']).toBeGreaterThanOrEqual(10);
      expect(http[platform]['503']).toBeGreaterThanOrEqual(5);
      expect(http[platform].lost).toBeGreaterThanOrEqual(5);
      // Every rate limit the engine saw was one the fake sent: no refusal by the REST client's own clock.
      expect(stats.rateLimited[platform]).toBeLessThanOrEqual(http[platform]['429']);
    }
    expect({ duplicates, missing, unexpected, early }).toEqual({ duplicates: 0, missing: 0, unexpected: 0, early: 0 });
    expect(warnings).toEqual([]);
  });

  test('GIVEN both DST transitions THEN each 01:30/02:00/02:30 subscription in that zone posts once on the day', () => {
    for (const { timezone, dates } of dstDays) {
      const affected = subscriptions.filter((s) => s.timezone === timezone && s.time < '03:00');
      expect(affected.length).toBeGreaterThanOrEqual(2);
      for (const s of affected) {
        for (const date of dates) {
          const onDay = posts.filter((p) => p.channel === s.channel && p.date === date);
          expect(onDay, `${s.platform} ${s.time} ${timezone} on ${date}`).toHaveLength(1);
          // Spring-forward: the missing 02:30 posts at 03:30; fall-back: at the first 01:30.
          expect(onDay[0]?.postedAt).toBeGreaterThanOrEqual(slotOn(date, s.time, timezone).at.getTime());
        }
      }
    }
  });

  test('GIVEN a new incident each day THEN each reaches every channel in exactly one briefing', () => {
    const wrong: string[] = [];
    for (const s of subscriptions) {
      const mine = posts.filter((p) => p.channel === s.channel);
      const lastSlot = Math.max(...mine.map((p) => slotOn(p.date, s.time, s.timezone).at.getTime()));
      for (const { n, recordedAt } of incidents) {
        const shown = mine.filter((p) => p.text.includes(incidentTitle(n))).map((p) => p.date);
        const owed = recordedAt > subscribedAt && recordedAt <= lastSlot ? 1 : 0;
        if (shown.length !== owed) {
          wrong.push(
            `${s.platform} ${s.channel}: ${incidentTitle(n)} in ${shown.length} briefings (${shown}), owed ${owed}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
