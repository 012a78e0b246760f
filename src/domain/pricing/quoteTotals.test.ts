import { describe, expect, it } from 'vitest';
import { computeQuoteTotals, QuoteTotalsError, type ItemLine, type QuoteLine } from './quoteTotals.js';

function item(id: string, quantity: number, unitPriceMinor: number, unitCostMinor: number, discountPct = 0, extra: Partial<ItemLine> = {}): ItemLine {
  return { kind: 'item', id, description: id, quantity, unitPriceMinor, unitCostMinor, discountPct, inclusion: 'standard', chosen: false, ...extra };
}

describe('computeQuoteTotals', () => {
  const lines: QuoteLine[] = [
    { kind: 'section', id: 'S1', title: 'Valves' },
    item('A', 3, 123456, 80000, 5), // gross 370368; 5% = 18518.4 → 18518; net 351850; cost 240000
    item('B', 2, 9999, 5000), // gross 19998; cost 10000
    item('C', 1, 50000, 1000, 0, { inclusion: 'optional' }), // not chosen: shown, not counted
    item('D', 1, 10001, 7000, 0, { inclusion: 'alternative', chosen: true }), // chosen: counted
  ];

  it('adds the counted lines, freight and VAT worked out by hand', () => {
    const totals = computeQuoteTotals(lines, { freightMinor: 80000 });
    expect(totals).toMatchObject({
      subtotalMinor: 400367, // 370368 + 19998 + 10001
      discountMinor: 18518,
      netMinor: 381849,
      freightMinor: 80000,
      taxableMinor: 461849,
      vatRatePct: 13,
      vatMinor: 60040, // 60040.37
      totalMinor: 521889, // 381849 + 80000 + 60040
      costMinor: 257000, // 240000 + 10000 + 7000
      marginMinor: 124849, // 381849 − 257000
      marginPct: 32.7, // 32.6959…
    });
  });

  it('gives per-line cost and margin, sections carry no amount', () => {
    const totals = computeQuoteTotals(lines);
    expect(totals.lines.map((l) => l.lineId)).toEqual(['A', 'B', 'C', 'D']);
    expect(totals.lines[0]).toEqual({
      lineId: 'A',
      included: true,
      grossMinor: 370368,
      discountMinor: 18518,
      netMinor: 351850,
      costMinor: 240000,
      marginMinor: 111850,
      marginPct: 31.79, // 31.7891…
    });
    expect(totals.lines[2]).toMatchObject({ lineId: 'C', included: false, netMinor: 50000 });
  });

  it('computes VAT once per quote, half away from zero', () => {
    // Two lines of 0.05: per line 0.65 fen would round to 1 each (2); per quote 10 × 13% = 1.3 → 1.
    expect(computeQuoteTotals([item('a', 1, 5, 0), item('b', 1, 5, 0)]).vatMinor).toBe(1);
    // 50 × 13% = 6.5 → 7
    expect(computeQuoteTotals([item('a', 1, 50, 0)]).vatMinor).toBe(7);
  });

  it('takes a configured VAT rate and untaxed freight', () => {
    const totals = computeQuoteTotals([item('a', 10, 1000, 600)], { vatRatePct: 9, freightMinor: 500, freightTaxable: false });
    // taxable 10000; VAT 900; total 10000 + 500 + 900
    expect(totals).toMatchObject({ taxableMinor: 10000, vatMinor: 900, totalMinor: 11400, marginMinor: 4000, marginPct: 40 });
  });

  it('has no margin percent for an empty quote', () => {
    expect(computeQuoteTotals([])).toMatchObject({ subtotalMinor: 0, vatMinor: 0, totalMinor: 0, marginPct: null });
  });

  it('refuses bad input, naming the line', () => {
    expect(() => computeQuoteTotals([item('X', -1, 100, 0)])).toThrow(QuoteTotalsError);
    expect(() => computeQuoteTotals([item('X', 0, 100, 0)])).toThrow(/^line X: quantity/);
    expect(() => computeQuoteTotals([item('Y', 1, 100, 0, 120)])).toThrow(/^line Y: discountPct/);
    expect(() => computeQuoteTotals([item('Z', 1, 10.5, 0)])).toThrow(/^line Z: unitPriceMinor/);
    expect(() => computeQuoteTotals([item('Z', 1, 1, 0), item('Z', 1, 1, 0)])).toThrow('line id Z appears twice');
    expect(() => computeQuoteTotals([], { vatRatePct: -1 })).toThrow(/VAT rate/);
    expect(() => computeQuoteTotals([], { freightMinor: 1.5 })).toThrow(/freight/);
  });
});
