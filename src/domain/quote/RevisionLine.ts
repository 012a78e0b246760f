/**
 * Record type: one priced line of a quote revision, as far as revision compare needs it.
 * Money is integer minor units (fen for CNY); quantity may be fractional (metres, kg).
 * Fields are only ever added; a retired field name is never reused.
 */
import { z } from 'zod';
import { lineAmountsMinor } from '../pricing/quoteTotals.js';

const minorUnits = z.number().int({ message: 'must be a whole number of minor units' }).refine(Number.isSafeInteger, { message: 'is too large' });

export const RevisionLine = z.strictObject({
  /** Stable across revisions: a revised line keeps its id, so compare can pair it. */
  id: z.string().min(1, { message: 'must not be empty' }).max(64),
  description: z.string().max(2000),
  quantity: z.number().finite().min(0, { message: 'must not be negative' }),
  unitPriceMinor: minorUnits,
  costMinor: minorUnits.refine((v) => v >= 0, { message: 'must not be negative' }),
  discountPct: z.number().finite().min(0, { message: 'must be at least 0' }).max(100, { message: 'must be at most 100' }),
});
export type RevisionLine = z.infer<typeof RevisionLine>;

/** What a line comes to, all in integer minor units. */
export interface LineAmounts {
  /** quantity × unit price */
  readonly grossMinor: number;
  readonly discountMinor: number;
  /** gross − discount: what the customer pays for the line (before tax) */
  readonly netMinor: number;
  /** quantity × unit cost */
  readonly costMinor: number;
  /** net − cost */
  readonly marginMinor: number;
}

/**
 * Each product is settled to whole minor units (half away from zero) before it is used again,
 * so the line's figures add up exactly: gross − discount = net, net − cost = margin.
 *
 * @example lineAmounts({ quantity: 3, unitPriceMinor: 10001, discountPct: 12.5, costMinor: 7000, … })
 * // gross 30003, discount 3750 (3750.375), net 26253, cost 21000, margin 5253
 */
export function lineAmounts(line: Pick<RevisionLine, 'quantity' | 'unitPriceMinor' | 'costMinor' | 'discountPct'>): LineAmounts {
  return lineAmountsMinor({ quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, unitCostMinor: line.costMinor, discountPct: line.discountPct });
}
