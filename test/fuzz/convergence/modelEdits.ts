/**
 * Random edits of a model document through the real commands (modelCommands.ts,
 * recordCommands.ts), each made as the replica making it sees the document: cell values,
 * formulas referring to other cells (so inserts and deletes move them), pasted blocks, row and
 * column inserts and deletes, sheet renames, named expressions and parameters.
 */
import type * as Y from 'yjs';
import type { CellContent } from '../../../src/domain/workbook/schema.js';
import { formatA1Reference, formatSheetName, parseBareReference } from '../../../src/sync/model/formulaRefs.js';
import type { A1Reference } from '../../../src/sync/model/formulaRefs.js';
import { deleteColumns, deleteRows, insertColumns, insertRows, renameSheet, setCell, setCells } from '../../../src/sync/model/modelCommands.js';
import { listSheets } from '../../../src/sync/model/modelDoc.js';
import type { SheetSummary } from '../../../src/sync/model/modelDoc.js';
import { readRecords, updateRecord } from '../../../src/sync/model/recordCommands.js';
import type { JsonRecord } from '../../../src/sync/model/recordCommands.js';
import type { ModelSpec } from './models.js';
import type { Random } from './random.js';

/** The spec's sheets by id: names change (renames), ids do not. */
export interface SheetRoles {
  readonly value: ReadonlySet<string>;
  readonly formula: ReadonlyMap<string, readonly string[]>;
  /** Each sheet's names to rename it to, so concurrent renames of two sheets never pick one name. */
  readonly renames: ReadonlyMap<string, readonly string[]>;
  /** Sheet ids by the names the sheets had at the start. */
  readonly idByFirstName: ReadonlyMap<string, string>;
}

export function sheetRoles(spec: ModelSpec, doc: Y.Doc): SheetRoles {
  const idOf = new Map(listSheets(doc).map((s) => [s.name, s.id]));
  const id = (name: string) => {
    const found = idOf.get(name);
    if (found === undefined) throw new Error(`model ${spec.label} has no sheet "${name}"`);
    return found;
  };
  return {
    value: new Set(spec.valueSheets.map(id)),
    formula: new Map(Object.entries(spec.formulaSheets).map(([name, reads]) => [id(name), reads.map(id)])),
    renames: new Map([...idOf].map(([name, sheetId]) => [sheetId, [name, `${name}_2`, `${name} 表`]])),
    idByFirstName: idOf,
  };
}

export type EditKind = 'value' | 'formula' | 'paste' | 'clear' | 'insert' | 'delete' | 'name' | 'parameter' | 'bind' | 'rename';

/** Weights of the edits; a model without rebinding cells never rebinds. */
const EDIT_WEIGHTS: readonly (readonly [number, EditKind])[] = [
  [26, 'value'],
  [24, 'formula'],
  [6, 'paste'],
  [5, 'clear'],
  [14, 'insert'],
  [14, 'delete'],
  [5, 'name'],
  [5, 'parameter'],
  [1, 'bind'],
  [2, 'rename'],
];

/** Chance that a delete hitting a parameter's or an output's cell goes ahead (it makes the model fail to load). */
const DELETE_BOUND = 0.05;

/** A short description of what was done, for the run's trace; undefined when nothing applied. */
export type EditNote = string | undefined;

export function randomEdit(spec: ModelSpec, roles: SheetRoles, doc: Y.Doc, rng: Random, origin: unknown): EditNote {
  const kind = rng.weighted(EDIT_WEIGHTS);
  const sheets = listSheets(doc);
  switch (kind) {
    case 'value':
    case 'clear':
      return editValue(doc, sheets, rng, origin, kind === 'clear');
    case 'formula':
      return editFormula(spec, roles, doc, sheets, rng, origin);
    case 'paste':
      return paste(spec, roles, doc, sheets, rng, origin);
    case 'insert':
      return insertAxis(doc, sheets, rng, origin);
    case 'delete':
      return deleteAxis(doc, sheets, rng, origin);
    case 'name':
      return editName(spec, roles, doc, sheets, rng, origin);
    case 'parameter':
      return editParameter(doc, rng, origin);
    case 'bind':
      return rebind(spec, roles, doc, rng, origin);
    case 'rename':
      return rename(roles, doc, sheets, rng, origin);
  }
}

/** A value as a user types it: mostly numbers (integers and halves), sometimes text or a boolean. */
export function randomValue(rng: Random): CellContent {
  return rng.weighted<() => CellContent>([
    [8, () => rng.between(-20, 500)],
    [2, () => rng.between(-40, 400) / 2],
    [1, () => rng.pick(['x', 'GG25', 'WCB'])],
    [1, () => rng.chance(0.5)],
  ])();
}

function nonEmpty(sheets: readonly SheetSummary[]): SheetSummary[] {
  return sheets.filter((s) => s.rowCount > 0 && s.colCount > 0);
}

export function editValue(doc: Y.Doc, sheets: readonly SheetSummary[], rng: Random, origin: unknown, clear = false): EditNote {
  const candidates = nonEmpty(sheets);
  if (candidates.length === 0) return undefined;
  const sheet = rng.pick(candidates);
  const row = rng.int(sheet.rowCount);
  const col = rng.int(sheet.colCount);
  const value = clear ? null : randomValue(rng);
  setCell(doc, sheet.id, row, col, value, origin);
  return `set ${sheet.name}!R${row}C${col} = ${JSON.stringify(value)}`;
}

/** A reference into `target`, reaching up to one row and column past its end (so sheets grow). */
function randomRef(rng: Random, target: SheetSummary, shape: 'cell' | 'range' | 'column', absolute = false): string {
  const row = () => rng.int(target.rowCount + 1);
  const col = () => rng.int(Math.max(1, target.colCount) + 1);
  const abs = () => absolute || rng.chance(0.3);
  const sheet = target.name;
  let ref: A1Reference;
  if (shape === 'cell') {
    ref = { start: { sheet, col: { at: col(), absolute: abs() }, row: { at: row(), absolute: abs() } } };
  } else if (shape === 'range') {
    const [r1, r2] = [row(), row()].sort((a, b) => a - b) as [number, number];
    const [c1, c2] = [col(), col()].sort((a, b) => a - b) as [number, number];
    ref = { start: { sheet, col: { at: c1, absolute: abs() }, row: { at: r1, absolute: abs() } }, end: { col: { at: c2, absolute: abs() }, row: { at: r2, absolute: abs() } } };
  } else {
    const c = col();
    ref = { start: { sheet, col: { at: c, absolute: abs() } }, end: { col: { at: c, absolute: abs() } } };
  }
  return formatA1Reference(ref);
}

const TEMPLATES: readonly ((cell: () => string, range: () => string, name: () => string, n: number) => string)[] = [
  (cell) => `=${cell()}`,
  (cell, range) => `=SUM(${range()})+${cell()}`,
  (cell) => `=${cell()}*${cell()}-${cell()}`,
  (cell, range, _name, n) => `=IF(${cell()}>${n},${cell()},SUM(${range()}))`,
  (_cell, range, _name, n) => `=MAX(${range()})*${n}`,
  (cell, _range, name) => `=SUM(${name()})+${cell()}`,
  (cell, _range, _name, n) => `=ROUND(${cell()}/${n + 1},2)`,
  (_cell, range) => `=COUNT(${range()})+MIN(${range()})`,
];

/** A formula for `sheet` referring only to the sheets it may read; undefined if it may read none. */
function randomFormula(spec: ModelSpec, roles: SheetRoles, sheets: readonly SheetSummary[], sheet: SheetSummary, rng: Random): string | undefined {
  const readable = sheets.filter((s) => (roles.formula.get(sheet.id) ?? []).includes(s.id) && s.rowCount + s.colCount > 0);
  if (readable.length === 0) return undefined;
  const cell = () => randomRef(rng, rng.pick(readable), 'cell');
  const range = () => randomRef(rng, rng.pick(readable), rng.chance(0.15) ? 'column' : 'range');
  const name = () => (spec.formulaNames.length > 0 ? rng.pick(spec.formulaNames) : cell());
  return rng.pick(TEMPLATES)(cell, range, name, rng.between(1, 9));
}

function editFormula(spec: ModelSpec, roles: SheetRoles, doc: Y.Doc, sheets: readonly SheetSummary[], rng: Random, origin: unknown): EditNote {
  const targets = nonEmpty(sheets).filter((s) => roles.formula.has(s.id));
  if (targets.length === 0) return undefined;
  const sheet = rng.pick(targets);
  const formula = randomFormula(spec, roles, sheets, sheet, rng);
  if (formula === undefined) return undefined;
  const row = rng.int(sheet.rowCount);
  const col = rng.int(sheet.colCount);
  setCell(doc, sheet.id, row, col, formula, origin);
  return `set ${sheet.name}!R${row}C${col} = ${formula}`;
}

/** A paste: a block of up to 3 × 3 cells in one transaction, some left as they are, possibly running past the sheet's end (it grows). */
function paste(spec: ModelSpec, roles: SheetRoles, doc: Y.Doc, sheets: readonly SheetSummary[], rng: Random, origin: unknown): EditNote {
  const candidates = nonEmpty(sheets);
  if (candidates.length === 0) return undefined;
  const sheet = rng.pick(candidates);
  const formulas = roles.formula.has(sheet.id) && rng.chance(0.4);
  const block: (CellContent | undefined)[][] = Array.from({ length: rng.between(1, 3) }, () =>
    Array.from({ length: rng.between(1, 3) }, () => {
      if (rng.chance(0.15)) return undefined;
      return formulas ? (randomFormula(spec, roles, sheets, sheet, rng) ?? null) : rng.chance(0.1) ? null : randomValue(rng);
    }),
  );
  const row = rng.int(sheet.rowCount);
  const col = rng.int(sheet.colCount);
  setCells(doc, sheet.id, row, col, block, origin);
  return `paste at ${sheet.name}!R${row}C${col}: ${JSON.stringify(block)}`;
}

function insertAxis(doc: Y.Doc, sheets: readonly SheetSummary[], rng: Random, origin: unknown): EditNote {
  const sheet = rng.pick(sheets);
  const rows = rng.chance(0.6);
  const size = rows ? sheet.rowCount : sheet.colCount;
  const at = rng.int(size + 1);
  const count = rng.between(1, 2);
  (rows ? insertRows : insertColumns)(doc, sheet.id, at, count, origin);
  return `insert ${count} ${rows ? 'rows' : 'cols'} at ${at} of ${sheet.name}`;
}

/** Rows and columns (by sheet name) holding a parameter's or an output's cell, as this replica sees them. */
function boundLines(doc: Y.Doc): { rows: Set<string>; cols: Set<string> } {
  const rows = new Set<string>();
  const cols = new Set<string>();
  const refs = [...readRecords(doc, 'parameters').map((p) => p.bind), ...readRecords(doc, 'outputs').map((o) => o.ref)];
  for (const text of refs) {
    if (typeof text !== 'string') continue;
    const ref = parseBareReference(text);
    const sheet = ref?.start.sheet;
    if (!ref || sheet === undefined || !ref.start.row || !ref.start.col) continue;
    rows.add(`${sheet.toLowerCase()}:${ref.start.row.at}`);
    cols.add(`${sheet.toLowerCase()}:${ref.start.col.at}`);
  }
  return { rows, cols };
}

function deleteAxis(doc: Y.Doc, sheets: readonly SheetSummary[], rng: Random, origin: unknown): EditNote {
  const sheet = rng.pick(sheets);
  const rows = rng.chance(0.6);
  const size = rows ? sheet.rowCount : sheet.colCount;
  // Keep a line on each axis, so the sheet stays editable.
  if (size <= 1) return undefined;
  const at = rng.int(size - 1);
  const count = Math.min(rng.between(1, 2), size - 1 - at) || 1;
  const bound = boundLines(doc)[rows ? 'rows' : 'cols'];
  const hits = Array.from({ length: count }, (_, k) => `${sheet.name.toLowerCase()}:${at + k}`).some((key) => bound.has(key));
  if (hits && !rng.chance(DELETE_BOUND)) return undefined;
  (rows ? deleteRows : deleteColumns)(doc, sheet.id, at, count, origin);
  return `delete ${count} ${rows ? 'rows' : 'cols'} at ${at} of ${sheet.name}${hits ? ' (a bound cell)' : ''}`;
}

function editName(spec: ModelSpec, roles: SheetRoles, doc: Y.Doc, sheets: readonly SheetSummary[], rng: Random, origin: unknown): EditNote {
  if (spec.editableNames.length === 0) return undefined;
  const name = rng.pick(spec.editableNames);
  const current = readRecords(doc, 'names').find((n) => n.name === name);
  if (!current) return undefined;
  const values = sheets.filter((s) => roles.value.has(s.id) && s.rowCount > 0 && s.colCount > 0);
  if (values.length === 0) return undefined;
  // A name keeps its shape (a cell stays a cell), so what uses it still makes sense.
  const wasRange = typeof current.expression === 'string' && current.expression.includes(':');
  const target = rng.pick(values);
  const expression = `=${randomRef(rng, target, wasRange ? 'range' : 'cell', true)}`;
  updateRecord(doc, 'names', name, { expression }, origin);
  return `name ${name} = ${expression}`;
}

function editParameter(doc: Y.Doc, rng: Random, origin: unknown): EditNote {
  const params = readRecords(doc, 'parameters');
  if (params.length === 0) return undefined;
  const p = rng.pick(params);
  const id = String(p.id);
  if (rng.chance(0.3)) {
    const label = { [rng.pick(['zh', 'en'])]: `${id}-${rng.int(1000)}` };
    updateRecord(doc, 'parameters', id, { label }, origin);
    return `parameter ${id} label ${JSON.stringify(label)}`;
  }
  const value = newDefault(p, rng);
  if (value === undefined) return undefined;
  updateRecord(doc, 'parameters', id, { default: value }, origin);
  return `parameter ${id} default ${JSON.stringify(value)}`;
}

/** A default the parameter's own domain accepts (min, max, step, options). */
function newDefault(p: JsonRecord, rng: Random): number | string | boolean | undefined {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  switch (p.type) {
    case 'number':
    case 'integer': {
      const min = num(p.min) ?? 0;
      const max = num(p.max) ?? min + 1000;
      const step = num(p.step) ?? (p.type === 'integer' ? 1 : 0.5);
      const steps = Math.floor((max - min) / step);
      if (steps < 0) return undefined;
      return min + step * rng.int(Math.min(steps, 400) + 1);
    }
    case 'choice': {
      const options = Array.isArray(p.options) ? p.options : [];
      const option = options.length > 0 ? rng.pick(options) : undefined;
      const value = typeof option === 'object' && option !== null && !Array.isArray(option) ? option.value : undefined;
      return typeof value === 'string' || typeof value === 'number' ? value : undefined;
    }
    case 'boolean':
      return p.default !== true;
    default:
      return undefined;
  }
}

function rebind(spec: ModelSpec, roles: SheetRoles, doc: Y.Doc, rng: Random, origin: unknown): EditNote {
  if (spec.bindCells.length === 0) return undefined;
  const params = readRecords(doc, 'parameters');
  if (params.length === 0) return undefined;
  const id = String(rng.pick(params).id);
  const [sheetName = '', cell = ''] = rng.pick(spec.bindCells).split('!');
  // The spec names sheets as they were at the start; a rename since then is followed by id.
  const sheetId = roles.idByFirstName.get(sheetName);
  const sheet = listSheets(doc).find((s) => s.id === sheetId);
  if (!sheet) return undefined;
  const bind = `${formatSheetName(sheet.name)}!${cell}`;
  // The cell may be a formula's or another parameter's by now: then the model stops loading, on every replica alike.
  updateRecord(doc, 'parameters', id, { bind }, origin);
  return `parameter ${id} bind ${bind}`;
}

function rename(roles: SheetRoles, doc: Y.Doc, sheets: readonly SheetSummary[], rng: Random, origin: unknown): EditNote {
  const sheet = rng.pick(sheets);
  const name = rng.pick(roles.renames.get(sheet.id) ?? [sheet.name]);
  if (name === sheet.name || sheets.some((s) => s.id !== sheet.id && s.name.toLowerCase() === name.toLowerCase())) return undefined;
  renameSheet(doc, sheet.id, name, origin);
  return `rename ${sheet.name} → ${formatSheetName(name)}`;
}
