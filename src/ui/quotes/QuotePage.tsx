import { A, useSearchParams } from '@solidjs/router';
import { createMemo, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { Awareness } from 'y-protocols/awareness';
import type { PricingSettings } from '../../domain/pricing/PricingSettings';
import type { QuoteTotals } from '../../domain/pricing/quoteTotals';
import { revisionLabel } from '../../domain/quote/quoteNumber';
import { EDITABLE_STATES, quoteTotals } from '../../domain/quote/QuoteRecord';
import type { QuoteRecord } from '../../domain/quote/QuoteRecord';
import type { Focus } from '../../sync/network/presence';
import { approvalRequired, revisionOf } from '../../sync/quote/quoteDoc';
import type { Locale } from '../locale';
import { createPresence, PresenceProvider, usePresence } from '../presence/createPresence';
import { PresenceBar } from '../presence/PresenceBar';
import { useServices, type AppStorage } from '../services';
import { formatBasisPoints, formatMinorMoney, STATE_LABELS } from './quoteLabels';
import type { CommandOutcome, QuotePageContext, ShownRevision } from './quotePageContext';
import { DocumentsSection } from './quotePageDocuments';
import { HeaderSection } from './quotePageHeader';
import { LifecycleBar, RevisionsSection, ToolsSection } from './quotePageLifecycle';
import { LinesSection } from './quotePageLines';
import { QUOTE_PAGE_TEXT, type QuotePageText } from './quotePageMessages';
import './quotePage.css';

export interface QuotePageProps {
  locale: Locale;
  quoteId: string;
}

/**
 * One quote, live from its document: header, lines, totals, lifecycle, revisions, documents and
 * events. `?revision=<n>` shows an earlier revision read-only.
 */
export default function QuotePage(props: QuotePageProps): JSX.Element {
  // Keyed: a duplicate navigates to another quote on the same route, which must open its own document.
  return (
    <Show when={props.quoteId} keyed>
      {(id) => <QuoteScreen locale={props.locale} quoteId={id} />}
    </Show>
  );
}

function QuoteScreen(props: QuotePageProps): JSX.Element {
  const services = useServices();
  const text = () => QUOTE_PAGE_TEXT[props.locale.language()];
  const [storage, setStorage] = createSignal<AppStorage>();
  const [failure, setFailure] = createSignal<string>();
  // A store reconciled by line id: an edit updates the fields that changed, so the rows (and the
  // input being typed in) stay in place.
  const [live, setLive] = createStore<{ quote: QuoteRecord | null; problems: readonly string[] }>({ quote: null, problems: [] });
  const [settingsVersion, setSettingsVersion] = createSignal(0);
  const [customersVersion, setCustomersVersion] = createSignal(0);
  // Set once the quote is open, and only when it syncs through a server.
  const [awareness, setAwareness] = createSignal<Awareness>();
  const presence = createPresence(awareness);

  let disposed = false;
  let stop: (() => void) | undefined;
  onCleanup(() => {
    disposed = true;
    stop?.();
  });
  void (async () => {
    try {
      const s = await services.storage();
      const open = await s.quotes.open(props.quoteId);
      if (disposed) {
        void open.close();
        return;
      }
      const refresh = () => {
        const read = open.read();
        if (read.ok) {
          setLive('quote', reconcile(read.quote, { key: 'id' }));
          setLive('problems', []);
        } else setLive('problems', read.problems);
      };
      open.doc.on('update', refresh);
      const stopDirectory = s.directory.onChange(() => setSettingsVersion((v) => v + 1));
      const stopCustomers = s.customers.onChange(() => setCustomersVersion((v) => v + 1));
      stop = () => {
        open.doc.off('update', refresh);
        stopDirectory();
        stopCustomers();
        void open.close();
      };
      refresh();
      setAwareness(open.awareness);
      setStorage(s);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    }
  })();

  return (
    <section class="quote-page">
      <A class="quote-back" href="/quotes">
        {text().backToList}
      </A>
      <PresenceProvider value={presence}>
        <Show when={!failure()} fallback={<p class="quote-problem">{text().loadFailed + (failure() ?? '')}</p>}>
          <Show when={live.problems.length === 0} fallback={<p class="quote-problem">{text().unreadable + live.problems.join('; ')}</p>}>
            <Show when={storage() && live.quote ? storage() : undefined} fallback={<p>{text().loading}</p>}>
              {(s) => <QuoteView locale={props.locale} quoteId={props.quoteId} storage={s()} quote={live.quote as QuoteRecord} settingsVersion={settingsVersion} customersVersion={customersVersion} />}
            </Show>
          </Show>
        </Show>
      </PresenceProvider>
    </section>
  );
}

interface QuoteViewProps {
  locale: Locale;
  quoteId: string;
  storage: AppStorage;
  quote: QuoteRecord;
  settingsVersion: () => number;
  customersVersion: () => number;
}

function QuoteView(props: QuoteViewProps): JSX.Element {
  const [search] = useSearchParams<{ revision?: string }>();
  const text = () => QUOTE_PAGE_TEXT[props.locale.language()];
  const settings = createMemo<PricingSettings>(() => (props.settingsVersion(), props.storage.directory.settings()));
  const customers = createMemo(() => (props.customersVersion(), props.storage.customers.all()));
  const asked = () => {
    const n = Number(search.revision);
    return Number.isSafeInteger(n) && n >= 1 && n !== props.quote.header.revision ? n : undefined;
  };
  const shown = createMemo<ShownRevision>(() => {
    const n = asked();
    const old = n === undefined ? undefined : props.quote.revisions.find((r) => r.header.revision === n);
    if (old) return { header: old.header, lines: old.lines, frozenAt: old.frozenAt };
    const current = revisionOf(props.quote, props.quote.header.revision);
    return { header: current?.header ?? props.quote.header, lines: current?.lines ?? props.quote.lines };
  });
  const viewingOld = () => shown().frozenAt !== undefined;
  const [problems, setProblems] = createSignal<ReadonlyMap<string, readonly string[]>>(new Map());
  const setScope = (scope: string, list: readonly string[] | undefined) =>
    setProblems((m) => {
      const next = new Map(m);
      if (list === undefined) next.delete(scope);
      else next.set(scope, list);
      return next;
    });

  const context: QuotePageContext = {
    quoteId: props.quoteId,
    storage: props.storage,
    locale: props.locale,
    text,
    language: () => props.locale.language(),
    quote: () => props.quote,
    shown,
    viewingOld,
    editable: () => !viewingOld() && EDITABLE_STATES.includes(props.quote.header.state),
    settings,
    customers,
    // The signed-in user when a server vouches for one; the quote's owner in a local-only app.
    by: () => props.storage.network?.session.user?.username ?? props.quote.header.owner,
    money: (minor) => formatMinorMoney(minor, shown().header.currency, props.locale.language()),
    async run<T extends CommandOutcome>(scope: string, command: () => Promise<T>) {
      setScope(scope, undefined);
      let result: T | { readonly ok: false; readonly problems: readonly string[] };
      try {
        result = await command();
      } catch (e) {
        result = { ok: false, problems: [e instanceof Error ? e.message : String(e)] };
      }
      if (!result.ok) setScope(scope, result.problems);
      return result;
    },
    problemsOf: (scope) => problems().get(scope),
  };

  const totals = createMemo<QuoteTotals | string>(() => {
    try {
      return quoteTotals(shown().header, shown().lines);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  });
  const label = () => revisionLabel(shown().header.number, shown().header.revision);
  const presence = usePresence();
  const describeFocus = (focus: Focus) => (focus.kind === 'field' ? fieldPlace(focus.key, text(), shown().lines) : undefined);

  return (
    <div class="quote-view" classList={{ 'quote-view-old': viewingOld() }} data-state={shown().header.state}>
      <header class="quote-title">
        <h2 data-testid="quote-label">{label()}</h2>
        <span class={`quote-state quote-state-${shown().header.state}`} data-testid="quote-state">
          {STATE_LABELS[props.locale.language()][shown().header.state]}
        </span>
        <A class="quote-customer-link" href={`/customers/${encodeURIComponent(shown().header.customerId)}`}>
          {shown().header.customerName}
        </A>
        <PresenceBar presence={presence} locale={props.locale} describe={describeFocus} />
      </header>

      <Show when={shown().frozenAt}>
        {(at) => (
          <p class="quote-banner quote-banner-old" role="status" data-testid="old-revision">
            {text().oldRevisionReadOnly(label(), new Date(at()).toLocaleString(props.locale.language()))}{' '}
            <A href={`/quotes/${encodeURIComponent(props.quoteId)}`}>{text().backToCurrent}</A>
          </p>
        )}
      </Show>
      <Show when={!viewingOld() && approvalRequired(shown())}>
        <p class="quote-banner quote-banner-approval" role="status" data-testid="approval-required">
          {text().approvalRequired}
        </p>
      </Show>
      <Show when={!viewingOld()}>
        <LifecycleBar context={context} />
      </Show>

      <HeaderSection context={context} />
      <LinesSection context={context} totals={totals} />
      <TotalsSection context={context} totals={totals()} />
      <Show when={!viewingOld()}>
        <ToolsSection context={context} />
      </Show>
      <RevisionsSection context={context} />
      <DocumentsSection context={context} />
      <EventsSection context={context} />
    </div>
  );
}

function TotalsSection(props: { context: QuotePageContext; totals: QuoteTotals | string }): JSX.Element {
  const text = () => props.context.text();
  const money = (minor: number) => props.context.money(minor);
  return (
    <section class="quote-section quote-totals" aria-label={text().totalsTitle} data-testid="quote-totals">
      <h3>{text().totalsTitle}</h3>
      <Show when={typeof props.totals !== 'string' && props.totals} fallback={<p class="quote-problem">{String(props.totals)}</p>}>
        {(t) => (
          <div class="quote-totals-grid">
            <dl>
              <TotalRow name="subtotal" label={text().subtotal} value={money(t().subtotalMinor)} />
              <TotalRow name="discount" label={text().discount} value={money(t().discountMinor)} />
              <TotalRow name="net" label={text().net} value={money(t().netMinor)} />
              <TotalRow name="freight" label={text().freight} value={money(t().freightMinor)} />
              <TotalRow name="vat" label={text().vat(t().vatRatePct)} value={money(t().vatMinor)} />
              <TotalRow name="total" label={text().total} value={money(t().totalMinor)} strong />
            </dl>
            <div class="quote-internal" title={text().internalHint}>
              <p class="quote-internal-mark">{text().internalHint}</p>
              <dl>
                <TotalRow name="cost" label={text().cost} value={money(t().costMinor)} />
                <TotalRow name="margin" label={text().margin} value={money(t().marginMinor)} />
                <TotalRow name="margin-pct" label={text().marginPct} value={marginText(t().marginPct)} />
              </dl>
            </div>
          </div>
        )}
      </Show>
    </section>
  );
}

/** The header fields that share focus (quotePageHeader.tsx) and the texts naming them. */
const HEADER_FIELDS = ['owner', 'currency', 'quoteDate', 'validUntil', 'paymentTerms', 'freight', 'vatRate', 'requirements', 'inquiryQuantity', 'requestedDate', 'notes'] as const;
const LINE_FIELDS = { quantity: 'colQuantity', discount: 'colDiscount', title: 'sectionTitle', chosen: 'include', inclusion: 'inclusion' } as const;

/** A focus key of this page in words: `header:notes` → "Notes", `line:<id>:quantity` → "#2 Qty". */
function fieldPlace(key: string, text: QuotePageText, lines: readonly { readonly id: string }[]): string | undefined {
  const [area, ...rest] = key.split(':');
  if (area === 'header' && rest.length === 1) {
    const name = HEADER_FIELDS.find((f) => f === rest[0]);
    return name && text[name];
  }
  if (area === 'line' && rest.length === 2) {
    const [lineId, field] = rest as [string, string];
    const at = lines.findIndex((l) => l.id === lineId);
    const label = Object.hasOwn(LINE_FIELDS, field) ? text[LINE_FIELDS[field as keyof typeof LINE_FIELDS]] : undefined;
    return at < 0 || label === undefined ? undefined : `#${at + 1} ${label}`;
  }
  return undefined;
}

/** Margin percent (2 decimals) as the lists show it. */
function marginText(pct: number | null): string {
  return formatBasisPoints(pct === null ? null : Math.round(pct * 100));
}

function TotalRow(props: { name: string; label: string; value: string; strong?: boolean }): JSX.Element {
  return (
    <div class="quote-total-row" classList={{ 'quote-total-strong': props.strong === true }} data-total={props.name}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

function EventsSection(props: { context: QuotePageContext }): JSX.Element {
  const text = () => props.context.text();
  const states = () => STATE_LABELS[props.context.language()];
  return (
    <section class="quote-section quote-events" aria-label={text().eventsTitle}>
      <h3>{text().eventsTitle}</h3>
      <ol data-testid="quote-events">
        <For each={props.context.quote().events}>
          {(event) => (
            <li data-event={event.kind}>
              <time datetime={event.at}>{new Date(event.at).toLocaleString(props.context.language())}</time>
              <span class="quote-event-revision">V{event.revision}</span>
              <span class="quote-event-kind">{text().eventKinds[event.kind]}</span>
              <Show when={event.from || event.to}>
                <span class="quote-event-states">
                  {event.from ? states()[event.from] : ''}
                  {event.from && event.to ? ' → ' : ''}
                  {event.to ? states()[event.to] : ''}
                </span>
              </Show>
              <span class="quote-event-by">{event.by}</span>
              <Show when={event.note}>{(note) => <span class="quote-event-note">{note()}</span>}</Show>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}
