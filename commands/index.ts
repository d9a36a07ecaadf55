/** The command registry: every platform serves exactly these. Adding a command means adding its file here. */
import type { CommandDefinition } from '../src/core/command.ts';
import actor from './actor.ts';
import briefing from './briefing.ts';
import claim from './claim.ts';
import exportCommand from './export.ts';
import help from './help.ts';
import incident from './incident.ts';
import ingest from './ingest.ts';
import review from './review.ts';

export const commands: readonly CommandDefinition[] = [
  incident,
  actor,
  exportCommand,
  briefing,
  ingest,
  review,
  claim,
  help,
] as CommandDefinition[];
