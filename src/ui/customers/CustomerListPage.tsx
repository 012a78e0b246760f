import { A } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, on, onCleanup, Show, untrack, type JSX } from 'solid-js';
import type { CustomerEntry } from '../../store/quoteEntry';
import type { Locale } from '../locale';
import { createSettings, regionLabel, tierLabel } from '../policies/directorySettings';
import { useServices, type AppStorage } from '../services';
import { customerMessages } from './customerMessages';
import { listCustomers } from './customerRows';
import './customers.css';

const PAGE_SIZE = 25;
/** The most rows read again at once when the list refreshes (the query's page limit). */
const MAX_PAGE = 1000;

/** The sales manager's customer list: search, filters by tier, region and owner, sort, paging. */
export default function CustomerListPage(props: { locale: Locale }): JSX.Element {
  const services = useServices();
  const text = () => customerMessages[props.locale.language()];
  const [storage] = createResource(() => services.storage());

  return (
    <section class="customers">
      <div class="customers-header">
        <h2>{text().title}</h2>
        <A class="customers-button customers-primary" href="/customers/new" data-testid="new-customer">
          {text().newCustomer}
        </A>
      </div>
      <p class="customers-intro">{text().intro}</p>
      <Show when={!storage.error} fallback={<p class="customers-problem">{text().failed + String(storage.error)}</p>}>
        <Show when={storage()} fallback={<p>{text().loading}</p>}>
          {(s) => <CustomerList storage={s()} locale={props.locale} />}
        </Show>
      </Show>
    </section>
  );
}

function CustomerList(props: { storage: AppStorage; locale: Locale }): JSX.Element {
  const { db, customers, directory } = props.storage;
  const text = () => customerMessages[props.locale.language()];
  const settingsRead = createSettings(directory);
  const settings = () => {
    const read = settingsRead();
    return read.ok ? read.settings : undefined;
  };

  const [search, setSearch] = createSignal('');
  const [tier, setTier] = createSignal('');
  const [region, setRegion] = createSignal('');
  const [owner, setOwner] = createSignal('');
  const [sort, setSort] = createSignal<'name' | 'updated'>('name');
  const [rows, setRows] = createSignal<readonly CustomerEntry[]>();
  const [hasMore, setHasMore] = createSignal(false);
  const [failure, setFailure] = createSignal<string>();

  const filters = () => ({ text: search(), tier: tier(), region: region(), owner: owner(), sort: sort() });
  // Only the newest request may fill the list: a slow answer to an older search is dropped.
  let ticket = 0;
  const load = async (offset: number, limit: number, append: boolean) => {
    const mine = ++ticket;
    const f = untrack(filters);
    try {
      const page = await listCustomers(db, {
        text: f.text,
        sort: f.sort,
        offset,
        limit,
        ...(f.tier ? { tier: f.tier } : {}),
        ...(f.region ? { region: f.region } : {}),
        ...(f.owner ? { owner: f.owner } : {}),
      });
      if (mine !== ticket) return;
      setRows((shown) => (append ? [...(shown ?? []), ...page.rows] : page.rows));
      setHasMore(page.hasMore);
      setFailure(undefined);
    } catch (e) {
      if (mine === ticket) setFailure(e instanceof Error ? e.message : String(e));
    }
  };
  // A new search or filter starts again from the first page.
  createEffect(on(filters, () => void load(0, PAGE_SIZE, false)));
  const more = () => void load(untrack(rows)?.length ?? 0, PAGE_SIZE, true);

  // The list reads the projection, which follows the document a moment later: wait for it,
  // then read again as many rows as are shown.
  const stop = customers.onChange(
    () =>
      void customers.flush().then(() => {
        const shown = untrack(rows)?.length ?? 0;
        return load(0, Math.min(MAX_PAGE, Math.max(PAGE_SIZE, shown)), false);
      }),
  );
  onCleanup(stop);

  const filtered = () => search().trim() !== '' || tier() !== '' || region() !== '' || owner() !== '';

  return (
    <div class="customers-body">
      <div class="customers-tools">
        <label class="customers-search">
          <span>{text().search}</span>
          <input type="search" data-testid="customer-search" placeholder={text().searchPlaceholder} value={search()} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <label>
          <span>{text().tier}</span>
          <select data-testid="filter-tier" value={tier()} onChange={(e) => setTier(e.currentTarget.value)}>
            <option value="">{text().all}</option>
            <For each={settings()?.tiers ?? []}>{(t) => <option value={t.policy.key}>{tierLabel(settings(), t.policy.key, props.locale.language())}</option>}</For>
          </select>
        </label>
        <label>
          <span>{text().region}</span>
          <select data-testid="filter-region" value={region()} onChange={(e) => setRegion(e.currentTarget.value)}>
            <option value="">{text().all}</option>
            <For each={settings()?.regions ?? []}>{(r) => <option value={r.policy.region}>{regionLabel(settings(), r.policy.region, props.locale.language())}</option>}</For>
          </select>
        </label>
        <label>
          <span>{text().owner}</span>
          <select data-testid="filter-owner" value={owner()} onChange={(e) => setOwner(e.currentTarget.value)}>
            <option value="">{text().all}</option>
            <For each={settings()?.owners ?? []}>{(o) => <option value={o}>{o}</option>}</For>
          </select>
        </label>
        <label>
          <span>{text().sort}</span>
          <select data-testid="sort" value={sort()} onChange={(e) => setSort(e.currentTarget.value === 'updated' ? 'updated' : 'name')}>
            <option value="name">{text().sortName}</option>
            <option value="updated">{text().sortUpdated}</option>
          </select>
        </label>
      </div>

      <Show when={failure()}>
        {(f) => (
          <p class="customers-problem" role="alert">
            {text().failed + f()}
          </p>
        )}
      </Show>
      <Show when={rows()} fallback={<p>{text().loading}</p>}>
        {(list) => (
          <>
            <p class="customers-count" data-testid="customer-count">
              {text().count(list().length, hasMore())}
            </p>
            <Show when={list().length > 0} fallback={<p>{filtered() ? text().noMatch : text().empty}</p>}>
              <table class="customers-table">
                <thead>
                  <tr>
                    <th>{text().name}</th>
                    <th>{text().tier}</th>
                    <th>{text().region}</th>
                    <th>{text().owner}</th>
                    <th>{text().industry}</th>
                    <th>{text().updated}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(c) => (
                      <tr data-customer={c.id}>
                        <td>
                          <A href={`/customers/${encodeURIComponent(c.id)}`} data-testid="customer-link">
                            {c.name}
                          </A>
                        </td>
                        <td>
                          <span class="customers-tier" data-tier={c.tier}>
                            {tierLabel(settings(), c.tier, props.locale.language())}
                          </span>
                        </td>
                        <td>{regionLabel(settings(), c.region, props.locale.language())}</td>
                        <td>{c.owner}</td>
                        <td>{c.industry}</td>
                        <td>
                          <time datetime={c.updatedAt}>{new Date(c.updatedAt).toLocaleDateString(props.locale.language())}</time>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <Show when={hasMore()}>
              <button type="button" class="customers-button customers-more" data-testid="more-customers" onClick={more}>
                {text().more}
              </button>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
