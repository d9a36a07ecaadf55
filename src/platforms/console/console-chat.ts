/**
 * The local console: an interactive chat in the terminal when no platform is configured. Piped input works for
 * scripts: each line is a command, each reply is printed, and the program ends at end of input. Buttons are pressed
 * by typing their number; a form is filled in with "name: text" lines and sent with 1.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Card, CardAction } from '../../core/card.ts';
import {
  type CommandContext,
  type CommandDefinition,
  type Logger,
  type Reply,
  runCommand,
} from '../../core/command.ts';
import { runCommandLine } from '../../core/run-text.ts';
import { consoleButtons, renderConsoleText, withFieldValue } from './render-text.ts';

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
  let buttons: CardAction[] = [];
  // A button runs with its options as they are, as on Slack and Discord: a form's values may hold spaces, which a
  // typed command line could not carry.
  const press = (action: CardAction): Reply => {
    const command = options.commands.find((c) => c.name === action.command);
    // A command that is gone answers as if typed: one line naming it.
    if (!command) return runCommandLine(`/${action.command}`, options.commands, options.context, options.logger);
    return runCommand(command, action.options, options.context, options.logger);
  };
  // The last card shown: when it is a form, "name: new text" changes one of its boxes.
  let lastCard: Card | undefined;
  const editForm = (line: string): Reply | undefined => {
    const edit = /^([a-z][a-z0-9_-]{0,31}):\s*([\s\S]*)$/.exec(line);
    const form = lastCard?.form && edit ? withFieldValue(lastCard.form, edit[1] ?? '', edit[2] ?? '') : undefined;
    return lastCard && form ? { kind: 'card', card: { ...lastCard, form } } : undefined;
  };
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
    const reply =
      editForm(line) ??
      (picked ? press(picked) : runCommandLine(line, options.commands, options.context, options.logger));
    // A mistyped line does not lose a form being filled in.
    if (!(reply.kind === 'error' && lastCard?.form)) {
      buttons = consoleButtons(reply.card);
      lastCard = reply.card;
    }
    output.write(options.json ? `${replyToJson(reply)}\n` : `${renderConsoleText(reply.card, options.commands)}\n\n`);
    prompt();
  });
  return new Promise((resolve) => rl.on('close', resolve));
}
