/**
 * `npm run commands:deploy`: registers the registry's commands with Discord by bulk overwrite — to one guild when
 * DISCORD_GUILD_ID is set (instant, for development), else globally. Run it when commands change, not at start-up:
 * Discord allows 200 command creations a day per guild.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { commands as registry } from '../../../commands/index.ts';
import { type DiscordConfig, loadConfig } from '../../config.ts';
import type { CommandDefinition } from '../../core/command.ts';
import { redactTokens } from '../../logger.ts';
import { commandsJson } from './command-json.ts';

export interface DeployResult {
  count: number;
  scope: { guildId: string } | 'global';
}

/** Sends the PUT; rejects with the REST error (401 for a wrong token, 50035 for a body Discord refuses). */
export async function deployCommands(
  config: DiscordConfig,
  commands: readonly CommandDefinition[] = registry,
): Promise<DeployResult> {
  const body = commandsJson(commands);
  const rest = new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const saved = (await rest.put(route, { body })) as unknown[];
  return {
    count: Array.isArray(saved) ? saved.length : body.length,
    scope: config.guildId ? { guildId: config.guildId } : 'global',
  };
}

/** The script: one line on success, one line and exit code 1 on failure. */
export async function runDeploy(
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void,
  commands: readonly CommandDefinition[] = registry,
): Promise<number> {
  try {
    const config = loadConfig(env);
    if (!config.discord) {
      err('commands:deploy: DISCORD_TOKEN and DISCORD_APPLICATION_ID are required');
      return 1;
    }
    const result = await deployCommands(config.discord, commands);
    const where = result.scope === 'global' ? 'globally' : `to guild ${result.scope.guildId}`;
    out(`commands:deploy: registered ${result.count} command${result.count === 1 ? '' : 's'} ${where}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(`commands:deploy: failed: ${redactTokens(message).split('\n')[0]}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await runDeploy(
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
}
