import { describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import { parseCommandText } from '../../src/core/parse-text.ts';
import { formatCommandLine, splitCommandLine } from '../../src/core/run-text.ts';

describe('formatCommandLine', () => {
  test('GIVEN a button THEN its command line reads back into the same options', () => {
    const action = {
      label: 'More claims',
      command: 'incident',
      options: { query: 'jaxa-2016-tick', view: 'claims', page: '2' },
    };
    const line = formatCommandLine(action, commands);
    expect(line).toBe('/incident jaxa-2016-tick view:claims page:2');
    const parts = splitCommandLine(line);
    const incident = commands.find((c) => c.name === 'incident');
    expect(incident && parts && parseCommandText(parts.text, incident.options)).toEqual(action.options);
  });
});

describe('incident options', () => {
  const incident = commands.find((c) => c.name === 'incident');
  test.each([
    ['view:everything', 'view must be one of: brief, claims, sources'],
    ['page:zero', 'page must be a number'],
    ['page:0', 'page must be at least 1'],
  ])('GIVEN %s THEN the error names the option and what is allowed', (text, message) => {
    const result = incident?.options.safeParse(parseCommandText(`jaxa ${text}`, incident.options));
    expect(result?.success).toBe(false);
    const issue = result?.error?.issues[0];
    expect(`${issue?.path.join('.')} ${issue?.message}`).toBe(message);
  });
});
