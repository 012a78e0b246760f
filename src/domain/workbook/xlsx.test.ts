import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { PriceModel } from './PriceModel.js';
import { formatWorkbookError } from './errors.js';
import { parseA1 } from './a1.js';
import { parseWorkbookText } from './parse.js';
import type { CellContent, Workbook } from './schema.js';
import { L, memorySource, workbook as testWorkbook } from './testSupport.js';
import { METADATA_SHEET, exportWorkbookToXlsx, importXlsx } from './xlsx.js';
import type { XlsxProblem } from './xlsx.js';

/** Every non-empty cell of a sheet by A1 address, whether given in `rows` or `cells`. */
function cellsOf(sheet: Workbook['sheets'][number] | undefined): Record<string, CellContent> {
  const out: Record<string, CellContent> = {};
  sheet?.rows?.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== null) out[`${String.fromCharCode(65 + c)}${r + 1}`] = v;
    }),
  );
  for (const [k, v] of Object.entries(sheet?.cells ?? {})) if (v !== null) out[k] = v;
  return out;
}

async function zipEdit(bytes: Uint8Array, edit: (zip: JSZip) => Promise<void>): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  await edit(zip);
  return zip.generateAsync({ type: 'uint8array' });
}

async function textOf(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`${path} missing`);
  return file.async('string');
}

/**
 * A file as another tool might write it. exceljs refuses "/" in sheet names and cannot write
 * local or non-range defined names, so the sheet is renamed and the names are put into
 * workbook.xml afterwards, as raw XML.
 */
async function foreignWorkbook(): Promise<{ bytes: Uint8Array; written: Map<string, string[]> }> {
  const xl = new ExcelJS.Workbook();
  const inputs = xl.addWorksheet('Inputs');
  inputs.getCell('A1').value = 'Quantity';
  inputs.getCell('B1').value = 4;
  inputs.getCell('A2').value = 'Code';
  inputs.getCell('B2').value = '007'; // text in Excel; the engine would read it as 7
  inputs.getCell('A3').value = 'Express';
  inputs.getCell('B3').value = true;
  inputs.getCell('A4').value = 'Quote date';
  inputs.getCell('B4').value = new Date(Date.UTC(2026, 2, 15));
  inputs.getCell('B5').value = new Date(Date.UTC(2026, 2, 15, 12));

  const rates = xl.addWorksheet('Rates');
  rates.getCell('A2').value = 'Rate';
  rates.getCell('B2').value = 12.5;

  const calc = xl.addWorksheet('Calc');
  const f = (formula: string, result?: number | string | boolean): ExcelJS.CellFormulaValue => ({ formula, ...(result !== undefined ? { result } : {}) });
  calc.getCell('A1').value = 'Subtotal';
  calc.getCell('B1').value = f('Rates!B2*Inputs!B1', 50);
  calc.getCell('B2').value = f('WEBSERVICE("http://example.com/rate")', 7);
  calc.getCell('B3').value = f('[1]Prices!A1*2', 84);
  calc.getCell('B4').value = f("Qty*2+'Q1/Q2'!A1", 18);
  calc.getCell('B5').value = f('IF(Inputs!B3,1E+3,FALSE)', 1000);
  calc.getCell('B6').value = f('"TRUE is "&TRUE', 'TRUE is TRUE');
  calc.getCell('B7').value = f('_xlfn.MINIFS(Rates!B2:B3,Rates!B2:B3,">0")', 12.5);
  calc.getCell('B8').value = { error: '#REF!' };
  // A shared formula: Excel stores C2 as "same as C1, one row down".
  const shared: ExcelJS.CellFormulaValue & { shareType: string; ref: string } = { formula: 'B1*2', result: 100, shareType: 'shared', ref: 'C1:C2' };
  calc.getCell('C1').value = shared;
  calc.getCell('C2').value = { sharedFormula: 'C1', result: 14 };
  calc.getCell('D1').value = 'Header';
  calc.mergeCells('D1:E2');

  const quarter = xl.addWorksheet('QX');
  quarter.getCell('A1').value = 10;

  const bytes = await zipEdit(new Uint8Array(await xl.xlsx.writeBuffer()), async (zip) => {
    const book = (await textOf(zip, 'xl/workbook.xml')).replace('name="QX"', 'name="Q1/Q2"');
    const names =
      '<definedNames>' +
      '<definedName name="Qty" comment="order quantity">Inputs!$B$1</definedName>' +
      '<definedName name="Ext">[1]Prices!$A$1</definedName>' +
      '<definedName name="Vat" localSheetId="2">0.13</definedName>' +
      '<definedName name="_xlnm.Print_Area" localSheetId="2">Calc!$A$1:$B$8</definedName>' +
      '</definedNames>';
    zip.file('xl/workbook.xml', book.replace('</sheets>', `</sheets>${names}`));
    zip.file('xl/vbaProject.bin', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]));
  });
  const written = new Map([
    ['Inputs', ['A1', 'B1', 'A2', 'B2', 'A3', 'B3', 'A4', 'B4', 'B5']],
    ['Rates', ['A2', 'B2']],
    ['Calc', ['A1', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'C1', 'C2', 'D1']],
    ['Q1/Q2', ['A1']],
  ]);
  return { bytes, written };
}

describe('importXlsx of a file made elsewhere', () => {
  it('imports values and formulas, and lists exactly what it could not carry over', async () => {
    const { bytes } = await foreignWorkbook();
    const { workbook, problems } = await importXlsx(bytes, 'imports/Price list Q1.xlsx');

    expect(problems).toEqual<XlsxProblem[]>([
      { message: 'the file contains macros (xl/vbaProject.bin); they were not imported: a price model holds formulas only' },
      { sheet: 'Q1/Q2', message: 'sheet name "Q1/Q2" may not contain /; renamed "Q1_Q2" (formulas and names that refer to it were updated)' },
      { sheet: 'Calc', cell: 'D1', message: 'cells D1:E2 were merged; the merge was dropped and the value kept in D1' },
      {
        sheet: 'Calc',
        cell: 'B2',
        message: 'function WEBSERVICE is not supported by the formula engine; the cell was imported as its last computed value 7 (formula: =WEBSERVICE("http://example.com/rate"))',
      },
      {
        sheet: 'Calc',
        cell: 'B3',
        message: 'the formula refers to another workbook (an external link); the cell was imported as its last computed value 84 (formula: =[1]Prices!A1*2)',
      },
      { sheet: 'Calc', cell: 'B8', message: 'the cell holds the error #REF!; imported as the formula =#REF!, so cells using it show the error as in Excel' },
      { message: 'defined name "Ext" ([1]Prices!$A$1): the formula refers to another workbook (an external link); not imported, so formulas using it will report an unknown name' },
      { message: 'defined name "Vat" (0.13): was local to sheet "Calc"; imported as a global name' },
    ]);

    if (!workbook) throw new Error('no workbook');
    expect(workbook).toMatchObject({ id: 'price-list-q1', name: L('Price list Q1'), productLine: 'imported', version: '1.0.0', currency: 'CNY', parameters: [], outputs: [] });
    expect(workbook.sheets.map((s) => s.name)).toEqual(['Inputs', 'Rates', 'Calc', 'Q1_Q2']);
    expect(cellsOf(workbook.sheets[0])).toEqual({
      A1: 'Quantity',
      B1: 4,
      A2: 'Code',
      B2: "'007",
      A3: 'Express',
      B3: true,
      A4: 'Quote date',
      B4: '2026-03-15',
      B5: 46096.5,
    });
    expect(cellsOf(workbook.sheets[2])).toEqual({
      A1: 'Subtotal',
      B1: '=Rates!B2*Inputs!B1',
      B2: 7,
      B3: 84,
      B4: '=Qty*2+Q1_Q2!A1',
      B5: '=IF(Inputs!B3,1e3,FALSE())',
      B6: '="TRUE is "&TRUE()',
      B7: '=MINIFS(Rates!B2:B3,Rates!B2:B3,">0")',
      B8: '=#REF!',
      C1: '=B1*2',
      C2: '=B2*2',
      D1: 'Header',
    });
    expect(workbook.names).toEqual([
      { name: 'Qty', expression: '=Inputs!$B$1', comment: 'order quantity' },
      { name: 'Vat', expression: 0.13 },
    ]);

    // The imported model loads and computes what the spreadsheet showed.
    const opened = await PriceModel.open('m.workbook.json', memorySource({ 'm.workbook.json': workbook }));
    if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
    const hf = opened.model.engine;
    const at = (sheet: string, a1: string) => {
      const pos = parseA1(a1);
      if (!pos) throw new Error(a1);
      return hf.getCellValue({ sheet: hf.getSheetId(sheet) ?? -1, ...pos });
    };
    expect(at('Calc', 'B1')).toBe(50); // 12.5 × 4
    expect(at('Calc', 'B4')).toBe(18); // 4 × 2 + 10
    expect(at('Calc', 'B5')).toBe(1000);
    expect(at('Calc', 'B6')).toBe('TRUE is TRUE');
    expect(at('Calc', 'B7')).toBe(12.5);
    expect(at('Calc', 'C1')).toBe(100); // 50 × 2
    expect(at('Calc', 'C2')).toBe(14); // 7 × 2
    expect(at('Inputs', 'B2')).toBe('007');
    expect(at('Inputs', 'B4')).toBe(46096); // 2026-03-15
    expect(at('Calc', 'B8')).toMatchObject({ type: 'REF', value: '#REF!' });
    opened.model.dispose();
  });

  it('drops nothing silently: every written cell is imported or named in a problem', async () => {
    const { bytes, written } = await foreignWorkbook();
    const { workbook, problems } = await importXlsx(bytes, 'x.xlsx');
    if (!workbook) throw new Error('no workbook');
    const renamed = new Map([['Q1/Q2', 'Q1_Q2']]);
    for (const [sheet, addresses] of written) {
      const imported = cellsOf(workbook.sheets.find((s) => s.name === (renamed.get(sheet) ?? sheet)));
      for (const a of addresses) {
        const kept = imported[a] !== undefined;
        const reported = problems.some((p) => p.sheet === sheet && p.cell === a);
        expect(kept || reported, `${sheet}!${a}`).toBe(true);
      }
    }
    // Defined names: imported, or reported (Excel's own _xlnm. names aside).
    for (const name of ['Qty', 'Ext', 'Vat']) {
      expect(workbook.names.some((n) => n.name === name) || problems.some((p) => p.message.startsWith(`defined name "${name}"`)), name).toBe(true);
    }
  });

  it('reads Excel formula text: quoted paths, bare non-ASCII sheet names, tables, macro functions, TRUE in text', async () => {
    const xl = new ExcelJS.Workbook();
    xl.addWorksheet('价格').getCell('A1').value = 3;
    const ws = xl.addWorksheet('Calc');
    const cells: [string, string, number | string][] = [
      ['A1', "'C:\\prices\\[book.xlsx]Sheet1'!A1+1", 5],
      ['A2', '价格!A1*2', 6],
      ['A3', 'SUM(Sales[Amount])', 9],
      ['A4', '_xludf.MYRATE(1)', 0.5],
      ['A5', '"[1] TRUE"&IsTRUE&TRUE', 'x'],
      ['A6', '1.5E-3+2E+3+CUBEVALUE("c")', 2000.0015],
      ['A7', '#REF!*2', '#REF!'],
      ['A8', '1.5E-3*2E+3', 3],
    ];
    for (const [a, formula, result] of cells) ws.getCell(a).value = { formula, result };
    ws.getCell('B1').value = { formula: 'A7', result: 0 };
    ws.getCell('B2').value = 'yes';
    xl.definedNames.add('Calc!$B$2', 'IsTRUE');
    const { workbook, problems } = await importXlsx(new Uint8Array(await xl.xlsx.writeBuffer()), 'f.xlsx');
    expect(cellsOf(workbook?.sheets[1])).toEqual({ A1: 5, A2: "='价格'!A1*2", A3: 9, A4: 0.5, A5: '="[1] TRUE"&IsTRUE&TRUE()', A6: 2000.0015, A7: '=#REF!*2', A8: '=1.5e-3*2e3', B1: '=A7', B2: 'yes' });
    expect(workbook?.names).toEqual([{ name: 'IsTRUE', expression: '=Calc!$B$2' }]);
    expect(problems).toEqual([
      {
        sheet: 'Calc',
        cell: 'A1',
        message: "the formula refers to another workbook (an external link); the cell was imported as its last computed value 5 (formula: ='C:\\prices\\[book.xlsx]Sheet1'!A1+1)",
      },
      {
        sheet: 'Calc',
        cell: 'A3',
        message: 'the formula uses a table reference (Table[Column]), which the formula engine does not support; the cell was imported as its last computed value 9 (formula: =SUM(Sales[Amount]))',
      },
      { sheet: 'Calc', cell: 'A4', message: 'MYRATE is a macro function; the cell was imported as its last computed value 0.5 (formula: =_xludf.MYRATE(1))' },
      {
        sheet: 'Calc',
        cell: 'A6',
        message: 'function CUBEVALUE is not supported by the formula engine; the cell was imported as its last computed value 2000.0015 (formula: =1.5E-3+2E+3+CUBEVALUE("c"))',
      },
      { sheet: 'Calc', cell: 'A7', message: 'the formula =#REF!*2 refers to deleted cells (#REF!); kept as written, so it shows #REF! as in Excel' },
    ]);
    const opened = await PriceModel.open('f.workbook.json', memorySource({ 'f.workbook.json': workbook }));
    if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
    const calc = opened.model.engine.getSheetId('Calc') ?? -1;
    expect(opened.model.engine.getCellValue({ sheet: calc, row: 1, col: 0 })).toBe(6); // 3 × 2
    expect(opened.model.engine.getCellValue({ sheet: calc, row: 7, col: 0 })).toBe(3); // 0.0015 × 2000
    expect(opened.model.engine.getCellValue({ sheet: calc, row: 4, col: 0 })).toBe('[1] TRUEyesTRUE');
    opened.model.dispose();
  });

  it('reports a file that is not an XLSX instead of throwing', async () => {
    const result = await importXlsx(new TextEncoder().encode('not a zip'), 'broken.xlsx');
    expect(result.workbook).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(/^broken\.xlsx is not a readable XLSX file/);
  });

  it('keeps a one-cell array formula as ARRAYFORMULA and reports one over several cells', async () => {
    const xl = new ExcelJS.Workbook();
    const ws = xl.addWorksheet('S');
    ws.getCell('A1').value = 1;
    ws.getCell('A2').value = 2;
    ws.getCell('B1').value = 3;
    ws.getCell('B2').value = 4;
    const one: ExcelJS.CellFormulaValue & { shareType: string; ref: string } = { formula: 'SUM(A1:A2*B1:B2)', result: 11, shareType: 'array', ref: 'C1' };
    const many: ExcelJS.CellFormulaValue & { shareType: string; ref: string } = { formula: 'A1:A2*10', result: 10, shareType: 'array', ref: 'D1:D2' };
    ws.getCell('C1').value = one;
    ws.getCell('D1').value = many;
    ws.getCell('D2').value = 20;
    const { workbook, problems } = await importXlsx(new Uint8Array(await xl.xlsx.writeBuffer()), 'arrays.xlsx');
    expect(cellsOf(workbook?.sheets[0])).toMatchObject({ C1: '=ARRAYFORMULA(SUM(A1:A2*B1:B2))', D1: 10, D2: 20 });
    expect(problems).toEqual([
      {
        sheet: 'S',
        cell: 'D1',
        message:
          'the array formula fills D1:D2, which a price model cannot express (the other cells of the range keep their last computed values too); the cell was imported as its last computed value 10 (formula: =A1:A2*10)',
      },
    ]);
    const opened = await PriceModel.open('a.workbook.json', memorySource({ 'a.workbook.json': workbook }));
    if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
    expect(opened.model.engine.getCellValue({ sheet: 0, row: 0, col: 2 })).toBe(11); // 1×3 + 2×4
    opened.model.dispose();
  });
});

const miniSheets = [
  { name: 'Inputs', cells: { A1: 'DN', B1: 100, A2: 'Coating', B2: false, A3: 'Since', B3: '2026-03-15', A4: 'Note', B4: "'=not a formula", A5: 'Typed', B5: '12' } },
  { name: 'Calc', cells: { A1: 'Price', B1: '=IF(Inputs!B2,1e17,MINIFS(Tables!B1:B2,Tables!A1:A2,"<>x"))*Qty', B2: '=VLOOKUP(Inputs!B1,Tables!A1:B2,2,FALSE())' } },
  { name: 'Tables', rows: [[100, 800], [200, 1200]] },
];
const dnParameter = { id: 'dn', label: L('DN'), type: 'integer', min: 100, max: 200, step: 100, default: 100, bind: 'Inputs!B1' };
const miniValve = testWorkbook({
  id: 'mini-valve',
  description: L('A valve', '阀门'),
  sheets: miniSheets,
  names: [
    { name: 'Qty', expression: 2, comment: 'pieces & <sets>' },
    { name: 'Prices', expression: '=Tables!$A$1:$B$2' },
  ],
  parameters: [dnParameter],
  outputs: [{ id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B1' }],
  tests: [{ id: 'dn100', given: { dn: 100 }, expect: { price: 1600 } }],
});

function parsed(value: unknown): Workbook {
  const result = parseWorkbookText(JSON.stringify(value), 'mini.workbook.json');
  if (!result.ok) throw new Error(result.errors.map(formatWorkbookError).join('\n'));
  return result.workbook;
}

describe('exportWorkbookToXlsx', () => {
  it('writes values typed, formulas as Excel writes them, names, and the metadata in a hidden sheet', async () => {
    const bytes = await exportWorkbookToXlsx(parsed(miniValve));
    const xl = new ExcelJS.Workbook();
    await xl.xlsx.load(new Uint8Array(bytes).buffer);
    expect(xl.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['Inputs', 'visible'],
      ['Calc', 'visible'],
      ['Tables', 'visible'],
      [METADATA_SHEET, 'hidden'],
    ]);
    const inputs = xl.getWorksheet('Inputs');
    expect(['B1', 'B2', 'B3', 'B4', 'B5'].map((a) => inputs?.getCell(a).value)).toEqual([100, false, '2026-03-15', '=not a formula', 12]);
    const calc = xl.getWorksheet('Calc');
    expect(calc?.getCell('B1').value).toEqual({ formula: 'IF(Inputs!B2,1E+17,_xlfn.MINIFS(Tables!B1:B2,Tables!A1:A2,"<>x"))*Qty' });
    expect(calc?.getCell('B2').value).toEqual({ formula: 'VLOOKUP(Inputs!B1,Tables!A1:B2,2,FALSE)' });
    expect(xl.getWorksheet('Tables')?.getCell('B2').value).toBe(1200);

    const book = await textOf(await JSZip.loadAsync(bytes), 'xl/workbook.xml');
    expect(book).toContain(
      '<definedNames><definedName name="Qty" comment="pieces &amp; &lt;sets&gt;">2</definedName><definedName name="Prices">Tables!$A$1:$B$2</definedName></definedNames>',
    );

    const meta = xl.getWorksheet(METADATA_SHEET);
    const fields = new Map<string, unknown>();
    meta?.eachRow((row, r) => {
      if (r > 1) fields.set(String(row.getCell(1).value), JSON.parse(String(row.getCell(2).value)));
    });
    expect([...fields.keys()]).toEqual(['format', 'id', 'kind', 'name', 'productLine', 'version', 'currency', 'description', 'parameters', 'outputs', 'modules', 'rules', 'tests']);
    expect(fields.get('id')).toBe('mini-valve');
    expect(fields.get('tests')).toEqual([{ id: 'dn100', given: { dn: 100 }, expect: { price: 1600 } }]);
  });

  it('splits metadata longer than an Excel cell across cells, and import joins it', async () => {
    const long = 'x'.repeat(70_000);
    const wb = parsed({ ...miniValve, description: L(long, '长') });
    const bytes = await exportWorkbookToXlsx(wb);
    const xl = new ExcelJS.Workbook();
    await xl.xlsx.load(new Uint8Array(bytes).buffer);
    const row = xl.getWorksheet(METADATA_SHEET)?.getRow(9);
    expect(row?.getCell(1).value).toBe('description');
    expect([2, 3, 4, 5].map((c) => String(row?.getCell(c).value ?? '').length)).toEqual([32_000, 32_000, 6_018, 0]); // {"zh":"长","en":" + 70,000 + "}: 70,018 characters
    const back = await importXlsx(bytes, 'mini.workbook.json');
    expect(back.workbook?.description?.en).toBe(long);
  });

  it('refuses a sheet named History, which Excel reserves', async () => {
    const wb = parsed({ ...miniValve, sheets: [...miniSheets, { name: 'history', cells: {} }] });
    await expect(exportWorkbookToXlsx(wb)).rejects.toThrow('sheet "history": Excel reserves the sheet name History; rename the sheet before exporting');
  });
});

describe('export → import', () => {
  it('gives back the same model, which passes its test case', async () => {
    const original = parsed(miniValve);
    const { workbook, problems } = await importXlsx(await exportWorkbookToXlsx(original), 'mini.workbook.json');
    expect(problems).toEqual([]);
    if (!workbook) throw new Error('no workbook');
    expect({ ...workbook, sheets: [] }).toEqual({ ...original, sheets: [] });
    // Same meaning, not always the same spelling: "12" comes back as the number the engine read.
    expect(workbook.sheets.map((s) => [s.name, cellsOf(s)])).toEqual(
      original.sheets.map((s) => [s.name, { ...cellsOf(s), ...(s.name === 'Inputs' ? { B4: "'=not a formula", B5: 12 } : {}) }]),
    );
  });

  it('reports metadata that does not validate at its cell, in the file: path: message form', async () => {
    const bytes = await exportWorkbookToXlsx(parsed(miniValve));
    const xl = new ExcelJS.Workbook();
    await xl.xlsx.load(new Uint8Array(bytes).buffer);
    const meta = xl.getWorksheet(METADATA_SHEET);
    if (!meta) throw new Error('no metadata sheet');
    // Row 1 is the header, then one row per field in the order above: id in 3, parameters in 10.
    meta.getCell('B10').value = JSON.stringify([dnParameter, { id: 'qty', label: L('Qty'), type: 'integer', default: 1, bind: 'Qty', colour: 'red' }]);
    meta.getCell('B3').value = '"mini-valve';
    const result = await importXlsx(new Uint8Array(await xl.xlsx.writeBuffer()), 'mini.xlsx');
    expect(result.workbook).toBeUndefined();
    expect(result.problems).toEqual([{ sheet: METADATA_SHEET, cell: 'B3', message: 'mini.xlsx: id: not valid JSON at line 1, column 1: unterminated string' }]);

    meta.getCell('B3').value = '"mini-valve"';
    const second = await importXlsx(new Uint8Array(await xl.xlsx.writeBuffer()), 'mini.xlsx');
    expect(second.workbook).toBeUndefined();
    expect(second.problems).toEqual([
      { sheet: METADATA_SHEET, cell: 'B10', message: 'mini.xlsx: parameters[1].colour: unknown field (check the spelling; see docs/workbook-format.md)' },
    ]);
  });
});
