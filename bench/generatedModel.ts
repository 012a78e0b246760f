/**
 * A generated price model of a chosen size (about `formulaCount` formulas), built in code as
 * workbook JSON, and the same calculation written by hand in plain TypeScript.
 *
 * Shape (a welded steel assembly, priced from its bill of materials):
 * - Inputs: the parameters (quantity, material grade, weld class, finish, margin, crew size).
 * - Tables: material prices per kg (grade × material class, read with INDEX/MATCH/MATCH),
 *   processes (hours per piece and hourly rate, VLOOKUP), weld classes (factor), finishes
 *   (rate per m², setup, cure days).
 * - Lines: one row per part; six formulas per row: extended quantity, rate per kg, material
 *   cost, labour hours (weld lines also × the weld-class factor), labour cost, line total.
 * - Summary: a subtotal per section of 25 lines and labour per process (SUMIF).
 * - Calc: totals, finishing, overhead, price, weight, lead time; the outputs point here.
 *
 * Which parameter reaches how many formulas:
 * - `finish` (and `margin`, `crew`): about ten formulas in Calc — a change that reaches FEW.
 * - `weld_class`: the weld lines (every fifth line: 3 formulas each), their section subtotals
 *   and totals — about 1,000 formulas in the 10,000-formula model.
 * - `quantity`: five of the six formulas of every line, and the totals — MOST formulas.
 */
import type { PriceModel } from '../src/domain/workbook/index.js';
import type { WorkbookInput } from '../src/domain/workbook/schema.js';

export const GRADES = ['Q235', 'Q355', 'S304', 'S316'] as const;
export const CLASSES = ['plate', 'bar', 'pipe', 'sheet'] as const;
export const PROCESSES = ['cut', 'drill', 'bend', 'weld', 'assemble', 'machine'] as const;
export const WELD_CLASSES = ['B', 'C', 'D'] as const;
export const FINISHES = ['none', 'paint', 'powder', 'galvanize'] as const;

type Grade = (typeof GRADES)[number];
type MaterialClass = (typeof CLASSES)[number];
type Process = (typeof PROCESSES)[number];
type WeldClass = (typeof WELD_CLASSES)[number];
type Finish = (typeof FINISHES)[number];

/** Price per kg, [grade][class]. */
const MATERIAL_PRICES: Record<Grade, readonly number[]> = {
  Q235: [5.2, 5.45, 6.1, 5.6],
  Q355: [5.9, 6.2, 6.85, 6.35],
  S304: [17.8, 18.4, 21.3, 19.1],
  S316: [24.6, 25.3, 28.9, 26.2],
};
/** Hours per piece and rate per hour. */
const PROCESS_TABLE: Record<Process, readonly [number, number]> = {
  cut: [0.15, 85],
  drill: [0.08, 78],
  bend: [0.12, 92],
  weld: [0.35, 120],
  assemble: [0.25, 70],
  machine: [0.45, 135],
};
const WELD_FACTORS: Record<WeldClass, number> = { B: 1.4, C: 1.15, D: 1 };
/** Rate per m², setup, cure days. */
const FINISH_TABLE: Record<Finish, readonly [number, number, number]> = {
  none: [0, 0, 0],
  paint: [18.5, 350, 1],
  powder: [24, 500, 2],
  galvanize: [32, 800, 3],
};
const OVERHEAD_RATE = 0.12;
const FIXED_LEAD_DAYS = 5;
const SECTION_SIZE = 25;
/** Formulas outside the line rows and section subtotals (Calc 16 + SUMIF per process). */
const FIXED_FORMULAS = 16 + PROCESSES.length;
const FORMULAS_PER_LINE = 6;

export interface Line {
  readonly part: string;
  readonly materialClass: MaterialClass;
  readonly process: Process;
  readonly qtyPerUnit: number;
  readonly weightKg: number;
  readonly areaM2: number;
}

export type GeneratedParameters = {
  quantity: number;
  grade: Grade;
  weld_class: WeldClass;
  finish: Finish;
  margin: number;
  crew: number;
};

export const DEFAULT_PARAMETERS: Readonly<GeneratedParameters> = {
  quantity: 10,
  grade: 'Q235',
  weld_class: 'C',
  finish: 'paint',
  margin: 0.25,
  crew: 3,
};

export const OUTPUT_IDS = [
  'material_cost',
  'labour_cost',
  'finish_cost',
  'overhead',
  'total_cost',
  'total_price',
  'unit_price',
  'weight',
  'lead_time',
  'lines_total',
  'weld_labour',
] as const;
export type OutputId = (typeof OUTPUT_IDS)[number];
export type PlainOutputs = Record<OutputId, number>;

/** A parameter change scenario: the values a benchmark cycles through, in order, the default first. */
export interface ChangeScenario {
  readonly parameter: keyof GeneratedParameters;
  readonly values: readonly (string | number)[];
}

export interface GeneratedModel {
  readonly workbook: WorkbookInput;
  readonly lines: readonly Line[];
  /** Formula cells in the workbook (text starting with "="). */
  readonly formulaCount: number;
  /** Output id → its cell, e.g. `Calc!B6`. */
  readonly outputRefs: Readonly<Record<OutputId, string>>;
  /** Parameter id → the cell it is bound to, e.g. `Inputs!B1`. */
  readonly parameterCells: Readonly<Record<keyof GeneratedParameters, string>>;
  readonly scenarios: { readonly few: ChangeScenario; readonly mid: ChangeScenario; readonly most: ChangeScenario };
}

/** Small deterministic PRNG (mulberry32), so every run builds the same model. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const text = (zh: string, en: string) => ({ zh, en });

function makeLines(count: number, seed: number): Line[] {
  const rand = prng(seed);
  const others = PROCESSES.filter((p) => p !== 'weld');
  const lines: Line[] = [];
  for (let i = 0; i < count; i++) {
    lines.push({
      part: `P${String(i + 1).padStart(5, '0')}`,
      materialClass: pick(rand, CLASSES),
      // Every fifth line is welded: the weld class reaches a fifth of the lines.
      process: i % 5 === 2 ? 'weld' : pick(rand, others),
      qtyPerUnit: 1 + Math.floor(rand() * 8),
      weightKg: Math.round((0.2 + rand() * 40) * 100) / 100,
      areaM2: Math.round((0.01 + rand() * 1.5) * 1000) / 1000,
    });
  }
  return lines;
}

/** A workbook of about `formulaCount` formulas (at least one line). */
export function generateWorkbook(formulaCount: number, seed = 20260315): GeneratedModel {
  const lineCount = Math.max(1, Math.round((formulaCount - FIXED_FORMULAS) / (FORMULAS_PER_LINE + 1 / SECTION_SIZE)));
  const lines = makeLines(lineCount, seed);
  const last = lineCount + 1; // last line row (row 1 is the header)
  const sections = Math.ceil(lineCount / SECTION_SIZE);

  const lineRows: (string | number)[][] = [
    ['Part', 'Class', 'Process', 'Qty per unit', 'Weight kg', 'Area m2', 'Ext qty', 'Rate per kg', 'Material', 'Hours', 'Labour', 'Line total'],
  ];
  lines.forEach((l, i) => {
    const r = i + 2;
    lineRows.push([
      l.part,
      l.materialClass,
      l.process,
      l.qtyPerUnit,
      l.weightKg,
      l.areaM2,
      `=D${r}*Qty`,
      `=INDEX(MatPrices, MATCH(Grade, MatGrades, 0), MATCH(B${r}, MatClasses, 0))`,
      `=G${r}*E${r}*H${r}`,
      l.process === 'weld' ? `=VLOOKUP(C${r}, Processes, 2, FALSE())*G${r}*WeldFactor` : `=VLOOKUP(C${r}, Processes, 2, FALSE())*G${r}`,
      `=J${r}*VLOOKUP(C${r}, Processes, 3, FALSE())`,
      `=I${r}+K${r}`,
    ]);
  });

  const summary: Record<string, string | number> = { A1: 'Section', B1: 'Subtotal', D1: 'Process', E1: 'Labour' };
  for (let s = 0; s < sections; s++) {
    const from = 2 + s * SECTION_SIZE;
    const to = Math.min(last, from + SECTION_SIZE - 1);
    summary[`A${s + 2}`] = `Section ${s + 1}`;
    summary[`B${s + 2}`] = `=SUM(Lines!L${from}:L${to})`;
  }
  PROCESSES.forEach((p, i) => {
    summary[`D${i + 2}`] = p;
    summary[`E${i + 2}`] = `=SUMIF(Lines!$C$2:$C$${last}, D${i + 2}, Lines!$K$2:$K$${last})`;
  });
  const weldRow = PROCESSES.indexOf('weld') + 2;

  const calc: [string, string | number][] = [
    ['Weld factor', '=VLOOKUP(WeldClass, WeldTable, 2, FALSE())'],
    ['Finish rate per m2', '=VLOOKUP(Finish, FinishTable, 2, FALSE())'],
    ['Finish setup', '=VLOOKUP(Finish, FinishTable, 3, FALSE())'],
    ['Cure days', '=VLOOKUP(Finish, FinishTable, 4, FALSE())'],
    ['Area per unit m2', `=SUMPRODUCT(Lines!$D$2:$D$${last}, Lines!$F$2:$F$${last})`],
    ['Material cost', `=SUM(Lines!$I$2:$I$${last})`],
    ['Labour hours', `=SUM(Lines!$J$2:$J$${last})`],
    ['Labour cost', `=SUM(Lines!$K$2:$K$${last})`],
    ['Finish cost', '=B2*B5*Qty+B3'],
    ['Overhead', '=(B6+B8+B9)*B17'],
    ['Total cost', '=B6+B8+B9+B10'],
    ['Total price', '=B11*(1+Margin)'],
    ['Unit price', '=B12/Qty'],
    ['Weight kg', `=SUMPRODUCT(Lines!$D$2:$D$${last}, Lines!$E$2:$E$${last})*Qty`],
    ['Lead time days', `=B7/(8*Crew)+B4+${FIXED_LEAD_DAYS}`],
    ['Lines total', `=SUM(Summary!$B$2:$B$${sections + 1})`],
    ['Overhead rate', OVERHEAD_RATE],
  ];
  const calcCells: Record<string, string | number> = {};
  calc.forEach(([label, content], i) => {
    calcCells[`A${i + 1}`] = label;
    calcCells[`B${i + 1}`] = content;
  });

  const outputRefs: Record<OutputId, string> = {
    material_cost: 'Calc!B6',
    labour_cost: 'Calc!B8',
    finish_cost: 'Calc!B9',
    overhead: 'Calc!B10',
    total_cost: 'Calc!B11',
    total_price: 'Calc!B12',
    unit_price: 'Calc!B13',
    weight: 'Calc!B14',
    lead_time: 'Calc!B15',
    lines_total: 'Calc!B16',
    weld_labour: `Summary!E${weldRow}`,
  };
  const parameterCells: Record<keyof GeneratedParameters, string> = {
    quantity: 'Inputs!B1',
    grade: 'Inputs!B2',
    weld_class: 'Inputs!B3',
    finish: 'Inputs!B4',
    margin: 'Inputs!B5',
    crew: 'Inputs!B6',
  };
  const d = DEFAULT_PARAMETERS;
  const choice = (values: readonly string[]) => values.map((v) => ({ value: v, label: text(v, v) }));

  const workbook: WorkbookInput = {
    format: 'suanpan.workbook/1',
    id: `generated-${formulaCount}`,
    kind: 'product',
    name: text(`生成模型 ${formulaCount}`, `Generated model ${formulaCount}`),
    productLine: 'benchmark',
    version: '1.0.0',
    currency: 'CNY',
    sheets: [
      {
        name: 'Inputs',
        cells: {
          A1: 'Quantity', B1: d.quantity,
          A2: 'Material grade', B2: d.grade,
          A3: 'Weld class', B3: d.weld_class,
          A4: 'Finish', B4: d.finish,
          A5: 'Margin', B5: d.margin,
          A6: 'Crew size', B6: d.crew,
        },
      },
      { name: 'Materials', rows: [['Grade', ...CLASSES], ...GRADES.map((g) => [g, ...MATERIAL_PRICES[g]])] },
      { name: 'Processes', rows: [['Process', 'Hours per piece', 'Rate per hour'], ...PROCESSES.map((p) => [p, ...PROCESS_TABLE[p]])] },
      { name: 'WeldClasses', rows: [['Class', 'Factor'], ...WELD_CLASSES.map((c) => [c, WELD_FACTORS[c]])] },
      { name: 'Finishes', rows: [['Finish', 'Rate per m2', 'Setup', 'Cure days'], ...FINISHES.map((f) => [f, ...FINISH_TABLE[f]])] },
      { name: 'Lines', rows: lineRows },
      { name: 'Summary', cells: summary },
      { name: 'Calc', cells: calcCells },
    ],
    names: [
      { name: 'Qty', expression: '=Inputs!$B$1' },
      { name: 'Grade', expression: '=Inputs!$B$2' },
      { name: 'WeldClass', expression: '=Inputs!$B$3' },
      { name: 'Finish', expression: '=Inputs!$B$4' },
      { name: 'Margin', expression: '=Inputs!$B$5' },
      { name: 'Crew', expression: '=Inputs!$B$6' },
      { name: 'MatGrades', expression: `=Materials!$A$2:$A$${GRADES.length + 1}` },
      { name: 'MatClasses', expression: `=Materials!$B$1:$${String.fromCharCode(65 + CLASSES.length)}$1` },
      { name: 'MatPrices', expression: `=Materials!$B$2:$${String.fromCharCode(65 + CLASSES.length)}$${GRADES.length + 1}` },
      { name: 'Processes', expression: `=Processes!$A$2:$C$${PROCESSES.length + 1}` },
      { name: 'WeldTable', expression: `=WeldClasses!$A$2:$B$${WELD_CLASSES.length + 1}` },
      { name: 'FinishTable', expression: `=Finishes!$A$2:$D$${FINISHES.length + 1}` },
      { name: 'WeldFactor', expression: '=Calc!$B$1' },
    ],
    parameters: [
      { id: 'quantity', label: text('数量', 'Quantity'), type: 'integer', min: 1, max: 1000, default: d.quantity, bind: 'Qty' },
      { id: 'grade', label: text('材料牌号', 'Material grade'), type: 'choice', options: choice(GRADES), default: d.grade, bind: 'Inputs!B2' },
      { id: 'weld_class', label: text('焊接等级', 'Weld class'), type: 'choice', options: choice(WELD_CLASSES), default: d.weld_class, bind: 'Inputs!B3' },
      { id: 'finish', label: text('表面处理', 'Finish'), type: 'choice', options: choice(FINISHES), default: d.finish, bind: 'Inputs!B4' },
      { id: 'margin', label: text('毛利率', 'Margin'), type: 'number', min: 0, max: 1, step: 0.01, default: d.margin, bind: 'Inputs!B5' },
      { id: 'crew', label: text('班组人数', 'Crew size'), type: 'integer', min: 1, max: 10, default: d.crew, bind: 'Inputs!B6' },
    ],
    outputs: [
      { id: 'material_cost', label: text('材料', 'Material'), role: 'breakdown', money: true, step: 1, ref: outputRefs.material_cost },
      { id: 'labour_cost', label: text('人工', 'Labour'), role: 'breakdown', money: true, step: 2, ref: outputRefs.labour_cost },
      { id: 'finish_cost', label: text('表面处理', 'Finishing'), role: 'breakdown', money: true, step: 3, ref: outputRefs.finish_cost },
      { id: 'overhead', label: text('管理费', 'Overhead'), role: 'breakdown', money: true, step: 4, ref: outputRefs.overhead },
      { id: 'total_cost', label: text('总成本', 'Total cost'), role: 'total_cost', ref: outputRefs.total_cost },
      { id: 'total_price', label: text('总价', 'Total price'), role: 'total_price', ref: outputRefs.total_price },
      { id: 'unit_price', label: text('单价', 'Unit price'), role: 'unit_price', ref: outputRefs.unit_price },
      { id: 'weight', label: text('重量', 'Weight'), role: 'weight', unit: 'kg', ref: outputRefs.weight },
      { id: 'lead_time', label: text('交期', 'Lead time'), role: 'lead_time', unit: 'd', ref: outputRefs.lead_time },
      { id: 'lines_total', label: text('明细合计', 'Lines total'), role: 'other', ref: outputRefs.lines_total },
      { id: 'weld_labour', label: text('焊接人工', 'Welding labour'), role: 'other', ref: outputRefs.weld_labour },
    ],
  };

  let formulas = 0;
  for (const sheet of workbook.sheets) {
    for (const row of sheet.rows ?? []) for (const v of row) if (typeof v === 'string' && v.startsWith('=')) formulas++;
    for (const v of Object.values(sheet.cells ?? {})) if (typeof v === 'string' && v.startsWith('=')) formulas++;
  }

  return {
    workbook,
    lines,
    formulaCount: formulas,
    outputRefs,
    parameterCells,
    scenarios: {
      few: { parameter: 'finish', values: ['paint', 'powder', 'galvanize', 'none'] },
      mid: { parameter: 'weld_class', values: ['C', 'D', 'B'] },
      most: { parameter: 'quantity', values: [10, 20, 50, 100, 250, 500, 1000, 1, 2, 5] },
    },
  };
}

/**
 * The same calculation by hand: what a developer would write without a spreadsheet engine.
 * Tables are resolved to arrays once; every change recomputes all lines (fast enough that
 * nobody would bother with anything cleverer). Operations are in the workbook's order.
 */
export class PlainModel {
  private readonly params: GeneratedParameters = { ...DEFAULT_PARAMETERS };
  private readonly classIndex: Int32Array;
  private readonly hoursPerPiece: Float64Array;
  private readonly ratePerHour: Float64Array;
  private readonly isWeld: Uint8Array;
  private readonly qtyPerUnit: Float64Array;
  private readonly weightKg: Float64Array;
  private readonly areaPerUnit: number;
  private readonly weightPerUnit: number;
  /** Line totals of the last evaluation (column L). */
  readonly lineTotals: Float64Array;
  private result: PlainOutputs;

  constructor(private readonly lines: readonly Line[]) {
    const n = lines.length;
    this.classIndex = Int32Array.from(lines, (l) => CLASSES.indexOf(l.materialClass));
    this.hoursPerPiece = Float64Array.from(lines, (l) => PROCESS_TABLE[l.process][0]);
    this.ratePerHour = Float64Array.from(lines, (l) => PROCESS_TABLE[l.process][1]);
    this.isWeld = Uint8Array.from(lines, (l) => (l.process === 'weld' ? 1 : 0));
    this.qtyPerUnit = Float64Array.from(lines, (l) => l.qtyPerUnit);
    this.weightKg = Float64Array.from(lines, (l) => l.weightKg);
    let area = 0;
    let weight = 0;
    for (const l of lines) {
      area += l.qtyPerUnit * l.areaM2;
      weight += l.qtyPerUnit * l.weightKg;
    }
    this.areaPerUnit = area;
    this.weightPerUnit = weight;
    this.lineTotals = new Float64Array(n);
    this.result = this.compute();
  }

  set(values: Partial<GeneratedParameters>): void {
    Object.assign(this.params, values);
    this.result = this.compute();
  }

  outputs(): PlainOutputs {
    return this.result;
  }

  private compute(): PlainOutputs {
    const p = this.params;
    const prices = MATERIAL_PRICES[p.grade];
    const weldFactor = WELD_FACTORS[p.weld_class];
    const [finishRate, finishSetup, cureDays] = FINISH_TABLE[p.finish];
    const qty = p.quantity;
    const n = this.lines.length;
    let material = 0;
    let hours = 0;
    let labour = 0;
    let weldLabour = 0;
    let sections = 0;
    let section = 0;
    for (let i = 0; i < n; i++) {
      const ext = (this.qtyPerUnit[i] as number) * qty;
      const rate = prices[this.classIndex[i] as number] as number;
      const mat = ext * (this.weightKg[i] as number) * rate;
      let h = (this.hoursPerPiece[i] as number) * ext;
      if (this.isWeld[i] === 1) h *= weldFactor;
      const lab = h * (this.ratePerHour[i] as number);
      const total = mat + lab;
      this.lineTotals[i] = total;
      material += mat;
      hours += h;
      labour += lab;
      if (this.isWeld[i] === 1) weldLabour += lab;
      section += total;
      if ((i + 1) % SECTION_SIZE === 0 || i === n - 1) {
        sections += section;
        section = 0;
      }
    }
    const finish = finishRate * this.areaPerUnit * qty + finishSetup;
    const overhead = (material + labour + finish) * OVERHEAD_RATE;
    const totalCost = material + labour + finish + overhead;
    const totalPrice = totalCost * (1 + p.margin);
    return {
      material_cost: material,
      labour_cost: labour,
      finish_cost: finish,
      overhead,
      total_cost: totalCost,
      total_price: totalPrice,
      unit_price: totalPrice / qty,
      weight: this.weightPerUnit * qty,
      lead_time: hours / (8 * p.crew) + cureDays + FIXED_LEAD_DAYS,
      lines_total: sections,
      weld_labour: weldLabour,
    };
  }
}

/** |a − b| ≤ 1e-9 · max(1, |a|, |b|): the engine reports 14 significant digits. */
export function agrees(a: number, b: number, tolerance = 1e-9): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Every output as the engine computed it (before money settlement), as numbers. */
export function engineOutputs(model: PriceModel, generated: GeneratedModel): PlainOutputs {
  const hf = model.engine;
  const out = {} as PlainOutputs;
  for (const id of OUTPUT_IDS) {
    const address = hf.simpleCellAddressFromString(generated.outputRefs[id], 0);
    const value = address ? hf.getCellValue(address) : undefined;
    out[id] = typeof value === 'number' ? value : NaN;
  }
  return out;
}

/** Line totals (column L of Lines) as the engine computed them. */
export function engineLineTotals(model: PriceModel, generated: GeneratedModel): number[] {
  const hf = model.engine;
  const sheet = hf.getSheetId('Lines');
  if (sheet === undefined) return [];
  return generated.lines.map((_l, i) => {
    const v = hf.getCellValue({ sheet, row: i + 1, col: 11 });
    return typeof v === 'number' ? v : NaN;
  });
}

/** Outputs that differ (beyond `agrees`), one message each; empty if all agree. */
export function compareOutputs(engine: PlainOutputs, plain: PlainOutputs): string[] {
  return OUTPUT_IDS.filter((id) => !agrees(engine[id], plain[id])).map((id) => `${id}: engine ${engine[id]}, plain ${plain[id]}`);
}

/** `count` configurations: every parameter set to a realistic value, reproducibly. */
export function randomConfigurations(count: number, seed = 7): GeneratedParameters[] {
  const rand = prng(seed);
  const quantities = [1, 2, 3, 5, 8, 10, 12, 20, 25, 40, 50, 75, 100, 150, 200, 250, 500, 1000];
  return Array.from({ length: count }, () => ({
    quantity: pick(rand, quantities),
    grade: pick(rand, GRADES),
    weld_class: pick(rand, WELD_CLASSES),
    finish: pick(rand, FINISHES),
    margin: (10 + Math.floor(rand() * 31)) / 100,
    crew: 1 + Math.floor(rand() * 6),
  }));
}
