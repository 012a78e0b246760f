import { createSignal, type Accessor } from 'solid-js';
import { messages, otherLanguage, type Language, type Messages } from './i18n';

/** The interface language the user currently sees, and the way to change it. */
export interface Locale {
  language: Accessor<Language>;
  /** The texts of the current language. */
  text: Accessor<Messages>;
  switchLanguage(): void;
}

export function createLocale(initial: Language): Locale {
  const [language, setLanguage] = createSignal<Language>(initial);
  return {
    language,
    text: () => messages[language()],
    switchLanguage: () => setLanguage(otherLanguage(language())),
  };
}
