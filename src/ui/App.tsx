import { createEffect, For, type JSX } from 'solid-js';
import { areaIds, otherLanguage } from './i18n';
import type { Locale } from './locale';

export interface AppProps {
  locale: Locale;
}

/**
 * The app shell: product name, what it is, the language toggle, and the work areas to come.
 * The areas are plain text until their screens exist, so nothing pretends to work.
 */
export function App(props: AppProps): JSX.Element {
  const text = () => props.locale.text();

  // Screen readers and CJK font selection follow the page language.
  createEffect(() => {
    document.documentElement.lang = props.locale.language();
  });

  return (
    <div class="shell">
      <header class="shell-header">
        <img class="shell-logo" src="/favicon.svg" alt="" width="40" height="40" />
        <div class="shell-title">
          <h1>
            <span lang="zh-CN">算盘</span> <span lang="en">Suanpan</span>
          </h1>
          <p class="shell-tagline">{text().tagline}</p>
        </div>
        <button
          type="button"
          class="shell-language"
          lang={otherLanguage(props.locale.language())}
          title={text().switchLanguageHint}
          aria-label={text().switchLanguageHint}
          onClick={() => props.locale.switchLanguage()}
        >
          {text().switchLanguage}
        </button>
      </header>

      <nav class="shell-nav" aria-label={text().navLabel}>
        <ul>
          <For each={areaIds}>
            {(area) => (
              <li class="shell-area">
                <span class="shell-area-name">{text().areas[area]}</span>
                <span class="shell-area-status">{text().planned}</span>
              </li>
            )}
          </For>
        </ul>
      </nav>

      <main class="shell-main">
        <p>{text().shellNotice}</p>
      </main>
    </div>
  );
}
