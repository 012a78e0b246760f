/**
 * The price waterfall: a model's `breakdown` outputs in step order, each with its running total,
 * and a check that the steps add up to the price. All arithmetic is in integer minor units, so
 * "adds up" means exactly, not within a tolerance.
 */
import { currencyDecimals, settle, sumMinor } from '../pricing/money.js';
import type { ExplainNode } from '../workbook/explain.js';
import type { OutputReading, PriceModel } from '../workbook/PriceModel.js';
import type { LocalizedText, Output } from '../workbook/schema.js';

export interface WaterfallStep {
  /** The breakdown output's id. */
  readonly id: string;
  readonly label: LocalizedText;
  /** The output's `step`; undefined for a breakdown output without one (listed last). */
  readonly step?: number;
  /** In the waterfall's `decimals`; null when the output is an error (`#N/A`). */
  readonly amountMinor: number | null;
  /** Sum of this step and all before it; null from the first step that is an error on. */
  readonly cumulativeMinor: number | null;
  readonly error?: { readonly code: string; readonly message: string };
  /**
   * The tree behind this step, computed when asked (explaining every step up front is slow),
   * from the model's values at that moment.
   */
  explain(): ExplainNode;
}

export interface Waterfall {
  readonly currency: string;
  /** Places of the minor unit every amount here is counted in (2 for fen). */
  readonly decimals: number;
  readonly steps: readonly WaterfallStep[];
  /** Sum of all steps; null if any step is an error. */
  readonly totalMinor: number | null;
  /** The output the steps are checked against; undefined if the model has no such output. */
  readonly against?: string;
  readonly againstMinor: number | null;
  /** True when the steps add up exactly to `against`. */
  readonly reconciles: boolean;
  /** `totalMinor − againstMinor` when both are known: what the breakdown misses (negative: exceeds). */
  readonly differenceMinor: number | null;
}

export interface WaterfallOptions {
  /**
   * Output the steps must add up to. By default the model's `unit_price` output, or its
   * `total_price` output when the steps add up to that one instead: a breakdown may be written
   * per piece or for the whole quantity (an extrusion order priced by the bar is a whole).
   */
  readonly against?: string;
}

type Amount = { minor: number; error?: undefined } | { minor: null; error: { code: string; message: string } };

/**
 * The waterfall of `model`'s current values.
 *
 * @example
 * const w = waterfall(model);
 * if (!w.reconciles) warn(`breakdown is off by ${w.differenceMinor} fen`);
 * w.steps[0]?.explain();
 */
export function waterfall(model: PriceModel, options: WaterfallOptions = {}): Waterfall {
  const currency = model.workbook.currency;
  const placesOf = (o: Output) => o.decimals ?? currencyDecimals(currency);
  const breakdown = model.outputs
    .filter((o) => o.role === 'breakdown')
    .map((o, index) => ({ o, index }))
    // Stable: outputs without a step keep the model's order, after those with one.
    .sort((a, b) => (a.o.step ?? Infinity) - (b.o.step ?? Infinity) || a.index - b.index)
    .map(({ o }) => o);
  let against = options.against !== undefined ? model.outputs.find((o) => o.id === options.against) : model.outputs.find((o) => o.role === 'unit_price');
  if (options.against !== undefined && !against) throw new Error(`unknown output "${options.against}"`);

  // Steps may settle to different places (a per-kg rate to 4); count everything in the finest.
  const decimals = Math.max(currencyDecimals(currency), ...breakdown.map(placesOf), ...(against ? [placesOf(against)] : []));
  const amountOf = (o: Output): Amount => {
    const reading: OutputReading = model.read(o.id);
    if (reading.error) return { minor: null, error: reading.error };
    const places = placesOf(o);
    let minor = reading.minor;
    if (minor === undefined) {
      // A breakdown output not flagged as money is still an amount here: settle it like money.
      if (typeof reading.value !== 'number') return { minor: null, error: { code: '#VALUE!', message: `expected an amount, got ${JSON.stringify(reading.value)}` } };
      try {
        minor = settle(reading.value, places);
      } catch (e) {
        return { minor: null, error: { code: '#NUM!', message: (e as Error).message } };
      }
    }
    return { minor: minor * 10 ** (decimals - places) };
  };

  let running: number | null = 0;
  const steps: WaterfallStep[] = breakdown.map((o) => {
    const amount = amountOf(o);
    running = running === null || amount.minor === null ? null : sumMinor([running, amount.minor]);
    return {
      id: o.id,
      label: o.label,
      ...(o.step !== undefined ? { step: o.step } : {}),
      amountMinor: amount.minor,
      cumulativeMinor: running,
      ...(amount.error ? { error: amount.error } : {}),
      explain: () => model.explain(o.id),
    };
  });
  const totalMinor = steps.length === 0 ? 0 : (steps[steps.length - 1]?.cumulativeMinor ?? null);
  let againstMinor = against ? amountOf(against).minor : null;
  if (options.against === undefined && totalMinor !== null && againstMinor !== totalMinor) {
    const total = model.outputs.find((o) => o.role === 'total_price');
    const totalAmount = total ? amountOf(total).minor : null;
    if (total && totalAmount === totalMinor) {
      against = total;
      againstMinor = totalAmount;
    }
  }
  const differenceMinor = totalMinor !== null && againstMinor !== null ? totalMinor - againstMinor : null;
  return {
    currency,
    decimals,
    steps,
    totalMinor,
    ...(against ? { against: against.id } : {}),
    againstMinor,
    reconciles: differenceMinor === 0,
    differenceMinor,
  };
}
