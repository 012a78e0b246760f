/**
 * Approval conditions: a formula in the workbook's syntax over a quote's figures
 * (`=AND(margin_pct<15, tier="key")`, `=COUNTIF(models,"butterfly-valve")>0`), evaluated by
 * HyperFormula. One small engine holds the figures as named cells (lists as ranges); each
 * condition is written into one formula cell and read back. No parser of our own.
 */
import { DetailedCellError, HyperFormula } from 'hyperformula';
import type { RawCellContent, SimpleCellAddress } from 'hyperformula';
import { columnLetters } from '../workbook/a1.js';
import { ENGINE_CONFIG } from '../workbook/engineConfig.js';
import { mentions } from '../rules/ruleExpressions.js';

/** What a condition can refer to. Money in the quote's currency units (yuan), percentages as numbers (11.8 for 11.8 %). */
export interface QuoteFacts {
  readonly margin_pct: number;
  /** The largest line discount of the quote, %. */
  readonly discount_pct: number;
  readonly total: number;
  readonly tier: string;
  readonly region: string;
  readonly customer: string;
  /** Product lines of the quote's configured lines (a list). */
  readonly product_lines: readonly string[];
  /** Model ids of the quote's configured lines (a list). */
  readonly models: readonly string[];
}

export const FACT_NAMES = ['margin_pct', 'discount_pct', 'total', 'tier', 'region', 'customer', 'product_lines', 'models'] as const;
export type FactName = (typeof FACT_NAMES)[number];

export type ConditionResult = { readonly ok: true; readonly holds: boolean; readonly figures: Readonly<Partial<Record<FactName, number | string | readonly string[]>>> } | { readonly ok: false; readonly problem: string };

/** Evaluates conditions over one quote's facts. Dispose when done (it holds an engine). */
export class ConditionEvaluator {
  private readonly hf: HyperFormula;
  private readonly cell: SimpleCellAddress;

  constructor(private readonly facts: QuoteFacts) {
    const scalars = FACT_NAMES.filter((n) => !Array.isArray(facts[n]));
    const lists = FACT_NAMES.filter((n) => Array.isArray(facts[n]));
    const scalarRow: RawCellContent[] = scalars.map((n) => facts[n] as number | string);
    // One row per list; an empty list is one empty cell, so COUNTIF over it gives 0.
    const listRows: RawCellContent[][] = lists.map((n) => {
      const items = facts[n] as readonly string[];
      return items.length > 0 ? [...items] : [null];
    });
    this.hf = HyperFormula.buildFromSheets({ S: [scalarRow], L: listRows, F: [[null]] }, { ...ENGINE_CONFIG });
    scalars.forEach((n, col) => this.hf.addNamedExpression(n, `=S!$${columnLetters(col)}$1`));
    lists.forEach((n, row) => {
      const width = Math.max(1, (facts[n] as readonly string[]).length);
      this.hf.addNamedExpression(n, `=L!$A$${row + 1}:$${columnLetters(width - 1)}$${row + 1}`);
    });
    this.cell = { sheet: this.hf.getSheetId('F') as number, row: 0, col: 0 };
  }

  dispose(): void {
    this.hf.destroy();
  }

  /** Does `condition` (with or without a leading `=`) hold for this quote? Refused, saying why, when it is not a TRUE/FALSE formula. */
  evaluate(condition: string): ConditionResult {
    const formula = condition.trim().startsWith('=') ? condition.trim() : `=${condition.trim()}`;
    if (!this.hf.validateFormula(formula)) return { ok: false, problem: `condition ${JSON.stringify(condition)} cannot be read (syntax error)` };
    this.hf.setCellContents(this.cell, formula);
    if (this.hf.getCellPrecedents(this.cell).some((p) => 'sheet' in p && p.sheet === this.cell.sheet)) {
      return { ok: false, problem: `condition ${JSON.stringify(condition)} refers to cells; use the quote's figures (${FACT_NAMES.join(', ')})` };
    }
    const value = this.hf.getCellValue(this.cell);
    this.hf.setCellContents(this.cell, null);
    if (value instanceof DetailedCellError) {
      const name = /^Named expression (.+) not recognized\.$/.exec(value.message)?.[1];
      if (name !== undefined) return { ok: false, problem: `condition ${JSON.stringify(condition)} uses "${name}", which is not a figure of the quote (${FACT_NAMES.join(', ')})` };
      return { ok: false, problem: `condition ${JSON.stringify(condition)} gives ${value.value}${value.message ? ` (${value.message})` : ''}` };
    }
    if (typeof value !== 'boolean') return { ok: false, problem: `condition ${JSON.stringify(condition)} gives ${JSON.stringify(value)}, not TRUE or FALSE` };
    const figures: Partial<Record<FactName, number | string | readonly string[]>> = {};
    for (const n of FACT_NAMES) if (mentions(formula.slice(1), n)) figures[n] = this.facts[n];
    return { ok: true, holds: value, figures };
  }
}
