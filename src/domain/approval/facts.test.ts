import { describe, expect, it } from 'vitest';
import type { CatalogueLineRecord, ConfiguredLineRecord, QuoteHeader } from '../quote/QuoteRecord.js';
import { quoteFacts } from './facts.js';

const at = '2026-11-27T04:00:00.000Z';
const header: QuoteHeader = {
  id: 'q-1',
  number: 'Q-2026-0001',
  revision: 1,
  customerId: 'c-hz',
  customerName: '杭州华阀流体设备有限公司',
  owner: 'rep',
  currency: 'CNY',
  exchangeRate: 1,
  quoteDate: '2026-11-27',
  tier: 'key',
  region: 'east',
  paymentTerms: '',
  defaultDiscountPct: 5,
  discountCapPct: 10,
  overCap: 'approval',
  vatRatePct: 13,
  freightMinor: 0,
  inquiry: { requirements: 'valves' },
  notes: '',
  state: 'quoted',
  createdAt: at,
  changedAt: at,
};
const configured = (id: string, modelId: string, productLine: string, over: Partial<ConfiguredLineRecord> = {}): ConfiguredLineRecord => ({
  kind: 'configured',
  id,
  description: modelId,
  quantity: 1,
  unit: 'pc',
  unitPriceMinor: 100_000,
  unitCostMinor: 80_000,
  discountPct: 0,
  inclusion: 'standard',
  chosen: true,
  modelId,
  version: '1.0.0',
  releaseHash: 'a'.repeat(64),
  productLine,
  values: {},
  fixed: [],
  modelUnitPriceMinor: 100_000,
  policySteps: [],
  frozenIndices: [],
  ...over,
});
const item: CatalogueLineRecord = { kind: 'catalogue', id: 'svc', description: 'Installation', quantity: 2, unit: 'day', unitPriceMinor: 50_000, unitCostMinor: 20_000, discountPct: 10, inclusion: 'standard', chosen: true, sku: 'SVC' };

describe('quote facts for approval conditions', () => {
  it('figures from the counted lines, worked out by hand', () => {
    const lines = [
      configured('v1', 'butterfly-valve', 'valves', { quantity: 2, discountPct: 4 }),
      item,
      // An optional line not chosen: shown, not counted, so its model and 30 % discount do not count either.
      configured('o1', 'actuator', 'actuators', { inclusion: 'optional', chosen: false, discountPct: 30 }),
    ];
    // Net: valves 2 × 1000.00 × 0.96 = 1920.00; service 2 × 500.00 × 0.90 = 900.00 → 2820.00.
    // Cost: 2 × 800.00 + 2 × 200.00 = 2000.00. Margin 820.00 / 2820.00 = 29.08 %.
    // Total with 13 % VAT: 2820.00 × 1.13 = 3186.60.
    expect(quoteFacts(header, lines)).toEqual({
      margin_pct: 29.08,
      discount_pct: 10,
      total: 3186.6,
      tier: 'key',
      region: 'east',
      customer: 'c-hz',
      product_lines: ['valves'],
      models: ['butterfly-valve'],
    });
  });

  it('gives the total in CNY for a quote in another currency', () => {
    // 1000.00 EUR net, 13 % VAT → 1130.00 EUR; at 7.85 CNY per EUR → 8870.50 CNY.
    const eur = { ...header, currency: 'EUR', exchangeRate: 7.85 };
    expect(quoteFacts(eur, [configured('v1', 'butterfly-valve', 'valves')]).total).toBe(8870.5);
  });

  it('an empty quote: no margin, no discount, nothing listed', () => {
    expect(quoteFacts(header, [])).toMatchObject({ margin_pct: 0, discount_pct: 0, total: 0, product_lines: [], models: [] });
  });
});
