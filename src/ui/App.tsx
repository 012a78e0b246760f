import { A, Route, Router, type RouteSectionProps } from '@solidjs/router';
import { createEffect, For, lazy, Show, type JSX } from 'solid-js';
import { areaIds, otherLanguage, type AreaId } from './i18n';
import type { Locale } from './locale';
import { AccountGate } from './account/AccountGate';
import { ConnectionStatus } from './account/ConnectionStatus';
import { ServicesContext, type Services } from './services';

// The screens load on demand, so the price-model engine and the models stay out of the shell's chunk.
const ModelListPage = lazy(() => import('./configurator/ModelListPage'));
const ConfiguratorPage = lazy(() => import('./configurator/ConfiguratorPage'));
const LibraryPage = lazy(() => import('./library/LibraryPage'));
const ModelPage = lazy(() => import('./library/ModelPage'));
const QuoteListPage = lazy(() => import('./quotes/QuoteListPage'));
const NewQuotePage = lazy(() => import('./quotes/NewQuotePage'));
const QuotePage = lazy(() => import('./quotes/QuotePage'));
const ComparePage = lazy(() => import('./quotes/ComparePage'));
const CustomerListPage = lazy(() => import('./customers/CustomerListPage'));
const CustomerPage = lazy(() => import('./customers/CustomerPage'));
const PoliciesPage = lazy(() => import('./policies/PoliciesPage'));

/** Where each area's screen lives; areas without one are plain text, so nothing pretends to work. */
const areaPaths: Partial<Record<AreaId, string>> = {
  models: '/models',
  configurator: '/configure',
  quotes: '/quotes',
  customers: '/customers',
  policies: '/policies',
};

export interface AppProps {
  locale: Locale;
  services: Services;
}

/** The app: the shell around the model library, workbench, configurator, quotes, customers and price policies. */
export function App(props: AppProps): JSX.Element {
  const Shell = (section: RouteSectionProps) => (
    <ServicesContext.Provider value={props.services}>
      <AppShell locale={props.locale} wide={section.location.pathname.startsWith('/models/') || section.location.pathname.startsWith('/quotes/')}>
        <AccountGate locale={props.locale}>{section.children}</AccountGate>
      </AppShell>
    </ServicesContext.Provider>
  );
  return (
    <Router root={Shell}>
      <Route path="/" component={() => <p>{props.locale.text().shellNotice}</p>} />
      <Route path="/models" component={() => <LibraryPage locale={props.locale} />} />
      <Route path="/models/:modelId" component={(route: RouteSectionProps) => <ModelPage locale={props.locale} modelId={route.params.modelId ?? ''} />} />
      <Route path="/configure" component={() => <ModelListPage locale={props.locale} />} />
      <Route path="/configure/:modelId" component={(route: RouteSectionProps) => <ConfiguratorPage locale={props.locale} modelId={route.params.modelId ?? ''} />} />
      <Route path="/quotes" component={() => <QuoteListPage locale={props.locale} />} />
      <Route path="/quotes/new" component={() => <NewQuotePage locale={props.locale} />} />
      <Route path="/quotes/:quoteId" component={(route: RouteSectionProps) => <QuotePage locale={props.locale} quoteId={route.params.quoteId ?? ''} />} />
      <Route path="/quotes/:quoteId/compare" component={(route: RouteSectionProps) => <ComparePage locale={props.locale} quoteId={route.params.quoteId ?? ''} />} />
      <Route path="/customers" component={() => <CustomerListPage locale={props.locale} />} />
      <Route path="/customers/:customerId" component={(route: RouteSectionProps) => <CustomerPage locale={props.locale} customerId={route.params.customerId ?? ''} />} />
      <Route path="/policies" component={() => <PoliciesPage locale={props.locale} />} />
    </Router>
  );
}

/** The shell: product name, what it is, the language toggle, and the work areas. */
function AppShell(props: { locale: Locale; wide: boolean; children?: JSX.Element }): JSX.Element {
  const text = () => props.locale.text();

  // Screen readers and CJK font selection follow the page language.
  createEffect(() => {
    document.documentElement.lang = props.locale.language();
  });

  return (
    <div class="shell" classList={{ 'shell-wide': props.wide }}>
      <header class="shell-header">
        <img class="shell-logo" src="/favicon.svg" alt="" width="40" height="40" />
        <div class="shell-title">
          <h1>
            <span lang="zh-CN">算盘</span> <span lang="en">Suanpan</span>
          </h1>
          <p class="shell-tagline">{text().tagline}</p>
        </div>
        <ConnectionStatus locale={props.locale} />
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
                <Show
                  when={areaPaths[area]}
                  fallback={
                    <>
                      <span class="shell-area-name">{text().areas[area]}</span>
                      <span class="shell-area-status">{text().planned}</span>
                    </>
                  }
                >
                  {(path) => (
                    <A class="shell-area-name" href={path()} style={{ color: 'var(--accent)' }}>
                      {text().areas[area]}
                    </A>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </nav>

      <main class="shell-main">{props.children}</main>
    </div>
  );
}
