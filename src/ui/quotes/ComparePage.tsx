import { A, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, Show, type JSX } from 'solid-js';
import { formatBasisPoints, formatMinorMoney } from './quoteLabels';
import { compareMessages } from './quoteListMessages';
import { isPricedLine } from '../../domain/quote/QuoteRecord';
import type { PricedLineRecord, QuoteLineRecord, QuoteRecord } from '../../domain/quote/QuoteRecord';
import { revisionLabel } from '../../domain/quote/quoteNumber';
import { compareRevisions, revisionTotals } from '../../domain/quote/revisions';
import type { ComparedField, FieldChange, RevisionComparison, RevisionTotals } from '../../domain/quote/revisions';
import type { RevisionLine } from '../../domain/quote/RevisionLine';
import { lineAmounts } from '../../domain/quote/RevisionLine';
import { revisionOf } from '../../sync/quote/quoteDoc';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import { useServices } from '../services';
import './quoteList.css';

/** Two revisions of one quote side by side: lines added, removed and changed, and the totals with their deltas. */
export default function ComparePage(props: { locale: Locale; quoteId: string }): JSX.Element {
  const services = useServices();
  const text = () => compareMessages[props.locale.language()];
  const [quote] = createResource(
    () => props.quoteId,
    async (id) => {
      const storage = await services.storage();
      const read = await storage.quotes.read(id);
      if (!read.ok) throw new Error(read.problems.join('; '));
      return read.value;
    },
  );

  return (
    <section class="quotes compare">
      <p>
        <A href={`/quotes/${encodeURIComponent(props.quoteId)}`} data-testid="compare-back">
          ← {text().back}
        </A>
      </p>
      <Show when={!quote.error} fallback={<p class="quotes-problem" role="alert">{text().failed + errorText(quote.error)}</p>}>
        <Show when={quote()} fallback={<p>{text().loading}</p>}>
          {(q) => <Compare quote={q()} locale={props.locale} />}
        </Show>
      </Show>
    </section>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A priced line as the comparison takes it: the unit cost is the line's cost. */
function revisionLine(line: PricedLineRecord): RevisionLine {
  return { id: line.id, description: line.description, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, costMinor: line.unitCostMinor, discountPct: line.discountPct };
}

/** Optional and alternative lines count in the totals only once chosen (as on the quote). */
function counts(line: PricedLineRecord): boolean {
  return line.inclusion === 'standard' || line.chosen;
}

interface Side {
  readonly revision: number;
  readonly currency: string;
  readonly lines: readonly PricedLineRecord[];
  readonly totals: RevisionTotals;
}

function side(quote: QuoteRecord, revision: number): Side | undefined {
  const r = revisionOf(quote, revision);
  if (!r) return undefined;
  const lines = r.lines.filter((l: QuoteLineRecord): l is PricedLineRecord => isPricedLine(l));
  return { revision, currency: r.header.currency, lines, totals: revisionTotals(lines.filter(counts).map(revisionLine)) };
}

/** The revision from the query when it exists, else the fallback. */
function revisionParam(value: string | string[] | undefined, fallback: number, last: number): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 1 && n <= last ? n : fallback;
}

function Compare(props: { quote: QuoteRecord; locale: Locale }): JSX.Element {
  const [params, setParams] = useSearchParams<{ a?: string; b?: string }>();
  const text = () => compareMessages[props.locale.language()];
  const language = (): Language => props.locale.language();
  const last = () => props.quote.header.revision;
  const revisions = () => Array.from({ length: last() }, (_, i) => i + 1);
  const a = () => revisionParam(params.a, Math.max(1, last() - 1), last());
  const b = () => revisionParam(params.b, last(), last());
  const label = (n: number) => revisionLabel(props.quote.header.number, n);

  const result = createMemo(():
    | { ok: true; a: Side; b: Side; comparison: RevisionComparison }
    | { ok: false; problem: string } => {
    const sideA = side(props.quote, a());
    const sideB = side(props.quote, b());
    if (!sideA) return { ok: false, problem: text().noRevision(a()) };
    if (!sideB) return { ok: false, problem: text().noRevision(b()) };
    try {
      return { ok: true, a: sideA, b: sideB, comparison: compareRevisions(sideA.lines.map(revisionLine), sideB.lines.map(revisionLine)) };
    } catch (e) {
      return { ok: false, problem: errorText(e) };
    }
  });

  const select = (which: 'a' | 'b', title: string, value: () => number) => (
    <label>
      {title}
      <select data-testid={`compare-${which}`} value={String(value())} onChange={(e) => setParams({ [which]: e.currentTarget.value }, { replace: true })}>
        <For each={revisions()}>{(n) => <option value={String(n)}>{label(n)}</option>}</For>
      </select>
    </label>
  );

  return (
    <>
      <h2>{text().title(props.quote.header.number)}</h2>
      <p class="quotes-intro">{props.quote.header.customerName}</p>
      <Show when={last() > 1} fallback={<p data-testid="compare-only-one">{text().onlyOne}</p>}>
        <div class="quotes-tools">
          {select('a', text().revisionA, a)}
          <span aria-hidden="true">→</span>
          {select('b', text().revisionB, b)}
        </div>
        <Show when={a() === b()}>
          <p class="quotes-note">{text().same}</p>
        </Show>
        <Show
          when={(() => {
            const r = result();
            return r.ok ? r : undefined;
          })()}
          fallback={
            <p class="quotes-problem" role="alert">
              {(() => {
                const r = result();
                return r.ok ? '' : r.problem;
              })()}
            </p>
          }
        >
          {(r) => <Comparison a={r().a} b={r().b} comparison={r().comparison} label={label} language={language()} />}
        </Show>
      </Show>
    </>
  );
}

function signedMoney(minor: number, currency: string, language: Language): string {
  const s = formatMinorMoney(minor, currency, language);
  return minor > 0 ? `+${s}` : s;
}

function signedPoints(bp: number | null): string {
  if (bp === null) return '—';
  const s = `${(bp / 100).toFixed(1)} pt`;
  return bp > 0 ? `+${s}` : s;
}

function deltaClass(minor: number | null): string {
  return minor === null || minor === 0 ? '' : minor > 0 ? 'delta-up' : 'delta-down';
}

type LineStatus = 'added' | 'removed' | 'changed' | 'same';

interface LineRow {
  readonly id: string;
  readonly description: string;
  readonly status: LineStatus;
  readonly a: PricedLineRecord | undefined;
  readonly b: PricedLineRecord | undefined;
}

function Comparison(props: { a: Side; b: Side; comparison: RevisionComparison; label: (n: number) => string; language: Language }): JSX.Element {
  const text = () => compareMessages[props.language];
  const c = () => props.comparison;
  const curA = () => props.a.currency;
  const curB = () => props.b.currency;
  const money = (minor: number, currency: string) => formatMinorMoney(minor, currency, props.language);

  const fieldValue = (field: ComparedField, value: string | number, currency: string): string => {
    if (field === 'unitPriceMinor' || field === 'costMinor') return money(Number(value), currency);
    if (field === 'discountPct') return `${value}%`;
    return String(value);
  };
  const changeText = (change: FieldChange): string =>
    `${text().fields[change.field]}: ${fieldValue(change.field, change.from, curA())} → ${fieldValue(change.field, change.to, curB())}`;

  // Every line of either side: B's order, then the lines only A had.
  const rows = createMemo((): LineRow[] => {
    const byIdA = new Map(props.a.lines.map((l) => [l.id, l]));
    const changed = new Set(c().changed.map((l) => l.id));
    const idsB = new Set(props.b.lines.map((l) => l.id));
    const fromB = props.b.lines.map((l): LineRow => {
      const before = byIdA.get(l.id);
      return { id: l.id, description: l.description, status: before === undefined ? 'added' : changed.has(l.id) ? 'changed' : 'same', a: before, b: l };
    });
    const onlyA = props.a.lines.filter((l) => !idsB.has(l.id)).map((l): LineRow => ({ id: l.id, description: l.description, status: 'removed', a: l, b: undefined }));
    return [...fromB, ...onlyA];
  });
  const changesOf = (id: string) => c().changed.find((l) => l.id === id)?.changes ?? [];
  const net = (line: PricedLineRecord | undefined) => (line === undefined ? undefined : lineAmounts(revisionLine(line)).netMinor);
  const excluded = (line: PricedLineRecord | undefined) => line !== undefined && !counts(line);

  const totalRows = (): { key: string; label: string; a: string; b: string; delta: string; cls: string }[] => {
    const ta = props.a.totals;
    const tb = props.b.totals;
    const t = text().totalRows;
    // Totals are of the counted lines; c().delta counts every line, optional ones too.
    const dNet = tb.netMinor - ta.netMinor;
    const dCost = tb.costMinor - ta.costMinor;
    const dMargin = tb.marginMinor - ta.marginMinor;
    const dBp = ta.marginBasisPoints === null || tb.marginBasisPoints === null ? null : tb.marginBasisPoints - ta.marginBasisPoints;
    return [
      { key: 'net', label: t.net, a: money(ta.netMinor, curA()), b: money(tb.netMinor, curB()), delta: signedMoney(dNet, curB(), props.language), cls: deltaClass(dNet) },
      { key: 'cost', label: t.cost, a: money(ta.costMinor, curA()), b: money(tb.costMinor, curB()), delta: signedMoney(dCost, curB(), props.language), cls: deltaClass(-dCost) },
      { key: 'margin', label: t.margin, a: money(ta.marginMinor, curA()), b: money(tb.marginMinor, curB()), delta: signedMoney(dMargin, curB(), props.language), cls: deltaClass(dMargin) },
      { key: 'marginPct', label: t.marginPct, a: formatBasisPoints(ta.marginBasisPoints), b: formatBasisPoints(tb.marginBasisPoints), delta: signedPoints(dBp), cls: deltaClass(dBp) },
    ];
  };

  return (
    <div class="compare-body">
      <Show when={curA() !== curB()}>
        <p class="quotes-note">{text().currencyDiffers(curA(), curB())}</p>
      </Show>

      <div class="compare-summary">
        <section data-testid="compare-added">
          <h3>
            {text().added} ({c().added.length})
          </h3>
          <Show when={c().added.length > 0} fallback={<p class="quotes-muted">{text().none}</p>}>
            <ul>
              <For each={c().added}>{(l) => <li>{l.line.description}</li>}</For>
            </ul>
          </Show>
        </section>
        <section data-testid="compare-removed">
          <h3>
            {text().removed} ({c().removed.length})
          </h3>
          <Show when={c().removed.length > 0} fallback={<p class="quotes-muted">{text().none}</p>}>
            <ul>
              <For each={c().removed}>{(l) => <li>{l.line.description}</li>}</For>
            </ul>
          </Show>
        </section>
        <section data-testid="compare-changed">
          <h3>
            {text().changed} ({c().changed.length})
          </h3>
          <Show when={c().changed.length > 0} fallback={<p class="quotes-muted">{text().none}</p>}>
            <ul>
              <For each={c().changed}>
                {(l) => (
                  <li>
                    {rows().find((r) => r.id === l.id)?.description ?? l.id}
                    <ul>
                      <For each={l.changes}>{(change) => <li data-field={change.field}>{changeText(change)}</li>}</For>
                    </ul>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <p class="quotes-muted">{text().unchanged(c().unchangedIds.length)}</p>
        </section>
      </div>

      <h3>{text().lines}</h3>
      <div class="quotes-scroll">
        <table class="quotes-table compare-table" data-testid="compare-lines">
          <thead>
            <tr>
              <th rowSpan={2}>{text().line}</th>
              <th colSpan={3} class="compare-side">
                {props.label(props.a.revision)}
              </th>
              <th colSpan={3} class="compare-side">
                {props.label(props.b.revision)}
              </th>
              <th rowSpan={2} class="num">
                {text().delta}
              </th>
              <th rowSpan={2}>{text().change}</th>
            </tr>
            <tr>
              <th class="num">{text().quantity}</th>
              <th class="num">{text().unitPrice}</th>
              <th class="num">{text().net}</th>
              <th class="num">{text().quantity}</th>
              <th class="num">{text().unitPrice}</th>
              <th class="num">{text().net}</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(row) => {
                const netA = net(row.a);
                const netB = net(row.b);
                const d = (netB ?? 0) - (netA ?? 0);
                return (
                  <tr data-line={row.id} data-status={row.status} class={`compare-${row.status}`}>
                    <td>
                      {row.description}
                      <Show when={excluded(row.b ?? row.a)}>
                        <span class="quotes-muted"> ({row.b?.inclusion ?? row.a?.inclusion})</span>
                      </Show>
                    </td>
                    <td class="num">{row.a?.quantity ?? ''}</td>
                    <td class="num">{row.a ? money(row.a.unitPriceMinor, curA()) : ''}</td>
                    <td class="num">{netA === undefined ? '' : money(netA, curA())}</td>
                    <td class="num">{row.b?.quantity ?? ''}</td>
                    <td class="num">{row.b ? money(row.b.unitPriceMinor, curB()) : ''}</td>
                    <td class="num">{netB === undefined ? '' : money(netB, curB())}</td>
                    <td class={`num ${deltaClass(d)}`}>{d === 0 ? '' : signedMoney(d, curB(), props.language)}</td>
                    <td>
                      <span class={`compare-status compare-status-${row.status}`}>{text().status[row.status]}</span>
                      <Show when={row.status === 'changed'}>
                        <For each={changesOf(row.id)}>{(change) => <div class="quotes-muted">{changeText(change)}</div>}</For>
                      </Show>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>

      <h3>{text().totals}</h3>
      <p class="quotes-muted">{text().totalsNote}</p>
      <table class="quotes-table compare-totals" data-testid="compare-totals">
        <thead>
          <tr>
            <th />
            <th class="num">{props.label(props.a.revision)}</th>
            <th class="num">{props.label(props.b.revision)}</th>
            <th class="num">{text().delta}</th>
          </tr>
        </thead>
        <tbody>
          <For each={totalRows()}>
            {(row) => (
              <tr data-total={row.key}>
                <th scope="row">{row.label}</th>
                <td class="num">{row.a}</td>
                <td class="num">{row.b}</td>
                <td class={`num ${row.cls}`}>{row.delta}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
