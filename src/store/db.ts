/**
 * The browser's local database (IndexedDB through Dexie): the library index, releases, saved
 * configurations and settings. Model content itself lives in Y.Docs (y-indexeddb, one database
 * per document); the `models` table is their projection.
 *
 * Schema changes are new `version(n)` calls, additive only: never edit a released version's
 * stores, never reuse a dropped index or field name.
 *
 * @example
 *   const db = new SuanpanDb();            // 'suanpan' in the browser
 *   const db = new SuanpanDb('test-1', { indexedDB, IDBKeyRange }); // Node, fake-indexeddb
 */
import { Dexie } from 'dexie';
import type { DexieOptions, EntityTable, Table } from 'dexie';
import type { SavedConfiguration } from '../domain/configurator/SavedConfiguration.js';
import type { ModelEntry } from './modelEntry.js';
import type { CustomerEntry, QuoteEntry } from './quoteEntry.js';
import type { ReleaseEntry } from './releaseEntry.js';
import type { Setting } from './setting.js';

export const DEFAULT_DB_NAME = 'suanpan';

export class SuanpanDb extends Dexie {
  // `declare`: Dexie creates the table properties in version().stores(); a class field would
  // be initialised to undefined after super() under ES2022 field semantics.
  declare readonly models: Table<ModelEntry, string>;
  declare readonly releases: EntityTable<ReleaseEntry, 'hash'>;
  // Keyed by plain strings: callers look records up by ids that arrive as text (routes, links).
  declare readonly configurations: Table<SavedConfiguration, string>;
  declare readonly settings: EntityTable<Setting, 'key'>;
  declare readonly quotes: Table<QuoteEntry, string>;
  declare readonly customers: Table<CustomerEntry, string>;

  constructor(name: string = DEFAULT_DB_NAME, options?: DexieOptions) {
    super(name, options);
    // Version 1. `*includes` is multi-entry: "which models include this module?" is one query.
    this.version(1).stores({
      models: 'id, &file, kind, productLine, updatedAt, deletedAt, *includes',
      releases: 'hash, modelId, [modelId+version], releasedAt',
      configurations: 'id, modelId, savedAt',
      settings: 'key',
    });
    // Version 2: list projections of quote documents and of the crm document's customers.
    // Compound indexes put the filter first and the sort key last, so a filtered, sorted
    // page is one index range read (quoteQueries.ts, customerQueries.ts): state and owner
    // with every sort of the quote list, owner and state together for "my open quotes".
    // One more index entry per record is cheap next to `*words` (about 25 per record);
    // `*words` and `*productLines` are multi-entry. customers `deletedAt` holds only deleted
    // customers (IndexedDB skips records without the field).
    this.version(2).stores({
      quotes: [
        'id, number, customerId, customerName, state, owner, updatedAt, createdAt, quoteDate, totalMinor',
        '[state+updatedAt], [state+quoteDate], [state+totalMinor], [state+number], [state+customerName]',
        '[owner+updatedAt], [owner+quoteDate], [owner+totalMinor], [owner+number], [owner+customerName]',
        '[owner+state+updatedAt], [customerId+updatedAt], *productLines, *words',
      ].join(', '),
      customers: 'id, name, tier, region, owner, industry, updatedAt, deletedAt, [tier+name], [owner+name], [region+name], [owner+updatedAt], *words',
    });
  }
}
