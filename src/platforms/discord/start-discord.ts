/**
 * The Discord adapter: a discord.js gateway client with the Guilds intent only (nothing privileged), one
 * interaction listener serving every command of the registry, and no pings anywhere. Commands are registered by
 * `npm run commands:deploy`, never at start-up.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { DiscordConfig } from '../../config.ts';
import { redactTokens } from '../../logger.ts';
import type { PlatformDeps, RunningPlatform } from '../platform.ts';
import { createDiscordBriefingSender } from './briefing-sender.ts';
import { createInteractionHandler, noMentions, redactInteractionPaths } from './handle-interaction.ts';

/**
 * discord.js throttles itself to 50 requests/s across all routes, interaction callbacks included, which Discord
 * does not count against the global limit; a burst of commands would queue behind it. Real 429s are still honoured.
 */
export const globalRequestsPerSecond = 500;

export function createDiscordClient(config: DiscordConfig): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: noMentions,
    rest: { globalRequestsPerSecond, ...(config.apiUrl ? { api: config.apiUrl } : {}) },
  });
}

export async function startDiscord(config: DiscordConfig, deps: PlatformDeps): Promise<RunningPlatform> {
  const client = createDiscordClient(config);
  const handle = createInteractionHandler(deps);
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
  client.on(Events.Error, (error) =>
    deps.logger.error({ err: { message: redactTokens(redactInteractionPaths(error.message)) } }, 'Discord error'),
  );
  client.on(Events.Warn, (message) => deps.logger.warn(redactTokens(message)));
  client.rest.on('rateLimited', (info) =>
    deps.logger.warn(
      { route: info.route, retryAfter: info.retryAfter, global: info.global, scope: info.scope },
      'Discord rate limit',
    ),
  );

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  deps.logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Discord ready');

  return {
    name: 'discord',
    briefingSender: createDiscordBriefingSender(config),
    async stop() {
      await client.destroy();
    },
  };
}
