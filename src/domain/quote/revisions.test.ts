import { describe, expect, it } from 'vitest';
import { lineAmounts } from './RevisionLine.js';
import { RevisionLinesError, compareRevisions, revisionTotals } from './revisions.js';

const L1 = { id: 'L1', description: 'Valve DN100', quantity: 2, unitPriceMinor: 150000, costMinor: 90000, discountPct: 10 };
const L2 = { id: 'L2', description: 'Actuator', quantity: 1, unitPriceMinor: 80000, costMinor: 50000, discountPct: 0 };
const L3 = { id: 'L3', description: 'Flange kit', quantity: 4, unitPriceMinor: 2599, costMinor: 1500, discountPct: 5 };
const L1b = { ...L1, quantity: 3, discountPct: 12.5 };
const L4 = { id: 'L4', description: 'Commissioning', quantity: 1.5, unitPriceMinor: 33333, costMinor: 20000, discountPct: 0 };

describe('lineAmounts (worked by hand)', () => {
  it('settles each product half away from zero', () => {
    // 4 × 2599 = 10396; 5 % = 519.8 → 520; net 9876; cost 6000; margin 3876
    expect(lineAmounts(L3)).toEqual({ grossMinor: 10396, discountMinor: 520, netMinor: 9876, costMinor: 6000, marginMinor: 3876 });
    // 1.5 × 33333 = 49999.5 → 50000; cost 1.5 × 20000 = 30000
    expect(lineAmounts(L4)).toEqual({ grossMinor: 50000, discountMinor: 0, netMinor: 50000, costMinor: 30000, marginMinor: 20000 });
    // A credit line: 50 % of −1001 = −500.5 → −501 (away from zero), net −500
    expect(lineAmounts({ quantity: 1, unitPriceMinor: -1001, costMinor: 0, discountPct: 50 })).toEqual({
      grossMinor: -1001,
      discountMinor: -501,
      netMinor: -500,
      costMinor: 0,
      marginMinor: -500,
    });
  });
});

describe('compareRevisions (worked by hand)', () => {
  const result = compareRevisions([L1, L2, L3], [L4, L1b, L3]);

  it('lists the added line with its amounts', () => {
    expect(result.added).toEqual([{ line: L4, amounts: { grossMinor: 50000, discountMinor: 0, netMinor: 50000, costMinor: 30000, marginMinor: 20000 } }]);
  });
  it('lists the removed line with its amounts', () => {
    expect(result.removed).toEqual([{ line: L2, amounts: { grossMinor: 80000, discountMinor: 0, netMinor: 80000, costMinor: 50000, marginMinor: 30000 } }]);
  });
  it('lists the changed line: which fields, old → new, and the deltas', () => {
    expect(result.changed).toEqual([
      {
        id: 'L1',
        changes: [
          { field: 'quantity', from: 2, to: 3 },
          { field: 'discountPct', from: 10, to: 12.5 },
        ],
        // 2 × 150000 = 300000, 10 % = 30000, net 270000, cost 180000, margin 90000
        before: { grossMinor: 300000, discountMinor: 30000, netMinor: 270000, costMinor: 180000, marginMinor: 90000 },
        // 3 × 150000 = 450000, 12.5 % = 56250, net 393750, cost 270000, margin 123750
        after: { grossMinor: 450000, discountMinor: 56250, netMinor: 393750, costMinor: 270000, marginMinor: 123750 },
        netDeltaMinor: 123750,
        marginDeltaMinor: 33750,
      },
    ]);
    expect(result.unchangedIds).toEqual(['L3']);
  });
  it('totals and deltas', () => {
    // A: gross 300000+80000+10396, discount 30000+0+520, cost 180000+50000+6000;
    //    margin 123876 / net 359876 = 34.4218… % → 3442 bp
    expect(result.totalsA).toEqual({ grossMinor: 390396, discountMinor: 30520, netMinor: 359876, costMinor: 236000, marginMinor: 123876, marginBasisPoints: 3442 });
    // B: gross 450000+10396+50000, discount 56250+520, cost 270000+6000+30000;
    //    margin 147626 / net 453626 = 32.5435… % → 3254 bp
    expect(result.totalsB).toEqual({ grossMinor: 510396, discountMinor: 56770, netMinor: 453626, costMinor: 306000, marginMinor: 147626, marginBasisPoints: 3254 });
    expect(result.delta).toEqual({ grossMinor: 120000, discountMinor: 26250, netMinor: 93750, costMinor: 70000, marginMinor: 23750, marginBasisPoints: -188 });
  });
  it('a description change alone is a change with no money delta', () => {
    const r = compareRevisions([L2], [{ ...L2, description: 'Actuator, IP67' }]);
    expect(r.changed).toEqual([
      {
        id: 'L2',
        changes: [{ field: 'description', from: 'Actuator', to: 'Actuator, IP67' }],
        before: { grossMinor: 80000, discountMinor: 0, netMinor: 80000, costMinor: 50000, marginMinor: 30000 },
        after: { grossMinor: 80000, discountMinor: 0, netMinor: 80000, costMinor: 50000, marginMinor: 30000 },
        netDeltaMinor: 0,
        marginDeltaMinor: 0,
      },
    ]);
    expect(r.delta).toEqual({ grossMinor: 0, discountMinor: 0, netMinor: 0, costMinor: 0, marginMinor: 0, marginBasisPoints: 0 });
  });
  it('empty revisions: zero totals, no margin ratio', () => {
    expect(revisionTotals([])).toEqual({ grossMinor: 0, discountMinor: 0, netMinor: 0, costMinor: 0, marginMinor: 0, marginBasisPoints: null });
    const r = compareRevisions([], [L2]);
    expect(r.added.map((x) => x.line.id)).toEqual(['L2']);
    expect(r.delta.netMinor).toBe(80000);
    expect(r.delta.marginBasisPoints).toBeNull();
  });
});

describe('compareRevisions: bad lines', () => {
  const cases: ReadonlyArray<readonly [unknown[], unknown[], string]> = [
    [[L1, { ...L2, quantity: -1 }], [], 'revision A, line 2: quantity must not be negative'],
    [[], [{ ...L3, discountPct: 120 }], 'revision B, line 1: discountPct must be at most 100'],
    [[], [{ ...L3, unitPriceMinor: 25.99 }], 'revision B, line 1: unitPriceMinor must be a whole number of minor units'],
    [[], [{ ...L3, costMinor: -1 }], 'revision B, line 1: costMinor must not be negative'],
    [[L1, L2, { ...L3, id: 'L1' }], [], 'revision A, line 3: id "L1" is used twice'],
    [[{ ...L1, id: '' }], [], 'revision A, line 1: id must not be empty'],
  ];
  it.each(cases)('%#: %s', (a, b, message) => {
    expect(() => compareRevisions(a, b)).toThrow(new RevisionLinesError(message));
  });
});
