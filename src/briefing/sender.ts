/** The port a platform implements to post briefings; the engine owns retries, so senders never retry on their own. */
import type { Card } from '../core/card.ts';

export interface BriefingTarget {
  platform: 'slack' | 'discord' | 'console';
  workspaceId: string;
  channelId: string;
}

export interface BriefingMessage {
  card: Card;
  /** The delivery's unique key: stamped on the message so a retry can find or dedupe it. */
  key: string;
  /** When the delivery's outbox row was written (ISO): no attempt to post it can be older. */
  since: string;
}

export interface BriefingSender {
  /**
   * Posts the briefing and returns the platform's message id. With `outcomeUnknown`, an earlier attempt may have
   * posted it already: the sender must find that message (or let the platform dedupe) instead of posting again.
   */
  send(
    target: BriefingTarget,
    message: BriefingMessage,
    options: { outcomeUnknown: boolean },
  ): Promise<{ remoteId: string }>;
}

/** Why a send failed, as far as retrying is concerned. */
export type DeliveryFailure = 'rate-limited' | 'transient' | 'permanent';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly failure: DeliveryFailure;
  readonly retryAfterMs: number | undefined;
  constructor(failure: DeliveryFailure, message: string, retryAfterMs?: number) {
    super(message);
    this.failure = failure;
    this.retryAfterMs = retryAfterMs;
  }
}
