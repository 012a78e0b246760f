/**
 * The quote's header: customer, tier policy, region, owner, currency, dates, terms, freight,
 * VAT and the inquiry. Each field saves on change through the quote book; a refused value is
 * put back and the reason shown.
 */
import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { currencyDecimals, fromMinor } from '../../domain/pricing/money';
import { isValidityPassed } from '../../domain/quote/lifecycle';
import type { Inquiry } from '../../domain/quote/QuoteRecord';
import type { HeaderPatch } from '../../sync/quote/quoteDoc';
import { usePresence } from '../presence/createPresence';
import type { QuotePageContext } from './quotePageContext';
import { Problems } from './quotePageParts';

type Editable = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Text typed as an amount of the currency (`500`, `500.5`, `500.50`) → minor units; undefined when it is not one. */
export function parseMinor(text: string, decimals: number): number | undefined {
  const t = text.trim().replace(/,/g, '');
  const pattern = decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{0,${decimals}})?$`);
  if (!pattern.test(t)) return undefined;
  const [whole = '0', fraction = ''] = t.split('.');
  const minor = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

export function HeaderSection(props: { context: QuotePageContext }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const h = () => c.shown().header;
  const lang = () => (c.language() === 'zh-CN' ? 'zh' : 'en');
  const tierLabel = () => c.settings().tiers.find((t) => t.policy.key === h().tier)?.label[lang()] ?? h().tier;
  const regionLabel = () => c.settings().regions.find((r) => r.policy.region === h().region)?.label[lang()] ?? h().region;
  const decimals = () => currencyDecimals(h().currency);
  const expired = () => isValidityPassed(h().validUntil, new Date());
  const owners = () => [...new Set([h().owner, ...c.settings().owners])];
  const currencies = () => [...new Set(['CNY', h().currency, ...c.settings().currencies.map((r) => r.code)])];

  /** Saves a header patch; a refusal puts the field back to `previous`. */
  const save = async (patch: HeaderPatch, field: Editable, previous: string) => {
    const result = await c.run('header', () => c.storage.quotes.updateHeader(c.quoteId, patch));
    if (!result.ok) field.value = previous;
  };
  const inquiry = (change: Partial<Inquiry>): Inquiry => {
    const next = { ...h().inquiry, ...change };
    return {
      requirements: next.requirements,
      ...(next.quantity === undefined ? {} : { quantity: next.quantity }),
      ...(next.requestedDate === undefined ? {} : { requestedDate: next.requestedDate }),
    };
  };
  const bad = (field: Editable, previous: string, problem: string) => {
    field.value = previous;
    void c.run('header', () => Promise.resolve({ ok: false as const, problems: [problem] }));
  };
  const hint = () => {
    if (c.viewingOld() || c.editable()) return undefined;
    return h().state === 'won' || h().state === 'lost' ? text().closedReadOnly : text().reviseToChange;
  };

  return (
    <section class="quote-section quote-header" aria-label={text().headerTitle} data-testid="quote-header">
      <Show when={hint()}>
        {(hintText) => (
          <p class="quote-hint" data-testid="read-only-hint">
            {hintText()}
          </p>
        )}
      </Show>
      <dl class="quote-fields">
        <Item label={text().customer}>
          <A href={`/customers/${encodeURIComponent(h().customerId)}`}>{h().customerName}</A>
        </Item>
        <Item label={text().tier} name="tier">
          <span>{tierLabel()}</span>
          <span class="quote-policy" data-testid="tier-policy">
            {text().tierPolicy(h().defaultDiscountPct, h().discountCapPct, h().overCap)}
          </span>
        </Item>
        <Item label={text().region}>{regionLabel()}</Item>
        <Item label={text().owner} name="owner" field>
          <Show when={c.editable()} fallback={h().owner}>
            <select name="owner" onChange={(e) => void save({ owner: e.currentTarget.value }, e.currentTarget, h().owner)}>
              <For each={owners()}>{(o) => <option value={o} selected={o === h().owner}>{o}</option>}</For>
            </select>
          </Show>
        </Item>
        <Item label={text().currency} name="currency" field>
          <Show when={c.editable()} fallback={h().currency}>
            <select
              name="currency"
              onChange={(e) => {
                const field = e.currentTarget;
                const previous = h().currency;
                void c.run('header', () => c.storage.quotes.setCurrency(c.quoteId, field.value)).then((r) => {
                  if (!r.ok) field.value = previous;
                });
              }}
            >
              <For each={currencies()}>{(code) => <option value={code} selected={code === h().currency}>{code}</option>}</For>
            </select>
          </Show>
          <Show when={h().currency !== 'CNY'}>
            <span class="quote-policy" data-testid="exchange-rate">
              {text().rate(h().currency, h().exchangeRate)}
            </span>
          </Show>
        </Item>
        <Item label={text().quoteDate} name="quoteDate" field>
          <Show when={c.editable()} fallback={h().quoteDate}>
            <input
              type="date"
              name="quoteDate"
              value={h().quoteDate}
              onChange={(e) => {
                // Every quote has a quote date: market indices and the validity are taken from it.
                if (e.currentTarget.value === '') bad(e.currentTarget, h().quoteDate, `${text().quoteDate}: ${text().required}`);
                else void save({ quoteDate: e.currentTarget.value }, e.currentTarget, h().quoteDate);
              }}
            />
          </Show>
        </Item>
        <Item label={text().validUntil} name="validUntil" field class={expired() ? 'quote-expired' : undefined}>
          <Show when={c.editable()} fallback={h().validUntil ?? '—'}>
            <input
              type="date"
              name="validUntil"
              value={h().validUntil ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                void save(v === '' ? { validUntil: undefined } : { validUntil: v }, e.currentTarget, h().validUntil ?? '');
              }}
            />
          </Show>
          <Show when={expired()}>
            <span class="quote-expired-mark" data-testid="validity-passed">
              {text().validityPassed}
            </span>
          </Show>
        </Item>
        <Item label={text().paymentTerms} name="paymentTerms" field wide>
          <Show when={c.editable()} fallback={<span class="quote-multiline">{h().paymentTerms}</span>}>
            <textarea name="paymentTerms" rows={2} value={h().paymentTerms} onChange={(e) => void save({ paymentTerms: e.currentTarget.value }, e.currentTarget, h().paymentTerms)} />
          </Show>
        </Item>
        <Item label={`${text().freight} (${h().currency})`} name="freight" field>
          <Show when={c.editable()} fallback={c.money(h().freightMinor)}>
            <input
              type="text"
              inputmode="decimal"
              name="freight"
              value={fromMinor(h().freightMinor, decimals()).toFixed(decimals())}
              onChange={(e) => {
                const previous = fromMinor(h().freightMinor, decimals()).toFixed(decimals());
                const minor = parseMinor(e.currentTarget.value, decimals());
                if (minor === undefined) bad(e.currentTarget, previous, `${text().freight}: "${e.currentTarget.value}" ${text().notAnAmount}`);
                else void save({ freightMinor: minor }, e.currentTarget, previous);
              }}
            />
          </Show>
        </Item>
        <Item label={text().vatRate} name="vatRate" field>
          <Show when={c.editable()} fallback={`${h().vatRatePct}%`}>
            <input
              type="number"
              name="vatRate"
              min="0"
              max="100"
              step="any"
              value={h().vatRatePct}
              onChange={(e) => {
                const v = e.currentTarget.valueAsNumber;
                if (!Number.isFinite(v)) bad(e.currentTarget, String(h().vatRatePct), `${text().vatRate}: "${e.currentTarget.value}" ${text().notAnAmount}`);
                else void save({ vatRatePct: v }, e.currentTarget, String(h().vatRatePct));
              }}
            />
          </Show>
        </Item>
        <Item label={text().requirements} name="requirements" field wide>
          <Show when={c.editable()} fallback={<span class="quote-multiline">{h().inquiry.requirements}</span>}>
            <textarea name="requirements" rows={2} value={h().inquiry.requirements} onChange={(e) => void save({ inquiry: inquiry({ requirements: e.currentTarget.value }) }, e.currentTarget, h().inquiry.requirements)} />
          </Show>
        </Item>
        <Item label={text().inquiryQuantity} name="inquiryQuantity" field>
          <Show when={c.editable()} fallback={h().inquiry.quantity ?? '—'}>
            <input
              type="number"
              name="inquiryQuantity"
              min="0"
              step="any"
              value={h().inquiry.quantity ?? ''}
              onChange={(e) => {
                const field = e.currentTarget;
                const previous = String(h().inquiry.quantity ?? '');
                const { quantity: _dropped, ...without } = h().inquiry;
                void save({ inquiry: field.value === '' ? without : inquiry({ quantity: field.valueAsNumber }) }, field, previous);
              }}
            />
          </Show>
        </Item>
        <Item label={text().requestedDate} name="requestedDate" field>
          <Show when={c.editable()} fallback={h().inquiry.requestedDate ?? '—'}>
            <input
              type="date"
              name="requestedDate"
              value={h().inquiry.requestedDate ?? ''}
              onChange={(e) => {
                const field = e.currentTarget;
                const { requestedDate: _dropped, ...without } = h().inquiry;
                void save({ inquiry: field.value === '' ? without : inquiry({ requestedDate: field.value }) }, field, h().inquiry.requestedDate ?? '');
              }}
            />
          </Show>
        </Item>
        <Item label={text().notes} name="notes" field wide>
          <Show when={c.editable()} fallback={<span class="quote-multiline">{h().notes}</span>}>
            <textarea name="notes" rows={2} value={h().notes} onChange={(e) => void save({ notes: e.currentTarget.value }, e.currentTarget, h().notes)} />
          </Show>
        </Item>
      </dl>
      <Problems context={c} scope="header" />
    </section>
  );
}

/** A header field; with `field`, focus in it is shared as `header:<name>` and others' focus on it shown. */
function Item(props: { label: string; name?: string; field?: boolean; wide?: boolean; class?: string | undefined; children: JSX.Element }): JSX.Element {
  const presence = usePresence();
  return (
    <div
      class={`quote-field ${props.class ?? ''}`}
      classList={{ 'quote-field-wide': props.wide === true }}
      data-header={props.name}
      ref={(el) => {
        if (props.field && props.name) presence.field(el, `header:${props.name}`);
      }}
    >
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}
