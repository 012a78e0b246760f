/**
 * Opens the browser's storage for the app: the Dexie database (library index, releases, saved
 * configurations) and the model documents (y-indexeddb). On the very first start the example
 * models from `workbooks/` are added to the library and released, so the configurator has
 * something to price; after that the library is the user's and is never re-seeded.
 * Loaded on first use (see app.ts): its chunk carries Dexie, Yjs and the example files.
 */
import type { PricingSettings } from './domain/pricing/PricingSettings';
import { ConfigurationStore } from './store/configurations';
import { SuanpanDb } from './store/db';
import { CustomerBook } from './sync/crm/customerBook';
import { seedDemo } from './sync/demo/seedDemo';
import type { DemoData } from './sync/demo/seedDemo';
import { DirectoryStore } from './sync/directory/directoryStore';
import { indexedDbPersistence } from './sync/persistence';
import { ModelLibrary } from './sync/modelLibrary';
import { QuoteBook } from './sync/quote/quoteBook';
import type { AppStorage } from './ui/services';
import demoSettings from '../workbooks/demo/pricing-settings.json';
import demoCustomers from '../workbooks/demo/customers.json';

const prefix = '../workbooks/';
const exampleFiles = import.meta.glob<string>('../workbooks/**/*.workbook.json', { query: '?raw', import: 'default' });

/** Every example workbook's text, keyed by its path under `workbooks/` (how includes name them). */
async function readExamples(): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(exampleFiles).map(async ([path, load]) => [path.slice(prefix.length), await load()] as const));
  return Object.fromEntries(entries);
}

export async function openAppStorage(): Promise<AppStorage> {
  const db = new SuanpanDb();
  const library = await ModelLibrary.open({ db, persistence: indexedDbPersistence });
  const seeded = await library.seedExamples(await readExamples());
  // A broken example file must not stop the app; it is reported where developers look.
  for (const problem of seeded.errors) console.error(`example model ${problem.file}: ${problem.message}`);
  const directory = await DirectoryStore.open(indexedDbPersistence);
  const customers = await CustomerBook.open({ db, persistence: indexedDbPersistence, settings: () => directory.settings() });
  const quotes = new QuoteBook({ db, persistence: indexedDbPersistence, library, directory, customers });
  // The demo workspace, once; never over the user's own data (seedDemo checks each part).
  const demo: DemoData = { settings: demoSettings as PricingSettings, customers: demoCustomers as DemoData['customers'] };
  const report = await seedDemo({ db, directory, customers, quotes }, demo);
  for (const problem of report.problems) console.error(`demo data: ${problem}`);
  // Quotes whose validity passed while the app was closed are marked expired.
  await quotes.expireOverdue();
  return { db, library, configurations: new ConfigurationStore(db), directory, customers, quotes };
}
