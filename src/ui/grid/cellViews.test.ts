/**
 * What the grid's cells show in each state of the binding, on a small model in a real
 * document; the engine's values are given by hand, as the engine would compute them.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook } from '../../domain/workbook/schema';
import { L, workbook } from '../../domain/workbook/testSupport';
import { insertRows, setCell } from '../../sync/model/modelCommands';
import { sheetIdByName, workbookToDoc } from '../../sync/model/modelDoc';
import { cellViews, parameterCells, rememberValues } from './cellViews';
import { readSheetCells } from './sheetCells';

/** Calc: A1 'Rate', B1 120, B2 = B1*2 (240), B3 = B1/0 (#DIV/0!). */
function small(): { doc: Y.Doc; calc: string; book: Workbook } {
  const book = Workbook.parse(
    workbook({
      sheets: [
        { name: 'Inputs', cells: { A1: 'Qty', B1: 2, B2: 'wafer' } },
        { name: 'Calc', cells: { A1: 'Rate', B1: 120, B2: '=B1*2', B3: '=B1/0' } },
      ],
      names: [{ name: 'Qty', expression: '=Inputs!$B$1' }],
      parameters: [
        { id: 'qty', label: L('Quantity', '数量'), type: 'integer', default: 2, bind: 'Qty' },
        { id: 'conn', label: L('Connection', '连接'), type: 'choice', default: 'wafer', options: [{ value: 'wafer', label: L('Wafer') }], bind: 'Inputs!B2' },
      ],
      outputs: [{ id: 'x', label: L('X'), role: 'other', ref: 'Calc!B2' }],
    }),
  );
  const doc = new Y.Doc();
  workbookToDoc(book, doc);
  return { doc, calc: sheetIdByName(doc, 'Calc') as string, book };
}

const div0 = { value: '#DIV/0!', message: 'Division by zero.' };
const engineValues = [
  ['Rate', 120],
  [null, 240],
  [null, div0],
];
const none = new Map<string, never>();

describe('cellViews', () => {
  it('shows the engine values when the engine matches the document', () => {
    const { doc, calc } = small();
    const sheet = readSheetCells(doc, calc);
    if (!sheet) throw new Error('no sheet');
    const views = cellViews({ sheet, values: engineValues, remembered: undefined, markStale: false, parameters: none, problems: none, language: 'en' });
    expect(views.get('0:1')).toEqual({ text: '120', kind: 'number' });
    expect(views.get('1:1')).toEqual({ text: '240', kind: 'number', formula: true });
    expect(views.get('2:1')).toEqual({ text: '#DIV/0!', kind: 'error', title: '#DIV/0!: Division by zero.\nDivision by zero.', formula: true });
    expect(views.get('1:0')).toBeUndefined();
  });

  it('while the model has errors: typed values as typed, formulas with their last value (stale) or their text', () => {
    const { doc, calc } = small();
    const before = readSheetCells(doc, calc);
    if (!before) throw new Error('no sheet');
    const remembered = rememberValues(before, engineValues);
    // A row inserted above moves everything down a row; B3 (now B4) gets a broken formula.
    insertRows(doc, calc, 0, 1, 'me');
    setCell(doc, calc, 3, 1, '=B2*(', 'me');
    const sheet = readSheetCells(doc, calc);
    if (!sheet) throw new Error('no sheet');
    const problems = new Map([['3:1', 'formula "=B1*(" cannot be read (syntax error)']]);
    const views = cellViews({ sheet, values: undefined, remembered, markStale: true, parameters: none, problems, language: 'en' });
    expect(views.get('1:1')).toEqual({ text: '120', kind: 'number' });
    expect(views.get('2:1')).toMatchObject({ text: '240', kind: 'number', stale: true, formula: true });
    expect(views.get('3:1')).toMatchObject({ text: '#ERROR!', kind: 'error', formula: true });
    expect(views.get('3:1')?.title).toBe('This cell keeps the model from loading: formula "=B1*(" cannot be read (syntax error)\n#ERROR!: The formula cannot be read (syntax error).');
  });

  it('a formula with no remembered value shows its text, not calculated', () => {
    const { doc, calc } = small();
    setCell(doc, calc, 1, 1, '=B1*3', 'me');
    const sheet = readSheetCells(doc, calc);
    if (!sheet) throw new Error('no sheet');
    const remembered = rememberValues(sheet, engineValues);
    setCell(doc, calc, 1, 1, '=B1*4', 'me'); // changed since: its remembered value is not its own
    const now = readSheetCells(doc, calc);
    if (!now) throw new Error('no sheet');
    const views = cellViews({ sheet: now, values: undefined, remembered, markStale: false, parameters: none, problems: none, language: 'zh-CN' });
    expect(views.get('1:1')).toEqual({ text: '=B1*4', kind: 'pending', title: '未计算：模型当前无法加载，请查看模型问题。', formula: true });
    // B3 kept its formula: its remembered error shows, not marked stale while only a rebuild is pending.
    expect(views.get('2:1')).toMatchObject({ text: '#DIV/0!', kind: 'error' });
    expect(views.get('2:1')?.stale).toBeUndefined();
  });

  it('marks the cells parameters are bound to, directly or through a name', () => {
    const { doc, book } = small();
    const cells = parameterCells(book, 'inputs', 'en');
    expect([...cells.keys()].sort()).toEqual(['0:1', '1:1']);
    expect(cells.get('0:1')).toEqual({ id: 'qty', label: 'Quantity', defaultValue: '2' });
    expect(parameterCells(book, 'Calc', 'en').size).toBe(0);
    const inputs = readSheetCells(doc, sheetIdByName(doc, 'Inputs') as string);
    if (!inputs) throw new Error('no sheet');
    const views = cellViews({ sheet: inputs, values: [['Qty', 2], [null, 'wafer']], remembered: undefined, markStale: false, parameters: cells, problems: none, language: 'en' });
    expect(views.get('1:1')).toMatchObject({ text: 'wafer', kind: 'text', parameter: true });
    expect(views.get('1:1')?.title).toContain('Parameter “Connection” (conn)');
  });
});
