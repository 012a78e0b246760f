/**
 * Edits of a model document. Each command validates its arguments against the document as
 * this replica sees it and throws a plain-language Error before touching anything; then it
 * applies the whole edit in one `doc.transact(fn, origin)`, so the engine binding sees one
 * transaction and Y.UndoManager (tracking the local origin) undoes it as one step.
 */
import type * as Y from 'yjs';
import { MAX_COLS, MAX_ROWS, formatA1 } from '../../domain/workbook/a1.js';
import type { CellContent } from '../../domain/workbook/schema.js';
import {
  IdLookup,
  axisList,
  cellKey,
  createSheetMap,
  deletedOf,
  isFormula,
  sheetArray,
  sheetHandles,
  sheetNameProblem,
  splitCellKey,
} from './docShape.js';
import type { AxisName, SheetHandle } from './docShape.js';
import { a1References, requireNoIdReferences, toIdForm } from './formulaRefs.js';
import { newId, newIds } from './ids.js';

/** Most rows or columns one command may add; a slip of the keyboard must not bloat the document for good. */
export const MAX_INSERT = 10_000;

const AXIS_WORD: Record<AxisName, { one: string; many: string; max: number }> = {
  rows: { one: 'row', many: 'rows', max: MAX_ROWS },
  cols: { one: 'column', many: 'columns', max: MAX_COLS },
};

function requireSheet(doc: Y.Doc, sheetId: string, sheets: readonly SheetHandle[] = sheetHandles(doc)): SheetHandle {
  const sheet = sheets.find((s) => s.id === sheetId);
  if (!sheet) throw new Error(`unknown sheet id "${sheetId}"`);
  return sheet;
}

function requireIndex(sheet: SheetHandle, axis: AxisName, index: number, allowEnd = false): void {
  const size = axisList(sheet, axis).length;
  const limit = allowEnd ? size : size - 1;
  const { one, many } = AXIS_WORD[axis];
  if (!Number.isInteger(index) || index < 0 || index > limit) {
    const range = size === 0 ? (allowEnd ? 'only 0' : 'none') : `0–${limit}`;
    throw new Error(`${one} ${index} is outside sheet "${sheet.name}", which has ${size} ${many} (valid: ${range})`);
  }
}

function requireCount(axis: AxisName, count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSERT) {
    throw new Error(`the number of ${AXIS_WORD[axis].many} must be a whole number from 1 to ${MAX_INSERT}, got ${count}`);
  }
}

/** Every row or column id in use or once used in a sheet, so new ids never repeat one. */
function takenIds(sheet: SheetHandle, axis: AxisName): Set<string> {
  return new Set([...axisList(sheet, axis).toArray(), ...deletedOf(sheet, axis).keys()]);
}

/**
 * Rows and columns a formula typed on `sheet` needs beyond each sheet's extent: references
 * must point at existing ids, so the sheets grow (inside the command's transaction).
 */
function growthFor(formula: string, sheet: SheetHandle, sheets: readonly SheetHandle[]): Map<SheetHandle, Record<AxisName, number>> {
  const byName = (name: string) => sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const growth = new Map<SheetHandle, Record<AxisName, number>>();
  for (const ref of a1References(formula)) {
    const start = ref.start.sheet === undefined ? sheet : byName(ref.start.sheet);
    const end = ref.end?.sheet === undefined ? start : byName(ref.end.sheet);
    // A reference to a sheet that does not exist stays as written (see formulaRefs.ts).
    if (!start || !end) continue;
    for (const [corner, target] of [[ref.start, start], [ref.end, end]] as const) {
      if (!corner) continue;
      const g = growth.get(target) ?? { rows: 0, cols: 0 };
      if (corner.row) g.rows = Math.max(g.rows, corner.row.at + 1 - target.rows.length);
      if (corner.col) g.cols = Math.max(g.cols, corner.col.at + 1 - target.cols.length);
      growth.set(target, g);
    }
  }
  for (const [target, g] of growth) {
    for (const axis of ['rows', 'cols'] as const) {
      if (g[axis] > MAX_INSERT) {
        const { many } = AXIS_WORD[axis];
        throw new Error(
          `${JSON.stringify(formula)} reaches ${g[axis]} ${many} beyond sheet "${target.name}" (${axisList(target, axis).length} ${many}); insert ${many} first (a formula may add at most ${MAX_INSERT})`,
        );
      }
    }
  }
  return growth;
}

function requireContent(content: CellContent): void {
  const ok = content === null || typeof content === 'string' || typeof content === 'boolean' || (typeof content === 'number' && Number.isFinite(content));
  if (!ok) throw new Error(`a cell holds a finite number, text, true/false or nothing; got ${String(content)}`);
}

/**
 * Set one cell to what the user typed: a number, text, a boolean, null to clear it, or a
 * formula in A1 (`=SUM(B2:B9)`), stored with its references as ids. A formula reaching past a
 * sheet's last row or column makes that sheet grow to include it.
 */
export function setCell(doc: Y.Doc, sheetId: string, row: number, col: number, content: CellContent, origin: unknown): void {
  const sheets = sheetHandles(doc);
  // The same handle objects as growthFor's, so a sheet named both ways grows once.
  const sheet = requireSheet(doc, sheetId, sheets);
  requireIndex(sheet, 'rows', row);
  requireIndex(sheet, 'cols', col);
  requireContent(content);
  const growth = isFormula(content) ? growthFor(content, sheet, sheets) : new Map<SheetHandle, Record<AxisName, number>>();
  if (isFormula(content)) requireNoIdReferences(content);

  doc.transact(() => {
    for (const [target, g] of growth) {
      for (const axis of ['rows', 'cols'] as const) {
        if (g[axis] > 0) axisList(target, axis).push(newIds(g[axis], takenIds(target, axis)));
      }
    }
    const key = cellKey(sheet.rows.get(row), sheet.cols.get(col));
    if (content === null) sheet.cells.delete(key);
    else sheet.cells.set(key, isFormula(content) ? toIdForm(content, IdLookup.fromHandles(sheets), sheet.id) : content);
  }, origin);
}

/** A block of cells to write: rows of contents; `undefined` (or a row shorter than others) leaves a cell as it is. */
export type CellBlock = readonly (readonly (CellContent | undefined)[])[];

/** Most cells one setCells may write: a paste of a whole table is fine, a runaway one is refused. */
export const MAX_BLOCK_CELLS = 1_000_000;

/**
 * Write a block of cells with its top-left corner at (`row`, `col`), as one transaction (one
 * undo step): a paste or a fill. Each entry is what setCell takes (null clears); `undefined`
 * leaves the cell alone. The sheet grows to hold every non-empty cell written, and sheets grow
 * for formulas reaching past them, as with setCell. Everything is checked before anything changes.
 */
export function setCells(doc: Y.Doc, sheetId: string, row: number, col: number, contents: CellBlock, origin: unknown): void {
  const sheets = sheetHandles(doc);
  const sheet = requireSheet(doc, sheetId, sheets);
  if (!Number.isInteger(row) || row < 0 || !Number.isInteger(col) || col < 0) throw new Error(`a block of cells starts at a row and column of 0 or more, got row ${row}, column ${col}`);
  const writes: { row: number; col: number; content: CellContent }[] = [];
  let cells = 0;
  contents.forEach((line, r) => {
    cells += line.length;
    if (cells > MAX_BLOCK_CELLS) throw new Error(`a block may hold at most ${MAX_BLOCK_CELLS} cells`);
    line.forEach((content, c) => {
      if (content === undefined) return;
      const at = `${formatA1({ row: row + r, col: col + c })} of sheet "${sheet.name}"`;
      if (row + r >= MAX_ROWS || col + c >= MAX_COLS) throw new Error(`${at} is beyond the largest sheet (${MAX_ROWS} rows, ${MAX_COLS} columns)`);
      try {
        requireContent(content);
        if (isFormula(content)) requireNoIdReferences(content);
      } catch (e) {
        throw new Error(`${at}: ${(e as Error).message}`);
      }
      writes.push({ row: row + r, col: col + c, content });
    });
  });
  // The target sheet grows to its last non-empty cell written; clearing beyond its end is a no-op.
  const growth = new Map<SheetHandle, Record<AxisName, number>>();
  const need = (target: SheetHandle, g: Record<AxisName, number>) => {
    const had = growth.get(target) ?? { rows: 0, cols: 0 };
    growth.set(target, { rows: Math.max(had.rows, g.rows), cols: Math.max(had.cols, g.cols) });
  };
  for (const w of writes) {
    if (w.content === null) continue;
    need(sheet, { rows: w.row + 1 - sheet.rows.length, cols: w.col + 1 - sheet.cols.length });
    if (isFormula(w.content)) for (const [target, g] of growthFor(w.content, sheet, sheets)) need(target, g);
  }
  for (const [target, g] of growth) {
    for (const axis of ['rows', 'cols'] as const) {
      if (g[axis] > MAX_INSERT) {
        const { many } = AXIS_WORD[axis];
        throw new Error(`the cells written reach ${g[axis]} ${many} beyond sheet "${target.name}"; at most ${MAX_INSERT} ${many} may be added at once`);
      }
    }
  }
  if (writes.length === 0) return;

  doc.transact(() => {
    for (const [target, g] of growth) {
      for (const axis of ['rows', 'cols'] as const) {
        if (g[axis] > 0) axisList(target, axis).push(newIds(g[axis], takenIds(target, axis)));
      }
    }
    // Built after growing, so references into the new rows and columns find their ids.
    const target = IdLookup.fromHandles(sheets);
    const rowIds = sheet.rows.toArray();
    const colIds = sheet.cols.toArray();
    for (const w of writes) {
      const rowId = rowIds[w.row];
      const colId = colIds[w.col];
      if (rowId === undefined || colId === undefined) continue; // a clear beyond the sheet's end
      const key = cellKey(rowId, colId);
      if (w.content === null) sheet.cells.delete(key);
      else sheet.cells.set(key, isFormula(w.content) ? toIdForm(w.content, target, sheet.id) : w.content);
    }
  }, origin);
}

function insertAxis(doc: Y.Doc, sheetId: string, axis: AxisName, at: number, count: number, origin: unknown): void {
  const sheet = requireSheet(doc, sheetId);
  requireIndex(sheet, axis, at, true);
  requireCount(axis, count);
  const list = axisList(sheet, axis);
  if (list.length + count > AXIS_WORD[axis].max) {
    throw new Error(`sheet "${sheet.name}" would have more than ${AXIS_WORD[axis].max} ${AXIS_WORD[axis].many}`);
  }
  doc.transact(() => list.insert(at, newIds(count, takenIds(sheet, axis))), origin);
}

function deleteAxis(doc: Y.Doc, sheetId: string, axis: AxisName, at: number, count: number, origin: unknown): void {
  const sheet = requireSheet(doc, sheetId);
  requireIndex(sheet, axis, at);
  requireCount(axis, count);
  const list = axisList(sheet, axis);
  if (at + count > list.length) {
    const { many } = AXIS_WORD[axis];
    throw new Error(`cannot delete ${count} ${many} from ${at}: sheet "${sheet.name}" has ${list.length} ${many}`);
  }
  doc.transact(() => {
    const ids = list.slice(at, at + count);
    // Record the survivors on either side: a range with a corner here shrinks to them.
    const before = at > 0 ? list.get(at - 1) : undefined;
    const after = at + count < list.length ? list.get(at + count) : undefined;
    const neighbours = { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
    const deleted = deletedOf(sheet, axis);
    for (const id of ids) deleted.set(id, neighbours);
    const gone = new Set(ids);
    const side = axis === 'rows' ? 0 : 1;
    for (const key of [...sheet.cells.keys()]) if (gone.has(splitCellKey(key)[side])) sheet.cells.delete(key);
    list.delete(at, count);
  }, origin);
}

/** Insert `count` empty rows before row `at` (0-based; `at` = row count appends). */
export function insertRows(doc: Y.Doc, sheetId: string, at: number, count: number, origin: unknown): void {
  insertAxis(doc, sheetId, 'rows', at, count, origin);
}

/** Delete rows `at` … `at + count - 1` and their cells; references to them read #REF!, ranges shrink. */
export function deleteRows(doc: Y.Doc, sheetId: string, at: number, count: number, origin: unknown): void {
  deleteAxis(doc, sheetId, 'rows', at, count, origin);
}

export function insertColumns(doc: Y.Doc, sheetId: string, at: number, count: number, origin: unknown): void {
  insertAxis(doc, sheetId, 'cols', at, count, origin);
}

export function deleteColumns(doc: Y.Doc, sheetId: string, at: number, count: number, origin: unknown): void {
  deleteAxis(doc, sheetId, 'cols', at, count, origin);
}

/**
 * The `order` that puts a sheet at `index` among `others` (display order, without it), or
 * undefined when floating point has no number left between the neighbours.
 */
function orderBetween(others: readonly SheetHandle[], index: number): number | undefined {
  const before = others[index - 1];
  const after = others[index];
  if (!before && !after) return 0;
  if (!before) return (after as SheetHandle).order - 1;
  if (!after) return before.order + 1;
  const mid = (before.order + after.order) / 2;
  return before.order < mid && mid < after.order ? mid : undefined;
}

/** Give every sheet of `arranged` the orders 0, 1, 2, … (rarely needed: see orderBetween). */
function renumber(arranged: readonly Y.Map<unknown>[]): void {
  arranged.forEach((map, i) => map.set('order', i));
}

function requireSheetIndex(index: number, size: number): void {
  if (!Number.isInteger(index) || index < 0 || index > size) throw new Error(`sheet position ${index} is outside 0–${size}`);
}

export interface NewSheet {
  readonly name: string;
  /** Grid extent; a blank grid of 100 rows × 26 columns unless given. */
  readonly rows?: number;
  readonly cols?: number;
  /** Display position; at the end unless given. */
  readonly at?: number;
}

/** Add an empty sheet; returns its id. */
export function addSheet(doc: Y.Doc, sheet: NewSheet, origin: unknown): string {
  const array = sheetArray(doc);
  if (!array) throw new Error('the document holds no model; import a workbook first');
  const existing = sheetHandles(doc);
  const problem = sheetNameProblem(sheet.name, existing.map((s) => s.name));
  if (problem) throw new Error(problem);
  const rows = sheet.rows ?? 100;
  const cols = sheet.cols ?? 26;
  if (!Number.isInteger(rows) || rows < 0 || rows > MAX_INSERT) throw new Error(`a new sheet has 0 to ${MAX_INSERT} rows, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0 || cols > MAX_INSERT) throw new Error(`a new sheet has 0 to ${MAX_INSERT} columns, got ${cols}`);
  const at = sheet.at ?? existing.length;
  requireSheetIndex(at, existing.length);
  const id = newId();
  doc.transact(() => {
    const order = orderBetween(existing, at);
    const map = createSheetMap({ id, name: sheet.name, order: order ?? at, layout: 'cells', rowIds: newIds(rows, new Set()), colIds: newIds(cols, new Set()) });
    array.push([map]);
    if (order === undefined) renumber([...existing.slice(0, at).map((s) => s.map), map, ...existing.slice(at).map((s) => s.map)]);
  }, origin);
  return id;
}

/** Rename a sheet; formulas elsewhere refer to it by id and follow. */
export function renameSheet(doc: Y.Doc, sheetId: string, name: string, origin: unknown): void {
  const sheet = requireSheet(doc, sheetId);
  const others = sheetHandles(doc).filter((s) => s.id !== sheetId);
  const problem = sheetNameProblem(name, others.map((s) => s.name));
  if (problem) throw new Error(problem);
  doc.transact(() => sheet.map.set('name', name), origin);
}

/** Remove a sheet and its cells; references to it read #REF!. The last sheet cannot go. */
export function removeSheet(doc: Y.Doc, sheetId: string, origin: unknown): void {
  const sheet = requireSheet(doc, sheetId);
  if (sheetHandles(doc).length <= 1) throw new Error(`sheet "${sheet.name}" is the only sheet; a model needs at least one`);
  const array = sheetArray(doc) as Y.Array<Y.Map<unknown>>;
  doc.transact(() => {
    const index = array.toArray().indexOf(sheet.map);
    if (index >= 0) array.delete(index, 1);
  }, origin);
}

/** Move a sheet to display position `to` (0-based, counted after taking it out). */
export function moveSheet(doc: Y.Doc, sheetId: string, to: number, origin: unknown): void {
  const sheet = requireSheet(doc, sheetId);
  const others = sheetHandles(doc).filter((s) => s.id !== sheetId);
  requireSheetIndex(to, others.length);
  doc.transact(() => {
    const order = orderBetween(others, to);
    if (order !== undefined) sheet.map.set('order', order);
    else renumber([...others.slice(0, to).map((s) => s.map), sheet.map, ...others.slice(to).map((s) => s.map)]);
  }, origin);
}
