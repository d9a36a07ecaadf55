/** Delivers briefings for console subscriptions into the terminal, so a newcomer can watch one arrive. */
import type { Writable } from 'node:stream';
import type { BriefingSender } from '../../briefing/sender.ts';
import { renderConsoleText } from './render-text.ts';

export function createConsoleSender(output: Writable, json: boolean): BriefingSender {
  const delivered = new Set<string>();
  return {
    async send(_target, message) {
      // The same process printed it already if it is in the set; a console has no history to search otherwise.
      if (!delivered.has(message.key)) {
        const { kind: cardKind, ...card } = message.card;
        output.write(
          json
            ? `${JSON.stringify({ kind: 'briefing', cardKind, ...card })}\n`
            : `\n${renderConsoleText(message.card)}\n\n`,
        );
        delivered.add(message.key);
      }
      return { remoteId: message.key };
    },
  };
}
