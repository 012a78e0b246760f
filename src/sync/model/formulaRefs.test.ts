/**
 * The reference lexer and the A1 ↔ id translation, against a small in-memory stand-in for the
 * document (live ids per axis, and each deleted id's surviving neighbours). Expected A1 texts
 * after inserts and deletes were worked out by hand, Excel's way; they agree with what
 * HyperFormula itself does to the same formulas (the differential run in
 * test/fuzz/modelDoc.fuzz.test.ts checks that at random).
 */
import { describe, expect, it } from 'vitest';
import { a1References, formatA1Reference, lexFormula, parseBareReference, parseIdReference, shiftFormula, toA1Form, toIdForm } from './formulaRefs.js';
import type { A1Source, Axis, IdTarget } from './formulaRefs.js';

class AxisIds {
  private live: string[];
  private readonly deleted = new Map<string, { before?: string; after?: string }>();
  private next: number;

  constructor(
    private readonly prefix: string,
    size: number,
  ) {
    this.live = Array.from({ length: size }, (_, i) => `${prefix}${i + 1}`);
    this.next = size + 1;
  }

  id(index: number): string | undefined {
    return this.live[index];
  }

  /** Insert before index `at`. */
  insert(at: number, count = 1): void {
    this.live.splice(at, 0, ...Array.from({ length: count }, () => `${this.prefix}n${this.next++}`));
  }

  delete(at: number, count = 1): void {
    const neighbours = { before: this.live[at - 1], after: this.live[at + count] };
    for (const id of this.live.splice(at, count)) this.deleted.set(id, neighbours);
  }

  indexOf(id: string): number | undefined {
    const i = this.live.indexOf(id);
    return i < 0 ? undefined : i;
  }

  survivorOf(id: string, side: 'before' | 'after'): number | undefined {
    let current: string | undefined = id;
    while (current !== undefined) {
      const i = this.indexOf(current);
      if (i !== undefined) return i;
      current = this.deleted.get(current)?.[side];
    }
    return undefined;
  }
}

class Book implements IdTarget, A1Source {
  readonly sheets = new Map<string, { name: string; rows: AxisIds; cols: AxisIds }>();

  constructor(names: Record<string, string>) {
    for (const [id, name] of Object.entries(names)) this.sheets.set(id, { name, rows: new AxisIds(`${id}r`, 30), cols: new AxisIds(`${id}c`, 12) });
  }

  sheet(id: string) {
    const s = this.sheets.get(id);
    if (!s) throw new Error(`no sheet ${id}`);
    return s;
  }

  sheetId(name: string) {
    return [...this.sheets].find(([, s]) => s.name.toLowerCase() === name.toLowerCase())?.[0];
  }
  rowId(sheetId: string, index: number) {
    return this.sheets.get(sheetId)?.rows.id(index);
  }
  colId(sheetId: string, index: number) {
    return this.sheets.get(sheetId)?.cols.id(index);
  }
  sheetName(sheetId: string) {
    return this.sheets.get(sheetId)?.name;
  }
  indexOf(sheetId: string, axis: Axis, id: string) {
    return this.sheets.get(sheetId)?.[axis].indexOf(id);
  }
  survivorOf(sheetId: string, axis: Axis, id: string, side: 'before' | 'after') {
    return this.sheets.get(sheetId)?.[axis].survivorOf(id, side);
  }
}

const book = () => new Book({ calc: 'Calc', tables: 'Tables', mine: 'My sheet', cn: '报价' });

describe('lexFormula finds references where HyperFormula does', () => {
  const cases: [string, string[]][] = [
    ['=A1', ['A1']],
    ['=$A$1+A$1+$A1', ['$A$1', 'A$1', '$A1']],
    ['=SUM(A1:B2)', ['A1:B2']],
    // HyperFormula allows spaces around a range's colon; the range is written back without them.
    ['=SUM(A1 : B2)', ['A1:B2']],
    ['=SUM(A:A)+SUM($B:C)', ['A:A', '$B:C']],
    ['=SUM(1:1)+SUM($2:4)', ['1:1', '$2:4']],
    ['=Tables!A1', ['Tables!A1']],
    ["='My sheet'!A1:B3", ["'My sheet'!A1:B3"]],
    ["=SUM('报价'!C:C)", ["'报价'!C:C"]],
    ['=Tables!$A$9:Tables!$J$22', ['Tables!$A$9:Tables!$J$22']],
    ['="A1"&B1', ['B1']],
    ['="say ""A1"""&C3', ['C3']],
    ['="a\\"B2"&C3', ['C3']],
    ['=LOG10(A1)+ATAN2(B1,C1)', ['A1', 'B1', 'C1']],
    ['=Qty*PN_16+actuator.unit_cost+actuator.weight', []],
    ['=1e17+2.5e-3+.5', []],
    ['=IF(TRUE(),FALSE(),A1)', ['A1']],
    ['=OFFSET(A1,1,1)', ['A1']],
    ['=#REF!+#N/A', []],
    ['=ZZZZ1+A0', []],
    ['=VLOOKUP(Inputs!B4,Bodies,2,FALSE())*Inputs!B1/100', ['Inputs!B4', 'Inputs!B1']],
    ['="unterminated A1', []],
  ];
  for (const [formula, refs] of cases) {
    it(formula, () => {
      expect(a1References(formula).map(formatA1Reference)).toEqual(refs);
    });
  }

  it('keeps every character: tokens join back to the formula', () => {
    for (const [formula] of cases) expect(lexFormula(formula).map((t) => t.text).join('')).toBe(formula);
  });
});

describe('A1 → id form → A1', () => {
  const table: [string, string][] = [
    ['=SUM(B2:B9)', '=SUM(⟦c:calcc2,r:calcr2~c:calcc2,r:calcr9⟧)'],
    ['=$A$1*A$1+$A1', '=⟦$c:calcc1,$r:calcr1⟧*⟦c:calcc1,$r:calcr1⟧+⟦$c:calcc1,r:calcr1⟧'],
    ['=Tables!$A$9:$J$22', '=⟦s:tables,$c:tablesc1,$r:tablesr9~$c:tablesc10,$r:tablesr22⟧'],
    ["='My sheet'!A:B+SUM(calc!2:3)", '=⟦s:mine,c:minec1~c:minec2⟧+SUM(⟦s:calc,r:calcr2~r:calcr3⟧)'],
    ['=IF(A1>0,"A1",LOG10(B1))', '=IF(⟦c:calcc1,r:calcr1⟧>0,"A1",LOG10(⟦c:calcc2,r:calcr1⟧))'],
    ['=Qty*actuator.unit_cost+1e17', '=Qty*actuator.unit_cost+1e17'],
    ['=Nowhere!A1+B1', '=Nowhere!A1+⟦c:calcc2,r:calcr1⟧'],
  ];
  for (const [a1, ids] of table) {
    it(a1, () => {
      const b = book();
      expect(toIdForm(a1, b, 'calc')).toBe(ids);
      // A sheet named in a formula comes back with its own spelling of the name.
      expect(toA1Form(ids, b, 'calc')).toBe(a1.replace('calc!', 'Calc!'));
    });
  }

  it('leaves references without a sheet alone where there is no current sheet (names)', () => {
    expect(toIdForm('=A1+Tables!B2', book(), undefined)).toBe('=A1+⟦s:tables,c:tablesc2,r:tablesr2⟧');
  });

  it('refuses typed text that already holds an id-form reference', () => {
    expect(() => toIdForm('=⟦c:x,r:y⟧+1', book(), 'calc')).toThrow(/reserved/);
    // …but not inside a string, nor a stray bracket.
    expect(toIdForm('="⟦c:x,r:y⟧"&"⟦"', book(), 'calc')).toBe('="⟦c:x,r:y⟧"&"⟦"');
  });

  it('parses only well-formed id references', () => {
    expect(parseIdReference('⟦c:a,r:b⟧')).toEqual({ start: { col: { at: 'a', absolute: false }, row: { at: 'b', absolute: false } } });
    for (const bad of ['⟦⟧', '⟦r:b,c:a⟧', '⟦s:x⟧', '⟦c:a,r:b~c:d⟧', '⟦c:a~c:b~c:c⟧', '⟦c:a,c:b⟧', '⟦x:a⟧']) expect(parseIdReference(bad)).toBeUndefined();
  });

  it('reads bare references of bindings and outputs, including sheet names that need quotes', () => {
    expect(parseBareReference('Inputs!B2')).toEqual({ start: { sheet: 'Inputs', col: { at: 1, absolute: false }, row: { at: 1, absolute: false } } });
    expect(parseBareReference('报价!C3')).toEqual({ start: { sheet: '报价', col: { at: 2, absolute: false }, row: { at: 2, absolute: false } } });
    expect(parseBareReference('Qty')).toBeUndefined();
    expect(parseBareReference('B2')).toBeUndefined();
  });
});

describe('after inserts and deletes (expected A1 by hand)', () => {
  /** Store `formula` on Calc, change the book, read it back. */
  function after(formula: string, change: (b: Book) => void, context = 'calc'): string {
    const b = book();
    const stored = toIdForm(formula, b, context);
    change(b);
    return toA1Form(stored, b, context);
  }
  const rows = (b: Book, id = 'calc') => b.sheet(id).rows;
  const cols = (b: Book, id = 'calc') => b.sheet(id).cols;

  it('a row inserted above row 5 of B2:B9 extends it to B10', () => {
    expect(after('=SUM(B2:B9)', (b) => rows(b).insert(4))).toBe('=SUM(B2:B10)');
  });
  it('deleting row 3 inside B2:B9 shrinks it to B8', () => {
    expect(after('=SUM(B2:B9)', (b) => rows(b).delete(2))).toBe('=SUM(B2:B8)');
  });
  it('deleting the referenced cell gives #REF!', () => {
    expect(after('=B5+1', (b) => rows(b).delete(4))).toBe('=#REF!+1');
    expect(after('=B5+1', (b) => cols(b).delete(1))).toBe('=#REF!+1');
  });
  it('deleting the end row moves the end up, the start row moves the start down', () => {
    expect(after('=SUM(B2:B9)', (b) => rows(b).delete(8))).toBe('=SUM(B2:B8)');
    expect(after('=SUM(B2:B9)', (b) => rows(b).delete(1))).toBe('=SUM(B2:B8)');
    expect(after('=SUM(B2:B9)', (b) => rows(b).delete(5, 10))).toBe('=SUM(B2:B5)');
  });
  it('deleting every row of a range gives #REF!', () => {
    expect(after('=SUM(B2:B9)', (b) => rows(b).delete(1, 8))).toBe('=SUM(#REF!)');
    expect(after('=SUM(2:4)', (b) => rows(b).delete(1, 3))).toBe('=SUM(#REF!)');
  });
  it('rows inserted at a range’s edges: above the end extends it, below it and above the start do not', () => {
    expect(after('=SUM(B2:B9)', (b) => rows(b).insert(8))).toBe('=SUM(B2:B10)');
    expect(after('=SUM(B2:B9)', (b) => rows(b).insert(9))).toBe('=SUM(B2:B9)');
    expect(after('=SUM(B2:B9)', (b) => rows(b).insert(1))).toBe('=SUM(B3:B10)');
  });
  it('keeps $ markers', () => {
    expect(after('=SUM($B$2:B$9)+$C3', (b) => rows(b).insert(0))).toBe('=SUM($B$3:B$10)+$C4');
  });
  it('shrinks whole columns and rows', () => {
    expect(after('=SUM(A:C)', (b) => cols(b).delete(0))).toBe('=SUM(A:B)');
    expect(after('=SUM(A:C)', (b) => cols(b).delete(0, 3))).toBe('=SUM(#REF!)');
    expect(after('=SUM(2:4)', (b) => rows(b).delete(3))).toBe('=SUM(2:3)');
    expect(after('=SUM(B2:D9)', (b) => cols(b).delete(3, 5))).toBe('=SUM(B2:C9)');
  });
  it('stores ranges corner-ordered, as HyperFormula does', () => {
    expect(after('=SUM(B9:B2)', () => undefined)).toBe('=SUM(B2:B9)');
    expect(after('=SUM($B9:B$2)+SUM($C2:B9)+SUM(C:A)', () => undefined)).toBe('=SUM($B$2:B9)+SUM(B2:$C9)+SUM(A:C)');
    expect(after('=SUM(B9:B2)', (b) => rows(b).delete(8))).toBe('=SUM(B2:B8)');
  });
  it('a deleted end stays where it moved when a row is inserted below it later, as in Excel', () => {
    expect(after('=SUM(B2:B9)', (b) => (rows(b).delete(8), rows(b).insert(8)))).toBe('=SUM(B2:B8)');
    expect(after('=SUM(B2:B9)', (b) => (rows(b).delete(1), rows(b).insert(1)))).toBe('=SUM(B3:B9)');
    // …and keeps moving when its survivor goes too.
    expect(after('=SUM(B2:B9)', (b) => (rows(b).delete(8), rows(b).delete(7), rows(b).insert(7)))).toBe('=SUM(B2:B7)');
  });
  it('follows rows of another sheet, and only that sheet', () => {
    expect(after('=Tables!B5+B5', (b) => rows(b, 'tables').insert(0, 2))).toBe('=Tables!B7+B5');
    expect(after('=Tables!B5+B5', (b) => rows(b).delete(0))).toBe('=Tables!B5+B4');
  });
  it('follows a renamed sheet and gives #REF! for a removed one', () => {
    expect(after("=Tables!A1+'My sheet'!B2", (b) => (b.sheet('tables').name = 'Price list'))).toBe("='Price list'!A1+'My sheet'!B2");
    expect(after('=SUM(Tables!A1:A3)*2', (b) => b.sheets.delete('tables'))).toBe('=SUM(#REF!)*2');
  });
  it('unknown ids read #REF!', () => {
    expect(toA1Form('=⟦c:nope,r:calcr1⟧+SUM(⟦c:calcc1,r:calcr1~c:calcc1,r:nope⟧)', book(), 'calc')).toBe('=#REF!+SUM(#REF!)');
  });
});

describe('shiftFormula (fill and paste, Excel\'s way)', () => {
  it('moves relative rows and columns and keeps $-absolute ones', () => {
    expect(shiftFormula('=B2*$C$1+Tables!A$3', 2, 1)).toBe('=C4*$C$1+Tables!B$3');
    expect(shiftFormula('=$A1+A$1', 3, 2)).toBe('=$A4+C$1');
    expect(shiftFormula('=b2', 1, 0)).toBe('=B3');
  });

  it('moves both corners of a range, each by its own $', () => {
    expect(shiftFormula('=SUM(B2:B9)', 1, 0)).toBe('=SUM(B3:B10)');
    expect(shiftFormula('=SUM($B$2:B9)', 5, 0)).toBe('=SUM($B$2:B14)');
    expect(shiftFormula('=SUM(A:B)', 4, 1)).toBe('=SUM(B:C)');
    expect(shiftFormula('=SUM(2:3)', 1, 5)).toBe('=SUM(3:4)');
  });

  it('keeps sheet names, quoted or not, and moves references on other sheets too', () => {
    expect(shiftFormula("='My sheet'!C3*2", 1, 1)).toBe("='My sheet'!D4*2");
    expect(shiftFormula('=VLOOKUP(A2, Tables!$A$1:$C$9, 2, FALSE())', 3, 0)).toBe('=VLOOKUP(A5, Tables!$A$1:$C$9, 2, FALSE())');
  });

  it('leaves strings, names, functions and absolute references exactly as written', () => {
    expect(shiftFormula('=IF(A1="B2", Rate, LOG10(A2))', 1, 0)).toBe('=IF(A2="B2", Rate, LOG10(A3))');
    expect(shiftFormula('=actuator.unit_cost+PN_16', 2, 2)).toBe('=actuator.unit_cost+PN_16');
    expect(shiftFormula("='Tables'!$A$1", 3, 3)).toBe("='Tables'!$A$1");
    expect(shiftFormula('=A1 : B2', 0, 0)).toBe('=A1 : B2');
  });

  it('turns references shifted off the sheet into #REF!', () => {
    expect(shiftFormula('=A1', -1, 0)).toBe('=#REF!');
    expect(shiftFormula('=A1*2', 0, -1)).toBe('=#REF!*2');
    expect(shiftFormula('=SUM(A1:A5)+B2', -1, 0)).toBe('=SUM(#REF!)+B1');
    expect(shiftFormula('=A$1+A1048576', 1, 0)).toBe('=A$1+#REF!');
    expect(shiftFormula('=XFD1', 0, 1)).toBe('=#REF!');
  });
});
