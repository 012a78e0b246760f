/**
 * The price-model engine: a loaded workbook (with its modules) over one HyperFormula instance.
 * Set parameters in batches, read outputs, evaluate many configurations, explain an output.
 * Money leaves through `settle` only: rounded half away from zero, in integer minor units.
 */
import { DetailedCellError } from 'hyperformula';
import type { HyperFormula, SimpleCellAddress } from 'hyperformula';
import { currencyDecimals, fromMinor, settle } from '../pricing/money.js';
import { cellKey, composeModel } from './compose.js';
import { parseA1 } from './a1.js';
import type { ComposedModel, Target } from './compose.js';
import type { WorkbookError } from './errors.js';
import { explainTarget } from './explain.js';
import type { ExplainNode, ExplainOptions } from './explain.js';
import { loadWorkbookTree } from './load.js';
import type { WorkbookNode, WorkbookSource } from './load.js';
import { checkParameterValue, toEngineValue } from './parameters.js';
import type { ParameterValue } from './parameters.js';
import type { Output, OutputRole, Parameter, Workbook } from './schema.js';

export type CellScalar = number | string | boolean | null;

export interface OutputReading {
  readonly id: string;
  /** Money: the settled amount (e.g. 1234.57); otherwise the value as computed. Null on error. */
  readonly value: CellScalar;
  /** Money only: the settled amount in integer minor units (fen). */
  readonly minor?: number;
  /** Set when the output's cell holds an error such as #DIV/0! or #N/A. */
  readonly error?: { readonly code: string; readonly message: string };
}

export type Outputs = Readonly<Record<string, OutputReading>>;

export interface ParameterProblem {
  readonly parameter: string;
  readonly message: string;
}

export type SetResult = { ok: true } | { ok: false; problems: ParameterProblem[] };

/** A cell written through `setCells`: a product sheet's name, an A1 address, what to put there. */
export interface CellChange {
  readonly sheet: string;
  readonly cell: string;
  /** A number, text (`=…` is a formula), a boolean, or null to clear the cell. */
  readonly content: CellScalar;
}

export interface CellProblem {
  readonly sheet: string;
  readonly cell: string;
  readonly message: string;
}

export type CellWriteResult = { ok: true } | { ok: false; problems: CellProblem[] };

/** One configuration evaluated: its outputs, or why its values were refused. */
export type Evaluation = { ok: true; outputs: Outputs } | { ok: false; problems: ParameterProblem[] };

export type OpenResult = { ok: true; model: PriceModel } | { ok: false; errors: WorkbookError[] };

const MONEY_ROLES: ReadonlySet<OutputRole> = new Set(['unit_price', 'total_price', 'unit_cost', 'total_cost']);

export function isMoneyOutput(o: Output): boolean {
  return o.money ?? MONEY_ROLES.has(o.role);
}

export class PriceModel {
  private readonly hf: HyperFormula;
  private readonly current = new Map<string, ParameterValue>();
  private readonly parametersById: ReadonlyMap<string, Parameter>;
  private disposed = false;

  private constructor(
    private readonly composed: ComposedModel,
    readonly file: string,
  ) {
    this.hf = composed.hf;
    this.parametersById = new Map(this.workbook.parameters.map((p) => [p.id, p]));
    for (const p of this.workbook.parameters) this.current.set(p.id, p.default);
  }

  /** Load `file` and its modules through `source`; every problem comes back as a file/path error. */
  static async open(file: string, source: WorkbookSource): Promise<OpenResult> {
    const tree = await loadWorkbookTree(file, source);
    if (!tree.ok) return tree;
    return PriceModel.fromTree(tree.root);
  }

  static fromTree(root: WorkbookNode): OpenResult {
    let composed: ReturnType<typeof composeModel>;
    try {
      composed = composeModel(root);
    } catch (e) {
      // Every known problem is reported as a file/path error; this is the net under them, so a
      // user still gets one line instead of a stack trace.
      return { ok: false, errors: [{ file: root.file, path: '$', message: `the formula engine refused this workbook: ${(e as Error).message}` }] };
    }
    if (!composed.ok) return composed;
    return { ok: true, model: new PriceModel(composed.model, root.file) };
  }

  get workbook(): Workbook {
    return this.composed.root.node.workbook;
  }

  get parameters(): readonly Parameter[] {
    return this.workbook.parameters;
  }

  get outputs(): readonly Output[] {
    return this.workbook.outputs;
  }

  /** The engine, for the document binding and the grid. Do not write to it behind the model's back. */
  get engine(): HyperFormula {
    return this.hf;
  }

  values(): Record<string, ParameterValue> {
    return Object.fromEntries(this.current);
  }

  /**
   * Set any number of parameters at once, recalculating once. All values are checked first;
   * if any is invalid nothing changes and every problem is returned.
   */
  set(values: Readonly<Record<string, unknown>>): SetResult {
    this.assertOpen();
    const problems: ParameterProblem[] = [];
    const accepted: [Parameter, ParameterValue][] = [];
    for (const [id, value] of Object.entries(values)) {
      const p = this.parametersById.get(id);
      if (!p) {
        problems.push({ parameter: id, message: `unknown parameter "${id}"` });
        continue;
      }
      const problem = checkParameterValue(p, value);
      if (problem !== undefined) problems.push({ parameter: id, message: problem });
      else accepted.push([p, value as ParameterValue]);
    }
    if (problems.length > 0) return { ok: false, problems };
    const changed = accepted.filter(([p, v]) => this.current.get(p.id) !== v);
    if (changed.length === 0) return { ok: true };
    this.hf.batch(() => {
      for (const [p, v] of changed) this.write(this.composed.parameterTargets.get(p.id) as Target, toEngineValue(p, v));
    });
    for (const [p, v] of changed) this.current.set(p.id, v);
    return { ok: true };
  }

  /**
   * Write cells of the product's own sheets in one batch (one recalculation), for the document
   * binding. Every change is checked first; a parameter's cell (set it with `set`), a module's
   * sheet, an unknown sheet, a bad address or content refuse the whole call and nothing is
   * written. Formulas are not checked as loading checks them: the caller decides which edits
   * need a full reload.
   */
  setCells(changes: readonly CellChange[]): CellWriteResult {
    this.assertOpen();
    const problems: CellProblem[] = [];
    const accepted: [SimpleCellAddress, CellScalar][] = [];
    const rootSheets = this.composed.root.sheetIds;
    const parameterCells = new Map<string, string>();
    for (const [id, t] of this.composed.parameterTargets) if (t.kind === 'cell') parameterCells.set(cellKey(t.address), id);
    for (const change of changes) {
      const problem = (message: string) => problems.push({ sheet: change.sheet, cell: change.cell, message });
      const sheet = this.hf.getSheetId(change.sheet);
      if (sheet === undefined) {
        problem(`unknown sheet "${change.sheet}"`);
        continue;
      }
      if (!rootSheets.includes(sheet)) {
        problem(`sheet "${change.sheet}" belongs to a module; edit the module's own workbook instead`);
        continue;
      }
      const pos = parseA1(change.cell);
      if (!pos) {
        problem(`"${change.cell}" is not a cell address; expected A1-style such as B4`);
        continue;
      }
      const address = { sheet, row: pos.row, col: pos.col };
      const parameter = parameterCells.get(cellKey(address));
      if (parameter !== undefined) {
        problem(`${change.sheet}!${change.cell} is the cell of parameter "${parameter}"; set the parameter instead`);
        continue;
      }
      const c = change.content;
      const valid = c === null || typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c));
      if (!valid) {
        problem(`a cell holds a finite number, text, true/false or nothing; got ${String(c)}`);
        continue;
      }
      accepted.push([address, c]);
    }
    if (problems.length > 0) return { ok: false, problems };
    if (accepted.length === 0) return { ok: true };
    this.hf.batch(() => {
      for (const [address, content] of accepted) this.hf.setCellContents(address, content);
    });
    return { ok: true };
  }

  /** Back to every parameter's default. */
  reset(): void {
    this.set(Object.fromEntries(this.parameters.map((p) => [p.id, p.default])));
  }

  private write(target: Target, content: number | string | boolean): void {
    if (target.kind === 'cell') this.hf.setCellContents(target.address, content);
    else for (const scope of target.scopes) this.hf.changeNamedExpression(target.name, content, scope);
  }

  private readRaw(target: Target): unknown {
    return target.kind === 'cell' ? this.hf.getCellValue(target.address) : this.hf.getNamedExpressionValue(target.name, target.scopes[0]);
  }

  /** One output, settled if it is money. */
  read(id: string): OutputReading {
    this.assertOpen();
    const def = this.workbook.outputs.find((o) => o.id === id);
    const target = this.composed.outputTargets.get(id);
    if (!def || !target) throw new Error(`unknown output "${id}"`);
    return readingOf(def, this.readRaw(target), this.workbook.currency);
  }

  /** Every output. */
  readAll(): Outputs {
    return Object.fromEntries(this.workbook.outputs.map((o) => [o.id, this.read(o.id)]));
  }

  /**
   * Evaluate many configurations (each a partial set of parameter values over the defaults)
   * and return their outputs in order; the model's own values are restored afterwards.
   */
  evaluate(configurations: readonly Readonly<Record<string, unknown>>[]): Evaluation[] {
    const saved = this.values();
    const defaults = Object.fromEntries(this.parameters.map((p) => [p.id, p.default]));
    try {
      return configurations.map((config) => {
        const result = this.set({ ...defaults, ...config });
        return result.ok ? { ok: true, outputs: this.readAll() } : result;
      });
    } finally {
      this.set(saved);
    }
  }

  /** The tree of precedents behind an output, down to parameters and table cells, with values. */
  explain(outputId: string, options?: ExplainOptions): ExplainNode {
    this.assertOpen();
    const def = this.workbook.outputs.find((o) => o.id === outputId);
    const target = this.composed.outputTargets.get(outputId);
    if (!def || !target) throw new Error(`unknown output "${outputId}"`);
    return explainTarget(this.composed, target, def, options);
  }

  dispose(): void {
    if (!this.disposed) this.hf.destroy();
    this.disposed = true;
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('the price model was disposed');
  }
}

/** Plain words for spreadsheet error codes, used when the engine gives no message of its own. */
const ERROR_TEXT: Readonly<Record<string, string>> = {
  '#DIV/0!': 'division by zero',
  '#N/A': 'no value available (a lookup found no match)',
  '#VALUE!': 'a value of the wrong type',
  '#REF!': 'a reference to a cell that does not exist',
  '#NAME?': 'an unknown name or function',
  '#NUM!': 'a number out of range',
  '#CYCLE!': 'a circular reference',
  '#ERROR!': 'a formula that cannot be evaluated',
};

export function readingOf(def: Output, raw: unknown, currency: string): OutputReading {
  if (raw instanceof DetailedCellError) {
    return { id: def.id, value: null, error: { code: raw.value, message: raw.message || (ERROR_TEXT[raw.value] ?? raw.value) } };
  }
  const value: CellScalar = raw === undefined ? null : (raw as CellScalar);
  if (isMoneyOutput(def)) {
    if (typeof value !== 'number') {
      return { id: def.id, value: null, error: { code: '#VALUE!', message: `expected an amount, got ${value === null ? 'an empty cell' : JSON.stringify(value)}` } };
    }
    const decimals = def.decimals ?? currencyDecimals(currency);
    try {
      const minor = settle(value, decimals);
      return { id: def.id, value: fromMinor(minor, decimals), minor };
    } catch (e) {
      return { id: def.id, value: null, error: { code: '#NUM!', message: (e as Error).message } };
    }
  }
  return { id: def.id, value };
}
