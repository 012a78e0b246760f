/**
 * Quote totals in integer minor units.
 *
 * Rounding: each line's gross and discount are rounded to the minor unit (half away from
 * zero), because those are printed per line. VAT is computed once on the quote's taxable
 * amount and rounded once, not per line, so the tax on the document is the rate applied to
 * the shown taxable amount (per-line rounding can drift by up to half a fen per line).
 * Freight is taxable by default (it is on the same VAT invoice) and is excluded from margin
 * (it is passed through, not earned). Cost and margin are for internal use, never printed.
 */
import { z } from 'zod';
import { roundDecimal, settle, sumMinor } from './money.js';

export const SectionLineSchema = z.object({
  kind: z.literal('section'),
  id: z.string().min(1),
  title: z.string(),
});

export const ItemLineSchema = z.object({
  kind: z.literal('item'),
  id: z.string().min(1),
  description: z.string(),
  quantity: z.number().positive().finite(),
  unitPriceMinor: z.number().int().min(0),
  unitCostMinor: z.number().int().min(0),
  discountPct: z.number().min(0).max(100),
  /** Optional and alternative lines are shown but count only when `chosen`. */
  inclusion: z.enum(['standard', 'optional', 'alternative']),
  chosen: z.boolean(),
});

export const QuoteLineSchema = z.discriminatedUnion('kind', [SectionLineSchema, ItemLineSchema]);
export type SectionLine = z.infer<typeof SectionLineSchema>;
export type ItemLine = z.infer<typeof ItemLineSchema>;
export type QuoteLine = z.infer<typeof QuoteLineSchema>;

export interface QuoteTotalsOptions {
  /** Percent; 13 (China's standard VAT rate for goods) when omitted. */
  vatRatePct?: number;
  freightMinor?: number;
  freightTaxable?: boolean;
}

export const DEFAULT_VAT_RATE_PCT = 13;

export interface LineTotals {
  lineId: string;
  /** False for an optional or alternative line not chosen: shown, not counted. */
  included: boolean;
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  costMinor: number;
  marginMinor: number;
  /** Margin as percent of net, 2 decimals; null when net is 0. */
  marginPct: number | null;
}

export interface QuoteTotals {
  lines: LineTotals[];
  subtotalMinor: number;
  discountMinor: number;
  netMinor: number;
  freightMinor: number;
  taxableMinor: number;
  vatRatePct: number;
  vatMinor: number;
  totalMinor: number;
  costMinor: number;
  marginMinor: number;
  marginPct: number | null;
}

export class QuoteTotalsError extends Error {}

function marginPct(marginMinor: number, netMinor: number): number | null {
  return netMinor === 0 ? null : roundDecimal((marginMinor / netMinor) * 100, 2);
}

/** Totals of one item line; throws naming the line when it is invalid (e.g. quantity ≤ 0). */
export function lineTotals(line: ItemLine): LineTotals {
  const parsed = ItemLineSchema.safeParse(line);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
    throw new QuoteTotalsError(`line ${line.id}: ${detail}`);
  }
  const amounts = lineAmountsMinor(line);
  return {
    lineId: line.id,
    included: line.inclusion === 'standard' || line.chosen,
    ...amounts,
    marginPct: marginPct(amounts.marginMinor, amounts.netMinor),
  };
}

/** The amounts of one line, each settled to the minor unit (half away from zero) so net = gross − discount and margin = net − cost exactly. */
export interface LineAmountsMinor {
  readonly grossMinor: number;
  readonly discountMinor: number;
  readonly netMinor: number;
  readonly costMinor: number;
  readonly marginMinor: number;
}

/** A line's gross, discount, net, cost and margin in minor units: the one place this arithmetic lives (quotes, revisions). */
export function lineAmountsMinor(line: { readonly quantity: number; readonly unitPriceMinor: number; readonly unitCostMinor: number; readonly discountPct: number }): LineAmountsMinor {
  const grossMinor = settle(line.quantity * line.unitPriceMinor, 0);
  const discountMinor = settle((grossMinor * line.discountPct) / 100, 0);
  const netMinor = grossMinor - discountMinor;
  const costMinor = settle(line.quantity * line.unitCostMinor, 0);
  return { grossMinor, discountMinor, netMinor, costMinor, marginMinor: netMinor - costMinor };
}

/**
 * Subtotal, discounts, freight, VAT (once per quote), total, cost and margin.
 * Section headings carry no amount and are skipped.
 *
 * @example computeQuoteTotals([item], { freightMinor: 80000 }).totalMinor
 */
export function computeQuoteTotals(lines: readonly QuoteLine[], options: QuoteTotalsOptions = {}): QuoteTotals {
  const vatRatePct = options.vatRatePct ?? DEFAULT_VAT_RATE_PCT;
  if (!Number.isFinite(vatRatePct) || vatRatePct < 0 || vatRatePct > 100) {
    throw new QuoteTotalsError(`VAT rate must be between 0% and 100%, got ${vatRatePct}%`);
  }
  const freightMinor = options.freightMinor ?? 0;
  if (!Number.isSafeInteger(freightMinor) || freightMinor < 0) {
    throw new QuoteTotalsError(`freight must be whole minor units of at least 0, got ${freightMinor}`);
  }
  const ids = new Set<string>();
  for (const line of lines) {
    if (ids.has(line.id)) throw new QuoteTotalsError(`line id ${line.id} appears twice`);
    ids.add(line.id);
  }
  const perLine = lines.filter((l): l is ItemLine => l.kind === 'item').map(lineTotals);
  const counted = perLine.filter((l) => l.included);
  const subtotalMinor = sumMinor(counted.map((l) => l.grossMinor));
  const discountMinor = sumMinor(counted.map((l) => l.discountMinor));
  const netMinor = subtotalMinor - discountMinor;
  const taxableMinor = netMinor + (options.freightTaxable === false ? 0 : freightMinor);
  const vatMinor = settle((taxableMinor * vatRatePct) / 100, 0);
  const costMinor = sumMinor(counted.map((l) => l.costMinor));
  const marginMinor = netMinor - costMinor;
  return {
    lines: perLine,
    subtotalMinor,
    discountMinor,
    netMinor,
    freightMinor,
    taxableMinor,
    vatRatePct,
    vatMinor,
    totalMinor: sumMinor([netMinor, freightMinor, vatMinor]),
    costMinor,
    marginMinor,
    marginPct: marginPct(marginMinor, netMinor),
  };
}
