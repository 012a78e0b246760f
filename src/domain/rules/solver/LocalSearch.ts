/**
 * A WalkSAT-style search over the domains: from a valid assignment, impose some values, then
 * repair the units that break by changing other (free) variables, a bounded number of steps.
 * It may fail where a solution exists (then MiniSat is asked), but what it returns is a full
 * assignment every unit holds under, checked exactly: a proof that all its values are allowed.
 *
 * Invariant between calls: `holding[u]` is 1 for every unit, because each call starts from a
 * valid assignment and only units it touched can differ; those are reset before returning.
 */
import type { CompiledProblem } from './compile.js';
import type { Random } from './random.js';
import type { UnitPropagation } from './UnitPropagation.js';

export type SearchResult =
  | { readonly kind: 'found'; readonly assignment: Int32Array }
  /** A unit over frozen variables only is broken: no assignment with these frozen values exists. */
  | { readonly kind: 'impossible' }
  | { readonly kind: 'gave-up' };

const GAVE_UP: SearchResult = { kind: 'gave-up' };
const IMPOSSIBLE: SearchResult = { kind: 'impossible' };
/** Chance of a random repairing move instead of the best one: gets out of local minima. */
const NOISE = 0.2;

export class LocalSearch {
  /** Steps taken over the object's life, for benchmarks. */
  steps = 0;
  private readonly a: Int32Array;
  private readonly holding: Uint8Array;
  private readonly broken: Int32Array;
  private readonly brokenAt: Int32Array;
  private brokenCount = 0;
  /** For counting each unit once per move: `seen[u] === stamp`. */
  private readonly seen: Uint32Array;
  private stamp = 0;
  private moveVariable = 0;
  private moveValue = 0;
  private readonly touched: Int32Array;
  private readonly touchedMark: Uint8Array;
  private touchedCount = 0;

  constructor(
    private readonly problem: CompiledProblem,
    private readonly random: Random,
  ) {
    const n = problem.variables.length;
    const m = problem.units.length;
    this.a = new Int32Array(n);
    this.holding = new Uint8Array(m).fill(1);
    this.broken = new Int32Array(m);
    this.brokenAt = new Int32Array(m).fill(-1);
    this.touched = new Int32Array(m);
    this.touchedMark = new Uint8Array(m);
    this.seen = new Uint32Array(m);
  }

  /**
   * From `base` (a valid assignment), look for a valid one where each variable v with
   * `frozen[v] >= 0` takes that value; other variables may change.
   */
  search(base: Int32Array, frozen: Int32Array, maxSteps: number): SearchResult {
    const { a } = this;
    a.set(base);
    try {
      for (let v = 0; v < frozen.length; v++) {
        const x = frozen[v]!;
        if (x >= 0 && a[v] !== x) this.assign(v, x);
      }
      for (let step = 0; this.brokenCount > 0; step++) {
        if (step >= maxSteps) return GAVE_UP;
        this.steps++;
        if (!this.chooseMove(this.broken[this.random.int(this.brokenCount)]!, frozen)) return IMPOSSIBLE;
        this.assign(this.moveVariable, this.moveValue);
      }
      return { kind: 'found', assignment: a.slice() };
    } finally {
      this.reset();
    }
  }

  /**
   * Like `search`, with unit propagation deciding what is fixed: the caller has loaded `units`
   * (what the choices force) and assumed the target value. Everything it forces is imposed,
   * each repair move is assumed there too, and what that forces in turn is imposed at once;
   * so a whole cascade (a feature, its parents, its mandatory children, its alternatives off)
   * costs one step. 'impossible' means no valid assignment has the values `units` held on
   * entry; a contradiction after a move proves nothing (the move was a guess): the search gives
   * up. The caller retracts `units` afterwards.
   */
  guided(base: Int32Array, units: UnitPropagation, maxSteps: number): SearchResult {
    const { a } = this;
    a.set(base);
    try {
      let applied = this.follow(units, 0);
      for (let step = 0; this.brokenCount > 0; step++) {
        if (step >= maxSteps) return GAVE_UP;
        this.steps++;
        if (!this.chooseMove(this.broken[this.random.int(this.brokenCount)]!, units.forced, units.excluded)) {
          // Before any guess, the forced values are consequences of the choices and the target.
          return step === 0 ? IMPOSSIBLE : GAVE_UP;
        }
        if (!units.assume(this.moveVariable, this.moveValue)) return GAVE_UP;
        applied = this.follow(units, applied);
      }
      return { kind: 'found', assignment: a.slice() };
    } finally {
      this.reset();
    }
  }

  /** Impose the exclusions on the trail from entry `from` on: a forced value, or another value where ours is out. */
  private follow(units: UnitPropagation, from: number): number {
    const { a, problem } = this;
    const end = units.trailLength;
    for (let i = from; i < end; i++) {
      const v = units.variableOf[units.trailAtom(i)]!;
      const forced = units.forced[v]!;
      if (forced >= 0) {
        if (a[v] !== forced) this.assign(v, forced);
        continue;
      }
      const offset = problem.atomOffset[v]!;
      if (units.excluded[offset + a[v]!] === 0) continue;
      let y = 0;
      while (units.excluded[offset + y] === 1) y++;
      this.assign(v, y);
    }
    return end;
  }

  /** Whether `base` (valid) stays valid with v = x: then that assignment proves x allowed. */
  fits(base: Int32Array, v: number, x: number): boolean {
    const { problem } = this;
    const old = base[v]!;
    const offset = problem.atomOffset[v]!;
    base[v] = x;
    try {
      for (const u of problem.unitsOfAtom[offset + old]!) if (!problem.holds(u, base)) return false;
      for (const u of problem.unitsOfAtom[offset + x]!) if (!problem.holds(u, base)) return false;
      return true;
    } finally {
      base[v] = old;
    }
  }

  /**
   * A change of one free variable of unit u, left in `moveVariable`/`moveValue`: the one that
   * repairs it and breaks the fewest others (or, with a little noise, any repairing one); when
   * no single change repairs it, a random change of one of its free variables. False when all
   * its variables are frozen.
   */
  private chooseMove(u: number, frozen: Int32Array, excluded?: Uint8Array): boolean {
    const { a, problem, random } = this;
    const variables = problem.units[u]!.variables;
    const noisy = random.next() < NOISE;
    let free = 0;
    let bestScore = Infinity;
    let ties = 0;
    for (const v of variables) {
      if (frozen[v]! >= 0) continue;
      free++;
      const old = a[v]!;
      const size = problem.values[v]!.length;
      const offset = problem.atomOffset[v]!;
      for (let x = 0; x < size; x++) {
        if (x === old || excluded?.[offset + x] === 1) continue;
        a[v] = x;
        if (!problem.holds(u, a)) continue;
        // Score: units broken after the change minus units broken before (lower is better).
        const score = noisy ? 0 : this.delta(v, old, x);
        if (score < bestScore || (score === bestScore && random.int(++ties) === 0)) {
          if (score < bestScore) ties = 1;
          bestScore = score;
          this.moveVariable = v;
          this.moveValue = x;
        }
      }
      a[v] = old;
    }
    if (free === 0) return false;
    if (bestScore < Infinity) return true;
    // Variables with one value never reach a unit (compilation folds them), so each free one can move.
    let k = random.int(free);
    for (const v of variables) {
      if (frozen[v]! >= 0 || k-- > 0) continue;
      const size = problem.values[v]!.length;
      const offset = problem.atomOffset[v]!;
      // Any other value still possible (without `excluded`, any other value).
      let y = (a[v]! + 1 + random.int(size - 1)) % size;
      for (let tries = 1; tries < size && (y === a[v] || excluded?.[offset + y] === 1); tries++) y = (y + 1) % size;
      if (y === a[v] || excluded?.[offset + y] === 1) return false;
      this.moveVariable = v;
      this.moveValue = y;
      return true;
    }
    return false;
  }

  /** With a[v] already set to x (from old): broken units after minus before, each unit once. */
  private delta(v: number, old: number, x: number): number {
    const { a, problem, holding, seen } = this;
    const stamp = ++this.stamp;
    const offset = problem.atomOffset[v]!;
    let score = 0;
    for (const u of problem.unitsOfAtom[offset + old]!) {
      seen[u] = stamp;
      score += holding[u]! - (problem.holds(u, a) ? 1 : 0);
    }
    for (const u of problem.unitsOfAtom[offset + x]!) {
      if (seen[u] !== stamp) score += holding[u]! - (problem.holds(u, a) ? 1 : 0);
    }
    return score;
  }

  private assign(v: number, x: number): void {
    const { a, problem } = this;
    const offset = problem.atomOffset[v]!;
    const old = a[v]!;
    a[v] = x;
    for (const u of problem.unitsOfAtom[offset + old]!) this.update(u);
    if (old !== x) for (const u of problem.unitsOfAtom[offset + x]!) this.update(u);
  }

  /** Re-evaluate unit u after a change of one of its variables. */
  private update(u: number): void {
    if (this.touchedMark[u] === 0) {
      this.touchedMark[u] = 1;
      this.touched[this.touchedCount++] = u;
    }
    const holds = this.problem.holds(u, this.a);
    if (holds === (this.holding[u] === 1)) return;
    this.holding[u] = holds ? 1 : 0;
    if (holds) this.unbreak(u);
    else {
      this.brokenAt[u] = this.brokenCount;
      this.broken[this.brokenCount++] = u;
    }
  }

  private unbreak(u: number): void {
    const at = this.brokenAt[u]!;
    const last = this.broken[--this.brokenCount]!;
    this.broken[at] = last;
    this.brokenAt[last] = at;
    this.brokenAt[u] = -1;
  }

  private reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const u = this.touched[i]!;
      this.touchedMark[u] = 0;
      this.holding[u] = 1;
      this.brokenAt[u] = -1;
    }
    this.touchedCount = 0;
    this.brokenCount = 0;
  }
}
