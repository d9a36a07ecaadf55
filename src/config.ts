/**
 * Configuration, read once from the environment and validated with zod. Nothing else reads `process.env`.
 * A missing or ill-formed variable stops start-up with one line naming it.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repositoryData = fileURLToPath(new URL('../data', import.meta.url));

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
});

export type Config = z.infer<typeof configSchema> & { migrationsDir: string };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; throws `ConfigError` whose message names the first bad variable. */
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
  return { ...parsed.data, migrationsDir: `${repositoryData}/migrations` };
}
