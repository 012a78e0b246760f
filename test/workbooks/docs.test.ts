/** The complete example in docs/workbook-format.md must load and pass its own test case. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PriceModel, formatWorkbookError, runTestCases } from '../../src/domain/workbook/index.js';

describe('docs/workbook-format.md', () => {
  it('has a complete example that loads and passes its test case', async () => {
    const doc = readFileSync('docs/workbook-format.md', 'utf8');
    const section = doc.slice(doc.indexOf('## A complete small example'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(json).toBeDefined();
    const opened = await PriceModel.open('example.workbook.json', { read: async () => json });
    if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
    const report = runTestCases(opened.model);
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(1);
    // The same figures, by hand: 2600 × 250/100 = 6500; + 35 = 6535; × 1.25 = 8168.75
    opened.model.set({ dn: 250, body: 'CF8M', coating: true, qty: 3 });
    expect(opened.model.read('unit_price').minor).toBe(816875);
  });
});
