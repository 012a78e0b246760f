/**
 * Composition: a workbook and its modules → one HyperFormula engine, plus the load-time checks
 * that need formulas evaluated (bindings, syntax, unknown functions and names, missing sheets,
 * circular references).
 *
 * How modules are placed: each module's sheets are copied into the product's engine under a
 * prefixed name (`actuator·Sizing`), its names become names scoped to its own sheets (so two
 * modules may both define `Rate`), and each of its outputs becomes a name in the including
 * workbook's scope (`actuator.unit_price`). Formulas inside a module are rewritten for the
 * prefixed sheet names by HyperFormula itself (renameSheet updates every reference), so no
 * home-made formula parser is involved. A module's inputs are formulas of the including
 * workbook; they sit in a bridge sheet (`·inputs`) of the includer, and the module's parameter
 * cells point there, so the includer's names resolve in the includer's scope.
 */
import { DetailedCellError, ErrorType, HyperFormula } from 'hyperformula';
import type { RawCellContent, SimpleCellAddress, SimpleCellRange } from 'hyperformula';
import { ErrorSink } from './errors.js';
import type { JsonPathSegment, WorkbookError } from './errors.js';
import { columnLetters, formatA1, parseA1 } from './a1.js';
import { ENGINE_CONFIG } from './engineConfig.js';
import { installExcelRounding } from './excelRounding.js';
import type { WorkbookNode } from './load.js';
import { toEngineValue } from './parameters.js';
import type { CellContent, Parameter, Workbook } from './schema.js';

export { ENGINE_CONFIG } from './engineConfig.js';

/** Separator of module prefixes in sheet names; sheet names in files may not contain it. */
export const MODULE_SEPARATOR = '·';
const BRIDGE_SHEET_SUFFIX = `${MODULE_SEPARATOR}inputs`;

export type Target =
  | { readonly kind: 'cell'; readonly address: SimpleCellAddress }
  /** A name holding a constant; module names exist once per scope sheet. */
  | { readonly kind: 'name'; readonly name: string; readonly scopes: readonly (number | undefined)[] };

/** Where a cell of the composed engine came from, for messages and explanations. */
export interface CellOrigin {
  readonly file: string;
  readonly path: readonly JsonPathSegment[];
  /** Module alias chain, e.g. `actuator` or `actuator.gear`; empty for the product itself. */
  readonly module: string;
  /** What the cell is when no text beside it says so (module inputs: `actuator.torque_nm`). */
  readonly label?: string;
}

export interface Instance {
  readonly node: WorkbookNode;
  /** Sheet-name prefix: '' for the root, `actuator·` for a module. */
  readonly prefix: string;
  /** Alias chain (`actuator.gear`); '' for the root. */
  readonly modulePath: string;
  readonly parent: Instance | undefined;
  /** HF sheet id per sheet of the workbook, in file order. */
  readonly sheetIds: number[];
  bridgeSheetId: number | undefined;
  /** Sheets whose formulas see this instance's names: its own sheets and its bridge sheet. */
  readonly scopeSheets: number[];
}

export interface ComposedModel {
  readonly hf: HyperFormula;
  readonly root: Instance;
  readonly instances: readonly Instance[];
  /** Root parameters and outputs, by id. */
  readonly parameterTargets: ReadonlyMap<string, Target>;
  readonly outputTargets: ReadonlyMap<string, Target>;
  /** Cell key (`sheet:row:col`) → what the cell is, for explain. */
  readonly cellRoles: ReadonlyMap<string, CellRole>;
  readonly origins: ReadonlyMap<string, CellOrigin>;
}

/** A parameter's cell (a module's parameter cell holds a formula pointing at its input). */
export interface CellRole {
  readonly parameter: Parameter;
  readonly module: string;
}

export type ComposeResult = { ok: true; model: ComposedModel } | { ok: false; errors: WorkbookError[] };

export const cellKey = (a: SimpleCellAddress): string => `${a.sheet}:${a.row}:${a.col}`;

type Grid = RawCellContent[][];

interface FormulaCell {
  readonly address: SimpleCellAddress;
  readonly origin: CellOrigin;
  /** The formula as written in the file (module formulas are rewritten for prefixed sheets). */
  readonly source: string;
}

function isFormula(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('=');
}

function gridOf(sheet: Workbook['sheets'][number]): { grid: Grid; at: Map<string, JsonPathSegment[]> } {
  const grid: Grid = [];
  const at = new Map<string, JsonPathSegment[]>();
  const put = (row: number, col: number, v: CellContent, path: JsonPathSegment[]) => {
    const r = (grid[row] ??= []);
    while (r.length < col) r.push(null);
    r[col] = v;
    if (v !== null) at.set(`${row}:${col}`, path);
  };
  sheet.rows?.forEach((row, r) => row.forEach((v, c) => put(r, c, v, ['rows', r, c])));
  for (const [key, v] of Object.entries(sheet.cells ?? {})) {
    const pos = parseA1(key);
    if (pos) put(pos.row, pos.col, v, ['cells', key]);
  }
  for (let r = 0; r < grid.length; r++) grid[r] ??= [];
  return { grid, at };
}

/** `Sheet!B2`, `'My sheet'!$B$2` → sheet name and position; undefined if not a cell reference. */
export function splitCellRef(ref: string): { sheet: string; row: number; col: number } | undefined {
  const m = /^(?:'([^']+)'|([^!']+))!\$?([A-Z]{1,3})\$?([0-9]+)$/.exec(ref.trim());
  if (!m) return undefined;
  const pos = parseA1(`${m[3]}${m[4]}`);
  if (!pos) return undefined;
  return { sheet: (m[1] ?? m[2] ?? '').trim(), ...pos };
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function describeNameProblem(name: string): string {
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(name) || /^[Rr][0-9]*[Cc][0-9]*$/.test(name)) {
    return `"${name}" looks like a cell address and cannot be a name; choose another, such as "${name.replace(/([0-9])/, '_$1')}"`;
  }
  return `"${name}" cannot be a name: use letters, digits, "_" and ".", starting with a letter or "_"`;
}

/**
 * Rewrite a module's formulas for its prefixed sheet names: in an engine holding the module's
 * sheets under their own names, put the extra formulas on a scratch sheet, rename the sheets
 * (HyperFormula updates every reference), read everything back, and undo the renames. The
 * engine is the module's own, checked standalone, so no parser is built for this; a fresh
 * scratch engine is used only when a prefixed name is already taken in it.
 */
function rewriteForPrefix(
  checkedEngine: HyperFormula | undefined,
  grids: readonly Grid[],
  sheetNames: readonly string[],
  extras: readonly CellContent[],
  prefix: string,
): { grids: Grid[]; extras: CellContent[] } {
  const scratchName = `${MODULE_SEPARATOR}scratch`;
  const clash = (hf: HyperFormula) => hf.doesSheetExist(scratchName) || sheetNames.some((n) => hf.doesSheetExist(prefix + n));
  const own = checkedEngine !== undefined && !clash(checkedEngine);
  let engine: HyperFormula;
  if (own) engine = checkedEngine;
  else {
    const sheets: Record<string, Grid> = {};
    sheetNames.forEach((n, i) => (sheets[n] = grids[i] ?? []));
    engine = HyperFormula.buildFromSheets(sheets, { ...ENGINE_CONFIG, maxRows: 1_048_576, maxColumns: 16_384 });
  }
  const ids = sheetNames.map((n) => engine.getSheetId(n) as number);
  const scratchId = engine.getSheetId(engine.addSheet(scratchName)) as number;
  try {
    engine.setSheetContent(scratchId, extras.map((e) => [e]));
    ids.forEach((id, i) => engine.renameSheet(id, prefix + sheetNames[i]));
    return {
      grids: ids.map((id) => engine.getSheetSerialized(id)),
      extras: extras.map((e, i) => (isFormula(e) ? (engine.getCellSerialized({ sheet: scratchId, row: i, col: 0 }) as CellContent) : e)),
    };
  } finally {
    if (own) {
      ids.forEach((id, i) => engine.renameSheet(id, sheetNames[i] as string));
      engine.removeSheet(scratchId);
    } else engine.destroy();
  }
}

/** Module parameters get defaults when the include gives them no input. */
function defaultCellContent(p: Parameter): RawCellContent {
  return toEngineValue(p, p.default);
}

interface PlannedName {
  readonly name: string;
  readonly expression: RawCellContent;
  readonly scopes: readonly (number | undefined)[];
  readonly origin: CellOrigin;
}

/** A module workbook composed on its own: its errors, or its engine (kept to rewrite its sheets). */
interface ModuleCheck {
  readonly errors: readonly WorkbookError[];
  readonly engine?: HyperFormula;
}

/**
 * Compose `rootNode` with its modules into one engine. Each module is first composed on its
 * own: a module must stand alone (its formulas may use only its own sheets, names and
 * modules), otherwise inside a product it could silently pick up the product's sheets or names.
 */
export function composeModel(rootNode: WorkbookNode): ComposeResult {
  installExcelRounding();
  const checked = new Map<string, ModuleCheck>();
  try {
    return composeTree(rootNode, checked);
  } finally {
    for (const c of checked.values()) c.engine?.destroy();
  }
}

function composeTree(rootNode: WorkbookNode, checked: Map<string, ModuleCheck>): ComposeResult {
  const moduleErrors: WorkbookError[] = [];
  for (const child of rootNode.children) {
    let found = checked.get(child.file);
    if (found === undefined) {
      const alone = composeTree(child, checked);
      found = alone.ok ? { errors: [], engine: alone.model.hf } : { errors: alone.errors };
      checked.set(child.file, found);
    }
    moduleErrors.push(...found.errors.filter((e) => !moduleErrors.includes(e)));
  }
  if (moduleErrors.length > 0) return { ok: false, errors: moduleErrors };
  return composeChecked(rootNode, (file) => checked.get(file)?.engine);
}

function composeChecked(rootNode: WorkbookNode, checkedEngine: (file: string) => HyperFormula | undefined): ComposeResult {
  const errors: WorkbookError[] = [];
  const sinks = new Map<string, ErrorSink>();
  const sinkFor = (file: string) => {
    let s = sinks.get(file);
    if (!s) sinks.set(file, (s = new ErrorSink(file)));
    return s;
  };

  // 1. Instances, depth first, with their prefixes.
  const instances: Instance[] = [];
  const walk = (node: WorkbookNode, parent: Instance | undefined): void => {
    const prefix = parent ? `${parent.prefix}${node.alias}${MODULE_SEPARATOR}` : '';
    const modulePath = parent ? (parent.modulePath ? `${parent.modulePath}.${node.alias}` : node.alias) : '';
    const inst: Instance = { node, prefix, modulePath, parent, sheetIds: [], bridgeSheetId: undefined, scopeSheets: [] };
    instances.push(inst);
    for (const child of node.children) walk(child, inst);
  };
  walk(rootNode, undefined);
  const root = instances[0] as Instance;
  const childrenOf = (inst: Instance) => instances.filter((i) => i.parent === inst);

  // 2. Grids, rewritten for prefixes; the extras are names, child inputs and own output refs.
  interface Prepared {
    grids: Grid[];
    /** Grids as written in the file, for messages. */
    original: Grid[];
    at: Map<string, JsonPathSegment[]>[];
    names: CellContent[];
    inputs: { child: Instance; param: string; content: CellContent; source: CellContent }[];
    outputRefs: (CellContent | undefined)[];
  }
  const prepared = new Map<Instance, Prepared>();
  for (const inst of instances) {
    const wb = inst.node.workbook;
    const built = wb.sheets.map(gridOf);
    const names = wb.names.map((n) => n.expression as CellContent);
    const inputs = childrenOf(inst).flatMap((child) =>
      Object.entries(child.node.include?.def.inputs ?? {}).map(([param, content]) => ({ child, param, content })),
    );
    const outputRefs = wb.outputs.map((o) => {
      const cell = splitCellRef(o.ref);
      return cell ? `=${quoteSheet(cell.sheet)}!$${columnLetters(cell.col)}$${cell.row + 1}` : undefined;
    });
    const extras: CellContent[] = [...names, ...inputs.map((i) => i.content), ...outputRefs.map((r) => r ?? null)];
    let grids = built.map((b) => b.grid);
    let rewritten = extras;
    if (inst.prefix !== '') {
      ({ grids, extras: rewritten } = rewriteForPrefix(checkedEngine(inst.node.file), grids, wb.sheets.map((s) => s.name), extras, inst.prefix));
    }
    prepared.set(inst, {
      grids,
      original: built.map((b) => b.grid),
      at: built.map((b) => b.at),
      names: rewritten.slice(0, names.length),
      inputs: inputs.map((inp, i) => ({ ...inp, source: inp.content, content: rewritten[names.length + i] ?? null })),
      outputRefs: rewritten.slice(names.length + inputs.length).map((r) => (r === null ? undefined : r)),
    });
  }

  // 3. Sheet ids are assigned in insertion order; plan them, then place bridge formulas and
  //    module parameter cells (inputs or defaults).
  const sheets: Record<string, Grid> = {};
  const sheetOrder: string[] = [];
  const addSheet = (name: string, grid: Grid) => {
    sheets[name] = grid;
    sheetOrder.push(name);
    return sheetOrder.length - 1;
  };
  const bridgeCell = new Map<Instance, Map<string, number>>(); // child → param → bridge row
  const origins = new Map<string, CellOrigin>();
  const formulaCells: FormulaCell[] = [];
  for (const inst of instances) {
    const prep = prepared.get(inst) as Prepared;
    const wb = inst.node.workbook;
    wb.sheets.forEach((s, i) => {
      const id = addSheet(inst.prefix + s.name, prep.grids[i] ?? []);
      inst.sheetIds.push(id);
      inst.scopeSheets.push(id);
    });
    if (prep.inputs.length > 0) {
      const grid: Grid = prep.inputs.map((inp) => [inp.content]);
      const id = addSheet(`${inst.prefix}${BRIDGE_SHEET_SUFFIX}`, grid);
      inst.bridgeSheetId = id;
      inst.scopeSheets.push(id);
      prep.inputs.forEach((inp, row) => {
        const byParam = bridgeCell.get(inp.child) ?? new Map<string, number>();
        byParam.set(inp.param, row);
        bridgeCell.set(inp.child, byParam);
        const index = inp.child.node.include?.index ?? 0;
        const origin: CellOrigin = {
          file: inst.node.file,
          path: ['modules', index, 'inputs', inp.param],
          module: inst.modulePath,
          label: `${inp.child.node.alias}.${inp.param}`,
        };
        origins.set(cellKey({ sheet: id, row, col: 0 }), origin);
        if (isFormula(inp.content)) formulaCells.push({ address: { sheet: id, row, col: 0 }, origin, source: String(inp.source) });
      });
    }
  }
  for (const inst of instances) {
    const prep = prepared.get(inst) as Prepared;
    inst.node.workbook.sheets.forEach((_s, i) => {
      const sheetId = inst.sheetIds[i] as number;
      for (const [pos, path] of prep.at[i] ?? []) {
        const [row, col] = pos.split(':').map(Number) as [number, number];
        const origin: CellOrigin = { file: inst.node.file, path: ['sheets', i, ...path], module: inst.modulePath };
        origins.set(cellKey({ sheet: sheetId, row, col }), origin);
        const written = prep.original[i]?.[row]?.[col];
        if (isFormula(written)) formulaCells.push({ address: { sheet: sheetId, row, col }, origin, source: written });
      }
    });
  }

  // 4. Parameter bindings (cells get their default or their module input before the build).
  const cellRoles = new Map<string, CellRole>();
  const namePlans: PlannedName[] = [];
  const nameOverrides = new Map<string, RawCellContent>(); // `${instanceIndex}:${name}` → constant or bridge ref
  const parameterCells = new Map<Instance, Map<string, SimpleCellAddress>>();
  const sheetIdOf = (inst: Instance, sheetName: string): number | undefined => {
    const i = inst.node.workbook.sheets.findIndex((s) => s.name.toLowerCase() === sheetName.toLowerCase());
    return i >= 0 ? inst.sheetIds[i] : undefined;
  };
  const localName = (inst: Instance, name: string) => inst.node.workbook.names.findIndex((n) => n.name.toLowerCase() === name.toLowerCase());

  for (const [ii, inst] of instances.entries()) {
    const sink = sinkFor(inst.node.file);
    const wb = inst.node.workbook;
    const prep = prepared.get(inst) as Prepared;
    const inputRow = bridgeCell.get(inst);
    const bridgeRef = (param: string): RawCellContent | undefined => {
      const row = inputRow?.get(param);
      const parent = inst.parent;
      if (row === undefined || parent?.bridgeSheetId === undefined) return undefined;
      return `=${quoteSheet(sheetOrder[parent.bridgeSheetId] as string)}!$A$${row + 1}`;
    };
    const cells = new Map<string, SimpleCellAddress>();
    parameterCells.set(inst, cells);
    // Inputs naming parameters the module does not have.
    if (inst.node.include && inst.parent) {
      for (const param of Object.keys(inst.node.include.def.inputs ?? {})) {
        if (!wb.parameters.some((p) => p.id === param)) {
          const parent = inst.parent as Instance;
          sinkFor(parent.node.file).add(['modules', inst.node.include.index, 'inputs', param], `module "${inst.node.alias}" (${inst.node.file}) has no parameter "${param}"`);
        }
      }
    }
    wb.parameters.forEach((p, pi) => {
      const at: JsonPathSegment[] = ['parameters', pi, 'bind'];
      const content = inst.parent ? (bridgeRef(p.id) ?? defaultCellContent(p)) : defaultCellContent(p);
      let address: SimpleCellAddress | undefined;
      const cellRef = splitCellRef(p.bind);
      if (cellRef) {
        const sheet = sheetIdOf(inst, cellRef.sheet);
        if (sheet === undefined) return sink.add(at, `sheet "${cellRef.sheet}" does not exist`);
        address = { sheet, row: cellRef.row, col: cellRef.col };
      } else {
        const ni = localName(inst, p.bind);
        if (ni < 0) return sink.add(at, `no cell or name "${p.bind}" in this workbook; write a cell as Sheet!B2 or give a name from "names"`);
        const expr = prep.names[ni];
        const ref = typeof expr === 'string' && expr.startsWith('=') ? splitCellRef(expr.slice(1)) : undefined;
        if (ref) {
          // A name that is a reference to one cell: the parameter lives in that cell.
          const sheet = sheetOrder.findIndex((n) => n.toLowerCase() === ref.sheet.toLowerCase());
          if (sheet < 0) return sink.add(at, `name "${p.bind}" refers to sheet "${ref.sheet}", which does not exist`);
          address = { sheet, row: ref.row, col: ref.col };
        } else if (isFormula(expr)) {
          return sink.add(at, `name "${p.bind}" is a formula (${String(expr)}); a parameter binds to a value cell or to a name holding a constant`);
        } else {
          nameOverrides.set(`${ii}:${wb.names[ni]?.name.toLowerCase()}`, content);
          return;
        }
      }
      const sheetName = sheetOrder[address.sheet] as string;
      const grid = sheets[sheetName] as Grid;
      const existing = grid[address.row]?.[address.col];
      if (isFormula(existing)) {
        return sink.add(at, `cell ${p.bind} holds a formula (${existing}); a parameter must bind to a value cell`);
      }
      const key = cellKey(address);
      if (cellRoles.has(key)) return sink.add(at, `cell ${p.bind} is already bound to another parameter`);
      // Fill every row up to the bound one: HyperFormula refuses a sheet with holes in its rows.
      while (grid.length <= address.row) grid.push([]);
      const row = grid[address.row] as RawCellContent[];
      while (row.length < address.col) row.push(null);
      row[address.col] = content;
      cells.set(p.id, address);
      cellRoles.set(key, { parameter: p, module: inst.modulePath });
      if (isFormula(content)) formulaCells.push({ address, origin: { file: inst.node.file, path: at, module: inst.modulePath }, source: content });
    });
    // Names: the workbook's own, then outputs of its children exposed as `<alias>.<output>`.
    const scopes = inst.parent ? inst.scopeSheets : [undefined];
    wb.names.forEach((n, ni) => {
      const override = nameOverrides.get(`${ii}:${n.name.toLowerCase()}`);
      namePlans.push({ name: n.name, expression: override ?? (prep.names[ni] as RawCellContent), scopes, origin: { file: inst.node.file, path: ['names', ni], module: inst.modulePath } });
    });
    for (const child of childrenOf(inst)) {
      const childPrep = prepared.get(child) as Prepared;
      child.node.workbook.outputs.forEach((o, oi) => {
        let expression: RawCellContent | undefined = childPrep.outputRefs[oi];
        if (expression === undefined) {
          const ni = localName(child, o.ref);
          expression = ni >= 0 ? (childPrep.names[ni] as RawCellContent) : undefined;
        }
        if (expression === undefined) return; // reported with the child's own outputs below
        namePlans.push({ name: `${child.node.alias}.${o.id}`, expression, scopes, origin: { file: child.node.file, path: ['outputs', oi, 'ref'], module: child.modulePath } });
      });
    }
  }
  for (const s of sinks.values()) errors.push(...s.errors);
  if (errors.length > 0) return { ok: false, errors };

  // 5. The engine. Names go in with the sheets, so every formula is evaluated once; only if
  //    HyperFormula refuses one are they added one by one, to say which name is at fault.
  const config = { ...ENGINE_CONFIG, maxRows: 1_048_576, maxColumns: 16_384 };
  const serializedNames = namePlans.flatMap((plan) =>
    plan.scopes.map((scope) => ({ name: plan.name, expression: plan.expression, ...(scope === undefined ? {} : { scope }) })),
  );
  let hf: HyperFormula;
  try {
    hf = HyperFormula.buildFromSheets(sheets, config, serializedNames);
  } catch {
    hf = HyperFormula.buildFromSheets(sheets, config);
    addNamesOneByOne(hf, namePlans, sinkFor);
  }
  let failed = true;
  try {
    // 6. Root outputs and module outputs must point somewhere real.
    const outputTargets = new Map<string, Target>();
    for (const inst of instances) {
      const sink = sinkFor(inst.node.file);
      inst.node.workbook.outputs.forEach((o, oi) => {
        const at: JsonPathSegment[] = ['outputs', oi, 'ref'];
        const cellRef = splitCellRef(o.ref);
        let target: Target | undefined;
        if (cellRef) {
          const sheet = sheetIdOf(inst, cellRef.sheet);
          if (sheet === undefined) return sink.add(at, `sheet "${cellRef.sheet}" does not exist`);
          target = { kind: 'cell', address: { sheet, row: cellRef.row, col: cellRef.col } };
        } else {
          const scopes = inst.parent ? [inst.scopeSheets[0]] : [undefined];
          if (hf.getNamedExpression(o.ref, scopes[0]) === undefined && hf.getNamedExpression(o.ref) === undefined) {
            return sink.add(at, `no cell or name "${o.ref}"; write a cell as Sheet!B2 or give a name`);
          }
          target = { kind: 'name', name: o.ref, scopes: hf.getNamedExpression(o.ref, scopes[0]) ? scopes : [undefined] };
        }
        if (inst === root) outputTargets.set(o.id, target);
      });
    }

    // 7. Formula errors, each reported once, where it starts.
    reportFormulaErrors(hf, formulaCells, sinkFor, sheetOrder);
    reportNameErrors(hf, namePlans, sinkFor, sheetOrder);

    for (const s of sinks.values()) errors.push(...s.errors);
    if (errors.length > 0) return { ok: false, errors };

    const parameterTargets = new Map<string, Target>();
    for (const p of root.node.workbook.parameters) {
      const cell = parameterCells.get(root)?.get(p.id);
      if (cell) parameterTargets.set(p.id, { kind: 'cell', address: cell });
      else {
        const ni = localName(root, p.bind);
        const name = root.node.workbook.names[ni]?.name ?? p.bind;
        parameterTargets.set(p.id, { kind: 'name', name, scopes: [undefined] });
      }
    }
    failed = false;
    return { ok: true, model: { hf, root, instances, parameterTargets, outputTargets, cellRoles, origins } };
  } finally {
    if (failed) hf.destroy();
  }
}

function syntaxMessage(formula: string): string {
  // HyperFormula reads only a lower-case exponent: 1e17, not 1E17.
  const hint = /[0-9.]E[+-]?[0-9]/.test(withoutStrings(formula)) ? '; write exponents with a small e (1e17, not 1E17)' : '';
  return `formula ${JSON.stringify(formula)} cannot be read (syntax error${hint})`;
}

function addNamesOneByOne(hf: HyperFormula, plans: readonly PlannedName[], sinkFor: (file: string) => ErrorSink): void {
  hf.batch(() => {
    for (const plan of plans) {
      for (const scope of plan.scopes) {
        if (!hf.isItPossibleToAddNamedExpression(plan.name, plan.expression, scope)) {
          const at: JsonPathSegment[] = plan.origin.path[0] === 'names' ? [...plan.origin.path, 'name'] : [...plan.origin.path];
          sinkFor(plan.origin.file).add(at, describeNameProblem(plan.name));
          break;
        }
        hf.addNamedExpression(plan.name, plan.expression, scope);
      }
    }
  });
}

function detailedError(v: unknown): DetailedCellError | undefined {
  return v instanceof DetailedCellError ? v : undefined;
}

/** Text of a formula with string literals blanked, so names inside quotes do not count. */
function withoutStrings(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, '""');
}

function mentionsIdentifier(formula: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.])${escaped}($|[^A-Za-z0-9_.(])`, 'i').test(withoutStrings(formula));
}

function sheetsMentioned(formula: string): string[] {
  const found: string[] = [];
  const re = /(?:'((?:[^']|'')+)'|([A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*))!/g;
  for (const m of withoutStrings(formula).matchAll(re)) found.push((m[1] ?? m[2] ?? '').replace(/''/g, "'"));
  return found;
}

function reportFormulaErrors(
  hf: HyperFormula,
  cells: readonly FormulaCell[],
  sinkFor: (file: string) => ErrorSink,
  sheetOrder: readonly string[],
): void {
  const cycleCells = new Map<string, FormulaCell>();
  const existingSheets = new Set(sheetOrder.map((s) => s.toLowerCase()));
  const display = (a: SimpleCellAddress) => displayAddress(hf, a);
  for (const cell of cells) {
    const err = detailedError(hf.getCellValue(cell.address));
    if (!err) continue;
    const formula = String(hf.getCellFormula(cell.address) ?? '');
    const sink = sinkFor(cell.origin.file);
    if (err.type === ErrorType.CYCLE) {
      cycleCells.set(cellKey(cell.address), cell);
      continue;
    }
    const message = startingError(hf, err, formula, cell.source, existingSheets);
    if (message !== undefined) sink.add(cell.origin.path, message);
  }
  // Module inputs are formulas of the including workbook; a bare reference such as B3 would
  // point into the bridge sheet, which is never what the author meant.
  for (const cell of cells) {
    if (cell.origin.path[0] !== 'modules') continue;
    const onBridge = hf.getCellPrecedents(cell.address).some((p) => ('start' in p ? p.start.sheet : p.sheet) === cell.address.sheet);
    if (onBridge) sinkFor(cell.origin.file).add(cell.origin.path, `${JSON.stringify(cell.source)}: name the sheet of every cell (Inputs!B3), since inputs are read from the including workbook`);
  }
  reportCycles(hf, cycleCells, sinkFor, display);
}

/** `Calc!B4`, or `actuator·Sizing!B4` for a module cell: the sheet as the engine knows it. */
export function displayAddress(hf: HyperFormula, a: SimpleCellAddress): string {
  const sheet = hf.getSheetName(a.sheet) ?? `#${a.sheet}`;
  return `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) ? sheet : quoteSheet(sheet)}!${formatA1(a)}`;
}

function precedentCells(hf: HyperFormula, a: SimpleCellAddress, within: ReadonlyMap<string, FormulaCell>): SimpleCellAddress[] {
  const out: SimpleCellAddress[] = [];
  for (const p of hf.getCellPrecedents(a) as (SimpleCellAddress | SimpleCellRange)[]) {
    if ('start' in p) {
      for (const c of within.values()) {
        const x = c.address;
        if (x.sheet === p.start.sheet && x.row >= p.start.row && x.row <= p.end.row && x.col >= p.start.col && x.col <= p.end.col) out.push(x);
      }
    } else if (p.sheet >= 0 && within.has(cellKey(p))) {
      out.push(p);
    }
  }
  return out;
}

/** One error per cycle (strongly connected set of #CYCLE! cells), at its first cell, with the loop spelled out. */
function reportCycles(hf: HyperFormula, cycleCells: ReadonlyMap<string, FormulaCell>, sinkFor: (file: string) => ErrorSink, display: (a: SimpleCellAddress) => string): void {
  const done = new Set<string>();
  for (const [key, start] of cycleCells) {
    if (done.has(key)) continue;
    // Follow precedents among cycle cells until a cell repeats: that stretch is a loop.
    const path: SimpleCellAddress[] = [start.address];
    const index = new Map<string, number>([[key, 0]]);
    let loop: SimpleCellAddress[] | undefined;
    for (;;) {
      const current = path[path.length - 1] as SimpleCellAddress;
      const next = precedentCells(hf, current, cycleCells).find((p) => !done.has(cellKey(p)));
      if (!next) break;
      const k = cellKey(next);
      const seenAt = index.get(k);
      if (seenAt !== undefined) {
        loop = [...path.slice(seenAt), next];
        break;
      }
      index.set(k, path.length);
      path.push(next);
    }
    if (!loop) {
      // The loop runs through a name (invisible to cell precedents) or this cell only feeds on one.
      if (precedentCells(hf, start.address, cycleCells).length === 0) {
        sinkFor(start.origin.file).add(start.origin.path, `circular reference: ${display(start.address)} depends on itself through a name`);
      }
      done.add(key);
      continue;
    }
    // Report at the loop's cell that comes first in its file; reversed, so arrows read "uses".
    const members = loop.slice(0, -1);
    for (const m of members) done.add(cellKey(m));
    for (const p of path) done.add(cellKey(p));
    const first = members.map((m) => cycleCells.get(cellKey(m)) as FormulaCell).sort((a, b) => a.address.sheet - b.address.sheet || a.address.row - b.address.row || a.address.col - b.address.col)[0] as FormulaCell;
    const from = members.findIndex((m) => cellKey(m) === cellKey(first.address));
    const ordered = [...members.slice(from), ...members.slice(0, from), first.address];
    sinkFor(first.origin.file).add(first.origin.path, `circular reference: ${ordered.map(display).join(' → ')}`);
  }
}

function reportNameErrors(hf: HyperFormula, plans: readonly PlannedName[], sinkFor: (file: string) => ErrorSink, sheetOrder: readonly string[]): void {
  const existingSheets = new Set(sheetOrder.map((s) => s.toLowerCase()));
  for (const plan of plans) {
    if (!isFormula(plan.expression)) continue;
    const scope = plan.scopes[0];
    if (hf.getNamedExpression(plan.name, scope) === undefined) continue;
    const err = detailedError(hf.getNamedExpressionValue(plan.name, scope));
    if (!err) continue;
    const message = startingError(hf, err, plan.expression, plan.expression, existingSheets);
    const at: JsonPathSegment[] = plan.origin.path[0] === 'names' ? [...plan.origin.path, 'expression'] : [...plan.origin.path];
    if (message !== undefined) sinkFor(plan.origin.file).add(at, message);
  }
}

/**
 * If `err` starts in `formula` itself (rather than reaching it from a precedent), say what is
 * wrong; otherwise undefined, so each problem is reported once, where it starts.
 */
function startingError(hf: HyperFormula, err: DetailedCellError, formula: string, shown: string, existingSheets: ReadonlySet<string>): string | undefined {
  if (err.type === ErrorType.ERROR && err.message.startsWith('Parsing error')) {
    return hf.validateFormula(formula) ? undefined : syntaxMessage(shown);
  }
  if (err.type === ErrorType.NAME) {
    const fn = /^Function name (.+) not recognized\.$/.exec(err.message)?.[1];
    if (fn !== undefined && new RegExp(`(^|[^A-Za-z0-9_.])${fn.replace(/\./g, '\\.')}\\s*\\(`, 'i').test(withoutStrings(formula))) {
      return `unknown function ${fn} in ${JSON.stringify(shown)}`;
    }
    const nm = /^Named expression (.+) not recognized\.$/.exec(err.message)?.[1];
    if (nm !== undefined && mentionsIdentifier(formula, nm)) return `unknown name "${nm}" in ${JSON.stringify(shown)}`;
    return undefined;
  }
  if (err.type === ErrorType.REF && err.message === 'Sheet does not exist.') {
    const missing = sheetsMentioned(formula).find((s) => !existingSheets.has(s.toLowerCase()));
    return missing === undefined ? undefined : `${JSON.stringify(shown)} refers to sheet "${missing}", which does not exist`;
  }
  return undefined;
}
