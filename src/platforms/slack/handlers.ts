/**
 * The Slack listeners, derived from the command registry: one slash command per command, and one action listener
 * for every button we render. Nothing here knows any particular command.
 */
import type { App, BlockAction, RespondFn } from '@slack/bolt';
import { decodeAction } from '../../core/actions.ts';
import type { Invoker } from '../../core/briefings.ts';
import { type CommandDefinition, type Reply, runCommand } from '../../core/command.ts';
import { parseCommandText } from '../../core/parse-text.ts';
import type { Logger } from '../../logger.ts';
import type { PlatformDeps } from '../platform.ts';
import { actionIdPattern, renderSlackMessage } from './render-blocks.ts';

export const staleButtonLine =
  'That button is out of date or was not made by cyberbrief. Type the command instead, e.g. /incident jaxa.';
export const failureLine = 'Sorry, something went wrong on our side. The error was logged.';

type Audience = 'ephemeral' | 'in_channel';

/** Sends a reply through the response_url: ephemeral with "Post to channel", or in the channel for everyone. */
function sendReply(respond: RespondFn, reply: Reply, audience: Audience, fromButton: boolean) {
  const message = renderSlackMessage(reply.card, { ephemeral: audience === 'ephemeral' });
  return respond({
    response_type: audience,
    // A button click answers with a new message; it never overwrites the card that holds the button.
    ...(fromButton ? { replace_original: false } : {}),
    text: message.text,
    blocks: message.blocks,
  });
}

/** Where a command or button came from, as Slack sends it. */
interface Origin {
  team: string | undefined;
  channel: string | undefined;
  user: string;
}

export function registerSlackHandlers(
  app: App,
  deps: PlatformDeps,
  logger: Logger,
  canManageChannel: (userId: string) => Promise<boolean>,
): void {
  const { commands } = deps;

  /** Runs `work`; if anything throws, logs it and still tells the person, in one ephemeral line. */
  const guarded = async (respond: RespondFn, details: Record<string, unknown>, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      logger.error({ err: error, ...details }, 'Slack reply failed');
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: failureLine });
      } catch (again) {
        logger.error({ err: again, ...details }, 'could not tell the user that the reply failed');
      }
    }
  };

  // runCommand turns bad options and user errors into error cards, and logs anything unexpected itself.
  const run = async (command: CommandDefinition, options: Record<string, unknown>, origin: Origin): Promise<Reply> => {
    const invoker: Invoker = {
      platform: 'slack',
      workspaceId: origin.team ?? '',
      channelId: origin.channel ?? '',
      userId: origin.user,
      // Asking Slack costs a call: only for commands whose answer depends on it.
      canManageChannel: command.usesInvokerRights === true && (await canManageChannel(origin.user)),
    };
    return runCommand(command, options, { ...deps.context, invoker }, deps.logger);
  };

  for (const command of commands) {
    app.command(`/${command.name}`, async ({ ack, command: payload, respond }) => {
      await ack();
      await guarded(respond, { command: command.name, user: payload.user_id }, async () => {
        const options = parseCommandText(payload.text ?? '', command.options, command.positional);
        const origin = { team: payload.team_id, channel: payload.channel_id, user: payload.user_id };
        return sendReply(respond, await run(command, options, origin), 'ephemeral', false);
      });
    });
  }

  app.action<BlockAction>(
    { type: 'block_actions', action_id: actionIdPattern },
    async ({ ack, action, respond, body }) => {
      await ack();
      await guarded(respond, { action: action.action_id, user: body.user.id }, async () => {
        const decoded = action.type === 'button' && action.value !== undefined ? decodeAction(action.value) : undefined;
        const command = decoded ? commands.find((c) => c.name === decoded.command) : undefined;
        if (!decoded || !command) {
          logger.warn({ action: action.action_id, user: body.user.id }, 'refused an unknown or altered button');
          return respond({ response_type: 'ephemeral', replace_original: false, text: staleButtonLine });
        }
        const origin = { team: body.team?.id, channel: body.channel?.id, user: body.user.id };
        const reply = await run(command, decoded.options, origin);
        // Only a card that can be shown again is posted for everyone; errors, "no match" and choice lists stay
        // with the person who pressed the button, whatever the button value says.
        const postable = reply.kind === 'card' && reply.card.canonical !== undefined;
        const audience: Audience = decoded.post && postable ? 'in_channel' : 'ephemeral';
        return sendReply(respond, reply, audience, true);
      });
    },
  );

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
  });
}
