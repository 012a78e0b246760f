import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, on, onCleanup, Show, type JSX } from 'solid-js';
import { businessDate, isValidityPassed, QUOTE_STATES } from '../../domain/quote/lifecycle';
import type { QuoteState } from '../../domain/quote/lifecycle';
import type { QuoteEntry } from '../../store/quoteEntry';
import { queryQuotes } from '../../store/quoteQueries';
import type { QuoteQuery, QuoteSortField } from '../../store/quoteQueries';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import { useServices, type AppStorage } from '../services';
import { downloadFile } from './download';
import { formatBasisPoints, formatMinorMoney, STATE_LABELS } from './quoteLabels';
import { quoteListMessages, type QuoteSortKey } from './quoteListMessages';
import './quoteList.css';

const PAGE_SIZE = 50;
// The largest page queryQuotes allows: an export of everything reads as few pages as it can.
const EXPORT_PAGE_SIZE = 1000;
const SEARCH_DEBOUNCE_MS = 150;
/** The URL's short sort names and the projection fields they sort on. */
const SORT_FIELDS: Record<QuoteSortKey, QuoteSortField> = { updated: 'updatedAt', quoteDate: 'quoteDate', total: 'totalMinor', number: 'number', customer: 'customerName' };
const SORT_KEYS = Object.keys(SORT_FIELDS) as QuoteSortKey[];
/** States in which a passed validity date matters: the offer is still out. */
const OPEN_STATES: readonly QuoteState[] = ['inquiry', 'solution_design', 'quoted', 'approval', 'sent'];

/** The quote list: search, filters and sort kept in the URL, paged, exportable as CSV and XLSX. */
export default function QuoteListPage(props: { locale: Locale }): JSX.Element {
  const services = useServices();
  const text = () => quoteListMessages[props.locale.language()];
  const [storage] = createResource(() => services.storage());

  return (
    <section class="quotes">
      <h2>{text().title}</h2>
      <p class="quotes-intro">{text().intro}</p>
      <Show when={!storage.error} fallback={<p class="quotes-problem" role="alert">{text().failed + errorText(storage.error)}</p>}>
        <Show when={storage()} fallback={<p>{text().loading}</p>}>{(s) => <QuoteList storage={s()} locale={props.locale} />}</Show>
      </Show>
    </section>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type ListParams = { q?: string; state?: string; owner?: string; line?: string; from?: string; to?: string; sort?: string; dir?: string };

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** What the URL says to show. */
interface ListFilters {
  readonly search: string;
  readonly states: readonly QuoteState[];
  readonly owner: string;
  readonly productLine: string;
  readonly from?: string;
  readonly to?: string;
  readonly sort: QuoteSortKey;
  readonly direction: 'asc' | 'desc';
}

/** The filters a URL query names; anything unknown in it is ignored rather than failing the page. */
function filtersFrom(params: Partial<Record<keyof ListParams, string | string[]>>): ListFilters {
  const states = one(params.state)
    .split(',')
    .filter((s): s is QuoteState => (QUOTE_STATES as readonly string[]).includes(s));
  const sort = one(params.sort);
  const from = one(params.from);
  const to = one(params.to);
  return {
    search: one(params.q).trim(),
    states,
    owner: one(params.owner),
    productLine: one(params.line),
    ...(isDate(from) ? { from } : {}),
    ...(isDate(to) ? { to } : {}),
    sort: SORT_KEYS.find((k) => k === sort) ?? 'updated',
    direction: one(params.dir) === 'asc' ? 'asc' : 'desc',
  };
}

function listQuery(f: ListFilters, limit: number, offset: number): QuoteQuery {
  return {
    search: f.search,
    states: f.states,
    owner: f.owner,
    productLine: f.productLine,
    ...(f.from === undefined ? {} : { from: f.from }),
    ...(f.to === undefined ? {} : { to: f.to }),
    sort: SORT_FIELDS[f.sort],
    direction: f.direction,
    limit,
    offset,
  };
}

function QuoteList(props: { storage: AppStorage; locale: Locale }): JSX.Element {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams<ListParams>();
  const text = () => quoteListMessages[props.locale.language()];
  const language = (): Language => props.locale.language();
  const db = props.storage.db;
  const settings = props.storage.directory.read();
  const owners = settings.ok ? settings.settings.owners : [];

  const filters = createMemo(() => filtersFrom(params), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });

  // Product lines offered: those of the library's models and of the catalogue.
  const [productLines] = createResource(async () => {
    const models = await props.storage.library.list();
    const catalogue = settings.ok ? settings.settings.catalogue.map((c) => c.productLine) : [];
    return [...new Set([...models.map((m) => m.productLine), ...catalogue].filter((l) => l.trim() !== ''))].sort();
  });

  // The search box writes the URL a moment after typing stops, so each key does not query.
  const [draft, setDraft] = createSignal(one(params.q));
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const typeSearch = (value: string) => {
    setDraft(value);
    if (searchTimer !== undefined) clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      searchTimer = undefined;
      setParams({ q: value }, { replace: true });
    }, SEARCH_DEBOUNCE_MS);
  };
  onCleanup(() => clearTimeout(searchTimer));
  // Back/forward or a pasted link changes the query under the box.
  createEffect(
    on(
      () => one(params.q),
      (q) => {
        if (searchTimer === undefined && q !== draft()) setDraft(q);
      },
    ),
  );

  const [rows, setRows] = createSignal<readonly QuoteEntry[]>();
  const [hasMore, setHasMore] = createSignal(false);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [problem, setProblem] = createSignal<string>();
  const [exporting, setExporting] = createSignal(false);
  // Answers to an older filter are dropped: only the latest query may fill the list.
  let generation = 0;

  createEffect(
    on(filters, (f) => {
      const mine = ++generation;
      setProblem(undefined);
      queryQuotes(db, listQuery(f, PAGE_SIZE, 0)).then(
        (page) => {
          if (mine !== generation) return;
          setRows(page.rows);
          setHasMore(page.hasMore);
        },
        (e: unknown) => {
          if (mine === generation) setProblem(text().failed + errorText(e));
        },
      );
    }),
  );

  const loadMore = async () => {
    const mine = generation;
    const shown = rows() ?? [];
    setLoadingMore(true);
    try {
      const page = await queryQuotes(db, listQuery(filters(), PAGE_SIZE, shown.length));
      if (mine !== generation) return;
      setRows([...shown, ...page.rows]);
      setHasMore(page.hasMore);
    } catch (e) {
      setProblem(text().failed + errorText(e));
    } finally {
      setLoadingMore(false);
    }
  };

  /** Every quote the filters match, not only the pages shown. */
  const allMatching = async (): Promise<QuoteEntry[]> => {
    const all: QuoteEntry[] = [];
    for (;;) {
      const page = await queryQuotes(db, listQuery(filters(), EXPORT_PAGE_SIZE, all.length));
      all.push(...page.rows);
      if (!page.hasMore || page.rows.length === 0) return all;
    }
  };

  const exportList = async (kind: 'csv' | 'xlsx') => {
    setExporting(true);
    setProblem(undefined);
    try {
      const [list, exporter] = await Promise.all([allMatching(), import('../../documents/quoteExport')]);
      const name = `quotes-${businessDate(new Date())}.${kind}`;
      if (kind === 'csv') downloadFile(name, exporter.quoteListCsv(list, language()), 'text/csv;charset=utf-8');
      else downloadFile(name, await exporter.quoteListXlsx(list, language()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } catch (e) {
      setProblem(text().exportFailed + errorText(e));
    } finally {
      setExporting(false);
    }
  };

  const toggleState = (state: QuoteState, on: boolean) => {
    const now = new Set(filters().states);
    if (on) now.add(state);
    else now.delete(state);
    // Kept in lifecycle order, so the same filter always reads as the same URL.
    setParams({ state: QUOTE_STATES.filter((s) => now.has(s)).join(',') }, { replace: true });
  };

  const filtered = () => {
    const f = filters();
    return f.search !== '' || f.states.length > 0 || f.owner !== '' || f.productLine !== '' || f.from !== undefined || f.to !== undefined;
  };

  const clear = () => {
    if (searchTimer !== undefined) clearTimeout(searchTimer);
    searchTimer = undefined;
    setDraft('');
    setParams({ q: '', state: '', owner: '', line: '', from: '', to: '' }, { replace: true });
  };

  const open = (entry: QuoteEntry) => navigate(`/quotes/${encodeURIComponent(entry.id)}`);
  const today = new Date();

  return (
    <div class="quotes-body">
      <div class="quotes-tools">
        <label class="quotes-search">
          {text().search}
          <input type="search" data-testid="quote-search" placeholder={text().searchPlaceholder} value={draft()} onInput={(e) => typeSearch(e.currentTarget.value)} />
        </label>
        <div class="quotes-actions">
          <A class="button primary" href="/quotes/new" data-testid="new-quote-link">
            {text().newQuote}
          </A>
          <button type="button" data-testid="export-csv" disabled={exporting()} onClick={() => void exportList('csv')}>
            {text().exportCsv}
          </button>
          <button type="button" data-testid="export-xlsx" disabled={exporting()} onClick={() => void exportList('xlsx')}>
            {text().exportXlsx}
          </button>
        </div>
      </div>

      <fieldset class="quotes-states" data-testid="state-filter">
        <legend>{text().state}</legend>
        <For each={QUOTE_STATES}>
          {(state) => (
            <label>
              <input type="checkbox" value={state} checked={filters().states.includes(state)} onChange={(e) => toggleState(state, e.currentTarget.checked)} />
              <span class={`state-badge state-${state}`}>{STATE_LABELS[language()][state]}</span>
            </label>
          )}
        </For>
      </fieldset>

      <div class="quotes-tools">
        <label>
          {text().owner}
          <select data-testid="owner-filter" value={filters().owner} onChange={(e) => setParams({ owner: e.currentTarget.value }, { replace: true })}>
            <option value="">{text().anyOwner}</option>
            <For each={[...new Set([...owners, ...(filters().owner ? [filters().owner] : [])])]}>{(o) => <option value={o}>{o}</option>}</For>
          </select>
        </label>
        <label>
          {text().productLine}
          <select data-testid="line-filter" value={filters().productLine} onChange={(e) => setParams({ line: e.currentTarget.value }, { replace: true })}>
            <option value="">{text().anyProductLine}</option>
            <For each={[...new Set([...(productLines() ?? []), ...(filters().productLine ? [filters().productLine] : [])])]}>{(l) => <option value={l}>{l}</option>}</For>
          </select>
        </label>
        <label>
          {text().from}
          <input type="date" data-testid="from-filter" value={filters().from ?? ''} onChange={(e) => setParams({ from: e.currentTarget.value }, { replace: true })} />
        </label>
        <label>
          {text().to}
          <input type="date" data-testid="to-filter" value={filters().to ?? ''} onChange={(e) => setParams({ to: e.currentTarget.value }, { replace: true })} />
        </label>
        <label>
          {text().sort}
          <select data-testid="sort" value={filters().sort} onChange={(e) => setParams({ sort: e.currentTarget.value === 'updated' ? '' : e.currentTarget.value }, { replace: true })}>
            <For each={SORT_KEYS}>{(k) => <option value={k}>{text().sorts[k]}</option>}</For>
          </select>
        </label>
        <label>
          <span class="visually-hidden">{text().sort}</span>
          <select data-testid="direction" value={filters().direction} onChange={(e) => setParams({ dir: e.currentTarget.value === 'desc' ? '' : e.currentTarget.value }, { replace: true })}>
            <option value="desc">{text().descending}</option>
            <option value="asc">{text().ascending}</option>
          </select>
        </label>
        <Show when={filtered()}>
          <button type="button" data-testid="clear-filters" onClick={clear}>
            {text().clearFilters}
          </button>
        </Show>
      </div>

      <Show when={problem()}>{(p) => <p class="quotes-problem" role="alert">{p()}</p>}</Show>
      <Show when={exporting()}>
        <p class="quotes-muted" role="status">
          {text().exporting}
        </p>
      </Show>

      <Show when={rows()} fallback={<p>{text().loading}</p>}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p data-testid="quotes-empty">{filtered() ? text().noMatch : text().empty}</p>}>
            <div class="quotes-scroll">
              <table class="quotes-table" data-testid="quote-table">
                <thead>
                  <tr>
                    <th>{text().columns.number}</th>
                    <th>{text().columns.customer}</th>
                    <th>{text().columns.state}</th>
                    <th>{text().columns.quoteDate}</th>
                    <th>{text().columns.validUntil}</th>
                    <th>{text().columns.owner}</th>
                    <th class="num">{text().columns.total}</th>
                    <th class="num" title={text().internalHint}>
                      {text().columns.margin}
                      <span class="internal-mark">{text().internal}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(entry) => {
                      const passed = () => OPEN_STATES.includes(entry.state) && isValidityPassed(entry.validUntil, today);
                      return (
                        <tr
                          class="quote-row"
                          data-quote={entry.id}
                          data-state={entry.state}
                          onClick={(e) => {
                            if (!(e.target instanceof Element && e.target.closest('a'))) open(entry);
                          }}
                        >
                          <td>
                            <A href={`/quotes/${encodeURIComponent(entry.id)}`} data-testid="quote-number">
                              {entry.number}
                            </A>
                            <Show when={entry.revision >= 2}>
                              <span class="quote-revision" data-testid="quote-revision">
                                V{entry.revision}
                              </span>
                            </Show>
                          </td>
                          <td class="wrap" data-testid="quote-customer">
                            {entry.customerName}
                          </td>
                          <td>
                            <span class={`state-badge state-${entry.state}`} data-testid="quote-state" data-state={entry.state}>
                              {STATE_LABELS[language()][entry.state]}
                            </span>
                          </td>
                          <td>{entry.quoteDate}</td>
                          <td classList={{ 'validity-passed': passed() }} data-testid="quote-valid-until">
                            {entry.validUntil ?? '—'}
                            <Show when={passed()}>
                              <span class="expired-mark" title={text().validityPassed}>
                                {text().expiredMark}
                              </span>
                            </Show>
                          </td>
                          <td data-testid="quote-owner">{entry.owner}</td>
                          <td class="num" data-testid="quote-total">
                            {formatMinorMoney(entry.totalMinor, entry.currency, language())}
                          </td>
                          <td class="num internal" title={text().internalHint}>
                            {formatBasisPoints(entry.marginBasisPoints)}
                          </td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </div>
            <div class="quotes-footer">
              <span class="quotes-muted" data-testid="quote-count">
                {text().count(list().length, hasMore())}
              </span>
              <Show when={hasMore()}>
                <button type="button" data-testid="more-quotes" disabled={loadingMore()} onClick={() => void loadMore()}>
                  {text().more}
                </button>
              </Show>
            </div>
          </Show>
        )}
      </Show>
    </div>
  );
}
