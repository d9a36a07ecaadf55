import { describe, expect, test } from 'vitest';
import { type Card, noticeCard } from '../../../src/core/card.ts';
import { consoleButtons, renderConsoleText, wrap } from '../../../src/platforms/console/render-text.ts';
import { formCommands, noteForm } from '../form-commands.ts';

const formCard = (form = noteForm('jaxa')): Card => ({
  kind: 'form',
  title: 'Add a note',
  tone: 'neutral',
  fields: [],
  sections: [],
  notes: [],
  actions: [],
  form,
});

describe('renderConsoleText', () => {
  test('GIVEN a card THEN verdict, numbered entries, nested answers and ⚠ notes are laid out as text', () => {
    const text = renderConsoleText({
      kind: 'incident',
      title: 'Example intrusion (2020)',
      tone: 'contested',
      verdict: 'Attributed to Example Group',
      fields: [{ label: 'Period', value: '2020' }],
      sections: [
        {
          title: 'Claims',
          entries: [
            {
              text: 'A. Minister (JP, on record) · 2021-04-20',
              detail: 'It was them',
              source: { label: 'Wire, 2021-04-20', url: 'https://example.org/a' },
              children: [{ text: 'B. Spokesperson (CN, on record) · 2021-04-20 · denial' }],
            },
          ],
          hidden: { count: 2, noun: 'claims' },
        },
      ],
      notes: ['Sources disagree on the sponsor: A (x) · B (y)'],
      footer: 'Sources: Wire (1) · TLP:CLEAR',
      actions: [],
    });
    expect(text).toBe(
      [
        'Example intrusion (2020)',
        '────────────────────────',
        'Period: 2020',
        '',
        '▶ Attributed to Example Group',
        '',
        'CLAIMS',
        ' 1. A. Minister (JP, on record) · 2021-04-20',
        '    It was them',
        '    source: Wire, 2021-04-20 <https://example.org/a>',
        '    ↳ B. Spokesperson (CN, on record) · 2021-04-20 · denial',
        '    …and 2 more claims',
        '',
        '⚠ Sources disagree on the sponsor: A (x) · B (y)',
        '',
        'Sources: Wire (1) · TLP:CLEAR',
      ].join('\n'),
    );
  });

  test('GIVEN terminal escape sequences in stored text THEN they are shown inert', () => {
    const text = renderConsoleText(noticeCard('evil\u001b[2J\u0007title'));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\x1b[2J\\x07title');
  });
});

describe('renderConsoleText on forms and entry buttons', () => {
  test('GIVEN a form THEN each box shows what it holds, and [1] and the command line both submit it', () => {
    const form = noteForm('jaxa');
    const simple = { ...form, fields: form.fields.map((f) => (f.name === 'text' ? { ...f, value: 'hello' } : f)) };
    expect(renderConsoleText(formCard(simple), formCommands)).toBe(
      [
        'Add a note',
        '──────────',
        '',
        '  Your note (required): hello',
        '  Tag: —',
        '',
        '[1] Save — type 1 to send it as shown.',
        '  Change a box first by typing its name, a colon and the new text (text: …, tag: …).',
        '  Or type the command: /note-save jaxa text:hello',
      ].join('\n'),
    );
    expect(consoleButtons(formCard(simple))).toEqual([
      { label: 'Save', command: 'note-save', options: { topic: 'jaxa', text: 'hello' } },
    ]);
  });

  test('GIVEN a form value with spaces and terminal escapes THEN it shows inert, and the person is told [1] sends it whole', () => {
    const form = noteForm('jaxa');
    const text = renderConsoleText(
      formCard({ ...form, fields: form.fields.map((f) => ({ ...f, value: 'two words\u001b[2J' })) }),
      formCommands,
    );
    expect(text).not.toContain('\u001b');
    expect(text).toContain('  Your note (required): two words\\x1b[2J');
    expect(text).toContain('(That command line cannot carry values with spaces: change the boxes and type 1.)');
  });

  test('GIVEN entries with their own button THEN each shows its number under the entry, after the card’s buttons', () => {
    const card: Card = {
      ...noticeCard('Claims'),
      kind: 'review',
      sections: [
        {
          title: 'Claims',
          entries: [
            {
              text: 'A says so',
              action: { label: 'Dispute', command: 'claim', options: { id: 'a' } },
              children: [{ text: 'B denies', action: { label: 'Dispute', command: 'claim', options: { id: 'b' } } }],
            },
            { text: 'C, no button' },
          ],
        },
      ],
    };
    expect(renderConsoleText(card)).toBe(
      [
        'Claims',
        '──────',
        '',
        'CLAIMS',
        ' 1. A says so',
        '    [1] Dispute',
        '    ↳ B denies',
        '      [2] Dispute',
        ' 2. C, no button',
        '',
        'Type a number to press the button of that line.',
      ].join('\n'),
    );
    const withAction = { ...card, actions: [{ label: 'Refresh', command: 'review', options: {} }] };
    expect(renderConsoleText(withAction)).toContain('    [2] Dispute');
    expect(consoleButtons(withAction).map((a) => a.options)).toEqual([{}, { id: 'a' }, { id: 'b' }]);
  });
});

describe('wrap', () => {
  test('GIVEN a long line THEN it wraps at 100 columns with the indent', () => {
    const lines = wrap('word '.repeat(40), '  ');
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(lines[1]?.startsWith('  word')).toBe(true);
  });
});
