/**
 * The quote's lifecycle and its revisions: the actions valid now (a refusal shows its reason),
 * revise, the list of revisions with compare links, duplicate for another customer, apply a
 * changed tier, and reprice from today's market indices (preview first).
 */
import { A, useNavigate } from '@solidjs/router';
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { allowedFrom, QUOTE_ACTION_TYPES } from '../../domain/quote/lifecycle';
import type { QuoteActionType } from '../../domain/quote/lifecycle';
import { revisionLabel } from '../../domain/quote/quoteNumber';
import { EDITABLE_STATES, REVISABLE_STATES } from '../../domain/quote/QuoteRecord';
import type { RepriceRow } from '../../sync/quote/quoteBook';
import { STATE_LABELS } from './quoteLabels';
import type { QuotePageContext } from './quotePageContext';
import { Problems } from './quotePageParts';

type ReasonAction = 'mark_won' | 'mark_lost';

/** The actions the current state allows, revise, and the reason form for won / lost. */
export function LifecycleBar(props: { context: QuotePageContext }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const state = () => c.quote().header.state;
  const actions = () => QUOTE_ACTION_TYPES.filter((a) => allowedFrom(a).includes(state()));
  const [asking, setAsking] = createSignal<ReasonAction>();
  const [reason, setReason] = createSignal('');
  const act = (type: Exclude<QuoteActionType, ReasonAction>) => void c.run('lifecycle', () => c.storage.quotes.transition(c.quoteId, { type }, c.by()));
  const close = async (type: ReasonAction) => {
    const result = await c.run('lifecycle', () => c.storage.quotes.transition(c.quoteId, { type, reason: reason() }, c.by()));
    if (result.ok) {
      setAsking(undefined);
      setReason('');
    }
  };

  return (
    <section class="quote-lifecycle" aria-label={text().lifecycleTitle} data-testid="lifecycle">
      <div class="quote-lifecycle-actions">
        <For each={actions()}>
          {(type) => (
            <button
              type="button"
              data-action={type}
              classList={{ 'quote-action-primary': type !== 'mark_lost' && type !== 'mark_expired' }}
              onClick={() => (type === 'mark_won' || type === 'mark_lost' ? setAsking(type) : act(type))}
            >
              {text().actions[type]}
            </button>
          )}
        </For>
        <Show when={REVISABLE_STATES.includes(state())}>
          <button type="button" data-action="revise" onClick={() => void c.run('lifecycle', () => c.storage.quotes.revise(c.quoteId, c.by()))}>
            {text().revise}
          </button>
        </Show>
      </div>
      <Show when={asking()}>
        {(type) => (
          <form
            class="quote-reason"
            data-testid="outcome-reason"
            onSubmit={(e) => {
              e.preventDefault();
              void close(type());
            }}
          >
            <label>
              {text().actions[type()]} · {text().reasonPrompt}
              <input name="reason" value={reason()} maxLength={2000} onInput={(e) => setReason(e.currentTarget.value)} />
            </label>
            <button type="submit">{text().confirm}</button>
            <button type="button" onClick={() => setAsking(undefined)}>
              {text().cancel}
            </button>
          </form>
        )}
      </Show>
      <Problems context={c} scope="lifecycle" />
    </section>
  );
}

/** V1, V2 … with the revision on screen marked; each later one links to its compare view. */
export function RevisionsSection(props: { context: QuotePageContext }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const q = () => c.quote();
  const revisions = createMemo(() => {
    const current = q().header;
    const rows = q().revisions.map((r) => ({ n: r.header.revision, state: r.header.state, frozenAt: r.frozenAt as string | undefined }));
    return [...rows, { n: current.revision, state: current.state, frozenAt: undefined }];
  });
  const href = (n: number) => `/quotes/${encodeURIComponent(c.quoteId)}${n === q().header.revision ? '' : `?revision=${n}`}`;
  return (
    <section class="quote-section quote-revisions" aria-label={text().revisionsTitle}>
      <h3>{text().revisionsTitle}</h3>
      <ol data-testid="revisions">
        <For each={revisions()}>
          {(r) => (
            <li data-revision={r.n} aria-current={c.shown().header.revision === r.n ? 'page' : undefined}>
              <A href={href(r.n)} data-testid="open-revision">
                V{r.n}
              </A>
              <span class="quote-revision-label">{revisionLabel(q().header.number, r.n)}</span>
              <span class={`quote-state quote-state-${r.state}`}>{STATE_LABELS[c.language()][r.state]}</span>
              <Show when={r.frozenAt} fallback={<span class="quote-revision-current">{text().current}</span>}>
                {(at) => <time datetime={at()}>{new Date(at()).toLocaleString(c.language())}</time>}
              </Show>
              <Show when={r.n >= 2}>
                <A href={`/quotes/${encodeURIComponent(c.quoteId)}/compare?a=${r.n - 1}&b=${r.n}`} data-testid="compare-revision">
                  {text().compare} V{r.n - 1} ↔ V{r.n}
                </A>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}

/** Duplicate for another customer, apply a changed tier, reprice from market indices. */
export function ToolsSection(props: { context: QuotePageContext }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const navigate = useNavigate();
  const lang = () => (c.language() === 'zh-CN' ? 'zh' : 'en');
  const header = () => c.quote().header;
  const customers = createMemo(() => {
    const collator = new Intl.Collator(c.language());
    return c
      .customers()
      .filter((x) => x.id !== header().customerId)
      .sort((a, b) => collator.compare(a.name, b.name));
  });
  const [target, setTarget] = createSignal('');
  const chosenTarget = () => target() || customers()[0]?.id || '';
  const duplicate = async () => {
    const result = await c.run('duplicate', () => c.storage.quotes.duplicateForCustomer(c.quoteId, chosenTarget(), c.by()));
    if (result.ok && 'value' in result) navigate(`/quotes/${encodeURIComponent(result.value)}`);
  };

  /** The customer's tier policy as the directory holds it now, when it differs from the quote's. */
  const changedTier = createMemo(() => {
    const customer = c.customers().find((x) => x.id === header().customerId);
    const tier = customer ? c.settings().tiers.find((t) => t.policy.key === customer.tier) : undefined;
    if (!tier) return undefined;
    const h = header();
    const same = tier.policy.key === h.tier && tier.policy.defaultDiscountPct === h.defaultDiscountPct && tier.policy.discountCapPct === h.discountCapPct;
    return same ? undefined : tier;
  });

  const [preview, setPreview] = createSignal<readonly RepriceRow[]>();
  const showPreview = async () => {
    const result = await c.run('reprice', () => c.storage.quotes.repricePreview(c.quoteId));
    if (result.ok && 'value' in result) setPreview(result.value);
  };
  const applyReprice = async () => {
    const result = await c.run('reprice', () => c.storage.quotes.applyReprice(c.quoteId, c.by()));
    if (result.ok) setPreview(undefined);
  };
  const editable = () => EDITABLE_STATES.includes(header().state);

  return (
    <section class="quote-section quote-tools">
      <Show when={editable() && changedTier()}>
        {(tier) => (
          <div class="quote-tool quote-banner" data-testid="tier-changed">
            <span>{text().tierChanged(tier().label[lang()], tier().policy.defaultDiscountPct, tier().policy.discountCapPct)}</span>
            <button type="button" onClick={() => void c.run('tier', () => c.storage.quotes.applyTier(c.quoteId))}>
              {text().applyTier}
            </button>
            <Problems context={c} scope="tier" />
          </div>
        )}
      </Show>

      <Show when={editable()}>
        <div class="quote-tool" data-testid="reprice">
          <h3>{text().repriceTitle}</h3>
          <button type="button" onClick={() => void showPreview()}>
            {text().repricePreview}
          </button>
          <Show when={preview()}>
            {(rows) => (
              <Show when={rows().length > 0} fallback={<p>{text().repriceNothing}</p>}>
                <table class="quote-table quote-reprice-table">
                  <thead>
                    <tr>
                      <th>{text().repriceLine}</th>
                      <th class="num">{text().repriceOld}</th>
                      <th class="num">{text().repriceNew}</th>
                      <th>{text().repriceReason}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={rows()}>
                      {(row) => (
                        <tr data-reprice-line={row.lineId}>
                          <td>{row.description}</td>
                          <td class="num">{c.money(row.oldUnitPriceMinor)}</td>
                          <td class="num">{c.money(row.newUnitPriceMinor)}</td>
                          <td>{row.reason || text().repriceUnchanged}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
                <div class="quote-tool-actions">
                  <button type="button" class="quote-action-primary" onClick={() => void applyReprice()}>
                    {text().repriceApply}
                  </button>
                  <button type="button" onClick={() => setPreview(undefined)}>
                    {text().cancel}
                  </button>
                </div>
              </Show>
            )}
          </Show>
          <Problems context={c} scope="reprice" />
        </div>
      </Show>

      <form
        class="quote-tool"
        data-testid="duplicate"
        onSubmit={(e) => {
          e.preventDefault();
          void duplicate();
        }}
      >
        <h3>{text().duplicateTitle}</h3>
        <label>
          {text().pickCustomer}
          <select name="customer" onChange={(e) => setTarget(e.currentTarget.value)}>
            <For each={customers()}>
              {(x) => (
                <option value={x.id} selected={x.id === chosenTarget()}>
                  {x.name}
                </option>
              )}
            </For>
          </select>
        </label>
        <button type="submit" disabled={!chosenTarget()}>
          {text().duplicate}
        </button>
        <Problems context={c} scope="duplicate" />
      </form>
    </section>
  );
}
