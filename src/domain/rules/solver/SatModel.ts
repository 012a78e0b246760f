/**
 * The problem in logic-solver (MiniSat): one boolean per (variable, value), exactly one per
 * variable (a two-valued variable is one boolean and its negation), and each constraint guarded
 * by its rule's selector: `selector → unit`. Queries switch rules and choices on through the
 * assumption only, so one solver serves every question without re-building.
 *
 * logic-solver takes one assumption formula per call, and every literal in it costs a clause
 * that stays behind; assuming thousands of selectors one by one (an explanation over a CNF
 * with 4,000 clauses) would be slow and would grow the solver. So the selectors are the leaves
 * of a segment tree of group variables over the rule indexes (a group implies its two halves,
 * the root `all` implies every rule): any set of rules is assumed as the few groups covering
 * its runs of consecutive indexes, and QuickXplain's sets are such runs.
 */
import Logic from 'logic-solver';
import type { CompiledProblem, Nnf } from './compile.js';

/**
 * Every assumption leaves its definition clauses behind in MiniSat; after this many assumed
 * literals the solver is rebuilt from the problem so a long session does not grow without bound.
 */
const REBUILD_AFTER = 500_000;

const ALL = 'all';

/** What must hold in a SAT question; everything is assumed, nothing is added for good. */
export interface SatQuery {
  /** Rules in force: every rule, or these rule indexes only. */
  readonly rules: 'all' | readonly number[];
  /** Formulas that must hold (choices are literals). */
  readonly holds?: readonly Nnf[];
  /** Bounds on how many of `terms` hold (weighted when `weights` is given). */
  readonly sums?: readonly {
    readonly terms: readonly Nnf[];
    readonly weights?: readonly number[];
    readonly atMost?: number;
    readonly atLeast?: number;
  }[];
}

export class SatModel {
  /** How many SAT calls were made, and how many times the solver was built, for tests and benchmarks. */
  calls = 0;
  builds = 0;
  private solver: Logic.Solver;
  private grown = 0;
  /** `atoms[v][x]`: the term that is true when variable v takes value x. */
  private readonly atoms: readonly (readonly Logic.Term[])[];
  private readonly selectors: readonly Logic.Term[];
  /**
   * Solver variable numbers per variable: one for a two-valued variable (true means value 0),
   * one per value otherwise, none for a single value. Renumbered on each build.
   */
  private numbers: number[][] = [];
  private readonly sums = new WeakMap<readonly Nnf[], Map<readonly number[] | undefined, Logic.Bits>>();

  /** `rebuildAfter`: assumed literals before a rebuild (tests make it small). */
  constructor(
    private readonly problem: CompiledProblem,
    private readonly rebuildAfter = REBUILD_AFTER,
  ) {
    this.atoms = problem.values.map((values, v) => {
      if (values.length === 1) return [Logic.TRUE];
      if (values.length === 2) return [`x${v}`, `-x${v}`];
      return values.map((_, x) => `x${v}_${x}`);
    });
    this.selectors = problem.rules.map((_, k) => `r${k}`);
    this.solver = this.build();
  }

  atom(variable: number, value: number): Logic.Term {
    return this.atoms[variable]![value]!;
  }

  /** The selector of rule k: assuming it puts the rule in force. */
  rule(k: number): Logic.Term {
    return this.selectors[k]!;
  }

  /** Assuming this puts every rule in force. */
  get allRules(): Logic.Term {
    return ALL;
  }

  formula(f: Nnf): Logic.FormulaOrTerm {
    switch (f.kind) {
      case 'const':
        return f.value ? Logic.TRUE : Logic.FALSE;
      case 'lit':
        return f.positive ? this.atom(f.variable, f.value) : Logic.not(this.atom(f.variable, f.value));
      case 'and':
        return Logic.and(f.of.map((c) => this.formula(c)));
      case 'or':
        return Logic.or(f.of.map((c) => this.formula(c)));
    }
  }

  /**
   * A full valid assignment (variable → value index) under the query, or null when none exists.
   */
  solve(query: SatQuery): Int32Array | null {
    if (this.grown > this.rebuildAfter) {
      this.solver = this.build();
      this.grown = 0;
    }
    this.calls++;
    return Logic.disablingAssertions(() => {
      const assumed: Logic.FormulaOrTerm[] = query.rules === 'all' ? [ALL] : this.groups(query.rules);
      let size = assumed.length;
      for (const f of query.holds ?? []) {
        assumed.push(this.formula(f));
        size += f.kind === 'lit' || f.kind === 'const' ? 1 : f.of.length;
      }
      for (const s of query.sums ?? []) {
        const bits = this.sum(s.terms, s.weights);
        if (s.atMost !== undefined) assumed.push(Logic.lessThanOrEqual(bits, Logic.constantBits(s.atMost)));
        if (s.atLeast !== undefined) assumed.push(Logic.greaterThanOrEqual(bits, Logic.constantBits(s.atLeast)));
        size += s.terms.length;
      }
      this.grown += size + 2;
      const solution = this.solver.solveAssuming(Logic.and(assumed));
      return solution && this.decode(solution);
    });
  }

  /** The same sum object for the same terms (and weights) arrays, so MiniSat gets its adder clauses once. */
  private sum(terms: readonly Nnf[], weights: readonly number[] | undefined): Logic.Bits {
    let byWeights = this.sums.get(terms);
    if (!byWeights) this.sums.set(terms, (byWeights = new Map()));
    let bits = byWeights.get(weights);
    if (!bits) {
      const formulas = terms.map((t) => this.formula(t));
      bits = weights ? Logic.weightedSum(formulas, weights) : Logic.sum(formulas);
      byWeights.set(weights, bits);
    }
    return bits;
  }

  /** Variable → value read through each atom's variable number (cheaper than listing all true variables). */
  private decode(solution: Logic.Solution): Int32Array {
    const assignment = new Int32Array(this.problem.variables.length);
    this.numbers.forEach((nums, v) => {
      if (nums.length === 1) assignment[v] = solution.evaluate(nums[0]!) ? 0 : 1;
      else if (nums.length > 1) assignment[v] = Math.max(0, nums.findIndex((n) => solution.evaluate(n)));
    });
    return assignment;
  }

  /** The group variable for rules lo..hi-1 (a selector itself for one rule, `all` for every rule). */
  private groupName(lo: number, hi: number): Logic.Term {
    if (hi - lo === 1) return this.selectors[lo]!;
    return lo === 0 && hi === this.selectors.length ? ALL : `g${lo}_${hi}`;
  }

  /** The fewest groups covering exactly these rules: each run of consecutive indexes by its segment tree cover. */
  private groups(rules: readonly number[]): Logic.Term[] {
    const sorted = [...rules].sort((a, b) => a - b);
    const out: Logic.Term[] = [];
    const cover = (lo: number, hi: number, from: number, to: number): void => {
      if (to <= lo || hi <= from) return;
      if (from <= lo && hi <= to) {
        out.push(this.groupName(lo, hi));
        return;
      }
      const mid = (lo + hi) >> 1;
      cover(lo, mid, from, to);
      cover(mid, hi, from, to);
    };
    for (let i = 0; i < sorted.length; ) {
      let j = i + 1;
      while (j < sorted.length && sorted[j]! <= sorted[j - 1]! + 1) j++;
      cover(0, this.selectors.length, sorted[i]!, sorted[j - 1]! + 1);
      i = j;
    }
    return out;
  }

  private build(): Logic.Solver {
    this.builds++;
    return Logic.disablingAssertions(() => {
      const solver = new Logic.Solver();
      for (const terms of this.atoms) if (terms.length > 2) solver.require(Logic.exactlyOne(terms));
      const group = (lo: number, hi: number): Logic.Term => {
        if (hi - lo === 1) return this.selectors[lo]!;
        const mid = (lo + hi) >> 1;
        const name = this.groupName(lo, hi);
        solver.require(Logic.or(Logic.not(name), group(lo, mid)), Logic.or(Logic.not(name), group(mid, hi)));
        return name;
      };
      // With one rule the tree is a single leaf: `all` still has to imply it.
      if (this.selectors.length === 1) solver.require(Logic.or(Logic.not(ALL), this.selectors[0]!));
      else if (this.selectors.length > 1) group(0, this.selectors.length);
      this.numbers = this.atoms.map((terms) => (terms.length === 1 ? [] : terms.length === 2 ? [solver.getVarNum(terms[0] as string)] : terms.map((t) => solver.getVarNum(t as string))));
      for (const unit of this.problem.units) {
        const guard = Logic.not(this.selectors[unit.rule]!);
        const f = unit.formula;
        // A clause stays one clause: the guard joins its literals instead of wrapping it.
        solver.require(f.kind === 'or' ? Logic.or(guard, f.of.map((c) => this.formula(c))) : Logic.or(guard, this.formula(f)));
      }
      return solver;
    });
  }
}
