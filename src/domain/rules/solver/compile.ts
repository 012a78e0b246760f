/**
 * The problem checked and indexed once: variables and values become small integers, every
 * constraint becomes a formula in negation normal form over (variable, value) literals, split
 * into units (its top-level conjuncts) with a fast evaluator each, so a full assignment can be
 * checked exactly in plain JS (the local search relies on that: a checked assignment is a proof).
 */
import type { Choices, ConstraintProblem, Formula } from '../problem.js';
import { ProblemError } from './problemError.js';

/** A formula in negation normal form; `variable`/`value` are indexes. */
export type Nnf =
  | { readonly kind: 'lit'; readonly variable: number; readonly value: number; readonly positive: boolean }
  | { readonly kind: 'and' | 'or'; readonly of: readonly Nnf[] }
  | { readonly kind: 'const'; readonly value: boolean };

/** Whether a formula holds under a full assignment (variable index → value index). */
export type Holds = (assignment: Int32Array) => boolean;

/** One top-level conjunct of a constraint. */
export interface Unit {
  /** Index into `CompiledProblem.rules`. */
  readonly rule: number;
  readonly formula: Nnf;
  /** The variables it mentions, ascending, distinct. */
  readonly variables: readonly number[];
}

export interface CompiledProblem {
  readonly variables: readonly string[];
  /** `values[v]`: the domain of variable v, in the problem's order. */
  readonly values: readonly (readonly string[])[];
  readonly variableIndex: ReadonlyMap<string, number>;
  readonly valueIndex: readonly ReadonlyMap<string, number>[];
  /** Distinct constraint ids, sorted; a rule index points here. */
  readonly rules: readonly string[];
  readonly units: readonly Unit[];
  /** `unitsOf[v]`: indexes of the units that mention variable v. */
  readonly unitsOf: readonly (readonly number[])[];
  /**
   * `unitsOfAtom[a]`: the units with a literal on atom a. Changing v from x to y can only
   * change the truth of the units of atoms (v, x) and (v, y): a formula sees v through its literals.
   */
  readonly unitsOfAtom: readonly (readonly number[])[];
  /**
   * Whether unit u holds: one monomorphic function over flat literal arrays for the units that
   * are clauses (nearly all), the unit's own closure for the rest. The local search calls it
   * millions of times.
   */
  readonly holds: (u: number, assignment: Int32Array) => boolean;
  /** Atom (v, x) is number `atomOffset[v] + x`; `atomCount` atoms in all. */
  readonly atomOffset: Int32Array;
  readonly atomCount: number;
}

/** One boolean per value: far more values than any configuration form has would not be solvable anyway. */
const MAX_VALUES = 1 << 20;

const TRUE: Nnf = { kind: 'const', value: true };
const FALSE: Nnf = { kind: 'const', value: false };

/** At most a few values in messages: domains can be long. */
function listValues(values: readonly string[]): string {
  const shown = values.slice(0, 8).map((v) => JSON.stringify(v));
  return values.length > 8 ? `${shown.join(', ')}, … (${values.length} values)` : shown.join(', ');
}

export function compileProblem(problem: ConstraintProblem): CompiledProblem {
  const variables: string[] = [];
  const values: string[][] = [];
  const variableIndex = new Map<string, number>();
  const valueIndex: Map<string, number>[] = [];
  for (const domain of problem.domains) {
    const name = domain.variable;
    if (typeof name !== 'string' || name === '') throw new ProblemError('A variable has no name');
    if (variableIndex.has(name)) throw new ProblemError(`Variable ${JSON.stringify(name)} is declared twice`);
    if (domain.values.length === 0) {
      throw new ProblemError(`Variable ${JSON.stringify(name)} has an empty domain (it needs at least one value)`);
    }
    if (domain.values.length > MAX_VALUES) {
      throw new ProblemError(`Variable ${JSON.stringify(name)} has ${domain.values.length} values, more than the ${MAX_VALUES} the solver takes`);
    }
    const index = new Map<string, number>();
    domain.values.forEach((value, i) => {
      if (index.has(value)) {
        throw new ProblemError(`Variable ${JSON.stringify(name)}: value ${JSON.stringify(value)} appears twice in its domain`);
      }
      index.set(value, i);
    });
    variableIndex.set(name, variables.length);
    variables.push(name);
    values.push([...domain.values]);
    valueIndex.push(index);
  }

  const atomOffset = new Int32Array(variables.length);
  let atomCount = 0;
  values.forEach((vs, v) => {
    atomOffset[v] = atomCount;
    atomCount += vs.length;
  });

  const rules = [...new Set(problem.constraints.map((c) => c.id))].sort();
  const ruleIndex = new Map(rules.map((id, i) => [id, i]));
  const compiled = { variables, values, variableIndex, valueIndex, rules, atomOffset, atomCount };

  const units: Unit[] = [];
  for (const constraint of problem.constraints) {
    if (typeof constraint.id !== 'string' || constraint.id === '') throw new ProblemError('A constraint has no id');
    const where = `Constraint ${JSON.stringify(constraint.id)}`;
    const nnf = toNnf(compiled, constraint.formula, false, where);
    const rule = ruleIndex.get(constraint.id)!;
    for (const part of nnf.kind === 'and' ? nnf.of : [nnf]) {
      if (part.kind === 'const' && part.value) continue;
      units.push({ rule, formula: part, variables: variablesOf(part) });
    }
  }
  const unitsOf: number[][] = variables.map(() => []);
  const unitsOfAtom: number[][] = Array.from({ length: atomCount }, () => []);
  units.forEach((unit, u) => {
    for (const v of unit.variables) unitsOf[v]!.push(u);
    for (const atom of atomsOf(unit.formula, atomOffset)) unitsOfAtom[atom]!.push(u);
  });
  return { ...compiled, units, unitsOf, unitsOfAtom, holds: unitEvaluator(units) };
}

type Names = Pick<CompiledProblem, 'variableIndex' | 'valueIndex' | 'values'>;

/** Check a formula against the problem's names and bring it to negation normal form. */
export function toNnf(problem: Names, formula: Formula, negate: boolean, where: string): Nnf {
  switch (formula?.kind) {
    case 'atom': {
      const v = problem.variableIndex.get(formula.variable);
      const atom = `${formula.variable} = ${JSON.stringify(formula.value)}`;
      if (v === undefined) throw new ProblemError(`${where}: unknown variable ${JSON.stringify(formula.variable)} (in ${atom})`);
      const x = problem.valueIndex[v]!.get(formula.value);
      if (x === undefined) {
        throw new ProblemError(
          `${where}: ${JSON.stringify(formula.value)} is not a value of ${JSON.stringify(formula.variable)} (in ${atom}; values: ${listValues(problem.values[v]!)})`,
        );
      }
      return literal(v, x, !negate, problem.values[v]!.length);
    }
    case 'not':
      return toNnf(problem, formula.of, !negate, where);
    case 'and':
    case 'or': {
      if (!Array.isArray(formula.of)) throw new ProblemError(`${where}: "${formula.kind}" needs a list of formulas`);
      const kind = (formula.kind === 'and') !== negate ? 'and' : 'or';
      return combine(kind, formula.of.map((f) => toNnf(problem, f, negate, where)));
    }
    case 'const':
      return formula.value !== negate ? TRUE : FALSE;
    default:
      throw new ProblemError(`${where}: unknown formula kind ${JSON.stringify((formula as { kind?: unknown } | undefined)?.kind)}`);
  }
}

function literal(v: number, x: number, positive: boolean, domainSize: number): Nnf {
  if (domainSize === 1) return positive ? TRUE : FALSE;
  // With two values, "not v = x" is "v = the other one": clauses stay positive.
  if (domainSize === 2 && !positive) return { kind: 'lit', variable: v, value: 1 - x, positive: true };
  return { kind: 'lit', variable: v, value: x, positive };
}

/** Flatten, fold constants, drop duplicate literals; a literal next to its negation decides the node. */
export function combine(kind: 'and' | 'or', children: readonly Nnf[]): Nnf {
  const absorbing = kind === 'or';
  const out: Nnf[] = [];
  const literals = new Map<number, boolean>();
  const push = (child: Nnf): boolean => {
    if (child.kind === 'lit') {
      // Unique: a domain has at most MAX_VALUES values.
      const key = child.variable * MAX_VALUES + child.value;
      const seen = literals.get(key);
      if (seen === child.positive) return true;
      if (seen !== undefined) return false;
      literals.set(key, child.positive);
    }
    out.push(child);
    return true;
  };
  for (const child of children) {
    if (child.kind === 'const') {
      if (child.value === absorbing) return child;
      continue;
    }
    for (const part of child.kind === kind ? child.of : [child]) {
      if (!push(part)) return absorbing ? TRUE : FALSE;
    }
  }
  if (out.length === 0) return absorbing ? FALSE : TRUE;
  if (out.length === 1) return out[0]!;
  return { kind, of: out };
}

export function variablesOf(formula: Nnf): number[] {
  const seen = new Set<number>();
  const walk = (f: Nnf): void => {
    if (f.kind === 'lit') seen.add(f.variable);
    else if (f.kind !== 'const') f.of.forEach(walk);
  };
  walk(formula);
  return [...seen].sort((a, b) => a - b);
}

function unitEvaluator(units: readonly Unit[]): (u: number, a: Int32Array) => boolean {
  // start[u] < 0 marks a unit that is not a clause.
  const start = new Int32Array(units.length + 1);
  const vars: number[] = [];
  const vals: number[] = [];
  const signs: number[] = [];
  units.forEach((unit, u) => {
    const f = unit.formula;
    const literals = f.kind === 'lit' ? [f] : f.kind === 'or' && f.of.every((c) => c.kind === 'lit') ? f.of : undefined;
    start[u] = literals ? vars.length : -1;
    for (const l of literals ?? []) {
      if (l.kind !== 'lit') continue;
      vars.push(l.variable);
      vals.push(l.value);
      signs.push(l.positive ? 1 : 0);
    }
  });
  start[units.length] = vars.length;
  // end[u]: the next clause's start (non-clauses in between take no room).
  const end = new Int32Array(units.length);
  for (let u = units.length - 1, next = vars.length; u >= 0; u--) {
    end[u] = next;
    if (start[u]! >= 0) next = start[u]!;
  }
  const v = Int32Array.from(vars);
  const x = Int32Array.from(vals);
  const positive = Uint8Array.from(signs);
  // Closures only where the flat arrays do not serve.
  const closures = units.map((unit, u) => (start[u]! < 0 ? evaluator(unit.formula) : undefined));
  return (u, a) => {
    const from = start[u]!;
    if (from < 0) return closures[u]!(a);
    for (let i = from, to = end[u]!; i < to; i++) if ((a[v[i]!] === x[i]) === (positive[i] === 1)) return true;
    return false;
  };
}

function atomsOf(formula: Nnf, atomOffset: Int32Array): Set<number> {
  const seen = new Set<number>();
  const walk = (f: Nnf): void => {
    if (f.kind === 'lit') seen.add(atomOffset[f.variable]! + f.value);
    else if (f.kind !== 'const') f.of.forEach(walk);
  };
  walk(formula);
  return seen;
}

/** A closure per node; a node of literals only (the common clause) is a loop over typed arrays. */
export function evaluator(formula: Nnf): Holds {
  switch (formula.kind) {
    case 'const': {
      const value = formula.value;
      return () => value;
    }
    case 'lit': {
      const v = formula.variable;
      const x = formula.value;
      return formula.positive ? (a) => a[v] === x : (a) => a[v] !== x;
    }
    default: {
      const children = formula.of;
      const isOr = formula.kind === 'or';
      if (children.every((c) => c.kind === 'lit')) {
        const lits = children as readonly Extract<Nnf, { kind: 'lit' }>[];
        const vs = Int32Array.from(lits, (c) => c.variable);
        const xs = Int32Array.from(lits, (c) => c.value);
        const positive = Uint8Array.from(lits, (c) => (c.positive ? 1 : 0));
        const n = lits.length;
        // An `or` holds as soon as one literal does; an `and` fails as soon as one does not.
        return (a) => {
          for (let i = 0; i < n; i++) {
            if ((a[vs[i]!] === xs[i]) === (positive[i] === 1)) {
              if (isOr) return true;
            } else if (!isOr) return false;
          }
          return !isOr;
        };
      }
      const parts = children.map(evaluator);
      return isOr ? (a) => parts.some((p) => p(a)) : (a) => parts.every((p) => p(a));
    }
  }
}

/** Choices as an array: `chosen[v]` is the chosen value index, or -1. */
export function resolveChoices(problem: CompiledProblem, choices: Choices): Int32Array {
  const chosen = new Int32Array(problem.variables.length).fill(-1);
  for (const [variable, value] of choices) {
    const v = problem.variableIndex.get(variable);
    if (v === undefined) throw new ProblemError(`Choice ${JSON.stringify(variable)}: unknown variable`);
    const x = problem.valueIndex[v]!.get(value);
    if (x === undefined) {
      throw new ProblemError(
        `Choice ${variable} = ${JSON.stringify(value)}: not a value of ${JSON.stringify(variable)} (values: ${listValues(problem.values[v]!)})`,
      );
    }
    chosen[v] = x;
  }
  return chosen;
}

/** Resolve one (variable, value) pair named by a caller; `where` starts the error message. */
export function resolveAtom(problem: CompiledProblem, variable: string, value: string, where: string): [number, number] {
  const v = problem.variableIndex.get(variable);
  if (v === undefined) throw new ProblemError(`${where}: unknown variable ${JSON.stringify(variable)}`);
  const x = problem.valueIndex[v]!.get(value);
  if (x === undefined) {
    throw new ProblemError(
      `${where}: ${JSON.stringify(value)} is not a value of ${JSON.stringify(variable)} (values: ${listValues(problem.values[v]!)})`,
    );
  }
  return [v, x];
}

/** Every unit holds: the exact check a witness must pass. */
export function isValid(problem: CompiledProblem, assignment: Int32Array): boolean {
  for (let u = 0; u < problem.units.length; u++) if (!problem.holds(u, assignment)) return false;
  return true;
}
