/**
 * Composition root: the one place that creates the app's long-lived pieces and hands them
 * to the UI. Nothing else holds app state at module level. Storage, sync and the price-model
 * engine will be wired here as they arrive.
 */
import { pickLanguage } from './ui/i18n';
import { createLocale, type Locale } from './ui/locale';

export interface AppServices {
  locale: Locale;
}

export interface AppEnvironment {
  /** The browser's preferred languages, most preferred first (navigator.languages). */
  preferredLanguages: readonly string[];
}

export function createApp(environment: AppEnvironment): AppServices {
  return {
    locale: createLocale(pickLanguage(environment.preferredLanguages)),
  };
}
