/**
 * The app's long-lived services as the screens reach them: handed down once from the
 * composition root (src/app.ts) through a Solid context, never held at module level.
 */
import { createContext, useContext } from 'solid-js';
import type { ConfigurationStore } from '../store/configurations';
import type { SuanpanDb } from '../store/db';
import type { CustomerBook } from '../sync/crm/customerBook';
import type { DirectoryStore } from '../sync/directory/directoryStore';
import type { ModelLibrary } from '../sync/modelLibrary';
import type { Session } from '../sync/network/session';
import type { SyncedPersistence } from '../sync/network/syncedPersistence';
import type { QuoteBook } from '../sync/quote/quoteBook';

/**
 * Local storage (IndexedDB), opened on first use: models and releases, saved configurations,
 * the price policies (directory), customers (crm) and quotes, each list with its projection in `db`.
 */
export interface AppStorage {
  readonly db: SuanpanDb;
  readonly library: ModelLibrary;
  readonly configurations: ConfigurationStore;
  readonly directory: DirectoryStore;
  readonly customers: CustomerBook;
  readonly quotes: QuoteBook;
  /** The sync server the documents go through; undefined when the app runs without one. */
  readonly network: NetworkLink | undefined;
}

export interface NetworkLink {
  readonly persistence: SyncedPersistence;
  readonly session: Session;
  readonly baseUrl: string;
}

/** Whether a Suanpan server serves this app, and who is signed in there. */
export type Account = { readonly kind: 'local' } | { readonly kind: 'server'; readonly session: Session };

export interface Services {
  /** Opens storage once (and seeds the example models on the first start); later calls share it. */
  storage(): Promise<AppStorage>;
  /** Asks the origin once whether it is a Suanpan server; storage waits for a sign-in there. */
  account(): Promise<Account>;
}

export const ServicesContext = createContext<Services>();

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('screens must be rendered inside <App>, which provides the services');
  return services;
}
