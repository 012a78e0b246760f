/**
 * The local workspace: model library, directory, customers and quotes over one Dexie database
 * and one document persistence, opened in the order they depend on each other. Shared by the
 * browser (appStorage.ts, IndexedDB) and the sync server, which seeds the demo workspace once in
 * Node (server/seed.ts, fake-indexeddb and documents in memory). Reading the example files is
 * the caller's: the browser bundles them, the server reads them from disk.
 *
 * @example
 *   const workspace = await openWorkspace({ db: new SuanpanDb(), persistence: indexedDbPersistence });
 *   const seeded = await seedWorkspaceData(workspace, { examples, demo });
 *   for (const problem of seeded.problems) console.error(problem);
 */
import { formatWorkbookError } from '../../domain/workbook/errors.js';
import type { DexieOptions } from 'dexie';
import * as Y from 'yjs';
import { SuanpanDb } from '../../store/db.js';
import { CustomerBook } from '../crm/customerBook.js';
import { DirectoryStore } from '../directory/directoryStore.js';
import { ModelLibrary } from '../modelLibrary.js';
import type { SeedReport } from '../modelLibrary.js';
import { MemoryDocPersistence } from '../persistence.js';
import type { DocPersistence } from '../persistence.js';
import { QuoteBook } from '../quote/quoteBook.js';
import { seedDemo } from './seedDemo.js';
import type { DemoData, SeedDemoReport } from './seedDemo.js';

export interface Workspace {
  readonly db: SuanpanDb;
  readonly library: ModelLibrary;
  readonly directory: DirectoryStore;
  readonly customers: CustomerBook;
  readonly quotes: QuoteBook;
  /** Write pending projections and close every document; the database is the caller's to close. */
  close(): Promise<void>;
}

export interface WorkspaceSeed {
  /** Example workbook text by path under `workbooks/` (how includes name them), modules included. */
  readonly examples: Readonly<Record<string, string>>;
  readonly demo: DemoData;
}

export interface WorkspaceSeedReport {
  readonly examples: SeedReport;
  readonly demo: SeedDemoReport;
  /** Every problem of both, one line each, led by what it concerns. */
  readonly problems: readonly string[];
}

/** Open the workspace's stores; a storage problem (quota, private mode) shows here. */
export async function openWorkspace(options: { readonly db: SuanpanDb; readonly persistence: DocPersistence }): Promise<Workspace> {
  const { db, persistence } = options;
  const library = await ModelLibrary.open({ db, persistence });
  const directory = await DirectoryStore.open(persistence);
  const customers = await CustomerBook.open({ db, persistence, settings: () => directory.settings() });
  const quotes = new QuoteBook({ db, persistence, library, directory, customers });
  return {
    db,
    library,
    directory,
    customers,
    quotes,
    async close() {
      // Quotes first: their projections read the customers and the library.
      await quotes.dispose();
      await customers.close();
      await directory.close();
      await library.flushAll();
      await library.dispose();
    },
  };
}

/**
 * Seed the example models (released, so quotes can be priced) and then the demo workspace, each
 * once and never over the user's data (seedExamples and seedDemo check). A broken example file
 * or demo record is reported and the rest is still seeded; a storage failure throws.
 */
export async function seedWorkspaceData(workspace: Workspace, seed: WorkspaceSeed, now: Date = new Date()): Promise<WorkspaceSeedReport> {
  const examples = await workspace.library.seedExamples(seed.examples);
  // The demo quotes are priced on the examples' releases, so the examples come first.
  const demo = await seedDemo(workspace, seed.demo, 'demo', now);
  const problems = [...examples.errors.map((e) => `example model ${formatWorkbookError(e)}`), ...demo.problems.map((p) => `demo data: ${p}`)];
  return { examples, demo, problems };
}

export interface SeededDocuments {
  /** Each document's state (one Yjs update) by document name (`model:<id>`, `quote:<id>`, `directory`, `crm`). */
  readonly documents: ReadonlyMap<string, Uint8Array>;
  readonly report: WorkspaceSeedReport;
}

/**
 * Seed a workspace nobody keeps, to hand its documents to a sync server: a throwaway Dexie
 * database (over the IndexedDB given in `dexie`, such as fake-indexeddb in Node) and documents
 * in memory, seeded as a first start in the browser seeds them. Only the documents are kept;
 * the Dexie projections and releases are rebuilt by each device from them.
 */
export async function seedWorkspaceDocuments(seed: WorkspaceSeed, options: { readonly dexie: DexieOptions; readonly now?: Date }): Promise<SeededDocuments> {
  const db = new SuanpanDb(`suanpan-seed-${crypto.randomUUID()}`, options.dexie);
  const persistence = new MemoryDocPersistence();
  try {
    const workspace = await openWorkspace({ db, persistence });
    let report: WorkspaceSeedReport;
    try {
      report = await seedWorkspaceData(workspace, seed, options.now);
    } finally {
      await workspace.close();
    }
    const documents = new Map<string, Uint8Array>();
    for (const name of persistence.names()) {
      const stored = persistence.storedState(name);
      if (stored) documents.set(name, compacted(stored));
    }
    return { documents, report };
  } finally {
    db.close();
  }
}

/** The state as a sync server encodes a document: merged updates keep deleted content, a document drops it. */
function compacted(update: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
