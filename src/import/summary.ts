/** The end-of-import report: one table of added / updated / unchanged / skipped per type, then what was skipped and the conflicts. */
import type { ConflictKind, ImportConflict, ImportCounts } from '../store/import-records.ts';
import type { FileResult } from './run-import.ts';

const conflictTitles: Record<ConflictKind, string> = {
  'ambiguous-alias': 'Ambiguous aliases (kept on every actor, flagged ⚠ on their cards)',
  'competing-sponsors': 'Competing sponsors (kept as separate claims)',
  'ambiguous-name': 'Ambiguous names (not merged)',
  'same-source': 'Kept apart: the source lists them as different actors',
  contested: 'Contested attributions (kept, flagged)',
  'slug-taken': 'Not overwritten (held by curated or other records)',
};

const recordTypes = ['actors', 'redirects', 'incidents', 'claims'];

function pad(value: string | number, width: number, right = false): string {
  const text = String(value);
  return right ? text.padStart(width) : text.padEnd(width);
}

export interface SummaryOptions {
  seconds: number;
  database: string;
  /** Conflict examples per kind; all when undefined. */
  examples?: number;
}

export function formatSummary(results: FileResult[], options: SummaryOptions): string {
  const lines: string[] = [];
  const totals = new Map<string, ImportCounts>();
  const skipped = new Map<string, number>();
  const conflicts = new Map<ConflictKind, string[]>();
  let merged = 0;
  for (const { file, batch, outcome } of results) {
    const state = outcome.changed
      ? ''
      : outcome.seenBefore
        ? ' — already imported, nothing changed'
        : ' — nothing changed';
    lines.push(
      `  ${file}: ${batch.source.label}${batch.fileVersion ? ` ${batch.fileVersion}` : ''} (${batch.format}), ${batch.objectCount} objects${state}`,
    );
    for (const note of batch.notes) lines.push(`    note: ${note}`);
    for (const [type, c] of outcome.counts) {
      const t = totals.get(type) ?? { added: 0, updated: 0, unchanged: 0, skipped: 0 };
      t.added += c.added;
      t.updated += c.updated;
      t.unchanged += c.unchanged;
      t.skipped += c.skipped;
      totals.set(type, t);
    }
    for (const [what, n] of outcome.skipped) skipped.set(what, (skipped.get(what) ?? 0) + n);
    for (const conflict of dedupe(outcome.conflicts)) {
      const list = conflicts.get(conflict.kind) ?? [];
      if (!list.includes(conflict.message)) list.push(conflict.message);
      conflicts.set(conflict.kind, list);
    }
    merged += outcome.merged;
  }
  const header = `Imported ${results.length} file${results.length === 1 ? '' : 's'} into ${options.database} in ${options.seconds.toFixed(2)} s`;
  const table = [
    `  ${pad('type', 12)}${pad('added', 9, true)}${pad('updated', 9, true)}${pad('unchanged', 11, true)}${pad('skipped', 9, true)}`,
  ];
  const types = [
    ...recordTypes.filter((t) => totals.has(t)),
    ...[...totals.keys()].filter((t) => !recordTypes.includes(t)),
  ];
  for (const type of types) {
    const c = totals.get(type);
    if (!c) continue;
    table.push(
      `  ${pad(type, 12)}${pad(c.added, 9, true)}${pad(c.updated, 9, true)}${pad(c.unchanged, 11, true)}${pad(c.skipped, 9, true)}`,
    );
  }
  const out = [header, ...lines, '', ...table];
  if (merged > 0)
    out.push(`  (${merged} actor record${merged === 1 ? '' : 's'} merged into actors already in the store)`);
  if (skipped.size > 0) {
    out.push('', 'Skipped objects, by type:');
    for (const [what, n] of [...skipped].sort((a, b) => b[1] - a[1])) out.push(`  ${pad(n, 7, true)}  ${what}`);
  }
  const total = [...conflicts.values()].reduce((n, l) => n + l.length, 0);
  out.push('', total === 0 ? 'Conflicts: none' : `Conflicts: ${total}`);
  for (const [kind, messages] of conflicts) {
    out.push(`  ${conflictTitles[kind]}: ${messages.length}`);
    const shown = options.examples === undefined ? messages : messages.slice(0, options.examples);
    for (const message of shown) out.push(`    - ${message}`);
    if (shown.length < messages.length)
      out.push(`    … and ${messages.length - shown.length} more (--verbose lists all)`);
  }
  return out.join('\n');
}

function dedupe(conflicts: ImportConflict[]): ImportConflict[] {
  const seen = new Set<string>();
  return conflicts.filter((c) => {
    const key = `${c.kind}|${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
