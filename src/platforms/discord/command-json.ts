/**
 * The registry's commands as Discord application-command JSON, derived from each command's zod options: what
 * `npm run commands:deploy` sends. Pure; an option type Discord cannot express stops the build with a clear error.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { z } from 'zod';
import type { CommandDefinition } from '../../core/command.ts';

/** Discord's rules for a chat-input command (application-commands docs). */
export const commandRules = {
  name: /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u,
  description: 100,
  options: 25,
  choices: 25,
  choiceValue: 100,
  stringLength: 6000,
  commandChars: 8000,
} as const;

export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

export class CommandJsonError extends Error {
  override readonly name = 'CommandJsonError';
}

/** Cuts a description to Discord's 100 characters at a word boundary. */
function description(text: string | undefined, fallback: string): string {
  const value = (text ?? '').trim() || fallback;
  if (value.length <= commandRules.description) return value;
  const cut = value.slice(0, commandRules.description - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > 60 ? cut.slice(0, space) : cut}…`;
}

function checkName(kind: string, name: string): void {
  if (!commandRules.name.test(name) || name !== name.toLowerCase()) {
    throw new CommandJsonError(
      `${kind} name “${name}” breaks Discord's rules (1–32 lowercase letters, digits, - or _)`,
    );
  }
}

type AnySchema = z.core.$ZodType;

interface Unwrapped {
  schema: AnySchema;
  required: boolean;
  description: string | undefined;
  /** Length bounds gathered from every string along a pipe (the output side is what the handler accepts). */
  minLength?: number;
  maxLength?: number;
}

function describedAs(schema: AnySchema): string | undefined {
  return (schema as { description?: string }).description;
}

/** Peels optional/default wrappers and pipes down to the type Discord sees. */
function unwrap(schema: AnySchema, where: string): Unwrapped {
  let current = schema;
  let required = true;
  let text = describedAs(schema);
  const lengths: Array<{ min?: number; max?: number }> = [];
  for (let depth = 0; depth < 20; depth += 1) {
    const def = current._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema; out?: AnySchema };
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') {
      required = false;
      current = def.innerType as AnySchema;
    } else if (def.type === 'pipe') {
      // A pipe is typed by its input (what people send) and bounded by both ends.
      const out = def.out as AnySchema;
      if (out._zod.def.type === 'string') lengths.push(stringBounds(out));
      current = def.in as AnySchema;
      if (current._zod.def.type === 'transform') throw new CommandJsonError(`${where}: a bare transform has no type`);
    } else {
      break;
    }
    text ??= describedAs(current);
  }
  if (current._zod.def.type === 'string') lengths.push(stringBounds(current));
  const mins = lengths.flatMap((l) => (l.min !== undefined ? [l.min] : []));
  const maxes = lengths.flatMap((l) => (l.max !== undefined ? [l.max] : []));
  return {
    schema: current,
    required,
    description: text,
    ...(mins.length > 0 ? { minLength: Math.max(...mins) } : {}),
    ...(maxes.length > 0 ? { maxLength: Math.min(...maxes) } : {}),
  };
}

function stringBounds(schema: AnySchema): { min?: number; max?: number } {
  const s = schema as unknown as { minLength: number | null; maxLength: number | null };
  return {
    ...(typeof s.minLength === 'number' && s.minLength > 0 ? { min: s.minLength } : {}),
    ...(typeof s.maxLength === 'number' && Number.isFinite(s.maxLength) ? { max: s.maxLength } : {}),
  };
}

/** One zod option as a Discord option. */
export function optionJson(
  name: string,
  schema: AnySchema,
  autocomplete: boolean,
  commandName = '?',
): APIApplicationCommandBasicOption {
  const where = `/${commandName} ${name}`;
  checkName('Option', name);
  const found = unwrap(schema, where);
  const base = { name, description: description(found.description, name), required: found.required };
  const def = found.schema._zod.def as { type: string; entries?: Record<string, string | number> };
  switch (def.type) {
    case 'string': {
      const min = found.minLength !== undefined ? Math.min(found.minLength, commandRules.stringLength) : undefined;
      const max = found.maxLength !== undefined ? Math.min(found.maxLength, commandRules.stringLength) : undefined;
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(min !== undefined ? { min_length: min } : {}),
        ...(max !== undefined ? { max_length: max } : {}),
        ...(autocomplete ? { autocomplete: true } : {}),
      };
    }
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      if (values.length === 0 || values.length > commandRules.choices) {
        throw new CommandJsonError(`${where}: an enum needs 1–${commandRules.choices} values for Discord choices`);
      }
      if (autocomplete) throw new CommandJsonError(`${where}: an option with choices cannot also autocomplete`);
      const choices: APIApplicationCommandOptionChoice<string>[] = values.map((value) => {
        if (typeof value !== 'string' || value.length === 0 || value.length > commandRules.choiceValue) {
          throw new CommandJsonError(`${where}: enum value “${String(value)}” is not a 1–100 character string`);
        }
        return { name: value, value };
      });
      return { ...base, type: ApplicationCommandOptionType.String, choices };
    }
    case 'number': {
      const n = found.schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
      const bounds = {
        ...(typeof n.minValue === 'number' && Number.isFinite(n.minValue) ? { min_value: n.minValue } : {}),
        ...(typeof n.maxValue === 'number' && Number.isFinite(n.maxValue) ? { max_value: n.maxValue } : {}),
        ...(autocomplete ? { autocomplete: true as const } : {}),
      };
      return n.isInt
        ? { ...base, type: ApplicationCommandOptionType.Integer, ...bounds }
        : { ...base, type: ApplicationCommandOptionType.Number, ...bounds };
    }
    case 'boolean':
      if (autocomplete) throw new CommandJsonError(`${where}: a boolean cannot autocomplete`);
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    default:
      throw new CommandJsonError(`${where}: zod type “${def.type}” has no Discord option type`);
  }
}

/** Characters Discord counts toward a command's 8000: names, descriptions, choice names and values. */
export function commandCharacters(command: CommandJson): number {
  const options = (command.options ?? []) as APIApplicationCommandBasicOption[];
  return (
    command.name.length +
    command.description.length +
    options.reduce((sum, option) => {
      const choices = 'choices' in option && option.choices ? option.choices : [];
      return (
        sum +
        option.name.length +
        option.description.length +
        choices.reduce((s, c) => s + c.name.length + String(c.value).length, 0)
      );
    }, 0)
  );
}

/** One registry command as a chat-input command. */
export function commandJson(command: CommandDefinition): CommandJson {
  checkName('Command', command.name);
  const completes = new Set(command.completes ?? []);
  const shape = command.options.shape as Record<string, AnySchema>;
  for (const name of completes) {
    if (!(name in shape)) throw new CommandJsonError(`/${command.name}: completes “${name}”, which is not an option`);
  }
  const options = Object.entries(shape).map(([name, schema]) =>
    optionJson(name, schema, completes.has(name), command.name),
  );
  if (options.length > commandRules.options) {
    throw new CommandJsonError(`/${command.name}: ${options.length} options, Discord allows ${commandRules.options}`);
  }
  // Discord requires required options before optional ones; the order is otherwise kept.
  const ordered = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  const json: CommandJson = {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: description(command.description, command.name),
    options: ordered,
    // Commands that change channel settings are offered only to members who can manage channels; server admins may
    // widen that in Server Settings → Integrations, and the handler checks the permission again when it runs.
    ...(command.usesInvokerRights ? { default_member_permissions: String(PermissionFlagsBits.ManageChannels) } : {}),
  };
  const size = commandCharacters(json);
  if (size > commandRules.commandChars) {
    throw new CommandJsonError(`/${command.name}: ${size} characters, Discord allows ${commandRules.commandChars}`);
  }
  return json;
}

/** Every command of the registry, in order. Throws `CommandJsonError` on the first one Discord would reject. */
export function commandsJson(commands: readonly CommandDefinition[]): CommandJson[] {
  const names = new Set<string>();
  return commands.map((command) => {
    if (names.has(command.name)) throw new CommandJsonError(`/${command.name} is defined twice`);
    names.add(command.name);
    return commandJson(command);
  });
}
