// PLACEHOLDER — to be replaced by the Slack adapter.
import type { SlackConfig } from '../../config.ts';
import type { PlatformDeps, RunningPlatform } from '../platform.ts';

export async function startSlack(_config: SlackConfig, _deps: PlatformDeps): Promise<RunningPlatform> {
  throw new Error('Slack adapter not implemented yet');
}
