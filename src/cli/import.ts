/**
 * `npm run import -- <file or folder>…`: imports threat-intel files into the store. Each file's format is recognised
 * from its content; each file is validated whole and then written in one transaction, so a bad file stops the run
 * with one line naming the file, the object and the field, and leaves the database as it was. A progress bar shows
 * on a terminal only; a table of what was added, updated, unchanged and skipped, and the conflicts found, ends the
 * run.
 *
 * Options: `--db <file>` (default: DATABASE_PATH or data/cyberbrief.sqlite), `--verbose` (every conflict).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { CuratedDataError } from '../curated/load-curated.ts';
import { type FileResult, importFile, orderFiles } from '../import/run-import.ts';
import { formatSummary } from '../import/summary.ts';
import { ImportError } from '../import/types.ts';
import { StoreError } from '../store/database.ts';
import { refreshSearchIndexIfStale } from '../store/search-index.ts';
import { openStore } from '../store/store.ts';

interface Args {
  files: string[];
  db?: string;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { files: [], verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--db') args.db = argv[++i];
    else if (arg.startsWith('--db=')) args.db = arg.slice(5);
    else if (arg === '--verbose' || arg === '-v') args.verbose = true;
    else args.files.push(arg);
  }
  return args;
}

/** A folder stands for the .json and .csv files in it (ATT&CK's per-object files), in name order. */
function expand(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (existsSync(path) && statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((name) => /\.(json|csv)$/i.test(name))
        .sort()
        .map((name) => join(path, name));
    }
    return [path];
  });
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (args.files.length === 0) {
    console.error('Usage: npm run import -- [--db file.sqlite] [--verbose] <file or folder>…');
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const database = args.db ?? config.databasePath;
  const started = performance.now();
  const store = openStore({
    path: database,
    dataDir: config.dataDir,
    migrationsDir: config.migrationsDir,
    clock: systemClock,
  });
  // Imports write many rows in random order; a larger page cache keeps them in memory (this connection only).
  store.db.pragma('cache_size = -65536');
  const results: FileResult[] = [];
  const tty = process.stderr.isTTY === true;
  try {
    for (const path of orderFiles(expand(args.files))) {
      const bar = tty
        ? new cliProgress.SingleBar(
            {
              format: `{file} [{bar}] {value}/{total}`,
              hideCursor: true,
              clearOnComplete: true,
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let startedBar = false;
      try {
        results.push(
          importFile(store.db, path, {
            now: systemClock.now().toISOString(),
            deferSearchIndex: true,
            onProgress: (done, total) => {
              if (!bar) return;
              if (!startedBar) {
                bar.start(total, 0, { file: path.length > 50 ? `…${path.slice(-49)}` : path });
                startedBar = true;
              }
              bar.update(done);
            },
          }),
        );
      } finally {
        if (startedBar) bar?.stop();
      }
    }
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    refreshSearchIndexIfStale(store.db);
    console.error(`Import stopped: ${error.message}`);
    console.error(
      `The database is unchanged by that file${results.length > 0 ? `; the ${results.length} file(s) before it were imported` : ''}.`,
    );
    store.close();
    return 1;
  }
  refreshSearchIndexIfStale(store.db);
  store.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(formatSummary(results, { seconds, database, ...(args.verbose ? {} : { examples: 5 }) }));
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof StoreError || error instanceof CuratedDataError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
