/**
 * The example models through the model document: every file in workbooks/ survives
 * workbook → Y.Doc → workbook unchanged and still passes its golden test cases; and on the
 * butterfly valve, rows inserted and deleted around the data move every reference (names,
 * bindings, outputs, module inputs, formulas) so that no output changes.
 */
import { describe, expect, it } from 'vitest';
import { readWorkbook, workbookFiles } from '../support/workbooks.js';
import * as Y from 'yjs';
import { fileSource } from '../../src/cli/main.js';
import { PriceModel, formatWorkbookError, runTestCases } from '../../src/domain/workbook/index.js';
import type { Evaluation, Workbook, WorkbookSource } from '../../src/domain/workbook/index.js';
import { deleteRows, insertRows } from '../../src/sync/model/modelCommands.js';
import { docToWorkbook, sheetIdByName, workbookToDoc } from '../../src/sync/model/modelDoc.js';



function throughDoc(workbook: Workbook): { doc: Y.Doc; back: Workbook } {
  const doc = new Y.Doc();
  workbookToDoc(workbook, doc);
  return { doc, back: docToWorkbook(doc) };
}

/** Files as on disk, except those given, which are served as the JSON of the workbook given. */
function sourceWith(replaced: Readonly<Record<string, Workbook>>): WorkbookSource {
  return {
    async read(file) {
      const wb = replaced[file];
      return wb === undefined ? fileSource.read(file) : JSON.stringify(wb);
    },
  };
}

async function open(file: string, source: WorkbookSource): Promise<PriceModel> {
  const opened = await PriceModel.open(file, source);
  if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
  return opened.model;
}

const files = workbookFiles('workbooks');

describe('example models through the model document', () => {
  it('finds the example models', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    it(`${file} comes back unchanged and passes its test cases`, async () => {
      const original = readWorkbook(file);
      const { back } = throughDoc(original);
      expect(back).toEqual(original);
      // JSON text too: no stray undefined fields, and a second trip is stable.
      expect(JSON.parse(JSON.stringify(back))).toEqual(original);
      expect(throughDoc(back).back).toEqual(original);

      // Every workbook of the include tree goes through its own document.
      const replaced = Object.fromEntries(files.map((f) => [f, throughDoc(readWorkbook(f)).back]));
      const model = await open(file, sourceWith(replaced));
      const report = runTestCases(model);
      expect(report.failures).toEqual([]);
      expect(report.passed).toBe(original.tests.length);
      model.dispose();
    });
  }
});

describe('butterfly valve: rows inserted and deleted away from the data', () => {
  const file = 'workbooks/butterfly-valve.workbook.json';

  it('moves every reference and leaves every output unchanged', async () => {
    const original = readWorkbook(file);
    const doc = new Y.Doc();
    workbookToDoc(original, doc);
    const sheet = (name: string) => sheetIdByName(doc, name) as string;

    // Tables: a row above row 8 (the PN header of the DN table), then the blank row that
    // separated the DN table from the seat table (row 23, now row 24) is deleted.
    insertRows(doc, sheet('Tables'), 7, 1, 'test');
    deleteRows(doc, sheet('Tables'), 23, 1, 'test');
    // Calc: a row above row 10; Inputs: two rows above row 1.
    insertRows(doc, sheet('Calc'), 9, 1, 'test');
    insertRows(doc, sheet('Inputs'), 0, 2, 'test');
    const changed = docToWorkbook(doc);

    // By hand: Tables rows 8–23 moved down one, rows from 24 on are back where they were.
    const names = Object.fromEntries(changed.names.map((n) => [n.name, n.expression]));
    expect(names.Rate).toBe('=Tables!$B$2');
    expect(names.PNHeader).toBe('=Tables!$B$9:$D$9');
    expect(names.DNTable).toBe('=Tables!$A$10:$J$23');
    expect(names.SeatPrices).toBe('=Tables!$B$26:$E$39');
    expect(names.NominalDN).toBe('=Inputs!$B$3');
    expect(changed.parameters.find((p) => p.id === 'dn')?.bind).toBe('Inputs!B3');
    expect(changed.parameters.find((p) => p.id === 'qty')?.bind).toBe('Qty');
    expect(changed.outputs.find((o) => o.id === 'unit_price')?.ref).toBe('Calc!B36');
    expect(changed.outputs.find((o) => o.id === 'actuator_size')?.ref).toBe('actuator.size');
    expect(changed.modules[0]?.inputs?.torque_nm).toBe('=Calc!B26');
    expect(changed.modules[0]?.inputs?.type).toBe('=Inputs!B11');
    const calc = changed.sheets.find((s) => s.name === 'Calc');
    expect(calc?.cells?.B4).toBe('=ROUND(B1*B2*B3, 2)');
    expect(calc?.cells?.B21).toBe('=ROUND(B20*Rate, 2)');
    expect(calc?.cells?.B22).toBe('=B7+B15+B21'); // was =B7+B14+B20: B14 and B20 are below the new row 10
    expect(calc?.cells?.B10).toBeUndefined();

    const before = await open(file, fileSource);
    const after = await open(file, sourceWith({ [file]: changed }));
    const configurations = [{}, ...original.tests.map((t) => t.given)];
    const outputsOf = (results: Evaluation[]) => results.map((r) => (r.ok ? r.outputs : r.problems));
    expect(outputsOf(after.evaluate(configurations))).toEqual(outputsOf(before.evaluate(configurations)));
    expect(runTestCases(after).failures).toEqual([]);
    before.dispose();
    after.dispose();
  });
});
