/**
 * Posts daily briefings to a channel over REST. Each post carries a nonce derived from the delivery key with
 * `enforce_nonce`, so Discord itself returns the first message when a retry repeats a send within minutes; for
 * longer gaps the sender first looks through the channel's recent messages for the briefing's reference. Retries
 * belong to the briefing engine: this REST client never retries and rejects rate limits at once.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, REST, Routes } from 'discord.js';
import { type BriefingSender, DeliveryError } from '../../briefing/sender.ts';
import type { DiscordConfig } from '../../config.ts';
import { noMentions } from './handle-interaction.ts';
import { renderEmbeds } from './render-embeds.ts';

/** Discord error codes that retrying will not fix: the channel is gone or the bot may not post there. */
const permanentCodes = new Set([10003, 50001, 50013, 50035, 50008]);

/** Discord nonces are at most 25 characters: a digest of the delivery key. */
export function nonceFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof RateLimitError) {
    return new DeliveryError('rate-limited', `Discord rate limit on ${error.route}`, error.retryAfter);
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : 0;
    const permanent = permanentCodes.has(code) || error.status === 403 || error.status === 404;
    return new DeliveryError(
      permanent ? 'permanent' : 'transient',
      `Discord ${error.status} ${code}: ${error.message}`,
    );
  }
  if (error instanceof HTTPError) return new DeliveryError('transient', `Discord HTTP ${error.status}`);
  return new DeliveryError('transient', (error as Error).message);
}

/** Discord ids encode their creation time; this is the smallest id at an instant. */
const discordEpochMs = 1_420_070_400_000n;
export function snowflakeAt(ms: number): string {
  const sinceEpoch = BigInt(Math.floor(ms)) - discordEpochMs;
  return String((sinceEpoch > 0n ? sinceEpoch : 0n) << 22n);
}

/** Our clock and Discord's may disagree a little. */
const clockSkewMs = 300_000;
/** Pages of 100 messages to read, at most, when looking for a message. */
const maxHistoryPages = 10;

interface PostedMessage {
  id: string;
  author?: { id: string };
  embeds?: Array<{ footer?: { text?: string } }>;
}

export function createDiscordBriefingSender(
  config: DiscordConfig,
  options: { timeoutMs?: number } = {},
): BriefingSender {
  const rest = new REST({
    version: '10',
    retries: 0,
    timeout: options.timeoutMs ?? 10_000,
    rejectOnRateLimit: () => true,
    ...(config.apiUrl ? { api: config.apiUrl } : {}),
  }).setToken(config.token);

  /** A message of ours posted since the delivery began whose footer carries this briefing's reference. */
  async function findPosted(channelId: string, key: string, since: string): Promise<string | undefined> {
    // Page forward from just before the outbox row was written, so a busy channel cannot hide the message.
    let after = snowflakeAt(Date.parse(since) - clockSkewMs);
    for (let page = 0; page < maxHistoryPages; page++) {
      const batch = (await rest.get(Routes.channelMessages(channelId), {
        query: new URLSearchParams({ after, limit: '100' }),
      })) as PostedMessage[];
      const found = batch.find(
        (m) => m.author?.id === config.applicationId && m.embeds?.some((e) => e.footer?.text?.includes(key)),
      );
      if (found) return found.id;
      if (batch.length < 100) return undefined;
      // Discord returns newest first; the next page starts after the newest one seen.
      after = batch.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
    }
    return undefined;
  }

  return {
    async send(target, message, { outcomeUnknown }) {
      try {
        if (outcomeUnknown) {
          const id = await findPosted(target.channelId, message.key, message.since);
          if (id) return { remoteId: id };
        }
        const body = {
          ...renderEmbeds(message.card, { ephemeral: false }),
          nonce: nonceFor(message.key),
          enforce_nonce: true,
          allowed_mentions: noMentions,
        };
        const posted = (await rest.post(Routes.channelMessages(target.channelId), { body })) as PostedMessage;
        return { remoteId: posted.id };
      } catch (error) {
        throw error instanceof DeliveryError ? error : toDeliveryError(error);
      }
    },
  };
}
