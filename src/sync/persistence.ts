/**
 * Local persistence of Y.Docs. In the browser each document is its own IndexedDB database
 * (y-indexeddb), named as the document (`model:<id>`, ARCHITECTURE.md). `DocPersistence` is
 * the seam: the IndexedDB one for the app, an in-memory one for tests that do not need it.
 *
 * @example
 *   const persisted = await openPersistedDoc('model:butterfly-valve');
 *   setCell(persisted.doc, sheetId, 0, 1, 120, localOrigin); // stored as it happens
 *   await persisted.destroy(); // stop persisting; the data stays
 */
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';

/** A Y.Doc kept in step with its stored copy. */
export interface PersistedDoc {
  readonly name: string;
  readonly doc: Y.Doc;
  /** Resolves once the stored content has been applied to `doc` (already resolved when returned by `open`). */
  readonly whenSynced: Promise<void>;
  /** Stop persisting and release the storage connection. The stored data stays; `doc` stays usable in memory. */
  destroy(): Promise<void>;
  /** Stop persisting and delete the stored data. */
  clear(): Promise<void>;
  /**
   * Documents that also sync with a server (network/syncedPersistence.ts): resolves true once
   * the server's content is merged in, false when that did not happen within `ms` (offline).
   * Absent for purely local persistence.
   */
  whenServerSynced?(ms?: number): Promise<boolean>;
  /** Presence of the people on this document, for synced documents. */
  readonly awareness?: Awareness;
}

export interface DocPersistence {
  /** The document with its stored content applied (an empty document if nothing is stored). */
  open(name: string): Promise<PersistedDoc>;
  /** Delete a document's stored data without loading it. Resolves once it is gone. */
  delete(name: string): Promise<void>;
}

/**
 * Open `name` from IndexedDB and wait until its stored updates are applied. Later updates of
 * the doc are written as they happen (y-indexeddb merges them in the background).
 */
export async function openPersistedDoc(name: string): Promise<PersistedDoc> {
  const doc = new Y.Doc();
  const provider = new IndexeddbPersistence(name, doc);
  const whenSynced = provider.whenSynced.then(() => undefined);
  // y-indexeddb never settles whenSynced when the database cannot be opened (private mode,
  // quota, a blocked upgrade); its open promise (`_db`) is the only place the failure shows.
  const openFailed = provider._db.then(
    () => new Promise<never>(() => undefined),
    (e: unknown) => Promise.reject(new Error(`could not open the stored document "${name}": ${e instanceof Error ? e.message : String(e)}`)),
  );
  await Promise.race([whenSynced, openFailed]);
  let stopped: Promise<void> | undefined;
  const destroy = () => (stopped ??= provider.destroy());
  return {
    name,
    doc,
    whenSynced,
    destroy,
    async clear() {
      await destroy();
      // Not provider.clearData(): it does not wait for the deletion to finish.
      await clearDocument(name);
    },
  };
}

/** y-indexeddb: one IndexedDB database per document. */
export class IndexeddbDocPersistence implements DocPersistence {
  open(name: string): Promise<PersistedDoc> {
    return openPersistedDoc(name);
  }

  async delete(name: string): Promise<void> {
    await clearDocument(name);
  }
}

/** The app's persistence (stateless, so one shared value is no hidden state). */
export const indexedDbPersistence: DocPersistence = new IndexeddbDocPersistence();

/**
 * Documents kept as encoded Yjs state in memory, for tests: the same contract as IndexedDB
 * (reopening gives the stored content; destroy keeps it, clear deletes it), nothing shared
 * between instances of this class.
 */
export class MemoryDocPersistence implements DocPersistence {
  private readonly stored = new Map<string, Uint8Array>();

  /** Names with stored data, for tests to inspect. */
  names(): string[] {
    return [...this.stored.keys()].sort();
  }

  /** A copy of the stored state of `name` (one Yjs update), or undefined when nothing is stored. */
  storedState(name: string): Uint8Array | undefined {
    return this.stored.get(name)?.slice();
  }

  open(name: string): Promise<PersistedDoc> {
    const doc = new Y.Doc();
    const saved = this.stored.get(name);
    if (saved) Y.applyUpdate(doc, saved, this);
    // Updates are merged into what is stored, as IndexedDB appends them: two open copies of
    // one name both keep their edits.
    const store = (update: Uint8Array) => {
      const before = this.stored.get(name);
      this.stored.set(name, before ? Y.mergeUpdates([before, update]) : update);
    };
    doc.on('update', store);
    let active = true;
    const destroy = () => {
      if (active) doc.off('update', store);
      active = false;
      return Promise.resolve();
    };
    return Promise.resolve({
      name,
      doc,
      whenSynced: Promise.resolve(),
      destroy,
      clear: async () => {
        await destroy();
        this.stored.delete(name);
      },
    });
  }

  delete(name: string): Promise<void> {
    this.stored.delete(name);
    return Promise.resolve();
  }
}
