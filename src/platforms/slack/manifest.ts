/**
 * The Slack app manifest, derived from the command registry: what `manifest.json` at the repository root holds and
 * what people paste into api.slack.com/apps → "From a manifest". Socket Mode by default, so no URLs are needed.
 */
import type { webApi } from '@slack/bolt';
import type { CommandInfo } from '../../core/command.ts';

export const appName = 'cyberbrief';

/** Slack's own bounds on a slash command's description and usage hint. */
const limits = { description: 2000, usageHint: 1000 } as const;

export interface SlackManifest {
  _metadata: { major_version: 1; minor_version: 1 };
  display_information: { name: string; description: string; long_description: string; background_color: string };
  features: {
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: Array<{ command: string; description: string; usage_hint?: string; should_escape: boolean }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

export function buildManifest(commands: readonly CommandInfo[]): SlackManifest {
  // Checked against the Web API's own manifest type (apps.manifest.create / update take this shape).
  const manifest: SlackManifest & webApi.AppsManifestCreateArguments['manifest'] = {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: appName,
      description: 'Who is blamed for a cyber attack, by whom, how sure, and who denies it.',
      long_description:
        'cyberbrief briefs you on public attributions of cyber attacks. Ask /incident jaxa or /actor tick: the card leads with the verdict, then shows each claim with its speaker, date and their own hedge words next to the ICD 203 likelihood, the denials and challenges under the claim they answer, where sources disagree, and links to every source. Answers are visible only to you until you press "Post to channel".',
      background_color: '#1f2933',
    },
    features: {
      bot_user: { display_name: appName, always_online: false },
      slash_commands: commands.map((command) => ({
        command: `/${command.name}`,
        description: command.description.slice(0, limits.description),
        ...(command.usage !== '' ? { usage_hint: command.usage.slice(0, limits.usageHint) } : {}),
        // Text arrives as typed; the bot never turns it into mentions or links.
        should_escape: false,
      })),
    },
    // `commands` for the slash commands; `chat:write` to post daily briefings (command replies go through each
    // command's response_url); `channels:history` and `groups:history` to check whether a briefing whose send timed
    // out was posted before sending it again; `users:read` to tell workspace admins, who may change briefings;
    // `files:write` to attach the STIX bundle of an "Export STIX" button to the channel it was pressed in.
    oauth_config: {
      scopes: { bot: ['commands', 'chat:write', 'channels:history', 'groups:history', 'users:read', 'files:write'] },
    },
    settings: {
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
  return manifest;
}

/** The manifest file's text: two-space JSON with a final newline. */
export function manifestJson(commands: readonly CommandInfo[]): string {
  return `${JSON.stringify(buildManifest(commands), null, 2)}\n`;
}
