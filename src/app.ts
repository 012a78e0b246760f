/**
 * Composition root: the one place that creates the app's long-lived pieces and hands them
 * to the UI. Nothing else holds app state at module level. Storage (IndexedDB: the model
 * library, releases, saved configurations) is opened on first use, from its own chunk, so the
 * shell loads without Dexie, Yjs or the example models. Served by a Suanpan server, storage
 * opens only once someone is signed in, and then syncs through that server.
 */
import { pickLanguage } from './ui/i18n';
import { createLocale, type Locale } from './ui/locale';
import type { Account, AppStorage, Services } from './ui/services';

export interface AppServices {
  locale: Locale;
  services: Services;
}

export interface AppEnvironment {
  /** The browser's preferred languages, most preferred first (navigator.languages). */
  preferredLanguages: readonly string[];
}

/**
 * Screens and engines load on demand. Once storage is open, fetch the rest in the background:
 * a session that then loses the network can still open every screen and price every line.
 */
function prefetchScreens(): void {
  setTimeout(() => {
    void Promise.allSettled([
      import('./ui/quotes/QuotePage'),
      import('./ui/quotes/QuoteListPage'),
      import('./ui/quotes/NewQuotePage'),
      import('./ui/quotes/ComparePage'),
      import('./ui/customers/CustomerListPage'),
      import('./ui/customers/CustomerPage'),
      import('./ui/configurator/ConfiguratorPage'),
      import('./ui/configurator/ModelListPage'),
      import('./ui/library/LibraryPage'),
      import('./ui/library/ModelPage'),
      import('./ui/policies/PoliciesPage'),
      import('./domain/workbook/release'),
      import('./domain/rules/compileRules'),
    ]);
  }, 1000);
}

export function createApp(environment: AppEnvironment): AppServices {
  let account: Promise<Account> | undefined;
  const findAccount = (): Promise<Account> => {
    account ??= import('./sync/network/session').then(async ({ Session }) => {
      const found = await Session.detect({ fetch: window.fetch.bind(window), storage: localStorage, baseUrl: location.origin });
      return found.kind === 'local' ? { kind: 'local' } : { kind: 'server', session: found.session };
    });
    return account;
  };
  let storage: Promise<AppStorage> | undefined;
  const openStorage = (): Promise<AppStorage> => {
    storage ??= findAccount().then(async (found) => {
      const { openAppStorage } = await import('./appStorage');
      return openAppStorage(found.kind === 'server' ? { session: found.session, baseUrl: location.origin } : undefined);
    });
    // A failed open (storage blocked, quota) is retried by the next screen that asks.
    storage.then(prefetchScreens, () => (storage = undefined));
    return storage;
  };
  return {
    locale: createLocale(pickLanguage(environment.preferredLanguages)),
    services: { storage: openStorage, account: findAccount },
  };
}
