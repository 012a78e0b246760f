import { A, useLocation, useNavigate } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Index, onCleanup, Show, type JSX } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { CustomerInput, type Customer } from '../../domain/crm/Customer';
import type { TierDefinition } from '../../domain/pricing/PricingSettings';
import type { Inquiry } from '../../domain/quote/QuoteRecord';
import { revisionLabel } from '../../domain/quote/quoteNumber';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import { createSettings, labelIn } from '../policies/directorySettings';
import { localMessage, problemAt, readNumber, readYuan, yuanText } from '../policies/fieldText';
import { formatMinorMoney, STATE_LABELS } from '../quotes/quoteLabels';
import { useServices, type AppStorage } from '../services';
import { customerMessages, type CustomerMessages } from './customerMessages';
import { quotesOfCustomer } from './customerRows';
import './customers.css';

const QUOTES_SHOWN = 20;

/** One customer: every field, the tier's policy beside the tier, delete/restore, and its quotes. `customerId` 'new' creates one. */
export default function CustomerPage(props: { locale: Locale; customerId: string }): JSX.Element {
  const services = useServices();
  const text = () => customerMessages[props.locale.language()];
  const [storage] = createResource(() => services.storage());
  return (
    <section class="customers customer-page">
      <A class="customers-back" href="/customers">
        {text().backToList}
      </A>
      <Show when={!storage.error} fallback={<p class="customers-problem">{text().failed + String(storage.error)}</p>}>
        <Show when={storage()} fallback={<p>{text().loading}</p>}>
          {(s) => (
            // Keyed: a new id (after creating) starts a fresh editor on the stored customer.
            <Show when={props.customerId} keyed>
              {(id) => <CustomerEditor storage={s()} locale={props.locale} customerId={id} />}
            </Show>
          )}
        </Show>
      </Show>
    </section>
  );
}

interface ContactDraft {
  name: string;
  role: string;
  phone: string;
  email: string;
}

/** The form as typed: numbers stay text until saved, so a refused save keeps exactly what the user wrote. */
interface CustomerDraft {
  name: string;
  industry: string;
  region: string;
  tier: string;
  paymentTerms: string;
  creditLimit: string;
  taxId: string;
  owner: string;
  notes: string;
  contacts: ContactDraft[];
}

function draftOf(c: Customer | undefined): CustomerDraft {
  if (!c) return { name: '', industry: '', region: '', tier: '', paymentTerms: '', creditLimit: '', taxId: '', owner: '', notes: '', contacts: [] };
  return {
    name: c.name,
    industry: c.industry,
    region: c.region,
    tier: c.tier,
    paymentTerms: c.paymentTerms,
    creditLimit: yuanText(c.creditLimitMinor),
    taxId: c.taxId,
    owner: c.owner,
    notes: c.notes,
    contacts: c.contacts.map((k) => ({ ...k })),
  };
}

/** Problems by field path (`name`, `contacts.0.email`), plus those no field owns. */
interface FormProblems {
  readonly fields: Readonly<Record<string, readonly string[]>>;
  readonly other: readonly string[];
}

const NO_PROBLEMS: FormProblems = { fields: {}, other: [] };

function formProblems(problems: readonly string[], language: Language): FormProblems {
  const fields: Record<string, string[]> = {};
  const other: string[] = [];
  for (const p of problems) {
    const at = problemAt(p, 'customer');
    if (!at) {
      other.push(p);
      continue;
    }
    const key = at.path.join('.');
    (fields[key] ??= []).push(localMessage(at.message, language));
  }
  return { fields, other };
}

/** Where a field path is on the form, in words ("E-mail (contact 2)"). */
function fieldName(path: string, text: CustomerMessages): string {
  const contact = /^contacts\.(\d+)\.(\w+)$/u.exec(path);
  if (contact) {
    const names: Record<string, string> = { name: text.contactName, role: text.contactRole, phone: text.contactPhone, email: text.contactEmail };
    return `${text.contacts} ${Number(contact[1]) + 1} · ${names[contact[2] ?? ''] ?? contact[2]}`;
  }
  const names: Record<string, string> = {
    name: text.name,
    industry: text.industry,
    region: text.region,
    tier: text.tier,
    paymentTerms: text.paymentTerms,
    creditLimitMinor: text.creditLimit,
    taxId: text.taxId,
    owner: text.owner,
    notes: text.notes,
    contacts: text.contacts,
  };
  return names[path] ?? path;
}

function percent(n: number): string {
  return `${n}%`;
}

function CustomerEditor(props: { storage: AppStorage; locale: Locale; customerId: string }): JSX.Element {
  const { customers } = props.storage;
  const navigate = useNavigate();
  const location = useLocation<{ created?: string }>();
  const text = () => customerMessages[props.locale.language()];
  const language = () => props.locale.language();
  const isNew = props.customerId === 'new';

  const settingsRead = createSettings(props.storage.directory);
  const [stored, setStored] = createSignal<Customer | undefined>(isNew ? undefined : customers.get(props.customerId, true), { equals: false });
  const [draft, setDraft] = createStore<CustomerDraft>(draftOf(stored()));
  // The form as last loaded: while the user has not changed it, it follows edits made elsewhere (sync).
  let baseline = JSON.stringify(draftOf(stored()));
  const follow = (c: Customer | undefined) => {
    const next = draftOf(c);
    setDraft(reconcile(next));
    baseline = JSON.stringify(next);
  };
  if (!isNew) {
    const stop = customers.onChange(() => {
      const c = customers.get(props.customerId, true);
      setStored(c);
      if (c && JSON.stringify(unwrap(draft)) === baseline) follow(c);
    });
    onCleanup(stop);
  }

  const [problems, setProblems] = createSignal<FormProblems>(NO_PROBLEMS);
  const [notice, setNotice] = createSignal<string | undefined>(location.state?.created ? text().created(location.state.created) : undefined);
  const [justRemoved, setJustRemoved] = createSignal(false);

  const fieldProblems = (key: string) => problems().fields[key] ?? [];
  const deleted = () => stored()?.deletedAt !== undefined;

  const save = () => {
    setNotice(undefined);
    const credit = draft.creditLimit.trim() === '' ? ({ ok: true, value: 0 } as const) : readYuan(draft.creditLimit, language());
    const input: CustomerInput = {
      name: draft.name.trim(),
      industry: draft.industry.trim(),
      region: draft.region,
      tier: draft.tier,
      paymentTerms: draft.paymentTerms.trim(),
      creditLimitMinor: credit.ok ? credit.value : 0,
      taxId: draft.taxId.trim(),
      contacts: draft.contacts.map((k) => ({ name: k.name.trim(), role: k.role.trim(), phone: k.phone.trim(), email: k.email.trim() })),
      owner: draft.owner,
      notes: draft.notes,
    };
    if (!credit.ok) {
      // Nothing is written; the rest of the form is still checked so every problem shows at once.
      const parsed = CustomerInput.safeParse(input);
      const rest = parsed.success ? [] : parsed.error.issues.map((i) => `customer.${i.path.map(String).join('.')} ${i.message}`);
      setProblems(formProblems([`customer.creditLimitMinor ${credit.reason}`, ...rest], language()));
      return;
    }
    const result = isNew ? customers.create(input) : customers.update(props.customerId, input);
    if (!result.ok) {
      setProblems(formProblems(result.problems, language()));
      return;
    }
    setProblems(NO_PROBLEMS);
    if (isNew) navigate(`/customers/${encodeURIComponent(result.customer.id)}`, { replace: true, state: { created: result.customer.name } });
    else {
      follow(result.customer);
      setNotice(text().saved(result.customer.name));
    }
  };

  const remove = () => {
    const result = customers.remove(props.customerId);
    if (result.ok) {
      setJustRemoved(true);
      setNotice(undefined);
    } else setProblems({ fields: {}, other: result.problems });
  };
  const restore = () => {
    const result = customers.restore(props.customerId);
    if (result.ok) setJustRemoved(false);
    else setProblems({ fields: {}, other: result.problems });
  };

  const problemList = createMemo(() => {
    const p = problems();
    return [...Object.entries(p.fields).flatMap(([key, messages]) => messages.map((m) => text().problemAt(fieldName(key, text()), m))), ...p.other];
  });

  return (
    <Show when={isNew || stored()} fallback={<p class="customers-problem">{text().notFound}</p>}>
      <Show
        when={(() => {
          const read = settingsRead();
          return read.ok ? read.settings : undefined;
        })()}
        fallback={
          <p class="customers-problem">
            {text().policiesUnavailable}
            {(() => {
              const read = settingsRead();
              return read.ok ? '' : read.problems.join('; ');
            })()}
          </p>
        }
      >
        {(settings) => {
          const tier = () => settings().tiers.find((t) => t.policy.key === draft.tier);
          const owners = () => {
            // An owner no longer in the list still shows, so saving does not silently change it.
            const list = [...settings().owners];
            if (draft.owner !== '' && !list.includes(draft.owner)) list.push(draft.owner);
            return list;
          };
          return (
            <>
              <div class="customers-header">
                <h2 data-testid="customer-title">{isNew ? text().newCustomer : (stored()?.name ?? '')}</h2>
                <Show when={!isNew && !deleted()}>
                  <button type="button" class="customers-button" data-testid="delete-customer" onClick={remove}>
                    {text().remove}
                  </button>
                </Show>
              </div>

              <Show when={deleted()}>
                <p class="customers-bar" role="status" data-testid="deleted-bar">
                  {justRemoved() ? text().removed(stored()?.name ?? '') : text().deletedBanner}{' '}
                  <button type="button" class="customers-button" data-testid="restore-customer" onClick={restore}>
                    {justRemoved() ? text().undo : text().restore}
                  </button>
                </p>
              </Show>
              <Show when={notice()}>
                {(n) => (
                  <p class="customers-notice" role="status" data-testid="customer-notice">
                    {n()}
                  </p>
                )}
              </Show>

              <form
                class="customer-form"
                data-testid="customer-form"
                novalidate
                onSubmit={(e) => {
                  e.preventDefault();
                  save();
                }}
              >
                <Show when={problemList().length > 0}>
                  <div class="customers-refusal" role="alert" data-testid="customer-problems">
                    <p>{text().refused}</p>
                    <ul>
                      <For each={problemList()}>{(p) => <li>{p}</li>}</For>
                    </ul>
                  </div>
                </Show>
                <fieldset disabled={deleted()}>
                  <div class="customer-grid">
                    <Field label={text().name} problems={fieldProblems('name')} wide>
                      <input name="name" value={draft.name} aria-invalid={fieldProblems('name').length > 0} onInput={(e) => setDraft('name', e.currentTarget.value)} />
                    </Field>
                    <Field label={text().industry} problems={fieldProblems('industry')}>
                      <input name="industry" value={draft.industry} onInput={(e) => setDraft('industry', e.currentTarget.value)} />
                    </Field>
                    <Field label={text().region} problems={fieldProblems('region')}>
                      <select name="region" value={draft.region} aria-invalid={fieldProblems('region').length > 0} onChange={(e) => setDraft('region', e.currentTarget.value)}>
                        <option value="">{text().choose}</option>
                        <For each={settings().regions}>{(r) => <option value={r.policy.region}>{`${labelIn(r.label, language())} (${r.policy.region})`}</option>}</For>
                        <Show when={draft.region !== '' && !settings().regions.some((r) => r.policy.region === draft.region)}>
                          <option value={draft.region}>{draft.region}</option>
                        </Show>
                      </select>
                    </Field>
                    <div class="customer-tier-row">
                      <Field label={text().tier} problems={fieldProblems('tier')}>
                        <select name="tier" value={draft.tier} aria-invalid={fieldProblems('tier').length > 0} onChange={(e) => setDraft('tier', e.currentTarget.value)}>
                          <option value="">{text().choose}</option>
                          <For each={settings().tiers}>{(t) => <option value={t.policy.key}>{`${labelIn(t.label, language())} (${t.policy.key})`}</option>}</For>
                          <Show when={draft.tier !== '' && !settings().tiers.some((t) => t.policy.key === draft.tier)}>
                            <option value={draft.tier}>{draft.tier}</option>
                          </Show>
                        </select>
                      </Field>
                      <TierCard tier={tier()} text={text()} language={language()} />
                    </div>
                    <Field label={text().paymentTerms} problems={fieldProblems('paymentTerms')} wide>
                      <textarea
                        name="paymentTerms"
                        rows="2"
                        value={draft.paymentTerms}
                        placeholder={tier() ? text().paymentTermsPlaceholder(tier()?.policy.paymentTerms ?? '') : ''}
                        onInput={(e) => setDraft('paymentTerms', e.currentTarget.value)}
                      />
                    </Field>
                    <Field label={text().creditLimit} problems={fieldProblems('creditLimitMinor')}>
                      <input
                        name="creditLimit"
                        inputmode="decimal"
                        value={draft.creditLimit}
                        placeholder="0"
                        aria-invalid={fieldProblems('creditLimitMinor').length > 0}
                        onInput={(e) => setDraft('creditLimit', e.currentTarget.value)}
                      />
                    </Field>
                    <Field label={text().taxId} problems={fieldProblems('taxId')}>
                      <input name="taxId" value={draft.taxId} onInput={(e) => setDraft('taxId', e.currentTarget.value)} />
                    </Field>
                    <Field label={text().owner} problems={fieldProblems('owner')}>
                      <select name="owner" value={draft.owner} aria-invalid={fieldProblems('owner').length > 0} onChange={(e) => setDraft('owner', e.currentTarget.value)}>
                        <option value="">{text().choose}</option>
                        <For each={owners()}>{(o) => <option value={o}>{o}</option>}</For>
                      </select>
                    </Field>
                    <Field label={text().notes} problems={fieldProblems('notes')} wide>
                      <textarea name="notes" rows="3" value={draft.notes} onInput={(e) => setDraft('notes', e.currentTarget.value)} />
                    </Field>
                  </div>

                  <div class="customer-contacts">
                    <h3>{text().contacts}</h3>
                    <Show when={fieldProblems('contacts').length > 0}>
                      <p class="field-problem">{fieldProblems('contacts').join('; ')}</p>
                    </Show>
                    <Show when={draft.contacts.length > 0} fallback={<p class="customers-muted">{text().noContacts}</p>}>
                      <table class="customers-table customer-contacts-table" data-testid="contacts">
                        <colgroup>
                          <col class="contact-col-name" />
                          <col class="contact-col-role" />
                          <col class="contact-col-phone" />
                          <col />
                          <col class="contact-col-actions" />
                        </colgroup>
                        <thead>
                          <tr>
                            <th>{text().contactName}</th>
                            <th>{text().contactRole}</th>
                            <th>{text().contactPhone}</th>
                            <th>{text().contactEmail}</th>
                            <th />
                          </tr>
                        </thead>
                        <tbody>
                          <Index each={draft.contacts}>
                            {(_contact, i) => (
                              <tr data-contact={i}>
                                <For each={['name', 'role', 'phone', 'email'] as const}>
                                  {(key) => (
                                    <td>
                                      <input
                                        name={`contacts.${i}.${key}`}
                                        type={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
                                        aria-label={fieldName(`contacts.${i}.${key}`, text())}
                                        aria-invalid={fieldProblems(`contacts.${i}.${key}`).length > 0}
                                        value={draft.contacts[i]?.[key] ?? ''}
                                        onInput={(e) => setDraft('contacts', i, key, e.currentTarget.value)}
                                      />
                                      <For each={fieldProblems(`contacts.${i}.${key}`)}>
                                        {(p) => (
                                          <span class="field-problem" data-problem={`contacts.${i}.${key}`}>
                                            {p}
                                          </span>
                                        )}
                                      </For>
                                    </td>
                                  )}
                                </For>
                                <td>
                                  <button type="button" class="customers-button" onClick={() => setDraft('contacts', (list) => list.filter((_, j) => j !== i))}>
                                    {text().removeContact}
                                  </button>
                                </td>
                              </tr>
                            )}
                          </Index>
                        </tbody>
                      </table>
                    </Show>
                    <button
                      type="button"
                      class="customers-button"
                      data-testid="add-contact"
                      onClick={() => setDraft('contacts', (list) => [...list, { name: '', role: '', phone: '', email: '' }])}
                    >
                      {text().addContact}
                    </button>
                  </div>

                  <div class="customer-actions">
                    <button type="submit" class="customers-button customers-primary" data-testid="save-customer">
                      {isNew ? text().create : text().save}
                    </button>
                  </div>
                </fieldset>
              </form>

              <Show when={!isNew && stored()}>{(c) => <CustomerQuotes storage={props.storage} locale={props.locale} customer={c()} />}</Show>
            </>
          );
        }}
      </Show>
    </Show>
  );
}

function Field(props: { label: string; problems: readonly string[]; wide?: boolean; children: JSX.Element }): JSX.Element {
  return (
    <label class="customer-field" classList={{ 'customer-field-wide': props.wide === true }}>
      <span class="customer-field-label">{props.label}</span>
      {props.children}
      <For each={props.problems}>{(p) => <span class="field-problem">{p}</span>}</For>
    </label>
  );
}

/** The policy the chosen tier applies to every new quote of this customer. */
function TierCard(props: { tier: TierDefinition | undefined; text: CustomerMessages; language: Language }): JSX.Element {
  return (
    <aside class="tier-card" data-testid="tier-card">
      <Show when={props.tier} fallback={<p class="customers-muted">{props.text.noTier}</p>}>
        {(t) => (
          <>
            <h4>{props.text.tierPolicy(labelIn(t().label, props.language))}</h4>
            <dl>
              <dt>{props.text.defaultDiscount}</dt>
              <dd data-testid="tier-default-discount">{percent(t().policy.defaultDiscountPct)}</dd>
              <dt>{props.text.discountCap}</dt>
              <dd data-testid="tier-discount-cap">{percent(t().policy.discountCapPct)}</dd>
              <dt>{props.text.commission}</dt>
              <dd>{percent(t().policy.commissionRatePct)}</dd>
              <dt>{props.text.tierPaymentTerms}</dt>
              <dd>{t().policy.paymentTerms}</dd>
            </dl>
          </>
        )}
      </Show>
    </aside>
  );
}

/** The customer's quotes, and a new inquiry straight from here. */
function CustomerQuotes(props: { storage: AppStorage; locale: Locale; customer: Customer }): JSX.Element {
  const navigate = useNavigate();
  const text = () => customerMessages[props.locale.language()];
  const [quotes] = createResource(
    () => props.customer.id,
    (id) => quotesOfCustomer(props.storage.db, id, QUOTES_SHOWN),
  );
  const [inquiryOpen, setInquiryOpen] = createSignal(false);
  const [requirements, setRequirements] = createSignal('');
  const [quantity, setQuantity] = createSignal('');
  const [requestedDate, setRequestedDate] = createSignal('');
  const [problems, setProblems] = createSignal<readonly string[]>([]);
  const [busy, setBusy] = createSignal(false);

  const createQuote = async () => {
    const language = props.locale.language();
    const qty = quantity().trim() === '' ? undefined : readNumber(quantity(), language);
    if (qty && !qty.ok) {
      setProblems([`${text().quantity}: ${qty.reason}`]);
      return;
    }
    const inquiry: Inquiry = {
      requirements: requirements().trim(),
      ...(qty ? { quantity: qty.value } : {}),
      ...(requestedDate() !== '' ? { requestedDate: requestedDate() } : {}),
    };
    setBusy(true);
    setProblems([]);
    try {
      // Who acts is the account's owner until users can log in (issue 6).
      const made = await props.storage.quotes.create({ customerId: props.customer.id, inquiry, owner: props.customer.owner }, props.customer.owner);
      if (made.ok) navigate(`/quotes/${encodeURIComponent(made.value)}`);
      else setProblems(made.problems);
    } catch (e) {
      setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="customer-quotes" data-testid="customer-quotes">
      <div class="customers-header">
        <h3>{text().quotes}</h3>
        <Show when={!inquiryOpen() && props.customer.deletedAt === undefined}>
          <button type="button" class="customers-button customers-primary" data-testid="new-quote" onClick={() => setInquiryOpen(true)}>
            {text().newQuote}
          </button>
        </Show>
      </div>

      <Show when={inquiryOpen()}>
        <form
          class="customer-inquiry"
          data-testid="inquiry-form"
          onSubmit={(e) => {
            e.preventDefault();
            void createQuote();
          }}
        >
          <h4>{text().inquiry}</h4>
          <label class="customer-field customer-field-wide">
            <span class="customer-field-label">{text().requirements}</span>
            <textarea name="requirements" rows="3" placeholder={text().requirementsPlaceholder} value={requirements()} onInput={(e) => setRequirements(e.currentTarget.value)} />
          </label>
          <label class="customer-field">
            <span class="customer-field-label">
              {text().quantity}
              {text().optional}
            </span>
            <input name="quantity" inputmode="decimal" value={quantity()} onInput={(e) => setQuantity(e.currentTarget.value)} />
          </label>
          <label class="customer-field">
            <span class="customer-field-label">
              {text().requestedDate}
              {text().optional}
            </span>
            <input name="requestedDate" type="date" value={requestedDate()} onInput={(e) => setRequestedDate(e.currentTarget.value)} />
          </label>
          <Show when={problems().length > 0}>
            <div class="customers-refusal" role="alert">
              <p>{text().quoteFailed}</p>
              <ul>
                <For each={problems()}>{(p) => <li>{p}</li>}</For>
              </ul>
            </div>
          </Show>
          <div class="customer-actions">
            <button type="submit" class="customers-button customers-primary" data-testid="create-quote" disabled={busy()}>
              {text().createQuote}
            </button>
            <button type="button" class="customers-button" onClick={() => setInquiryOpen(false)}>
              {text().cancel}
            </button>
          </div>
        </form>
      </Show>

      <Show when={quotes.error}>
        <p class="customers-problem">{text().failed + String(quotes.error)}</p>
      </Show>
      <Show when={quotes.latest}>
        {(q) => (
          <Show when={q().rows.length > 0} fallback={<p class="customers-muted">{text().noQuotes}</p>}>
            <table class="customers-table">
              <thead>
                <tr>
                  <th>{text().quoteNumber}</th>
                  <th>{text().quoteState}</th>
                  <th>{text().quoteDate}</th>
                  <th class="customers-money">{text().quoteTotal}</th>
                </tr>
              </thead>
              <tbody>
                <For each={q().rows}>
                  {(entry) => (
                    <tr data-quote={entry.id}>
                      <td>
                        <A href={`/quotes/${encodeURIComponent(entry.id)}`}>{revisionLabel(entry.number, entry.revision)}</A>
                      </td>
                      <td>
                        <span class="customers-state" data-state={entry.state}>
                          {STATE_LABELS[props.locale.language()][entry.state]}
                        </span>
                      </td>
                      <td>{entry.quoteDate}</td>
                      <td class="customers-money">{formatMinorMoney(entry.totalMinor, entry.currency, props.locale.language())}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <Show when={q().hasMore}>
              <p class="customers-muted">{text().moreQuotes(q().rows.length)}</p>
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}
