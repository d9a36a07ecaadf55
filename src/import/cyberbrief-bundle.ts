/**
 * The round trip: a STIX bundle made by cyberbrief's own exporter carries our claims, speakers and counter-claims in
 * `x_cyberbrief_*` properties. The STIX importer hands such bundles here; the exporter's reader turns them back into
 * our records, which then import like the project's own format.
 */
import { readCyberbriefBundle, StixBundleError } from '../export/stix-import.ts';
import { importCyberbrief } from './cyberbrief.ts';
import { type ImportBatch, ImportError } from './types.ts';

const markerPattern = /^x_cyberbrief_/;

function hasMarker(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (Object.keys(record).some((k) => markerPattern.test(k))) return true;
  return (
    record.type === 'identity' &&
    typeof record.name === 'string' &&
    /^cyberbrief\b/i.test(record.name) &&
    record.identity_class === 'system'
  );
}

/** True for a bundle that claims to be cyberbrief's: a marker on the bundle or on any of its objects. */
export function isCyberbriefBundle(bundle: { objects: unknown[] } & Record<string, unknown>): boolean {
  return hasMarker(bundle) || bundle.objects.some(hasMarker);
}

export function importCyberbriefBundle(
  bundle: { objects: unknown[] } & Record<string, unknown>,
  file: string,
): ImportBatch {
  let records: ReturnType<typeof readCyberbriefBundle>;
  try {
    records = readCyberbriefBundle(bundle);
  } catch (error) {
    if (!(error instanceof StixBundleError)) throw error;
    throw new ImportError(file, { index: error.index, id: error.objectId, field: error.field }, error.message);
  }
  if (!records) {
    throw new ImportError(
      file,
      {},
      'this bundle looks like cyberbrief’s but lacks its producer identity and format marker',
    );
  }
  return { ...importCyberbrief(records, file), format: 'stix' };
}
