/** What the /briefing command may ask for: the port, implemented by src/briefing/service.ts. */
import type { BriefingFilters } from '../briefing/compose.ts';
import type { Tlp } from '../domain/schemas.ts';
import type { Card } from './card.ts';

/** Who typed the command, where, and whether they may change this channel's subscriptions. */
export interface Invoker {
  platform: 'slack' | 'discord' | 'console';
  workspaceId: string;
  channelId: string;
  userId: string;
  /** Discord ManageChannels; Slack workspace admin/owner or listed in SLACK_ADMIN_USER_IDS; always in the console. */
  canManageChannel: boolean;
  /**
   * May approve, edit, reject and add claims: listed in REVIEWER_USER_IDS, or (Discord) holding the reviewer role;
   * always in the console. Unset counts as no.
   */
  isReviewer?: boolean;
}

export interface SubscriptionRequest {
  time: string;
  timezone: string;
  filters: BriefingFilters;
  tlpCeiling: Tlp;
  quietDays: 'post' | 'skip';
}

export interface SubscriptionView {
  id: number;
  time: string;
  timezone: string;
  filters: BriefingFilters;
  tlpCeiling: Tlp;
  quietDays: 'post' | 'skip';
  /** The next slot in the channel's zone, e.g. "2026-06-02 09:00 Asia/Tokyo". */
  nextRun: string;
  /** The last delivery's date and outcome, if there was one. */
  lastDelivery?: { date: string; status: string; outcome: string };
}

export interface BriefingService {
  subscribe(invoker: Invoker, request: SubscriptionRequest): { view: SubscriptionView; created: boolean };
  unsubscribe(invoker: Invoker, id: number): boolean;
  list(invoker: Invoker): SubscriptionView[];
  /** The briefing this channel would get now (page n). */
  preview(invoker: Invoker, page: number): Card;
  /** A further page of a delivered briefing. */
  show(invoker: Invoker, deliveryId: number, page: number): Card | undefined;
}
