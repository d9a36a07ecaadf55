/**
 * The command contract. A command is one file in `commands/`: a name, a description, its options as a zod object,
 * and a handler that turns parsed options into a Card. Platforms derive everything else from this.
 */
import { z } from 'zod';
import type { BriefingService, Invoker } from './briefings.ts';
import { type Card, cardSchema, noticeCard } from './card.ts';
import type { Catalog } from './catalog.ts';
import type { Clock } from './clock.ts';
import { isUserError } from './errors.ts';
import type { ReviewService } from './review.ts';

/** What a handler may use: the catalog, the clock, and the list of commands (for help). */
export interface CommandContext {
  catalog: Catalog;
  clock: Clock;
  commands: readonly CommandInfo[];
  /** Who is asking and where; platforms fill it in for commands that need it. */
  invoker?: Invoker;
  /** Daily briefings, where the process runs them. */
  briefings?: BriefingService;
  /** The review queue for news-sourced claims, where the process runs it. */
  review?: ReviewService;
}

/** The part of a command that describes it, without its handler. */
export interface CommandInfo {
  name: string;
  description: string;
  /** Example arguments shown in help and usage hints, e.g. "jaxa". */
  usage: string;
  options: z.ZodObject;
  /**
   * Options filled by bare words in typed text, in order ("/briefing subscribe 09:00 Asia/Tokyo"). Unset: all the
   * words fill the first option ("/incident jaxa tick").
   */
  positional?: readonly string[];
  /** Needs `invoker.canManageChannel` worked out before it runs (Slack asks the API, so only when needed). */
  usesInvokerRights?: boolean;
}

/** One autocomplete suggestion: what the person sees, and the option value it fills in (both ≤ 100 characters). */
export interface Completion {
  label: string;
  value: string;
}

export interface CommandDefinition<Options extends z.ZodObject = z.ZodObject> extends CommandInfo {
  options: Options;
  run(options: z.infer<Options>, context: CommandContext): Card;
  /** Suggestions while `option` is being typed; options without them are not autocompleted. */
  complete?(option: string, partial: string, context: CommandContext): Completion[];
  /** Names of the options `complete` answers for, so platforms can declare autocomplete on them. */
  completes?: readonly string[];
}

/** Declares a command with its option types inferred from its schema. */
export function defineCommand<Options extends z.ZodObject>(definition: CommandDefinition<Options>) {
  return definition;
}

/** What a platform renders: a card, a list of choices, or an error line. */
export type Reply = { kind: 'card' | 'choices' | 'error'; card: Card };

export interface Logger {
  error(details: Record<string, unknown>, message: string): void;
}

/** Turns a zod failure into one line naming the option and what is wrong with it. */
export function describeOptionError(command: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `/${command}: invalid options.`;
  const option = issue.path.map(String).join('.') || 'options';
  return `/${command}: ${option} ${issue.message}`;
}

/**
 * The one place that validates options, runs a handler and checks its card. A bad option or a user error becomes an
 * error reply; anything unexpected is logged and the person gets a short apology, never a stack trace.
 */
export function runCommand(
  command: CommandDefinition,
  rawOptions: Record<string, unknown>,
  context: CommandContext,
  logger: Logger,
): Reply {
  const parsed = command.options.safeParse(rawOptions);
  if (!parsed.success) {
    return { kind: 'error', card: noticeCard(describeOptionError(command.name, parsed.error), { tone: 'problem' }) };
  }
  try {
    const card = cardSchema.parse(command.run(parsed.data, context));
    return { kind: card.kind === 'choices' ? 'choices' : 'card', card };
  } catch (error) {
    if (isUserError(error)) return { kind: 'error', card: noticeCard(error.message, { tone: 'problem' }) };
    logger.error({ err: error, command: command.name }, 'command failed');
    return {
      kind: 'error',
      card: noticeCard(`Sorry, /${command.name} failed on our side. The error was logged.`, { tone: 'problem' }),
    };
  }
}

/** Standard option: free text that people type, cleaned of control characters and bounded in length. */
export function queryOption(description: string) {
  return z
    .string({ error: 'is required' })
    .transform((s) => s.replace(/\p{Cc}+/gu, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, { error: 'is empty: type a name, e.g. jaxa' })
        .max(200, { error: 'is too long (at most 200 characters)' }),
    )
    .describe(description);
}
