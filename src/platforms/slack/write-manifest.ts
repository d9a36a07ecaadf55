/**
 * Regenerates `manifest.json` at the repository root from the command registry:
 *   npx tsx src/platforms/slack/write-manifest.ts && npx biome format --write manifest.json
 * Run it after adding or changing a command, then update the app at api.slack.com/apps (App Manifest → paste).
 * A test fails while the committed file and the registry disagree.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from '../../../commands/index.ts';
import { manifestJson } from './manifest.ts';

const path = fileURLToPath(new URL('../../../manifest.json', import.meta.url));
writeFileSync(path, manifestJson(commands));
process.stdout.write(`wrote ${path} (${commands.length} slash commands)\n`);
