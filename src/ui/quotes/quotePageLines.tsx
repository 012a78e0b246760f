/**
 * The lines of the quote: sections, configured products and catalogue items with their
 * quantity, discount, price and (internal) cost and margin, and the forms that add lines.
 * Every edit goes through the quote book, which reprices the line on its own release.
 */
import { A, useNavigate } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import type { LineTotals, QuoteTotals } from '../../domain/pricing/quoteTotals';
import type { ConfiguredLineRecord, LineInclusion, ParameterValue, PricedLineRecord } from '../../domain/quote/QuoteRecord';
import type { Workbook } from '../../domain/workbook/schema';
import { usePresence } from '../presence/createPresence';
import { formatBasisPoints, INCLUSION_LABELS } from './quoteLabels';
import type { QuotePageContext } from './quotePageContext';
import { Problems } from './quotePageParts';

const INCLUSIONS: readonly LineInclusion[] = ['standard', 'optional', 'alternative'];

export function LinesSection(props: { context: QuotePageContext; totals: () => QuoteTotals | string }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const lineTotals = createMemo(() => {
    const t = props.totals();
    return new Map<string, LineTotals>(typeof t === 'string' ? [] : t.lines.map((l) => [l.lineId, l]));
  });

  // The product workbook of each release the lines are pinned to: parameter labels for the summaries.
  const [workbooks, setWorkbooks] = createSignal<ReadonlyMap<string, Workbook>>(new Map());
  const asked = new Set<string>();
  createEffect(() => {
    for (const line of c.shown().lines) {
      if (line.kind !== 'configured' || asked.has(line.releaseHash)) continue;
      const hash = line.releaseHash;
      asked.add(hash);
      c.storage.library
        .getRelease(hash)
        .then((release) => {
          const workbook = release?.workbooks[release.product];
          if (workbook) setWorkbooks((m) => new Map(m).set(hash, workbook));
        })
        // Labels are a nicety: without them the summary shows parameter ids.
        .catch(() => undefined);
    }
  });

  return (
    <section class="quote-section quote-lines" aria-label={text().linesTitle}>
      <h3>{text().linesTitle}</h3>
      <div class="quote-table-wrap">
        <table class="quote-table" data-testid="quote-lines">
          <thead>
            <tr>
              <th>{text().colItem}</th>
              <th class="num">{text().colQuantity}</th>
              <th>{text().colUnit}</th>
              <th class="num">{text().colUnitPrice}</th>
              <th class="num">{text().colDiscount}</th>
              <th class="num">{text().colNet}</th>
              <th class="num quote-internal-col" title={text().internalHint}>
                {text().colCost}
                <span class="quote-internal-tag">{text().internal}</span>
              </th>
              <th class="num quote-internal-col" title={text().internalHint}>
                {text().colMargin}
                <span class="quote-internal-tag">{text().internal}</span>
              </th>
              <Show when={c.editable()}>
                <th>{text().colActions}</th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={c.shown().lines} fallback={<tr><td colSpan={9}>{text().noLines}</td></tr>}>
              {(line, index) => (
                <Switch>
                  <Match when={line.kind === 'section' && line}>
                    {(section) => <SectionRow context={c} id={section().id} title={section().title} index={index()} />}
                  </Match>
                  <Match when={line.kind !== 'section' && line}>
                    {(priced) => <PricedRow context={c} line={priced() as PricedLineRecord} index={index()} totals={lineTotals().get(priced().id)} workbook={priced().kind === 'configured' ? workbooks().get((priced() as ConfiguredLineRecord).releaseHash) : undefined} />}
                  </Match>
                </Switch>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Problems context={c} scope="lines" />
      <Show when={c.editable()}>
        <AddForms context={c} />
      </Show>
    </section>
  );
}

function RowActions(props: { context: QuotePageContext; id: string; index: number }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const last = () => c.shown().lines.length - 1;
  return (
    <Show when={c.editable()}>
      <td class="quote-line-actions">
        <button type="button" aria-label={text().moveUp} title={text().moveUp} disabled={props.index === 0} onClick={() => void c.run(`line:${props.id}`, () => c.storage.quotes.moveLine(c.quoteId, props.id, props.index - 1))}>
          ↑
        </button>
        <button type="button" aria-label={text().moveDown} title={text().moveDown} disabled={props.index >= last()} onClick={() => void c.run(`line:${props.id}`, () => c.storage.quotes.moveLine(c.quoteId, props.id, props.index + 1))}>
          ↓
        </button>
        <button type="button" aria-label={text().remove} title={text().remove} onClick={() => void c.run('lines', () => c.storage.quotes.removeLine(c.quoteId, props.id))}>
          ✕
        </button>
      </td>
    </Show>
  );
}

function SectionRow(props: { context: QuotePageContext; id: string; title: string; index: number }): JSX.Element {
  const c = props.context;
  const presence = usePresence();
  return (
    <>
      <tr class="quote-line-section" data-line-id={props.id} data-kind="section">
        <th colSpan={8} scope="rowgroup" ref={(el) => presence.field(el, () => `line:${props.id}:title`)}>
          <Show when={c.editable()} fallback={<span class="quote-section-title">{props.title}</span>}>
            <input
              class="quote-section-title"
              aria-label={c.text().sectionTitle}
              value={props.title}
              maxLength={200}
              onChange={(e) => {
                const field = e.currentTarget;
                void c.run(`line:${props.id}`, () => c.storage.quotes.updateLine(c.quoteId, props.id, { title: field.value })).then((r) => {
                  if (!r.ok) field.value = props.title;
                });
              }}
            />
          </Show>
        </th>
        <RowActions context={c} id={props.id} index={props.index} />
      </tr>
      <LineProblems context={c} id={props.id} />
    </>
  );
}

function LineProblems(props: { context: QuotePageContext; id: string }): JSX.Element {
  return (
    <Show when={props.context.problemsOf(`line:${props.id}`)}>
      <tr class="quote-line-problem">
        <td colSpan={9}>
          <Problems context={props.context} scope={`line:${props.id}`} />
        </td>
      </tr>
    </Show>
  );
}

function valueLabel(workbook: Workbook | undefined, id: string, value: ParameterValue, lang: 'zh' | 'en'): string {
  const p = workbook?.parameters.find((q) => q.id === id);
  if (!p) return `${id} ${String(value)}`;
  let shown = String(value);
  if (p.type === 'choice') shown = p.options.find((o) => o.value === value)?.label[lang] ?? shown;
  else if (typeof value === 'boolean') shown = value ? '✓' : '✗';
  return `${p.label[lang]} ${shown}${p.unit && p.type !== 'choice' ? ` ${p.unit}` : ''}`;
}

/** The values the rep set, with their labels; the quantity parameter is the line's own column. */
function configuredSummary(line: ConfiguredLineRecord, workbook: Workbook | undefined, lang: 'zh' | 'en'): string[] {
  const quantityId = workbook?.parameters.find((p) => p.type === 'integer' && p.quantity === true)?.id;
  return line.fixed.filter((id) => id !== quantityId && id in line.values).map((id) => valueLabel(workbook, id, line.values[id] as ParameterValue, lang));
}

interface PricedRowProps {
  context: QuotePageContext;
  line: PricedLineRecord;
  index: number;
  totals: LineTotals | undefined;
  workbook: Workbook | undefined;
}

function PricedRow(props: PricedRowProps): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const lang = () => (c.language() === 'zh-CN' ? 'zh' : 'en');
  const line = () => props.line;
  const counted = () => line().inclusion === 'standard' || line().chosen;
  const header = () => c.shown().header;
  const overCap = () => line().discountPct > header().discountCapPct;
  const [open, setOpen] = createSignal(false);
  const scope = () => `line:${line().id}`;
  const presence = usePresence();
  /** Shares focus in `el` as `line:<id>:<name>` and shows others' focus there. */
  const presenceField = (name: string) => (el: HTMLElement) => presence.field(el, () => `${scope()}:${name}`);
  const update = (patch: Parameters<QuotePageContext['storage']['quotes']['updateLine']>[2], field?: HTMLInputElement, previous?: string) =>
    void c.run(scope(), () => c.storage.quotes.updateLine(c.quoteId, line().id, patch)).then((r) => {
      if (!r.ok && field && previous !== undefined) field.value = previous;
    });
  /** A typed number for `field`; anything else is put back and named. */
  const updateNumber = (field: HTMLInputElement, label: string, previous: number, patch: (n: number) => Parameters<typeof update>[0]) => {
    const n = field.valueAsNumber;
    if (Number.isFinite(n)) update(patch(n), field, String(previous));
    else {
      field.value = String(previous);
      void c.run(scope(), () => Promise.resolve({ ok: false as const, problems: [`${label}: ${text().notAnAmount}`] }));
    }
  };
  const configured = () => (line().kind === 'configured' ? (line() as ConfiguredLineRecord) : undefined);
  // A configured line is described by its model's Chinese name unless the rep wrote otherwise; the English screen shows the English name.
  const shownDescription = () => {
    const name = props.workbook?.name;
    return configured() && name && line().description === name.zh ? name[lang()] : line().description;
  };
  const configureHref = (l: ConfiguredLineRecord) =>
    `/configure/${encodeURIComponent(l.modelId)}?release=${l.releaseHash}&quote=${encodeURIComponent(c.quoteId)}&line=${encodeURIComponent(l.id)}`;

  return (
    <>
      <tr
        class="quote-line"
        classList={{ 'quote-line-excluded': !counted() }}
        data-line-id={line().id}
        data-kind={line().kind}
        data-inclusion={line().inclusion}
        data-counted={counted() ? 'yes' : 'no'}
      >
        <td class="quote-line-item">
          <div class="quote-line-name">{shownDescription()}</div>
          <Show when={configured()} fallback={<div class="quote-line-meta" data-testid="line-sku">{line().kind === 'catalogue' ? (line() as { sku: string }).sku : ''}</div>}>
            {(l) => (
              <>
                <div class="quote-line-meta">
                  {l().modelId} · {text().version} {l().version}
                  <Show when={!c.viewingOld() && c.editable()}>
                    {' · '}
                    <A href={configureHref(l())} data-testid="open-in-configurator">
                      {text().openInConfigurator}
                    </A>
                  </Show>
                </div>
                <div class="quote-line-summary" data-testid="line-summary">
                  {configuredSummary(l(), props.workbook, lang()).join(' · ') || text().defaults}
                </div>
              </>
            )}
          </Show>
          <div class="quote-line-flags">
            <Show when={line().inclusion !== 'standard'}>
              <span class="quote-inclusion">{INCLUSION_LABELS[c.language()][line().inclusion]}</span>
            </Show>
            <Show when={line().inclusion === 'optional'}>
              <label class="quote-choice" ref={presenceField('chosen')}>
                <input type="checkbox" data-testid="line-include" checked={line().chosen} disabled={!c.editable()} onChange={(e) => update({ chosen: e.currentTarget.checked })} />
                {text().include}
              </label>
            </Show>
            <Show when={line().inclusion === 'alternative'}>
              <label class="quote-choice" ref={presenceField('chosen')}>
                <input
                  type="radio"
                  name={`alternative-${line().id}`}
                  data-testid="line-choose"
                  checked={line().chosen}
                  disabled={!c.editable()}
                  onChange={() => void c.run(scope(), () => c.storage.quotes.chooseAlternative(c.quoteId, line().id))}
                />
                {text().choose}
              </label>
            </Show>
            <Show when={!counted()}>
              <span class="quote-not-counted">{text().notCounted}</span>
            </Show>
            <button type="button" class="quote-link-button" aria-expanded={open()} data-testid="line-details" onClick={() => setOpen((o) => !o)}>
              {text().details}
            </button>
          </div>
        </td>
        <td class="num" ref={presenceField('quantity')}>
          <Show when={c.editable()} fallback={<span data-testid="line-quantity">{line().quantity}</span>}>
            <input
              class="quote-number-input"
              type="number"
              min="0"
              step="any"
              aria-label={text().colQuantity}
              data-testid="line-quantity"
              value={line().quantity}
              onChange={(e) => updateNumber(e.currentTarget, text().colQuantity, line().quantity, (quantity) => ({ quantity }))}
            />
          </Show>
        </td>
        <td>{line().unit}</td>
        <td class="num" data-testid="line-unit-price">
          {c.money(line().unitPriceMinor)}
        </td>
        <td class="num" ref={presenceField('discount')}>
          <Show when={c.editable()} fallback={<span data-testid="line-discount">{line().discountPct}</span>}>
            <input
              class="quote-number-input"
              type="number"
              min="0"
              max="100"
              step="any"
              aria-label={text().colDiscount}
              data-testid="line-discount"
              value={line().discountPct}
              onChange={(e) => updateNumber(e.currentTarget, text().colDiscount, line().discountPct, (discountPct) => ({ discountPct }))}
            />
          </Show>
          <Show when={overCap()}>
            <span class="quote-over-cap" data-testid="needs-approval">
              {header().overCap === 'approval' ? text().needsApproval : text().overCapRefused}
            </span>
          </Show>
        </td>
        <td class="num" data-testid="line-net">
          {props.totals ? c.money(props.totals.netMinor) : '—'}
        </td>
        <td class="num quote-internal-col" data-testid="line-cost">
          {props.totals ? c.money(props.totals.costMinor) : '—'}
        </td>
        <td class="num quote-internal-col" data-testid="line-margin">
          {formatBasisPoints(props.totals?.marginPct == null ? null : Math.round(props.totals.marginPct * 100))}
        </td>
        <RowActions context={c} id={line().id} index={props.index} />
      </tr>
      <Show when={open()}>
        <tr class="quote-line-details" data-details-for={line().id}>
          <td colSpan={9}>
            <LineDetails context={c} line={line()} onInclusion={(inclusion) => update({ inclusion })} />
          </td>
        </tr>
      </Show>
      <LineProblems context={c} id={line().id} />
    </>
  );
}

/** A line's price path (model price → load factor → region) and frozen index values; its line type. */
function LineDetails(props: { context: QuotePageContext; line: PricedLineRecord; onInclusion(inclusion: LineInclusion): void }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const lang = () => (c.language() === 'zh-CN' ? 'zh' : 'en');
  const configured = () => (props.line.kind === 'configured' ? props.line : undefined);
  const regionLabel = (key: string) => c.settings().regions.find((r) => r.policy.region === key)?.label[lang()] ?? key;
  const presence = usePresence();
  return (
    <div class="quote-details">
      <Show when={configured()}>
        {(l) => (
          <>
            <ol class="quote-steps" data-testid="policy-steps">
              <li data-step="model">
                <span>{text().modelPrice}</span>
                <span class="num">{c.money(l().modelUnitPriceMinor)}</span>
              </li>
              <For each={l().policySteps}>
                {(step) => (
                  <li data-step={step.step}>
                    <span>
                      {step.step === 'load' ? `${text().loadStep}: ${step.label}` : `${text().regionStep}: ${regionLabel(step.label)}`} × {step.factor}
                    </span>
                    <span class="num">
                      {step.deltaMinor >= 0 ? '+' : '−'}
                      {c.money(Math.abs(step.deltaMinor))}
                    </span>
                  </li>
                )}
              </For>
              <li data-step="list" class="quote-steps-total">
                <span>{text().listPrice}</span>
                <span class="num">{c.money(l().unitPriceMinor)}</span>
              </li>
            </ol>
            <div class="quote-indices" data-testid="frozen-indices">
              <strong>{text().frozenIndices}: </strong>
              <Show when={l().frozenIndices.length > 0} fallback={text().noFrozenIndices}>
                <For each={l().frozenIndices}>
                  {(f) => (
                    <span class="quote-index">
                      {f.series} {f.value} ({f.date})
                    </span>
                  )}
                </For>
              </Show>
            </div>
          </>
        )}
      </Show>
      <label class="quote-inline-field" ref={(el) => presence.field(el, () => `line:${props.line.id}:inclusion`)}>
        {text().inclusion}
        <select disabled={!c.editable()} onChange={(e) => props.onInclusion(e.currentTarget.value as LineInclusion)}>
          <For each={INCLUSIONS}>
            {(inclusion) => (
              <option value={inclusion} selected={inclusion === props.line.inclusion}>
                {INCLUSION_LABELS[c.language()][inclusion]}
              </option>
            )}
          </For>
        </select>
      </label>
    </div>
  );
}

/** Add a configured product (through the configurator), a catalogue item, or a section heading. */
function AddForms(props: { context: QuotePageContext }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const navigate = useNavigate();
  const lang = () => (c.language() === 'zh-CN' ? 'zh' : 'en');
  const [releases] = createResource(() => c.storage.library.latestReleases());
  const [model, setModel] = createSignal('');
  const [sku, setSku] = createSignal('');
  const [quantity, setQuantity] = createSignal('1');
  const [title, setTitle] = createSignal('');
  const catalogue = () => c.settings().catalogue;
  const chosenModel = () => model() || releases()?.[0]?.modelId || '';
  const chosenSku = () => sku() || catalogue()[0]?.sku || '';

  return (
    <div class="quote-add">
      <form
        class="quote-add-form"
        data-testid="add-product"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosenModel()) navigate(`/configure/${encodeURIComponent(chosenModel())}?quote=${encodeURIComponent(c.quoteId)}`);
        }}
      >
        <label>
          {text().pickModel}
          <select name="model" onChange={(e) => setModel(e.currentTarget.value)}>
            <For each={releases() ?? []}>
              {(r) => (
                <option value={r.modelId} selected={r.modelId === chosenModel()}>
                  {lang() === 'zh' ? r.nameZh : r.nameEn} ({r.version})
                </option>
              )}
            </For>
          </select>
        </label>
        <button type="submit" disabled={!chosenModel()}>
          {text().addProduct}
        </button>
      </form>
      <form
        class="quote-add-form"
        data-testid="add-catalogue"
        onSubmit={(e) => {
          e.preventDefault();
          const q = Number(quantity());
          void c.run('add-catalogue', () => c.storage.quotes.addCatalogueLine(c.quoteId, { sku: chosenSku(), quantity: q })).then((r) => {
            if (r.ok) setQuantity('1');
          });
        }}
      >
        <label>
          {text().pickItem}
          <select name="sku" onChange={(e) => setSku(e.currentTarget.value)}>
            <For each={catalogue()}>
              {(item) => (
                <option value={item.sku} selected={item.sku === chosenSku()}>
                  {item.sku} · {item.name[lang()] || item.name.zh}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {text().quantity}
          <input name="quantity" type="number" min="0" step="any" value={quantity()} onInput={(e) => setQuantity(e.currentTarget.value)} />
        </label>
        <button type="submit">{text().addCatalogue}</button>
        <Problems context={c} scope="add-catalogue" />
      </form>
      <form
        class="quote-add-form"
        data-testid="add-section"
        onSubmit={(e) => {
          e.preventDefault();
          void c.run('add-section', () => c.storage.quotes.addSection(c.quoteId, title().trim())).then((r) => {
            if (r.ok) setTitle('');
          });
        }}
      >
        <label>
          {text().sectionTitle}
          <input name="title" value={title()} maxLength={200} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <button type="submit">{text().addSection}</button>
        <Problems context={c} scope="add-section" />
      </form>
    </div>
  );
}

