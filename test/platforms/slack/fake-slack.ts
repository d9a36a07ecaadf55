/**
 * A local fake of Slack for end-to-end tests, on 127.0.0.1 only: the Web API (`POST /api/<method>`), response URLs
 * (`POST /response/<n>`), and a Socket Mode WebSocket (`/link/`). It records every call so tests can wait on them.
 *
 * Channels the bot may post in keep their messages: `chat.postMessage` stores them (with parsed `metadata`) and
 * `conversations.history` reads them back newest first, as Slack does. Faults can be injected per Web API call:
 * HTTP 429 with `Retry-After`, HTTP 503, and a lost response (the call takes effect, then the answer never arrives).
 *
 * Files go the way `files.uploadV2` sends them: `files.getUploadURLExternal` hands out an upload URL on this server
 * (`POST /upload/<file id>`, multipart, the bytes in the `body` field), and `files.completeUploadExternal` shares the
 * uploaded files into a channel the bot is in (else `not_in_channel`). `users.info` answers from `users`.
 *
 * Modals: `views.open` records the view it was given (`views`) and answers with an id; `chat.postEphemeral` keeps
 * the message for its one user (`ephemerals`) in a channel the bot is in, else `not_in_channel`, as Slack does.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { createLogger, type Logger } from '../../../src/logger.ts';

export interface RecordedCall {
  /** `api` for Web API methods, `response` for response URLs, `upload` for file upload URLs. */
  kind: 'api' | 'response' | 'upload';
  /** The Web API method ("auth.test") or the response URL's path ("/response/3"). */
  name: string;
  headers: IncomingMessage['headers'];
  /** JSON bodies parsed; form bodies as their fields. */
  body: Record<string, unknown>;
}

type ApiHandler = (body: Record<string, unknown>) => { status?: number; json: Record<string, unknown> };

/** A message stored in a fake channel. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  /** Parsed from the JSON form field. */
  blocks: unknown[];
  /** Parsed from the JSON form field; returned by conversations.history only with `include_all_metadata`. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/**
 * A fault for one Web API call. `lost-response`: the call takes effect (a message is stored), then the HTTP exchange
 * fails — with a 503 answer (`how: 'status'`) or a connection closed without an answer (`how: 'socket'`).
 */
export type SlackFault =
  | { kind: '429'; retryAfterSeconds: number }
  | { kind: '503' }
  | { kind: 'lost-response'; how: 'status' | 'socket' };

/** A file shared in a channel through files.uploadV2. */
export interface FakeSlackFile {
  id: string;
  filename: string;
  title: string;
  channel: string;
  initialComment?: string;
  /** The bytes posted to the upload URL. */
  content: Buffer;
}

/** A workspace member, as users.info reports them. */
export interface FakeSlackUser {
  id: string;
  name: string;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
}

export interface FakeSlackOptions {
  /** The fake's clock, in ms since the epoch, for message timestamps and `conversations.history` windows. */
  now?: () => number;
}

/** A message only one person sees, posted with chat.postEphemeral. */
export interface FakeSlackEphemeral {
  channel: string;
  user: string;
  text: string;
  /** Parsed from the JSON form field. */
  blocks: unknown[];
}

/** A view opened with views.open, parsed from its JSON form field, with the trigger it was opened with. */
export interface FakeSlackView {
  triggerId: string;
  view: Record<string, unknown>;
}

/** A multipart file field: its file name and bytes. */
export interface UploadedPart {
  filename: string;
  content: Buffer;
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.includes('multipart/form-data')) {
    // Parsed the way fetch does it; file fields become { filename, content }.
    const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    const fields: Record<string, unknown> = {};
    for (const [name, value] of form.entries()) {
      fields[name] =
        typeof value === 'string'
          ? value
          : ({ filename: value.name, content: Buffer.from(await value.arrayBuffer()) } satisfies UploadedPart);
    }
    return fields;
  }
  const raw = bytes.toString('utf8');
  if (raw === '') return {};
  if (contentType.includes('application/json')) {
    return JSON.parse(raw) as Record<string, unknown>;
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Messages the bot sent over the Socket Mode WebSocket (acks). */
  readonly socketMessages: Array<Record<string, unknown>> = [];
  readonly sockets: WebSocket[] = [];
  /** Close codes of Socket Mode connections, in order. */
  readonly closeCodes: number[] = [];
  /** Response URL paths that answer 500 (an expired or broken response_url). */
  readonly failingResponses = new Set<string>();
  readonly api: Record<string, ApiHandler> = {
    'auth.test': () => ({
      json: {
        ok: true,
        url: 'https://fake.slack.test/',
        team: 'Fake',
        user: 'cyberbrief',
        team_id: 'T0001',
        user_id: 'U0BOT',
        bot_id: 'B0BOT',
      },
    }),
    'apps.connections.open': () => ({ json: { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=fake` } }),
  };
  /** Channels the bot may post in; others answer `channel_not_found`. */
  readonly channels = new Set<string>(['C0INCIDENTS']);
  /** Every message stored, in the order Slack accepted them. */
  readonly messages: FakeSlackMessage[] = [];
  /** Files shared in channels, in the order their uploads completed. */
  readonly files: FakeSlackFile[] = [];
  /** Messages posted with chat.postEphemeral, in order. */
  readonly ephemerals: FakeSlackEphemeral[] = [];
  /** Views opened with views.open, in order. */
  readonly views: FakeSlackView[] = [];
  /** Workspace members users.info knows; others answer `user_not_found`. */
  readonly users = new Map<string, FakeSlackUser>();
  /** Upload URLs handed out and not yet completed, by file id, with the bytes once posted. */
  private readonly uploads = new Map<string, { filename: string; length: number; content?: Buffer }>();
  private fileIds = 0;
  /** Faults queued per Web API method, consumed one per call before `faultFor` is asked. */
  readonly faults = new Map<string, SlackFault[]>();
  /** Decides a fault for a call no queued fault applies to; undefined answers normally. */
  faultFor: ((call: RecordedCall) => SlackFault | undefined) | undefined;
  /** The faults injected so far, by method, in order. */
  readonly injected: Array<{ method: string; fault: SlackFault }> = [];
  private responses = 0;
  private lastMicros = 0;
  private readonly wss = new WebSocketServer({ noServer: true });

  private readonly server: Server;
  private readonly now: () => number;

  private constructor(server: Server, options: FakeSlackOptions) {
    this.server = server;
    this.now = options.now ?? Date.now;
    this.api['chat.postMessage'] = (body) => this.postMessage(body);
    this.api['conversations.history'] = (body) => this.history(body);
    this.api['users.info'] = (body) => {
      const user = this.users.get(String(body.user ?? ''));
      return { json: user ? { ok: true, user } : { ok: false, error: 'user_not_found' } };
    };
    this.api['chat.postEphemeral'] = (body) => this.postEphemeral(body);
    this.api['views.open'] = (body) => this.openView(body);
    this.api['files.getUploadURLExternal'] = (body) => this.uploadUrl(body);
    this.api['files.completeUploadExternal'] = (body) => this.completeUpload(body);
    server.on('request', (request, response) => {
      void (async () => {
        const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
        const body = await readBody(request);
        if (request.method === 'POST' && path.startsWith('/api/')) {
          const name = path.slice('/api/'.length);
          const call: RecordedCall = { kind: 'api', name, headers: request.headers, body };
          this.calls.push(call);
          const fault = this.faults.get(name)?.shift() ?? this.faultFor?.(call);
          if (fault) this.injected.push({ method: name, fault });
          if (fault?.kind === '429') {
            response.writeHead(429, {
              'content-type': 'application/json',
              'retry-after': String(fault.retryAfterSeconds),
            });
            response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
            return;
          }
          if (fault?.kind === '503') {
            response.writeHead(503, { 'content-type': 'text/plain' }).end('upstream unavailable');
            return;
          }
          const answer = this.api[name]?.(body) ?? { json: { ok: true } };
          if (fault?.kind === 'lost-response') {
            // The call took effect above; the bot never learns it did.
            if (fault.how === 'socket') response.socket?.destroy();
            else response.writeHead(503, { 'content-type': 'text/plain' }).end('upstream timed out');
            return;
          }
          response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer.json));
          return;
        }
        if (request.method === 'POST' && path.startsWith('/upload/')) {
          this.calls.push({ kind: 'upload', name: path, headers: request.headers, body });
          const upload = this.uploads.get(path.slice('/upload/'.length));
          const part = body.body as UploadedPart | undefined;
          if (!upload || part === undefined || !Buffer.isBuffer(part.content)) {
            response.writeHead(400, { 'content-type': 'text/plain' }).end('bad upload');
            return;
          }
          upload.content = part.content;
          response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${part.content.length}`);
          return;
        }
        if (request.method === 'POST' && path.startsWith('/response/')) {
          this.calls.push({ kind: 'response', name: path, headers: request.headers, body });
          const failing = this.failingResponses.has(path);
          response.writeHead(failing ? 500 : 200, { 'content-type': 'text/plain' });
          response.end(failing ? 'error' : 'ok');
          return;
        }
        response.writeHead(404).end();
      })();
    });
    server.on('upgrade', (request, socket, head) => {
      if (!(request.url ?? '').startsWith('/link/')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        this.sockets.push(ws);
        ws.on('message', (data) => this.socketMessages.push(JSON.parse(String(data)) as Record<string, unknown>));
        ws.on('close', (code) => this.closeCodes.push(code));
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' } }));
      });
    });
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeSlack(server, options);
  }

  /** Lets the bot post in these channels. */
  addChannel(...ids: string[]): void {
    for (const id of ids) this.channels.add(id);
  }

  /** The messages in one channel, oldest first. */
  messagesIn(channel: string): FakeSlackMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  /** A message timestamp from the fake's clock, unique and increasing like Slack's. */
  private nextTs(): string {
    this.lastMicros = Math.max(this.lastMicros + 1, this.now() * 1000);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  private postMessage(body: Record<string, unknown>): { json: Record<string, unknown> } {
    const channel = String(body.channel ?? '');
    if (!this.channels.has(channel)) return { json: { ok: false, error: 'channel_not_found' } };
    let metadata: FakeSlackMessage['metadata'];
    let blocks: unknown[] = [];
    try {
      if (typeof body.metadata === 'string') metadata = JSON.parse(body.metadata) as FakeSlackMessage['metadata'];
      if (typeof body.blocks === 'string') blocks = JSON.parse(body.blocks) as unknown[];
    } catch {
      return { json: { ok: false, error: 'invalid_arguments' } };
    }
    if (metadata && (typeof metadata.event_type !== 'string' || typeof metadata.event_payload !== 'object')) {
      return { json: { ok: false, error: 'invalid_metadata_format' } };
    }
    const message: FakeSlackMessage = {
      channel,
      ts: this.nextTs(),
      text: String(body.text ?? ''),
      blocks,
      ...(metadata ? { metadata } : {}),
    };
    this.messages.push(message);
    return { json: { ok: true, channel, ts: message.ts, message: this.asSlackMessage(message, false) } };
  }

  /** chat.postEphemeral: kept for `user` in a channel the bot is in; blocks arrive as a JSON string. */
  private postEphemeral(body: Record<string, unknown>): { json: Record<string, unknown> } {
    const channel = String(body.channel ?? '');
    const user = String(body.user ?? '');
    if (!this.channels.has(channel)) return { json: { ok: false, error: 'not_in_channel' } };
    if (user === '') return { json: { ok: false, error: 'user_not_in_channel' } };
    let blocks: unknown[] = [];
    try {
      if (typeof body.blocks === 'string') blocks = JSON.parse(body.blocks) as unknown[];
    } catch {
      return { json: { ok: false, error: 'invalid_blocks' } };
    }
    this.ephemerals.push({ channel, user, text: String(body.text ?? ''), blocks });
    return { json: { ok: true, message_ts: this.nextTs() } };
  }

  /** views.open: the view as a JSON string and a trigger id, both required. */
  private openView(body: Record<string, unknown>): { json: Record<string, unknown> } {
    const triggerId = String(body.trigger_id ?? '');
    if (triggerId === '' || typeof body.view !== 'string') return { json: { ok: false, error: 'invalid_arguments' } };
    let view: Record<string, unknown>;
    try {
      view = JSON.parse(body.view) as Record<string, unknown>;
    } catch {
      return { json: { ok: false, error: 'invalid_arguments' } };
    }
    this.views.push({ triggerId, view });
    return { json: { ok: true, view: { id: `V${String(this.views.length).padStart(8, '0')}`, ...view } } };
  }

  /** files.getUploadURLExternal: a file id and a URL on this server to post the bytes to. */
  private uploadUrl(body: Record<string, unknown>): { json: Record<string, unknown> } {
    const filename = String(body.filename ?? '');
    const length = Number(body.length);
    if (filename === '' || !Number.isInteger(length) || length < 1) {
      return { json: { ok: false, error: 'invalid_arguments' } };
    }
    this.fileIds += 1;
    const fileId = `F${String(this.fileIds).padStart(8, '0')}`;
    this.uploads.set(fileId, { filename, length });
    return { json: { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId } };
  }

  /**
   * files.completeUploadExternal: shares the uploaded files in `channel_id`, with `initial_comment`. A channel the bot
   * is not in answers `not_in_channel`; a file whose bytes never arrived, or not as many as announced, fails.
   */
  private completeUpload(body: Record<string, unknown>): { json: Record<string, unknown> } {
    let files: Array<{ id: string; title?: string }>;
    try {
      files = JSON.parse(String(body.files ?? '[]')) as Array<{ id: string; title?: string }>;
    } catch {
      return { json: { ok: false, error: 'invalid_arguments' } };
    }
    const channel = body.channel_id === undefined ? undefined : String(body.channel_id);
    if (channel !== undefined && !this.channels.has(channel)) return { json: { ok: false, error: 'not_in_channel' } };
    const done: FakeSlackFile[] = [];
    for (const file of files) {
      const upload = this.uploads.get(file.id);
      if (!upload?.content || upload.content.length !== upload.length) {
        return { json: { ok: false, error: 'file_upload_size_mismatch' } };
      }
      done.push({
        id: file.id,
        filename: upload.filename,
        title: file.title ?? upload.filename,
        channel: channel ?? '',
        ...(typeof body.initial_comment === 'string' ? { initialComment: body.initial_comment } : {}),
        content: upload.content,
      });
    }
    for (const file of done) this.uploads.delete(file.id);
    if (channel !== undefined) this.files.push(...done);
    return { json: { ok: true, files: done.map((f) => ({ id: f.id, name: f.filename, title: f.title })) } };
  }

  /** Adds a workspace member; `admin` makes them a workspace admin. */
  addUser(id: string, role: 'member' | 'admin' | 'owner' = 'member'): void {
    this.users.set(id, {
      id,
      name: id.toLowerCase(),
      is_admin: role !== 'member',
      is_owner: role === 'owner',
      is_primary_owner: false,
    });
  }

  /**
   * conversations.history: newest first, between `oldest` and `latest` (exclusive unless `inclusive`), `limit` per
   * page with a `cursor` for the next, metadata only with `include_all_metadata`.
   */
  private history(body: Record<string, unknown>): { json: Record<string, unknown> } {
    const channel = String(body.channel ?? '');
    if (!this.channels.has(channel)) return { json: { ok: false, error: 'channel_not_found' } };
    const oldest = Number(body.oldest ?? 0);
    const latest = body.latest === undefined ? Number.POSITIVE_INFINITY : Number(body.latest);
    const inclusive = String(body.inclusive) === 'true';
    const limit = Math.min(999, Number(body.limit ?? 100));
    const withMetadata = String(body.include_all_metadata) === 'true';
    const offset = body.cursor
      ? Number(Buffer.from(String(body.cursor), 'base64').toString('utf8').slice('offset:'.length))
      : 0;
    const inWindow = this.messagesIn(channel)
      .filter((m) => {
        const ts = Number(m.ts);
        return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
      })
      .reverse();
    const hasMore = inWindow.length > offset + limit;
    return {
      json: {
        ok: true,
        messages: inWindow.slice(offset, offset + limit).map((m) => this.asSlackMessage(m, withMetadata)),
        has_more: hasMore,
        ...(hasMore
          ? { response_metadata: { next_cursor: Buffer.from(`offset:${offset + limit}`).toString('base64') } }
          : {}),
      },
    };
  }

  private asSlackMessage(message: FakeSlackMessage, withMetadata: boolean): Record<string, unknown> {
    return {
      type: 'message',
      user: 'U0BOT',
      bot_id: 'B0BOT',
      app_id: 'A0APP',
      ts: message.ts,
      text: message.text,
      blocks: message.blocks,
      ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
    };
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What SLACK_API_URL would be. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url for one slash command or button click. */
  responseUrl(): string {
    this.responses += 1;
    return `${this.url}/response/${this.responses}`;
  }

  /** The calls made to one response URL. */
  responsesTo(url: string): RecordedCall[] {
    const path = new URL(url).pathname;
    return this.calls.filter((c) => c.kind === 'response' && c.name === path);
  }

  /** Waits until `find` returns something for the recorded state; fails with what was recorded after `timeoutMs`. */
  async waitFor<T>(find: () => T | undefined, timeoutMs = 3000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        const seen = this.calls.map((c) => `${c.kind} ${c.name}`).join(', ');
        throw new Error(`fake Slack: timed out; calls so far: ${seen || 'none'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The body of the first reply posted to `url`. */
  reply(url: string): Promise<Record<string, unknown>> {
    return this.waitFor(() => this.responsesTo(url)[0]?.body);
  }

  /** Sends a Socket Mode envelope on the latest connection; returns its envelope_id. */
  sendEnvelope(type: 'slash_commands' | 'interactive', payload: Record<string, unknown>): string {
    const socket = this.sockets[this.sockets.length - 1];
    if (!socket) throw new Error('fake Slack: no Socket Mode connection');
    const envelopeId = randomUUID();
    socket.send(
      JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'interactive' }),
    );
    return envelopeId;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Slack's request signature headers for `body`, signed with `secret` at `timestamp` (unix seconds). */
export function signedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
  };
}

/** The fields Slack sends with a slash command. */
export function slashCommandFields(
  command: string,
  text: string,
  responseUrl: string,
  overrides: { user_id?: string; channel_id?: string } = {},
): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'fake',
    channel_id: 'C0INCIDENTS',
    channel_name: 'incidents',
    user_id: 'U0ANALYST',
    user_name: 'analyst',
    command,
    text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: '1111.2222.3333',
    ...overrides,
  };
}

/** A block_actions payload for a click on a button with `value`, as Slack sends it. */
export function buttonClickPayload(
  actionId: string,
  value: string,
  responseUrl: string,
  overrides: { user?: string; channel?: string } = {},
): Record<string, unknown> {
  const channel = overrides.channel ?? 'C0INCIDENTS';
  return {
    type: 'block_actions',
    user: { id: overrides.user ?? 'U0ANALYST', username: 'analyst', name: 'analyst', team_id: 'T0001' },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: true },
    trigger_id: '4444.5555.6666',
    team: { id: 'T0001', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'incidents' },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'A button', emoji: true },
        value,
        action_ts: '1700000001.000200',
      },
    ],
  };
}

/**
 * A view_submission payload for a modal the bot opened, as Slack sends it: the view with its private_metadata and
 * callback_id, and `state.values[block_id][action_id].value` for every input block (null when left empty).
 */
export function viewSubmissionPayload(
  view: Record<string, unknown>,
  typed: Record<string, string>,
  overrides: { user?: string } = {},
): Record<string, unknown> {
  const blocks = (view.blocks ?? []) as Array<{ type: string; block_id?: string; element?: { action_id?: string } }>;
  const values: Record<string, Record<string, { type: string; value: string | null }>> = {};
  for (const block of blocks) {
    if (block.type !== 'input' || block.block_id === undefined || block.element?.action_id === undefined) continue;
    const value = typed[block.element.action_id];
    values[block.block_id] = { [block.element.action_id]: { type: 'plain_text_input', value: value ?? null } };
  }
  return {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'fake' },
    user: { id: overrides.user ?? 'U0ANALYST', username: 'analyst', name: 'analyst', team_id: 'T0001' },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: '7777.8888.9999',
    view: {
      id: 'V00000001',
      team_id: 'T0001',
      app_id: 'A0APP',
      bot_id: 'B0BOT',
      hash: '1700000000.abcdef',
      previous_view_id: null,
      root_view_id: 'V00000001',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
      ...view,
      state: { values },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A real pino logger (our own, with redaction) writing JSON lines into memory. */
export function captureLogger(level = 'debug'): {
  logger: Logger;
  lines: () => Array<Record<string, unknown>>;
  raw: () => string;
} {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    logger: createLogger(level, sink),
    raw: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** The HTTP port from the adapter's one "Slack ready" line. */
export function readyPort(lines: Array<Record<string, unknown>>): number {
  const ready = lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('Slack ready'));
  if (typeof ready?.port !== 'number') throw new Error('no "Slack ready" line with a port was logged');
  return ready.port;
}
