/**
 * Configuration, read once from the environment and validated with zod. Nothing else reads `process.env`.
 * A missing or ill-formed variable stops start-up with one line naming it.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repositoryData = fileURLToPath(new URL('../data', import.meta.url));

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

export const configSchema = z.object({
  DATABASE_PATH: z
    .string()
    .min(1)
    .default(`${repositoryData}/cyberbrief.sqlite`)
    .describe('SQLite file; created and filled from the curated data on first start'),
  DATA_DIR: z.string().min(1).default(repositoryData).describe('Folder with the curated actors/ and incidents/ files'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level (logs go to standard error)'),

  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must start with xoxb-').optional().describe('Slack bot token'),
  SLACK_APP_TOKEN: z
    .string()
    .startsWith('xapp-', 'must start with xapp-')
    .optional()
    .describe('Slack app-level token (connections:write): Socket Mode'),
  SLACK_SIGNING_SECRET: z.string().min(16, 'looks too short').optional().describe('Slack signing secret: HTTP mode'),
  SLACK_API_URL: httpUrl.optional().describe("Slack Web API base URL (default Slack's), for proxies and tests"),
  SLACK_ADMIN_USER_IDS: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,}(,\s*[UW][A-Z0-9]{2,})*$/, 'must be Slack user ids separated by commas, e.g. U0123,U0456')
    .optional()
    .describe('Slack users who may manage briefings besides workspace admins and owners'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int()
    .min(0)
    .max(65535)
    .default(3000)
    .describe('HTTP port in Slack HTTP mode'),

  DISCORD_TOKEN: z.string().min(20, 'looks too short').optional().describe('Discord bot token'),
  DISCORD_APPLICATION_ID: snowflake.optional().describe('Discord application id'),
  DISCORD_GUILD_ID: snowflake.optional().describe('Register commands to this guild only (development)'),
  DISCORD_API_URL: httpUrl.optional().describe("Discord REST base URL (default Discord's), for proxies and tests"),

  REVIEWER_USER_IDS: z
    .string()
    .regex(
      /^([UW][A-Z0-9]{2,}|\d{17,20})(,\s*([UW][A-Z0-9]{2,}|\d{17,20}))*$/,
      'must be Slack or Discord user ids separated by commas, e.g. U0123,123456789012345678',
    )
    .optional()
    .describe('Users who may approve, edit, reject and add claims (Slack and Discord ids)'),
  DISCORD_REVIEWER_ROLE: z
    .string()
    .trim()
    .min(1)
    .max(100, 'must be a role id or name of at most 100 characters')
    .optional()
    .describe('Discord role (id or name) whose members are reviewers'),
  FEEDS_FILE: z.string().min(1).optional().describe('JSON file listing the RSS/Atom feeds to poll'),
  INGEST_ALLOW_PRIVATE_NETWORK: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .describe('Let /ingest and feeds fetch private and loopback addresses (tests, intranet feeds)'),
});

type Env = z.infer<typeof configSchema>;

export interface SlackConfig {
  mode: 'socket' | 'http';
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  apiUrl?: string;
  port: number;
  /** Users who may change briefings besides workspace admins and owners. */
  adminUserIds: string[];
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  apiUrl?: string;
}

export interface ReviewConfig {
  /** Slack and Discord user ids of reviewers. */
  reviewerUserIds: string[];
  /** Discord role id or name whose members are reviewers. */
  discordReviewerRole?: string;
  /** Feeds to poll; none when unset. */
  feedsFile?: string;
  allowPrivateNetwork: boolean;
}

export interface Config {
  databasePath: string;
  dataDir: string;
  migrationsDir: string;
  logLevel: Env['LOG_LEVEL'];
  /** Present when Slack is configured. */
  slack?: SlackConfig;
  /** Present when Discord is configured. */
  discord?: DiscordConfig;
  review: ReviewConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function slackConfig(env: Env): SlackConfig | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: signingSecret } = env;
  if (botToken === undefined) {
    if (appToken !== undefined || signingSecret !== undefined) {
      throw new ConfigError(
        'Configuration error: SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set',
      );
    }
    return undefined;
  }
  if (appToken === undefined && signingSecret === undefined) {
    throw new ConfigError(
      'Configuration error: SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode): one is required with SLACK_BOT_TOKEN',
    );
  }
  return {
    // Socket Mode is the default: it needs no public URL.
    mode: appToken !== undefined ? 'socket' : 'http',
    botToken,
    ...(appToken !== undefined ? { appToken } : {}),
    ...(signingSecret !== undefined ? { signingSecret } : {}),
    ...(env.SLACK_API_URL !== undefined ? { apiUrl: env.SLACK_API_URL } : {}),
    port: env.PORT,
    adminUserIds: env.SLACK_ADMIN_USER_IDS?.split(',').map((id) => id.trim()) ?? [],
  };
}

function discordConfig(env: Env): DiscordConfig | undefined {
  if (env.DISCORD_TOKEN === undefined) {
    if (env.DISCORD_APPLICATION_ID !== undefined) {
      throw new ConfigError('Configuration error: DISCORD_TOKEN: required when DISCORD_APPLICATION_ID is set');
    }
    return undefined;
  }
  if (env.DISCORD_APPLICATION_ID === undefined) {
    throw new ConfigError('Configuration error: DISCORD_APPLICATION_ID: required with DISCORD_TOKEN');
  }
  return {
    token: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID,
    ...(env.DISCORD_GUILD_ID !== undefined ? { guildId: env.DISCORD_GUILD_ID } : {}),
    ...(env.DISCORD_API_URL !== undefined ? { apiUrl: env.DISCORD_API_URL } : {}),
  };
}

/** Parses the environment; throws `ConfigError` whose one-line message names the first bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "not set": .env files often carry `KEY=` lines.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `Configuration error: ${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const slack = slackConfig(parsed.data);
  const discord = discordConfig(parsed.data);
  return {
    databasePath: parsed.data.DATABASE_PATH,
    dataDir: parsed.data.DATA_DIR,
    migrationsDir: `${repositoryData}/migrations`,
    logLevel: parsed.data.LOG_LEVEL,
    review: {
      reviewerUserIds: parsed.data.REVIEWER_USER_IDS?.split(',').map((id) => id.trim()) ?? [],
      ...(parsed.data.DISCORD_REVIEWER_ROLE !== undefined
        ? { discordReviewerRole: parsed.data.DISCORD_REVIEWER_ROLE }
        : {}),
      ...(parsed.data.FEEDS_FILE !== undefined ? { feedsFile: parsed.data.FEEDS_FILE } : {}),
      allowPrivateNetwork: parsed.data.INGEST_ALLOW_PRIVATE_NETWORK === 'true',
    },
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
  };
}
