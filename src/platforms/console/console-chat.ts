/**
 * The local console: an interactive chat in the terminal when no platform is configured. Piped input works for
 * scripts: each line is a command, each reply is printed, and the program ends at end of input.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandContext, CommandDefinition, Logger, Reply } from '../../core/command.ts';
import { formatCommandLine, runCommandLine } from '../../core/run-text.ts';
import { renderConsoleText } from './render-text.ts';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  commands: readonly CommandDefinition[];
  context: CommandContext;
  logger: Logger;
  /** One JSON object per reply instead of text. */
  json: boolean;
  /** Show a prompt and a greeting (interactive terminal). */
  interactive: boolean;
}

/** The JSON line for a reply: `{"kind":"card"|"choices"|"error","title":…,…the card}`. */
export function replyToJson(reply: Reply): string {
  const { kind: cardKind, ...card } = reply.card;
  return JSON.stringify({ kind: reply.kind, cardKind, ...card });
}

/** Runs until the input ends; resolves then. */
export function runConsoleChat(options: ConsoleOptions): Promise<void> {
  const { output } = options;
  const rl = createInterface({ input: options.input, terminal: false });
  // The buttons of the last reply, so that typing "2" presses the second one.
  let buttons: string[] = [];
  const prompt = () => {
    if (options.interactive) output.write('cyberbrief> ');
  };
  if (options.interactive) {
    output.write('cyberbrief console — try /incident jaxa, /actor bronze butler or /help. Ctrl-D to quit.\n');
  }
  prompt();
  rl.on('line', (raw) => {
    const line = raw.trim();
    if (line === '') {
      prompt();
      return;
    }
    const picked = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
    const reply = runCommandLine(picked ?? line, options.commands, options.context, options.logger);
    buttons = reply.card.actions.map((action) => formatCommandLine(action, options.commands));
    output.write(options.json ? `${replyToJson(reply)}\n` : `${renderConsoleText(reply.card)}\n\n`);
    prompt();
  });
  return new Promise((resolve) => rl.on('close', resolve));
}
