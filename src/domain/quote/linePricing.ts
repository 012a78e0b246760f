/**
 * Prices a quote line: a configured product on its released model, or a catalogue item.
 *
 * A configured line's path, each step settled to the minor unit so the shown steps add up:
 *   model unit price (CNY, from the release, with market index values of the quote date and the
 *   line quantity written into the model) → quote currency at the quote's rate → supply/demand
 *   load factor of the product line → regional factor = the line's list unit price.
 * The line discount (tier default, or what the rep asks within the cap) is applied by the
 * totals, not here. Cost follows the same currency conversion but no policy factor: the
 * factors move the price, not what the product costs to make.
 */
import type { ModelRules } from '../rules/modelRules.js';
import type { PriceModel } from '../workbook/PriceModel.js';
import type { Parameter } from '../workbook/schema.js';
import { freezeIndex, MarketIndexError } from '../pricing/marketIndex.js';
import type { FrozenIndexValue, IndexSeries } from '../pricing/marketIndex.js';
import { settle } from '../pricing/money.js';
import { loadFactorFor } from '../pricing/policies.js';
import type { LoadFactor, RegionPolicy } from '../pricing/policies.js';
import type { CatalogueItem } from '../pricing/PricingSettings.js';
import { volumeTotalMinor } from '../pricing/volumeBreaks.js';
import type { ConfiguredLineRecord, ParameterValue, PolicyStepRecord } from './QuoteRecord.js';

/** What the quote contributes to a line's price. */
export interface LinePricingContext {
  readonly quoteDate: string;
  /** CNY per unit of the quote currency. */
  readonly exchangeRate: number;
  readonly indices: readonly IndexSeries[];
  readonly loadFactors: readonly LoadFactor[];
  readonly region: RegionPolicy;
}

export type LinePriceResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

export interface PolicyPrice {
  readonly unitPriceMinor: number;
  readonly steps: PolicyStepRecord[];
}

/** CNY minor units → the quote currency's minor units (both with 2 decimals). */
export function toQuoteCurrency(cnyMinor: number, exchangeRate: number): number {
  return exchangeRate === 1 ? cnyMinor : settle(cnyMinor / exchangeRate, 0);
}

/** Load factor of the product line, then the regional factor, each step settled. */
export function applyPolicySteps(baseMinor: number, productLine: string, context: Pick<LinePricingContext, 'loadFactors' | 'region'>): PolicyPrice {
  const steps: PolicyStepRecord[] = [];
  let running = baseMinor;
  const load = loadFactorFor(context.loadFactors, productLine);
  if (load && load.factor !== 1) {
    const after = settle(running * load.factor, 0);
    steps.push({ step: 'load', label: load.reason, factor: load.factor, deltaMinor: after - running });
    running = after;
  }
  if (context.region.factor !== 1) {
    const after = settle(running * context.region.factor, 0);
    steps.push({ step: 'region', label: context.region.region, factor: context.region.factor, deltaMinor: after - running });
    running = after;
  }
  return { unitPriceMinor: running, steps };
}

/** The integer parameter a quote line's quantity is written to, if the model has one. */
export function quantityParameter(parameters: readonly Parameter[]): Parameter | undefined {
  return parameters.find((p) => p.type === 'integer' && p.quantity === true);
}

/** Parameters filled from market index series, with the value on the quote date. */
export function indexValues(parameters: readonly Parameter[], context: Pick<LinePricingContext, 'indices' | 'quoteDate'>): LinePriceResult<FrozenIndexValue[]> {
  const frozen: FrozenIndexValue[] = [];
  const problems: string[] = [];
  for (const p of parameters) {
    const key = p.type === 'number' ? p.index : undefined;
    if (key === undefined) continue;
    const series = context.indices.find((s) => s.key === key);
    if (!series) {
      problems.push(`parameter ${p.id} takes market index ${key}, which the price policies do not define`);
      continue;
    }
    try {
      frozen.push(freezeIndex(series, context.quoteDate));
    } catch (e) {
      if (!(e instanceof MarketIndexError)) throw e;
      problems.push(`parameter ${p.id}: ${e.message}`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: frozen };
}

export interface ConfiguredLineRequest {
  readonly id: string;
  readonly quantity: number;
  /** Values the user set; the rest are the model's defaults. */
  readonly values: Readonly<Record<string, ParameterValue>>;
  readonly discountPct: number;
  readonly inclusion: ConfiguredLineRecord['inclusion'];
  readonly chosen: boolean;
  /** When given, these index values are used instead of today's (a line keeps its frozen values until repriced). */
  readonly frozenIndices?: readonly FrozenIndexValue[];
  /** Shown on the quote; the model's name when absent. */
  readonly description?: string;
}

export interface ReleaseFacts {
  readonly modelId: string;
  readonly version: string;
  readonly hash: string;
  readonly language: 'zh' | 'en';
}


function outputMinor(model: PriceModel, outputs: Readonly<Record<string, { minor?: number; error?: { message: string } }>>, role: 'unit_price' | 'unit_cost'): number | string {
  const def = model.outputs.find((o) => o.role === role);
  if (!def) return `the model has no ${role} output`;
  const reading = outputs[def.id];
  if (!reading || reading.error) return `${role} (${def.id}) is an error: ${reading?.error?.message ?? 'no value'}`;
  if (reading.minor === undefined) return `${role} (${def.id}) is not money`;
  if (reading.minor < 0) return `${role} (${def.id}) is negative (${reading.minor / 100})`;
  return reading.minor;
}

/**
 * Price a configured line on its (already opened) release. Refused with the model's own words
 * when a value is invalid or an output is an error; nothing is half-priced.
 */
export function priceConfiguredLine(
  model: PriceModel,
  release: ReleaseFacts,
  request: ConfiguredLineRequest,
  context: LinePricingContext,
  rules?: ModelRules,
): LinePriceResult<ConfiguredLineRecord> {
  if (!(Number.isFinite(request.quantity) && request.quantity > 0)) return { ok: false, problems: [`quantity must be greater than 0, got ${request.quantity}`] };
  const qtyParam = quantityParameter(model.parameters);
  if (qtyParam && !Number.isInteger(request.quantity)) return { ok: false, problems: [`quantity must be a whole number for ${release.modelId}, got ${request.quantity}`] };
  let frozen: FrozenIndexValue[];
  if (request.frozenIndices) frozen = [...request.frozenIndices];
  else {
    const found = indexValues(model.parameters, context);
    if (!found.ok) return found;
    frozen = found.value;
  }
  const given: Record<string, ParameterValue> = { ...request.values };
  for (const p of model.parameters) {
    const key = p.type === 'number' ? p.index : undefined;
    const value = key === undefined ? undefined : frozen.find((f) => f.series === key);
    if (value) given[p.id] = value.value;
  }
  if (qtyParam) given[qtyParam.id] = request.quantity;
  const defaults = Object.fromEntries(model.parameters.map((p) => [p.id, p.default] as const));
  if (rules) {
    // The rules decide the values the user left open, and refuse a combination they forbid.
    const userSet = new Set(Object.keys(request.values));
    const state = rules.evaluate({ ...defaults, ...given }, userSet);
    if (!state.consistent) {
      const why = state.conflict?.rules.map((r) => r.message[release.language] || r.id) ?? [];
      return { ok: false, problems: [`the configuration breaks the model's rules: ${why.join('; ') || 'no valid configuration keeps these choices'}`] };
    }
    for (const [id, value] of Object.entries(state.suggested)) if (!userSet.has(id)) given[id] = value;
  }
  const [evaluation] = model.evaluate([given]);
  if (!evaluation) return { ok: false, problems: ['the model gave no result'] };
  if (!evaluation.ok) return { ok: false, problems: evaluation.problems.map((p) => `${p.parameter}: ${p.message}`) };
  const price = outputMinor(model, evaluation.outputs, 'unit_price');
  const cost = outputMinor(model, evaluation.outputs, 'unit_cost');
  const problems = [price, cost].filter((x): x is string => typeof x === 'string');
  if (problems.length > 0) return { ok: false, problems };
  const modelUnitPriceMinor = toQuoteCurrency(price as number, context.exchangeRate);
  const unitCostMinor = toQuoteCurrency(cost as number, context.exchangeRate);
  const policy = applyPolicySteps(modelUnitPriceMinor, model.workbook.productLine, context);
  const values: Record<string, ParameterValue> = { ...defaults, ...given };
  const line: ConfiguredLineRecord = {
    kind: 'configured',
    id: request.id,
    description: request.description ?? model.workbook.name[release.language],
    quantity: request.quantity,
    unit: qtyParam?.unit ?? 'pc',
    unitPriceMinor: policy.unitPriceMinor,
    unitCostMinor,
    discountPct: request.discountPct,
    inclusion: request.inclusion,
    chosen: request.chosen,
    modelId: release.modelId,
    version: release.version,
    releaseHash: release.hash,
    productLine: model.workbook.productLine,
    values,
    fixed: Object.keys(request.values).sort(),
    modelUnitPriceMinor,
    policySteps: policy.steps,
    frozenIndices: frozen,
  };
  return { ok: true, value: line };
}

/**
 * A catalogue item at a quantity: the volume breaks' amount (graduated or block) spread over
 * the quantity and settled per unit (a graduated total may differ from unit × quantity by
 * under half a minor unit per piece), then the policy steps.
 */
export function priceCatalogueItem(item: CatalogueItem, quantity: number, context: LinePricingContext): LinePriceResult<PolicyPrice & { unitCostMinor: number }> {
  if (!(Number.isFinite(quantity) && quantity > 0)) return { ok: false, problems: [`quantity must be greater than 0, got ${quantity}`] };
  let baseCny = item.priceMinor;
  if (item.volumeBreaks) {
    if (!Number.isInteger(quantity)) return { ok: false, problems: [`quantity must be a whole number for ${item.sku} (it has volume breaks), got ${quantity}`] };
    baseCny = settle(volumeTotalMinor(item.volumeBreaks, quantity) / quantity, 0);
  }
  const policy = applyPolicySteps(toQuoteCurrency(baseCny, context.exchangeRate), item.productLine, context);
  return { ok: true, value: { ...policy, unitCostMinor: toQuoteCurrency(item.costMinor, context.exchangeRate) } };
}
