/**
 * A workbook's rules → the solver's ConstraintProblem (problem.ts), plus what is needed to map
 * the solver's answers back to parameters: the variables (value classes) and each rule's
 * conditions. Runs at load (workbook/parse.ts) so that `suanpan check` reports every rule
 * error, and again in compileRules. Assumes checkRules found nothing wrong.
 */
import type { ErrorSink } from '../workbook/errors.js';
import type { ParameterValue } from '../workbook/parameters.js';
import type { LocalizedText, Parameter, Workbook } from '../workbook/schema.js';
import { conjunctionsOf, isBoundsMatch, ruleTypeProblem } from './checkRules.js';
import type { Constraint, ConstraintProblem, Formula } from './problem.js';
import { ExpressionEngine, mentions, numbersIn } from './ruleExpressions.js';
import type { Condition, Match, Rule, RuleKind } from './ruleSchema.js';
import { classOf, classWithin, isNumeric, keyOf, numberVariable, optionVariable, valueWithin } from './valueClasses.js';
import type { RuleParameter, RuleVariable } from './valueClasses.js';
import { holds } from './formula.js';
export { holds };

/** A soft rule's preference: when `when` holds, prefer these values. */
export interface CompiledPreference {
  readonly when: Formula;
  readonly set: readonly { readonly variable: string; readonly key: string; readonly value: ParameterValue }[];
  readonly weight: number;
}

export interface CompiledRule {
  readonly id: string;
  readonly index: number;
  readonly kind: RuleKind;
  readonly message: LocalizedText;
  /** What makes the rule fire: `if` (requires, excludes), each case's `when` (range), `when` (prefer). Empty: always applies. */
  readonly triggers: readonly Formula[];
  readonly preference?: CompiledPreference;
}

export interface RuleProblem {
  readonly problem: ConstraintProblem;
  /** Parameters the rules touch, in the workbook's parameter order. */
  readonly variables: ReadonlyMap<string, RuleVariable>;
  readonly rules: readonly CompiledRule[];
}

// Formulas, simplified as they are built so that trivial parts do not reach the solver.
export const TRUE: Formula = { kind: 'const', value: true };
export const FALSE: Formula = { kind: 'const', value: false };
export const atom = (variable: string, value: string): Formula => ({ kind: 'atom', variable, value });

export function not(f: Formula): Formula {
  if (f.kind === 'const') return f.value ? FALSE : TRUE;
  if (f.kind === 'not') return f.of;
  return { kind: 'not', of: f };
}

export function and(parts: readonly Formula[]): Formula {
  const kept = parts.filter((f) => !(f.kind === 'const' && f.value));
  if (kept.some((f) => f.kind === 'const' && !f.value)) return FALSE;
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? (kept[0] as Formula) : { kind: 'and', of: kept };
}

export function or(parts: readonly Formula[]): Formula {
  const kept = parts.filter((f) => !(f.kind === 'const' && !f.value));
  if (kept.some((f) => f.kind === 'const' && f.value)) return TRUE;
  if (kept.length === 0) return FALSE;
  return kept.length === 1 ? (kept[0] as Formula) : { kind: 'or', of: kept };
}


/** Keys of `v` matching `m`: a disjunction of atoms (TRUE when every key matches). */
function matchFormula(v: RuleVariable, m: Match): Formula {
  let keys: string[];
  if (isBoundsMatch(m)) {
    if (v.kind === 'ranges') keys = v.classes.filter((c) => classWithin(c, m)).map((c) => c.key);
    else keys = v.keys.filter((_, i) => typeof v.values[i] === 'number' && valueWithin(v.values[i] as number, m));
  } else {
    const values = Array.isArray(m) ? m : [m];
    keys = values.map((x) => keyOf(v, x)).filter((k): k is string => k !== undefined);
  }
  const distinct = new Set(keys);
  if (distinct.size === v.keys.length) return TRUE;
  return or([...distinct].map((k) => atom(v.parameter.id, k)));
}

class ProblemBuilder {
  private readonly params = new Map<string, Parameter>();
  private readonly used = new Set<string>();
  private readonly cuts = new Map<string, number[]>();
  private variables = new Map<string, RuleVariable>();
  private engine: ExpressionEngine | undefined;
  /** Parameters each expression rule names, by rule index. */
  private readonly expressionParams = new Map<number, RuleParameter[]>();

  constructor(
    private readonly workbook: Workbook,
    private readonly sink: ErrorSink,
  ) {
    for (const p of workbook.parameters) if (!this.params.has(p.id)) this.params.set(p.id, p);
  }

  build(): RuleProblem | undefined {
    try {
      this.collect();
      if (!this.sink.ok) return undefined;
      for (const p of this.workbook.parameters) {
        if (!this.used.has(p.id) || this.variables.has(p.id)) continue;
        if (isNumeric(p)) this.variables.set(p.id, numberVariable(p, this.cuts.get(p.id) ?? []));
        else if (p.type === 'choice' || p.type === 'boolean') this.variables.set(p.id, optionVariable(p));
      }
      const constraints: Constraint[] = [];
      const rules = this.workbook.rules.map((rule, index) => this.compile(rule, index, constraints));
      if (!this.sink.ok) return undefined;
      const domains = [...this.variables.values()].map((v) => ({ variable: v.parameter.id, values: v.keys }));
      return { problem: { domains, constraints }, variables: this.variables, rules };
    } finally {
      this.engine?.dispose();
    }
  }

  private use(id: string): void {
    this.used.add(id);
  }

  private cut(id: string, ...xs: (number | undefined)[]): void {
    const p = this.params.get(id);
    if (!p || !isNumeric(p)) return;
    const list = this.cuts.get(id) ?? [];
    for (const x of xs) if (x !== undefined) list.push(x);
    this.cuts.set(id, list);
  }

  private collectMatch(id: string, m: Match): void {
    this.use(id);
    if (isBoundsMatch(m)) this.cut(id, m.min, m.max, m.above, m.below);
    else for (const x of Array.isArray(m) ? m : [m]) if (typeof x === 'number') this.cut(id, x);
  }

  private collectCondition(c: Condition): void {
    for (const { conjunction } of conjunctionsOf(c)) for (const [id, m] of Object.entries(conjunction)) this.collectMatch(id, m);
  }

  /** Which parameters the rules touch, and where numbers are split. */
  private collect(): void {
    this.workbook.rules.forEach((rule, index) => {
      switch (rule.kind) {
        case 'requires':
        case 'excludes':
          this.collectCondition(rule.if);
          this.collectCondition(rule.then);
          return;
        case 'table':
          rule.allowed.forEach((row) => row.forEach((m, j) => this.collectMatch(rule.parameters[j] as string, m)));
          for (const id of rule.parameters) this.use(id);
          return;
        case 'range':
          this.use(rule.parameter);
          for (const c of rule.cases) {
            this.collectCondition(c.when);
            this.cut(rule.parameter, c.min, c.max, c.above, c.below);
          }
          return;
        case 'prefer':
          if (rule.when !== undefined) this.collectCondition(rule.when);
          for (const [id, v] of Object.entries(rule.set)) {
            this.use(id);
            if (typeof v === 'number') this.cut(id, v);
          }
          return;
        case 'expression': {
          this.engine ??= new ExpressionEngine(this.workbook.parameters.filter((p): p is RuleParameter => ruleTypeProblem(p) === undefined));
          const problem = this.textParameterProblem(rule.formula) ?? this.engine.problem(rule.formula);
          if (problem !== undefined) {
            this.sink.add(['rules', index, 'formula'], problem);
            return;
          }
          const named = this.engine.referenced(rule.formula);
          this.expressionParams.set(index, named);
          const numbers = numbersIn(rule.formula);
          for (const p of named) {
            this.use(p.id);
            this.cut(p.id, ...numbers);
          }
          return;
        }
      }
    });
  }

  /** A text or date parameter named in a formula is not a rule variable: say so rather than "unknown name". */
  private textParameterProblem(formula: string): string | undefined {
    for (const p of this.workbook.parameters) {
      const problem = ruleTypeProblem(p);
      if (problem !== undefined && mentions(formula, p.id)) return problem;
    }
    return undefined;
  }

  private variable(id: string): RuleVariable {
    return this.variables.get(id) as RuleVariable;
  }

  private condition(c: Condition): Formula {
    return or(conjunctionsOf(c).map(({ conjunction }) => and(Object.entries(conjunction).map(([id, m]) => matchFormula(this.variable(id), m)))));
  }

  private compile(rule: Rule, index: number, constraints: Constraint[]): CompiledRule {
    const base = { id: rule.id, index, kind: rule.kind, message: rule.message };
    const require = (formula: Formula) => constraints.push({ id: rule.id, formula });
    switch (rule.kind) {
      case 'requires': {
        const when = this.condition(rule.if);
        require(or([not(when), this.condition(rule.then)]));
        return { ...base, triggers: [when] };
      }
      case 'excludes': {
        const when = this.condition(rule.if);
        require(or([not(when), not(this.condition(rule.then))]));
        return { ...base, triggers: [when] };
      }
      case 'table': {
        const vars = rule.parameters.map((id) => this.variable(id));
        require(or(rule.allowed.map((row) => and(row.map((m, j) => matchFormula(vars[j] as RuleVariable, m))))));
        return { ...base, triggers: [] };
      }
      case 'range': {
        const v = this.variable(rule.parameter);
        const triggers: Formula[] = [];
        for (const c of rule.cases) {
          const when = this.condition(c.when);
          triggers.push(when);
          require(or([not(when), matchFormula(v, { min: c.min, max: c.max, above: c.above, below: c.below })]));
        }
        return { ...base, triggers };
      }
      case 'expression': {
        const vars = (this.expressionParams.get(index) ?? []).map((p) => this.variable(p.id));
        const table = (this.engine as ExpressionEngine).tabulate(rule.formula, vars);
        if (!table.ok) {
          this.sink.add(['rules', index, 'formula'], table.message);
          return { ...base, triggers: [] };
        }
        const rowFormula = (keys: readonly string[]) => and(keys.map((k, i) => atom((vars[i] as RuleVariable).parameter.id, k)));
        // Whichever list is shorter: the allowed rows, or the forbidden rows negated.
        require(table.allowed.length <= table.forbidden.length ? or(table.allowed.map(rowFormula)) : and(table.forbidden.map((r) => not(rowFormula(r)))));
        return { ...base, triggers: [] };
      }
      case 'prefer': {
        const when = rule.when === undefined ? TRUE : this.condition(rule.when);
        const set = Object.entries(rule.set).map(([id, value]) => {
          const v = this.variable(id);
          const key = v.kind === 'ranges' ? classOf(v, value as number)?.key : keyOf(v, value);
          return { variable: id, key: key as string, value };
        });
        return { ...base, triggers: [when], preference: { when, set, weight: rule.weight ?? 1 } };
      }
    }
  }
}

/** Compile the rules of `workbook` (already checked by checkRules); errors go to `sink` at `rules[i]…` paths. */
export function buildRuleProblem(workbook: Workbook, sink: ErrorSink): RuleProblem | undefined {
  return new ProblemBuilder(workbook, sink).build();
}

