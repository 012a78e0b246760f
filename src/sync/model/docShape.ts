/**
 * The model document (`model:<id>`): one price model as a Y.Doc. This file is the shape's
 * authority and the typed way into it; modelDoc.ts imports and exports workbooks,
 * modelCommands.ts edits.
 *
 * Shape. Additive only: a key is never renamed, removed or given another meaning, because old
 * updates still carry it.
 *
 *   doc.getMap('model')
 *     id, kind, productLine, version, currency   string
 *     name, description                          Y.Map { zh, en }  (no description key when none)
 *     names, parameters, outputs, modules,       Y.Array of records. A record is a Y.Map, one key per
 *     tests, rules                                 field; a field holding an object (label, given,
 *                                                  expect, inputs) is itself a Y.Map, so concurrent edits
 *                                                  of different fields, or of label.zh and label.en, both
 *                                                  survive. Lists (options) are plain JSON values, replaced
 *                                                  whole. References in names' expressions, parameters'
 *                                                  `bind`, outputs' `ref` and module inputs are in id form.
 *     sheets                                     Y.Array<Y.Map>, in no meaningful order (see `order`)
 *       id           string, stable for the sheet's life
 *       name         string
 *       order        number; sheets are shown sorted by (order, id). Moving a sheet changes only this:
 *                    a Y.Array can only move by delete and re-insert, which would copy the sheet and
 *                    lose whatever another replica wrote into the old copy meanwhile.
 *       layout       'rows' | 'cells': how the sheet is written back to a workbook file
 *       rows, cols   Y.Array<string>: stable row and column ids in grid order; the sheet's extent
 *       cells        Y.Map<number | string | boolean>, keyed `${rowId}:${colId}`; no key = empty cell.
 *                    Text starting with "=" is a formula, stored in id form (formulaRefs.ts). Keys
 *                    whose row or column is gone (deleted while another replica wrote the cell) are
 *                    ignored.
 *       deletedRows, Y.Map<{ before?, after? }>: for each deleted row (column) id, the ids of the
 *       deletedCols  nearest rows (columns) that survived on either side when it was deleted. A range
 *                    whose corner row was deleted shrinks to that survivor, as in Excel, even if rows
 *                    are later inserted where the deleted one stood.
 *
 * Sheet, row and column ids are 12 random base-36 characters (ids.ts).
 */
import * as Y from 'yjs';
import type { A1Source, Axis, IdTarget } from './formulaRefs.js';

export const MODEL_MAP = 'model';

/** A non-empty cell as stored. */
export type StoredCell = number | string | boolean;
export type SheetLayout = 'rows' | 'cells';
export type AxisName = Axis;

/** The nearest surviving rows (columns) of a deleted one, when it was deleted; absent at a sheet's edge. */
export interface DeletedNeighbours {
  readonly before?: string;
  readonly after?: string;
}

export interface SheetHandle {
  readonly map: Y.Map<unknown>;
  readonly id: string;
  readonly name: string;
  readonly order: number;
  readonly layout: SheetLayout;
  readonly rows: Y.Array<string>;
  readonly cols: Y.Array<string>;
  readonly cells: Y.Map<StoredCell>;
  readonly deletedRows: Y.Map<DeletedNeighbours>;
  readonly deletedCols: Y.Map<DeletedNeighbours>;
}

export const cellKey = (rowId: string, colId: string): string => `${rowId}:${colId}`;

/** `rowId:colId` → its two ids; ids never contain ":". */
export function splitCellKey(key: string): [string, string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon), key.slice(colon + 1)];
}

export function isStoredCell(v: unknown): v is StoredCell {
  return (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean';
}

export function isFormula(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('=');
}

export function modelMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MODEL_MAP);
}

export function sheetArray(doc: Y.Doc): Y.Array<Y.Map<unknown>> | undefined {
  const sheets = modelMap(doc).get('sheets');
  return sheets instanceof Y.Array ? sheets : undefined;
}

/** A sheet map as a handle, or undefined if it lacks a part (a document from a broken writer). */
export function readSheet(map: unknown): SheetHandle | undefined {
  if (!(map instanceof Y.Map)) return undefined;
  const id: unknown = map.get('id');
  const name: unknown = map.get('name');
  const order: unknown = map.get('order');
  const rows: unknown = map.get('rows');
  const cols: unknown = map.get('cols');
  const cells: unknown = map.get('cells');
  const deletedRows: unknown = map.get('deletedRows');
  const deletedCols: unknown = map.get('deletedCols');
  if (typeof id !== 'string' || typeof name !== 'string') return undefined;
  if (!(rows instanceof Y.Array) || !(cols instanceof Y.Array) || !(cells instanceof Y.Map)) return undefined;
  if (!(deletedRows instanceof Y.Map) || !(deletedCols instanceof Y.Map)) return undefined;
  return {
    map,
    id,
    name,
    order: typeof order === 'number' && Number.isFinite(order) ? order : 0,
    layout: map.get('layout') === 'rows' ? 'rows' : 'cells',
    rows,
    cols,
    cells,
    deletedRows,
    deletedCols,
  };
}

/** Sheets in display order: by `order`, ties (sheets added concurrently) by id, so every replica agrees. */
export function sheetHandles(doc: Y.Doc): SheetHandle[] {
  const seen = new Set<string>();
  const out: SheetHandle[] = [];
  for (const map of sheetArray(doc)?.toArray() ?? []) {
    const s = readSheet(map);
    if (!s || seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A new sheet map, not yet in a document (Yjs integrates nested content when it is inserted). */
export function createSheetMap(init: {
  id: string;
  name: string;
  order: number;
  layout: SheetLayout;
  rowIds: readonly string[];
  colIds: readonly string[];
  cells?: Iterable<readonly [string, StoredCell]>;
}): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  const rows = new Y.Array<string>();
  rows.push([...init.rowIds]);
  const cols = new Y.Array<string>();
  cols.push([...init.colIds]);
  const cells = new Y.Map<StoredCell>();
  for (const [key, value] of init.cells ?? []) cells.set(key, value);
  map.set('id', init.id);
  map.set('name', init.name);
  map.set('order', init.order);
  map.set('layout', init.layout);
  map.set('rows', rows);
  map.set('cols', cols);
  map.set('cells', cells);
  map.set('deletedRows', new Y.Map<DeletedNeighbours>());
  map.set('deletedCols', new Y.Map<DeletedNeighbours>());
  return map;
}

export function axisList(sheet: SheetHandle, axis: AxisName): Y.Array<string> {
  return axis === 'rows' ? sheet.rows : sheet.cols;
}

export function deletedOf(sheet: SheetHandle, axis: AxisName): Y.Map<DeletedNeighbours> {
  return axis === 'rows' ? sheet.deletedRows : sheet.deletedCols;
}

/** Id → index, first occurrence winning (an id can appear twice only after unusual undo histories). */
export function indexOfIds(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!index.has(id)) index.set(id, i);
  });
  return index;
}

/**
 * Positions of row and column ids in the document as it is now: the A1 side of formula
 * translation. Built once per read; indexes are computed on first use per sheet.
 */
export class DocPositions implements A1Source {
  private readonly byId: ReadonlyMap<string, SheetHandle>;
  private readonly indexes = new Map<string, Map<string, number>>();

  constructor(sheets: readonly SheetHandle[]) {
    this.byId = new Map(sheets.map((s) => [s.id, s]));
  }

  sheetName(sheetId: string): string | undefined {
    return this.byId.get(sheetId)?.name;
  }

  /** Live id → index on one axis of a sheet. */
  liveIndex(sheet: SheetHandle, axis: AxisName): ReadonlyMap<string, number> {
    const key = `${sheet.id}:${axis}`;
    let index = this.indexes.get(key);
    if (!index) this.indexes.set(key, (index = indexOfIds(axisList(sheet, axis).toArray())));
    return index;
  }

  indexOf(sheetId: string, axis: AxisName, id: string): number | undefined {
    const sheet = this.byId.get(sheetId);
    return sheet ? this.liveIndex(sheet, axis).get(id) : undefined;
  }

  survivorOf(sheetId: string, axis: AxisName, id: string, side: 'before' | 'after'): number | undefined {
    const sheet = this.byId.get(sheetId);
    if (!sheet) return undefined;
    const live = this.liveIndex(sheet, axis);
    const deleted = deletedOf(sheet, axis);
    // Each step goes to a row that stood strictly on `side` of the last in every replica's
    // order, so the walk ends; the bound only guards against a hand-made document.
    let current = id;
    for (let steps = 0; steps <= deleted.size; steps++) {
      const index = live.get(current);
      if (index !== undefined) return index;
      const neighbours: unknown = deleted.get(current);
      const next = typeof neighbours === 'object' && neighbours !== null ? (neighbours as Record<string, unknown>)[side] : undefined;
      if (typeof next !== 'string') return undefined;
      current = next;
    }
    return undefined;
  }
}

/** Sheet ids and row and column ids by index: the id side of formula translation. */
export class IdLookup implements IdTarget {
  private readonly byName = new Map<string, string>();
  private readonly axes = new Map<string, readonly string[]>();

  constructor(private readonly sheets: readonly { readonly id: string; readonly name: string; ids(axis: AxisName): readonly string[] }[]) {
    // HyperFormula matches sheet names ignoring case; with duplicates (a merge can make them),
    // the first in display order wins, as the exported workbook would resolve it.
    for (const s of sheets) if (!this.byName.has(s.name.toLowerCase())) this.byName.set(s.name.toLowerCase(), s.id);
  }

  static fromHandles(sheets: readonly SheetHandle[]): IdLookup {
    return new IdLookup(sheets.map((s) => ({ id: s.id, name: s.name, ids: (axis: AxisName) => axisList(s, axis).toArray() })));
  }

  sheetId(name: string): string | undefined {
    return this.byName.get(name.toLowerCase());
  }

  rowId(sheetId: string, index: number): string | undefined {
    return this.ids(sheetId, 'rows')[index];
  }

  colId(sheetId: string, index: number): string | undefined {
    return this.ids(sheetId, 'cols')[index];
  }

  private ids(sheetId: string, axis: AxisName): readonly string[] {
    const key = `${sheetId}:${axis}`;
    let ids = this.axes.get(key);
    if (!ids) {
      ids = this.sheets.find((s) => s.id === sheetId)?.ids(axis) ?? [];
      this.axes.set(key, ids);
    }
    return ids;
  }
}

/** JSON-like values a record may hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** A record for the document: objects become Y.Maps (recursively), everything else stays a JSON value. */
export function toY(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const map = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(value)) if (v !== undefined) map.set(k, toY(v));
  return map;
}

/**
 * Field order of exported records, so files read naturally and every replica writes the same
 * text; fields not listed follow alphabetically.
 */
const FIELD_ORDER = [
  'id', 'name', 'expression', 'label', 'role', 'type', 'unit', 'min', 'max', 'step', 'maxLength', 'default', 'options',
  'bind', 'ref', 'money', 'decimals', 'group', 'file', 'inputs', 'comment', 'description', 'given', 'expect', 'value',
  'tolerance', 'source', 'zh', 'en',
];
const FIELD_RANK = new Map(FIELD_ORDER.map((k, i) => [k, i]));

function compareFields(a: string, b: string): number {
  const ra = FIELD_RANK.get(a) ?? FIELD_ORDER.length;
  const rb = FIELD_RANK.get(b) ?? FIELD_ORDER.length;
  return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
}

/** The reverse of toY; JSON values are copied, so callers cannot change the document by mutating them. */
export function fromY(value: unknown): Json {
  if (value instanceof Y.Map) {
    const out: Record<string, Json> = {};
    for (const key of [...value.keys()].sort(compareFields)) out[key] = fromY(value.get(key));
    return out;
  }
  if (value instanceof Y.Array) return value.toArray().map(fromY);
  if (value === undefined) return null;
  return structuredClone(value) as Json;
}

/** Sheet names as the workbook format allows them (schema.ts), plus uniqueness ignoring case. */
export function sheetNameProblem(name: string, others: readonly string[]): string | undefined {
  if (name.length === 0) return 'a sheet name must not be empty';
  if (name.length > 31) return `sheet name "${name}" is longer than 31 characters`;
  if (/[[\]*?/\\:'!·]/.test(name)) return `sheet name "${name}" must not contain any of [ ] * ? / \\ : ' ! ·`;
  if (others.some((o) => o.toLowerCase() === name.toLowerCase())) return `there is already a sheet named "${name}"`;
  return undefined;
}
