/**
 * The model document and its commands on one replica and between two: expected A1 texts are
 * worked out by hand, as Excel would show them.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook } from '../../domain/workbook/schema.js';
import { L, workbook } from '../../domain/workbook/testSupport.js';
import { addSheet, deleteColumns, deleteRows, insertColumns, insertRows, moveSheet, removeSheet, renameSheet, setCell, setCells } from './modelCommands.js';
import { docToWorkbook, getCell, listSheets, sheetIdByName, workbookToDoc } from './modelDoc.js';


/** Calc!B1:B9 holds 1…9; D1 sums them; Tables is a small lookup. */
function smallWorkbook(): Workbook {
  return Workbook.parse(
    workbook({
      id: 'small',
      name: L('Small'),
      sheets: [
        { name: 'Inputs', cells: { A1: 'Qty', B1: 2 } },
        {
          name: 'Calc',
          cells: {
            ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`B${i + 1}`, i + 1])),
            D1: '=SUM(B2:B9)',
            D2: '=B5*Qty',
            D3: '=VLOOKUP("WCB",Prices,2,FALSE())',
            D4: '=Tables!B2+Inputs!B1',
          },
        },
        { name: 'Tables', rows: [['Material', 'CNY'], ['GG25', 800], ['WCB', 1200]] },
      ],
      names: [
        { name: 'Qty', expression: '=Inputs!$B$1' },
        { name: 'Prices', expression: '=Tables!$A$2:$B$3' },
      ],
      parameters: [{ id: 'qty', label: L('Quantity'), type: 'integer', default: 2, bind: 'Inputs!B1' }],
      outputs: [{ id: 'total', label: L('Total'), role: 'total_price', ref: 'Calc!D2' }],
    }),
  );
}

/** The small workbook in a document, with Calc widened to column F (empty columns are not exported). */
function fresh(): { doc: Y.Doc; id: (name: string) => string } {
  const doc = new Y.Doc();
  workbookToDoc(smallWorkbook(), doc);
  const id = (name: string) => sheetIdByName(doc, name) as string;
  insertColumns(doc, id('Calc'), 4, 2, 'setup');
  return { doc, id };
}

const calcCells = (doc: Y.Doc) => docToWorkbook(doc).sheets.find((s) => s.name === 'Calc')?.cells ?? {};

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** A second replica, synced with `doc`. */
function replicaOf(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

describe('workbookToDoc / docToWorkbook', () => {
  it('comes back unchanged', () => {
    const { doc } = fresh();
    expect(docToWorkbook(doc)).toEqual(smallWorkbook());
  });

  it('stores references as ids, not A1', () => {
    const { doc, id } = fresh();
    const calc = (doc.getMap('model').get('sheets') as Y.Array<Y.Map<unknown>>).toArray().find((s) => s.get('id') === id('Calc'));
    const stored = [...((calc?.get('cells') as Y.Map<unknown>).values())].filter((v) => typeof v === 'string' && v.startsWith('='));
    expect(stored).toHaveLength(4);
    for (const f of stored) expect(f).not.toMatch(/\b[A-Z]+[0-9]+\b/);
    expect(stored).toContain('=VLOOKUP("WCB",Prices,2,FALSE())');
  });

  it('refuses a document that already holds a model', () => {
    const { doc } = fresh();
    expect(() => workbookToDoc(smallWorkbook(), doc)).toThrow(/empty document/);
  });

  it('names the place of a formula holding reserved text, and changes nothing', () => {
    const wb = smallWorkbook();
    (wb.sheets[1]?.cells ?? {}).D5 = '=⟦c:a,r:b⟧';
    const doc = new Y.Doc();
    expect(() => workbookToDoc(wb, doc)).toThrow(/^sheets\[1\]\.cells\.D5: .*reserved/);
    expect(doc.getMap('model').size).toBe(0);
  });
});

describe('commands', () => {
  it('setCell stores a typed A1 formula that follows later inserts', () => {
    const { doc, id } = fresh();
    setCell(doc, id('Calc'), 5, 4, '=SUM($B$2:B4)+Tables!B3', 'me');
    insertRows(doc, id('Calc'), 0, 1, 'me');
    insertRows(doc, id('Tables'), 0, 2, 'me');
    expect(getCell(doc, id('Calc'), 6, 4)).toBe('=SUM($B$3:B5)+Tables!B5');
    expect(calcCells(doc).E7).toBe('=SUM($B$3:B5)+Tables!B5');
  });

  it('the examples of the brief: insert above row 5, delete row 3, delete the cell', () => {
    const { doc, id } = fresh();
    insertRows(doc, id('Calc'), 4, 1, 'me');
    expect(calcCells(doc).D1).toBe('=SUM(B2:B10)');
    deleteRows(doc, id('Calc'), 2, 1, 'me');
    expect(calcCells(doc).D1).toBe('=SUM(B2:B9)');
    // B5 was 5; after the insert above row 5 it is B6, after deleting row 3 it is B5 again.
    expect(calcCells(doc).D2).toBe('=B5*Qty');
    deleteRows(doc, id('Calc'), 4, 1, 'me');
    expect(calcCells(doc).D2).toBe('=#REF!*Qty');
  });

  it('names, bindings and outputs move with their rows and columns', () => {
    const { doc, id } = fresh();
    insertRows(doc, id('Inputs'), 0, 1, 'me');
    insertColumns(doc, id('Inputs'), 0, 2, 'me');
    insertRows(doc, id('Tables'), 1, 1, 'me');
    insertColumns(doc, id('Calc'), 2, 1, 'me');
    const wb = docToWorkbook(doc);
    expect(wb.names).toEqual([
      { name: 'Qty', expression: '=Inputs!$D$2' },
      { name: 'Prices', expression: '=Tables!$A$3:$B$4' },
    ]);
    expect(wb.parameters[0]?.bind).toBe('Inputs!D2');
    expect(wb.outputs[0]?.ref).toBe('Calc!E2');
    expect(wb.sheets[0]?.cells).toEqual({ C2: 'Qty', D2: 2 });
  });

  it('deleting a table’s last row shrinks the name; deleting all its rows gives #REF!', () => {
    const { doc, id } = fresh();
    deleteRows(doc, id('Tables'), 2, 1, 'me');
    expect(docToWorkbook(doc).names[1]?.expression).toBe('=Tables!$A$2:$B$2');
    deleteRows(doc, id('Tables'), 1, 1, 'me');
    expect(docToWorkbook(doc).names[1]?.expression).toBe('=#REF!');
  });

  it('columns: delete inside a range and the referenced column', () => {
    const { doc, id } = fresh();
    setCell(doc, id('Calc'), 0, 5, '=SUM(A1:D1)+C1', 'me');
    deleteColumns(doc, id('Calc'), 2, 1, 'me');
    expect(calcCells(doc).E1).toBe('=SUM(A1:C1)+#REF!');
  });

  it('a formula reaching past the sheet makes the sheet grow', () => {
    const { doc, id } = fresh();
    const before = listSheets(doc).find((s) => s.name === 'Tables');
    expect(before).toMatchObject({ rowCount: 3, colCount: 2 });
    setCell(doc, id('Calc'), 0, 5, '=SUM(Tables!B2:B40)+Tables!F1', 'me');
    expect(listSheets(doc).find((s) => s.name === 'Tables')).toMatchObject({ rowCount: 40, colCount: 6 });
    insertRows(doc, id('Tables'), 3, 1, 'me');
    expect(calcCells(doc).F1).toBe('=SUM(Tables!B2:B41)+Tables!F1');
  });

  it('setCell clears with null and keeps text, numbers and booleans as typed', () => {
    const { doc, id } = fresh();
    setCell(doc, id('Calc'), 0, 3, null, 'me');
    setCell(doc, id('Calc'), 1, 0, "'=not a formula", 'me');
    setCell(doc, id('Calc'), 2, 0, true, 'me');
    setCell(doc, id('Calc'), 3, 0, 'A1', 'me');
    const cells = calcCells(doc);
    expect(cells.D1).toBeUndefined();
    expect([cells.A2, cells.A3, cells.A4]).toEqual(["'=not a formula", true, 'A1']);
  });

  it('sheets: rename keeps references working, remove turns them into #REF!, move reorders', () => {
    const { doc, id } = fresh();
    renameSheet(doc, id('Tables'), 'Price list', 'me');
    expect(calcCells(doc).D4).toBe("='Price list'!B2+Inputs!B1");
    expect(docToWorkbook(doc).names[1]?.expression).toBe("='Price list'!$A$2:$B$3");
    moveSheet(doc, id('Price list'), 0, 'me');
    moveSheet(doc, id('Calc'), 1, 'me');
    expect(listSheets(doc).map((s) => s.name)).toEqual(['Price list', 'Calc', 'Inputs']);
    const extra = addSheet(doc, { name: 'Notes', at: 1 }, 'me');
    expect(listSheets(doc).map((s) => s.name)).toEqual(['Price list', 'Notes', 'Calc', 'Inputs']);
    expect(listSheets(doc)[1]).toEqual({ id: extra, name: 'Notes', rowCount: 100, colCount: 26 });
    removeSheet(doc, id('Price list'), 'me');
    expect(calcCells(doc).D4).toBe('=#REF!+Inputs!B1');
    expect(docToWorkbook(doc).sheets.map((s) => s.name)).toEqual(['Notes', 'Calc', 'Inputs']);
  });

  it('many moves between the same two sheets never run out of room', () => {
    const { doc, id } = fresh();
    for (let i = 0; i < 200; i++) moveSheet(doc, id(i % 2 === 0 ? 'Inputs' : 'Tables'), 1, 'me');
    expect(listSheets(doc).map((s) => s.name)).toEqual(['Calc', 'Tables', 'Inputs']);
  });

  it('validates before changing anything', () => {
    const { doc, id } = fresh();
    const state = Y.encodeStateVector(doc);
    expect(() => setCell(doc, 'nope', 0, 0, 1, 'me')).toThrow('unknown sheet id "nope"');
    expect(() => setCell(doc, id('Inputs'), 1, 0, 1, 'me')).toThrow('row 1 is outside sheet "Inputs", which has 1 rows (valid: 0–0)');
    expect(() => setCell(doc, id('Inputs'), 0, 2, 1, 'me')).toThrow('column 2 is outside sheet "Inputs", which has 2 columns (valid: 0–1)');
    expect(() => setCell(doc, id('Inputs'), 0, 0, Number.NaN, 'me')).toThrow(/finite number/);
    expect(() => setCell(doc, id('Inputs'), 0, 0, '=⟦c:x,r:y⟧', 'me')).toThrow(/reserved/);
    expect(() => setCell(doc, id('Inputs'), 0, 0, '=SUM(A1:A20000)', 'me')).toThrow(/insert rows first/);
    expect(() => insertRows(doc, id('Calc'), 10, 1, 'me')).toThrow('row 10 is outside sheet "Calc", which has 9 rows (valid: 0–9)');
    expect(() => insertRows(doc, id('Calc'), 0, 0, 'me')).toThrow(/from 1 to 10000, got 0/);
    expect(() => deleteRows(doc, id('Calc'), 5, 5, 'me')).toThrow('cannot delete 5 rows from 5: sheet "Calc" has 9 rows');
    expect(() => deleteColumns(doc, id('Calc'), -1, 1, 'me')).toThrow(/column -1 is outside/);
    expect(() => renameSheet(doc, id('Calc'), 'tables', 'me')).toThrow('there is already a sheet named "tables"');
    expect(() => renameSheet(doc, id('Calc'), 'A:B', 'me')).toThrow(/must not contain/);
    expect(() => addSheet(doc, { name: 'x'.repeat(32) }, 'me')).toThrow(/longer than 31/);
    expect(() => moveSheet(doc, id('Calc'), 3, 'me')).toThrow('sheet position 3 is outside 0–2');
    expect(Y.encodeStateVector(doc)).toEqual(state);
  });

  it('refuses to remove the last sheet', () => {
    const { doc, id } = fresh();
    removeSheet(doc, id('Inputs'), 'me');
    removeSheet(doc, id('Tables'), 'me');
    expect(() => removeSheet(doc, id('Calc'), 'me')).toThrow('sheet "Calc" is the only sheet; a model needs at least one');
  });

  it('each command is one undo step, and undo brings deleted rows and their references back', () => {
    const { doc, id } = fresh();
    const undo = new Y.UndoManager(doc.getMap('model'), { trackedOrigins: new Set(['me']), captureTimeout: 0 });
    deleteRows(doc, id('Calc'), 4, 5, 'me');
    expect(calcCells(doc).D1).toBe('=SUM(B2:B4)');
    expect(calcCells(doc).D2).toBe('=#REF!*Qty');
    undo.undo();
    expect(calcCells(doc)).toEqual(smallWorkbook().sheets[1]?.cells);
    // Others' edits are not undone: a remote row insert stays.
    const remote = replicaOf(doc);
    insertRows(remote, id('Calc'), 0, 1, 'them');
    sync(doc, remote);
    setCell(doc, id('Calc'), 0, 0, 'label', 'me');
    undo.undo();
    expect(calcCells(doc).A1).toBeUndefined();
    expect(calcCells(doc).D3).toBe('=B6*Qty');
  });
});

describe('setCells: a pasted or filled block', () => {
  const extent = (doc: Y.Doc, name: string) => {
    const s = listSheets(doc).find((x) => x.name === name);
    return [s?.rowCount, s?.colCount];
  };

  it('writes the block in one undo step, growing the sheet to hold it', () => {
    const { doc, id } = fresh();
    const undo = new Y.UndoManager(doc.getMap('model'), { trackedOrigins: new Set(['me']), captureTimeout: 0 });
    expect(extent(doc, 'Calc')).toEqual([9, 6]);
    setCells(doc, id('Calc'), 9, 0, [['x', 1], [true, '=B1+B2']], 'me');
    expect(extent(doc, 'Calc')).toEqual([11, 6]);
    const cells = calcCells(doc);
    expect([cells.A10, cells.B10, cells.A11, cells.B11]).toEqual(['x', 1, true, '=B1+B2']);
    expect(cells.D1).toBe('=SUM(B2:B9)');
    undo.undo();
    expect(extent(doc, 'Calc')).toEqual([9, 6]);
    expect(calcCells(doc)).toEqual(smallWorkbook().sheets[1]?.cells);
  });

  it('undefined leaves a cell alone, null clears it', () => {
    const { doc, id } = fresh();
    setCells(doc, id('Calc'), 0, 1, [[undefined], [null], [42]], 'me');
    const cells = calcCells(doc);
    expect([cells.B1, cells.B2, cells.B3, cells.B4]).toEqual([1, undefined, 42, 4]);
  });

  it('formulas are stored in id form: they follow later inserts, and sheets they reach past grow', () => {
    const { doc, id } = fresh();
    setCells(doc, id('Calc'), 0, 7, [['=Tables!B5'], ['=B9*2']], 'me');
    expect(extent(doc, 'Calc')).toEqual([9, 8]);
    expect(extent(doc, 'Tables')).toEqual([5, 2]);
    insertRows(doc, id('Calc'), 0, 1, 'me');
    expect(calcCells(doc).H3).toBe('=B10*2');
  });

  it('clearing beyond the sheet changes nothing', () => {
    const { doc, id } = fresh();
    const before = Y.encodeStateVector(doc);
    setCells(doc, id('Calc'), 20, 20, [[null, undefined]], 'me');
    expect(extent(doc, 'Calc')).toEqual([9, 6]);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('checks every cell before changing anything, and names the bad one', () => {
    const { doc, id } = fresh();
    expect(() => setCells(doc, id('Calc'), 0, 0, [['ok', Number.NaN]], 'me')).toThrow('B1 of sheet "Calc": a cell holds a finite number, text, true/false or nothing; got NaN');
    expect(() => setCells(doc, id('Calc'), 1, 2, [[null], ['=A1+⟦c:x,r:y⟧']], 'me')).toThrow(/^C3 of sheet "Calc": .*reserved/);
    expect(() => setCells(doc, id('Calc'), -1, 0, [[1]], 'me')).toThrow('a block of cells starts at a row and column of 0 or more, got row -1, column 0');
    expect(() => setCells(doc, 'nope', 0, 0, [[1]], 'me')).toThrow('unknown sheet id "nope"');
    expect(calcCells(doc)).toEqual(smallWorkbook().sheets[1]?.cells);
  });
});

describe('two replicas editing at once', () => {
  it('a row inserted above a range’s end row while that row is deleted: the end moves to the deleter’s survivor', () => {
    const a = fresh();
    const b = replicaOf(a.doc);
    const calc = a.id('Calc');
    insertRows(b, calc, 8, 1, 'b'); // above row 9, the end of B2:B9: B2:B10 for b
    deleteRows(a.doc, calc, 8, 1, 'a'); // row 9 itself: B2:B8 for a
    sync(a.doc, b);
    // Rows 1–8, b's new row, old row 10…: the end is row 8, the survivor a saw, and the new
    // row 9 is outside, as if b had inserted below the range after a's delete.
    expect(calcCells(a.doc).D1).toBe('=SUM(B2:B8)');
    expect(docToWorkbook(a.doc)).toEqual(docToWorkbook(b));
  });

  it('the end row and the row above it deleted on two replicas: the end falls back past both', () => {
    const a = fresh();
    const b = replicaOf(a.doc);
    const calc = a.id('Calc');
    deleteRows(a.doc, calc, 8, 1, 'a'); // row 9: its survivor above is row 8
    deleteRows(b, calc, 7, 1, 'b'); // row 8: its survivor above is row 7
    sync(a.doc, b);
    expect(calcCells(a.doc).D1).toBe('=SUM(B2:B7)');
    expect(docToWorkbook(a.doc)).toEqual(docToWorkbook(b));
  });

  it('a formula written against a sheet another replica removes reads #REF!', () => {
    const a = fresh();
    const b = replicaOf(a.doc);
    setCell(b, a.id('Calc'), 0, 5, '=SUM(Tables!B2:B3)+1', 'b');
    removeSheet(a.doc, a.id('Tables'), 'a');
    sync(a.doc, b);
    expect(calcCells(b).F1).toBe('=SUM(#REF!)+1');
    expect(docToWorkbook(a.doc)).toEqual(docToWorkbook(b));
  });

  it('a formula written to a row deleted elsewhere, and one referring to it, both settle', () => {
    const a = fresh();
    const b = replicaOf(a.doc);
    const calc = a.id('Calc');
    setCell(b, calc, 4, 2, '=B5+1', 'b'); // C5, in row 5
    setCell(b, calc, 0, 5, '=B5*2', 'b'); // F1 refers to row 5
    deleteRows(a.doc, calc, 4, 1, 'a');
    sync(a.doc, b);
    const cells = calcCells(a.doc);
    expect(cells.C5).toBeUndefined();
    expect(cells.F1).toBe('=#REF!*2');
    expect(docToWorkbook(a.doc)).toEqual(docToWorkbook(b));
  });

  it('concurrent edits of different fields of one parameter both survive', () => {
    const a = fresh();
    const b = replicaOf(a.doc);
    const param = (doc: Y.Doc) => (doc.getMap('model').get('parameters') as Y.Array<Y.Map<unknown>>).get(0);
    param(a.doc).set('default', 3);
    (param(b).get('label') as Y.Map<unknown>).set('zh', '数量');
    param(b).set('unit', 'pcs');
    sync(a.doc, b);
    expect(docToWorkbook(a.doc).parameters[0]).toEqual({
      id: 'qty',
      label: { zh: '数量', en: 'Quantity' },
      type: 'integer',
      unit: 'pcs',
      default: 3,
      bind: 'Inputs!B1',
    });
  });

  it('a sheet moved on one replica keeps the cells written into it on another', () => {
    const a = fresh();
    const b = replicaOf(a.doc);
    moveSheet(a.doc, a.id('Tables'), 0, 'a');
    setCell(b, a.id('Tables'), 0, 0, 'Material code', 'b');
    renameSheet(b, a.id('Calc'), 'Costing', 'b');
    sync(a.doc, b);
    const wb = docToWorkbook(a.doc);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Tables', 'Inputs', 'Costing']);
    expect(wb.sheets[0]?.rows?.[0]).toEqual(['Material code', 'CNY']);
    expect(wb.outputs[0]?.ref).toBe('Costing!D2');
  });
});
