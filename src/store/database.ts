/**
 * Opens the SQLite file with the settings every connection needs, and turns SQLite's low-level complaints about a
 * damaged or foreign file into one clear error. The file is never overwritten or "repaired" here.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** The database file cannot be used; the message says why and what to do, in one line. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/**
 * Opens (or creates) the database at `path` with foreign keys and a busy timeout, and checks that it is readable.
 * Nothing is written to the file here: WAL is switched on by `enableWriteAheadLog` once the file is known to be ours.
 */
export function openDatabase(path: string): Db {
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: false });
  } catch (error) {
    throw new StoreError(`Cannot open database ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    // The first statement reads the header; a file that is not SQLite fails here.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    db.close();
    const reason = (error as Error).message;
    throw new StoreError(
      `Database ${path} is unreadable (${reason}). It was left untouched; move it aside or set DATABASE_PATH to another file.`,
      { cause: error },
    );
  }
  return db;
}

/** WAL lets readers (commands) and the writer (imports, briefings) work at once; it changes the file header. */
export function enableWriteAheadLog(db: Db): void {
  if (db.memory) return;
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}
