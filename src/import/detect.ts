/** Recognises a file's format from its content (never from its name alone). */

import { cfrColumns } from './cfr.ts';
import { looksLikeCyberbrief } from './cyberbrief.ts';
import { eurepocAttributionColumns, eurepocIncidentColumns, eurepocReceiverColumns } from './eurepoc.ts';
import { type FormatId, ImportError } from './types.ts';

/** The order files are imported in when several are given: what others refer to first. */
export const formatOrder: readonly FormatId[] = [
  'cyberbrief',
  'stix',
  'misp-producers',
  'misp-galaxy',
  'eurepoc-incidents',
  'eurepoc-attributions',
  'eurepoc-receivers',
  'cfr',
];

export function detectJsonFormat(json: unknown, file: string): FormatId {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    if (record.type === 'bundle') return 'stix';
    if (Array.isArray(record.values) && typeof record.type === 'string') {
      if (record.type === 'threat-actor') return 'misp-galaxy';
      if (record.type === 'producer') return 'misp-producers';
      throw new ImportError(file, { field: 'type' }, `MISP galaxy “${record.type}” is not supported (threat-actor is)`);
    }
  }
  if (looksLikeCyberbrief(json)) return 'cyberbrief';
  throw new ImportError(
    file,
    {},
    'unknown JSON format: expected a STIX bundle, a MISP galaxy cluster file or cyberbrief records',
  );
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

export function detectCsvFormat(text: string, file: string): FormatId {
  const header = firstLine(text)
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, ''));
  const has = (columns: string[]) => columns.every((c) => header.includes(c));
  if (has(eurepocAttributionColumns)) return 'eurepoc-attributions';
  if (has(eurepocIncidentColumns)) return 'eurepoc-incidents';
  if (has(eurepocReceiverColumns)) return 'eurepoc-receivers';
  if (has(cfrColumns)) return 'cfr';
  throw new ImportError(
    file,
    { field: '(header)' },
    'unknown CSV format: expected the EuRepoC Global Database, Attribution or Receiver dataset, or a CFR tracker export',
  );
}

/** The format of a file's text; JSON is parsed to look inside (and a broken one is reported here). */
export function detectFormat(file: string, text: string): { format: FormatId; json?: unknown } {
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ImportError(file, { field: '(json)' }, `not valid JSON: ${(error as Error).message}`);
    }
    return { format: detectJsonFormat(json, file), json };
  }
  if (text.trim() === '') throw new ImportError(file, {}, 'the file is empty');
  return { format: detectCsvFormat(text, file) };
}
