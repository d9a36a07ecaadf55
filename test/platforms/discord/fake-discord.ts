/**
 * A local fake Discord for end-to-end tests: REST under /api/v10 and the gateway (HELLO, IDENTIFY → READY +
 * GUILD_CREATE, heartbeat ACKs, RESUME) on one http.Server on 127.0.0.1, port 0. Every REST call is recorded with
 * its parsed body; helpers dispatch INTERACTION_CREATE for slash commands, autocomplete and buttons.
 *
 * Channel messages are kept: `POST /channels/{id}/messages` stores them (a repeated `nonce` with `enforce_nonce`
 * returns the first message instead, within `nonceWindowMs` of the fake's clock, as Discord does for "the past few
 * minutes"), and `GET /channels/{id}/messages` lists them newest first. Faults can be injected per call: 429 with
 * Discord's body and rate-limit headers, 503, and a lost response (the post is stored, then the answer is lost).
 *
 * Multipart requests (a reply with files) are read as Discord reads them: the JSON from `payload_json` is the body, and
 * each `files[n]` part is kept in the call's `files`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export const appId = '1100000000000000001';
export const guildId = '1200000000000000001';
export const channelId = '1300000000000000001';
/** A role of the fake guild, named "Reviewers". */
export const reviewerRoleId = '1250000000000000001';
export const botToken = 'MTEwMDAwMDAwMDAwMDAwMDAx.fakeAA.fake-bot-token-for-tests-only-0000';
const user = {
  id: '1400000000000000001',
  username: 'analyst',
  discriminator: '0',
  global_name: 'Analyst',
  avatar: null,
};

/** A message stored in a fake channel, as Discord returns it. */
export interface StoredMessage {
  id: string;
  channel_id: string;
  author: { id: string; username: string; bot: boolean };
  timestamp: string;
  content: string;
  embeds: Array<{ title?: string; footer?: { text?: string }; [key: string]: unknown }>;
  components: unknown[];
  nonce?: string;
  /** Fake-clock ms when stored, for the nonce window. */
  storedAt: number;
}

/**
 * A fault for one REST call. `429` answers like a per-route bucket limit: `Retry-After` (whole seconds),
 * `X-RateLimit-Remaining: 0`, `X-RateLimit-Reset-After` (seconds; defaults to the retry-after), `X-RateLimit-Scope:
 * user`, and the JSON body {message, retry_after, global: false}. `lost-response`: the call takes effect (a message
 * is stored), then the exchange fails with a 503 (`how: 'status'`) or a connection closed without an answer.
 */
export type DiscordFault =
  | { kind: '429'; retryAfterSeconds: number; resetAfterSeconds?: number }
  | { kind: '503' }
  | { kind: 'lost-response'; how: 'status' | 'socket' };

export interface FakeDiscordOptions {
  /** The fake's clock, in ms since the epoch, for message timestamps and the nonce window. */
  now?: () => number;
  /** How long a nonce with `enforce_nonce` returns the first message. @default 5 minutes */
  nonceWindowMs?: number;
}

/** A file sent with a multipart request. */
export interface UploadedFile {
  /** The form field, e.g. "files[0]". */
  field: string;
  name: string;
  contentType: string;
  content: Buffer;
}

export interface RecordedCall {
  method: string;
  /** Decoded path, e.g. /api/v10/webhooks/APP/TOKEN/messages/@original. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** Files of a multipart request, in form order. */
  files?: UploadedFile[];
}

/** One interaction's callback, as the bot sent it. */
export interface Callback {
  type: number;
  data?: Record<string, unknown> & {
    content?: string;
    flags?: number;
    embeds?: Array<Record<string, unknown>>;
    components?: Array<{ components: Array<{ type?: number; custom_id?: string; label?: string }> }>;
    allowed_mentions?: unknown;
    choices?: Array<{ name: string; value: string }>;
  };
}

export interface FakeDiscord {
  /** http://127.0.0.1:PORT/api — the bot's `rest.api`. */
  apiUrl: string;
  calls: RecordedCall[];
  /** Answer the next callbacks with this status and Discord error body instead of 204. */
  failCallbacks(status: number, code: number, times?: number): void;
  /** Resolves once the gateway has sent READY and GUILD_CREATE. */
  identified: Promise<void>;
  /** Gateway connections open now. */
  openConnections(): number;
  /** A slash command from the guild member, whose permissions default to nearly all (ManageChannels included). */
  command(
    name: string,
    options: Array<{ name: string; type: number; value: string | number | boolean }>,
    member?: { permissions?: string; userId?: string; roles?: string[] },
  ): string;
  autocomplete(name: string, focused: { name: string; type: number; value: string }): string;
  button(
    customId: string,
    options?: { ephemeralMessage?: boolean },
    member?: { permissions?: string; userId?: string; roles?: string[] },
  ): string;
  /** A pick in a string select menu of an ephemeral message (interaction type 3, component type 3). */
  selectMenu(customId: string, values: string[]): string;
  /**
   * A submitted modal (interaction type 5), as Discord sends it: one label component per text box, each holding the
   * box's custom_id and what was typed ('' for an empty box).
   */
  modalSubmit(customId: string, typed: Record<string, string>, member?: { userId?: string; roles?: string[] }): string;
  /** Waits for the callback of the interaction with this id. */
  callback(interactionId: string, timeoutMs?: number): Promise<Callback>;
  /** The callback call itself, with the files a multipart callback carried. */
  callbackCall(interactionId: string, timeoutMs?: number): Promise<RecordedCall>;
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Channels the bot may post in (the gateway's `channelId` from the start); others answer 404 with code 10003. */
  channels: Set<string>;
  addChannel(...ids: string[]): void;
  /** Every channel message stored, in the order they were accepted. */
  messages: StoredMessage[];
  /** One channel's messages, oldest first. */
  messagesIn(channel: string): StoredMessage[];
  /** Faults queued for channel-message calls, consumed one per call before `faultFor` is asked. */
  faults: DiscordFault[];
  /** Decides a fault for a channel-message call no queued fault applies to; undefined answers normally. */
  faultFor: ((call: RecordedCall) => DiscordFault | undefined) | undefined;
  /** The faults injected so far, with the call each hit. */
  injected: Array<{ method: string; path: string; fault: DiscordFault }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<{ body: unknown; files?: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('multipart/form-data')) {
    const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({
          field,
          name: value.name,
          contentType: value.type,
          content: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  const raw = bytes.toString('utf8');
  if (raw === '') return { body: undefined };
  try {
    return { body: JSON.parse(raw) };
  } catch {
    return { body: raw };
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

let snowflake = 1500000000000000000n;
function nextId(): string {
  snowflake += 1n;
  return String(snowflake);
}

function message(id: string, body: Record<string, unknown> = {}) {
  return {
    id,
    channel_id: channelId,
    type: 0,
    author: { ...user, id: appId, username: 'cyberbrief', bot: true },
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    flags: 0,
    ...body,
  };
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const now = options.now ?? Date.now;
  const nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
  const channels = new Set<string>([channelId]);
  const stored: StoredMessage[] = [];
  const calls: RecordedCall[] = [];
  const waiters = new Set<{ predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }>();
  let failures: { status: number; code: number; times: number } | undefined;
  let port = 0;

  const record = (call: RecordedCall) => {
    calls.push(call);
    for (const waiter of waiters) {
      if (waiter.predicate(call)) {
        waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
  };

  async function rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    const { body, files } = await readBody(req);
    const call: RecordedCall = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      ...(files ? { files } : {}),
    };
    const route = path.replace(/^\/api\/v10/, '');
    if (method === 'GET' && route === '/gateway/bot') {
      record(call);
      if (req.headers.authorization !== `Bot ${botToken}`)
        return send(res, 401, { message: '401: Unauthorized', code: 0 });
      return send(res, 200, {
        url: `ws://127.0.0.1:${port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(route)) {
      record(call);
      if (failures && failures.times > 0) {
        failures.times -= 1;
        return send(res, failures.status, { message: 'Fake failure', code: failures.code });
      }
      if (url.searchParams.get('with_response') === 'true') {
        const data = (body as Callback).data ?? {};
        return send(res, 200, {
          interaction: { id: nextId(), type: 2 },
          resource: { type: 4, message: message(nextId(), data) },
        });
      }
      return send(res, 204);
    }
    const webhook = route.match(/^\/webhooks\/(\d+)\/[^/]+(\/messages\/([^/]+))?$/);
    if (webhook) {
      record(call);
      if (method === 'PATCH' || method === 'POST' || method === 'GET') {
        return send(
          res,
          200,
          message(
            webhook[3] === '@original' || !webhook[3] ? nextId() : webhook[3],
            (body ?? {}) as Record<string, unknown>,
          ),
        );
      }
      return send(res, 204);
    }
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(route)) {
      record(call);
      if (req.headers.authorization !== `Bot ${botToken}`) {
        return send(res, 401, { message: '401: Unauthorized', code: 0 });
      }
      const list = Array.isArray(body) ? (body as Array<Record<string, unknown>>) : [];
      return send(
        res,
        200,
        list.map((c) => ({ ...c, id: nextId(), application_id: appId, version: nextId() })),
      );
    }
    const channelMessages = route.match(/^\/channels\/(\d+)\/messages$/);
    if (channelMessages && (method === 'POST' || method === 'GET')) {
      record(call);
      return channelMessage(method, channelMessages[1] ?? '', call, res);
    }
    record(call);
    send(res, 404, { message: '404: Not Found', code: 0 });
  }

  /** POST or GET /channels/{id}/messages, with faults. */
  function channelMessage(method: string, channel: string, call: RecordedCall, res: ServerResponse) {
    if (call.headers.authorization !== `Bot ${botToken}`) {
      return send(res, 401, { message: '401: Unauthorized', code: 0 });
    }
    const fault = fake.faults.shift() ?? fake.faultFor?.(call);
    if (fault) fake.injected.push({ method, path: call.path, fault });
    if (fault?.kind === '429') {
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(Math.ceil(fault.retryAfterSeconds)),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(fault.resetAfterSeconds ?? fault.retryAfterSeconds),
          'x-ratelimit-bucket': 'fake-channel-messages',
          'x-ratelimit-scope': 'user',
        })
        .end(
          JSON.stringify({
            message: 'You are being rate limited.',
            retry_after: fault.retryAfterSeconds,
            global: false,
          }),
        );
      return;
    }
    if (fault?.kind === '503') return send(res, 503, { message: 'upstream connect error', code: 0 });
    if (!channels.has(channel)) return send(res, 404, { message: 'Unknown Channel', code: 10003 });
    const answer = method === 'POST' ? postMessage(channel, call.body) : listMessages(channel, call.query);
    if (fault?.kind === 'lost-response') {
      // The call took effect above; the bot never learns it did.
      if (fault.how === 'socket') res.socket?.destroy();
      else send(res, 503, { message: 'upstream request timeout', code: 0 });
      return;
    }
    send(res, answer.status, answer.body);
  }

  function postMessage(channel: string, body: unknown): { status: number; body: unknown } {
    const fields = (body ?? {}) as Record<string, unknown>;
    const nonce = typeof fields.nonce === 'string' ? fields.nonce : undefined;
    if (nonce !== undefined && nonce.length > 25) {
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    }
    if (nonce !== undefined && fields.enforce_nonce === true) {
      // Discord: the same nonce from the same author within a few minutes returns the message already created.
      const first = stored.find(
        (m) =>
          m.channel_id === channel && m.nonce === nonce && m.author.id === appId && now() - m.storedAt <= nonceWindowMs,
      );
      if (first) return { status: 200, body: publicMessage(first) };
    }
    const at = now();
    const created: StoredMessage = {
      id: nextId(),
      channel_id: channel,
      author: { id: appId, username: 'cyberbrief', bot: true },
      timestamp: new Date(at).toISOString(),
      content: typeof fields.content === 'string' ? fields.content : '',
      embeds: Array.isArray(fields.embeds) ? (fields.embeds as StoredMessage['embeds']) : [],
      components: Array.isArray(fields.components) ? fields.components : [],
      ...(nonce !== undefined ? { nonce } : {}),
      storedAt: at,
    };
    stored.push(created);
    return { status: 200, body: publicMessage(created) };
  }

  /** GET: newest first, `limit` 1–100 (default 50), optionally `before` a message id. */
  function listMessages(channel: string, query: URLSearchParams): { status: number; body: unknown } {
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)));
    const before = query.get('before');
    const newestFirst = stored
      .filter((m) => m.channel_id === channel && (before === null || BigInt(m.id) < BigInt(before)))
      .reverse();
    return { status: 200, body: newestFirst.slice(0, limit).map(publicMessage) };
  }

  function publicMessage(kept: StoredMessage) {
    const { storedAt: _storedAt, ...fields } = kept;
    return message(kept.id, fields);
  }

  const server: Server = createServer((req, res) => {
    rest(req, res).catch((error: unknown) => send(res, 500, { message: String(error), code: 0 }));
  });
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  let gateway: WebSocket | undefined;
  let seq = 0;
  let markIdentified: () => void = () => {};
  const identified = new Promise<void>((resolve) => {
    markIdentified = resolve;
  });

  const dispatch = (t: string, d: unknown) => gateway?.send(JSON.stringify({ op: 0, t, s: ++seq, d }));

  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      gateway = ws;
      ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 1000 } }));
      ws.on('message', (raw) => {
        const packet = JSON.parse(String(raw)) as { op: number; d: unknown };
        if (packet.op === 1) ws.send(JSON.stringify({ op: 11 }));
        if (packet.op === 2) {
          dispatch('READY', {
            v: 10,
            session_id: 'fake-session',
            resume_gateway_url: `ws://127.0.0.1:${port}`,
            shard: [0, 1],
            user: { id: appId, username: 'cyberbrief', discriminator: '0', global_name: null, avatar: null, bot: true },
            application: { id: appId, flags: 0 },
            guilds: [{ id: guildId, unavailable: true }],
          });
          dispatch('GUILD_CREATE', {
            id: guildId,
            name: 'Fake guild',
            icon: null,
            owner_id: user.id,
            unavailable: false,
            member_count: 2,
            roles: [
              {
                id: guildId,
                name: '@everyone',
                permissions: '0',
                position: 0,
                color: 0,
                hoist: false,
                managed: false,
                mentionable: false,
              },
              {
                id: reviewerRoleId,
                name: 'Reviewers',
                permissions: '0',
                position: 1,
                color: 0,
                hoist: false,
                managed: false,
                mentionable: false,
              },
            ],
            channels: [{ id: channelId, type: 0, name: 'incidents', position: 0, guild_id: guildId }],
            members: [],
            emojis: [],
            stickers: [],
            threads: [],
            presences: [],
            voice_states: [],
            stage_instances: [],
            guild_scheduled_events: [],
            features: [],
          });
          markIdentified();
        }
        if (packet.op === 6) dispatch('RESUMED', {});
      });
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;

  const base = (
    type: number,
    data: unknown,
    extra: Record<string, unknown> = {},
    member: { permissions?: string; userId?: string; roles?: string[] } = {},
  ) => {
    const id = nextId();
    dispatch('INTERACTION_CREATE', {
      id,
      token: `fake-interaction-token-${id}`,
      application_id: appId,
      type,
      version: 1,
      data,
      guild_id: guildId,
      channel_id: channelId,
      channel: { id: channelId, type: 0, name: 'incidents', guild_id: guildId },
      member: {
        user: member.userId ? { ...user, id: member.userId } : user,
        roles: member.roles ?? [],
        permissions: member.permissions ?? '2248473465835073',
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: '2248473465835073',
      locale: 'en-GB',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10485760,
      ...extra,
    });
    return id;
  };

  const fake: FakeDiscord = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    calls,
    identified,
    openConnections: () => sockets.size,
    failCallbacks(status, code, times = 1) {
      failures = { status, code, times };
    },
    command(name, options, member = {}) {
      return base(2, { id: nextId(), name, type: 1, options }, {}, member);
    },
    autocomplete(name, focused) {
      return base(4, { id: nextId(), name, type: 1, options: [{ ...focused, focused: true }] });
    },
    button(customId, options = {}, member = {}) {
      return base(
        3,
        { custom_id: customId, component_type: 2 },
        {
          message: message(nextId(), {
            flags: options.ephemeralMessage === false ? 0 : 64,
            interaction_metadata: undefined,
          }),
        },
        member,
      );
    },
    selectMenu(customId, values) {
      return base(
        3,
        { custom_id: customId, component_type: 3, values },
        { message: message(nextId(), { flags: 64, interaction_metadata: undefined }) },
      );
    },
    modalSubmit(customId, typed, member = {}) {
      let componentId = 0;
      const components = Object.entries(typed).map(([name, value]) => {
        componentId += 2;
        return { type: 18, id: componentId - 1, component: { type: 4, id: componentId, custom_id: name, value } };
      });
      return base(5, { custom_id: customId, components }, {}, member);
    },
    channels,
    addChannel(...ids) {
      for (const id of ids) channels.add(id);
    },
    messages: stored,
    messagesIn: (channel) => stored.filter((m) => m.channel_id === channel),
    faults: [],
    faultFor: undefined,
    injected: [],
    waitFor(predicate, timeoutMs = 5000) {
      const seen = calls.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`fake Discord: no matching call within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    async callback(interactionId, timeoutMs) {
      return (await fake.callbackCall(interactionId, timeoutMs)).body as Callback;
    },
    callbackCall(interactionId, timeoutMs) {
      return fake.waitFor(
        (c) => c.method === 'POST' && c.path.startsWith(`/api/v10/interactions/${interactionId}/`),
        timeoutMs,
      );
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
