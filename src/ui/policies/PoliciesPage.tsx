import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { Locale } from '../locale';
import { useServices, type AppStorage } from '../services';
import { CatalogueSection } from './CatalogueSection';
import { createSettings } from './directorySettings';
import { GeneralSection } from './GeneralSection';
import { IndicesSection } from './IndicesSection';
import { policyMessages, policyTabs, type PolicyTab } from './policyMessages';
import { TableSection } from './TableSection';
import { currenciesSpec, loadFactorsSpec, regionsSpec, tiersSpec } from './tableSpecs';
import './policies.css';

/** The admin's price policies: one tab per part of the directory, each edited as a table and saved on its own. */
export default function PoliciesPage(props: { locale: Locale }): JSX.Element {
  const services = useServices();
  const text = () => policyMessages[props.locale.language()];
  const [storage] = createResource(() => services.storage());
  return (
    <section class="policies">
      <h2>{text().title}</h2>
      <p class="policy-intro">{text().intro}</p>
      <Show when={!storage.error} fallback={<p class="policy-problem">{text().failed + String(storage.error)}</p>}>
        <Show when={storage()} fallback={<p>{text().loading}</p>}>
          {(s) => <Policies storage={s()} locale={props.locale} />}
        </Show>
      </Show>
    </section>
  );
}

function tabFromHash(): PolicyTab {
  const hash = window.location.hash.replace(/^#/u, '');
  return (policyTabs as readonly string[]).includes(hash) ? (hash as PolicyTab) : 'general';
}

function Policies(props: { storage: AppStorage; locale: Locale }): JSX.Element {
  const text = () => policyMessages[props.locale.language()];
  const read = createSettings(props.storage.directory);
  const [tab, setTab] = createSignal<PolicyTab>(tabFromHash());
  const [dirty, setDirty] = createStore<Partial<Record<PolicyTab, boolean>>>({});

  const choose = (next: PolicyTab) => {
    setTab(next);
    // The tab is in the address, so a reload (or a shared link) opens the same part.
    history.replaceState(history.state, '', `#${next}`);
  };

  const customers = () => props.storage.customers.all();
  const specs = { tiers: tiersSpec(customers), regions: regionsSpec(customers) };

  return (
    <Show
      when={(() => {
        const r = read();
        return r.ok ? r.settings : undefined;
      })()}
      fallback={
        <p class="policy-problem">
          {text().unavailable}
          {(() => {
            const r = read();
            return r.ok ? '' : r.problems.join('; ');
          })()}
        </p>
      }
    >
      {(settings) => {
        const section = (id: PolicyTab) => ({
          settings,
          directory: props.storage.directory,
          locale: props.locale,
          onDirty: (d: boolean) => setDirty(id, d),
        });
        return (
          <div class="policy-layout">
            <div class="policy-tabs" role="tablist" aria-label={text().title}>
              <For each={policyTabs}>
                {(id) => (
                  <button
                    type="button"
                    role="tab"
                    id={`policy-tab-${id}`}
                    data-testid={`tab-${id}`}
                    aria-selected={tab() === id}
                    aria-controls={`policy-panel-${id}`}
                    classList={{ 'policy-tab': true, 'policy-tab-active': tab() === id }}
                    onClick={() => choose(id)}
                  >
                    {text().tabs[id]}
                    <Show when={dirty[id]}>
                      <span class="policy-unsaved" title={text().unsavedMark}>
                        {' •'}
                      </span>
                    </Show>
                  </button>
                )}
              </For>
            </div>
            {/* Every section stays mounted, so unsaved edits survive a change of tab. */}
            <Panel id="general" tab={tab()}>
              <GeneralSection {...section('general')} />
            </Panel>
            <Panel id="tiers" tab={tab()}>
              <TableSection {...section('tiers')} spec={specs.tiers} />
            </Panel>
            <Panel id="regions" tab={tab()}>
              <TableSection {...section('regions')} spec={specs.regions} />
            </Panel>
            <Panel id="load" tab={tab()}>
              <TableSection {...section('load')} spec={loadFactorsSpec} />
            </Panel>
            <Panel id="catalogue" tab={tab()}>
              <CatalogueSection {...section('catalogue')} />
            </Panel>
            <Panel id="indices" tab={tab()}>
              <IndicesSection {...section('indices')} />
            </Panel>
            <Panel id="currencies" tab={tab()}>
              <TableSection {...section('currencies')} spec={currenciesSpec} />
            </Panel>
          </div>
        );
      }}
    </Show>
  );
}

function Panel(props: { id: PolicyTab; tab: PolicyTab; children: JSX.Element }): JSX.Element {
  return (
    <div class="policy-panel" role="tabpanel" id={`policy-panel-${props.id}`} aria-labelledby={`policy-tab-${props.id}`} hidden={props.tab !== props.id}>
      {props.children}
    </div>
  );
}
