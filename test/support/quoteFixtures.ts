/**
 * A plain quote header for tests that need a valid quote document and do not care about its
 * customer or terms: key tier, east region, CNY, 13 % VAT, 500.00 freight, cap 10 %.
 */
import type { QuoteHeader } from '../../src/domain/quote/QuoteRecord.js';

export const FIXTURE_AT = '2026-11-27T04:00:00.000Z';

export function fixtureHeader(overrides: Partial<QuoteHeader> = {}): QuoteHeader {
  return {
    id: 'q-fixture',
    number: 'Q-2026-0042',
    revision: 1,
    customerId: 'c-1',
    customerName: '杭州华阀流体设备有限公司',
    owner: '张伟',
    currency: 'CNY',
    exchangeRate: 1,
    quoteDate: '2026-11-27',
    validUntil: '2026-12-27',
    tier: 'key',
    region: 'east',
    paymentTerms: '30% advance',
    defaultDiscountPct: 5,
    discountCapPct: 10,
    overCap: 'approval',
    vatRatePct: 13,
    freightMinor: 50000,
    inquiry: { requirements: 'DN200 valves' },
    notes: '',
    state: 'inquiry',
    createdAt: FIXTURE_AT,
    changedAt: FIXTURE_AT,
    ...overrides,
  };
}
