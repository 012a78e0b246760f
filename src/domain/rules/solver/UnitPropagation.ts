/**
 * Unit propagation over the units that are clauses (a literal, or an `or` of literals; most
 * rules compile to these), on (variable, value) atoms: a clause with every literal false but
 * one makes that one true; a variable with one value left takes it. Every atom it excludes is
 * excluded in every valid assignment extending what was loaded (sound, not complete). Other
 * units are simply not used.
 *
 * `load` sets the known exclusions and propagates; `assume` tries one more value on top (a
 * "probe": a contradiction proves the value impossible, and otherwise the forced values are a
 * good start for the local search) and `retract` undoes assumptions through the trail.
 */
import type { CompiledProblem, Nnf } from './compile.js';

type Literal = Extract<Nnf, { kind: 'lit' }>;

/** Reasons of exclusions that no clause derived. */
const LOADED = -1;
const ASSUMED = -2;

export class UnitPropagation {
  /** Excluded atoms in the current state (1 = impossible). */
  readonly excluded: Uint8Array;
  /** `forced[v]`: the only value left for v, or -1. */
  readonly forced: Int32Array;
  /** Clause c has literals clauseStart[c] .. clauseStart[c + 1] - 1: atom and sign each. */
  private readonly clauseStart: Int32Array;
  private readonly literalAtom: Int32Array;
  private readonly literalPositive: Uint8Array;
  /** Clauses to look at when an atom is excluded (it appears positive there) or becomes the only value left (negative there). */
  private readonly positiveIn: number[][];
  private readonly negativeIn: number[][];
  private readonly remaining: Int32Array;
  /** Pending events: atom a excluded (a), or atom a left alone (-1 - a). */
  private readonly queue: Int32Array;
  /** Events queue[head..tail) wait, first in first out: breadth first keeps derivations short. */
  private head = 0;
  private tail = 0;
  /** Atoms excluded since `load`, in order. */
  private readonly trail: number[] = [];
  /** The variable of each atom. */
  readonly variableOf: Int32Array;
  /** Why each excluded atom is: the clause that propagated it, LOADED or ASSUMED. */
  private readonly reason: Int32Array;
  private readonly clauseUnit: Int32Array;
  /** The contradiction found last: a clause with every literal false, or a variable with no value left. */
  private conflictClause = -1;
  private conflictVariable = -1;

  constructor(private readonly problem: CompiledProblem) {
    const n = problem.variables.length;
    this.positiveIn = Array.from({ length: problem.atomCount }, () => []);
    this.negativeIn = Array.from({ length: problem.atomCount }, () => []);
    const starts = [0];
    const atoms: number[] = [];
    const signs: number[] = [];
    const units: number[] = [];
    for (const [u, unit] of problem.units.entries()) {
      const f = unit.formula;
      const literals = f.kind === 'lit' ? [f] : f.kind === 'or' && f.of.every((c) => c.kind === 'lit') ? (f.of as Literal[]) : undefined;
      if (!literals) continue;
      const c = starts.length - 1;
      units.push(u);
      for (const l of literals) {
        const atom = problem.atomOffset[l.variable]! + l.value;
        (l.positive ? this.positiveIn : this.negativeIn)[atom]!.push(c);
        atoms.push(atom);
        signs.push(l.positive ? 1 : 0);
      }
      starts.push(atoms.length);
    }
    this.clauseStart = Int32Array.from(starts);
    this.literalAtom = Int32Array.from(atoms);
    this.literalPositive = Uint8Array.from(signs);
    this.clauseUnit = Int32Array.from(units);
    this.reason = new Int32Array(problem.atomCount);
    // Each atom is excluded at most once, and left alone at most once, between two empty queues.
    this.queue = new Int32Array(2 * problem.atomCount + 1);
    this.excluded = new Uint8Array(problem.atomCount);
    this.forced = new Int32Array(n);
    this.remaining = new Int32Array(n);
    this.variableOf = new Int32Array(problem.atomCount);
    problem.values.forEach((vs, v) => vs.forEach((_, x) => (this.variableOf[problem.atomOffset[v]! + x] = v)));
  }

  /** Start from these exclusions (copied) and propagate. False on a contradiction. */
  load(excluded: Uint8Array): boolean {
    const { problem, remaining } = this;
    this.excluded.set(excluded);
    this.reason.fill(LOADED);
    this.trail.length = 0;
    this.conflictClause = -1;
    this.conflictVariable = -1;
    for (let v = 0; v < remaining.length; v++) {
      let left = 0;
      for (let x = 0; x < problem.values[v]!.length; x++) if (excluded[problem.atomOffset[v]! + x] === 0) left++;
      remaining[v] = left;
      this.setForced(v);
      if (left === 0) {
        this.conflictVariable = v;
        return false;
      }
    }
    for (let c = 0; c + 1 < this.clauseStart.length; c++) if (!this.check(c)) return this.fail();
    const ok = this.drain();
    this.trail.length = 0;
    return ok;
  }

  /** Also take v = x and propagate; false on a contradiction. `retract` undoes it either way. */
  assume(v: number, x: number): boolean {
    this.conflictClause = -1;
    this.conflictVariable = v;
    if (this.excluded[this.problem.atomOffset[v]! + x] === 1) return false;
    this.conflictVariable = -1;
    for (let y = 0; y < this.problem.values[v]!.length; y++) if (y !== x && !this.exclude(v, y, ASSUMED)) return this.fail();
    return this.drain();
  }

  /**
   * After `load` or `assume` found a contradiction: the units its derivation used and the
   * loaded or assumed exclusions it started from. Those units and exclusions are inconsistent
   * together (a superset of a minimal conflict, cheap to narrow down).
   */
  core(): { units: number[]; atoms: number[] } {
    const { problem, excluded, reason, variableOf, literalAtom, literalPositive, clauseStart } = this;
    const units = new Set<number>();
    const atoms = new Set<number>();
    const clauseSeen = new Uint8Array(clauseStart.length);
    const atomSeen = new Uint8Array(problem.atomCount);
    const pending: number[] = [];
    const allOf = (v: number, except = -1) => {
      for (let x = 0; x < problem.values[v]!.length; x++) if (problem.atomOffset[v]! + x !== except) pending.push(problem.atomOffset[v]! + x);
    };
    // A clause is false because each positive literal's atom is excluded and each negative
    // literal's variable has every other value excluded.
    const because = (c: number) => {
      if (clauseSeen[c] === 1) return;
      clauseSeen[c] = 1;
      units.add(this.clauseUnit[c]!);
      for (let i = clauseStart[c]!; i < clauseStart[c + 1]!; i++) {
        const atom = literalAtom[i]!;
        if (literalPositive[i] === 1) pending.push(atom);
        else allOf(variableOf[atom]!, atom);
      }
    };
    if (this.conflictClause >= 0) because(this.conflictClause);
    else if (this.conflictVariable >= 0) allOf(this.conflictVariable);
    while (pending.length > 0) {
      const atom = pending.pop()!;
      if (atomSeen[atom] === 1 || excluded[atom] === 0) continue;
      atomSeen[atom] = 1;
      const why = reason[atom]!;
      if (why >= 0) because(why);
      else atoms.add(atom);
    }
    return { units: [...units].sort((a, b) => a - b), atoms: [...atoms].sort((a, b) => a - b) };
  }

  /** How many atoms were excluded since `load`; `trailAtom(i)` is the i-th. */
  get trailLength(): number {
    return this.trail.length;
  }

  trailAtom(i: number): number {
    return this.trail[i]!;
  }

  /** Back to the state when the trail was `to` long (right after `load` by default). */
  retract(to = 0): void {
    const { trail, excluded, remaining, variableOf } = this;
    while (trail.length > to) {
      const atom = trail.pop()!;
      const v = variableOf[atom]!;
      excluded[atom] = 0;
      remaining[v]!++;
      this.setForced(v);
    }
  }

  private setForced(v: number): void {
    const { problem } = this;
    this.forced[v] = -1;
    if (this.remaining[v] !== 1) return;
    for (let x = 0; x < problem.values[v]!.length; x++) if (this.excluded[problem.atomOffset[v]! + x] === 0) this.forced[v] = x;
  }

  private exclude(v: number, x: number, why: number): boolean {
    const atom = this.problem.atomOffset[v]! + x;
    if (this.excluded[atom] === 1) return true;
    this.excluded[atom] = 1;
    this.reason[atom] = why;
    this.trail.push(atom);
    const left = --this.remaining[v]!;
    if (left === 0) {
      this.conflictVariable = v;
      return false;
    }
    this.queue[this.tail++] = atom;
    if (left === 1) {
      this.setForced(v);
      this.queue[this.tail++] = -1 - (this.problem.atomOffset[v]! + this.forced[v]!);
    }
    return true;
  }

  /** Whether clause c still holds: it may become unit (and propagate) or empty (false). */
  private check(c: number): boolean {
    const { excluded, remaining, variableOf, literalAtom, literalPositive } = this;
    let open = -1;
    let count = 0;
    for (let i = this.clauseStart[c]!, end = this.clauseStart[c + 1]!; i < end; i++) {
      const atom = literalAtom[i]!;
      const out = excluded[atom] === 1;
      const only = !out && remaining[variableOf[atom]!] === 1;
      // A positive literal is true when its value is the only one left, false when excluded.
      const value = literalPositive[i] === 1 ? (out ? 0 : only ? 1 : -1) : out ? 1 : only ? 0 : -1;
      if (value === 1) return true;
      if (value === -1) {
        open = i;
        if (++count > 1) return true;
      }
    }
    if (open < 0) {
      this.conflictClause = c;
      return false;
    }
    const atom = literalAtom[open]!;
    const v = variableOf[atom]!;
    const x = atom - this.problem.atomOffset[v]!;
    if (literalPositive[open] === 0) return this.exclude(v, x, c);
    const size = this.problem.values[v]!.length;
    for (let y = 0; y < size; y++) if (y !== x && !this.exclude(v, y, c)) return false;
    return true;
  }

  private drain(): boolean {
    const { queue } = this;
    while (this.head < this.tail) {
      const event = queue[this.head++]!;
      const watch = event >= 0 ? this.positiveIn[event]! : this.negativeIn[-1 - event]!;
      for (const c of watch) if (!this.check(c)) return this.fail();
    }
    this.head = 0;
    this.tail = 0;
    return true;
  }

  private fail(): false {
    this.head = 0;
    this.tail = 0;
    return false;
  }
}
