/**
 * The app's long-lived services as the screens reach them: handed down once from the
 * composition root (src/app.ts) through a Solid context, never held at module level.
 */
import { createContext, useContext } from 'solid-js';
import type { ConfigurationStore } from '../store/configurations';
import type { ModelLibrary } from '../sync/modelLibrary';

/** Local storage of models, releases and saved configurations (IndexedDB), opened on first use. */
export interface AppStorage {
  readonly library: ModelLibrary;
  readonly configurations: ConfigurationStore;
}

export interface Services {
  /** Opens storage once (and seeds the example models on the first start); later calls share it. */
  storage(): Promise<AppStorage>;
}

export const ServicesContext = createContext<Services>();

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('screens must be rendered inside <App>, which provides the services');
  return services;
}
