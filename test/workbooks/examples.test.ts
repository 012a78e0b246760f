/**
 * Every example model in workbooks/ loads and passes its golden test cases, whose expected
 * figures were worked out by hand in docs/examples/.
 */
import { describe, expect, it } from 'vitest';
import { workbookFiles } from '../support/workbooks.js';
import { fileSource } from '../../src/cli/main.js';
import { PriceModel, formatWorkbookError, resolveRelative, runTestCases } from '../../src/domain/workbook/index.js';


const files = workbookFiles('workbooks');

describe('example models', () => {
  for (const file of files) {
    it(`${file} passes its test cases`, async () => {
      const opened = await PriceModel.open(file, fileSource);
      if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
      const { workbook } = opened.model;
      expect(workbook.tests.length).toBeGreaterThanOrEqual(workbook.kind === 'product' ? 8 : 4);
      const report = runTestCases(opened.model);
      expect(report.failures).toEqual([]);
      expect(report.passed).toBe(workbook.tests.length);
      opened.model.dispose();
    });
  }

  it('include the three products of the issue and a module shared by two of them', async () => {
    const products: string[] = [];
    const includes = new Map<string, string[]>();
    for (const file of files) {
      const opened = await PriceModel.open(file, fileSource);
      if (!opened.ok) continue;
      const wb = opened.model.workbook;
      if (wb.kind === 'product') products.push(wb.id);
      for (const m of wb.modules) {
        const target = resolveRelative(file, m.file);
        includes.set(target, [...(includes.get(target) ?? []), wb.id]);
      }
      opened.model.dispose();
    }
    expect(products).toEqual(expect.arrayContaining(['butterfly-valve', 'aluminium-profile', 'sheet-metal-enclosure']));
    expect([...includes.values()].some((users) => new Set(users).size >= 2)).toBe(true);
  });
});
