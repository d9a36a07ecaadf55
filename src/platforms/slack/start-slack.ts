/**
 * The Slack adapter: a Bolt app serving every command in the registry, in Socket Mode (an app-level token, no public
 * URL) or over HTTP (a signing secret, `POST /slack/events` on PORT). It resolves once Slack is connected (Socket Mode)
 * or the server listens (HTTP), after checking the bot token with auth.test, and logs one line that it is ready.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { PlatformDeps, RunningPlatform } from '../platform.ts';
import { boltLogger } from './bolt-logger.ts';
import { createSlackBriefingSender } from './briefing-sender.ts';
import { registerSlackHandlers, slackResponseOrigins } from './handlers.ts';
import { createSlackRights } from './rights.ts';

/** The HTTP endpoint Slack posts slash commands and button clicks to, in HTTP mode. */
export const slackEventsPath = '/slack/events';

/** How long `stop()` waits for the Socket Mode close handshake before giving up on it. */
const disconnectTimeoutMs = 5000;

/**
 * Web API client options, a fresh object each time (Bolt adds its logger to the object it is given). No retries:
 * the defaults retry for about 30 minutes, which turns one failed call into a hung reply. A 10 s timeout, because the
 * default is none.
 */
function clientOptions(
  config: SlackConfig,
  retryConfig: webApi.RetryOptions = { retries: 0 },
): webApi.WebClientOptions {
  return {
    ...(config.apiUrl !== undefined ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig,
    timeout: 10_000,
  };
}

/**
 * The Socket Mode client's own calls (apps.connections.open, when it connects and each time Slack asks it to
 * reconnect) get a short bounded retry instead: with none, one network blip during a routine reconnect would end it.
 */
const reconnectRetry: webApi.RetryOptions = {
  retries: 5,
  factor: 2,
  minTimeout: 1000,
  maxTimeout: 15_000,
  randomize: true,
};

function requireSetting(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`Slack ${name} is missing`);
  return value;
}

interface Started {
  port?: number;
  stop(): Promise<void>;
}

async function startSocketMode(app: App, receiver: SocketModeReceiver): Promise<Started> {
  await app.start();
  return {
    async stop() {
      // app.stop() does not wait for the close handshake: wait for the client's own 'disconnected' event.
      let timer: NodeJS.Timeout | undefined;
      const disconnected = new Promise<void>((resolve) => {
        receiver.client.once('disconnected', () => resolve());
        timer = setTimeout(resolve, disconnectTimeoutMs);
      });
      await app.stop();
      await disconnected;
      clearTimeout(timer);
    },
  };
}

async function startHttp(config: SlackConfig, app: App): Promise<Started> {
  const server = (await app.start({ port: config.port })) as Server;
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      await app.stop();
    },
  };
}

export async function startSlack(config: SlackConfig, deps: PlatformDeps): Promise<RunningPlatform> {
  const logger: Logger = deps.logger.child({ platform: 'slack' });
  const logAdapter = boltLogger(logger);
  let app: App;
  let receiver: SocketModeReceiver | undefined;
  if (config.mode === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: requireSetting(config.appToken, 'app token (SLACK_APP_TOKEN)'),
      logger: logAdapter,
      installerOptions: { clientOptions: clientOptions(config, reconnectRetry) },
    });
    app = new App({
      token: config.botToken,
      receiver,
      socketMode: true,
      convoStore: false,
      logger: logAdapter,
      clientOptions: clientOptions(config),
      deferInitialization: true,
    });
  } else {
    app = new App({
      token: config.botToken,
      signingSecret: requireSetting(config.signingSecret, 'signing secret (SLACK_SIGNING_SECRET)'),
      endpoints: slackEventsPath,
      convoStore: false,
      logger: logAdapter,
      clientOptions: clientOptions(config),
      deferInitialization: true,
    });
  }
  // A form's way back is a Slack response_url; against a fake Slack (SLACK_API_URL), the fake's own.
  const responseOrigins = [
    ...slackResponseOrigins,
    ...(config.apiUrl !== undefined ? [new URL(config.apiUrl).origin] : []),
  ];
  registerSlackHandlers(app, deps, logger, createSlackRights(app.client, config.adminUserIds, logger), responseOrigins);
  // auth.test, once, awaited: a wrong bot token stops start-up here with Slack's own error (invalid_auth).
  await app.init();
  const started = receiver ? await startSocketMode(app, receiver) : await startHttp(config, app);
  logger.info(
    { mode: config.mode, ...(started.port !== undefined ? { port: started.port, path: slackEventsPath } : {}) },
    config.mode === 'socket' ? 'Slack ready (Socket Mode)' : 'Slack ready (HTTP)',
  );
  let stopping: Promise<void> | undefined;
  return {
    name: 'slack',
    briefingSender: createSlackBriefingSender({
      botToken: config.botToken,
      ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}),
    }),
    stop() {
      stopping ??= started.stop().then(() => logger.debug('Slack stopped'));
      return stopping;
    },
  };
}
