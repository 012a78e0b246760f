/**
 * Price policies an admin sets: customer-tier discounts, regional factors and freight,
 * and supply/demand load factors per product line. All amounts are integer minor units.
 */
import { z } from 'zod';
import { settle } from './money.js';

const Percent = z.number().min(0).max(100);

export const TierPolicySchema = z
  .object({
    /** Configurable tier key, e.g. 'strategic', 'key', 'regular', 'new'. */
    key: z.string().min(1),
    defaultDiscountPct: Percent,
    discountCapPct: Percent,
    /** Free text shown on the quote, e.g. '30% advance, 70% before shipment'. */
    paymentTerms: z.string(),
    commissionRatePct: Percent,
  })
  .refine((p) => p.defaultDiscountPct <= p.discountCapPct, {
    message: 'the default discount must not exceed the discount cap',
    path: ['defaultDiscountPct'],
  });
export type TierPolicy = z.infer<typeof TierPolicySchema>;

export const RegionPolicySchema = z.object({
  region: z.string().min(1),
  /** Multiplies the price, e.g. 1.05 for a remote region. */
  factor: z.number().positive(),
  freightMinor: z.number().int().min(0),
});
export type RegionPolicy = z.infer<typeof RegionPolicySchema>;

export const LoadFactorSchema = z.object({
  productLine: z.string().min(1),
  /** 1.08 = 8% surcharge while the order book is full; 1 = no effect. */
  factor: z.number().positive(),
  reason: z.string(),
});
export type LoadFactor = z.infer<typeof LoadFactorSchema>;

/**
 * What to do with a requested discount above the tier cap. Never silently accepted:
 * - 'refuse': `{ ok: false, reason }`;
 * - 'approval': `{ ok: true, needsApproval: true, reason }` with the requested discount,
 *   so the quote is routed to approval before it can be sent.
 */
export type OverCapHandling = 'refuse' | 'approval';

export type TierDiscountResult =
  | { ok: true; pct: number; discountMinor: number; needsApproval: boolean; reason?: string }
  | { ok: false; reason: string };

/** Percent of an amount in minor units, rounded half away from zero to the minor unit. */
export function percentOfMinor(amountMinor: number, pct: number): number {
  return settle((amountMinor * pct) / 100, 0);
}

/**
 * The discount used on a line: the tier default when none is requested, the requested one
 * when within the cap; above the cap it is refused or flagged for approval per `overCap`.
 *
 * @example applyTierDiscount(10000, undefined, keyTier) // { ok: true, pct: 5, discountMinor: 500, needsApproval: false }
 */
export function applyTierDiscount(
  lineMinor: number,
  requestedPct: number | undefined,
  policy: TierPolicy,
  overCap: OverCapHandling = 'refuse',
): TierDiscountResult {
  if (!Number.isSafeInteger(lineMinor)) return { ok: false, reason: `line amount must be whole minor units, got ${lineMinor}` };
  const pct = requestedPct ?? policy.defaultDiscountPct;
  if (!Number.isFinite(pct) || pct < 0 || pct > 100) return { ok: false, reason: `discount must be between 0% and 100%, got ${pct}%` };
  const discountMinor = percentOfMinor(lineMinor, pct);
  if (pct <= policy.discountCapPct) return { ok: true, pct, discountMinor, needsApproval: false };
  const reason = `discount ${pct}% exceeds the cap of ${policy.discountCapPct}% for tier ${policy.key}`;
  if (overCap === 'refuse') return { ok: false, reason };
  return { ok: true, pct, discountMinor, needsApproval: true, reason };
}

export class PolicyLookupError extends Error {}

export function regionPolicyFor(policies: readonly RegionPolicy[], region: string): RegionPolicy {
  const found = policies.find((p) => p.region === region);
  if (!found) throw new PolicyLookupError(`no regional policy for region "${region}"`);
  return found;
}

/** Load factor for a product line; a line without one is priced at factor 1. */
export function loadFactorFor(factors: readonly LoadFactor[], productLine: string): LoadFactor | undefined {
  return factors.find((f) => f.productLine === productLine);
}

/** One visible step in a price breakdown. */
export interface PriceStep {
  step: 'base' | 'load' | 'region' | 'discount';
  label: string;
  /** Change this step makes, in minor units (negative for a discount). */
  deltaMinor: number;
  /** Running unit price after the step. */
  afterMinor: number;
}

export interface PriceWaterfallInput {
  baseMinor: number;
  load?: LoadFactor;
  region?: RegionPolicy;
  tier: TierPolicy;
  requestedDiscountPct?: number;
  overCap?: OverCapHandling;
}

export type PriceWaterfallResult =
  | { ok: true; steps: PriceStep[]; netMinor: number; needsApproval: boolean; reason?: string }
  | { ok: false; reason: string };

/**
 * Base → supply/demand load → regional factor → tier discount, each step rounded to the
 * minor unit so the shown steps add up exactly to the net price.
 */
export function priceWaterfall(input: PriceWaterfallInput): PriceWaterfallResult {
  const steps: PriceStep[] = [{ step: 'base', label: 'base price', deltaMinor: input.baseMinor, afterMinor: input.baseMinor }];
  let running = input.baseMinor;
  if (input.load) {
    const after = settle(running * input.load.factor, 0);
    steps.push({ step: 'load', label: `load ${input.load.productLine} ×${input.load.factor} (${input.load.reason})`, deltaMinor: after - running, afterMinor: after });
    running = after;
  }
  if (input.region) {
    const after = settle(running * input.region.factor, 0);
    steps.push({ step: 'region', label: `region ${input.region.region} ×${input.region.factor}`, deltaMinor: after - running, afterMinor: after });
    running = after;
  }
  const discount = applyTierDiscount(running, input.requestedDiscountPct, input.tier, input.overCap);
  if (!discount.ok) return discount;
  const after = running - discount.discountMinor;
  steps.push({ step: 'discount', label: `discount ${discount.pct}% (tier ${input.tier.key})`, deltaMinor: -discount.discountMinor, afterMinor: after });
  return discount.reason === undefined
    ? { ok: true, steps, netMinor: after, needsApproval: discount.needsApproval }
    : { ok: true, steps, netMinor: after, needsApproval: discount.needsApproval, reason: discount.reason };
}
