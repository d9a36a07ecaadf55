/**
 * The Slack listeners, derived from the command registry: one slash command per command, and one action listener
 * for every button we render. Nothing here knows any particular command.
 */
import type { App, BlockAction, RespondFn, webApi } from '@slack/bolt';
import { decodeAction } from '../../core/actions.ts';
import type { Invoker } from '../../core/briefings.ts';
import { attachmentBytes, type Card, type CardAttachment } from '../../core/card.ts';
import { type CommandDefinition, type Reply, runCommand } from '../../core/command.ts';
import { parseCommandText } from '../../core/parse-text.ts';
import type { Logger } from '../../logger.ts';
import type { PlatformDeps } from '../platform.ts';
import { escapeText } from './mrkdwn.ts';
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

/** The one line a person sees when their file is in the channel. */
export function attachedLine(attachment: CardAttachment): string {
  return `Attached ${attachment.filename} (${attachment.label}, ${attachmentBytes(attachment)} bytes) to this channel.`;
}

/** The one line a person sees when Slack refused the file: why, and how to get it anyway. */
export function attachFailedLine(attachment: CardAttachment, code: string | undefined): string {
  const why =
    code === 'not_in_channel' || code === 'channel_not_found'
      ? 'cyberbrief is not in this channel; invite it with /invite @cyberbrief, then press the button again'
      : code === 'missing_scope'
        ? 'the app lacks the files:write scope; reinstall it from manifest.json'
        : 'Slack refused the upload';
  const offline = attachment.offline ? ` Or run ${attachment.offline}.` : '';
  return escapeText(`Could not attach ${attachment.filename}: ${why}${code ? ` (${code})` : ''}.${offline}`);
}

/** Slack's error code from a Web API failure ("not_in_channel"), or the client's own code. */
function slackErrorCode(error: unknown): string | undefined {
  const failure = error as { data?: { error?: unknown }; code?: unknown };
  if (typeof failure.data?.error === 'string') return failure.data.error;
  return typeof failure.code === 'string' ? failure.code : undefined;
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

  /**
   * A card with a file: the file is uploaded to the channel the command came from (files.uploadV2, needs files:write),
   * with the card's title as its comment, and the person gets one ephemeral line saying so, or saying why not.
   */
  const sendAttachment = async (
    client: webApi.WebClient,
    respond: RespondFn,
    card: Card,
    attachment: CardAttachment,
    origin: Origin,
    fromButton: boolean,
  ) => {
    const line = (text: string) =>
      respond({ response_type: 'ephemeral', ...(fromButton ? { replace_original: false } : {}), text });
    if (origin.channel === undefined) return line(attachFailedLine(attachment, 'channel_not_found'));
    try {
      await client.files.uploadV2({
        channel_id: origin.channel,
        file: Buffer.from(attachment.content, 'utf8'),
        filename: attachment.filename,
        title: attachment.filename,
        initial_comment: escapeText(card.summary ? `${card.title} — ${card.summary}` : card.title),
      });
    } catch (error) {
      const code = slackErrorCode(error);
      logger.warn({ err: error, code, channel: origin.channel, user: origin.user }, 'Slack file upload failed');
      return line(attachFailedLine(attachment, code));
    }
    return line(escapeText(attachedLine(attachment)));
  };

  /** A reply: a file upload when the card carries one, else the card through the response_url. */
  const deliver = (
    client: webApi.WebClient,
    respond: RespondFn,
    reply: Reply,
    audience: Audience,
    origin: Origin,
    fromButton: boolean,
  ) => {
    const { attachment } = reply.card;
    if (reply.kind === 'card' && attachment) {
      return sendAttachment(client, respond, reply.card, attachment, origin, fromButton);
    }
    return sendReply(respond, reply, audience, fromButton);
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
    app.command(`/${command.name}`, async ({ ack, command: payload, respond, client }) => {
      await ack();
      await guarded(respond, { command: command.name, user: payload.user_id }, async () => {
        const options = parseCommandText(payload.text ?? '', command.options, command.positional);
        const origin = { team: payload.team_id, channel: payload.channel_id, user: payload.user_id };
        return deliver(client, respond, await run(command, options, origin), 'ephemeral', origin, false);
      });
    });
  }

  app.action<BlockAction>(
    { type: 'block_actions', action_id: actionIdPattern },
    async ({ ack, action, respond, body, client }) => {
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
        return deliver(client, respond, reply, audience, origin, true);
      });
    },
  );

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
  });
}
