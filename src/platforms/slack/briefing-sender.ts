/**
 * Posts daily briefings with chat.postMessage. Each message carries its delivery key in message metadata, so when
 * an earlier attempt's outcome is unknown the sender first looks for it in conversations.history instead of posting
 * again. Retries belong to the briefing engine: this client never retries and rejects rate-limited calls at once.
 */
import { webApi } from '@slack/bolt';
import { type BriefingSender, DeliveryError } from '../../briefing/sender.ts';
import { renderSlackMessage } from './render-blocks.ts';

/** The metadata event type our briefings carry. */
export const briefingEventType = 'cyberbrief_briefing';

/** Platform errors that will not go away by retrying: the channel is gone, archived, or the bot may not post. */
const permanentErrors = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'team_access_not_granted',
  'invalid_blocks',
  'msg_blocks_too_long',
]);

/** Slack's clock and ours may disagree a little: look this much further back than the outbox row's creation. */
const clockSkewSeconds = 300;
/** Pages of history (200 messages each) to read, at most, when looking for a message. */
const maxHistoryPages = 10;

function toDeliveryError(error: unknown): DeliveryError {
  const code = (error as { code?: string }).code;
  if (code === webApi.ErrorCode.RateLimitedError) {
    const retryAfter = (error as webApi.WebAPIRateLimitedError).retryAfter;
    return new DeliveryError('rate-limited', `Slack rate limit: retry after ${retryAfter} s`, retryAfter * 1000);
  }
  if (code === webApi.ErrorCode.PlatformError) {
    const reason = (error as webApi.WebAPIPlatformError).data.error;
    if (reason === 'ratelimited') return new DeliveryError('rate-limited', reason, 30_000);
    return new DeliveryError(permanentErrors.has(reason) ? 'permanent' : 'transient', reason);
  }
  if (code === webApi.ErrorCode.HTTPError) {
    return new DeliveryError('transient', `Slack HTTP ${(error as webApi.WebAPIHTTPError).statusCode}`);
  }
  return new DeliveryError('transient', (error as Error).message);
}

export interface SlackSenderOptions {
  botToken: string;
  apiUrl?: string;
  /** Per-call timeout; keep it well under the briefing lease. @default 10 s */
  timeoutMs?: number;
}

export function createSlackBriefingSender(options: SlackSenderOptions): BriefingSender {
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    // Failures are the engine's to report (it logs with the delivery key); the client's own warnings are noise.
    logLevel: webApi.LogLevel.ERROR,
  });

  /** The ts of a message we already posted with this key, if Slack's history since the delivery began has it. */
  async function findPosted(channel: string, key: string, since: string): Promise<string | undefined> {
    const oldest = String(Math.floor(Date.parse(since) / 1000) - clockSkewSeconds);
    let cursor: string | undefined;
    for (let page = 0; page < maxHistoryPages; page++) {
      const history = await client.conversations.history({
        channel,
        oldest,
        limit: 200,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      });
      const found = history.messages?.find(
        (m) =>
          m.metadata?.event_type === briefingEventType &&
          (m.metadata.event_payload as Record<string, unknown> | undefined)?.key === key,
      );
      if (found?.ts) return found.ts;
      cursor = history.response_metadata?.next_cursor;
      if (!history.has_more || !cursor) return undefined;
    }
    return undefined;
  }

  return {
    async send(target, message, { outcomeUnknown }) {
      try {
        if (outcomeUnknown) {
          const ts = await findPosted(target.channelId, message.key, message.since);
          if (ts) return { remoteId: ts };
        }
        const rendered = renderSlackMessage(message.card, { ephemeral: false });
        const result = await client.chat.postMessage({
          channel: target.channelId,
          text: rendered.text,
          blocks: rendered.blocks,
          metadata: { event_type: briefingEventType, event_payload: { key: message.key } },
          unfurl_links: false,
          unfurl_media: false,
        });
        return { remoteId: result.ts ?? '' };
      } catch (error) {
        throw error instanceof DeliveryError ? error : toDeliveryError(error);
      }
    },
  };
}
