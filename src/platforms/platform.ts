/** What the composition root gives a platform adapter, and what it gets back. */
import type { BriefingSender } from '../briefing/sender.ts';
import type { CommandContext, CommandDefinition } from '../core/command.ts';
import type { Logger } from '../logger.ts';

/** Who may approve, edit, reject and add claims (`invoker.isReviewer`); nobody when absent. */
export interface ReviewerRule {
  /** Slack and Discord user ids (REVIEWER_USER_IDS). */
  userIds: readonly string[];
  /** A Discord role, by id or exact name, whose members are reviewers (DISCORD_REVIEWER_ROLE). */
  discordRole?: string;
}

export interface PlatformDeps {
  commands: readonly CommandDefinition[];
  context: CommandContext;
  logger: Logger;
  reviewers?: ReviewerRule;
}

/** A connected platform; `stop` disconnects and waits until it is closed. */
export interface RunningPlatform {
  name: string;
  stop(): Promise<void>;
  /** Posts daily briefings into this platform's channels, when the adapter supports it. */
  briefingSender?: BriefingSender;
}
