/**
 * Every Discord interaction, for every command of the registry, with no command-specific code: slash commands,
 * autocomplete and buttons. Replies are ephemeral unless someone presses "Post to channel"; every reply carries
 * `allowed_mentions: { parse: [] }`; every interaction gets an answer, and nothing thrown escapes the listener.
 */
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type RepliableInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { decodeAction } from '../../core/actions.ts';
import type { Invoker } from '../../core/briefings.ts';
import { clip, noticeCard } from '../../core/card.ts';
import { type CommandDefinition, type Reply, runCommand } from '../../core/command.ts';
import type { PlatformDeps, ReviewerRule } from '../platform.ts';
import { renderEmbeds, renderLine } from './render-embeds.ts';
import { readModalValues, renderDiscordModal } from './render-modal.ts';

/** No reply, edit or follow-up ever pings anyone, whatever the data says. */
export const noMentions = { parse: [] };

export const staleButtonLine = 'That button is not valid any more. Run the command again.';
export const staleFormLine = 'That form is not valid any more. Run the command again.';
export const formTooLargeLine = 'That form is too large to open in Discord. Run the command with its options instead.';
export const formInFormLine = 'That needs another form, which Discord cannot open from a form. Run the command again.';

/** Interactions that can answer with a modal: a modal must be their first answer, and a modal cannot open one. */
type ModalCapable = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;

/** Discord allows 25 autocomplete choices, each name and value at most 100 characters. */
const maxChoices = 25;
const maxChoiceLength = 100;

/** Interaction tokens travel in REST paths; keep them out of logs. */
export function redactInteractionPaths(text: string): string {
  return text
    .replace(/(\/interactions\/\d+\/)[^/?\s]+/g, '$1[redacted]')
    .replace(/(\/webhooks\/\d+\/)[^/?\s]+/g, '$1[redacted]');
}

function loggable(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(redactInteractionPaths(String(error)));
  const copy = new Error(redactInteractionPaths(error.message));
  copy.name = error.name;
  copy.stack = redactInteractionPaths(error.stack ?? '');
  const extra = error as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  Object.assign(copy, {
    ...(extra.code !== undefined ? { code: extra.code } : {}),
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    ...(typeof extra.method === 'string' ? { method: extra.method } : {}),
    ...(typeof extra.url === 'string' ? { url: redactInteractionPaths(extra.url) } : {}),
  });
  return copy;
}

/**
 * A reviewer: listed by user id, or holding the reviewer role, named by id or by its exact name (looked up in the
 * guild's roles, which the Guilds intent keeps).
 */
export function isReviewer(interaction: RepliableInteraction, rule: ReviewerRule | undefined): boolean {
  if (!rule) return false;
  if (rule.userIds.includes(interaction.user.id)) return true;
  const role = rule.discordRole;
  const member = interaction.member;
  if (role === undefined || !member) return false;
  const roleIds = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return roleIds.some((id) => id === role || interaction.guild?.roles.cache.get(id)?.name === role);
}

/** The reply for a command's answer: a card as an embed with buttons, or an error as one line. */
export function replyPayload(reply: Reply, options: { ephemeral: boolean }): InteractionReplyOptions {
  const flags = options.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
  if (reply.kind === 'error') {
    return { content: renderLine(reply.card), flags: MessageFlags.Ephemeral, allowedMentions: noMentions };
  }
  const { attachment } = reply.card;
  // A file travels with the card (multipart): the STIX bundle of an "Export STIX" button.
  const files = attachment
    ? { files: [{ attachment: Buffer.from(attachment.content, 'utf8'), name: attachment.filename }] }
    : {};
  return { ...renderEmbeds(reply.card, options), ...flags, ...files, allowedMentions: noMentions };
}

function lineReply(text: string): InteractionReplyOptions {
  return { content: renderLine(noticeCard(text)), flags: MessageFlags.Ephemeral, allowedMentions: noMentions };
}

/** Answers, or follows up when the interaction was already answered. */
async function answer(interaction: RepliableInteraction, payload: InteractionReplyOptions): Promise<void> {
  if (interaction.replied || interaction.deferred) {
    await interaction.followUp(payload);
  } else {
    await interaction.reply(payload);
  }
}

export function createInteractionHandler(deps: PlatformDeps): (interaction: Interaction) => Promise<void> {
  const byName = new Map<string, CommandDefinition>(deps.commands.map((c) => [c.name, c]));
  const run = (command: CommandDefinition, options: Record<string, unknown>, interaction: RepliableInteraction) => {
    const invoker: Invoker = {
      platform: 'discord',
      workspaceId: interaction.guildId ?? '',
      channelId: interaction.channelId ?? '',
      userId: interaction.user.id,
      // Checked here as well as through the command's default member permissions, which server admins can change.
      canManageChannel: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
      isReviewer: isReviewer(interaction, deps.reviewers),
    };
    return runCommand(command, options, { ...deps.context, invoker }, deps.logger);
  };

  /** Answers with the command's reply: a modal for a form card (as the first answer), else the card or line. */
  async function answerWith(
    interaction: ModalCapable | ModalSubmitInteraction,
    reply: Reply,
    options: { ephemeral: boolean },
  ): Promise<void> {
    const form = reply.kind === 'card' ? reply.card.form : undefined;
    if (!form) return answer(interaction, replyPayload(reply, options));
    if (interaction.isModalSubmit() || interaction.replied || interaction.deferred) {
      return answer(interaction, lineReply(formInFormLine));
    }
    const modal = renderDiscordModal(form);
    if (!modal) return answer(interaction, lineReply(formTooLargeLine));
    await interaction.showModal(modal);
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = byName.get(interaction.commandName);
    if (!command) {
      await answer(interaction, lineReply(`/${interaction.commandName} is not a command here any more.`));
      return;
    }
    const options: Record<string, unknown> = {};
    for (const name of Object.keys(command.options.shape)) {
      const value = interaction.options.get(name)?.value;
      if (value !== undefined && value !== null) options[name] = value;
    }
    await answerWith(interaction, run(command, options, interaction), { ephemeral: true });
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    let choices: Array<{ name: string; value: string }> = [];
    try {
      const command = byName.get(interaction.commandName);
      const focused = interaction.options.getFocused(true);
      if (command?.complete && command.completes?.includes(focused.name)) {
        choices = command
          .complete(focused.name, String(focused.value), deps.context)
          .filter((c) => c.value.length > 0 && c.value.length <= maxChoiceLength && c.label.trim().length > 0)
          .slice(0, maxChoices)
          .map((c) => ({ name: clip(c.label.trim(), maxChoiceLength), value: c.value }));
      }
    } catch (error) {
      deps.logger.error({ err: loggable(error), command: interaction.commandName }, 'autocomplete failed');
      choices = [];
    }
    await interaction.respond(choices);
  }

  /** A button, or an entry picked from a card's select menu: the encoded action it carries, run. */
  async function onAction(interaction: ButtonInteraction | StringSelectMenuInteraction, encoded: string | undefined) {
    const action = encoded !== undefined ? decodeAction(encoded) : undefined;
    const command = action ? byName.get(action.command) : undefined;
    if (!action || !command) {
      await answer(interaction, lineReply(staleButtonLine));
      return;
    }
    await answerWith(interaction, run(command, action.options, interaction), { ephemeral: !action.post });
  }

  /** A submitted form: its custom_id is the submit action, its boxes the options the person typed. */
  async function onModalSubmit(interaction: ModalSubmitInteraction): Promise<void> {
    const action = decodeAction(interaction.customId);
    const command = action ? byName.get(action.command) : undefined;
    const values = readModalValues(interaction.fields.fields.values());
    if (!action || !command || !values) {
      await answer(interaction, lineReply(staleFormLine));
      return;
    }
    // A form's answer is for the person who filled it in, whatever the custom_id says.
    await answerWith(interaction, run(command, { ...action.options, ...values }, interaction), { ephemeral: true });
  }

  return async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction);
      else if (interaction.isButton()) await onAction(interaction, interaction.customId);
      else if (interaction.isStringSelectMenu()) await onAction(interaction, interaction.values[0]);
      else if (interaction.isModalSubmit()) await onModalSubmit(interaction);
      else if (interaction.isRepliable()) await answer(interaction, lineReply('This is not supported here.'));
    } catch (error) {
      deps.logger.error({ err: loggable(error), interaction: interaction.id }, 'Discord interaction failed');
      if (!interaction.isRepliable()) return;
      try {
        await answer(interaction, lineReply('Sorry, that failed on our side. The error was logged.'));
      } catch (second) {
        deps.logger.error({ err: loggable(second), interaction: interaction.id }, 'could not tell the user');
      }
    }
  };
}
