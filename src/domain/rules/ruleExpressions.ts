/**
 * Expression rules: a formula in the workbook's syntax over parameter ids
 * (`=OR(medium<>"gas", explosion_proof)`), compiled to a table of allowed combinations by
 * evaluating it with HyperFormula on every combination of the value classes of the parameters
 * it names. No formula parser of our own: HyperFormula reads and evaluates the formula; we only
 * look at its text for which parameter ids and which numbers it mentions.
 */
import { DetailedCellError, ErrorType, HyperFormula } from 'hyperformula';
import type { RawCellContent, SimpleCellAddress } from 'hyperformula';
import { columnLetters } from '../workbook/a1.js';
import { ENGINE_CONFIG } from '../workbook/engineConfig.js';
import { toEngineValue } from '../workbook/parameters.js';
import type { ParameterValue } from '../workbook/parameters.js';
import type { RuleParameter, RuleVariable, ValueClass } from './valueClasses.js';
import { valueOfKey } from './valueClasses.js';


/** Enumerating more combinations than this is refused: split the rule, or use a table. */
export const MAX_EXPRESSION_COMBINATIONS = 20_000;

export function withoutStrings(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, '""');
}

/** Whether the formula names `id` as a whole word outside text (names are case-insensitive). */
export function mentions(formula: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.])${escaped}($|[^A-Za-z0-9_.(])`, 'i').test(withoutStrings(formula));
}

/** Numbers written in the formula (and their negatives): where its numeric parameters are split. */
export function numbersIn(formula: string): number[] {
  const out = new Set<number>();
  for (const m of withoutStrings(formula).matchAll(/(?<![A-Za-z0-9_.$])(\d+\.?\d*|\.\d+)(e[+-]?\d+)?(?![A-Za-z0-9_(])/g)) {
    const x = Number(m[0]);
    if (Number.isFinite(x)) {
      out.add(x);
      out.add(-x);
    }
  }
  return [...out];
}

function syntaxMessage(formula: string): string {
  const hint = /[0-9.]E[+-]?[0-9]/.test(withoutStrings(formula)) ? '; write exponents with a small e (1e17, not 1E17)' : '';
  return `formula ${JSON.stringify(formula)} cannot be read (syntax error${hint})`;
}

function shownValue(v: ParameterValue): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

export type Tabulation = { ok: true; allowed: string[][]; forbidden: string[][] } | { ok: false; message: string };

/** One small engine for all expression rules of a workbook: a cell per parameter, one formula cell. */
export class ExpressionEngine {
  private readonly hf: HyperFormula;
  private readonly column = new Map<string, number>();
  private readonly nameless = new Set<string>();
  private readonly paramSheet: number;
  private readonly formulaCell: SimpleCellAddress;

  constructor(private readonly parameters: readonly RuleParameter[]) {
    const row: RawCellContent[] = parameters.map((p) => toEngineValue(p, p.default));
    this.hf = HyperFormula.buildFromSheets({ P: [row], F: [[null]] }, { ...ENGINE_CONFIG });
    this.paramSheet = this.hf.getSheetId('P') as number;
    this.formulaCell = { sheet: this.hf.getSheetId('F') as number, row: 0, col: 0 };
    parameters.forEach((p, col) => {
      const ref = `=P!$${columnLetters(col)}$1`;
      if (this.hf.isItPossibleToAddNamedExpression(p.id, ref)) {
        this.hf.addNamedExpression(p.id, ref);
        this.column.set(p.id, col);
      } else this.nameless.add(p.id);
    });
  }

  dispose(): void {
    this.hf.destroy();
  }

  /** The parameters the formula names (ids as whole words, outside text, any letter case). */
  referenced(formula: string): RuleParameter[] {
    return this.parameters.filter((p) => mentions(formula, p.id));
  }

  /** Why the formula cannot be used, or undefined: syntax, unknown names, cell references. */
  problem(formula: string): string | undefined {
    if (!this.hf.validateFormula(formula)) return syntaxMessage(formula);
    for (const p of this.referenced(formula)) {
      if (this.nameless.has(p.id)) return `parameter "${p.id}" cannot be named in a formula (its id is not a valid formula name); use the rule kinds requires/excludes/table for it`;
    }
    this.hf.setCellContents(this.formulaCell, formula);
    const precedents = this.hf.getCellPrecedents(this.formulaCell);
    if (precedents.some((x) => 'start' in x || x.sheet >= 0)) return `${JSON.stringify(formula)} refers to cells; an expression may use parameter ids only`;
    const value = this.hf.getCellValue(this.formulaCell);
    if (value instanceof DetailedCellError && value.type === ErrorType.NAME) {
      const fn = /^Function name (.+) not recognized\.$/.exec(value.message)?.[1];
      if (fn !== undefined) return `unknown function ${fn} in ${JSON.stringify(formula)}`;
      const nm = /^Named expression (.+) not recognized\.$/.exec(value.message)?.[1];
      if (nm !== undefined) return `unknown name "${nm}" in ${JSON.stringify(formula)}; an expression may use parameter ids (${[...this.column.keys()].join(', ')})`;
    }
    return undefined;
  }

  /**
   * Evaluate the formula on every combination of the variables' keys: the combinations where it
   * is TRUE and where it is FALSE. Refused when there are too many combinations, when a result
   * is not TRUE/FALSE, or when the result changes inside a numeric class (the formula compares a
   * number in a way the split does not capture, such as `temperature*2<=360`).
   */
  tabulate(formula: string, variables: readonly RuleVariable[]): Tabulation {
    const sizes = variables.map((v) => v.keys.length);
    const total = sizes.reduce((a, b) => a * b, 1);
    if (total > MAX_EXPRESSION_COMBINATIONS) {
      const parts = variables.map((v) => `${v.parameter.id} ${v.keys.length}`).join(' × ');
      return { ok: false, message: `${JSON.stringify(formula)} combines ${total} value combinations (${parts}); at most ${MAX_EXPRESSION_COMBINATIONS}: split the rule or write a table` };
    }
    this.hf.setCellContents(this.formulaCell, formula);
    const allowed: string[][] = [];
    const forbidden: string[][] = [];
    const index = variables.map(() => 0);
    const current = new Map<string, RawCellContent>();
    const set = (v: RuleVariable, value: ParameterValue) => {
      const content = toEngineValue(v.parameter, value);
      if (current.get(v.parameter.id) === content) return;
      current.set(v.parameter.id, content);
      this.hf.setCellContents({ sheet: this.paramSheet, row: 0, col: this.column.get(v.parameter.id) as number }, content);
    };
    const read = (): boolean | string => {
      const value = this.hf.getCellValue(this.formulaCell);
      if (typeof value === 'boolean') return value;
      if (value instanceof DetailedCellError) return `gives ${value.value}`;
      return `gives ${typeof value === 'string' ? `the text ${JSON.stringify(value)}` : String(value)}`;
    };
    const describe = (values: readonly ParameterValue[]) => variables.map((v, i) => `${v.parameter.id} = ${shownValue(values[i] as ParameterValue)}`).join(', ');

    for (let n = 0; n < total; n++) {
      const keys = variables.map((v, i) => v.keys[index[i] as number] as string);
      const values = variables.map((v, i) => valueOfKey(v, keys[i] as string) as ParameterValue);
      variables.forEach((v, i) => set(v, values[i] as ParameterValue));
      const result = read();
      if (typeof result === 'string') return { ok: false, message: `${JSON.stringify(formula)} ${result}${values.length > 0 ? ` when ${describe(values)}` : ''}; it must give TRUE or FALSE` };
      // The formula must not change inside a class: try each interval's ends.
      for (const [i, v] of variables.entries()) {
        if (v.kind !== 'ranges') continue;
        const c = v.classes.find((x) => x.key === keys[i]) as ValueClass;
        for (const sample of samplesOf(c)) {
          set(v, sample);
          const other = read();
          if (other !== result) {
            const at = typeof other === 'string' ? `${other} at ${sample}` : `is ${String(result).toUpperCase()} at ${c.representative} but ${String(other).toUpperCase()} at ${sample}`;
            return {
              ok: false,
              message: `${JSON.stringify(formula)} ${at}, inside ${v.parameter.id} ${c.key}: numbers are split only where the formula names a number; compare the parameter with a number directly, such as ${v.parameter.id}<=180`,
            };
          }
        }
        set(v, values[i] as ParameterValue);
      }
      (result ? allowed : forbidden).push(keys);
      // Odometer: the last variable turns fastest, so most steps change one cell.
      for (let i = variables.length - 1; i >= 0; i--) {
        index[i] = (index[i] as number) + 1;
        if ((index[i] as number) < (sizes[i] as number)) break;
        index[i] = 0;
      }
    }
    return { ok: true, allowed, forbidden };
  }
}

/** Values near both ends of an interval class (its representative is checked already). */
function samplesOf(c: ValueClass): number[] {
  if (c.point) return [];
  const out: number[] = [];
  const span = Number.isFinite(c.hi - c.lo) ? c.hi - c.lo : 2000 * Math.max(1, Math.abs(c.representative));
  const low = Number.isFinite(c.first) && c.first > c.lo ? c.first : c.lo === -Infinity ? c.representative - span / 2 : c.lo + span * 1e-6;
  const high = Number.isFinite(c.last) && c.last < c.hi ? c.last : c.hi === Infinity ? c.representative + span / 2 : c.hi - span * 1e-6;
  for (const x of [low, high]) if (x !== c.representative && !out.includes(x)) out.push(x);
  return out;
}
