import { describe, expect, it } from 'vitest';
import {
  applyTierDiscount,
  loadFactorFor,
  PolicyLookupError,
  priceWaterfall,
  regionPolicyFor,
  RegionPolicySchema,
  TierPolicySchema,
  type LoadFactor,
  type RegionPolicy,
  type TierPolicy,
} from './policies.js';

const keyTier: TierPolicy = { key: 'key', defaultDiscountPct: 5, discountCapPct: 8, paymentTerms: '30% advance', commissionRatePct: 2 };
const regions: RegionPolicy[] = [
  { region: 'East', factor: 1, freightMinor: 0 },
  { region: 'Northwest', factor: 1.05, freightMinor: 80000 },
];
const loads: LoadFactor[] = [{ productLine: 'valves', factor: 1.08, reason: 'order book full' }];

describe('applyTierDiscount', () => {
  it('uses the tier default when no discount is requested', () => {
    expect(applyTierDiscount(10000, undefined, keyTier)).toEqual({ ok: true, pct: 5, discountMinor: 500, needsApproval: false });
  });

  it('accepts a requested discount up to the cap, rounding half away from zero', () => {
    // 12345 × 8% = 987.6 → 988
    expect(applyTierDiscount(12345, 8, keyTier)).toEqual({ ok: true, pct: 8, discountMinor: 988, needsApproval: false });
    // 50 × 5% = 2.5 → 3
    expect(applyTierDiscount(50, 5, keyTier)).toMatchObject({ discountMinor: 3 });
    expect(applyTierDiscount(10000, 0, keyTier)).toMatchObject({ ok: true, pct: 0, discountMinor: 0 });
  });

  it('refuses a discount above the cap by default', () => {
    expect(applyTierDiscount(10000, 9, keyTier)).toEqual({ ok: false, reason: 'discount 9% exceeds the cap of 8% for tier key' });
  });

  it('routes a discount above the cap to approval when asked to', () => {
    expect(applyTierDiscount(10000, 9, keyTier, 'approval')).toEqual({
      ok: true,
      pct: 9,
      discountMinor: 900,
      needsApproval: true,
      reason: 'discount 9% exceeds the cap of 8% for tier key',
    });
  });

  it('refuses nonsense discounts and amounts', () => {
    expect(applyTierDiscount(10000, -1, keyTier)).toMatchObject({ ok: false, reason: 'discount must be between 0% and 100%, got -1%' });
    expect(applyTierDiscount(10000, 101, keyTier, 'approval')).toMatchObject({ ok: false });
    expect(applyTierDiscount(10.5, 1, keyTier)).toMatchObject({ ok: false });
  });
});

describe('policy records', () => {
  it('refuses a default discount above the cap', () => {
    const result = TierPolicySchema.safeParse({ ...keyTier, defaultDiscountPct: 9 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['defaultDiscountPct']);
  });

  it('refuses negative freight', () => {
    expect(RegionPolicySchema.safeParse({ region: 'x', factor: 1, freightMinor: -1 }).success).toBe(false);
  });

  it('looks up region and load factor', () => {
    expect(regionPolicyFor(regions, 'Northwest').freightMinor).toBe(80000);
    expect(() => regionPolicyFor(regions, 'Mars')).toThrow(PolicyLookupError);
    expect(loadFactorFor(loads, 'valves')?.factor).toBe(1.08);
    expect(loadFactorFor(loads, 'pumps')).toBeUndefined();
  });
});

describe('priceWaterfall', () => {
  it('shows load, region and discount as separate steps', () => {
    // 100000 ×1.08 = 108000; ×1.05 = 113400; default 5% = 5670 → 107730
    const result = priceWaterfall({ baseMinor: 100000, load: loads[0]!, region: regions[1]!, tier: keyTier });
    expect(result).toMatchObject({ ok: true, netMinor: 107730, needsApproval: false });
    if (!result.ok) throw new Error('unreachable');
    expect(result.steps.map((s) => [s.step, s.deltaMinor, s.afterMinor])).toEqual([
      ['base', 100000, 100000],
      ['load', 8000, 108000],
      ['region', 5400, 113400],
      ['discount', -5670, 107730],
    ]);
  });

  it('passes a refusal through and flags approval', () => {
    expect(priceWaterfall({ baseMinor: 1000, tier: keyTier, requestedDiscountPct: 10 })).toEqual({
      ok: false,
      reason: 'discount 10% exceeds the cap of 8% for tier key',
    });
    // 1000 × 10% = 100 → 900
    expect(priceWaterfall({ baseMinor: 1000, tier: keyTier, requestedDiscountPct: 10, overCap: 'approval' })).toMatchObject({
      ok: true,
      netMinor: 900,
      needsApproval: true,
    });
  });
});
