import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, on, Show, type JSX } from 'solid-js';
import type { Customer } from '../../domain/crm/Customer';
import { businessDate } from '../../domain/quote/lifecycle';
import type { Inquiry } from '../../domain/quote/QuoteRecord';
import type { PricingSettings } from '../../domain/pricing/PricingSettings';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import { useServices, type AppStorage } from '../services';
import { newQuoteMessages } from './quoteListMessages';
import './quoteList.css';

/** Recording an inquiry: a new quote for a customer, with the customer's tier policy applied. */
export default function NewQuotePage(props: { locale: Locale }): JSX.Element {
  const services = useServices();
  const text = () => newQuoteMessages[props.locale.language()];
  const [storage] = createResource(async () => {
    const s = await services.storage();
    // Settings that cannot be read are shown as the page's problem, not as a broken form.
    return { storage: s, settings: s.directory.settings() };
  });

  return (
    <section class="quotes new-quote">
      <h2>{text().title}</h2>
      <p class="quotes-intro">{text().intro}</p>
      <Show when={!storage.error} fallback={<p class="quotes-problem" role="alert">{text().failed + errorText(storage.error)}</p>}>
        <Show when={storage()} fallback={<p>{text().loading}</p>}>
          {(s) => <NewQuoteForm storage={s().storage} settings={s().settings} locale={props.locale} />}
        </Show>
      </Show>
    </section>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Matches every whitespace-separated part of the needle against name, industry, tier and region. */
function matches(haystack: string, needle: string): boolean {
  const h = haystack.toLowerCase();
  return needle
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((part) => h.includes(part));
}

function label(l: { zh: string; en: string }, language: Language): string {
  return language === 'zh-CN' ? l.zh : l.en;
}

function NewQuoteForm(props: { storage: AppStorage; settings: PricingSettings; locale: Locale }): JSX.Element {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ customer?: string }>();
  const text = () => newQuoteMessages[props.locale.language()];
  const language = () => props.locale.language();
  const customers = [...props.storage.customers.all()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const initial = typeof params.customer === 'string' ? props.storage.customers.get(params.customer) : undefined;

  const tierOf = (c: Customer) => props.settings.tiers.find((t) => t.policy.key === c.tier);
  const regionOf = (c: Customer) => props.settings.regions.find((r) => r.policy.region === c.region);
  const optionText = (c: Customer) => {
    const tier = tierOf(c);
    const region = regionOf(c);
    return `${c.name} · ${tier ? label(tier.label, language()) : c.tier} · ${region ? label(region.label, language()) : c.region}`;
  };

  const [search, setSearch] = createSignal('');
  const [customerId, setCustomerId] = createSignal(initial?.id ?? '');
  const [owner, setOwner] = createSignal(initial?.owner ?? props.settings.owners[0] ?? '');
  const [currency, setCurrency] = createSignal('CNY');
  const [quoteDate, setQuoteDate] = createSignal(businessDate(new Date()));
  const [requirements, setRequirements] = createSignal('');
  const [quantity, setQuantity] = createSignal('');
  const [requestedDate, setRequestedDate] = createSignal('');
  const [problems, setProblems] = createSignal<readonly string[]>([]);
  const [busy, setBusy] = createSignal(false);

  const customer = createMemo(() => (customerId() ? props.storage.customers.get(customerId()) : undefined));
  // The chosen customer stays listed even when the search no longer matches it.
  const shown = createMemo(() => customers.filter((c) => c.id === customerId() || matches(optionText(c) + ' ' + c.industry, search())));
  // An owner not in the directory (e.g. the customer's) is still offered.
  const owners = createMemo(() => [...new Set([...props.settings.owners, ...(customer() ? [customer()?.owner ?? ''] : []), owner()].filter(Boolean))]);

  // A refusal stands until the user changes what was refused; the typed values stay either way.
  createEffect(on([customerId, owner, currency, quoteDate, requirements, quantity, requestedDate], () => setProblems([]), { defer: true }));

  const choose = (id: string) => {
    setCustomerId(id);
    const c = props.storage.customers.get(id);
    if (c) setOwner(c.owner);
  };

  const submit = async () => {
    const t = text();
    const wrong: string[] = [];
    if (!customer()) wrong.push(t.needCustomer);
    if (requirements().trim() === '') wrong.push(t.needRequirements);
    const qtyText = quantity().trim();
    const qty = qtyText === '' ? undefined : Number(qtyText);
    if (qty !== undefined && !(Number.isFinite(qty) && qty > 0)) wrong.push(t.badQuantity);
    if (wrong.length > 0) {
      setProblems(wrong);
      return;
    }
    const inquiry: Inquiry = {
      requirements: requirements().trim(),
      ...(qty === undefined ? {} : { quantity: qty }),
      ...(requestedDate() ? { requestedDate: requestedDate() } : {}),
    };
    setBusy(true);
    setProblems([]);
    try {
      // No sign-in yet (issue 6): the owner records the inquiry.
      const made = await props.storage.quotes.create({ customerId: customerId(), owner: owner(), currency: currency(), quoteDate: quoteDate(), inquiry }, owner());
      if (made.ok) navigate(`/quotes/${encodeURIComponent(made.value)}`);
      else setProblems(made.problems);
    } catch (e) {
      setProblems([errorText(e)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="new-quote-form"
      data-testid="new-quote"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset class="new-quote-customer">
        <legend>{text().customer}</legend>
        <label>
          {text().customerSearch}
          <input type="search" data-testid="customer-search" value={search()} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <label>
          {text().customer}
          <select data-testid="customer-select" name="customer" size={Math.min(8, Math.max(3, shown().length + 1))} value={customerId()} onChange={(e) => choose(e.currentTarget.value)}>
            <option value="" disabled>
              {text().chooseCustomer}
            </option>
            <For each={shown()}>
              {(c) => (
                <option value={c.id} data-name={c.name}>
                  {optionText(c)}
                </option>
              )}
            </For>
          </select>
        </label>
        <Show when={shown().length === 0}>
          <p class="quotes-muted">{text().noCustomers}</p>
        </Show>
        <A href="/customers/new" data-testid="new-customer">
          + {text().newCustomer}
        </A>
      </fieldset>

      <Show when={customer()}>
        {(c) => {
          const tier = () => tierOf(c());
          return (
            <aside class="policy-card" data-testid="tier-policy">
              <h3>{text().policy}</h3>
              <dl>
                <dt>{text().tier}</dt>
                <dd data-testid="policy-tier">{tier() ? label(tier()?.label ?? { zh: '', en: '' }, language()) : c().tier}</dd>
                <dt>{text().region}</dt>
                <dd>{(() => {
                  const r = regionOf(c());
                  return r ? label(r.label, language()) : c().region;
                })()}</dd>
                <Show when={tier()}>
                  {(t) => (
                    <>
                      <dt>{text().defaultDiscount}</dt>
                      <dd data-testid="policy-discount">{t().policy.defaultDiscountPct}%</dd>
                      <dt>{text().discountCap}</dt>
                      <dd data-testid="policy-cap">{t().policy.discountCapPct}%</dd>
                    </>
                  )}
                </Show>
                <dt>{text().paymentTerms}</dt>
                <dd data-testid="policy-terms">
                  <Show when={c().paymentTerms.trim() !== ''} fallback={tier()?.policy.paymentTerms ?? ''}>
                    {c().paymentTerms}
                    <span class="quotes-muted">{text().paymentTermsOwn}</span>
                  </Show>
                </dd>
              </dl>
            </aside>
          );
        }}
      </Show>

      <fieldset class="new-quote-fields">
        <label>
          {text().owner}
          <select name="owner" value={owner()} onChange={(e) => setOwner(e.currentTarget.value)}>
            <For each={owners()}>{(o) => <option value={o}>{o}</option>}</For>
          </select>
        </label>
        <label>
          {text().currency}
          <select name="currency" value={currency()} onChange={(e) => setCurrency(e.currentTarget.value)}>
            <option value="CNY">CNY</option>
            <For each={props.settings.currencies}>
              {(c) => (
                <option value={c.code}>
                  {c.code} · {text().rate(c.cnyPerUnit, c.date)}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {text().quoteDate}
          <input type="date" name="quoteDate" required value={quoteDate()} onInput={(e) => setQuoteDate(e.currentTarget.value)} />
        </label>
      </fieldset>

      <fieldset class="new-quote-inquiry">
        <legend>{text().inquiry}</legend>
        <label class="wide">
          {text().requirements}
          <textarea name="requirements" required rows={5} placeholder={text().requirementsPlaceholder} value={requirements()} onInput={(e) => setRequirements(e.currentTarget.value)} />
        </label>
        <label>
          <span>
            {text().quantity} <span class="quotes-muted">({text().optional})</span>
          </span>
          <input type="number" name="quantity" min="0" step="any" value={quantity()} onInput={(e) => setQuantity(e.currentTarget.value)} />
        </label>
        <label>
          <span>
            {text().requestedDate} <span class="quotes-muted">({text().optional})</span>
          </span>
          <input type="date" name="requestedDate" value={requestedDate()} onInput={(e) => setRequestedDate(e.currentTarget.value)} />
        </label>
      </fieldset>

      <Show when={problems().length > 0}>
        <div class="quotes-problem" role="alert" data-testid="new-quote-problems">
          <p>{text().refused}</p>
          <ul>
            <For each={problems()}>{(p) => <li>{p}</li>}</For>
          </ul>
        </div>
      </Show>

      <div class="new-quote-actions">
        <button type="submit" class="primary" disabled={busy()} data-testid="create-quote">
          {busy() ? text().creating : text().create}
        </button>
        <A href="/quotes">{text().cancel}</A>
      </div>
    </form>
  );
}
