/** Runs a command typed as text ("/incident jaxa"): finds it in the registry, parses its text, runs it. */
import { type CardAction, noticeCard } from './card.ts';
import { type CommandContext, type CommandDefinition, type Logger, type Reply, runCommand } from './command.ts';
import { parseCommandText } from './parse-text.ts';

/** Splits "/incident jaxa tick" into the command name and the rest; undefined when it is not a command. */
export function splitCommandLine(line: string): { name: string; text: string } | undefined {
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(line.trim());
  if (!match) return undefined;
  return { name: (match[1] ?? '').toLowerCase(), text: match[2] ?? '' };
}

export function runCommandLine(
  line: string,
  commands: readonly CommandDefinition[],
  context: CommandContext,
  logger: Logger,
): Reply {
  const parts = splitCommandLine(line);
  const known = commands.map((c) => `/${c.name}`).join(', ');
  if (!parts) {
    return {
      kind: 'error',
      card: noticeCard(`Commands start with a slash, e.g. /incident jaxa. Try ${known}.`, { tone: 'problem' }),
    };
  }
  const command = commands.find((c) => c.name === parts.name);
  if (!command) {
    const shown = parts.name.length > 32 ? `${parts.name.slice(0, 32)}…` : parts.name;
    return { kind: 'error', card: noticeCard(`Unknown command /${shown}. Try ${known}.`, { tone: 'problem' }) };
  }
  return runCommand(command, parseCommandText(parts.text, command.options, command.positional), context, logger);
}

/**
 * The command line a button stands for, as a person would type it: the first option bare, the rest as `name:value`
 * ("/incident jaxa-2016-tick view:claims"). `parseCommandText` reads it back into the same options.
 */
export function formatCommandLine(action: CardAction, commands: readonly CommandDefinition[]): string {
  const command = commands.find((c) => c.name === action.command);
  const first = command ? Object.keys(command.options.shape)[0] : undefined;
  const entries = Object.entries(action.options);
  const bare = entries.filter(([name]) => name === first).map(([, value]) => value);
  const named = entries.filter(([name]) => name !== first).map(([name, value]) => `${name}:${value}`);
  return [`/${action.command}`, ...bare, ...named].join(' ');
}
