/** What the composition root gives a platform adapter, and what it gets back. */
import type { BriefingSender } from '../briefing/sender.ts';
import type { CommandContext, CommandDefinition } from '../core/command.ts';
import type { Logger } from '../logger.ts';

export interface PlatformDeps {
  commands: readonly CommandDefinition[];
  context: CommandContext;
  logger: Logger;
}

/** A connected platform; `stop` disconnects and waits until it is closed. */
export interface RunningPlatform {
  name: string;
  stop(): Promise<void>;
  /** Posts daily briefings into this platform's channels, when the adapter supports it. */
  briefingSender?: BriefingSender;
}
