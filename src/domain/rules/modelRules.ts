/**
 * A model's configuration rules at work: what each parameter may still take after the user's
 * choices, why a value is excluded, how to get out of a conflict, what to suggest for the
 * values the user did not set, and the model check (dead options, rules that never fire).
 *
 * Values the user set are choices (fixed; only the user changes them). Every other parameter's
 * value is a default the rules may change: `evaluate().suggested` says to what.
 *
 * @example
 * const compiled = compileRules(workbook, file);
 * if (compiled.ok) {
 *   const state = compiled.rules.evaluate({ ...defaults, seat: 'PTFE' }, new Set(['seat']));
 *   state.allowed.temperature; // { kind: 'ranges', ranges: [{ min: -40, max: 180 }] }
 * }
 */
import type { ParameterValue } from '../workbook/parameters.js';
import type { LocalizedText } from '../workbook/schema.js';
import { ConfigurationSolver } from './ConfigurationSolver.js';
import type { Choices, Conflict, Constraint, ConstraintProblem, Propagation } from './problem.js';
import type { CompiledPreference, CompiledRule, RuleProblem } from './ruleProblem.js';
import { and, atom, holds, or } from './ruleProblem.js';
import { keyOf, numericOptionValues, rangesOf, valueOfKey } from './valueClasses.js';
import type { Interval, NumberVariable, RuleVariable } from './valueClasses.js';

export type { Interval } from './valueClasses.js';

export type AllowedValues =
  | { readonly kind: 'options'; readonly values: readonly ParameterValue[] }
  | { readonly kind: 'ranges'; readonly ranges: readonly Interval[] };

export interface RuleConflict {
  readonly rules: readonly { readonly id: string; readonly message: LocalizedText }[];
  /** Parameters whose chosen value takes part, sorted. */
  readonly choices: readonly string[];
}

export interface RuleFix {
  readonly changes: readonly { readonly parameter: string; readonly from: ParameterValue; readonly to: ParameterValue | null }[];
}

export interface RuleState {
  readonly consistent: boolean;
  /**
   * Every parameter the rules touch: the values some valid configuration keeping the user's
   * choices uses (a parameter the user set lists its own value only; `alternatives` lists what it
   * could change to). When the choices are inconsistent: what the choices outside the conflict
   * allow (the conflict's choices set aside, one conflict at a time).
   */
  readonly allowed: Readonly<Record<string, AllowedValues>>;
  readonly conflict?: RuleConflict;
  /**
   * Values the rules choose for parameters the user did not set (soft defaults and
   * recommendations, or the nearest allowed value when a default became impossible); apply them
   * to the form. Only values that differ from the current ones; empty while inconsistent.
   */
  readonly suggested: Readonly<Record<string, ParameterValue>>;
}

export interface ModelCheck {
  /** Options (choice values, true/false) that no valid configuration can use. */
  readonly deadOptions: readonly { readonly parameter: string; readonly value: ParameterValue }[];
  /** Ranges of number parameters that no valid configuration can use. */
  readonly deadRanges: readonly { readonly parameter: string; readonly ranges: readonly Interval[] }[];
  /** Rules that can never fire: a condition that cannot hold given the other rules, or a soft rule whose values are impossible when it applies. */
  readonly neverFiring: readonly string[];
}

type Values = Readonly<Record<string, ParameterValue>>;

/** Variable names of the rule guards in the model check; a parameter id cannot contain "#". */
const GUARD = '#rule:';
/** Rounds of soft rules whose conditions depend on values other soft rules suggest. */
const MAX_SUGGESTION_ROUNDS = 4;

export class ModelRules {
  readonly ruleCount: number;
  /** The parameters the rules touch, in the workbook's order. */
  readonly parameters: readonly string[];
  private readonly messages = new Map<string, LocalizedText>();
  private readonly preferRules: readonly CompiledRule[];
  private guarded: ConfigurationSolver | undefined;

  constructor(
    private readonly compiled: RuleProblem,
    private readonly solver: ConfigurationSolver,
  ) {
    this.ruleCount = compiled.rules.length;
    this.parameters = [...compiled.variables.keys()];
    for (const r of compiled.rules) this.messages.set(r.id, r.message);
    this.preferRules = compiled.rules.filter((r) => r.preference !== undefined);
  }

  /** The problem handed to the solver (for tools and benchmarks). */
  get problem(): ConstraintProblem {
    return this.compiled.problem;
  }

  message(ruleId: string): LocalizedText | undefined {
    return this.messages.get(ruleId);
  }

  /** values: every parameter's current (valid) value; userSet: the parameters the user set. */
  evaluate(values: Values, userSet: ReadonlySet<string>): RuleState {
    const choices = this.choicesOf(values, userSet);
    const propagation = this.solver.propagate(choices);
    if (propagation.consistent) {
      return { consistent: true, allowed: this.allowedOf(propagation.allowed, values, choices), suggested: this.suggest(values, userSet, choices) };
    }
    const conflict = this.conflictOf(propagation.conflict);
    // Set the conflict's choices aside until the rest is consistent, and show what that allows.
    const rest = new Map(choices);
    let p: Propagation = propagation;
    while (!p.consistent) {
      if (p.conflict.choices.length === 0) break; // the rules alone contradict each other
      for (const c of p.conflict.choices) rest.delete(c);
      p = this.solver.propagate(rest);
    }
    const allowed = p.consistent ? this.allowedOf(p.allowed, values, rest) : this.allowedOf(new Map(this.parameters.map((id) => [id, []])), values, new Map());
    return { consistent: false, allowed, conflict, suggested: {} };
  }

  /** Whether the user's choices can be completed into a valid configuration (cheaper than `evaluate`). */
  consistent(values: Values, userSet: ReadonlySet<string>): boolean {
    return this.solver.satisfiable(this.choicesOf(values, userSet));
  }

  /**
   * What a parameter could be changed to while the user's other choices stay: for a parameter
   * the user set, `evaluate` lists only its own value; this lists the values that would not
   * conflict (for greying a chosen field's other options). Empty if the other choices conflict.
   */
  alternatives(values: Values, userSet: ReadonlySet<string>, parameter: string): AllowedValues {
    const v = this.variableOf(parameter);
    const others = this.choicesOf(values, userSet);
    others.delete(parameter);
    const p = this.solver.propagate(others);
    const keys = p.consistent ? (p.allowed.get(parameter) ?? []) : [];
    return v.kind === 'options' ? { kind: 'options', values: keys.map((k) => valueOfKey(v, k) as ParameterValue) } : { kind: 'ranges', ranges: rangesOf(v, new Set(keys)) };
  }

  /**
   * Why `parameter` cannot take `value` with the user's other choices: the smallest set of rules
   * and choices that exclude it (its `choices` include `parameter`). Throws if nothing excludes it.
   */
  explainExcluded(values: Values, userSet: ReadonlySet<string>, parameter: string, value: ParameterValue): RuleConflict {
    const v = this.variableOf(parameter);
    const key = keyOf(v, value);
    if (key === undefined) throw new Error(`explainExcluded: ${JSON.stringify(value)} is not a value of parameter "${parameter}"`);
    return this.conflictOf(this.solver.explainExclusion(this.choicesOf(values, userSet), parameter, key));
  }

  /**
   * Ways out of a conflict after the user forced `forced`: the fewest other values the user set
   * change (forced stays). Up to `limit` fixes; a number moves to its nearest allowed value.
   */
  fixes(values: Values, userSet: ReadonlySet<string>, forced: string, limit = 3): RuleFix[] {
    const choices = this.choicesOf(values, userSet);
    const keep = choices.has(forced) ? [forced] : [];
    const out: RuleFix[] = [];
    const seen = new Set<string>();
    for (const fix of this.solver.fixes(choices, keep, limit)) {
      const changes = fix.changes.map((c) => {
        const from = values[c.variable] as ParameterValue;
        const to = c.to === null ? null : (valueOfKey(this.variableOf(c.variable), c.to, from) as ParameterValue);
        return { parameter: c.variable, from, to };
      });
      const key = JSON.stringify(changes);
      if (!seen.has(key)) out.push({ changes });
      seen.add(key);
    }
    return out;
  }

  /** The model check: dead options and ranges, and rules that can never fire. */
  check(): ModelCheck {
    const deadOptions: { parameter: string; value: ParameterValue }[] = [];
    const deadKeys = new Map<string, Set<string>>();
    for (const { variable, value } of this.solver.deadValues()) {
      const v = this.variableOf(variable);
      if (v.kind === 'options') deadOptions.push({ parameter: variable, value: valueOfKey(v, value) as ParameterValue });
      else deadKeys.set(variable, (deadKeys.get(variable) ?? new Set()).add(value));
    }
    const deadRanges = [...deadKeys].map(([parameter, keys]) => ({ parameter, ranges: rangesOf(this.variableOf(parameter) as NumberVariable, keys) }));

    const neverFiring: string[] = [];
    for (const rule of this.compiled.rules) {
      if (rule.triggers.length === 0) continue;
      if (rule.preference) {
        const { when, set } = rule.preference;
        if (!this.solver.satisfiable(new Map(), and([when, ...set.map((s) => atom(s.variable, s.key))]))) neverFiring.push(rule.id);
        continue;
      }
      // Given the other rules: this rule's own constraints are switched off.
      const guarded = this.guardedSolver();
      const guards: Choices = new Map(this.compiled.rules.map((r) => [GUARD + r.id, r.id === rule.id ? 'off' : 'on']));
      if (!rule.triggers.some((t) => guarded.satisfiable(guards, t))) neverFiring.push(rule.id);
    }
    return { deadOptions, deadRanges, neverFiring };
  }

  private variableOf(parameter: string): RuleVariable {
    const v = this.compiled.variables.get(parameter);
    if (!v) throw new Error(`the rules do not restrict parameter "${parameter}"`);
    return v;
  }

  /** The user's values of rule parameters as solver choices. */
  private choicesOf(values: Values, userSet: ReadonlySet<string>): Map<string, string> {
    const choices = new Map<string, string>();
    for (const id of userSet) {
      const v = this.compiled.variables.get(id);
      if (!v) continue;
      const value = values[id];
      const key = value === undefined ? undefined : keyOf(v, value);
      if (key === undefined) throw new Error(`parameter "${id}": ${JSON.stringify(value)} is not one of its values`);
      choices.set(id, key);
    }
    return choices;
  }

  /** Solver keys → values and ranges; a number the user set allows exactly itself, as a chosen option does. */
  private allowedOf(allowed: ReadonlyMap<string, readonly string[]>, values: Values, choices: Choices): Record<string, AllowedValues> {
    const out: Record<string, AllowedValues> = {};
    for (const [id, v] of this.compiled.variables) {
      const keys = allowed.get(id) ?? [];
      const value = values[id];
      if (v.kind === 'options') out[id] = { kind: 'options', values: keys.map((k) => valueOfKey(v, k) as ParameterValue) };
      else if (choices.has(id) && typeof value === 'number') out[id] = { kind: 'ranges', ranges: keys.length > 0 ? [{ min: value, max: value }] : [] };
      else out[id] = { kind: 'ranges', ranges: rangesOf(v, new Set(keys)) };
    }
    return out;
  }

  private conflictOf(c: Conflict): RuleConflict {
    return {
      rules: c.rules.map((id) => ({ id, message: this.messages.get(id) ?? { zh: id, en: id } })),
      choices: [...c.choices],
    };
  }

  /**
   * Suggestions for the parameters the user did not set, settled one at a time on top of the
   * user's choices: first the values of the soft rules that apply (higher weight first, then in
   * file order), then every other parameter in the workbook's order, keeping its current value
   * when still possible and otherwise taking the nearest allowed one (numbers by value, options
   * by list position). Complete propagation after each step guarantees a valid configuration at
   * the end. Soft rules whose condition only holds after these changes get another round.
   */
  private suggest(values: Values, userSet: ReadonlySet<string>, choices: Choices): Record<string, ParameterValue> {
    const free = this.parameters.filter((id) => !userSet.has(id));
    if (free.length === 0) return {};
    const current = new Map<string, string>();
    for (const id of free) {
      const value = values[id];
      const key = value === undefined ? undefined : keyOf(this.variableOf(id), value);
      if (key !== undefined) current.set(id, key);
    }
    let assignment: ReadonlyMap<string, string> = new Map([...current, ...choices]);
    let active: CompiledRule[] | undefined;
    let settled = new Map(choices);
    for (let round = 0; round < MAX_SUGGESTION_ROUNDS; round++) {
      const now = this.preferRules.filter((r) => holds(preferenceOf(r).when, assignment));
      if (active && sameRules(now, active)) break;
      active = now;
      settled = this.settle(choices, free, current, values, active);
      assignment = settled;
    }

    // Soft rules that name exact values (a number inside a class) for free parameters.
    const preferred = new Map<string, ParameterValue>();
    for (const r of active ?? []) for (const s of preferenceOf(r).set) if (!userSet.has(s.variable) && settled.get(s.variable) === s.key && !preferred.has(s.variable)) preferred.set(s.variable, s.value);

    const suggested: Record<string, ParameterValue> = {};
    for (const id of free) {
      const key = settled.get(id);
      if (key === undefined) continue;
      const value = values[id];
      let next: ParameterValue;
      if (preferred.has(id)) next = preferred.get(id) as ParameterValue;
      else if (key === current.get(id)) continue;
      else next = valueOfKey(this.variableOf(id), key, value) as ParameterValue;
      if (next !== value) suggested[id] = next;
    }
    return suggested;
  }

  /** One full valid assignment: choices, then soft values, then the other free parameters in order. */
  private settle(choices: Choices, free: readonly string[], current: ReadonlyMap<string, string>, values: Values, active: readonly CompiledRule[]): Map<string, string> {
    const fixed = new Map(choices);
    const soft = active
      .flatMap((r, order) => preferenceOf(r).set.map((s) => ({ ...s, weight: preferenceOf(r).weight, order })))
      .filter((s) => !choices.has(s.variable))
      .sort((a, b) => b.weight - a.weight || a.order - b.order);
    // Nothing to move: the soft values and the current values together are already valid.
    const wanted = new Map([...current, ...[...soft].reverse().map((s) => [s.variable, s.key] as const), ...choices]);
    if (wanted.size === this.parameters.length && this.solver.satisfiable(wanted)) return wanted;

    // Each step keeps `fixed` satisfiable; a value that must move takes the nearest of those
    // complete propagation still allows, so the end is a valid configuration.
    const tryFix = (id: string, key: string): boolean => {
      fixed.set(id, key);
      if (this.solver.satisfiable(fixed)) return true;
      fixed.delete(id);
      return false;
    };
    for (const s of soft) if (!fixed.has(s.variable)) tryFix(s.variable, s.key);
    for (const id of free) {
      const key = current.get(id);
      if (fixed.has(id) || (key !== undefined && tryFix(id, key))) continue;
      const p = this.solver.propagate(fixed);
      const allowed = p.consistent ? (p.allowed.get(id) ?? []) : [];
      const nearest = key === undefined ? allowed[0] : nearestKey(this.variableOf(id), allowed, key, values[id] as ParameterValue);
      if (nearest !== undefined) fixed.set(id, nearest);
    }
    return fixed;
  }

  /** The solver over the same problem with each rule behind a guard variable (on/off), for the model check. */
  private guardedSolver(): ConfigurationSolver {
    if (!this.guarded) {
      const { domains, constraints } = this.compiled.problem;
      const guards = this.compiled.rules.map((r) => ({ variable: GUARD + r.id, values: ['on', 'off'] }));
      const guardedConstraints: Constraint[] = constraints.map((c) => ({ id: c.id, formula: or([atom(GUARD + c.id, 'off'), c.formula]) }));
      this.guarded = ConfigurationSolver.create({ domains: [...domains, ...guards], constraints: guardedConstraints });
    }
    return this.guarded;
  }
}

function preferenceOf(r: CompiledRule): CompiledPreference {
  return r.preference as CompiledPreference;
}

function sameRules(a: readonly CompiledRule[], b: readonly CompiledRule[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

/**
 * Among `keys`, the one nearest the current value: by value for numbers and numeric options
 * (a class by its valid value nearest the current one), by list position for other options.
 * Ties: the lower.
 */
function nearestKey(v: RuleVariable, keys: readonly string[], currentKey: string, currentValue: ParameterValue): string | undefined {
  const numeric = typeof currentValue === 'number' && (v.kind === 'ranges' || numericOptionValues(v) !== undefined);
  const position = v.keys.indexOf(currentKey);
  let best: { key: string; distance: number } | undefined;
  for (const key of keys) {
    const value = valueOfKey(v, key, currentValue);
    const distance = numeric ? Math.abs((value as number) - (currentValue as number)) : Math.abs(v.keys.indexOf(key) - position);
    if (!best || distance < best.distance) best = { key, distance };
  }
  return best?.key;
}
