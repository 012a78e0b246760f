/**
 * The server's own database: SQLite (better-sqlite3) in WAL mode under DATA_DIR, so one
 * machine needs nothing else installed. Holds users and the shared documents' Yjs state. Schema changes are new numbered migrations, never edits of old ones.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     username TEXT PRIMARY KEY,
     role TEXT NOT NULL CHECK (role IN ('admin', 'engineer', 'sales', 'approver')),
     display_name TEXT NOT NULL,
     password_hash TEXT NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT`,
  // Each shared document's Yjs state, written after edits settle (the sync server's store hook).
  `CREATE TABLE documents (
     name TEXT PRIMARY KEY,
     state BLOB NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
  // Facts about the workspace as a whole, such as who seeded the demo data.
  `CREATE TABLE workspace (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
  // Sequences handed out across devices, such as quote numbers per scheme and year.
  `CREATE TABLE counters (
     key TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   ) STRICT`,
];

/** Opens (creating when absent) `<dataDir>/suanpan.db` and brings its schema up to date. */
export function openStore(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'suanpan.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/**
 * A database in memory with the same schema: scaled out, an instance keeps nothing of its own
 * on disk (PostgreSQL holds it all) and uses this for its copy of the users table.
 */
export function openMemoryStore(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const apply = db.transaction(() => {
    for (let i = version; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i] as string);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  apply();
}
