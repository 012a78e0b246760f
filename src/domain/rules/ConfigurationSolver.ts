/**
 * The configuration solver: which values stay possible after the user's choices, why one is
 * not, how to get out of a conflict, and a full configuration that follows soft preferences.
 *
 * Encoding (solver/SatModel.ts, on logic-solver's MiniSat): one boolean per (variable, value),
 * exactly one per variable; every rule id has a selector variable and each of its constraints
 * holds when the selector is assumed, so questions switch rules and choices on and off through
 * the assumption only, on one solver built once.
 *
 * Propagation is complete and fast (solver/Propagator.ts). A value is reported allowed only
 * when a full assignment extending the choices that satisfies every rule and uses it has been
 * seen: returned by MiniSat, or built by the local search and checked against the rules in JS
 * (a checked full assignment is a proof). A value is reported excluded only with a proof:
 * another value of a chosen variable; excluded before under a subset of these choices (more
 * choices only remove assignments); unit propagation from the choices, alone or with the value
 * (a contradiction); or MiniSat answering that no valid assignment extending the choices uses
 * ANY of the values still open. The loop only stops when no value is open, so nothing is
 * guessed; the heuristics (witness pool, local search, probes) only decide how many MiniSat
 * calls are left to make, usually none or one.
 *
 * Conflicts are QuickXplain over rule selectors and choices: minimal (dropping any one makes
 * the rest consistent), in a fixed order (choices by name, then rules by id) with an exact
 * oracle, so the same question always gets the same answer. Fixes minimise the number of
 * changed choices exactly (MiniSat with a cardinality bound), then give each changed variable
 * the allowed value nearest its old one in domain order. `complete` maximises the total weight
 * of satisfied preferences exactly (greedy start, then MiniSat with a weighted sum bound).
 *
 * @example
 * const solver = ConfigurationSolver.create(problem);
 * const p = solver.propagate(new Map([['seal', 'PTFE']]));
 * if (p.consistent) p.allowed.get('temperature'); // e.g. ['≤120', '(120,180]']
 */
import type { Choices, Conflict, ConstraintProblem, Fix, Formula, Preference, Propagation } from './problem.js';
import { compileProblem, evaluator, resolveAtom, resolveChoices, toNnf } from './solver/compile.js';
import type { CompiledProblem, Nnf } from './solver/compile.js';
import { ProblemError } from './solver/problemError.js';
import { Propagator } from './solver/Propagator.js';
import { quickXplain } from './solver/quickXplain.js';
import { Random } from './solver/random.js';
import { SatModel } from './solver/SatModel.js';

export { ProblemError } from './solver/problemError.js';

/** Local search seed: fixed, so runs repeat. */
const SEED = 0x5eed;

type Item = { readonly kind: 'choice'; readonly variable: number; readonly value: number } | { readonly kind: 'rule'; readonly rule: number };

export class ConfigurationSolver {
  /** Recent objectives of `complete`, most recent first. */
  private readonly objectives: { key: string; terms: Nnf[]; weights: number[] }[] = [];

  private constructor(
    private readonly problem: CompiledProblem,
    private readonly sat: SatModel,
    private readonly propagator: Propagator,
  ) {}

  /** Checks the problem (unknown variables or values in a constraint, empty or repeated values) and builds the solver. */
  static create(problem: ConstraintProblem): ConfigurationSolver {
    const compiled = compileProblem(problem);
    const sat = new SatModel(compiled);
    return new ConfigurationSolver(compiled, sat, new Propagator(compiled, sat, new Random(SEED)));
  }

  /** SAT calls and local searches so far (benchmarks and tests). */
  get stats(): { readonly satCalls: number; readonly searches: number } {
    return { satCalls: this.sat.calls, searches: this.propagator.stats.searches };
  }

  /** Allowed values of every variable: exactly those some valid configuration extending the choices uses. */
  propagate(choices: Choices): Propagation {
    const chosen = resolveChoices(this.problem, choices);
    const excluded = this.propagator.excluded(chosen);
    if (!excluded) return { consistent: false, conflict: this.conflictOf(chosen) };
    const { variables, values, atomOffset } = this.problem;
    const allowed = new Map<string, readonly string[]>();
    variables.forEach((name, v) => {
      allowed.set(
        name,
        values[v]!.filter((_, x) => excluded[atomOffset[v]! + x] === 0),
      );
    });
    return { consistent: true, allowed };
  }

  /**
   * Why `variable = value` is not allowed with these choices: a minimal set of rules and other
   * choices that exclude it (`choices` of the answer always lists `variable`). A choice of
   * `variable` itself is replaced by `value`. Throws when nothing excludes the value.
   */
  explainExclusion(choices: Choices, variable: string, value: string): Conflict {
    const chosen = resolveChoices(this.problem, choices);
    const [v, x] = resolveAtom(this.problem, variable, value, 'explainExclusion');
    chosen[v] = -1;
    const withValue = chosen.slice();
    withValue[v] = x;
    if (this.propagator.witness(withValue)) {
      throw new Error(`explainExclusion: ${variable} = ${JSON.stringify(value)} is allowed with these choices, nothing excludes it`);
    }
    const background: Item[] = [{ kind: 'choice', variable: v, value: x }];
    return this.explain(background, this.items(chosen));
  }

  /** A minimal set of rules and choices that cannot hold together, or null when the choices are consistent. */
  conflict(choices: Choices): Conflict | null {
    const chosen = resolveChoices(this.problem, choices);
    return this.propagator.witness(chosen) ? null : this.conflictOf(chosen);
  }

  /**
   * Ways to make inconsistent choices consistent by changing the fewest choices not in `keep`
   * (variable names whose choice stays). Each fix changes a smallest possible set of choices;
   * up to `limit` fixes: first each distinct smallest set (choices earlier by name are kept when
   * possible), then, for a one-choice fix, its other possible values. A changed variable gets the
   * allowed value nearest its old one in domain order; every variable has a value in a valid
   * configuration, so `to` is never null here. Empty when the choices are already consistent,
   * and when `keep` alone is inconsistent (no fix exists).
   */
  fixes(choices: Choices, keep: readonly string[], limit = 3): Fix[] {
    const { problem, sat, propagator } = this;
    const chosen = resolveChoices(problem, choices);
    const kept = new Int32Array(chosen.length).fill(-1);
    for (const name of keep) {
      const v = problem.variableIndex.get(name);
      if (v === undefined) throw new ProblemError(`fixes: unknown variable ${JSON.stringify(name)} in keep`);
      kept[v] = chosen[v]!;
    }
    if (limit <= 0 || propagator.witness(chosen) || !propagator.witness(kept)) return [];

    const free = [...chosen.keys()].filter((v) => chosen[v]! >= 0 && kept[v]! < 0).sort((a, b) => compare(problem.variables[a]!, problem.variables[b]!));
    const same = free.map((v): Nnf => ({ kind: 'lit', variable: v, value: chosen[v]!, positive: true }));
    const differs = free.map((v): Nnf => ({ kind: 'lit', variable: v, value: chosen[v]!, positive: false }));
    const keptLiterals = propagator.choiceLiterals(kept);

    // The fewest changes: the smallest k with a valid configuration changing at most k choices.
    let k = 1;
    while (k < free.length && !sat.solve({ rules: 'all', holds: keptLiterals, sums: [{ terms: differs, atMost: k }] })) k++;

    // Distinct smallest sets, each the one keeping the earliest-named choices possible.
    const sets: number[][] = [];
    const blockers: Nnf[] = [];
    while (sets.length < limit) {
      const base = [...keptLiterals, ...blockers];
      const bound = [{ terms: differs, atMost: k }];
      let last = sat.solve({ rules: 'all', holds: base, sums: bound });
      if (!last) break;
      const decided: Nnf[] = [];
      const changed: number[] = [];
      free.forEach((v, i) => {
        const undecided = free.length - i;
        let keepIt: boolean;
        if (changed.length === k) keepIt = true;
        else if (undecided === k - changed.length) keepIt = false;
        else if (last![v] === chosen[v]) keepIt = true;
        else {
          const w = sat.solve({ rules: 'all', holds: [...base, ...decided, same[i]!], sums: bound });
          keepIt = w !== null;
          if (w) last = w;
        }
        decided.push(keepIt ? same[i]! : differs[i]!);
        if (!keepIt) changed.push(v);
      });
      sets.push(changed);
      blockers.push({ kind: 'or', of: changed.map((v) => same[free.indexOf(v)]!) });
    }

    const fixes: Fix[] = [];
    const alternatives: Fix[] = [];
    for (const changed of sets) {
      const target = chosen.slice();
      for (const v of changed) target[v] = -1;
      const changes: { variable: string; from: string; to: string }[] = [];
      for (const v of [...changed].sort((a, b) => compare(problem.variables[a]!, problem.variables[b]!))) {
        const excluded = propagator.excluded(target)!;
        const old = chosen[v]!;
        const options = problem.values[v]!.map((_, x) => x)
          .filter((x) => x !== old && excluded[problem.atomOffset[v]! + x] === 0)
          .sort((a, b) => Math.abs(a - old) - Math.abs(b - old) || a - b);
        target[v] = options[0]!;
        changes.push(this.change(v, old, options[0]!));
        if (changed.length === 1) for (const x of options.slice(1)) alternatives.push({ changes: [this.change(v, old, x)] });
      }
      fixes.push({ changes });
    }
    return [...fixes, ...alternatives].slice(0, limit);
  }

  /**
   * A full valid configuration extending the choices that maximises the total weight of the
   * preferences it satisfies (weights default to 1; a negative weight is a value to avoid), or
   * undefined when the choices are inconsistent. Among equally good configurations, which one
   * comes back is unspecified: give a preference for every value that matters.
   */
  complete(choices: Choices, preferences: readonly Preference[]): ReadonlyMap<string, string> | undefined {
    const { problem, sat, propagator } = this;
    const chosen = resolveChoices(problem, choices);
    const start = propagator.witness(chosen);
    if (!start) return undefined;

    // Integer scores per atom (logic-solver sums whole numbers); fractions keep 3 decimals.
    const weights = preferences.map((p, i) => {
      const w = p.weight ?? 1;
      if (!Number.isFinite(w)) throw new ProblemError(`Preference ${i + 1} (${p.variable} = ${JSON.stringify(p.value)}): weight must be a finite number`);
      return w;
    });
    const scale = weights.every(Number.isInteger) ? 1 : 1000;
    const score = new Float64Array(problem.atomCount);
    preferences.forEach((p, i) => {
      const [v, x] = resolveAtom(problem, p.variable, p.value, `Preference ${i + 1}`);
      if (chosen[v]! < 0) score[problem.atomOffset[v]! + x]! += Math.round(weights[i]! * scale);
    });
    const scoreOf = (v: number, x: number): number => score[problem.atomOffset[v]! + x]!;

    // The objective, shifted per variable to be non-negative (logic-solver sums whole numbers).
    const preferred = [...new Set(preferences.map((p) => problem.variableIndex.get(p.variable)!))].filter((v) => chosen[v]! < 0);
    let terms: Nnf[] = [];
    let termWeights: number[] = [];
    let bound = 0;
    for (const v of preferred) {
      const scores = problem.values[v]!.map((_, x) => scoreOf(v, x));
      const low = Math.min(...scores);
      bound += Math.max(...scores) - low;
      scores.forEach((s, x) => {
        if (s > low) {
          terms.push({ kind: 'lit', variable: v, value: x, positive: true });
          termWeights.push(s - low);
        }
      });
    }
    // The same objective as a recent call: reuse its arrays, so MiniSat reuses its adder.
    const key = JSON.stringify([terms.map((t) => (t.kind === 'lit' ? [t.variable, t.value] : [])), termWeights]);
    const seen = this.objectives.find((o) => o.key === key);
    if (seen) ({ terms, weights: termWeights } = seen);
    else {
      this.objectives.unshift({ key, terms, weights: termWeights });
      this.objectives.length = Math.min(this.objectives.length, 4);
    }
    const total = (a: Int32Array): number => terms.reduce((sum, t, i) => sum + (t.kind === 'lit' && a[t.variable] === t.value ? termWeights[i]! : 0), 0);

    // Cheap first: the best value of each variable, most weight first, as far as unit
    // propagation and a guided local search get; then single changes to better values.
    const best = (propagator.greedy(chosen, terms.flatMap((t, i) => (t.kind === 'lit' ? [[t.variable, t.value, termWeights[i]!] as const] : []))
      .sort((a, b) => b[2] - a[2])
      .map(([v, x]) => [v, x] as const)) ?? start).slice();
    for (const v of preferred) {
      const order = problem.values[v]!.map((_, x) => x).sort((a, b) => scoreOf(v, b) - scoreOf(v, a) || a - b);
      for (const x of order) {
        if (scoreOf(v, x) <= scoreOf(v, best[v]!)) break;
        const old = best[v]!;
        best[v] = x;
        if (problem.unitsOf[v]!.every((u) => problem.holds(u, best))) break;
        best[v] = old;
      }
    }

    // Then exact: is one more point possible? If so, bisect up to the bound.
    let result: Int32Array = best;
    let low = total(best);
    let high = bound;
    const choiceLiterals = propagator.choiceLiterals(chosen);
    for (let target = low + 1; low < high; target = low + Math.ceil((high - low) / 2)) {
      const better = sat.solve({ rules: 'all', holds: choiceLiterals, sums: [{ terms, weights: termWeights, atLeast: target }] });
      if (better) {
        propagator.addWitness(better);
        result = better;
        low = total(better);
      } else high = target - 1;
    }
    return new Map(problem.variables.map((name, v) => [name, problem.values[v]![result[v]!]!]));
  }

  /** Whether some valid configuration extends the choices (and satisfies `formula`, when given). */
  satisfiable(choices: Choices, formula?: Formula): boolean {
    const chosen = resolveChoices(this.problem, choices);
    if (!formula) return this.propagator.witness(chosen) !== null;
    const nnf = toNnf(this.problem, formula, false, 'satisfiable: formula');
    const holds = evaluator(nnf);
    for (const w of this.propagator.witnesses(chosen)) if (holds(w)) return true;
    const w = this.sat.solve({ rules: 'all', holds: [...this.propagator.choiceLiterals(chosen), nnf] });
    if (w) this.propagator.addWitness(w);
    return w !== null;
  }

  /** Values no valid configuration uses (every value, when the rules contradict each other). */
  deadValues(): { variable: string; value: string }[] {
    const { variables, values, atomOffset } = this.problem;
    const excluded = this.propagator.excluded(new Int32Array(variables.length).fill(-1));
    const dead: { variable: string; value: string }[] = [];
    variables.forEach((variable, v) => {
      values[v]!.forEach((value, x) => {
        if (!excluded || excluded[atomOffset[v]! + x] === 1) dead.push({ variable, value });
      });
    });
    return dead;
  }

  private change(v: number, from: number, to: number): { variable: string; from: string; to: string } {
    const values = this.problem.values[v]!;
    return { variable: this.problem.variables[v]!, from: values[from]!, to: values[to]! };
  }

  /** Choices by variable name, then rules by id: the order QuickXplain prefers to keep. */
  private items(chosen: Int32Array): Item[] {
    const choices: Item[] = [];
    chosen.forEach((x, v) => {
      if (x >= 0) choices.push({ kind: 'choice', variable: v, value: x });
    });
    const name = (item: Item): string => (item.kind === 'choice' ? this.problem.variables[item.variable]! : '');
    choices.sort((a, b) => compare(name(a), name(b)));
    return [...choices, ...this.problem.rules.map((_, rule): Item => ({ kind: 'rule', rule }))];
  }

  private conflictOf(chosen: Int32Array): Conflict {
    return this.explain([], this.items(chosen));
  }

  private explain(background: readonly Item[], candidates: readonly Item[]): Conflict {
    // When unit propagation finds the contradiction, its derivation is a small inconsistent
    // set: QuickXplain narrows that instead of every rule (a minimal subset of it is minimal).
    const chosen = new Int32Array(this.problem.variables.length).fill(-1);
    for (const item of [...background, ...candidates]) if (item.kind === 'choice') chosen[item.variable] = item.value;
    const core = this.propagator.unitCore(chosen);
    const narrowed = core ? candidates.filter((i) => (i.kind === 'rule' ? core.rules.has(i.rule) : core.variables.has(i.variable))) : candidates;
    const found = [...background, ...quickXplain(background, narrowed, (items) => this.consistent(items))];
    const rules = found.flatMap((i) => (i.kind === 'rule' ? [this.problem.rules[i.rule]!] : [])).sort(compare);
    const choices = found.flatMap((i) => (i.kind === 'choice' ? [this.problem.variables[i.variable]!] : [])).sort(compare);
    return { rules, choices };
  }

  /** Whether these rules and choices can hold together (rules not listed are off). */
  private consistent(items: readonly Item[]): boolean {
    const chosen = new Int32Array(this.problem.variables.length).fill(-1);
    const rules: number[] = [];
    const holds: Nnf[] = [];
    for (const item of items) {
      if (item.kind === 'rule') rules.push(item.rule);
      else {
        // Two values for one variable can never hold together.
        if (chosen[item.variable]! >= 0 && chosen[item.variable] !== item.value) return false;
        chosen[item.variable] = item.value;
        holds.push(Propagator.literal(item.variable, item.value));
      }
    }
    // A witness of all the rules that agrees with these choices settles it without MiniSat.
    for (const _ of this.propagator.witnesses(chosen)) return true;
    return this.sat.solve({ rules, holds }) !== null;
  }
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
