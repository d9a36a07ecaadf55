import { z } from 'zod';
import { buildHelpCard } from '../src/cards/list-cards.ts';
import { defineCommand } from '../src/core/command.ts';

export default defineCommand({
  name: 'help',
  description: 'What cyberbrief can do, and how to ask',
  usage: '',
  options: z.object({}),
  run(_options, { commands }) {
    return buildHelpCard(commands);
  },
});
