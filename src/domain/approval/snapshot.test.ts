import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CatalogueLineRecord, ConfiguredLineRecord, QuoteHeader, QuoteRecord } from '../quote/QuoteRecord.js';
import { canonicalSnapshotText, pricedSnapshot, SNAPSHOT_FORMAT, snapshotDifferences, snapshotHash } from './snapshot.js';
import type { CatalogueSnapshotLine, ConfiguredSnapshotLine, PricedSnapshot } from './snapshot.js';

const RELEASE = 'a'.repeat(64);

const header: QuoteHeader = {
  id: 'q1',
  number: 'Q-2026-0001',
  revision: 1,
  customerId: 'c1',
  customerName: '华东水务',
  owner: 'zhang.san',
  currency: 'CNY',
  exchangeRate: 1,
  quoteDate: '2026-03-01',
  tier: 'A',
  region: 'east',
  paymentTerms: '30 days',
  defaultDiscountPct: 0,
  discountCapPct: 15,
  overCap: 'approval',
  vatRatePct: 13,
  freightMinor: 0,
  inquiry: { requirements: '' },
  notes: 'call back Monday',
  state: 'quoted',
  createdAt: '2026-03-01T08:00:00Z',
  changedAt: '2026-03-01T08:00:00Z',
};

const valveLine: CatalogueLineRecord = {
  kind: 'catalogue',
  id: 'C1',
  description: '蝶阀密封圈',
  quantity: 2,
  unit: 'pc',
  unitPriceMinor: 10000,
  unitCostMinor: 6000,
  discountPct: 10,
  inclusion: 'standard',
  chosen: false,
  sku: 'P-100',
};

const quote: QuoteRecord = { header, lines: [{ kind: 'section', id: 'S1', title: 'Spares' }, valveLine], revisions: [], events: [] };

// By hand: gross 2 × 100.00 = 200.00, discount 10 % = 20.00, net 180.00, cost 2 × 60.00 = 120.00,
// margin 60.00 = 33.33 % of net; VAT 13 % of 180.00 = 23.40; total 203.40.
const c1: CatalogueSnapshotLine = {
  kind: 'catalogue',
  id: 'C1',
  description: '蝶阀密封圈',
  unit: 'pc',
  quantity: 2,
  unitPriceMinor: 10000,
  unitCostMinor: 6000,
  discountPct: 10,
  inclusion: 'standard',
  chosen: false,
  included: true,
  netMinor: 18000,
  marginMinor: 6000,
  marginPct: 33.33,
  sku: 'P-100',
};
const expected: PricedSnapshot = {
  format: SNAPSHOT_FORMAT,
  quoteId: 'q1',
  revision: 1,
  currency: 'CNY',
  exchangeRate: 1,
  customerId: 'c1',
  tier: 'A',
  region: 'east',
  lines: [c1],
  totals: {
    subtotalMinor: 20000,
    discountMinor: 2000,
    netMinor: 18000,
    freightMinor: 0,
    taxableMinor: 18000,
    vatRatePct: 13,
    vatMinor: 2340,
    totalMinor: 20340,
    costMinor: 12000,
    marginMinor: 6000,
    marginPct: 33.33,
  },
};

// RFC 8785 by hand: keys sorted by UTF-16 code units, no whitespace, strings as is.
const expectedText =
  '{"currency":"CNY","customerId":"c1","exchangeRate":1,"format":"suanpan.priced-snapshot/1",' +
  '"lines":[{"chosen":false,"description":"蝶阀密封圈","discountPct":10,"id":"C1","included":true,"inclusion":"standard",' +
  '"kind":"catalogue","marginMinor":6000,"marginPct":33.33,"netMinor":18000,"quantity":2,"sku":"P-100","unit":"pc",' +
  '"unitCostMinor":6000,"unitPriceMinor":10000}],' +
  '"quoteId":"q1","region":"east","revision":1,"tier":"A",' +
  '"totals":{"costMinor":12000,"discountMinor":2000,"freightMinor":0,"marginMinor":6000,"marginPct":33.33,"netMinor":18000,' +
  '"subtotalMinor":20000,"taxableMinor":18000,"totalMinor":20340,"vatMinor":2340,"vatRatePct":13}}';

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  return value;
}

describe('pricedSnapshot', () => {
  it('takes the priced fields and hand-computed totals, and leaves out section headings', () => {
    expect(pricedSnapshot(quote)).toEqual(expected);
  });

  it('carries a configured line’s model, release hash and parameter values', () => {
    const line: ConfiguredLineRecord = {
      kind: 'configured',
      id: 'V1',
      description: 'Butterfly valve DN200',
      quantity: 1,
      unit: 'pc',
      unitPriceMinor: 50000,
      unitCostMinor: 40000,
      discountPct: 0,
      inclusion: 'optional',
      chosen: true,
      modelId: 'butterfly-valve',
      version: '1.2.0',
      releaseHash: RELEASE,
      productLine: 'valves',
      values: { DN: 200, material: 'CF8' },
      fixed: ['DN'],
      modelUnitPriceMinor: 48000,
      policySteps: [{ step: 'region', label: 'East China', factor: 1.05, deltaMinor: 2000 }],
      frozenIndices: [{ series: 'steel', date: '2026-02-28', value: 4100 }],
    };
    const s = pricedSnapshot({ ...quote, lines: [line] });
    const v: ConfiguredSnapshotLine = {
      kind: 'configured',
      id: 'V1',
      description: 'Butterfly valve DN200',
      unit: 'pc',
      quantity: 1,
      unitPriceMinor: 50000,
      unitCostMinor: 40000,
      discountPct: 0,
      inclusion: 'optional',
      chosen: true,
      included: true,
      netMinor: 50000,
      marginMinor: 10000,
      marginPct: 20,
      modelId: 'butterfly-valve',
      version: '1.2.0',
      releaseHash: RELEASE,
      productLine: 'valves',
      values: { DN: 200, material: 'CF8' },
      modelUnitPriceMinor: 48000,
      policySteps: [{ step: 'region', factor: 1.05, deltaMinor: 2000 }],
      frozenIndices: [{ series: 'steel', date: '2026-02-28', value: 4100 }],
    };
    expect(s.lines).toEqual([v]);
    // 500.00 net, VAT 65.00, total 565.00; margin 100.00 = 20 %.
    expect(s.totals.totalMinor).toBe(56500);
    expect(s.totals.marginPct).toBe(20);
    // Which values the user fixed prices nothing.
    expect(snapshotHash(pricedSnapshot({ ...quote, lines: [{ ...line, fixed: [] }] }))).toBe(snapshotHash(s));
    expect(snapshotHash(pricedSnapshot({ ...quote, lines: [{ ...line, values: { DN: 250, material: 'CF8' } }] }))).not.toBe(snapshotHash(s));
    expect(snapshotHash(pricedSnapshot({ ...quote, lines: [{ ...line, releaseHash: 'b'.repeat(64) }] }))).not.toBe(snapshotHash(s));
  });

  it('does not change with state, notes, timestamps, line order or section titles', () => {
    const base = snapshotHash(pricedSnapshot(quote));
    const other: CatalogueLineRecord = { ...valveLine, id: 'C0', sku: 'P-200' };
    const twoLines = snapshotHash(pricedSnapshot({ ...quote, lines: [valveLine, other] }));
    expect(snapshotHash(pricedSnapshot({ ...quote, lines: [other, valveLine] }))).toBe(twoLines);
    const calm: QuoteRecord = {
      header: { ...header, state: 'approval', notes: 'changed', changedAt: '2026-03-02T10:00:00Z', customerName: 'renamed', paymentTerms: '60 days' },
      lines: [{ kind: 'section', id: 'S1', title: 'Renamed' }, valveLine],
      revisions: [],
      events: [{ at: '2026-03-02T10:00:00Z', revision: 1, kind: 'transition', from: 'quoted', to: 'approval', by: 'zhang.san' }],
    };
    expect(snapshotHash(pricedSnapshot(calm))).toBe(base);
  });

  it('changes with any priced field', () => {
    const base = snapshotHash(pricedSnapshot(quote));
    const variants: QuoteRecord[] = [
      { ...quote, header: { ...header, revision: 2 } },
      { ...quote, header: { ...header, id: 'q2' } },
      { ...quote, header: { ...header, tier: 'B' } },
      { ...quote, header: { ...header, freightMinor: 1 } },
      { ...quote, lines: [{ ...valveLine, quantity: 3 }] },
      { ...quote, lines: [{ ...valveLine, discountPct: 11 }] },
      { ...quote, lines: [{ ...valveLine, unitCostMinor: 5999 }] },
      { ...quote, lines: [{ ...valveLine, sku: 'P-101' }] },
    ];
    for (const v of variants) expect(snapshotHash(pricedSnapshot(v))).not.toBe(base);
  });
});

describe('snapshotHash', () => {
  it('is the SHA-256 of the hand-written canonical JSON', () => {
    expect(canonicalSnapshotText(expected)).toBe(expectedText);
    expect(snapshotHash(expected)).toBe(createHash('sha256').update(expectedText, 'utf8').digest('hex'));
  });

  it('does not depend on key order', () => {
    const reversed = reverseKeys(expected) as PricedSnapshot;
    expect(Object.keys(reversed)[0]).toBe('totals');
    expect(snapshotHash(reversed)).toBe(snapshotHash(expected));
  });
});

describe('snapshotDifferences', () => {
  it('is empty for equal snapshots', () => {
    expect(snapshotDifferences(expected, reverseKeys(expected) as PricedSnapshot)).toEqual([]);
  });

  it('lists header, line and totals changes, money as money', () => {
    const after: PricedSnapshot = {
      ...expected,
      revision: 2,
      lines: [{ ...c1, quantity: 3, netMinor: 27000 }],
      totals: { ...expected.totals, totalMinor: 30510, marginPct: null },
    };
    expect(snapshotDifferences(expected, after)).toEqual([
      'revision 1 → 2',
      'line C1: quantity 2 → 3',
      'line C1: net 180.00 CNY → 270.00 CNY',
      'totals: total 203.40 CNY → 305.10 CNY',
      'totals: marginPct 33.33% → –',
    ]);
  });

  it('lists lines added and removed', () => {
    const v: ConfiguredSnapshotLine = {
      ...c1,
      kind: 'configured',
      id: 'V1',
      description: 'Valve',
      quantity: 1,
      unitPriceMinor: 50000,
      netMinor: 50000,
      modelId: 'butterfly-valve',
      version: '1.2.0',
      releaseHash: RELEASE,
      productLine: 'valves',
      values: { DN: 200 },
      modelUnitPriceMinor: 50000,
      policySteps: [],
      frozenIndices: [],
    };
    expect(snapshotDifferences(expected, { ...expected, lines: [v] })).toEqual([
      'line C1 removed: "蝶阀密封圈" (sku P-100), quantity 2 × 100.00 CNY, net 180.00 CNY',
      'line V1 added: "Valve" (butterfly-valve 1.2.0), quantity 1 × 500.00 CNY, net 500.00 CNY',
    ]);
  });

  it('names a changed, added or removed parameter value', () => {
    const v: ConfiguredSnapshotLine = {
      ...c1,
      kind: 'configured',
      id: 'V1',
      modelId: 'm',
      version: '1.0.0',
      releaseHash: RELEASE,
      productLine: 'valves',
      values: { DN: 200, material: 'CF8', seal: 'EPDM' },
      modelUnitPriceMinor: 10000,
      policySteps: [{ step: 'load', factor: 1.1, deltaMinor: 1000 }],
      frozenIndices: [],
    };
    const w: ConfiguredSnapshotLine = {
      ...v,
      releaseHash: 'b'.repeat(64),
      values: { DN: 300, material: 'CF8M', coated: true },
      policySteps: [{ step: 'load', factor: 1.2, deltaMinor: 2000 }],
    };
    expect(snapshotDifferences({ ...expected, lines: [v] }, { ...expected, lines: [w] })).toEqual([
      `line V1: releaseHash "${RELEASE}" → "${'b'.repeat(64)}"`,
      'line V1: values.DN 200 → 300',
      'line V1: values.material "CF8" → "CF8M"',
      'line V1: values.seal "EPDM" → (none)',
      'line V1: policySteps.0.factor 1.1 → 1.2',
      'line V1: policySteps.0.delta 10.00 CNY → 20.00 CNY',
      'line V1: values.coated (none) → true',
    ]);
  });

  it('shows amounts in each side’s own currency decimals', () => {
    const jpy: PricedSnapshot = { ...expected, currency: 'JPY', exchangeRate: 0.048, totals: { ...expected.totals, totalMinor: 4000 } };
    expect(snapshotDifferences(expected, jpy)).toEqual([
      'currency "CNY" → "JPY"',
      'exchangeRate 1 → 0.048',
      'totals: total 203.40 CNY → 4000 JPY',
    ]);
  });
});
