/**
 * Who may change a channel's briefings on Slack: workspace admins and owners (asked of users.info, which needs the
 * users:read scope) and anyone listed in SLACK_ADMIN_USER_IDS. Answers are cached for a few minutes.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

export function createSlackRights(
  client: webApi.WebClient,
  adminUserIds: readonly string[],
  logger: Logger,
  ttlMs = 300_000,
) {
  const cache = new Map<string, { allowed: boolean; until: number }>();
  return async function canManageChannel(userId: string): Promise<boolean> {
    if (adminUserIds.includes(userId)) return true;
    const cached = cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.allowed;
    let allowed = false;
    try {
      const { user } = await client.users.info({ user: userId });
      allowed = user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
    } catch (error) {
      // Without users:read (or on an outage) nobody but the listed users may change briefings: refuse, don't guess.
      logger.warn({ err: error, user: userId }, 'could not check Slack admin rights');
      return false;
    }
    cache.set(userId, { allowed, until: Date.now() + ttlMs });
    return allowed;
  };
}
