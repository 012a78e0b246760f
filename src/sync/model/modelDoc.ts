/**
 * A price model as a Y.Doc and back: `workbookToDoc` imports a workbook file (format v1) into
 * an empty document, `docToWorkbook` writes the document as a workbook in A1 form for the
 * engine, exports and release snapshots. The document's shape is described in docShape.ts;
 * edits go through modelCommands.ts.
 *
 * @example
 *   const doc = new Y.Doc();
 *   workbookToDoc(workbook, doc);
 *   insertRows(doc, sheetIdByName(doc, 'Tables') as string, 7, 1, localOrigin);
 *   const a1 = docToWorkbook(doc); // names and formulas now point one row further down
 */
import * as Y from 'yjs';
import { parseA1, formatA1 } from '../../domain/workbook/a1.js';
import { WORKBOOK_FORMAT } from '../../domain/workbook/schema.js';
import type { CellContent, LocalizedText, ModuleInclude, Output, Parameter, SheetDef, TestCase, Workbook } from '../../domain/workbook/schema.js';
import {
  DocPositions,
  IdLookup,
  createSheetMap,
  cellKey,
  fromY,
  isFormula,
  isStoredCell,
  modelMap,
  sheetHandles,
  splitCellKey,
  toY,
} from './docShape.js';
import type { AxisName, Json, SheetHandle, SheetLayout, StoredCell } from './docShape.js';
import { a1References, bareRefToA1Form, bareRefToIdForm, parseBareReference, toA1Form, toIdForm } from './formulaRefs.js';
import type { A1Reference, A1Source, IdTarget } from './formulaRefs.js';
import { newIds, newId } from './ids.js';

type NamedExpression = Workbook['names'][number];

/** A sheet of the workbook being imported: ids chosen, cells by position, extent to create. */
interface SheetPlan {
  readonly id: string;
  readonly name: string;
  readonly layout: SheetLayout;
  readonly cells: { row: number; col: number; value: StoredCell; path: string }[];
  rows: number;
  cols: number;
  rowIds: string[];
  colIds: string[];
}

function planSheet(sheet: SheetDef, index: number): SheetPlan {
  const cells: SheetPlan['cells'] = [];
  const at = `sheets[${index}]`;
  sheet.rows?.forEach((row, r) =>
    row.forEach((value, c) => {
      if (value !== null) cells.push({ row: r, col: c, value, path: `${at}.rows[${r}][${c}]` });
    }),
  );
  for (const [address, value] of Object.entries(sheet.cells ?? {})) {
    const pos = parseA1(address);
    if (!pos) throw new Error(`${at}.cells.${address}: not a cell address; expected A1-style such as B4`);
    if (value !== null) cells.push({ ...pos, value, path: `${at}.cells.${address}` });
  }
  const plan: SheetPlan = {
    id: newId(),
    name: sheet.name,
    layout: sheet.rows !== undefined ? 'rows' : 'cells',
    cells,
    rows: 0,
    cols: 0,
    rowIds: [],
    colIds: [],
  };
  for (const c of cells) grow(plan, c.row + 1, c.col + 1);
  return plan;
}

function grow(plan: SheetPlan, rows: number, cols: number): void {
  plan.rows = Math.max(plan.rows, rows);
  plan.cols = Math.max(plan.cols, cols);
}

/** Make every sheet reach the rows and columns `ref` names, so each gets an id to point at. */
function growFor(ref: A1Reference, context: SheetPlan | undefined, byName: (name: string) => SheetPlan | undefined): void {
  const start = ref.start.sheet === undefined ? context : byName(ref.start.sheet);
  const end = ref.end?.sheet === undefined ? start : byName(ref.end.sheet);
  for (const [corner, plan] of [[ref.start, start], [ref.end, end]] as const) {
    if (!corner || !plan) continue;
    grow(plan, (corner.row?.at ?? -1) + 1, (corner.col?.at ?? -1) + 1);
  }
}

function withPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

function formulaOrValue<T>(value: T, translate: (formula: string) => string): T | string {
  return isFormula(value) ? translate(value) : value;
}

/**
 * Import a parsed workbook (format v1) into an empty document, in one transaction. Formulas,
 * names, parameter bindings, output references and module inputs are stored in id form.
 * Throws (before changing anything) if the document is not empty or a formula already holds
 * text reserved for id-form references.
 */
export function workbookToDoc(workbook: Workbook, doc: Y.Doc, origin: unknown = null): void {
  const model = modelMap(doc);
  if (model.size > 0) throw new Error('workbookToDoc imports into an empty document only; this one already holds a model');

  const plans = workbook.sheets.map(planSheet);
  const planByName = new Map<string, SheetPlan>();
  for (const p of plans) if (!planByName.has(p.name.toLowerCase())) planByName.set(p.name.toLowerCase(), p);
  const byName = (name: string) => planByName.get(name.toLowerCase());

  // Every row and column that anything refers to must exist, even if empty (a range running
  // past a table's last row), so it has an id.
  for (const plan of plans) for (const c of plan.cells) if (isFormula(c.value)) for (const ref of a1References(c.value)) growFor(ref, plan, byName);
  const contextFree: string[] = [
    ...workbook.names.flatMap((n) => (isFormula(n.expression) ? [n.expression] : [])),
    ...workbook.modules.flatMap((m) => Object.values(m.inputs ?? {}).filter(isFormula)),
  ];
  for (const f of contextFree) for (const ref of a1References(f)) growFor(ref, undefined, byName);
  for (const bare of [...workbook.parameters.map((p) => p.bind), ...workbook.outputs.map((o) => o.ref)]) {
    const ref = parseBareReference(bare);
    if (ref) growFor(ref, undefined, byName);
  }
  for (const plan of plans) {
    plan.rowIds = newIds(plan.rows, new Set());
    plan.colIds = newIds(plan.cols, new Set());
  }

  const target: IdTarget = new IdLookup(plans.map((p) => ({ id: p.id, name: p.name, ids: (axis: AxisName) => (axis === 'rows' ? p.rowIds : p.colIds) })));
  const ids = (formula: string, context: string | undefined) => toIdForm(formula, target, context);

  // Translate everything first, so a bad formula throws before the document changes.
  const sheetMaps = plans.map((plan, order) =>
    createSheetMap({
      id: plan.id,
      name: plan.name,
      order,
      layout: plan.layout,
      rowIds: plan.rowIds,
      colIds: plan.colIds,
      cells: plan.cells.map((c) => [
        cellKey(plan.rowIds[c.row] as string, plan.colIds[c.col] as string),
        withPath(c.path, () => formulaOrValue(c.value, (f) => ids(f, plan.id))),
      ]),
    }),
  );
  const names = workbook.names.map((n, i) => withPath(`names[${i}].expression`, () => ({ ...n, expression: formulaOrValue(n.expression, (f) => ids(f, undefined)) })));
  const parameters = workbook.parameters.map((p, i) => withPath(`parameters[${i}].bind`, () => ({ ...p, bind: bareRefToIdForm(p.bind, target) })));
  const outputs = workbook.outputs.map((o, i) => withPath(`outputs[${i}].ref`, () => ({ ...o, ref: bareRefToIdForm(o.ref, target) })));
  const modules = workbook.modules.map((m, i) =>
    withPath(`modules[${i}].inputs`, () => (m.inputs === undefined ? m : { ...m, inputs: mapValues(m.inputs, (v) => formulaOrValue(v, (f) => ids(f, undefined))) })),
  );

  doc.transact(() => {
    model.set('id', workbook.id);
    model.set('kind', workbook.kind);
    model.set('name', toY(workbook.name));
    model.set('productLine', workbook.productLine);
    model.set('version', workbook.version);
    model.set('currency', workbook.currency);
    if (workbook.description) model.set('description', toY(workbook.description));
    const sheets = new Y.Array<Y.Map<unknown>>();
    model.set('sheets', sheets);
    sheets.push(sheetMaps);
    setRecords(model, 'names', names);
    setRecords(model, 'parameters', parameters);
    setRecords(model, 'outputs', outputs);
    setRecords(model, 'modules', modules);
    setRecords(model, 'rules', workbook.rules);
    setRecords(model, 'tests', workbook.tests);
  }, origin);
}

function mapValues<V, W>(record: Readonly<Record<string, V>>, fn: (v: V) => W): Record<string, W> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

function setRecords(model: Y.Map<unknown>, key: string, records: readonly unknown[]): void {
  const list = new Y.Array<unknown>();
  model.set(key, list);
  list.push(records.map(toY));
}

function records(model: Y.Map<unknown>, key: string): Json[] {
  const list = model.get(key);
  return list instanceof Y.Array ? list.toArray().map(fromY) : [];
}

function text(model: Y.Map<unknown>, key: string): string {
  const v = model.get(key);
  return typeof v === 'string' ? v : '';
}

/** A record read back from the document: an object with string keys (anything else is dropped). */
function objects(list: readonly Json[]): Record<string, Json>[] {
  return list.filter((r): r is Record<string, Json> => typeof r === 'object' && r !== null && !Array.isArray(r));
}

/** Cells of a sheet in A1 form, row-major; cells of deleted rows or columns are skipped. */
function sheetCells(sheet: SheetHandle, positions: DocPositions): { row: number; col: number; value: StoredCell }[] {
  const rowIndex = positions.liveIndex(sheet, 'rows');
  const colIndex = positions.liveIndex(sheet, 'cols');
  const out: { row: number; col: number; value: StoredCell }[] = [];
  sheet.cells.forEach((value, key) => {
    const [rowId, colId] = splitCellKey(key);
    const row = rowIndex.get(rowId);
    const col = colIndex.get(colId);
    if (row === undefined || col === undefined || !isStoredCell(value)) return;
    out.push({ row, col, value: isFormula(value) ? toA1Form(value, positions, sheet.id) : value });
  });
  return out.sort((a, b) => a.row - b.row || a.col - b.col);
}

/**
 * A sheet as the file writes it: a `rows` block from A1 (each row up to its last non-empty
 * cell, empty rows as []) or `cells` by address, as the sheet was imported or created. A
 * sheet with nothing in it is just its name.
 */
function exportSheet(sheet: SheetHandle, positions: DocPositions): SheetDef {
  const cells = sheetCells(sheet, positions);
  if (cells.length === 0) return { name: sheet.name };
  if (sheet.layout === 'cells') {
    return { name: sheet.name, cells: Object.fromEntries(cells.map((c) => [formatA1(c), c.value])) };
  }
  const rows: CellContent[][] = [];
  for (const c of cells) {
    while (rows.length <= c.row) rows.push([]);
    const row = rows[c.row] as CellContent[];
    while (row.length < c.col) row.push(null);
    row[c.col] = c.value;
  }
  return { name: sheet.name, rows };
}

/**
 * The document as a workbook (format v1) in A1 form. References to deleted rows, columns or
 * sheets read `#REF!`. The result has the workbook's shape but is not validated again: a
 * merge of edits that were each valid can still break a rule (two sheets renamed to the same
 * name, every sheet removed), so load it through the engine's loader, which reports such
 * problems, before trusting it.
 */
export function docToWorkbook(doc: Y.Doc): Workbook {
  const model = modelMap(doc);
  const sheets = sheetHandles(doc);
  const positions = new DocPositions(sheets);
  const a1 = (v: Json | undefined): Json | undefined => (isFormula(v) ? toA1Form(v, positions, undefined) : v);
  const bare = (v: Json | undefined): Json | undefined => (typeof v === 'string' ? bareRefToA1Form(v, positions) : v);

  const names = objects(records(model, 'names')).map((n) => ({ ...n, expression: a1(n.expression) }));
  const parameters = objects(records(model, 'parameters')).map((p) => ({ ...p, bind: bare(p.bind) }));
  const outputs = objects(records(model, 'outputs')).map((o) => ({ ...o, ref: bare(o.ref) }));
  const modules = objects(records(model, 'modules')).map((m) => {
    const inputs = m.inputs;
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) return m;
    return { ...m, inputs: mapValues(inputs, (v) => a1(v) ?? null) };
  });
  const description = model.get('description');

  // The document only receives records that passed the schema (workbookToDoc takes a parsed
  // Workbook; commands validate), so the records are typed as such; see the note above.
  return {
    format: WORKBOOK_FORMAT,
    id: text(model, 'id'),
    kind: model.get('kind') === 'module' ? 'module' : 'product',
    name: fromY(model.get('name')) as LocalizedText,
    productLine: text(model, 'productLine'),
    version: text(model, 'version'),
    currency: text(model, 'currency'),
    ...(description === undefined ? {} : { description: fromY(description) as LocalizedText }),
    sheets: sheets.map((s) => exportSheet(s, positions)),
    names: names as NamedExpression[],
    parameters: parameters as Parameter[],
    outputs: outputs as Output[],
    modules: modules as ModuleInclude[],
    rules: objects(records(model, 'rules')) as Workbook['rules'],
    tests: objects(records(model, 'tests')) as TestCase[],
  };
}

export interface SheetSummary {
  readonly id: string;
  readonly name: string;
  /** Extent of the sheet's grid (rows and columns that have ids). */
  readonly rowCount: number;
  readonly colCount: number;
}

/** Sheets in display order. */
export function listSheets(doc: Y.Doc): SheetSummary[] {
  return sheetHandles(doc).map((s) => ({ id: s.id, name: s.name, rowCount: s.rows.length, colCount: s.cols.length }));
}

/** The id of the sheet with this name (ignoring case, as formulas do). */
export function sheetIdByName(doc: Y.Doc, name: string): string | undefined {
  return sheetHandles(doc).find((s) => s.name.toLowerCase() === name.toLowerCase())?.id;
}

/** One cell in A1 form, as a user would see it in the formula bar; null when empty. */
export function getCell(doc: Y.Doc, sheetId: string, row: number, col: number): CellContent {
  const sheets = sheetHandles(doc);
  const sheet = sheets.find((s) => s.id === sheetId);
  if (!sheet) throw new Error(`unknown sheet id "${sheetId}"`);
  if (!Number.isInteger(row) || row < 0 || !Number.isInteger(col) || col < 0) throw new Error(`no cell at row ${row}, column ${col}`);
  const rowId = sheet.rows.get(row);
  const colId = sheet.cols.get(col);
  if (rowId === undefined || colId === undefined) return null;
  const value = sheet.cells.get(cellKey(rowId, colId));
  if (!isStoredCell(value)) return null;
  return isFormula(value) ? toA1Form(value, new DocPositions(sheets), sheet.id) : value;
}

/** For the engine binding: the A1 side of translation, over the document as it is now. */
export function a1Source(doc: Y.Doc): A1Source {
  return new DocPositions(sheetHandles(doc));
}
