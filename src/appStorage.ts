/**
 * Opens the browser's storage for the app: the Dexie database (library index, releases, saved
 * configurations) and the documents (y-indexeddb).
 *
 * Without a server (a static host), the very first start seeds the example models and the demo
 * workspace locally; after that the data is the user's and is never re-seeded. Served by a
 * Suanpan server, every document also syncs through it (SyncedPersistence): the server seeded
 * the workspace once for everybody, so the device seeds nothing and instead adopts the models and
 * quotes it has not seen yet (catchUp), now and at every reconnection.
 * Loaded on first use (see app.ts): its chunk carries Dexie, Yjs and the example files.
 */
import type { PricingSettings } from './domain/pricing/PricingSettings';
import { ConfigurationStore } from './store/configurations';
import { SuanpanDb } from './store/db';
import { CustomerBook } from './sync/crm/customerBook';
import { seedDemo } from './sync/demo/seedDemo';
import type { DemoData } from './sync/demo/seedDemo';
import { DirectoryStore } from './sync/directory/directoryStore';
import { catchUp } from './sync/network/catchUp';
import type { CatchUpReport } from './sync/network/catchUp';
import type { Session } from './sync/network/session';
import { SyncedPersistence, colourFor } from './sync/network/syncedPersistence';
import type { SyncStatus } from './sync/network/syncedPersistence';
import { indexedDbPersistence } from './sync/persistence';
import type { DocPersistence } from './sync/persistence';
import { ModelLibrary } from './sync/modelLibrary';
import { QuoteBook } from './sync/quote/quoteBook';
import type { AppStorage, NetworkLink } from './ui/services';
import demoSettings from '../workbooks/demo/pricing-settings.json';
import demoCustomers from '../workbooks/demo/customers.json';

const prefix = '../workbooks/';
const exampleFiles = import.meta.glob<string>('../workbooks/**/*.workbook.json', { query: '?raw', import: 'default' });

/** Every example workbook's text, keyed by its path under `workbooks/` (how includes name them). */
async function readExamples(): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(exampleFiles).map(async ([path, load]) => [path.slice(prefix.length), await load()] as const));
  return Object.fromEntries(entries);
}

/** The server this app was served by, with the signed-in user. */
export interface ServerConnection {
  readonly session: Session;
  /** The app's origin (location.origin). */
  readonly baseUrl: string;
}

export async function openAppStorage(server?: ServerConnection): Promise<AppStorage> {
  const db = new SuanpanDb();
  const network = server ? connect(server) : undefined;
  const persistence: DocPersistence = network?.persistence ?? indexedDbPersistence;
  const library = await ModelLibrary.open({ db, persistence });
  const directory = await DirectoryStore.open(persistence);
  const customers = await CustomerBook.open({ db, persistence, settings: () => directory.settings() });
  const quotes = new QuoteBook({ db, persistence, library, directory, customers, ...(network ? { numbering: serverNumbering(network) } : {}) });
  if (network) {
    const run = (): Promise<CatchUpReport> =>
      catchUp(
        { baseUrl: network.baseUrl, fetch: window.fetch.bind(window), token: () => network.session.accessToken(), storage: localStorage },
        { adoptModel: async (id) => (await library.adopt(id)) !== undefined, adoptQuote: (id) => quotes.adopt(id) },
      ).then((report) => {
        for (const problem of report.problems) console.error(`sync: ${problem}`);
        return report;
      });
    // The first look at the server is awaited (the lists should not start empty); later ones
    // run at each reconnection, in the background.
    await run().catch((e: unknown) => console.error(`sync: could not reach the server's document list: ${e instanceof Error ? e.message : String(e)}`));
    let was = network.persistence.status().state;
    network.persistence.onStatus((status: SyncStatus) => {
      if (was === 'offline' && status.state !== 'offline') void run().catch(() => undefined);
      was = status.state;
    });
  } else {
    await seedLocally(db, library, directory, customers, quotes);
  }
  // Quotes whose validity passed while the app was closed are marked expired.
  await quotes.expireOverdue();
  return { db, library, configurations: new ConfigurationStore(db), directory, customers, quotes, network };
}

/** Documents sync through the server; the browser's online/offline events drive the connection. */
function connect(server: ServerConnection): NetworkLink {
  const user = server.session.user;
  if (!user) throw new Error('sign in before opening the workspace');
  const url = new URL('/sync', server.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const persistence = new SyncedPersistence(indexedDbPersistence, {
    url: url.href,
    token: () => server.session.accessToken(),
    user: { ...user, colour: colourFor(user.username) },
    storage: localStorage,
    onError: (e) => console.error(`sync: ${e instanceof Error ? e.message : String(e)}`),
  });
  window.addEventListener('offline', () => persistence.goOffline());
  window.addEventListener('online', () => persistence.goOnline());
  return { persistence, session: server.session, baseUrl: server.baseUrl };
}

/** Quote numbers from the server, unique across devices (POST /api/quote-numbers). */
function serverNumbering(network: NetworkLink): (scheme: string, year: number, atLeast: number) => Promise<number> {
  return async (scheme, year, atLeast) => {
    const res = await fetch(`${network.baseUrl}/api/quote-numbers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await network.session.accessToken()}` },
      body: JSON.stringify({ scheme, year, atLeast }),
    });
    const body = (await res.json()) as { sequence?: unknown; error?: unknown };
    if (!res.ok || typeof body.sequence !== 'number') throw new Error(`the server gave no quote number: ${String(body.error ?? res.status)}`);
    return body.sequence;
  };
}

/** No server: the example models and the demo workspace, once, never over the user's own data. */
async function seedLocally(db: SuanpanDb, library: ModelLibrary, directory: DirectoryStore, customers: CustomerBook, quotes: QuoteBook): Promise<void> {
  const seeded = await library.seedExamples(await readExamples());
  // A broken example file must not stop the app; it is reported where developers look.
  for (const problem of seeded.errors) console.error(`example model ${problem.file}: ${problem.message}`);
  const demo: DemoData = { settings: demoSettings as PricingSettings, customers: demoCustomers as DemoData['customers'] };
  const report = await seedDemo({ db, directory, customers, quotes }, demo);
  for (const problem of report.problems) console.error(`demo data: ${problem}`);
}
