import { describe, expect, test } from 'vitest';
import { noticeCard } from '../../../src/core/card.ts';
import { renderConsoleText, wrap } from '../../../src/platforms/console/render-text.ts';

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

describe('wrap', () => {
  test('GIVEN a long line THEN it wraps at 100 columns with the indent', () => {
    const lines = wrap('word '.repeat(40), '  ');
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(lines[1]?.startsWith('  word')).toBe(true);
  });
});
