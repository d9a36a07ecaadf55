import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { buildManifest, type SlackManifest } from '../../../src/platforms/slack/manifest.ts';

const committed = readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8');
const manifest = JSON.parse(committed) as SlackManifest;

describe('manifest.json', () => {
  test('GIVEN the committed manifest THEN its slash commands are exactly the registry’s, with descriptions and usage hints', () => {
    expect(manifest.features.slash_commands).toEqual(
      commands.map((c) => ({
        command: `/${c.name}`,
        description: c.description,
        ...(c.usage !== '' ? { usage_hint: c.usage } : {}),
        should_escape: false,
      })),
    );
  });

  test('GIVEN the committed manifest THEN it asks only for the scopes the bot uses, with interactivity and Socket Mode on', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual([
      'commands',
      'chat:write',
      'channels:history',
      'groups:history',
      'users:read',
      'files:write',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });

  test('GIVEN the registry THEN the committed file is what write-manifest would write (run it after changing a command)', () => {
    expect(manifest).toEqual(buildManifest(commands));
  });
});
