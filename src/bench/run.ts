/**
 * The benchmark runner: `npm run bench [-- --quick] [--json FILE] [--sizes S,M,L]`.
 *
 * At each size it measures, in one process: /incident and /actor (resolve + card + render for console, Block Kit
 * and embeds), autocomplete, the full path through the real Bolt HTTP receiver (signed requests) and the real
 * discord.js client against the local fakes, and the same path with a bare handler; 10k briefings composed; and
 * Fuse.js, MiniSearch, LIKE, FTS5 trigram and ours side by side on the same records and queries. Once per run, in
 * child processes: the import of the real datasets and console start-up (with peak RSS). Timings are benchmarks,
 * never test assertions.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { App, LogLevel } from '@slack/bolt';
import { Events } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { createBriefingService } from '../briefing/service.ts';
import type { CommandContext, CommandDefinition } from '../core/command.ts';
import { runCommand } from '../core/command.ts';
import { createLogger } from '../logger.ts';
import { renderConsoleText } from '../platforms/console/render-text.ts';
import { renderEmbeds } from '../platforms/discord/render-embeds.ts';
import { createDiscordClient, startDiscord } from '../platforms/discord/start-discord.ts';
import { renderSlackMessage } from '../platforms/slack/render-blocks.ts';
import { startSlack } from '../platforms/slack/start-slack.ts';
import type { EntityKind } from '../search/search.ts';
import { createBriefingStore, type DeliveryRow, type SubscriptionRow } from '../store/briefing-store.ts';
import type { Store } from '../store/store.ts';
import { benchClock, benchDir, generateStore, openBenchStore, type SizeName } from './generate.ts';
import {
  fts5Searcher,
  fuseSearcher,
  likeSearcher,
  loadPeerRecords,
  miniSearcher,
  oursSearcher,
  type Searcher,
} from './peers.ts';
import { type BenchQuery, devQueries, generatedQueries } from './queries.ts';

// ————— statistics —————

export interface Stats {
  n: number;
  /** Microseconds, nearest rank. */
  p50: number;
  p99: number;
  max: number;
  /** Calls per second, sequential. */
  perSecond: number;
}

export function stats(samplesUs: number[]): Stats {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: rank(0.5),
    p99: rank(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    perSecond: total > 0 ? (sorted.length * 1e6) / total : 0,
  };
}

const nowUs = () => Number(process.hrtime.bigint()) / 1000;
let sink = 0;

/** Times `fn` on every item, `rounds` times after a short warm-up; stops early past `budgetMs` (≥ 50 samples). */
function timeSync<T>(items: T[], fn: (item: T) => unknown, rounds: number, warmup: number, budgetMs = Infinity) {
  // Warm-up: the first 20 items, `warmup` times.
  for (let r = 0; r < warmup; r++) for (const item of items.slice(0, 20)) fn(item);
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  outer: for (let r = 0; r < rounds; r++) {
    for (const item of items) {
      const t = nowUs();
      const out = fn(item);
      samples.push(nowUs() - t);
      sink += out === undefined ? 0 : 1;
      if (samples.length >= 50 && performance.now() > deadline) break outer;
    }
  }
  return stats(samples);
}

async function timeAsync<T>(items: T[], fn: (item: T) => Promise<unknown>, count: number, warmup: number) {
  for (let i = 0; i < warmup; i++) await fn(items[i % items.length] as T);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = nowUs();
    await fn(items[i % items.length] as T);
    samples.push(nowUs() - t);
  }
  return stats(samples);
}

// ————— options —————

export interface BenchOptions {
  sizes: SizeName[];
  quick: boolean;
  json?: string;
  /** Overrides for tests: rounds of the in-process loops and requests of the end-to-end loops. */
  rounds?: number;
  requests?: number;
  /** Queries per kind drawn from the records. */
  queriesPerKind?: number;
  /** Skip the child-process measures (import, start-up). */
  skipChildren?: boolean;
  /** Briefings to compose per size. */
  briefings?: number;
  log?: (line: string) => void;
}

export function parseArgs(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  const sizes = (value('--sizes') ?? (quick ? 'S,M' : 'S,M,L'))
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s): s is SizeName => s === 'S' || s === 'M' || s === 'L');
  const json = value('--json');
  return { sizes, quick, ...(json ? { json } : {}) };
}

// ————— results —————

export interface PeerResult {
  size: SizeName;
  kind: EntityKind;
  searcher: string;
  records: number;
  queries: number;
  hit1: number;
  hit3: number;
  /** Ours on the same queries, when this searcher ran on a subset. */
  oursHit1?: number;
  buildMs: number;
  latency: Stats;
}

export interface SizeResult {
  size: SizeName;
  counts: Record<string, number>;
  generated: { cached: boolean; generateMs: number; indexMs: number };
  /** Loading the in-memory search index from the store's names (what the first query of a process pays). */
  searchLoadMs: number;
  metrics: Record<string, Stats>;
  peers: PeerResult[];
  briefings?: { count: number; composed: number; totalMs: number; items: number };
}

export interface BenchResult {
  machine: Record<string, string | number>;
  options: { quick: boolean; sizes: SizeName[] };
  sizes: SizeResult[];
  import?: { totalMs: number; maxRssMb: number; files: Array<{ file: string; ms: number }>; missing: number } | string;
  startup: Array<{ size: SizeName; firstOutputMs: number; exitMs: number; maxRssMb: number }>;
  benchMaxRssMb: number;
  goals: Array<{ goal: string; measured: string; met: boolean | undefined }>;
}

// ————— in-process commands —————

const silentLogger = createLogger('silent');
const byName = (name: string) => commands.find((c) => c.name === name) as CommandDefinition;

function contextFor(store: Store): CommandContext {
  return { catalog: store, clock: benchClock, commands };
}

/** Resolve + card + render for all three platforms: what one /incident or /actor costs before any I/O. */
function commandPath(command: CommandDefinition, context: CommandContext) {
  return (query: string) => {
    const reply = runCommand(command, { query }, context, silentLogger);
    return (
      renderConsoleText(reply.card).length +
      renderSlackMessage(reply.card, { ephemeral: true }).blocks.length +
      renderEmbeds(reply.card, { ephemeral: true }).embeds.length
    );
  };
}

// ————— end to end —————

const slackSecret = 'bench-signing-secret-0123456789abcdef';
const slackBotToken = 'xoxb-111-222-benchtoken';

/** The fakes live under test/; imported at run time so the production build never depends on them. */
async function loadFakes() {
  const slack = await import('../../test/platforms/slack/fake-slack.ts');
  const discord = await import('../../test/platforms/discord/fake-discord.ts');
  return { slack, discord };
}

async function slackLoop(store: Store, queries: string[], count: number, warmup: number) {
  const { slack } = await loadFakes();
  const fake = await slack.FakeSlack.start();
  const waitResponse = async (path: string) => {
    for (;;) {
      for (let i = fake.calls.length - 1; i >= 0 && i >= fake.calls.length - 8; i--) {
        if (fake.calls[i]?.name === path) return;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const drive = (url: string) => async (query: string) => {
    const responseUrl = fake.responseUrl();
    const body = new URLSearchParams(slack.slashCommandFields('/incident', query, responseUrl)).toString();
    const response = await fetch(url, { method: 'POST', body, headers: slack.signedHeaders(slackSecret, body) });
    await response.arrayBuffer();
    await waitResponse(new URL(responseUrl).pathname);
  };
  try {
    const log = slack.captureLogger('info');
    const running = await startSlack(
      {
        mode: 'http',
        botToken: slackBotToken,
        signingSecret: slackSecret,
        apiUrl: fake.apiUrl,
        port: 0,
        adminUserIds: [],
      },
      { commands, context: contextFor(store), logger: log.logger },
    );
    const ours = await timeAsync(
      queries,
      drive(`http://127.0.0.1:${slack.readyPort(log.lines())}/slack/events`),
      count,
      warmup,
    );
    await running.stop();

    const bare = new App({
      token: slackBotToken,
      signingSecret: slackSecret,
      endpoints: '/slack/events',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    bare.command(/.*/, async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: 'ephemeral', text: 'ok' });
    });
    const server = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
    const bareStats = await timeAsync(
      queries,
      drive(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`),
      count,
      warmup,
    );
    await bare.stop();
    return { ours, bare: bareStats };
  } finally {
    await fake.stop();
  }
}

async function discordLoop(store: Store, queries: string[], count: number, warmup: number) {
  const { discord } = await loadFakes();
  const config = { token: discord.botToken, applicationId: discord.appId };
  const drive = (fake: Awaited<ReturnType<typeof discord.startFakeDiscord>>) => async (query: string) => {
    const id = fake.command('incident', [{ name: 'query', type: 3, value: query }]);
    await fake.callback(id, 10_000);
  };
  const oursFake = await discord.startFakeDiscord();
  let ours: Stats;
  try {
    const running = await startDiscord(
      { ...config, apiUrl: oursFake.apiUrl },
      { commands, context: contextFor(store), logger: silentLogger },
    );
    ours = await timeAsync(queries, drive(oursFake), count, warmup);
    await running.stop();
  } finally {
    await oursFake.close();
  }
  const bareFake = await discord.startFakeDiscord();
  try {
    const client = createDiscordClient({ ...config, apiUrl: bareFake.apiUrl });
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok', flags: 64 }).catch(() => {});
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(discord.botToken);
    await ready;
    const bare = await timeAsync(queries, drive(bareFake), count, warmup);
    await client.destroy();
    return { ours, bare };
  } finally {
    await bareFake.close();
  }
}

// ————— briefings —————

function composeBriefings(store: Store, count: number, budgetMs: number) {
  const briefingStore = createBriefingStore(store.db);
  const { deliveryCard } = createBriefingService({ store: briefingStore, catalog: store, clock: benchClock });
  const newest = String(
    store.db.prepare('SELECT max(recorded_at) FROM claims').pluck().get() ?? benchClock.now().toISOString(),
  );
  const to = new Date(Date.parse(newest) + 1000).toISOString();
  // The curated data was all recorded at once; generated data spreads over a year: a day's window either way.
  const from = new Date(Date.parse(to) - 86_400_000).toISOString();
  const zones = ['UTC', 'Asia/Tokyo', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney'];
  const filters = ['{}', '{}', '{"country":"JP"}', '{"claimant":"US"}', '{"sector":"energy"}'];
  let items = 0;
  const start = performance.now();
  let done = 0;
  for (let i = 0; i < count; i++) {
    if (performance.now() - start > budgetMs) break;
    done++;
    const subscription: SubscriptionRow = {
      id: i + 1,
      platform: i % 2 === 0 ? 'slack' : 'discord',
      workspaceId: 'T0001',
      channelId: `C${i}`,
      localTime: '09:00',
      timezone: zones[i % zones.length] as string,
      filters: filters[i % filters.length] as string,
      tlpCeiling: i % 3 === 0 ? 'GREEN' : 'CLEAR',
      quietDays: 'post',
      createdBy: 'U0',
      createdAt: from,
      coveredUntil: from,
    };
    const delivery: DeliveryRow = {
      id: i + 1,
      key: `bench-${i}`,
      subscriptionId: i + 1,
      slotDate: to.slice(0, 10),
      slotAt: to,
      coversFrom: from,
      coversTo: to,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: to,
      remoteId: null,
      outcome: null,
      createdAt: to,
      updatedAt: to,
    };
    items += deliveryCard(subscription, delivery).card.sections.length;
  }
  const totalMs = performance.now() - start;
  // Stopped at the budget: the time for all `count`, projected from the rate so far.
  return { count, composed: done, totalMs: done === count ? totalMs : (totalMs / done) * count, items };
}

// ————— side by side —————

function quality(searcher: Searcher, queries: BenchQuery[]) {
  let hit1 = 0;
  let hit3 = 0;
  for (const q of queries) {
    const ids = searcher.search(q.query);
    if (ids[0] === q.expect) hit1++;
    if (ids.slice(0, 3).includes(q.expect)) hit3++;
  }
  return { hit1, hit3 };
}

function sideBySide(
  store: Store,
  size: SizeName,
  queries: BenchQuery[],
  options: { rounds: number; fuseCap: number; searchLoadMs: number; log: (line: string) => void },
): PeerResult[] {
  const results: PeerResult[] = [];
  for (const kind of ['actor', 'incident'] as const) {
    const records = loadPeerRecords(store.db, kind);
    const kindQueries = queries.filter((q) => q.kind === kind);
    if (kindQueries.length === 0) continue;
    // Its build is the load of the in-memory index, done once for both kinds before any measure.
    const ours = { ...oursSearcher(store, kind), buildMs: options.searchLoadMs };
    const builders: Array<() => Searcher> = [
      () => ours,
      () => fuseSearcher(records),
      () => miniSearcher(records),
      () => likeSearcher(records, benchDir(), `${size}-${kind}`),
      () => fts5Searcher(records, benchDir(), `${size}-${kind}`),
    ];
    for (const build of builders) {
      const searcher = build();
      const isFuse = searcher.name === 'Fuse.js';
      const step = isFuse ? Math.max(1, Math.ceil(kindQueries.length / options.fuseCap)) : 1;
      const subset = kindQueries.filter((_, i) => i % step === 0);
      const q = quality(searcher, subset);
      const latency = timeSync(
        subset.map((s) => s.query),
        (query) => searcher.search(query),
        isFuse ? 1 : options.rounds,
        isFuse ? 0 : 1,
        isFuse ? 0 : 20_000,
      );
      results.push({
        size,
        kind,
        searcher: searcher.name,
        records: records.length,
        queries: subset.length,
        hit1: q.hit1,
        hit3: q.hit3,
        ...(step > 1 ? { oursHit1: quality(ours, subset).hit1 } : {}),
        buildMs: searcher.buildMs,
        latency,
      });
      options.log(
        `  ${size} ${kind} ${searcher.name}: hit@1 ${q.hit1}/${subset.length}, p99 ${Math.round(latency.p99)} µs`,
      );
      searcher.close?.();
    }
  }
  return results;
}

// ————— child processes —————

const root = fileURLToPath(new URL('../..', import.meta.url));
const probe = fileURLToPath(new URL('./rss-probe.ts', import.meta.url));

function runChild(args: string[], input: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ stdout: string; stderr: string; firstOutputMs: number; exitMs: number; code: number | null }>(
    (resolve, reject) => {
      const start = performance.now();
      let firstOutputMs = -1;
      const child = spawn(process.execPath, ['--import', 'tsx', '--import', probe, ...args], {
        cwd: root,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        if (firstOutputMs < 0) firstOutputMs = performance.now() - start;
        stdout += String(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += String(chunk);
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ stdout, stderr, firstOutputMs, exitMs: performance.now() - start, code }));
      child.stdin.end(input);
    },
  );
}

const maxRssMb = (stderr: string) => Number(/BENCH_MAX_RSS_KB (\d+)/.exec(stderr)?.[1] ?? 0) / 1024;

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|DATABASE_PATH|PORT$)/.test(k)),
  );
  return { ...env, LOG_LEVEL: 'silent', ...extra };
}

async function startupOnce(dbPath: string) {
  const run = await runChild(['src/main.ts'], '/help\n', cleanEnv({ DATABASE_PATH: dbPath }));
  if (run.code !== 0) throw new Error(`console exited with ${run.code}: ${run.stderr.slice(0, 500)}`);
  return { firstOutputMs: run.firstOutputMs, exitMs: run.exitMs, maxRssMb: maxRssMb(run.stderr) };
}

async function importOnce(): Promise<BenchResult['import']> {
  const run = await runChild(['src/bench/import-child.ts'], '', cleanEnv({}));
  if (run.code !== 0) return `import failed: ${run.stderr.slice(0, 300)}`;
  const line = run.stdout.trim().split('\n').pop() ?? '{}';
  const parsed = JSON.parse(line) as { totalMs: number; files: Array<{ file: string; ms: number }>; missing: number };
  if (parsed.files.length === 0) return 'skipped: ../shared/datasets not found';
  return { ...parsed, maxRssMb: maxRssMb(run.stderr) };
}

// ————— the run —————

function machine(): BenchResult['machine'] {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    ramGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const quick = options.quick;
  const sizes: SizeResult[] = [];
  const startup: BenchResult['startup'] = [];
  for (const size of options.sizes) {
    const generated = generateStore(size, 20260101, log);
    log(
      `${size}: ${generated.cached ? 'cached' : `generated in ${Math.round(generated.generateMs + generated.indexMs)} ms`} (${generated.path})`,
    );
    const store = openBenchStore(generated.path);
    try {
      const count = (sql: string) => Number(store.db.prepare(sql).pluck().get());
      const counts = {
        incidents: count('SELECT count(*) FROM incidents'),
        actors: count('SELECT count(*) FROM actors'),
        aliases: count('SELECT count(*) FROM actor_aliases'),
        claims: count('SELECT count(*) FROM claims'),
        searchNames: count('SELECT count(*) FROM search_names'),
      };
      const loadStarted = performance.now();
      store.searchIndex.refresh();
      const searchLoadMs = performance.now() - loadStarted;
      log(`${size}: search index loaded in ${Math.round(searchLoadMs)} ms`);
      const actors = loadPeerRecords(store.db, 'actor');
      const incidents = loadPeerRecords(store.db, 'incident');
      const perKind = options.queriesPerKind ?? (size === 'S' ? 20 : quick ? 25 : 40);
      const queries = [...generatedQueries(actors, incidents, perKind), ...(size === 'S' ? devQueries(store.db) : [])];
      const rounds = options.rounds ?? (quick ? (size === 'S' ? 10 : 3) : size === 'S' ? 20 : size === 'M' ? 5 : 2);
      // Each in-process measure stops after its round in progress once past this budget (at least one round).
      const budgetMs = quick ? 8000 : 45_000;
      const context = contextFor(store);
      const incidentQueries = queries.filter((q) => q.kind === 'incident').map((q) => q.query);
      const actorQueries = queries.filter((q) => q.kind === 'actor').map((q) => q.query);
      const partials = [...incidentQueries, ...actorQueries].flatMap((q) => {
        const chars = [...q];
        // What a person has typed so far: two letters, four, all of it.
        return [chars.slice(0, 2).join(''), chars.slice(0, 4).join(''), q];
      });
      const metrics: Record<string, Stats> = {};
      log(`${size}: in-process commands (${queries.length} queries × ${rounds} rounds)`);
      metrics['/incident resolve+card+render'] = timeSync(
        incidentQueries,
        commandPath(byName('incident'), context),
        rounds,
        1,
        budgetMs,
      );
      metrics['/actor resolve+card+render'] = timeSync(
        actorQueries,
        commandPath(byName('actor'), context),
        rounds,
        1,
        budgetMs,
      );
      const complete = (name: string) => (partial: string) => byName(name).complete?.('query', partial, context);
      metrics['autocomplete /incident'] = timeSync(partials, complete('incident'), rounds, 1, budgetMs);
      metrics['autocomplete /actor'] = timeSync(partials, complete('actor'), rounds, 1, budgetMs);

      const requests = options.requests ?? (size === 'L' ? 60 : quick ? 150 : 500);
      log(`${size}: Slack HTTP and Discord gateway end to end (${requests} requests each, ours then bare)`);
      const slackStats = await slackLoop(store, incidentQueries, requests, Math.min(20, requests));
      metrics['Slack HTTP /incident (ours)'] = slackStats.ours;
      metrics['Slack HTTP bare handler'] = slackStats.bare;
      const discordStats = await discordLoop(store, incidentQueries, requests, Math.min(20, requests));
      metrics['Discord /incident (ours)'] = discordStats.ours;
      metrics['Discord bare handler'] = discordStats.bare;

      const briefingCount = options.briefings ?? 10_000;
      log(`${size}: composing ${briefingCount} briefings`);
      const briefings = composeBriefings(store, briefingCount, quick ? 5000 : 15_000);

      log(`${size}: side by side`);
      const peers = sideBySide(store, size, queries, {
        rounds: Math.max(1, Math.min(rounds, quick ? 3 : 10)),
        fuseCap: quick ? (size === 'S' ? 200 : 25) : size === 'L' ? 20 : 80,
        searchLoadMs,
        log,
      });
      sizes.push({
        size,
        counts,
        generated: { cached: generated.cached, generateMs: generated.generateMs, indexMs: generated.indexMs },
        searchLoadMs,
        metrics,
        peers,
        briefings,
      });
    } finally {
      store.close();
    }
    if (!options.skipChildren && (size === 'S' || size === options.sizes[options.sizes.length - 1])) {
      log(`${size}: console start-up`);
      await startupOnce(generated.path); // first open may write the WAL files
      startup.push({ size, ...(await startupOnce(generated.path)) });
    }
  }
  let imported: BenchResult['import'];
  if (!options.skipChildren) {
    log('import of the real datasets (child process)');
    imported = await importOnce();
  }
  const result: BenchResult = {
    machine: machine(),
    options: { quick, sizes: options.sizes },
    sizes,
    ...(imported !== undefined ? { import: imported } : {}),
    startup,
    benchMaxRssMb: process.resourceUsage().maxRSS / 1024,
    goals: [],
  };
  result.goals = goals(result);
  if (sink < 0) log('unreachable');
  return result;
}

// ————— goals and tables —————

const ms = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(us >= 100_000 ? 0 : 1)} ms` : `${Math.round(us)} µs`);

function goals(result: BenchResult): BenchResult['goals'] {
  const largest = result.sizes[result.sizes.length - 1];
  if (!largest) return [];
  const at = largest.size === 'L' ? 'at L' : `at ${largest.size} (L not run)`;
  const m = largest.metrics;
  const list: BenchResult['goals'] = [];
  const add = (goal: string, measured: string, met: boolean | undefined) => list.push({ goal, measured, met });
  const incident = m['/incident resolve+card+render'];
  if (incident) add(`/incident p99 ≤ 1 ms ${at}, in process`, ms(incident.p99), incident.p99 <= 1000);
  const auto = [m['autocomplete /incident'], m['autocomplete /actor']].filter((s): s is Stats => s !== undefined);
  if (auto.length > 0) {
    const worst = Math.max(...auto.map((s) => s.p99));
    add(`autocomplete p99 ≤ 2 ms ${at}`, ms(worst), worst <= 2000);
  }
  for (const platform of ['Slack HTTP', 'Discord'] as const) {
    const ours = m[`${platform} /incident (ours)`];
    const bare = m[`${platform} bare handler`];
    if (ours && bare) {
      const diff = ours.p99 - bare.p99;
      add(`${platform}: our cost over a bare handler ≤ 2 ms p99 ${at}`, ms(diff), diff <= 2000);
    }
  }
  for (const kind of ['actor', 'incident'] as const) {
    const of = (name: string) => largest.peers.find((p) => p.kind === kind && p.searcher === name);
    const ours = of('cyberbrief');
    const fuse = of('Fuse.js');
    const mini = of('MiniSearch');
    if (ours && fuse) {
      const ratio = fuse.latency.p99 / Math.max(1, ours.latency.p99);
      const oursHit = fuse.oursHit1 ?? ours.hit1;
      add(
        `${kind}s: ≥ 20× faster than Fuse.js ${at} (p99), hit@1 ≥ Fuse.js`,
        `${ratio.toFixed(0)}×, hit@1 ${oursHit}/${fuse.queries} vs ${fuse.hit1}/${fuse.queries}`,
        ratio >= 20 && oursHit >= fuse.hit1,
      );
    }
    if (ours && mini) {
      add(
        `${kind}s: p99 ≤ MiniSearch and better hit@1 ${at}`,
        `${ms(ours.latency.p99)} vs ${ms(mini.latency.p99)}, hit@1 ${ours.hit1} vs ${mini.hit1} of ${ours.queries}`,
        ours.latency.p99 <= mini.latency.p99 && ours.hit1 > mini.hit1,
      );
    }
  }
  if (typeof result.import === 'object') {
    const imp = result.import;
    add(
      'full import ≤ 5 s with RSS ≤ 300 MB',
      `${(imp.totalMs / 1000).toFixed(1)} s, ${Math.round(imp.maxRssMb)} MB`,
      imp.totalMs <= 5000 && imp.maxRssMb <= 300,
    );
  } else if (result.import !== undefined) add('full import ≤ 5 s with RSS ≤ 300 MB', result.import, undefined);
  for (const s of result.sizes) {
    if (s.briefings && s.briefings.count >= 10_000) {
      add(
        `10k briefings composed ≤ 2 s at ${s.size}`,
        `${(s.briefings.totalMs / 1000).toFixed(2)} s`,
        s.briefings.totalMs <= 2000,
      );
    }
  }
  for (const s of result.startup) {
    add(`console start ≤ 1 s at ${s.size}`, ms(s.firstOutputMs * 1000), s.firstOutputMs <= 1000);
  }
  return list;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const cell = (s: Stats | undefined) =>
  s ? `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)} · ${Math.round(s.perSecond).toLocaleString('en-US')}/s` : '—';

export function formatResult(result: BenchResult): string {
  const sizes = result.sizes.map((s) => s.size);
  const metricNames = [...new Set(result.sizes.flatMap((s) => Object.keys(s.metrics)))];
  const rows: string[][] = [];
  rows.push([
    'records (incidents / actors / aliases / claims)',
    ...result.sizes.map((s) => `${s.counts.incidents} / ${s.counts.actors} / ${s.counts.aliases} / ${s.counts.claims}`),
  ]);
  for (const name of metricNames) rows.push([name, ...result.sizes.map((s) => cell(s.metrics[name]))]);
  for (const platform of ['Slack HTTP', 'Discord']) {
    rows.push([
      `${platform}: ours − bare (p50 / p99)`,
      ...result.sizes.map((s) => {
        const ours = s.metrics[`${platform} /incident (ours)`];
        const bare = s.metrics[`${platform} bare handler`];
        return ours && bare ? `${ms(ours.p50 - bare.p50)} / ${ms(ours.p99 - bare.p99)}` : '—';
      }),
    ]);
  }
  for (const searcher of ['cyberbrief', 'Fuse.js', 'MiniSearch', 'SQLite LIKE', 'FTS5 trigram']) {
    rows.push([
      `search ${searcher}: p50 / p99 · hit@1 actors, incidents`,
      ...result.sizes.map((s) => {
        const ps = s.peers.filter((p) => p.searcher === searcher);
        if (ps.length === 0) return '—';
        const p99 = Math.max(...ps.map((p) => p.latency.p99));
        const p50 = Math.max(...ps.map((p) => p.latency.p50));
        const hits = ps.map((p) => `${p.hit1}/${p.queries}`).join(', ');
        return `${ms(p50)} / ${ms(p99)} · ${hits}`;
      }),
    ]);
  }
  rows.push([
    '10k briefings composed',
    ...result.sizes.map((s) =>
      s.briefings
        ? `${(s.briefings.totalMs / 1000).toFixed(2)} s${s.briefings.composed < s.briefings.count ? ` (projected from ${s.briefings.composed})` : ''}`
        : '—',
    ),
  ]);
  rows.push([
    'console start: first output / exit · peak RSS',
    ...result.sizes.map((s) => {
      const st = result.startup.find((x) => x.size === s.size);
      return st ? `${ms(st.firstOutputMs * 1000)} / ${ms(st.exitMs * 1000)} · ${Math.round(st.maxRssMb)} MB` : '—';
    }),
  ]);
  rows.push([
    'store build: generate + search names',
    ...result.sizes.map((s) =>
      s.generated.cached
        ? 'cached'
        : `${(s.generated.generateMs / 1000).toFixed(1)} s + ${(s.generated.indexMs / 1000).toFixed(1)} s`,
    ),
  ]);
  rows.push([
    'search index load (first query of a process)',
    ...result.sizes.map((s) => `${(s.searchLoadMs / 1000).toFixed(1)} s`),
  ]);
  const main = table(['p50 / p99 / max · throughput', ...sizes], rows);

  const peerRows = result.sizes.flatMap((s) =>
    s.peers.map((p) => [
      `${p.size} ${p.kind}s (${p.records})`,
      p.searcher,
      `${p.hit1}/${p.queries}${p.oursHit1 !== undefined ? ` (ours ${p.oursHit1})` : ''}`,
      `${p.hit3}/${p.queries}`,
      ms(p.latency.p50),
      ms(p.latency.p99),
      `${Math.round(p.buildMs)} ms`,
    ]),
  );
  const peers = table(['records', 'searcher', 'hit@1', 'hit@3', 'p50', 'p99', 'build'], peerRows);
  const imp =
    typeof result.import === 'object'
      ? `Import (ATT&CK + MISP + EuRepoC ×2, child process): ${(result.import.totalMs / 1000).toFixed(2)} s, peak RSS ${Math.round(result.import.maxRssMb)} MB (${result.import.files.map((f) => `${f.file} ${(f.ms / 1000).toFixed(2)} s`).join('; ')})`
      : `Import: ${result.import ?? 'not run'}`;
  const goalLines = result.goals.map(
    (g) => `${g.met === undefined ? '?' : g.met ? '✓' : '✗'} ${g.goal}: ${g.measured}`,
  );
  return [
    main,
    '',
    peers,
    '',
    imp,
    `Peak RSS of the benchmark process (all peers loaded): ${Math.round(result.benchMaxRssMb)} MB`,
    '',
    'Goals:',
    ...goalLines,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const result = await runBench(options);
  process.stdout.write(`${formatResult(result)}\n`);
  process.stdout.write(
    `\n${result.machine.cpus} × ${result.machine.cpu}, ${result.machine.ramGiB} GiB, Node ${result.machine.node}; ${options.quick ? 'quick' : 'full'} run in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  if (options.json) writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
