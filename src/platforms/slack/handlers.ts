/**
 * The Slack listeners, derived from the command registry: one slash command per command, one action listener for
 * every button we render, and one view listener for every form (modal) we open. Nothing here knows any particular
 * command.
 */
import type { App, BlockAction, RespondArguments, ViewSubmitAction, webApi } from '@slack/bolt';
import { decodeAction } from '../../core/actions.ts';
import type { Invoker } from '../../core/briefings.ts';
import { attachmentBytes, type Card, type CardAttachment, type CardForm } from '../../core/card.ts';
import { type CommandDefinition, type Reply, runCommand } from '../../core/command.ts';
import { parseCommandText } from '../../core/parse-text.ts';
import type { Logger } from '../../logger.ts';
import type { PlatformDeps } from '../platform.ts';
import { escapeText } from './mrkdwn.ts';
import { actionIdPattern, renderSlackMessage, type SlackBlock } from './render-blocks.ts';
import {
  fieldErrors,
  formCallbackId,
  readFormMetadata,
  readSubmittedValues,
  renderSlackModal,
  trustedResponseUrl,
} from './render-modal.ts';

export const staleButtonLine =
  'That button is out of date or was not made by cyberbrief. Type the command instead, e.g. /incident jaxa.';
export const failureLine = 'Sorry, something went wrong on our side. The error was logged.';
export const formFailedLine =
  'The form could not open: Slack allows only a few seconds for it. Run the command or press the button again.';
export const formTooLargeLine = 'That form is too large to open in Slack. Type the command instead.';
export const staleFormLine =
  'This form is out of date or was not made by cyberbrief. Close it and run the command again.';

type Audience = 'ephemeral' | 'in_channel';

/** Where a reply goes: Bolt's respond (the response_url), or chat.postEphemeral after a form. */
type Respond = (message: RespondArguments) => Promise<unknown>;

/** Sends a reply through the response_url: ephemeral with "Post to channel", or in the channel for everyone. */
function sendReply(respond: Respond, reply: Reply, audience: Audience, fromButton: boolean) {
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
  /** What views.open needs to show a form; Slack accepts it for a few seconds after the click or command. */
  trigger?: string | undefined;
  /** The response_url of the command or click, kept in a form as its way back. */
  responseUrl?: string | undefined;
}

/** Where Slack's response URLs live. */
export const slackResponseOrigins = ['https://hooks.slack.com'];

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

/** An ephemeral message through a response_url, as Bolt's respond sends it; fails unless Slack answers 2xx. */
async function postToResponseUrl(url: string, message: { text: string; blocks?: SlackBlock[] }): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
  return response;
}

export function registerSlackHandlers(
  app: App,
  deps: PlatformDeps,
  logger: Logger,
  canManageChannel: (userId: string) => Promise<boolean>,
  /** Origins a form's response_url may have: Slack's, plus the fake's in tests. */
  responseOrigins: readonly string[] = slackResponseOrigins,
): void {
  const { commands } = deps;

  /** Runs `work`; if anything throws, logs it and still tells the person, in one ephemeral line. */
  const guarded = async (respond: Respond, details: Record<string, unknown>, work: () => Promise<unknown>) => {
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
    respond: Respond,
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

  /** A form card: opened as a modal; when Slack will not open it, one ephemeral line says so. */
  const openForm = async (
    client: webApi.WebClient,
    respond: Respond,
    form: CardForm,
    origin: Origin,
    fromButton: boolean,
  ) => {
    const line = (text: string) =>
      respond({ response_type: 'ephemeral', ...(fromButton ? { replace_original: false } : {}), text });
    const view = renderSlackModal(form, { channel: origin.channel, responseUrl: origin.responseUrl });
    if (view === undefined) return line(formTooLargeLine);
    if (origin.trigger === undefined) return line(formFailedLine);
    try {
      await client.views.open({ trigger_id: origin.trigger, view });
    } catch (error) {
      logger.warn({ err: error, code: slackErrorCode(error), user: origin.user }, 'Slack would not open a form');
      return line(formFailedLine);
    }
    return undefined;
  };

  /** A reply: a modal for a form, a file upload when the card carries one, else the card through the response_url. */
  const deliver = (
    client: webApi.WebClient,
    respond: Respond,
    reply: Reply,
    audience: Audience,
    origin: Origin,
    fromButton: boolean,
  ) => {
    const { attachment, form } = reply.card;
    if (reply.kind === 'card' && form) return openForm(client, respond, form, origin, fromButton);
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
      isReviewer: deps.reviewers?.userIds.includes(origin.user) === true,
    };
    return runCommand(command, options, { ...deps.context, invoker }, deps.logger);
  };

  for (const command of commands) {
    app.command(`/${command.name}`, async ({ ack, command: payload, respond, client }) => {
      await ack();
      await guarded(respond, { command: command.name, user: payload.user_id }, async () => {
        const options = parseCommandText(payload.text ?? '', command.options, command.positional);
        const origin = {
          team: payload.team_id,
          channel: payload.channel_id,
          user: payload.user_id,
          trigger: payload.trigger_id,
          responseUrl: payload.response_url,
        };
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
        const origin = {
          team: body.team?.id,
          channel: body.channel?.id,
          user: body.user.id,
          trigger: body.trigger_id,
          responseUrl: body.response_url,
        };
        const reply = await run(command, decoded.options, origin);
        // Only a card that can be shown again is posted for everyone; errors, "no match" and choice lists stay
        // with the person who pressed the button, whatever the button value says.
        const postable = reply.kind === 'card' && reply.card.canonical !== undefined;
        const audience: Audience = decoded.post && postable ? 'in_channel' : 'ephemeral';
        return deliver(client, respond, reply, audience, origin, true);
      });
    },
  );

  /**
   * A submitted form: its metadata and values are checked, its command runs with the form's options plus what was
   * typed, and Slack is answered within its 3 seconds: an error about one box stays in the modal under that box, a
   * form that asks for more replaces the modal, anything else closes it and reaches the person ephemerally.
   */
  app.view<ViewSubmitAction>(
    { callback_id: formCallbackId, type: 'view_submission' },
    async ({ ack, body, view, client }) => {
      const user = body.user.id;
      const metadata = readFormMetadata(view.private_metadata);
      const submitted = readSubmittedValues(view.state.values);
      const command = metadata ? commands.find((c) => c.name === metadata.submit.command) : undefined;
      if (!metadata || !submitted || !command) {
        logger.warn({ user, callback: view.callback_id }, 'refused an unknown or altered form');
        const first = submitted?.fields[0] ?? Object.keys(view.state.values)[0];
        await ack(first !== undefined ? { response_action: 'errors', errors: { [first]: staleFormLine } } : undefined);
        return;
      }
      const responseUrl = trustedResponseUrl(metadata.reply, responseOrigins);
      const team = body.team?.id ?? body.user.team_id;
      const origin: Origin = { team, channel: metadata.channel, user, responseUrl };
      // A view submission has no response_url of its own. A stand-in for respond, so that cards, files and lines go
      // the usual ways: chat.postEphemeral in the form's channel, or, where the bot may not post (a channel it was
      // not invited to, a DM), the response_url of the command or click that opened the form.
      const postEphemeral: Respond = async (message) => {
        const blocks = 'blocks' in message ? (message.blocks as SlackBlock[] | undefined) : undefined;
        const text = message.text ?? '';
        try {
          if (origin.channel === undefined) throw new Error('the form carries no channel to answer in');
          return await client.chat.postEphemeral({
            channel: origin.channel,
            user,
            text,
            ...(blocks ? { blocks } : {}),
          });
        } catch (error) {
          if (responseUrl === undefined) throw error;
          logger.info({ code: slackErrorCode(error), user }, 'answering a form through its response_url');
          return postToResponseUrl(responseUrl, { text, ...(blocks ? { blocks } : {}) });
        }
      };
      let reply: Reply;
      try {
        reply = await run(command, { ...metadata.submit.options, ...submitted.values }, origin);
      } catch (error) {
        logger.error({ err: error, command: command.name, user }, 'Slack form failed');
        await ack({ response_action: 'errors', errors: { [submitted.fields[0] ?? '']: failureLine } });
        return;
      }
      const errors = fieldErrors(reply, command.name, submitted.fields);
      if (errors) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      const form = reply.kind === 'card' ? reply.card.form : undefined;
      const next = form ? renderSlackModal(form, { channel: origin.channel, responseUrl }) : undefined;
      if (next) {
        await ack({ response_action: 'update', view: next });
        return;
      }
      await ack();
      await guarded(postEphemeral, { command: command.name, user }, () =>
        deliver(client, postEphemeral, reply, 'ephemeral', origin, false),
      );
    },
  );

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
  });
}
