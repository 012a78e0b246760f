/**
 * The engine binding on one replica and across two: expected prices are worked out by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatWorkbookError } from '../../domain/workbook/errors.js';
import type { WorkbookSource } from '../../domain/workbook/load.js';
import { PriceModel } from '../../domain/workbook/PriceModel.js';
import type { Outputs } from '../../domain/workbook/PriceModel.js';
import { Workbook } from '../../domain/workbook/schema.js';
import { L, workbook } from '../../domain/workbook/testSupport.js';
import { bindModel, ModelLoadError, openBinding } from './engineBinding.js';
import type { ModelBinding } from './engineBinding.js';
import { deleteRows, insertRows, setCell } from './modelCommands.js';
import { docToWorkbook, listSheets, sheetIdByName, workbookToDoc } from './modelDoc.js';

const FILE = 'p.workbook.json';
const noModules: WorkbookSource = { read: () => Promise.resolve(undefined) };

/** Calc!B1 a rate (120), B2 a surcharge (0.5); unit = B1*(1+B2) = 180; total = unit × qty (2) = 360. */
function smallWorkbook(): Workbook {
  return Workbook.parse(
    workbook({
      id: 'small',
      name: L('Small'),
      sheets: [
        { name: 'Inputs', cells: { A1: 'Qty', B1: 2 } },
        { name: 'Calc', cells: { A1: 'Rate', B1: 120, A2: 'Surcharge', B2: 0.5, A3: 'Unit', B3: '=B1*(1+B2)', A4: 'Total', B4: '=B3*Qty' } },
      ],
      names: [{ name: 'Qty', expression: '=Inputs!$B$1' }],
      parameters: [{ id: 'qty', label: L('Quantity'), type: 'integer', min: 1, default: 2, bind: 'Inputs!B1' }],
      outputs: [
        { id: 'unit_price', label: L('Unit'), role: 'unit_price', ref: 'Calc!B3' },
        { id: 'total_price', label: L('Total'), role: 'total_price', ref: 'Calc!B4' },
      ],
    }),
  );
}

function fresh(): { doc: Y.Doc; calc: string } {
  const doc = new Y.Doc();
  workbookToDoc(smallWorkbook(), doc);
  return { doc, calc: sheetIdByName(doc, 'Calc') as string };
}

const prices = (b: ModelBinding) => [b.model.read('unit_price').value, b.model.read('total_price').value];

async function independent(doc: Y.Doc): Promise<{ ok: true; outputs: Outputs } | { ok: false }> {
  const text = JSON.stringify(docToWorkbook(doc));
  const r = await PriceModel.open(FILE, { read: (f) => Promise.resolve(f === FILE ? text : undefined) });
  if (!r.ok) return { ok: false };
  try {
    return { ok: true, outputs: r.model.readAll() };
  } finally {
    r.model.dispose();
  }
}

describe('engine binding', () => {
  it('prices the document and follows a value edit in one batch', async () => {
    const { doc, calc } = fresh();
    const b = await bindModel(doc, FILE, noModules);
    expect(prices(b)).toEqual([180, 360]);
    let changes = 0;
    const off = b.onChange(() => changes++);
    const model = b.model;
    setCell(doc, calc, 0, 1, 200, 'local'); // rate 200: 200 × 1.5 = 300, × 2 = 600
    expect(b.model).toBe(model); // a value edit is written, not rebuilt
    expect(prices(b)).toEqual([300, 600]);
    expect(changes).toBe(1);
    off();
    setCell(doc, calc, 1, 1, null, 'local'); // surcharge cleared: 200 × 1 = 200, × 2 = 400
    expect(prices(b)).toEqual([200, 400]);
    expect(changes).toBe(1);
    b.dispose();
  });

  it('applies an edit arriving as a remote update', async () => {
    const { doc, calc } = fresh();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const b = await bindModel(doc, FILE, noModules);
    setCell(other, calc, 1, 1, 0.25, 'remote-user'); // 120 × 1.25 = 150, × 2 = 300
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    expect(prices(b)).toEqual([150, 300]);
    // A remote formula edit goes through a rebuild: 120 × 1.25 + 10 = 160, × 2 = 320.
    setCell(other, calc, 2, 1, '=B1*(1+B2)+10', 'remote-user');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    await b.settled();
    expect(prices(b)).toEqual([160, 320]);
    b.dispose();
  });

  it('rebuilds on inserted rows, keeping outputs and parameter values', async () => {
    const { doc, calc } = fresh();
    const b = await bindModel(doc, FILE, noModules);
    expect(b.model.set({ qty: 3 })).toEqual({ ok: true });
    expect(prices(b)).toEqual([180, 540]);
    const before = b.model;
    insertRows(doc, calc, 0, 2, 'local');
    await b.settled();
    expect(b.model).not.toBe(before);
    expect(b.errors).toEqual([]);
    expect(b.model.values()).toEqual({ qty: 3 });
    expect(prices(b)).toEqual([180, 540]);
    setCell(doc, calc, 2, 1, 100, 'local'); // the rate now sits in row 3: 100 × 1.5 = 150, × 3 = 450
    expect(prices(b)).toEqual([150, 450]);
    b.dispose();
  });

  it('keeps the last price while a formula is broken, and recovers when it is fixed', async () => {
    const { doc, calc } = fresh();
    const b = await bindModel(doc, FILE, noModules);
    setCell(doc, calc, 2, 1, '=B1*(1+', 'local');
    await b.settled();
    expect(b.errors.length).toBeGreaterThan(0);
    expect(b.errors.map(formatWorkbookError).join('\n')).toContain(FILE);
    expect(prices(b)).toEqual([180, 360]);
    // While broken, value edits still reach the document, and the fix sees them.
    setCell(doc, calc, 0, 1, 100, 'local');
    await b.settled();
    expect(b.errors.length).toBeGreaterThan(0);
    expect(prices(b)).toEqual([180, 360]);
    setCell(doc, calc, 2, 1, '=NOSUCHFUNCTION(B1)', 'local');
    await b.settled();
    expect(b.errors.length).toBeGreaterThan(0);
    setCell(doc, calc, 2, 1, '=B1*(1+B2)*2', 'local'); // 100 × 1.5 × 2 = 300, × 2 = 600
    await b.settled();
    expect(b.errors).toEqual([]);
    expect(prices(b)).toEqual([300, 600]);
    b.dispose();
  });

  it('rejects a document that does not load, and stops listening when disposed', async () => {
    const { doc, calc } = fresh();
    setCell(doc, calc, 2, 1, '=B1*(', 'local');
    await expect(bindModel(doc, FILE, noModules)).rejects.toBeInstanceOf(ModelLoadError);
    setCell(doc, calc, 2, 1, '=B1', 'local');
    const b = await bindModel(doc, FILE, noModules);
    expect(prices(b)).toEqual([120, 240]);
    b.dispose();
    expect(() => setCell(doc, calc, 0, 1, 1, 'local')).not.toThrow();
  });

  it('matches a model opened afresh after random edits (differential)', async () => {
    type Command =
      | { kind: 'set'; row: number; col: number; content: number | string | null }
      | { kind: 'insert'; at: number; count: number }
      | { kind: 'delete'; at: number; count: number };
    const content = fc.oneof(
      fc.integer({ min: -50, max: 500 }),
      fc.constant(null),
      fc.constantFrom('=B1*2', '=SUM(B1:B4)', '=B2+C1', '=B1*(1+B2)', '=A9+1', '=B1*(', 'text'),
    );
    const command: fc.Arbitrary<Command> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('set' as const), row: fc.nat(8), col: fc.nat(3), content }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(6), count: fc.integer({ min: 1, max: 2 }) }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(6), count: fc.integer({ min: 1, max: 2 }) }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const { doc, calc } = fresh();
        const b = await bindModel(doc, FILE, noModules);
        try {
          for (const c of commands) {
            const size = listSheets(doc).find((s) => s.id === calc);
            const rows = size?.rowCount ?? 0;
            const cols = size?.colCount ?? 0;
            if (c.kind === 'set' && c.row < rows && c.col < cols) setCell(doc, calc, c.row, c.col, c.content, 'local');
            if (c.kind === 'insert' && c.at <= rows) insertRows(doc, calc, c.at, c.count, 'local');
            if (c.kind === 'delete' && c.at + c.count <= rows) deleteRows(doc, calc, c.at, c.count, 'local');
            // Half the time, let the binding catch up between commands; otherwise edits pile up.
            if (c.kind === 'set' || c.count === 1) await b.settled();
          }
          await b.settled();
          const expected = await independent(doc);
          if (expected.ok) {
            expect(b.errors).toEqual([]);
            expect(b.model.readAll()).toEqual(expected.outputs);
          } else {
            expect(b.errors.length).toBeGreaterThan(0);
          }
        } finally {
          b.dispose();
        }
      }),
      { seed: 20260315, numRuns: 50 },
    );
  });

  it('openBinding: opens a document that does not load, shows why, and loads once it is fixed', async () => {
    const { doc, calc } = fresh();
    setCell(doc, calc, 2, 1, '=B1*(', 'local');
    const b = openBinding(doc, FILE, noModules);
    let changes = 0;
    b.onChange(() => changes++);
    await b.settled();
    expect(b.model).toBeUndefined();
    expect(b.bound()).toBeUndefined();
    expect(b.upToDate).toBe(false);
    expect(b.errors.map((e) => e.path)).toEqual(['sheets[1].cells.B3']);
    expect(changes).toBe(1);
    setCell(doc, calc, 2, 1, '=B1*(1+B2)', 'local');
    expect(b.upToDate).toBe(false); // the rebuild is under way
    await b.settled();
    expect(b.errors).toEqual([]);
    expect(b.upToDate).toBe(true);
    const bound = b.bound();
    expect(bound?.model).toBe(b.model);
    expect(bound && prices(bound)).toEqual([180, 360]);
    // A value edit is written at once and leaves the binding in step.
    setCell(doc, calc, 0, 1, 200, 'local'); // 200 × 1.5 = 300, × 2 = 600
    expect(b.upToDate).toBe(true);
    expect(bound && prices(bound)).toEqual([300, 600]);
    b.dispose();
  });

  it('openBinding: a blank document has errors until a workbook is imported into it', async () => {
    const doc = new Y.Doc();
    const b = openBinding(doc, FILE, noModules);
    await b.settled();
    expect(b.model).toBeUndefined();
    expect(b.errors.length).toBeGreaterThan(0);
    workbookToDoc(smallWorkbook(), doc);
    await b.settled();
    expect(b.errors).toEqual([]);
    expect(b.model?.read('total_price').value).toBe(360);
    b.dispose();
  });

  it('upToDate is true when listeners hear of a rebuilt model', async () => {
    const { doc, calc } = fresh();
    const b = openBinding(doc, FILE, noModules);
    await b.settled();
    const seen: boolean[] = [];
    b.onChange(() => seen.push(b.upToDate));
    insertRows(doc, calc, 0, 1, 'local');
    await b.settled();
    expect(seen).toEqual([true]);
    b.dispose();
  });
});
