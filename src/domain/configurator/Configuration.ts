/**
 * One configuration of a price model as a sales rep fills it in: the text typed per field, the
 * last valid value per field, the errors, and the price of the last valid values.
 *
 * Invariants:
 * - only values that passed `parseParameterText` ever reach the model;
 * - `price.outputs` are the outputs for `values()` (the last valid value of every field);
 * - `price.stale` is true exactly while some field's text is not a valid value, or the valid
 *   values break the model's configuration rules: the price shown does not match the form;
 * - with rules, the price is always that of a configuration the rules allow: a forced impossible
 *   choice keeps the last allowed configuration's price until a fix or another choice resolves it;
 * - values the user did not set follow the rules' suggestions (soft defaults, or a nearest allowed
 *   value when a default became impossible); values the user set change only by the user.
 */
import { checkParameterValue, parseParameterText } from '../workbook/parameters.js';
import type { ParameterValue } from '../workbook/parameters.js';
import type { Outputs, PriceModel } from '../workbook/PriceModel.js';
import type { Parameter } from '../workbook/schema.js';
import type { AllowedValues, ModelRules, RuleConflict, RuleFix, RuleState } from '../rules/modelRules.js';
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

/** See `Configuration.ruleDetails`. */
export interface RuleDetails {
  readonly alternatives: ReadonlyMap<string, AllowedValues>;
  readonly exclusions: ReadonlyMap<string, ReadonlyMap<ParameterValue, RuleConflict>>;
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
  /** The values `outputs` were computed for (differs from `valid` only while the rules are broken). */
  private priced = new Map<string, ParameterValue>();
  private ruleState: RuleState | undefined;
  /** The field of the last input: a conflict's fixes keep it. */
  private lastInput: string | undefined;

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
    /** The model's configuration rules, if it has any (compileRules). */
    readonly modelRules?: ModelRules,
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
    this.applyRules();
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
    return this.fieldErrors.size > 0 || this.ruleState?.consistent === false;
  }

  /** What the rules allow now, and the conflict if the user's choices break them; undefined without rules. */
  get rules(): RuleState | undefined {
    return this.ruleState;
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
    this.lastInput = field;
    this.texts.set(field, text);
    this.chosen.add(field);
    if (text.trim() === '' && p.type !== 'text') return this.fail({ field, code: 'required', message: 'required' });
    const parsed = parseParameterText(p, text);
    if (!parsed.ok) return this.fail({ field, code: 'invalid', message: parsed.message });
    this.fieldErrors.delete(field);
    if (this.valid.get(field) === parsed.value) return { recalculated: false };
    this.valid.set(field, parsed.value);
    if (!this.applyRules()) return { recalculated: false };
    this.outputs = this.calculate();
    return { recalculated: true };
  }

  /**
   * Apply a fix the rules offered: each change sets the parameter as the user would (to: null
   * puts it back to the model's default and unsets it).
   */
  applyFix(fix: RuleFix): void {
    for (const change of fix.changes) {
      const value = change.to ?? this.parameter(change.parameter).default;
      if (change.to === null) this.chosen.delete(change.parameter);
      else this.chosen.add(change.parameter);
      this.texts.set(change.parameter, valueText(value));
      this.valid.set(change.parameter, value);
      this.fieldErrors.delete(change.parameter);
    }
    if (this.applyRules()) this.outputs = this.calculate();
  }

  /**
   * Ways out of the current conflict that keep the field the user changed last and change the
   * fewest others; empty without rules or without a conflict.
   */
  fixes(): RuleFix[] {
    if (!this.modelRules || this.ruleState?.consistent !== false || this.lastInput === undefined) return [];
    return this.modelRules.fixes(this.values(), this.chosen, this.lastInput);
  }

  /**
   * The slower half of the rules' answer, for a view to ask after it has shown the price: for
   * each field the user set, what else it could take given the other choices (the rules'
   * `allowed` for it is its own value), and for each excluded option of a choice field, the
   * rules and choices that exclude it. Empty without rules or while the choices conflict.
   */
  ruleDetails(): RuleDetails {
    const alternatives = new Map<string, AllowedValues>();
    const exclusions = new Map<string, Map<ParameterValue, RuleConflict>>();
    const rules = this.modelRules;
    const state = this.ruleState;
    if (!rules || !state?.consistent) return { alternatives, exclusions };
    const values = this.values();
    for (const id of this.chosen) if (rules.parameters.includes(id)) alternatives.set(id, rules.alternatives(values, this.chosen, id));
    for (const p of this.model.parameters) {
      const allowed = alternatives.get(p.id) ?? state.allowed[p.id];
      if (p.type !== 'choice' || allowed?.kind !== 'options') continue;
      for (const option of p.options) {
        if (allowed.values.some((v) => v === option.value)) continue;
        try {
          const field = exclusions.get(p.id) ?? new Map<ParameterValue, RuleConflict>();
          field.set(option.value, rules.explainExcluded(values, this.chosen, p.id, option.value));
          exclusions.set(p.id, field);
        } catch {
          // Excluded by nothing the user chose (a dead option): the model check reports those.
        }
      }
    }
    return { alternatives, exclusions };
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

  /**
   * Re-evaluate the rules after a change of the valid values; apply their suggestions to the
   * fields the user did not set. False when the choices break the rules (nothing to price).
   */
  private applyRules(): boolean {
    if (!this.modelRules) return true;
    let state = this.modelRules.evaluate(this.values(), this.chosen);
    // Suggestions may make other soft rules apply; they settle in a few rounds.
    for (let round = 0; round < 4 && state.consistent && Object.keys(state.suggested).length > 0; round++) {
      for (const [id, value] of Object.entries(state.suggested)) {
        if (this.chosen.has(id) || !this.parameters.has(id)) continue;
        this.valid.set(id, value);
        this.texts.set(id, valueText(value));
        this.fieldErrors.delete(id);
      }
      state = this.modelRules.evaluate(this.values(), this.chosen);
    }
    this.ruleState = state;
    return state.consistent;
  }

  private calculate(): Outputs {
    this.priced = new Map(this.valid);
    this.push();
    this.revision += 1;
    return this.model.readAll();
  }

  private push(): void {
    // All values, not just the changed one: the model may be shared, and set() writes only
    // the cells whose value differs, so this costs nothing more when it is not.
    const result = this.model.set(Object.fromEntries(this.priced));
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
