// PLACEHOLDER — to be replaced by the Discord adapter.
import type { DiscordConfig } from '../../config.ts';
import type { PlatformDeps, RunningPlatform } from '../platform.ts';

export async function startDiscord(_config: DiscordConfig, _deps: PlatformDeps): Promise<RunningPlatform> {
  throw new Error('Discord adapter not implemented yet');
}
