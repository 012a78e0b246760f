/**
 * One configuration of a price model as a sales rep fills it in: the text typed per field, the
 * last valid value per field, the errors, and the price of the last valid values.
 *
 * Invariants:
 * - only values that passed `parseParameterText` ever reach the model;
 * - `price.outputs` are the outputs for `values()` (the last valid value of every field);
 * - `price.stale` is true exactly while some field's text is not a valid value, i.e. the price
 *   shown does not match what the form shows.
 */
import { checkParameterValue, parseParameterText } from '../workbook/parameters.js';
import type { ParameterValue } from '../workbook/parameters.js';
import type { Outputs, PriceModel } from '../workbook/PriceModel.js';
import type { Parameter } from '../workbook/schema.js';
import { valueText } from './form.js';
import { waterfall } from './waterfall.js';
import type { Waterfall, WaterfallOptions } from './waterfall.js';

export interface FieldError {
  readonly field: string;
  /** `required`: an empty field that needs a value; `invalid`: text that is not an allowed value. */
  readonly code: 'required' | 'invalid';
  readonly message: string;
}

export interface PriceState {
  /** Outputs for the last valid values. */
  readonly outputs: Outputs;
  /** True while any field is invalid: show the price, marked as not matching the form. */
  readonly stale: boolean;
  /** Counts recalculations, so a view can tell a fresh price from the same one. */
  readonly revision: number;
}

/** What a configuration saves and restores: values plus which of them the user chose. */
export interface ConfigurationSnapshot {
  readonly values: Readonly<Record<string, ParameterValue>>;
  readonly userSet: readonly string[];
}

export interface InputResult {
  readonly error?: FieldError;
  /** Whether the model was recalculated (false for an invalid text or an unchanged value). */
  readonly recalculated: boolean;
}

export class Configuration {
  private readonly parameters: ReadonlyMap<string, Parameter>;
  private readonly texts = new Map<string, string>();
  private readonly valid = new Map<string, ParameterValue>();
  private readonly fieldErrors = new Map<string, FieldError>();
  private readonly chosen = new Set<string>();
  private outputs: Outputs;
  private revision = 0;

  /**
   * Start from the model's defaults, or from saved values. A saved value the model no longer
   * accepts (its options changed, say) shows as an error on that field, with the default priced.
   *
   * @example
   * const c = new Configuration(model);
   * c.input('qty', '20');
   * c.price.outputs.total_price?.minor;
   */
  constructor(
    readonly model: PriceModel,
    initial: Partial<ConfigurationSnapshot> = {},
  ) {
    this.parameters = new Map(model.parameters.map((p) => [p.id, p]));
    for (const p of model.parameters) {
      this.valid.set(p.id, p.default);
      this.texts.set(p.id, valueText(p.default));
    }
    for (const [id, value] of Object.entries(initial.values ?? {})) {
      const p = this.parameters.get(id);
      // A saved value for a parameter the model dropped has nothing to configure.
      if (!p) continue;
      this.texts.set(id, valueText(value));
      const problem = checkParameterValue(p, value);
      if (problem === undefined) this.valid.set(id, value);
      else this.fieldErrors.set(id, { field: id, code: 'invalid', message: problem });
    }
    for (const id of initial.userSet ?? []) if (this.parameters.has(id)) this.chosen.add(id);
    this.outputs = this.calculate();
  }

  /** The text the field shows. */
  text(field: string): string {
    this.parameter(field);
    return this.texts.get(field) ?? '';
  }

  /** The last valid value of every field: what the price is for. */
  values(): Record<string, ParameterValue> {
    return Object.fromEntries(this.valid);
  }

  /** Field errors in the model's parameter order. */
  get errors(): readonly FieldError[] {
    return this.model.parameters.flatMap((p) => this.fieldErrors.get(p.id) ?? []);
  }

  error(field: string): FieldError | undefined {
    this.parameter(field);
    return this.fieldErrors.get(field);
  }

  get stale(): boolean {
    return this.fieldErrors.size > 0;
  }

  get price(): PriceState {
    return { outputs: this.outputs, stale: this.stale, revision: this.revision };
  }

  /** Fields the user set, as opposed to those left at the model's default. */
  get userSet(): ReadonlySet<string> {
    return this.chosen;
  }

  /**
   * The user typed `text` into `field`. A valid text that changes the field's value recalculates;
   * the same value again (`20`, then `20.0`) does not. An invalid text keeps the previous price.
   */
  input(field: string, text: string): InputResult {
    const p = this.parameter(field);
    this.texts.set(field, text);
    this.chosen.add(field);
    if (text.trim() === '' && p.type !== 'text') return this.fail({ field, code: 'required', message: 'required' });
    const parsed = parseParameterText(p, text);
    if (!parsed.ok) return this.fail({ field, code: 'invalid', message: parsed.message });
    this.fieldErrors.delete(field);
    if (this.valid.get(field) === parsed.value) return { recalculated: false };
    this.valid.set(field, parsed.value);
    this.outputs = this.calculate();
    return { recalculated: true };
  }

  /** Put the field back to the model's default and forget that the user set it. */
  useDefault(field: string): InputResult {
    const p = this.parameter(field);
    const result = this.input(field, valueText(p.default));
    this.chosen.delete(field);
    return result;
  }

  /** Valid values and the fields the user set, for saving. Invalid texts are not saved. */
  snapshot(): ConfigurationSnapshot {
    return { values: this.values(), userSet: [...this.chosen].sort() };
  }

  /**
   * Recalculate now. The price is already current after every valid input; this is for a model
   * whose tables changed underneath (a live edit by the cost engineer).
   */
  refresh(): PriceState {
    this.outputs = this.calculate();
    return this.price;
  }

  /** The breakdown of this configuration's price (its valid values pushed first: the model may be shared). */
  waterfall(options?: WaterfallOptions): Waterfall {
    this.push();
    return waterfall(this.model, options);
  }

  private fail(error: FieldError): InputResult {
    this.fieldErrors.set(error.field, error);
    return { error, recalculated: false };
  }

  private calculate(): Outputs {
    this.push();
    this.revision += 1;
    return this.model.readAll();
  }

  private push(): void {
    // All values, not just the changed one: the model may be shared, and set() writes only
    // the cells whose value differs, so this costs nothing more when it is not.
    const result = this.model.set(this.values());
    if (!result.ok) {
      // Unreachable while parse and set check values with the same function; kept loud.
      throw new Error(`the model refused checked values: ${result.problems.map((q) => `${q.parameter}: ${q.message}`).join('; ')}`);
    }
  }

  private parameter(field: string): Parameter {
    const p = this.parameters.get(field);
    if (!p) throw new Error(`unknown field "${field}" in model ${this.model.workbook.id}`);
    return p;
  }
}
