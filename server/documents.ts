/**
 * Where the sync server keeps shared documents: the Yjs state per document name. One machine
 * uses SQLite (this file); scale-out puts the same interface over PostgreSQL. The server's
 * `/api/documents` lists names from here so a new device can find what exists.
 */
import type { Db } from './store.js';

export interface StoredDocument {
  readonly name: string;
  /** When the state was last written (ISO time). */
  readonly updatedAt: string;
}

export interface DocumentStore {
  /** The stored state (one Yjs update) of `name`, or undefined when none is stored. */
  load(name: string): Promise<Uint8Array | undefined>;
  /** Replace the stored state of `name`. */
  store(name: string, state: Uint8Array): Promise<void>;
  /** Every stored document, by name. */
  list(): Promise<StoredDocument[]>;
  /**
   * Claim the one-off seeding of the demo workspace for `by`: true for the first caller only,
   * ever (atomic across server instances sharing the store).
   */
  claimSeed(by: string): Promise<boolean>;
  /**
   * The next value of the counter `key`, above both its last value and `atLeast` (atomic across
   * server instances): how quote numbers stay unique across devices.
   */
  nextInSequence(key: string, atLeast: number): Promise<number>;
  close(): Promise<void>;
}

/** Documents in the server's SQLite database (`documents`, `workspace` tables). */
export function sqliteDocumentStore(db: Db): DocumentStore {
  const read = db.prepare<[string], { state: Buffer }>('SELECT state FROM documents WHERE name = ?');
  const write = db.prepare('INSERT INTO documents (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at');
  const all = db.prepare<[], { name: string; updated_at: string }>('SELECT name, updated_at FROM documents ORDER BY name');
  const claim = db.prepare("INSERT INTO workspace (key, value, updated_at) VALUES ('seeded_by', ?, ?) ON CONFLICT (key) DO NOTHING");
  const bump = db.prepare<[{ key: string; atLeast: number }], { value: number }>(
    'INSERT INTO counters (key, value) VALUES (@key, @atLeast + 1) ON CONFLICT (key) DO UPDATE SET value = max(value, @atLeast) + 1 RETURNING value',
  );
  return {
    load: (name) => {
      const row = read.get(name);
      return Promise.resolve(row ? new Uint8Array(row.state) : undefined);
    },
    store: (name, state) => {
      write.run(name, Buffer.from(state), new Date().toISOString());
      return Promise.resolve();
    },
    list: () => Promise.resolve(all.all().map((r) => ({ name: r.name, updatedAt: r.updated_at }))),
    claimSeed: (by) => Promise.resolve(claim.run(by, new Date().toISOString()).changes === 1),
    nextInSequence: (key, atLeast) => Promise.resolve((bump.get({ key, atLeast }) as { value: number }).value),
    // The database belongs to the server (users live there too); it closes it.
    close: () => Promise.resolve(),
  };
}
