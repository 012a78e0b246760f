/**
 * A complete local workspace in Node for tests that cross layers: Dexie on fake-indexeddb,
 * documents in memory, the example models seeded and released, the demo price policies and
 * customers, and the quote book.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { PricingSettings } from '../../src/domain/pricing/PricingSettings.js';
import { SuanpanDb } from '../../src/store/db.js';
import { CustomerBook } from '../../src/sync/crm/customerBook.js';
import { seedDemo } from '../../src/sync/demo/seedDemo.js';
import type { DemoData, SeedDemoReport } from '../../src/sync/demo/seedDemo.js';
import { DirectoryStore } from '../../src/sync/directory/directoryStore.js';
import { ModelLibrary } from '../../src/sync/modelLibrary.js';
import { MemoryDocPersistence } from '../../src/sync/persistence.js';
import { QuoteBook } from '../../src/sync/quote/quoteBook.js';
import type { QuoteBookOptions } from '../../src/sync/quote/quoteBook.js';
import { workbookFiles } from './workbooks.js';

export function demoData(): DemoData {
  return {
    settings: JSON.parse(readFileSync('workbooks/demo/pricing-settings.json', 'utf8')) as PricingSettings,
    customers: JSON.parse(readFileSync('workbooks/demo/customers.json', 'utf8')) as DemoData['customers'],
  };
}

export interface QuoteWorld {
  readonly db: SuanpanDb;
  readonly persistence: MemoryDocPersistence;
  readonly library: ModelLibrary;
  readonly directory: DirectoryStore;
  readonly customers: CustomerBook;
  readonly quotes: QuoteBook;
  readonly demo: SeedDemoReport | undefined;
  close(): Promise<void>;
}

let counter = 0;

/** The demo's policies and customers; its 14 quotes too with `seedDemo`. */
export async function openQuoteWorld(
  options: { seedDemo?: boolean; now?: () => Date; settings?: (s: PricingSettings) => PricingSettings; numbering?: QuoteBookOptions['numbering'] } = {},
): Promise<QuoteWorld> {
  const db = new SuanpanDb(`quote-world-${++counter}-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const persistence = new MemoryDocPersistence();
  const library = await ModelLibrary.open({ db, persistence });
  const files = Object.fromEntries(workbookFiles('workbooks').map((f) => [relative('workbooks', f), readFileSync(f, 'utf8')]));
  const seeded = await library.seedExamples(files);
  if (seeded.errors.length > 0) throw new Error(seeded.errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
  const directory = await DirectoryStore.open(persistence);
  const data = demoData();
  const settings = options.settings ? options.settings(data.settings) : data.settings;
  const customers = await CustomerBook.open({ db, persistence, settings: () => directory.settings() });
  const quotes = new QuoteBook({ db, persistence, library, directory, customers, projectionDelayMs: 0, ...(options.now ? { now: options.now } : {}), ...(options.numbering ? { numbering: options.numbering } : {}) });
  let demo: SeedDemoReport | undefined;
  if (options.seedDemo ?? false) demo = await seedDemo({ db, directory, customers, quotes }, { ...data, settings }, 'demo', options.now ? options.now() : new Date());
  else {
    // Policies and customers only: pricing a demo quote set costs seconds per test.
    const r = directory.seed(settings);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    for (const { id, ...input } of data.customers) {
      const made = customers.create(input, id);
      if (!made.ok) throw new Error(made.problems.join('\n'));
    }
    await customers.flush();
  }
  return {
    db,
    persistence,
    library,
    directory,
    customers,
    quotes,
    demo,
    async close() {
      await quotes.dispose();
      await customers.close();
      await directory.close();
      await library.dispose();
      db.close();
    },
  };
}
