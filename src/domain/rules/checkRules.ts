/**
 * Load-time checks of a workbook's rules that need its parameters but no formula engine:
 * duplicate rule ids, unknown parameters and options, values and ranges of the wrong type.
 * Errors go to the workbook's ErrorSink at JSON paths such as `rules[3].if.seat`.
 */
import type { ErrorSink, JsonPathSegment } from '../workbook/errors.js';
import { checkParameterValue } from '../workbook/parameters.js';
import type { Parameter, Workbook } from '../workbook/schema.js';
import type { Condition, Conjunction, Match, Rule } from './ruleSchema.js';

/** Every `parameter: match` of a condition, with its path. */
export function conjunctionsOf(condition: Condition): { conjunction: Conjunction; at: JsonPathSegment[] }[] {
  return Array.isArray(condition) ? condition.map((conjunction, k) => ({ conjunction, at: [k] })) : [{ conjunction: condition as Conjunction, at: [] }];
}

export function isBoundsMatch(m: Match): m is Extract<Match, { min?: number }> {
  return typeof m === 'object' && m !== null && !Array.isArray(m);
}

/** Whether rules may name a parameter of this type; the reason when not. */
export function ruleTypeProblem(p: Parameter): string | undefined {
  if (p.type === 'text' || p.type === 'date') return `parameter "${p.id}" is a ${p.type} parameter; rules can use number, integer, choice and boolean parameters`;
  return undefined;
}

/** Why a range cannot apply to `p`, or undefined if it can (numbers, integers, choices of numbers). */
export function rangeProblem(p: Parameter): string | undefined {
  if (p.type === 'number' || p.type === 'integer') return undefined;
  if (p.type === 'choice' && p.options.every((o) => typeof o.value === 'number')) return undefined;
  const what = p.type === 'choice' ? 'a choice of named options' : p.type === 'boolean' ? 'true/false' : `a ${p.type} parameter`;
  return `parameter "${p.id}" is ${what}; a range such as {"max": 180} needs a number parameter or a choice of numbers`;
}

class RuleChecker {
  private readonly params: ReadonlyMap<string, Parameter>;

  constructor(
    workbook: Workbook,
    private readonly sink: ErrorSink,
  ) {
    const params = new Map<string, Parameter>();
    for (const p of workbook.parameters) if (!params.has(p.id)) params.set(p.id, p);
    this.params = params;
  }

  /** The parameter `id` if rules may use it; otherwise reports why at `path`. */
  parameter(id: string, path: readonly JsonPathSegment[]): Parameter | undefined {
    const p = this.params.get(id);
    if (!p) {
      this.sink.add(path, `unknown parameter "${id}"`);
      return undefined;
    }
    const problem = ruleTypeProblem(p);
    if (problem !== undefined) {
      this.sink.add(path, problem);
      return undefined;
    }
    return p;
  }

  value(p: Parameter, value: unknown, path: readonly JsonPathSegment[]): void {
    const problem = checkParameterValue(p, value);
    if (problem !== undefined) this.sink.add(path, problem);
  }

  match(p: Parameter, m: Match, path: readonly JsonPathSegment[]): void {
    if (Array.isArray(m)) m.forEach((v, j) => this.value(p, v, [...path, j]));
    else if (isBoundsMatch(m)) {
      const problem = rangeProblem(p);
      if (problem !== undefined) this.sink.add(path, problem);
    } else this.value(p, m, path);
  }

  condition(c: Condition, path: readonly JsonPathSegment[]): void {
    for (const { conjunction, at } of conjunctionsOf(c)) {
      for (const [id, m] of Object.entries(conjunction)) {
        const p = this.parameter(id, [...path, ...at, id]);
        if (p) this.match(p, m, [...path, ...at, id]);
      }
    }
  }

  rule(rule: Rule, index: number): void {
    const at = (...rest: JsonPathSegment[]): JsonPathSegment[] => ['rules', index, ...rest];
    switch (rule.kind) {
      case 'requires':
      case 'excludes':
        this.condition(rule.if, at('if'));
        this.condition(rule.then, at('then'));
        return;
      case 'table': {
        const seen = new Set<string>();
        const params = rule.parameters.map((id, j) => {
          if (seen.has(id)) {
            this.sink.add(at('parameters', j), `duplicate parameter "${id}"`);
            return undefined;
          }
          seen.add(id);
          return this.parameter(id, at('parameters', j));
        });
        rule.allowed.forEach((row, r) =>
          row.forEach((m, j) => {
            const p = params[j];
            if (p) this.match(p, m, at('allowed', r, j));
          }),
        );
        return;
      }
      case 'range': {
        const p = this.parameter(rule.parameter, at('parameter'));
        const problem = p && rangeProblem(p);
        if (problem !== undefined) this.sink.add(at('parameter'), problem);
        rule.cases.forEach((c, k) => this.condition(c.when, at('cases', k, 'when')));
        return;
      }
      case 'prefer':
        if (rule.when !== undefined) this.condition(rule.when, at('when'));
        for (const [id, v] of Object.entries(rule.set)) {
          const p = this.parameter(id, at('set', id));
          if (p) this.value(p, v, at('set', id));
        }
        return;
      case 'expression':
        // Names and syntax need the formula engine: ruleProblem.ts checks them.
        return;
    }
  }
}

/** Check `workbook.rules` against its parameters; errors go to `sink`. */
export function checkRules(workbook: Workbook, sink: ErrorSink): void {
  const seen = new Set<string>();
  workbook.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) sink.add(['rules', i, 'id'], `duplicate rule id ${JSON.stringify(rule.id)}`);
    seen.add(rule.id);
  });
  const checker = new RuleChecker(workbook, sink);
  workbook.rules.forEach((rule, i) => checker.rule(rule, i));
}

