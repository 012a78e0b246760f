/**
 * Every example model survives export to XLSX and import back: the same metadata, the same
 * cells, and the imported tree (products with their modules, under the same file names) passes
 * every golden test case, whose figures were worked out by hand in docs/examples/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbook, workbookFiles } from '../support/workbooks.js';
import { PriceModel, formatWorkbookError, runTestCases } from '../../src/domain/workbook/index.js';
import type { CellContent, Workbook } from '../../src/domain/workbook/schema.js';
import { exportWorkbookToXlsx, importXlsx } from '../../src/domain/workbook/xlsx.js';
import type { WorkbookSource } from '../../src/domain/workbook/index.js';



/** Cells by A1 address, whether a sheet gives them in `rows` or `cells`. */
function cellMap(sheet: Workbook['sheets'][number]): Map<string, CellContent> {
  const out = new Map<string, CellContent>();
  const letters = (c: number): string => (c >= 26 ? letters(Math.floor(c / 26) - 1) : '') + String.fromCharCode(65 + (c % 26));
  sheet.rows?.forEach((row, r) => row.forEach((v, c) => v !== null && out.set(`${letters(c)}${r + 1}`, v)));
  for (const [k, v] of Object.entries(sheet.cells ?? {})) if (v !== null) out.set(k, v);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

const files = workbookFiles('workbooks');

describe('XLSX round trip of the example models', () => {
  it('covers the three products and the shared modules', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        join('workbooks', 'butterfly-valve.workbook.json'),
        join('workbooks', 'aluminium-profile.workbook.json'),
        join('workbooks', 'sheet-metal-enclosure.workbook.json'),
        join('workbooks', 'modules', 'actuator.workbook.json'),
        join('workbooks', 'modules', 'surface-treatment.workbook.json'),
      ]),
    );
  });

  it('export → import gives back every model, and every test case still passes', async () => {
    const imported = new Map<string, string>();
    for (const file of files) {
      const before = readWorkbook(file);
      const { workbook, problems } = await importXlsx(await exportWorkbookToXlsx(before), file);
      expect(problems, file).toEqual([]);
      if (!workbook) throw new Error(`${file}: not imported`);
      expect({ ...workbook, sheets: [] }, file).toEqual({ ...before, sheets: [] });
      expect(workbook.sheets.map((s) => [s.name, cellMap(s)]), file).toEqual(before.sheets.map((s) => [s.name, cellMap(s)]));
      imported.set(file, JSON.stringify(workbook));
    }

    // Modules resolve relative to the including file, so each import sits at its original path.
    const source: WorkbookSource = { read: async (file) => imported.get(file) };
    for (const file of files) {
      const opened = await PriceModel.open(file, source);
      if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
      const report = runTestCases(opened.model);
      expect(report.failures, file).toEqual([]);
      expect(report.passed, file).toBe(opened.model.workbook.tests.length);
      expect(report.passed, file).toBeGreaterThan(0);
      opened.model.dispose();
    }
  });
});
