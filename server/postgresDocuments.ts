/**
 * Documents in PostgreSQL (DATABASE_URL), for several server instances sharing one store.
 *
 * Unlike the SQLite store, a write merges with what is stored instead of replacing it: two
 * instances hold the same document, each stores its own state a moment after its own clients'
 * edits, and a state that has not yet heard of the other instance's latest edits must not
 * overwrite them. The merge runs under the row's lock, so concurrent writes serialise.
 */
import * as Y from 'yjs';
import type { DocumentStore, StoredDocument } from './documents.js';
import { inTransaction, openPostgres } from './postgres.js';

export interface PostgresStoreOptions {
  /** Where to report a lost connection; stderr when absent. */
  readonly log?: (line: string) => void;
  /** Most connections this store opens (default 10). */
  readonly maxConnections?: number;
}

/**
 * A DocumentStore over the `documents` and `workspace` tables at `databaseUrl`, creating them
 * when absent. Throws, saying where, when the database cannot be reached.
 */
export async function postgresDocumentStore(databaseUrl: string, options: PostgresStoreOptions = {}): Promise<DocumentStore> {
  const log = options.log ?? ((line: string) => console.error(`[suanpan] ${line}`));
  const pool = await openPostgres(databaseUrl, { max: options.maxConnections ?? 10, log });
  // close() waits for these, so a store started before shutdown is not cut off by pool.end().
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  const track = <T>(work: () => Promise<T>): Promise<T> => {
    if (closing) return Promise.reject(new Error('the PostgreSQL document store is closed'));
    const running = work();
    inFlight.add(running);
    const forget = () => inFlight.delete(running);
    running.then(forget, forget);
    return running;
  };

  return {
    load: (name) =>
      track(async () => {
        const { rows } = await pool.query<{ state: Buffer }>('SELECT state FROM documents WHERE name = $1', [name]);
        return rows[0] ? new Uint8Array(rows[0].state) : undefined;
      }),
    store: (name, state) =>
      track(() =>
        inTransaction(pool, async (client) => {
          // A new name: the first writer inserts; a concurrent second one waits for it, then merges below.
          const inserted = await client.query('INSERT INTO documents (name, state, updated_at) VALUES ($1, $2, now()) ON CONFLICT (name) DO NOTHING', [name, Buffer.from(state)]);
          if (inserted.rowCount === 1) return;
          const { rows } = await client.query<{ state: Buffer }>('SELECT state FROM documents WHERE name = $1 FOR UPDATE', [name]);
          const stored = rows[0]?.state;
          const merged = stored ? Y.mergeUpdates([new Uint8Array(stored), state]) : state;
          await client.query('UPDATE documents SET state = $2, updated_at = now() WHERE name = $1', [name, Buffer.from(merged)]);
        }),
      ),
    list: () =>
      track(async () => {
        // COLLATE "C": byte order, as the SQLite store lists them.
        const { rows } = await pool.query<{ name: string; updated_at: Date }>('SELECT name, updated_at FROM documents ORDER BY name COLLATE "C"');
        return rows.map((r): StoredDocument => ({ name: r.name, updatedAt: r.updated_at.toISOString() }));
      }),
    claimSeed: (by) =>
      track(async () => {
        const claimed = await pool.query("INSERT INTO workspace (key, value, updated_at) VALUES ('seeded_by', $1, now()) ON CONFLICT (key) DO NOTHING", [by]);
        return claimed.rowCount === 1;
      }),
    nextInSequence: (key, atLeast) =>
      track(async () => {
        const { rows } = await pool.query<{ value: string }>(
          'INSERT INTO counters (key, value) VALUES ($1, $2::bigint + 1) ON CONFLICT (key) DO UPDATE SET value = GREATEST(counters.value, $2::bigint) + 1 RETURNING value',
          [key, atLeast],
        );
        return Number(rows[0]?.value);
      }),
    close: () => {
      closing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        await pool.end();
      })();
      return closing;
    },
  };
}
