/**
 * CSV files as the sources publish them (RFC 4180, quoted fields with newlines). Every row must have as many fields
 * as the header: a row with more or fewer is a shifted file and stops the import, naming the row and the column.
 */
import { parse } from 'csv-parse/sync';
import { ImportError } from './types.ts';

export interface CsvTable {
  header: string[];
  /** Each row as column → value, with its 1-based row number (the header is row 0) and first cell. */
  rows: Array<{ index: number; values: Record<string, string> }>;
}

/** Largest field accepted, in characters; a longer one is a broken file, not data. */
export const maxFieldLength = 200_000;

export function readCsv(text: string, file: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 4 * maxFieldLength,
    }) as string[][];
  } catch (error) {
    const e = error as Error & { lines?: number; record?: unknown };
    throw new ImportError(file, e.lines !== undefined ? { index: e.lines } : {}, `not valid CSV: ${e.message}`);
  }
  const [header, ...body] = records;
  if (!header || header.length === 0) throw new ImportError(file, {}, 'the file is empty');
  const rows = body.map((cells, i) => {
    const index = i + 1;
    const id = cells[0];
    if (cells.length !== header.length) {
      const field = cells.length < header.length ? header[cells.length] : header[header.length - 1];
      throw new ImportError(
        file,
        { index, id: id === undefined ? undefined : id.slice(0, 60), field },
        `row has ${cells.length} fields but the header has ${header.length}: columns are shifted`,
      );
    }
    const values: Record<string, string> = {};
    header.forEach((name, c) => {
      const value = cells[c] ?? '';
      if (value.length > maxFieldLength) {
        throw new ImportError(
          file,
          { index, id: id?.slice(0, 60), field: name },
          `field of ${value.length} characters (at most ${maxFieldLength})`,
        );
      }
      values[name] = value;
    });
    return { index, values };
  });
  return { header, rows };
}

/**
 * A Python `repr()` list as EuRepoC writes it into a cell — "['A', 'B']", nested "[['X', 'Y']]" — flattened to its
 * strings; a plain cell is split on "; ".
 */
export function listCell(value: string): string[] {
  const v = value.trim();
  if (v === '') return [];
  if (!v.startsWith('[')) return v.split(/\s*;\s*/).filter((s) => s !== '');
  const out: string[] = [];
  const pattern = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;
  for (let m = pattern.exec(v); m !== null; m = pattern.exec(v)) {
    const raw = m[1] ?? m[2] ?? '';
    out.push(raw.replace(/\\(['"\\])/g, '$1'));
  }
  return out;
}
