/**
 * One file from disk to the store: read it, recognise its format, validate and map it (nothing is written until the
 * whole file has passed), then hand it to the store, which writes it in one transaction.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../store/database.ts';
import { applyImport, type ImportOutcome } from '../store/import-records.ts';
import { importCfr } from './cfr.ts';
import { importCyberbrief } from './cyberbrief.ts';
import { detectFormat, formatOrder } from './detect.ts';
import { importEurepocAttributions, importEurepocIncidents, importEurepocReceivers } from './eurepoc.ts';
import { importMispGalaxy, readProducers } from './misp.ts';
import { importStixBundle } from './stix.ts';
import { type FormatId, type ImportBatch, ImportError } from './types.ts';

/** Largest file accepted; larger is refused before it is read. */
export const maxFileBytes = 512 * 1024 * 1024;

export interface ReadFile {
  path: string;
  text: string;
  sha256: string;
}

export function readImportFile(path: string): ReadFile {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new ImportError(path, {}, `cannot read the file: ${(error as Error).message}`);
  }
  if (size > maxFileBytes) throw new ImportError(path, {}, `file of ${size} bytes is larger than ${maxFileBytes}`);
  const bytes = readFileSync(path);
  return {
    path,
    text: bytes.toString('utf8').replace(/^\uFEFF/, ''),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

const producerCache = new Map<string, Map<string, string>>();

/** `producer.json` next to a MISP cluster file, if there is one. */
function producersNextTo(path: string): Map<string, string> | undefined {
  const candidate = join(dirname(path), 'producer.json');
  if (!existsSync(candidate) || basename(path) === 'producer.json') return undefined;
  const cached = producerCache.get(candidate);
  if (cached) return cached;
  const file = readImportFile(candidate);
  const producers = readProducers(detectFormat(candidate, file.text).json, candidate);
  producerCache.set(candidate, producers);
  return producers;
}

/** Validates and maps a file without touching the store; throws ImportError naming file, object and field. */
export function mapFile(file: ReadFile): ImportBatch {
  const { format, json } = detectFormat(file.path, file.text);
  switch (format) {
    case 'stix':
      return importStixBundle(json, file.path);
    case 'misp-galaxy':
      return importMispGalaxy(json, file.path, producersNextTo(file.path));
    case 'misp-producers': {
      const producers = readProducers(json, file.path);
      return {
        file: file.path,
        format,
        source: { key: 'misp-galaxy', label: 'MISP galaxy' },
        objectCount: producers.size,
        records: [],
        skipped: new Map([['producer (used to resolve name-attribution in threat-actor.json)', producers.size]]),
        notes: [],
      };
    }
    case 'eurepoc-incidents':
      return importEurepocIncidents(file.text, file.path);
    case 'eurepoc-attributions':
      return importEurepocAttributions(file.text, file.path);
    case 'eurepoc-receivers':
      return importEurepocReceivers(file.text, file.path);
    case 'cfr':
      return importCfr(file.text, file.path);
    case 'cyberbrief':
      return importCyberbrief(json, file.path);
  }
}

export interface FileResult {
  file: string;
  format: FormatId;
  batch: ImportBatch;
  outcome: ImportOutcome;
}

/** Imports one file: map it (all of it, before anything is written), then write it in one transaction. */
export function importFile(
  db: Db,
  path: string,
  options: { now: string; onProgress?: (done: number, total: number) => void; deferSearchIndex?: boolean },
): FileResult {
  const file = readImportFile(path);
  const batch = mapFile(file);
  const outcome = applyImport(db, batch, {
    now: options.now,
    sha256: file.sha256,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.deferSearchIndex ? { deferSearchIndex: true } : {}),
  });
  return { file: path, format: batch.format, batch, outcome };
}

/** Orders files so that what others refer to comes first: actors, then incidents, then their claims. */
export function orderFiles(paths: string[]): string[] {
  return paths
    .map((path, i) => {
      let rank = formatOrder.length;
      try {
        const file = readImportFile(path);
        rank = formatOrder.indexOf(detectFormat(path, file.text).format);
      } catch {
        // A file that cannot be read or recognised keeps its place; importing it reports why.
      }
      return { path, rank, i };
    })
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ path }) => path);
}
