/**
 * The priced snapshot: exactly what an approver signs (ARCHITECTURE.md, Security). It holds
 * everything that prices the quote or that an approval condition reads (customer, tier, region,
 * models, lines, totals, margin) and nothing that changes without the price changing (state,
 * notes, timestamps, line order, section headings). Its hash is the SHA-256 of its RFC 8785
 * canonical JSON, so key order and whitespace never matter, and any later edit to a priced
 * field gives another hash: the approval is stale, never silently carried over.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import { currencyDecimals, formatMinor } from '../pricing/money.js';
import type { FrozenIndexValue } from '../pricing/marketIndex.js';
import { isPricedLine, quoteTotals } from '../quote/QuoteRecord.js';
import type { LineInclusion, ParameterValue, QuoteRecord } from '../quote/QuoteRecord.js';

/** Names what the hash covers; a different shape gets a new string, never a reuse. */
export const SNAPSHOT_FORMAT = 'suanpan.priced-snapshot/1';

interface SnapshotLineBase {
  readonly id: string;
  /** What is sold: part of what is approved even though it carries no number. */
  readonly description: string;
  readonly unit: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly unitCostMinor: number;
  readonly discountPct: number;
  readonly inclusion: LineInclusion;
  readonly chosen: boolean;
  /** Whether the line counts in the totals (standard, or a chosen option/alternative). */
  readonly included: boolean;
  readonly netMinor: number;
  readonly marginMinor: number;
  readonly marginPct: number | null;
}

export interface CatalogueSnapshotLine extends SnapshotLineBase {
  readonly kind: 'catalogue';
  readonly sku: string;
}

export interface ConfiguredSnapshotLine extends SnapshotLineBase {
  readonly kind: 'configured';
  readonly modelId: string;
  readonly version: string;
  readonly releaseHash: string;
  readonly productLine: string;
  readonly values: Readonly<Record<string, ParameterValue>>;
  readonly modelUnitPriceMinor: number;
  /** Labels are left out: renaming a step changes no price. */
  readonly policySteps: readonly { readonly step: 'load' | 'region'; readonly factor: number; readonly deltaMinor: number }[];
  readonly frozenIndices: readonly FrozenIndexValue[];
}

export type SnapshotLine = CatalogueSnapshotLine | ConfiguredSnapshotLine;

export interface SnapshotTotals {
  readonly subtotalMinor: number;
  readonly discountMinor: number;
  readonly netMinor: number;
  readonly freightMinor: number;
  readonly taxableMinor: number;
  readonly vatRatePct: number;
  readonly vatMinor: number;
  readonly totalMinor: number;
  readonly costMinor: number;
  readonly marginMinor: number;
  readonly marginPct: number | null;
}

export interface PricedSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly quoteId: string;
  readonly revision: number;
  readonly currency: string;
  /** CNY per unit of `currency`: approval thresholds on the total are in CNY. */
  readonly exchangeRate: number;
  readonly customerId: string;
  readonly tier: string;
  /** Prices carry a regional factor and routes may depend on the region. */
  readonly region: string;
  /** Priced lines only, sorted by id (code units) so reordering lines does not change the hash. */
  readonly lines: readonly SnapshotLine[];
  readonly totals: SnapshotTotals;
}

export class SnapshotError extends Error {}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The snapshot of a quote's current revision.
 *
 * @example
 * const hash = snapshotHash(pricedSnapshot(quote)); // what the approval log entry names
 */
export function pricedSnapshot(quote: QuoteRecord): PricedSnapshot {
  const { header } = quote;
  const totals = quoteTotals(header, quote.lines);
  const amounts = new Map(totals.lines.map((l) => [l.lineId, l]));
  const lines: SnapshotLine[] = [];
  // quoteTotals refuses duplicate line ids, so pairing by id (snapshotDifferences) is sound.
  for (const line of quote.lines.filter(isPricedLine)) {
    const a = amounts.get(line.id);
    if (!a) throw new SnapshotError(`quote ${header.id}: line "${line.id}" has no totals`);
    const base = {
      id: line.id,
      description: line.description,
      unit: line.unit,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      unitCostMinor: line.unitCostMinor,
      discountPct: line.discountPct,
      inclusion: line.inclusion,
      chosen: line.chosen,
      included: a.included,
      netMinor: a.netMinor,
      marginMinor: a.marginMinor,
      marginPct: a.marginPct,
    };
    lines.push(
      line.kind === 'catalogue'
        ? { kind: 'catalogue', ...base, sku: line.sku }
        : {
            kind: 'configured',
            ...base,
            modelId: line.modelId,
            version: line.version,
            releaseHash: line.releaseHash,
            productLine: line.productLine,
            values: { ...line.values },
            modelUnitPriceMinor: line.modelUnitPriceMinor,
            policySteps: line.policySteps.map((s) => ({ step: s.step, factor: s.factor, deltaMinor: s.deltaMinor })),
            frozenIndices: line.frozenIndices.map((f) => ({ series: f.series, date: f.date, value: f.value })),
          },
    );
  }
  lines.sort(byId);
  return {
    format: SNAPSHOT_FORMAT,
    quoteId: header.id,
    revision: header.revision,
    currency: header.currency,
    exchangeRate: header.exchangeRate,
    customerId: header.customerId,
    tier: header.tier,
    region: header.region,
    lines,
    totals: {
      subtotalMinor: totals.subtotalMinor,
      discountMinor: totals.discountMinor,
      netMinor: totals.netMinor,
      freightMinor: totals.freightMinor,
      taxableMinor: totals.taxableMinor,
      vatRatePct: totals.vatRatePct,
      vatMinor: totals.vatMinor,
      totalMinor: totals.totalMinor,
      costMinor: totals.costMinor,
      marginMinor: totals.marginMinor,
      marginPct: totals.marginPct,
    },
  };
}

/** The RFC 8785 text whose SHA-256 is the snapshot hash. Exposed so a test or auditor can see it. */
export function canonicalSnapshotText(snapshot: PricedSnapshot): string {
  const text = canonicalize(snapshot);
  // Only a non-JSON top-level value gives undefined; an object never does.
  if (text === undefined) throw new SnapshotError('the snapshot is not JSON');
  return text;
}

/** Lower-case hex SHA-256 of the snapshot's canonical JSON. */
export function snapshotHash(snapshot: PricedSnapshot): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalSnapshotText(snapshot))));
}

type Scalar = string | number | boolean | null;

/** Nested values as dotted paths → scalars, so one change reads as one line ("values.DN 200 → 300"). */
function flatten(value: unknown, prefix: string, out: Map<string, Scalar>): Map<string, Scalar> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [k, v] of entries) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    out.set(prefix, value);
  }
  return out;
}

function show(key: string, value: Scalar | undefined, currency: string): string {
  if (value === undefined) return '(none)';
  if (value === null) return '–';
  if (typeof value === 'number' && key.endsWith('Minor')) return `${formatMinor(value, currencyDecimals(currency))} ${currency}`;
  if (typeof value === 'number' && key.endsWith('Pct')) return `${value}%`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** "unitPriceMinor" reads as "unitPrice" once the amount is shown as money. */
function label(key: string): string {
  return key.replace(/Minor(?=$|\.)/g, '');
}

function fieldChanges(prefix: string, before: unknown, after: unknown, currencies: readonly [string, string], skip: ReadonlySet<string>): string[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => !skip.has(k));
  const out: string[] = [];
  for (const key of keys) {
    const from = a.get(key);
    const to = b.get(key);
    if (Object.is(from, to)) continue;
    out.push(`${prefix}${label(key)} ${show(key, from, currencies[0])} → ${show(key, to, currencies[1])}`);
  }
  return out;
}

function lineSummary(line: SnapshotLine, currency: string): string {
  const what = line.kind === 'configured' ? `${line.modelId} ${line.version}` : `sku ${line.sku}`;
  return `${JSON.stringify(line.description)} (${what}), quantity ${line.quantity} × ${show('unitPriceMinor', line.unitPriceMinor, currency)}, net ${show('netMinor', line.netMinor, currency)}`;
}

/** Per-line figures that follow from others already listed: left out of the differences to keep them short. */
const QUIET_LINE_FIELDS: ReadonlySet<string> = new Set(['marginMinor']);

/**
 * What changed from `before` to `after`, one readable line per change: header fields, lines
 * added, removed or changed (paired by id), then totals. Empty when the snapshots are equal.
 *
 * @example snapshotDifferences(signed, current) // ['line V1: quantity 2 → 3', …, 'totals: total 2260.00 CNY → 3390.00 CNY']
 */
export function snapshotDifferences(before: PricedSnapshot, after: PricedSnapshot): string[] {
  const currencies = [before.currency, after.currency] as const;
  const { lines: beforeLines, totals: beforeTotals, ...beforeHeader } = before;
  const { lines: afterLines, totals: afterTotals, ...afterHeader } = after;
  const out = fieldChanges('', beforeHeader, afterHeader, currencies, new Set());
  const afterById = new Map(afterLines.map((l) => [l.id, l]));
  const beforeById = new Map(beforeLines.map((l) => [l.id, l]));
  for (const line of beforeLines) {
    const next = afterById.get(line.id);
    if (!next) out.push(`line ${line.id} removed: ${lineSummary(line, before.currency)}`);
    else if (next.kind !== line.kind) out.push(`line ${line.id} replaced: ${lineSummary(line, before.currency)} → ${lineSummary(next, after.currency)}`);
    else out.push(...fieldChanges(`line ${line.id}: `, line, next, currencies, QUIET_LINE_FIELDS));
  }
  for (const line of afterLines) {
    if (!beforeById.has(line.id)) out.push(`line ${line.id} added: ${lineSummary(line, after.currency)}`);
  }
  out.push(...fieldChanges('totals: ', beforeTotals, afterTotals, currencies, new Set()));
  return out;
}
