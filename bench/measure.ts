/** Measurements shared by the suite (run.ts) and the engine-options comparison (engineOptions.ts). */
import type { SimpleCellAddress, SimpleCellRange } from 'hyperformula';
import { PriceModel, formatWorkbookError } from '../src/domain/workbook/index.js';
import type { ParameterValue, WorkbookSource } from '../src/domain/workbook/index.js';
import type { Cycle } from './exampleModels.js';
import type { ChangeScenario } from './generatedModel.js';
import { repeat, settledHeapMB } from './stats.js';
import type { RepeatOptions } from './stats.js';

export class OpenFailed extends Error {}

export async function openModel(file: string, source: WorkbookSource): Promise<PriceModel> {
  const r = await PriceModel.open(file, source);
  if (!r.ok) throw new OpenFailed(r.errors.slice(0, 10).map(formatWorkbookError).join('\n'));
  return r.model;
}

export interface LoadFigures {
  /** The model of the last timed run, still open. */
  readonly model: PriceModel;
  readonly loadMs: number[];
  /** Heap used after a full GC with the model open, minus before loading it, per heap run. */
  readonly heapMB: number[];
}

export interface LoadPlan {
  /** Loads with a full GC before and after, for the heap figure; not timed. */
  readonly heapRuns: number;
  /** Untimed loads after those: a forced GC throws away compiled code, and loads right after one run 2-3x slower. */
  readonly warmup: number;
  /** Timed loads, without forced GC. */
  readonly runs: number;
}

/** Heap runs, then warm-up loads, then timed loads; the last model stays open and is returned. */
export async function measureLoad(open: () => Promise<PriceModel>, plan: LoadPlan): Promise<LoadFigures> {
  const heapMB: number[] = [];
  // One load first, so the heap runs do not count code compiled on first use.
  if (plan.heapRuns > 0) (await open()).dispose();
  for (let i = 0; i < plan.heapRuns; i++) {
    const before = await settledHeapMB();
    const model = await open();
    heapMB.push((await settledHeapMB()) - before);
    model.dispose();
  }
  for (let i = 0; i < plan.warmup; i++) (await open()).dispose();
  const loadMs: number[] = [];
  let model: PriceModel | undefined;
  for (let i = 0; i < plan.runs; i++) {
    model?.dispose();
    const t0 = performance.now();
    model = await open();
    loadMs.push(performance.now() - t0);
  }
  if (!model) throw new Error('no timed load');
  return { model, loadMs, heapMB };
}

/** Formula cells in the composed engine (modules included). */
export function formulaCount(model: PriceModel): number {
  let n = 0;
  const sheets = model.engine.getAllSheetsSerialized();
  for (const rows of Object.values(sheets)) for (const row of rows) for (const v of row) if (typeof v === 'string' && v.startsWith('=')) n++;
  return n;
}

/** Formula cells downstream of a cell (through ranges and names), as the engine's graph says. */
export function cellsReached(model: PriceModel, ref: string): number {
  const hf = model.engine;
  const start = hf.simpleCellAddressFromString(ref, 0);
  if (!start) return NaN;
  const seen = new Set<string>();
  let formulas = 0;
  const queue: (SimpleCellAddress | SimpleCellRange)[] = [start];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const d of hf.getCellDependents(next)) {
      const key = 'start' in d ? `${d.start.sheet}:${d.start.row}:${d.start.col}:${d.end.row}:${d.end.col}` : `${d.sheet}:${d.row}:${d.col}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!('start' in d) && hf.doesCellHaveFormula(d)) formulas++;
      queue.push(d);
    }
  }
  return formulas;
}

/** Configurations evaluated per second by `model.evaluate`, in batches, cycling `configs`. */
export function configsPerSecond(model: PriceModel, configs: readonly Readonly<Record<string, unknown>>[], batch: number, options: RepeatOptions): number {
  let at = 0;
  const nextBatch = () => {
    const b: Readonly<Record<string, unknown>>[] = [];
    for (let i = 0; i < batch; i++) b.push(configs[at++ % configs.length] as Readonly<Record<string, unknown>>);
    return b;
  };
  const times = repeat(() => {
    const results = model.evaluate(nextBatch());
    if (results.length !== batch) throw new Error('evaluate returned the wrong number of results');
  }, options);
  const seconds = times.reduce((a, b) => a + b, 0) / 1000;
  return (times.length * batch) / seconds;
}

/** The `i`-th value of a scenario whose first value is the default: never the current one. */
export function scenarioValue(s: ChangeScenario, i: number): string | number {
  return s.values[(i + 1) % s.values.length] as string | number;
}

/** Times one parameter change → all outputs read, cycling the scenario's values. */
export function timeScenario(model: PriceModel, s: ChangeScenario, options: RepeatOptions): number[] {
  model.reset();
  return repeat((i) => {
    model.set({ [s.parameter]: scenarioValue(s, i) });
    model.readAll();
  }, options);
}

/**
 * Times parameter changes → all outputs read on an example model: each cycled parameter in
 * turn, each time its next value. Returns the times and, per parameter, its own times.
 */
export function timeCycles(model: PriceModel, cycles: readonly Cycle[], rounds: { readonly warmup: number } & Omit<RepeatOptions, 'warmup'>): { times: number[]; byParameter: Map<string, number[]> } {
  model.reset();
  const current = new Map<string, ParameterValue>(Object.entries(model.values()));
  const position = new Map<string, number>();
  const change = (i: number): void => {
    const cycle = cycles[i % cycles.length] as Cycle;
    const id = cycle.parameter.id;
    let k = position.get(id) ?? cycle.values.indexOf(current.get(id) as ParameterValue);
    let value: ParameterValue;
    do {
      k = (k + 1) % cycle.values.length;
      value = cycle.values[k] as ParameterValue;
    } while (value === current.get(id));
    position.set(id, k);
    current.set(id, value);
    const result = model.set({ [id]: value });
    if (!result.ok) throw new Error(`${id}=${String(value)} refused: ${result.problems.map((p) => p.message).join('; ')}`);
    model.readAll();
  };
  const warmup = rounds.warmup * cycles.length;
  const times = repeat(change, { ...rounds, warmup });
  const byParameter = new Map<string, number[]>();
  times.forEach((t, j) => {
    const id = (cycles[(warmup + j) % cycles.length] as Cycle).parameter.id;
    const list = byParameter.get(id) ?? [];
    list.push(t);
    byParameter.set(id, list);
  });
  model.reset();
  return { times, byParameter };
}
