/**
 * The models the harness edits: a small one built here (fast enough for hundreds of seeds) and
 * the example workbooks on disk (each load costs a few hundred milliseconds, so only some seeds
 * use them), with what the edit generator needs to know about their sheets.
 *
 * Cycles: a formula is written only on a "formula sheet" and refers only to sheets that sheet may
 * read, which never refer back. Concurrent formula edits can then never close a loop, which the
 * loader would refuse (and a model that does not load has no outputs to compare).
 */
import { readFileSync } from 'node:fs';
import { formatWorkbookError } from '../../../src/domain/workbook/errors.js';
import type { WorkbookSource } from '../../../src/domain/workbook/load.js';
import { parseWorkbookText } from '../../../src/domain/workbook/parse.js';
import { Workbook } from '../../../src/domain/workbook/schema.js';
import { a1References } from '../../../src/sync/model/formulaRefs.js';

export interface ModelSpec {
  /** How failures name it. */
  readonly label: string;
  /** The file name the engine loads it as; modules are resolved from it. */
  readonly file: string;
  readonly workbook: Workbook;
  readonly modules: WorkbookSource;
  /** Sheets that never hold a formula. */
  readonly valueSheets: readonly string[];
  /** Sheets formulas may be written on → the sheets those formulas may refer to. */
  readonly formulaSheets: Readonly<Record<string, readonly string[]>>;
  /** Names whose expression may be rewritten (they refer only to value sheets, and bind nothing). */
  readonly editableNames: readonly string[];
  /** Names formulas may use (they refer only to value sheets). */
  readonly formulaNames: readonly string[];
  /** Cells a parameter may be rebound to; empty: no rebinding. */
  readonly bindCells: readonly string[];
}

const L = (en: string, zh = en) => ({ zh, en });
const noModules: WorkbookSource = { read: () => Promise.resolve(undefined) };

/**
 * Inputs (parameters in B1:B3) and Data (a table) hold values; Calc reads them (directly and
 * through names); Out reads Calc too and carries the outputs. Values are small integers and
 * halves, so sums are exact whichever order an engine adds them in.
 */
const SMALL = Workbook.parse({
  format: 'suanpan.workbook/1',
  id: 'convergence',
  name: L('Convergence'),
  productLine: 'test',
  version: '1.0.0',
  currency: 'CNY',
  sheets: [
    { name: 'Inputs', cells: { A1: 'Qty', B1: 2, A2: 'Rate', B2: 1.5, A3: 'Margin', B3: 0.25, A4: 'Extra', B4: 10, B5: 3 } },
    {
      name: 'Data',
      rows: [
        [1, 10, 100, 5],
        [2, 20, 150, 6],
        [3, 30, 200, 7],
        [4, 40, 250, 8],
        [5, 50, 300, 9],
        [6, 60, 350, 10],
        [7, 70, 400, 11],
      ],
    },
    {
      name: 'Calc',
      cells: {
        A1: 'Sum',
        B1: '=SUM(Data!B1:B7)',
        B2: '=Data!C3*Qty',
        B3: '=SUM(Tab)*Margin',
        B4: '=MAX(Data!$A$1:$D$7)-Rate',
        B5: '=IF(Inputs!B4>5,Data!D2,Data!D3)',
        B6: '=SUM(Data!A:A)+Inputs!B5',
      },
    },
    {
      name: 'Out',
      cells: {
        B1: '=(Calc!B1+Calc!B2)*(1+Margin)',
        B2: '=Out!B1*Qty',
        B3: '=Calc!B3+Calc!B4+Calc!B5+Calc!B6',
      },
    },
  ],
  names: [
    { name: 'Qty', expression: '=Inputs!$B$1' },
    { name: 'Rate', expression: '=Inputs!$B$2' },
    { name: 'Margin', expression: '=Inputs!$B$3' },
    { name: 'Tab', expression: '=Data!$B$2:$C$5' },
    { name: 'Pick', expression: '=Data!$D$4' },
  ],
  parameters: [
    { id: 'qty', label: L('Quantity', '数量'), type: 'integer', min: 1, max: 1000, default: 2, bind: 'Inputs!B1' },
    { id: 'rate', label: L('Rate', '费率'), type: 'number', min: 0, max: 100, default: 1.5, bind: 'Inputs!B2' },
    { id: 'margin', label: L('Margin', '毛利'), type: 'number', min: 0, max: 1, default: 0.25, bind: 'Inputs!B3' },
  ],
  outputs: [
    { id: 'unit_price', label: L('Unit price'), role: 'unit_price', ref: 'Out!B1' },
    { id: 'total_price', label: L('Total'), role: 'total_price', ref: 'Out!B2' },
    { id: 'check', label: L('Check'), role: 'other', ref: 'Out!B3' },
  ],
});

export const smallModel: ModelSpec = {
  label: 'small',
  file: 'convergence.workbook.json',
  workbook: SMALL,
  modules: noModules,
  valueSheets: ['Inputs', 'Data'],
  // Out!B2 reads Out!B1; generated formulas on Out read only Calc and the value sheets.
  formulaSheets: { Calc: ['Data', 'Inputs'], Out: ['Calc', 'Data', 'Inputs'] },
  editableNames: ['Tab', 'Pick'],
  formulaNames: ['Qty', 'Rate', 'Margin', 'Tab', 'Pick'],
  // Free cells: a rebind fails to load only when two replicas pick one cell at once.
  bindCells: ['Inputs!B4', 'Inputs!B5', 'Inputs!B6'],
};

const diskCache = new Map<string, string | undefined>();

/** Files below the repository root, read once per process. */
const disk: WorkbookSource = {
  read(file) {
    if (!diskCache.has(file)) {
      let text: string | undefined;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      diskCache.set(file, text);
    }
    return Promise.resolve(diskCache.get(file));
  },
};

export const EXAMPLE_FILES = [
  'workbooks/aluminium-profile.workbook.json',
  'workbooks/butterfly-valve.workbook.json',
  'workbooks/sheet-metal-enclosure.workbook.json',
] as const;

const exampleCache = new Map<string, ModelSpec>();

/** An example workbook, with its sheets classified: a sheet with no formula is a value sheet. */
export function exampleModel(file: string): ModelSpec {
  const cached = exampleCache.get(file);
  if (cached) return cached;
  // Not test/support/workbooks.ts: it imports the workbook index, and with it ExcelJS (a second to load).
  const parsed = parseWorkbookText(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatWorkbookError).join('\n'));
  const workbook = parsed.workbook;
  const hasFormula = (s: Workbook['sheets'][number]) =>
    Object.values(s.cells ?? {}).some((v) => typeof v === 'string' && v.startsWith('=')) ||
    (s.rows ?? []).some((r) => r.some((v) => typeof v === 'string' && v.startsWith('=')));
  const valueSheets = workbook.sheets.filter((s) => !hasFormula(s)).map((s) => s.name);
  const formulaSheets = Object.fromEntries(workbook.sheets.filter(hasFormula).map((s) => [s.name, valueSheets]));
  const onValueSheets = (expression: unknown) =>
    typeof expression !== 'string' ||
    !expression.startsWith('=') ||
    a1References(expression).every((r) => r.start.sheet !== undefined && valueSheets.includes(r.start.sheet) && (r.end?.sheet === undefined || valueSheets.includes(r.end.sheet)));
  const bound = new Set([...workbook.parameters.map((p) => p.bind), ...workbook.outputs.map((o) => o.ref)]);
  const formulaNames = workbook.names.filter((n) => onValueSheets(n.expression)).map((n) => n.name);
  const spec: ModelSpec = {
    label: file.replace(/^workbooks\//, '').replace(/\.workbook\.json$/, ''),
    file,
    workbook,
    modules: disk,
    valueSheets,
    formulaSheets,
    editableNames: formulaNames.filter((n) => !bound.has(n)),
    formulaNames,
    bindCells: [],
  };
  exampleCache.set(file, spec);
  return spec;
}
