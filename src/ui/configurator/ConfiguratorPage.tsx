import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, Index, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { Configuration, formOf, newSavedConfiguration, valueText } from '../../domain/configurator';
import type { ConfigurationSnapshot, FieldError, FormField, FormOption, RuleDetails, SavedConfiguration, Waterfall } from '../../domain/configurator';
import { quantityParameter } from '../../domain/quote/linePricing';
import type { AllowedValues, Interval, ModelRules, RuleConflict, RuleFix } from '../../domain/rules/modelRules';
import type { ParameterValue } from '../../domain/workbook/parameters';
import { formatWorkbookError } from '../../domain/workbook/errors';
import type { ExplainNode } from '../../domain/workbook/explain';
import type { OutputReading, PriceModel } from '../../domain/workbook/PriceModel';
import type { ReleasedModel } from '../../domain/workbook/release';
import type { OutputRole } from '../../domain/workbook/schema';
import type { Locale } from '../locale';
import { useServices, type AppStorage } from '../services';
import { openConfigurator, type OpenedConfigurator } from './openConfigurator';
import { loadQuoteLink, QuoteLinkBar, type QuoteLinkLoad } from './quoteLink';
import { domainLocale, formatMoney } from './format';
import './configurator.css';

export interface ConfiguratorPageProps {
  locale: Locale;
  modelId: string;
}

/**
 * The sales rep's configurator for one released model: the generated form beside the live
 * price. `?release=<hash>` pins a release (default: the model's newest); `?configuration=<id>`
 * reopens a saved configuration on the release it was priced on. `?quote=<id>` adds the product
 * to a quote; `?quote=<id>&line=<lineId>` reopens a quote's configured line and updates it.
 */
export default function ConfiguratorPage(props: ConfiguratorPageProps): JSX.Element {
  const services = useServices();
  const [search] = useSearchParams<{ release?: string; configuration?: string; quote?: string; line?: string }>();
  const text = () => props.locale.text().configurator;
  const [opened] = createResource(
    () => ({ modelId: props.modelId, release: search.release, configuration: search.configuration, quote: search.quote, line: search.line }),
    async (request): Promise<{ storage: AppStorage; opened: OpenedConfigurator; link?: QuoteLinkLoad }> => {
      const storage = await services.storage();
      if (!request.quote) return { storage, opened: await openConfigurator(storage, request) };
      const link = await loadQuoteLink(storage, { quoteId: request.quote, lineId: request.line, modelId: request.modelId });
      // A quote's line is priced on its own release, from its own values.
      const line = link.ok ? link.target.line : undefined;
      const release = line?.releaseHash ?? request.release;
      return { storage, opened: await openConfigurator(storage, { modelId: request.modelId, release, configuration: request.configuration }), link };
    },
  );

  return (
    <section class="configurator">
      <A class="configurator-back" href="/configure">
        {text().backToList}
      </A>
      <Show when={!opened.error} fallback={<p class="configurator-problem">{text().loadFailed + String(opened.error)}</p>}>
        <Show when={opened()} keyed fallback={<p>{text().loading}</p>}>
          {({ storage, opened: o, link }) =>
            o.ok ? (
              <ModelConfigurator
                locale={props.locale}
                release={o.release}
                model={o.model}
                storage={storage}
                {...(o.saved ? { saved: o.saved } : {})}
                {...(o.rules ? { rules: o.rules } : {})}
                {...(link ? { quoteLink: link } : {})}
                {...(link?.ok && link.target.line ? { initial: { values: link.target.line.values, userSet: link.target.line.fixed } } : {})}
              />
            ) : o.reason === 'not-found' ? (
              <p class="configurator-problem">{text().notFound}</p>
            ) : (
              <p class="configurator-problem">{text().loadFailed + o.errors.map(formatWorkbookError).join('; ')}</p>
            )
          }
        </Show>
      </Show>
    </section>
  );
}

interface ModelConfiguratorProps {
  locale: Locale;
  release: ReleasedModel;
  model: PriceModel;
  /** The model's configuration rules, when it has any. */
  rules?: ModelRules;
  storage: AppStorage;
  /** The saved configuration being reopened, if any. */
  saved?: SavedConfiguration;
  /** Values to start from (a quote line's), when no saved configuration is reopened. */
  initial?: ConfigurationSnapshot;
  /** The quote this configuration is for, if any. */
  quoteLink?: QuoteLinkLoad;
}

function ModelConfigurator(props: ModelConfiguratorProps): JSX.Element {
  // The model and its configuration live as long as this screen; neither is reactive itself,
  // so `changes` counts inputs and everything derived from the configuration reads it.
  const model = props.model;
  const configuration = new Configuration(model, props.saved ? { values: props.saved.values, userSet: props.saved.userSet } : (props.initial ?? {}), props.rules);
  onCleanup(() => model.dispose());
  const [changes, setChanges] = createSignal(0);

  const text = () => props.locale.text().configurator;
  const form = createMemo(() => formOf(model.workbook, domainLocale(props.locale.language())));
  const price = createMemo(() => (changes(), configuration.price));
  const breakdown = createMemo(() => (changes(), configuration.waterfall()));
  const errorOf = (field: string) => (changes(), configuration.error(field));
  const textOf = (field: string) => (changes(), configuration.text(field));
  const ruleState = createMemo(() => (changes(), configuration.rules));
  const input = (field: string, value: string) => {
    configuration.input(field, value);
    setChanges((n) => n + 1);
  };
  const fixes = createMemo(() => (ruleState(), configuration.fixes()));
  const applyFix = (fix: RuleFix) => {
    configuration.applyFix(fix);
    setChanges((n) => n + 1);
  };
  // Why each greyed option is excluded costs a few solver calls per option: worked out after
  // the new price has been painted, so typing stays within a frame.
  const [details, setDetails] = createSignal<RuleDetails>({ alternatives: new Map(), exclusions: new Map() });
  let reasonTimer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    ruleState();
    clearTimeout(reasonTimer);
    reasonTimer = setTimeout(() => setDetails(configuration.ruleDetails()), 0);
  });
  const reasonsOf = (field: string): ReadonlyMap<string, string> | undefined => {
    const excluded = details().exclusions.get(field);
    if (!excluded) return undefined;
    const lang = domainLocale(props.locale.language());
    return new Map([...excluded].map(([value, why]) => [valueText(value), why.rules.map((r) => r.message[lang]).join('; ')]));
  };
  onCleanup(() => clearTimeout(reasonTimer));
  const labelOf = (parameter: string) => model.parameters.find((p) => p.id === parameter)?.label[domainLocale(props.locale.language())] ?? parameter;
  const valueLabel = (parameter: string, value: ParameterValue | null) => {
    if (value === null) return text().unset;
    const p = model.parameters.find((q) => q.id === parameter);
    const option = p?.type === 'choice' ? p.options.find((o) => o.value === value) : undefined;
    return option ? option.label[domainLocale(props.locale.language())] : valueText(value);
  };
  const reading = (role: OutputRole): { label: string; reading: OutputReading } | undefined => {
    const output = model.outputs.find((o) => o.role === role);
    const r = output && price().outputs[output.id];
    return output && r ? { label: output.label[domainLocale(props.locale.language())], reading: r } : undefined;
  };
  const money = (amount: number) => formatMoney(amount, model.workbook.currency, props.locale.language());
  // For a quote: the values the rep set go to the line; the quantity parameter is the line's quantity.
  const quantityId = quantityParameter(model.parameters)?.id;
  const linkValues = () => {
    changes();
    const snapshot = configuration.snapshot();
    return Object.fromEntries(snapshot.userSet.filter((id) => id !== quantityId && id in snapshot.values).map((id) => [id, snapshot.values[id] as ParameterValue]));
  };
  const linkQuantity = () => {
    changes();
    const value = quantityId === undefined ? undefined : configuration.values()[quantityId];
    return typeof value === 'number' ? value : undefined;
  };
  const showReading = (r: OutputReading) => (r.error ? r.error.code : typeof r.value === 'number' ? money(r.value) : String(r.value));

  return (
    <div class="configurator-layout">
      <header class="configurator-header">
        <h2>{form().title}</h2>
        <p class="configurator-release">
          {text().version} {props.release.version} · {text().hash} <code>{props.release.hash.slice(0, 8)}</code>
        </p>
        <Show when={props.quoteLink}>
          {(link) => (
            <QuoteLinkBar
              locale={props.locale}
              storage={props.storage}
              link={link()}
              modelId={props.release.modelId}
              releaseHash={props.release.hash}
              values={linkValues}
              quantity={linkQuantity}
              stale={() => price().stale}
            />
          )}
        </Show>
      </header>

      <form class="configurator-form" onSubmit={(e) => e.preventDefault()}>
        <For each={form().groups}>
          {(group) => (
            <fieldset class="configurator-group">
              <legend>{group.id === null ? text().ungrouped : (text().groups[group.id] ?? group.id)}</legend>
              <For each={group.fields}>
                {(field) => (
                  <Field
                    field={field}
                    text={textOf(field.id)}
                    error={errorOf(field.id)}
                    allowed={(changes(), configuration.userSet.has(field.id) ? details().alternatives.get(field.id) : ruleState()?.allowed[field.id])}
                    reasons={reasonsOf(field.id)}
                    locale={props.locale}
                    onInput={(v) => input(field.id, v)}
                  />
                )}
              </For>
            </fieldset>
          )}
        </For>
      </form>

      <aside class="price-panel" aria-label={text().price} classList={{ 'price-panel-stale': price().stale }}>
        <Show when={price().stale}>
          <p class="price-stale" role="status">
            {ruleState()?.consistent === false ? text().staleConflict : text().stale}
          </p>
        </Show>
        <Show when={ruleState()?.conflict}>
          {(conflict) => <ConflictPanel conflict={conflict()} fixes={fixes()} labelOf={labelOf} valueLabel={valueLabel} locale={props.locale} onFix={applyFix} />}
        </Show>
        <dl class="price-figures">
          <PriceFigure name="unit-price" label={text().unitPrice} value={reading('unit_price')?.reading} show={showReading} />
          <PriceFigure name="total-price" label={text().totalPrice} value={reading('total_price')?.reading} show={showReading} />
          <PriceFigure name="margin" label={text().margin} value={reading('margin')?.reading} show={showReading} />
        </dl>
        <WaterfallList waterfall={breakdown()} locale={props.locale} money={money} />
        <SaveConfiguration
          locale={props.locale}
          initialName={props.saved?.name ?? ''}
          onSave={async (name) => {
            const saved = newSavedConfiguration({ name, release: props.release, snapshot: configuration.snapshot(), ...(props.saved ? { id: props.saved.id } : {}) });
            await props.storage.configurations.save(saved);
            return saved;
          }}
        />
      </aside>
    </div>
  );
}

function PriceFigure(props: { name: string; label: string; value: OutputReading | undefined; show: (r: OutputReading) => string }): JSX.Element {
  return (
    <Show when={props.value}>
      {(r) => (
        <div class={`price-figure price-figure-${props.name}`} data-price={props.name}>
          <dt>{props.label}</dt>
          <dd>{props.show(r())}</dd>
        </div>
      )}
    </Show>
  );
}

interface FieldProps {
  field: FormField;
  /** The text the field shows: what the user typed, or a value the rules or a fix set. */
  text: string;
  error: FieldError | undefined;
  /** What the rules still allow for this field; undefined when no rule restricts it. */
  allowed: AllowedValues | undefined;
  /** Why each excluded option is excluded (option text → rule messages), filled in after the price is painted. */
  reasons: ReadonlyMap<string, string> | undefined;
  locale: Locale;
  onInput(text: string): void;
}

function Field(props: FieldProps): JSX.Element {
  const f = props.field;
  const id = `field-${f.id}`;
  const errorId = `${id}-error`;
  const t = () => props.locale.text().configurator;
  const message = (e: FieldError) => (e.code === 'required' ? t().required : `${t().invalid}: ${e.message}`);
  const common = () => ({ id, name: f.id, 'aria-invalid': props.error !== undefined, 'aria-describedby': props.error ? errorId : undefined });
  const excluded = (o: FormOption) => {
    const a = props.allowed;
    return a?.kind === 'options' && !a.values.some((v) => v === o.value);
  };
  const excludedOptions = () => (f.type === 'choice' ? f.options.filter(excluded) : []);
  const rangeHint = () => {
    const a = props.allowed;
    if (a?.kind !== 'ranges' || (f.type !== 'number' && f.type !== 'integer')) return undefined;
    const own = { min: f.min, max: f.max };
    const whole = a.ranges.length === 1 && a.ranges[0]?.min === own.min && a.ranges[0]?.max === own.max && !a.ranges[0]?.minOpen && !a.ranges[0]?.maxOpen;
    return whole ? undefined : a.ranges.length === 0 ? t().nothingPossible : a.ranges.map(formatInterval).join(', ');
  };
  const booleanHint = () => {
    const a = props.allowed;
    return f.type === 'boolean' && a?.kind === 'options' && a.values.length === 1 ? (a.values[0] === true ? t().mustBeOn : t().mustBeOff) : undefined;
  };

  return (
    <div class="configurator-field" classList={{ 'configurator-field-invalid': props.error !== undefined }} data-field={f.id}>
      <label for={id}>
        {f.label}
        <Show when={f.unit}>{(u) => <span class="configurator-unit"> ({u()})</span>}</Show>
      </label>
      <Switch>
        <Match when={f.type === 'choice' && f}>
          {(choice) => (
            <select {...common()} onChange={(e) => props.onInput(e.currentTarget.value)}>
              <For each={choice().options}>
                {(o) => (
                  <option value={o.text} selected={o.text === props.text} classList={{ 'option-excluded': excluded(o) }} data-excluded={excluded(o) ? '' : undefined}>
                    {excluded(o) ? `${o.label} ✕` : o.label}
                  </option>
                )}
              </For>
            </select>
          )}
        </Match>
        <Match when={f.type === 'boolean'}>
          <input {...common()} type="checkbox" checked={props.text === 'true'} onChange={(e) => props.onInput(String(e.currentTarget.checked))} />
        </Match>
        <Match when={f.type === 'date'}>
          <input {...common()} type="date" value={props.text} onInput={(e) => props.onInput(e.currentTarget.value)} />
        </Match>
        <Match when={true}>
          <input
            {...common()}
            type="text"
            inputmode={f.type === 'number' || f.type === 'integer' ? 'decimal' : 'text'}
            autocomplete="off"
            value={props.text}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        </Match>
      </Switch>
      <Show when={rangeHint() ?? booleanHint()}>
        {(hint) => (
          <p class="configurator-allowed" data-testid="allowed-range">
            {t().possible} {hint()}
          </p>
        )}
      </Show>
      <Show when={excludedOptions().length > 0}>
        <ul class="configurator-excluded" data-testid="excluded-options" aria-label={t().notPossible}>
          <For each={excludedOptions()}>
            {(o) => (
              <li data-option={o.text}>
                <span class="configurator-excluded-option">{o.label}</span>
                <Show when={props.reasons?.get(o.text)}>{(reason) => <span class="configurator-excluded-reason">: {reason()}</span>}</Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.error}>
        {(e) => (
          <p class="configurator-error" id={errorId}>
            {message(e())}
          </p>
        )}
      </Show>
    </div>
  );
}

/** `(120, 180]`-style text of an allowed interval, with ≤/≥ for the one-sided ones. */
function formatInterval(i: Interval): string {
  const num = (n: number) => plainNumber.format(n);
  if (i.min !== undefined && i.max !== undefined && i.min === i.max) return num(i.min);
  if (i.min === undefined && i.max === undefined) return '—';
  if (i.min === undefined) return `${i.maxOpen ? '<' : '≤'} ${num(i.max as number)}`;
  if (i.max === undefined) return `${i.minOpen ? '>' : '≥'} ${num(i.min)}`;
  return `${i.minOpen ? '(' : '['}${num(i.min)}, ${num(i.max)}${i.maxOpen ? ')' : ']'}`;
}

/** The conflict the user's choices make, and one-click ways out. */
function ConflictPanel(props: { conflict: RuleConflict; fixes: readonly RuleFix[]; labelOf: (parameter: string) => string; valueLabel: (parameter: string, value: ParameterValue | null) => string; locale: Locale; onFix(fix: RuleFix): void }): JSX.Element {
  const t = () => props.locale.text().configurator;
  const lang = () => domainLocale(props.locale.language());
  return (
    <section class="configurator-conflict" role="alert" data-testid="rule-conflict">
      <h3>{t().conflictTitle}</h3>
      <ul class="conflict-rules">
        <For each={props.conflict.rules}>{(r) => <li data-rule={r.id}>{r.message[lang()]}</li>}</For>
      </ul>
      <p class="conflict-choices">
        {t().conflictChoices} {props.conflict.choices.map(props.labelOf).join(', ')}
      </p>
      <Show when={props.fixes.length > 0}>
        <div class="conflict-fixes">
          <For each={props.fixes}>
            {(fix) => (
              <button type="button" data-testid="rule-fix" onClick={() => props.onFix(fix)}>
                {fix.changes.map((c) => `${props.labelOf(c.parameter)} → ${props.valueLabel(c.parameter, c.to)}`).join('; ')}
              </button>
            )}
          </For>
        </div>
      </Show>
    </section>
  );
}

function WaterfallList(props: { waterfall: Waterfall; locale: Locale; money: (amount: number) => string }): JSX.Element {
  const text = () => props.locale.text().configurator;
  const scale = () => 10 ** props.waterfall.decimals;
  // The widest point of the waterfall is 100 % of a bar's track.
  const top = () => Math.max(1, ...props.waterfall.steps.map((s) => Math.abs(s.cumulativeMinor ?? 0)));
  const amount = (minor: number | null) => (minor === null ? '—' : props.money(minor / scale()));
  const [opened, setOpened] = createSignal<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpened((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section class="waterfall">
      <h3>{text().waterfall}</h3>
      <ol>
        {/* Index, not For: the steps are new objects on every edit, and the rows should stay in place
            with only their figures changing (re-creating them costs layout and paint each keystroke). */}
        <Index each={props.waterfall.steps}>
          {(step, index) => {
            const before = () => (index === 0 ? 0 : (props.waterfall.steps[index - 1]?.cumulativeMinor ?? 0));
            const bar = () => {
              const from = before();
              const to = step().cumulativeMinor ?? from;
              return { left: `${(Math.min(from, to) / top()) * 100}%`, width: `${(Math.abs(to - from) / top()) * 100}%` };
            };
            return (
              <li class="waterfall-step" data-step={step().id}>
                <button
                  type="button"
                  class="waterfall-label"
                  aria-expanded={opened().has(step().id)}
                  title={text().showCells}
                  onClick={() => toggle(step().id)}
                >
                  {step().label[domainLocale(props.locale.language())]}
                </button>
                <span class="waterfall-amount">{step().error?.code ?? amount(step().amountMinor)}</span>
                <span class="waterfall-running">{amount(step().cumulativeMinor)}</span>
                <span class="waterfall-track" aria-hidden="true">
                  <span class="waterfall-bar" classList={{ 'waterfall-bar-negative': (step().amountMinor ?? 0) < 0 }} style={bar()} />
                </span>
                <Show when={opened().has(step().id)}>
                  {/* Explained when opened, from the model as priced now: the steps are new on every edit. */}
                  <div class="waterfall-cells" data-testid="waterfall-cells">
                    <ExplainTree node={step().explain()} language={domainLocale(props.locale.language())} depth={0} />
                  </div>
                </Show>
              </li>
            );
          }}
        </Index>
      </ol>
      <p class="waterfall-total">
        {text().waterfallTotal}: {amount(props.waterfall.totalMinor)}
      </p>
      <Show when={!props.waterfall.reconciles && props.waterfall.differenceMinor !== null}>
        <p class="configurator-problem">{text().waterfallOff + amount(props.waterfall.differenceMinor)}</p>
      </Show>
    </section>
  );
}

/** Name and save the configuration on its release; a refused name says why and keeps what was typed. */
function SaveConfiguration(props: { locale: Locale; initialName: string; onSave(name: string): Promise<SavedConfiguration> }): JSX.Element {
  const text = () => props.locale.text().configurator;
  const [name, setName] = createSignal(props.initialName);
  const [status, setStatus] = createSignal<{ ok: boolean; message: string }>();
  const save = async () => {
    try {
      const saved = await props.onSave(name().trim());
      setStatus({ ok: true, message: text().saved(saved.name) });
    } catch (e) {
      setStatus({ ok: false, message: text().saveFailed + describeSaveError(e) });
    }
  };
  return (
    <form
      class="configurator-save"
      data-testid="save-configuration"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {text().configurationName}
        <input value={name()} onInput={(e) => setName(e.currentTarget.value)} required maxLength={200} name="configurationName" />
      </label>
      <button type="submit">{text().save}</button>
      <Show when={status()}>
        {(s) => (
          <p classList={{ 'configurator-problem': !s().ok }} role="status">
            {s().message}
          </p>
        )}
      </Show>
    </form>
  );
}

function describeSaveError(e: unknown): string {
  if (e && typeof e === 'object' && 'issues' in e && Array.isArray(e.issues)) {
    return e.issues.map((i: { path?: unknown[]; message?: string }) => `${(i.path ?? []).join('.')}: ${i.message ?? ''}`).join('; ');
  }
  return e instanceof Error ? e.message : String(e);
}

/** Most children listed under one cell; a long table range says how many more there are. */
const EXPLAIN_CHILDREN_SHOWN = 12;

/** The cells behind a price step: each with its address, label, formula and value, down to parameters and table cells. */
function ExplainTree(props: { node: ExplainNode; language: 'zh' | 'en'; depth: number }): JSX.Element {
  const n = () => props.node;
  const value = () => (n().error ?? (n().value === null ? '' : typeof n().value === 'number' ? formatPlain(n().value as number) : String(n().value)));
  const shown = () => n().children.slice(0, EXPLAIN_CHILDREN_SHOWN);
  const hidden = () => n().children.length - shown().length;
  return (
    <div class="explain-node" classList={{ 'explain-error': n().error !== undefined }} data-ref={n().ref}>
      <div class="explain-line">
        <code class="explain-ref">{n().module ? `${n().module} · ${n().ref}` : n().ref}</code>
        <Show when={n().label}>{(l) => <span class="explain-label">{l()[props.language]}</span>}</Show>
        <Show when={n().formula}>{(f) => <code class="explain-formula">{f()}</code>}</Show>
        <span class="explain-value">{value()}</span>
      </div>
      <Show when={!n().repeated && n().children.length > 0 && props.depth < 8}>
        <div class="explain-children">
          <For each={shown()}>{(child) => <ExplainTree node={child} language={props.language} depth={props.depth + 1} />}</For>
          <Show when={hidden() > 0 || n().truncated}>
            <p class="explain-more">{hidden() > 0 ? `+${hidden()}` : '…'}</p>
          </Show>
        </div>
      </Show>
    </div>
  );
}

const plainNumber = new Intl.NumberFormat('en', { maximumFractionDigits: 6, useGrouping: false });
function formatPlain(value: number): string {
  return plainNumber.format(value);
}
