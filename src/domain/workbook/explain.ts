/**
 * Explain an output: the tree of its precedents down to parameters and table cells, each with
 * its value. This is what the price breakdown (waterfall) and "why this price?" draw on.
 */
import { DetailedCellError } from 'hyperformula';
import type { SimpleCellAddress, SimpleCellRange } from 'hyperformula';
import { cellKey, displayAddress, splitCellRef } from './compose.js';
import type { ComposedModel, Target } from './compose.js';
import type { LocalizedText, Output, Parameter } from './schema.js';

export type ExplainKind = 'output' | 'parameter' | 'module-input' | 'formula' | 'value' | 'range' | 'name';

export interface ExplainNode {
  /** `Calc!B12`, `Tables!A2:C9`, or a name. */
  readonly ref: string;
  readonly kind: ExplainKind;
  /** Parameter or output label, or the text written beside the cell (`Material cost`). */
  readonly label?: LocalizedText;
  readonly formula?: string;
  readonly value: number | string | boolean | null;
  /** Error code when the value is an error (`#DIV/0!`). */
  readonly error?: string;
  readonly parameter?: string;
  /** Module alias chain when the cell belongs to a module (`actuator`). */
  readonly module?: string;
  readonly children: readonly ExplainNode[];
  /** Shown in full elsewhere in this tree; not expanded again. */
  readonly repeated?: true;
  /** Children left out (a large range, or the depth limit). */
  readonly truncated?: true;
}

export interface ExplainOptions {
  /** How deep to follow precedents (default 24). */
  readonly maxDepth?: number;
  /** Largest range whose cells are listed (default 64 non-empty cells). */
  readonly maxRangeCells?: number;
}

type Value = { value: number | string | boolean | null; error?: string };

function valueOf(raw: unknown): Value {
  if (raw instanceof DetailedCellError) return { value: null, error: raw.value };
  return { value: raw === undefined ? null : (raw as number | string | boolean | null) };
}

const textLabel = (s: string): LocalizedText => ({ zh: s, en: s });

export function explainTarget(model: ComposedModel, target: Target, output: Output, options: ExplainOptions = {}): ExplainNode {
  const hf = model.hf;
  const maxDepth = options.maxDepth ?? 24;
  const maxRangeCells = options.maxRangeCells ?? 64;
  const expanded = new Set<string>();

  const moduleOf = (a: SimpleCellAddress): string | undefined => {
    const m = model.origins.get(cellKey(a))?.module;
    return m ? m : undefined;
  };

  /** Text written in the cell to the left, the usual place for a label in a sheet. */
  const besideLabel = (a: SimpleCellAddress): LocalizedText | undefined => {
    const given = model.origins.get(cellKey(a))?.label;
    if (given) return textLabel(given);
    if (a.col === 0) return undefined;
    const left = { ...a, col: a.col - 1 };
    if (hf.doesCellHaveFormula(left)) return undefined;
    const v = hf.getCellValue(left);
    return typeof v === 'string' && v.trim() !== '' ? textLabel(v.trim()) : undefined;
  };

  const cellNode = (a: SimpleCellAddress, depth: number, label?: LocalizedText): ExplainNode => {
    const key = cellKey(a);
    const ref = displayAddress(hf, a);
    const role = model.cellRoles.get(key);
    const { value, error } = valueOf(hf.getCellValue(a));
    const module = moduleOf(a);
    const common = { ref, value, ...(error ? { error } : {}), ...(module ? { module } : {}) };
    if (role && !hf.doesCellHaveFormula(a)) {
      return { ...common, kind: 'parameter', label: role.parameter.label, parameter: role.parameter.id, children: [] };
    }
    const formula = hf.getCellFormula(a);
    if (formula === undefined) {
      return { ...common, kind: 'value', ...labelField(label ?? besideLabel(a)), children: [] };
    }
    // A module parameter fed by its includer: the formula points at the module input.
    const kind = role ? 'module-input' : 'formula';
    const named = role ? role.parameter.label : (label ?? besideLabel(a));
    if (expanded.has(key)) return { ...common, kind, formula, ...labelField(named), children: [], repeated: true };
    expanded.add(key);
    if (depth >= maxDepth) return { ...common, kind, formula, ...labelField(named), children: [], truncated: true };
    return { ...common, kind, formula, ...labelField(named), children: precedentsOf(a, formula, depth + 1) };
  };

  const rangeNode = (r: SimpleCellRange, depth: number, label?: LocalizedText): ExplainNode => {
    const ref = `${displayAddress(hf, r.start)}:${displayAddress(hf, r.end).split('!')[1] ?? ''}`;
    const children: ExplainNode[] = [];
    let truncated = false;
    outer: for (let row = r.start.row; row <= r.end.row; row++) {
      for (let col = r.start.col; col <= r.end.col; col++) {
        const a = { sheet: r.start.sheet, row, col };
        if (hf.isCellEmpty(a)) continue;
        if (children.length >= maxRangeCells) {
          truncated = true;
          break outer;
        }
        children.push(cellNode(a, depth + 1));
      }
    }
    return { ref, kind: 'range', value: null, ...labelField(label), children, ...(truncated ? { truncated: true as const } : {}) };
  };

  /** Parameters bound to a name holding a constant (cell-bound ones are found by cell). */
  const parameterOfName = new Map<string, Parameter>();
  for (const p of model.root.node.workbook.parameters) {
    const t = model.parameterTargets.get(p.id);
    if (t?.kind === 'name') parameterOfName.set(t.name.toLowerCase(), p);
  }

  const nameNode = (name: string, scope: number | undefined, depth: number): ExplainNode => {
    const expression = hf.getNamedExpressionFormula(name, scope) ?? String(hf.getNamedExpression(name, scope)?.expression ?? '');
    const label = textLabel(name);
    const body = expression.startsWith('=') ? expression.slice(1) : '';
    const cell = body ? splitCellRef(body) : undefined;
    const sheetId = cell ? hf.getSheetId(cell.sheet) : undefined;
    if (cell && sheetId !== undefined) return cellNode({ sheet: sheetId, row: cell.row, col: cell.col }, depth, label);
    const range = body ? hf.simpleCellRangeFromString(body, 0) : undefined;
    if (range) return rangeNode(range, depth, label);
    const { value, error } = valueOf(hf.getNamedExpressionValue(name, scope));
    const parameter = scope === undefined ? parameterOfName.get(name.toLowerCase()) : undefined;
    if (parameter) return { ref: name, kind: 'parameter', label: parameter.label, parameter: parameter.id, value, ...(error ? { error } : {}), children: [] };
    return { ref: name, kind: 'name', label, ...(expression ? { formula: expression } : {}), value, ...(error ? { error } : {}), children: [] };
  };

  /** Names a formula uses: HyperFormula reports them only as anonymous precedents. */
  const namesIn = (formula: string, sheet: number): { name: string; scope: number | undefined }[] => {
    const text = formula.replace(/"(?:[^"]|"")*"/g, '""');
    const local = hf.listNamedExpressions(sheet);
    const global = hf.listNamedExpressions();
    const used: { name: string; scope: number | undefined }[] = [];
    for (const name of new Set([...local, ...global])) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(^|[^A-Za-z0-9_.!])${escaped}($|[^A-Za-z0-9_.(])`, 'i').test(text)) {
        used.push({ name, scope: local.includes(name) ? sheet : undefined });
      }
    }
    return used;
  };

  const precedentsOf = (a: SimpleCellAddress, formula: string, depth: number): ExplainNode[] => {
    const out: ExplainNode[] = [];
    let usesNames = false;
    const seen = new Set<string>();
    for (const p of hf.getCellPrecedents(a) as (SimpleCellAddress | SimpleCellRange)[]) {
      // A formula that uses a cell twice (=A2+A2*A1) lists it twice.
      const key = 'start' in p ? `${cellKey(p.start)}:${cellKey(p.end)}` : cellKey(p);
      if (seen.has(key)) continue;
      seen.add(key);
      if ('start' in p) {
        if (p.start.row === p.end.row && p.start.col === p.end.col) out.push(cellNode(p.start, depth));
        else out.push(rangeNode(p, depth));
      } else if (p.sheet < 0) usesNames = true;
      else out.push(cellNode(p, depth));
    }
    if (usesNames) for (const { name, scope } of namesIn(formula, a.sheet)) out.push(nameNode(name, scope, depth));
    return out;
  };

  const child = target.kind === 'cell' ? cellNode(target.address, 1) : nameNode(target.name, target.scopes[0], 1);
  return {
    ref: output.id,
    kind: 'output',
    label: output.label,
    value: child.value,
    ...(child.error ? { error: child.error } : {}),
    children: [child],
  };
}

function labelField(label: LocalizedText | undefined): { label?: LocalizedText } {
  return label ? { label } : {};
}

