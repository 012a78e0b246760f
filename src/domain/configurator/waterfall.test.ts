import { describe, expect, it } from 'vitest';
import { L, workbook } from '../workbook/testSupport.js';
import { miniValve, openModel } from './testSupport.js';
import { waterfall } from './waterfall.js';

describe('waterfall', () => {
  it('lists the breakdown in step order with running totals that reach the unit price', async () => {
    const m = await openModel();
    m.set({ dn: 250, body: 'CF8M', coating: true, qty: 3 });
    const w = waterfall(m);
    // body 2600 × 2.5 = 6500.00; coating 35.00; margin 8168.75 − 6535.00 = 1633.75; unit price 8168.75
    expect(w.steps.map(({ id, step, amountMinor, cumulativeMinor }) => ({ id, step, amountMinor, cumulativeMinor }))).toEqual([
      { id: 'body_cost', step: 1, amountMinor: 650000, cumulativeMinor: 650000 },
      { id: 'coating_cost', step: 2, amountMinor: 3500, cumulativeMinor: 653500 },
      { id: 'margin_step', step: 3, amountMinor: 163375, cumulativeMinor: 816875 },
    ]);
    expect(w).toMatchObject({ currency: 'CNY', decimals: 2, totalMinor: 816875, against: 'unit_price', againstMinor: 816875, reconciles: true, differenceMinor: 0 });
    expect(w.steps[0]?.label).toEqual({ zh: '阀体', en: 'Body' });
    m.dispose();
  });

  it('explains a step only when asked, from the model as it is then', async () => {
    const m = await openModel();
    const w = waterfall(m);
    const body = w.steps[0]!;
    const tree = body.explain();
    expect(tree).toMatchObject({ ref: 'body_cost', kind: 'output', value: 1200 });
    // Parameters behind the body price: DN and the body material.
    expect(JSON.stringify(tree)).toContain('"parameter":"dn"');
    expect(JSON.stringify(tree)).toContain('"parameter":"body"');
    m.dispose();
  });

  it('reports how far the steps are from the price when they do not add up', async () => {
    // The same valve without its margin step: the breakdown stops at cost.
    const noMargin = { ...miniValve, outputs: (miniValve.outputs as { id: string }[]).filter((o) => o.id !== 'margin_step') };
    const m = await openModel(noMargin);
    const w = waterfall(m);
    // 1200.00 + 0.00 = 1200.00 against 1500.00
    expect(w).toMatchObject({ totalMinor: 120000, againstMinor: 150000, reconciles: false, differenceMinor: -30000 });
    // Checked against another output on request: the total for qty 1 is also 1500.00.
    expect(waterfall(m, { against: 'total_price' }).differenceMinor).toBe(-30000);
    expect(() => waterfall(m, { against: 'nope' })).toThrow('unknown output "nope"');
    m.dispose();
  });

  const divider = workbook({
    sheets: [{ name: 'Calc', cells: { A1: 'Divisor', B1: 4, A2: 'Share', B2: '=ROUND(10/B1,3)', A3: 'Fee', B3: 1.5, A4: 'Price', B4: '=ROUND(B2+B3,2)', A5: 'Extra', B5: 0.25 } }],
    parameters: [{ id: 'divisor', label: L('Divisor'), type: 'number', default: 4, bind: 'Calc!B1' }],
    outputs: [
      { id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B4' },
      { id: 'share', label: L('Share'), role: 'breakdown', ref: 'Calc!B2', money: true, decimals: 3, step: 1 },
      // No `money` and no `step`: still an amount, listed after the numbered steps.
      { id: 'extra', label: L('Extra'), role: 'breakdown', ref: 'Calc!B5' },
      { id: 'fee', label: L('Fee'), role: 'breakdown', ref: 'Calc!B3', money: true, step: 2 },
    ],
  });

  it('counts steps settled to different places in the finest of them', async () => {
    const m = await openModel(divider);
    m.set({ divisor: 8 });
    const w = waterfall(m);
    // share = ROUND(10/8, 3) = 1.25 → 1250 thousandths; fee 1.500; extra 0.25 → 0.250;
    // price = ROUND(1.25 + 1.5, 2) = 2.75 → 2750 thousandths; steps 1250 + 1500 + 250 = 3000
    expect(w.decimals).toBe(3);
    expect(w.steps.map((s) => [s.id, s.amountMinor])).toEqual([
      ['share', 1250],
      ['fee', 1500],
      ['extra', 250],
    ]);
    expect(w).toMatchObject({ totalMinor: 3000, againstMinor: 2750, reconciles: false, differenceMinor: 250 });
    m.dispose();
  });

  it('reconciles a breakdown written for the whole quantity against the total price', async () => {
    const order = workbook({
      sheets: [{ name: 'Calc', cells: { A1: 'Qty', B1: 3, A2: 'Metal', B2: 40, A3: 'Fee', B3: 12.5, A4: 'Total', B4: '=ROUND(B2+B3,2)', A5: 'Each', B5: '=ROUND(B4/B1,2)' } }],
      parameters: [{ id: 'qty', label: L('Qty'), type: 'integer', default: 3, min: 1, bind: 'Calc!B1' }],
      outputs: [
        { id: 'each', label: L('Each'), role: 'unit_price', ref: 'Calc!B5' },
        { id: 'total', label: L('Total'), role: 'total_price', ref: 'Calc!B4' },
        { id: 'metal', label: L('Metal'), role: 'breakdown', ref: 'Calc!B2', money: true, step: 1 },
        { id: 'fee', label: L('Fee'), role: 'breakdown', ref: 'Calc!B3', money: true, step: 2 },
      ],
    });
    const m = await openModel(order);
    // 40.00 + 12.50 = 52.50 = the total; per piece ROUND(52.5 / 3, 2) = 17.50 does not match.
    expect(waterfall(m)).toMatchObject({ totalMinor: 5250, against: 'total', againstMinor: 5250, reconciles: true, differenceMinor: 0 });
    // Asked for explicitly, the unit price is kept and the difference shown.
    expect(waterfall(m, { against: 'each' })).toMatchObject({ against: 'each', againstMinor: 1750, reconciles: false, differenceMinor: 3500 });
    m.dispose();
  });

  it('carries an error step through: no running total after it, no reconciliation', async () => {
    const m = await openModel(divider);
    m.set({ divisor: 0 });
    const w = waterfall(m);
    expect(w.steps[0]).toMatchObject({ id: 'share', amountMinor: null, cumulativeMinor: null, error: { code: '#DIV/0!' } });
    expect(w.steps[1]).toMatchObject({ id: 'fee', amountMinor: 1500, cumulativeMinor: null });
    expect(w).toMatchObject({ totalMinor: null, againstMinor: null, reconciles: false, differenceMinor: null });
    m.dispose();
  });

  it('is empty and unreconciled for a model without a breakdown', async () => {
    const m = await openModel(workbook({ sheets: [{ name: 'S', cells: { A1: 5 } }], outputs: [{ id: 'p', label: L('P'), role: 'unit_price', ref: 'S!A1' }] }));
    expect(waterfall(m)).toMatchObject({ steps: [], totalMinor: 0, againstMinor: 500, reconciles: false, differenceMinor: -500 });
    m.dispose();
  });
});
