import { describe, expect, it } from 'vitest';
import { PriceModel } from './PriceModel.js';
import { runTestCases } from './testCases.js';
import { L, memorySource, workbook } from './testSupport.js';

/** price = 10 × qty; ratio = 1 / (qty - 2), an error at qty 2. */
const model = (tests: unknown[]) =>
  workbook({
    sheets: [{ name: 'S', cells: { A1: 1, A2: '=A1*10', A3: '=1/(A1-2)', A4: '="size "&A1' } }],
    parameters: [{ id: 'qty', label: L('Qty'), type: 'integer', min: 1, default: 1, bind: 'S!A1' }],
    outputs: [
      { id: 'price', label: L('Price'), role: 'total_price', ref: 'S!A2' },
      { id: 'ratio', label: L('Ratio'), role: 'other', ref: 'S!A3' },
      { id: 'label', label: L('Label'), role: 'other', ref: 'S!A4' },
    ],
    tests,
  });

async function run(tests: unknown[]) {
  const r = await PriceModel.open('m.workbook.json', memorySource({ 'm.workbook.json': model(tests) }));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return runTestCases(r.model);
}

describe('runTestCases', () => {
  it('passes matching figures, text, tolerances and expected errors', async () => {
    const report = await run([
      { id: 'one', given: { qty: 3 }, expect: { price: 30, ratio: 1, label: 'size 3' } },
      // 1 / (5 - 2) = 0.333…, within 0.001 of 0.333
      { id: 'close', given: { qty: 5 }, expect: { ratio: { value: 0.333, tolerance: 0.001 } } },
      { id: 'error', given: { qty: 2 }, expect: { ratio: '#DIV/0!', price: 20 } },
    ]);
    expect(report).toEqual({ passed: 3, failed: 0, failures: [] });
  });

  it('reports each wrong output of a case, and the case once', async () => {
    const report = await run([
      { id: 'wrong', given: { qty: 2 }, expect: { price: 25, ratio: 0, label: 'size 3' } },
      { id: 'right', given: { qty: 4 }, expect: { price: 40 } },
    ]);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.failures.map((f) => `${f.output}: ${f.message}`)).toEqual([
      'price: expected 25 ± 0.000001, got 20',
      'ratio: expected 0, got #DIV/0! (division by zero)',
      'label: expected "size 3", got "size 2"',
    ]);
  });
});
